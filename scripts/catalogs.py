"""Make the catalogs again after words change (docs/languages.md).

    python scripts/catalogs.py            # extract, update each .po, compile
    python scripts/catalogs.py --check    # fail if a catalog is behind

1. Babel extracts every sentence of iepjournal's Python (`said`, `said_n`,
   `N_`, `_t`, `language._`) and templates (`{% trans %}`, `_()`) into
   iepjournal/locale/iepjournal.pot, and adds the command line's help (each
   command's and option's, which Click keeps, not Babel).
2. Each language's iepjournal/locale/<code>/LC_MESSAGES/iepjournal.po is
   updated from it: new sentences come in untranslated, gone ones leave.
3. Each .po is compiled to the .mo beside it, which the wheel ships.

It says how many sentences each language still lacks; the tests fail while
any does.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent.parent
LOCALE = HERE / "iepjournal" / "locale"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "said": None,
    "said_n": (1, 2),
    "n_": (1, 2),
    "_t": None,
}
METHODS = [
    ("iepjournal/**.py", "python"),
    ("templates/report/**", "jinja2"),
    ("templates/site/**", "jinja2"),
    ("templates/letters/**", "jinja2"),
]
OPTIONS = {
    pattern: {"trimmed": "true"} for pattern, kind in METHODS if kind == "jinja2"
}


def template() -> Catalog:
    """Every sentence a family may read, in English."""
    made = Catalog(project="iepjournal", domain="iepjournal", fuzzy=False)
    for _, _, message, context in _sentences():
        made.add(message, context=context)
    for text in help_texts():
        made.add(text)
    return made


def _sentences():  # type: ignore[no-untyped-def]
    for found in extract_from_dir(
        str(HERE),
        METHODS,
        options_map=OPTIONS,
        keywords=KEYWORDS,
        comment_tags=(),
        strip_comment_tags=True,
    ):
        filename, line, message, _comments, context = found
        if isinstance(message, tuple):
            message = tuple(m for m in message if m)
            if len(message) == 1:
                message = message[0]
        if message:
            yield filename, line, message, context


def help_texts() -> list[str]:
    """The command line's help: each command's and each option's."""
    sys.path.insert(0, str(HERE))
    from iepjournal.cli import main

    texts = [main.help or ""]
    for command in main.commands.values():
        texts += [command.help or "", command.short_help or ""]
        texts += [getattr(param, "help", None) or "" for param in command.params]
    return [text for text in dict.fromkeys(texts) if text]


def update(check: bool) -> int:
    made = template()
    buffer = io.BytesIO()
    write_po(buffer, made, omit_header=False, sort_output=True, width=0)
    pot = LOCALE / "iepjournal.pot"
    behind = 0
    if not check:
        pot.write_bytes(buffer.getvalue())
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/iepjournal.po")):
        code = po.parent.parent.name
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        catalog.update(made, no_fuzzy_matching=True)
        lacking = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        gone = list(catalog.obsolete)
        catalog.obsolete.clear()
        print(f"{code}: {len(catalog) - 1} sentences, {len(lacking)} untranslated"
              f", {len(gone)} gone")  # fmt: skip
        for missing in lacking[:50]:
            print(f"  untranslated: {missing!r}")
        behind += len(lacking)
        if check:
            continue
        with po.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, width=0)
        with (po.with_suffix(".mo")).open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
    return 1 if behind else 0


if __name__ == "__main__":
    sys.exit(update("--check" in sys.argv[1:]))
