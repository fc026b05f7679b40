"""The Jinja2 environment every rendering shares: a journal's own
`templates/` folder first, then the templates shipped with iepjournal, so a
family can override any template by name.

Templates compiled in this process are kept in memory (never on disk) for
the next environment, as Jinja2's bytecode cache: `watch` builds again and
again without compiling the site's templates each time (70 ms). Jinja2
checks each kept template against a digest of its source, so a changed
template is always compiled again."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from iepjournal import bundled
from iepjournal.model.language import ENGLISH, Language, Said


def environment(
    root: Path | None,
    *,
    html: bool,
    language: Language = ENGLISH,
    **options: object,
) -> jinja2.Environment:
    """Templates for the journal at `root` (None: only the shipped ones);
    `html` turns on escaping, which plain text and Markdown must not have.

    Every template speaks `language`: Jinja2's i18n extension looks its
    words up in the language's catalog (`{% trans %}`, `_()`), and the
    filters `long`, `short`, `month`, `num` and `say` format dates, numbers
    and sentences (Said) by the language's own rules. A Said printed as it
    is (`{{ finding.message }}`) is said in the language too."""
    theirs = options.pop("finalize", None)

    def finalize(value: object) -> object:
        if isinstance(value, Said) or hasattr(type(value), "shown_in"):
            value = language.say(value)
        return theirs(value) if callable(theirs) else value

    own = root / "templates" if root else None
    # A journal's own templates are looked for only if it has the folder now:
    # one made after this is not used by this environment (never unsandboxed).
    sandboxed = own is not None and own.is_dir()
    folders = [str(own)] if own is not None and sandboxed else []
    folders.append(str(bundled.templates_folder()))
    settings: dict[str, Any] = {
        "trim_blocks": True,
        "lstrip_blocks": True,
        "undefined": jinja2.StrictUndefined,
        "auto_reload": False,  # one run, one read of each template
        "extensions": ["jinja2.ext.i18n"],
    } | options
    # The sandbox: a journal's templates come from a synced folder anyone
    # with access to it can write; they may show what they are given, never
    # reach Python's internals, run code or change a value. iepjournal's own
    # templates alone are trusted, and render without its cost (a third of
    # a large timeline's rendering).
    kind = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    made = kind(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=html,
        # Compiled code depends on the options too: one store per set of them.
        bytecode_cache=_COMPILED.setdefault(
            repr((kind.__name__, html, sorted(settings.items()))), _InMemory()
        ),
        finalize=finalize,
        **settings,
    )
    speaks(made, language)
    return made


def speaks(made: jinja2.Environment, language: Language) -> None:
    """Gives an environment the language's words and formats."""
    made.policies["ext.i18n.trimmed"] = True  # one msgid however it is wrapped
    made.install_gettext_callables(  # type: ignore[attr-defined]
        language.gettext, language.ngettext, newstyle=True, pgettext=language.pgettext
    )
    made.filters["say"] = language.say
    made.filters["long"] = functools.partial(language.date, style="long")
    made.filters["short"] = functools.partial(language.date, style="short")
    made.filters["medium"] = functools.partial(language.date, style="medium")
    made.filters["month"] = functools.partial(language.date, style="month")
    made.filters["weekday"] = functools.partial(language.date, style="weekday")
    made.filters["num"] = language.number
    made.globals["language"] = language.code


class _InMemory(jinja2.BytecodeCache):
    """Compiled templates by Jinja2's key (the template's name and file);
    each is checked against its source's digest when it is used."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.kept.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


_COMPILED: dict[str, _InMemory] = {}
