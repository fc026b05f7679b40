"""Everything a family reads, in Spanish (issue 17): the catalog covers
every sentence, and the sample journal's report, site, letters, check,
calendar and demo come out with no English sentence left.

"No English left" is tested two ways: the language records each sentence
it was asked for and did not have (`Language.missing`, which must stay
empty), and no piece of an English sentence of the catalog (its words
between the places for values) may appear in the Spanish output, unless
the journal itself wrote those words (a family's own words are never
translated)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import html
import io
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import IEP, found
from test_services import SETTINGS

from iepjournal import bundled
from iepjournal.capture import letter_kinds
from iepjournal.cli import main
from iepjournal.journal.loading import load
from iepjournal.model import language as languages
from iepjournal.model.language import LOCALE_FOLDER, language

HERE = Path(__file__).resolve().parent.parent
PO = LOCALE_FOLDER / "es" / "LC_MESSAGES" / "iepjournal.po"
PLACES = re.compile(r"%\(\w+\)s|\{\w+(?::\w+)?\}")
AS_OF = "2026-04-30"


def _catalog():
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        return read_po(handle, locale="es")


def _template():
    sys.path.insert(0, str(HERE / "scripts"))
    try:
        import catalogs
    finally:
        sys.path.pop(0)
    return catalogs.template()


def test_every_sentence_the_code_and_templates_say_is_translated():
    """The catalog's template is made from the code and templates now
    (Babel's extraction, and Click's help): each of its sentences has a
    Spanish translation that is not marked fuzzy, with the same places for
    values."""
    spanish = _catalog()
    lacking, places = [], []
    said = io.StringIO()
    with contextlib.redirect_stderr(said):  # Babel says what it had to skip
        template = _template()
    assert "Skipping f-string" not in said.getvalue(), said.getvalue()
    for message in template:
        if not message.id:
            continue
        have = spanish.get(message.id, context=message.context)
        if have is None or not all(have.string) or have.fuzzy:
            lacking.append(message.id)
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        said = have.string if isinstance(have.string, tuple) else (have.string,)
        wanted = sorted(set(PLACES.findall(english[-1])))
        for form in said:
            if sorted(set(PLACES.findall(form))) != wanted:
                places.append((english[-1], form))
    assert lacking == [], f"untranslated: {lacking[:10]} (run scripts/catalogs.py)"
    assert places == []


def test_the_compiled_catalog_is_the_po_file():
    """The .mo shipped is compiled from the .po as it is now."""
    spanish = _catalog()
    with (PO.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in spanish:
        if not message.id or isinstance(message.id, tuple):
            continue
        if message.context:
            assert compiled.pgettext(message.context, message.id) == message.string
        else:
            assert compiled.gettext(message.id) == message.string, message.id


def test_spanish_plurals_dates_and_numbers_are_babels():
    spanish = language("es")
    assert spanish.date(dt.date(2026, 9, 30)) == "30 de septiembre de 2026"
    assert spanish.number(1.5) == "1,5"
    assert spanish.n_("{count} file", "{count} files", 1) == "1 archivo"
    assert spanish.n_("{count} file", "{count} files", 3) == "3 archivos"
    assert languages.day_first("es") and not languages.day_first("en")


def _sentences() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each sentence of the Spanish catalog: its English forms and its
    Spanish ones (one each, or a plural's)."""
    found = []
    for message in _catalog():
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            said = message.string
            found.append((ids, said if isinstance(said, tuple) else (said,)))
    return found


def _english_pieces() -> list[str]:
    """The English words of each sentence, between its places for values:
    pieces of three words or more (shorter ones, like "no data", may be a
    family's own words anywhere)."""
    pieces = set()
    for ids, strings in _sentences():
        for english in ids:
            text = re.sub(r"<[^>]+>|&\w+;|\*\*|`", " ", english)
            for piece in PLACES.split(text):
                piece = " ".join(piece.split()).strip(" .,:;()")
                if len(piece.split()) >= 3 and not any(piece in s for s in strings):
                    pieces.add(piece)
    return sorted(pieces)


def _plain(text: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


@pytest.fixture(scope="module")
def spanish_outputs(tmp_path_factory) -> dict[str, str]:
    """Every output of the sample journal in Spanish, by name."""
    root = str(bundled.sample_journal())
    runner = CliRunner()
    made: dict[str, str] = {}

    def run(name: str, *args: str) -> None:
        result = runner.invoke(main, list(args))
        assert result.exit_code in (0, 1), (name, result.output)
        made[name] = result.output

    run("demo", "demo", "--language", "es")
    for form in ("text", "markdown", "json"):
        run(f"report-{form}", "report", root, "--as-of", AS_OF, "--format", form,
            "--language", "es")  # fmt: skip
    run("check", "check", root, "--language", "es")
    out = tmp_path_factory.mktemp("sitio")
    run("build", "build", root, "--as-of", AS_OF, "--out", str(out / "site"),
        "--language", "es")  # fmt: skip
    for page in ("index.html", "report.html"):
        made[page] = (out / "site" / page).read_text(encoding="utf-8")
    for kind in letter_kinds.KINDS:
        run(f"letter-{kind}", "letter", kind, "--journal", root, "--date", AS_OF,
            "--print", "--language", "es")  # fmt: skip
    ics = out / "plazos.ics"
    run("calendar", "calendar", "--journal", root, "--as-of", AS_OF, "--out",
        str(ics), "--language", "es")  # fmt: skip
    made["ics"] = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    for command in ("report", "build", "letter", "check", "demo", "init"):
        run(f"help-{command}", command, "--help", "--language", "es")
    return made


def test_nothing_the_spanish_outputs_asked_for_is_missing(spanish_outputs):
    assert language("es").missing == set()


def test_no_english_sentence_is_left_in_the_spanish_outputs(spanish_outputs):
    journal_words = " ".join(
        " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        for path in bundled.sample_journal().rglob("*")
        if path.is_file() and path.suffix in (".md", ".toml")
    )
    left = []
    for name, output in spanish_outputs.items():
        text = _plain(output) if name.endswith(".html") else " ".join(output.split())
        if name.startswith("help-"):  # Click's own words ("Show this message")
            text = text.replace("Show this message and exit.", "")
        for piece in _english_pieces():
            if piece in text and piece not in journal_words:
                left.append((name, piece))
    assert left == []


def test_the_spanish_outputs_say_it_in_spanish(spanish_outputs):
    out = spanish_outputs
    assert "Informe de brechas de Maya, al 30 de abril de 2026" in out["demo"]
    assert "RAZONES PARA SOLICITAR UNA REUNIÓN DEL PEI" in out["report-text"]
    assert "## Razones para solicitar una reunión del PEI" in out["report-markdown"]
    assert "servicios compensatorios" in " ".join(out["report-text"].split())
    data = json.loads(out["report-json"])
    assert data["findings"][0]["kind"] == "services-missed-repeatedly"  # codes stay
    assert data["findings"][0]["message"].startswith("La escuela no prestó")
    assert "No se encontraron problemas en 137 archivos." in out["check"]
    assert '<html lang="es">' in out["report.html"]
    assert "Aviso Previo por Escrito" in out["letter-meeting-request"]
    assert "intérprete de español" in out["letter-meeting-request"]
    assert "Por favor, escríbame en español" in out["letter-meeting-request"]
    assert "SUMMARY:Vence la revisión anual del PEI de Maya" in out["ics"]
    assert "El informe de brechas" in out["help-report"]
    # the print footer's words, in the page's own style
    assert "\\70 \\e1 gina " in out["report.html"] or "p\\e1 gina" in out["report.html"]


def test_an_english_letter_from_a_spanish_journal_asks_for_an_interpreter(
    make_journal,
):
    root = make_journal({"iepjournal.toml": 'language = "es"\n' + SETTINGS,
                         "iep/2026-05-20.md": IEP})  # fmt: skip
    result = CliRunner().invoke(main, ["letter", "meeting-request", "--journal",
                                       str(root), "--date", "2026-10-01", "--print",
                                       "--language", "en"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Please provide an interpreter for Spanish at the meeting" in result.output
    assert "Please write to me in" not in result.output  # the letter is English
    refused = CliRunner().invoke(main, ["letter", "meeting-request", "--journal",
                                        str(root), "--date", "2026-10-01", "--print",
                                        "--language", "en", "--no-interpreter"])  # fmt: skip
    assert "interpreter" not in refused.output


def test_the_language_setting_is_used_and_the_option_wins(make_journal):
    root = make_journal({"iepjournal.toml": 'language = "es"\n' + SETTINGS,
                         "iep/2026-05-20.md": IEP})  # fmt: skip
    runner = CliRunner()
    spanish = runner.invoke(main, ["report", str(root), "--as-of", "2026-10-01"])
    assert "Informe de brechas de Maya" in spanish.output
    english = runner.invoke(main, ["report", str(root), "--as-of", "2026-10-01",
                                   "--language", "en"])  # fmt: skip
    assert "Gap report for Maya" in english.output


def test_check_says_problems_in_spanish_with_their_codes(make_journal):
    root = make_journal({"iepjournal.toml": 'language = "es"\n' + SETTINGS,
                         "iep/2026-05-20.md": IEP,
                         "notas/2026-09-14.md": "---\nsessions:\n  speech: helt\n---\n"})  # fmt: skip
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "error:" in result.output and "[unknown-status]" in result.output
    assert "estado de la sesión que este diario conozca" in result.output
    assert "sugerencia:" in result.output and "hint:" not in result.output
    assert "en 2 archivos." in result.output
    as_json = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    problems = json.loads(as_json.output)
    assert {p["severity"] for p in problems} <= {"error", "warning"}
    assert all(p["message"] and "This " not in p["message"] for p in problems)


def test_a_spanish_journal_reads_slashed_dates_day_first(make_journal):
    root = make_journal({
        "iepjournal.toml": 'language = "es"\n' + SETTINGS,
        "iep/2026-05-20.md": IEP,
        "notas/a.md": "---\ndate: 30/9/2026\nsessions:\n  speech: realizada\n---\n",
        "notas/b.md": "---\ndate: 3/9/2026\nsessions:\n  speech: realizada\n---\n",
    })  # fmt: skip
    loaded = load(root, use_cache=False)
    days = {x.path: x.date for x in loaded.entries if x.type == "note"}
    assert days == {"notas/a.md": dt.date(2026, 9, 30),
                    "notas/b.md": dt.date(2026, 9, 3)}  # fmt: skip
    # 3/9/2026 is also a real US date (March 9): said, where it matters
    assert found(loaded) == [("notas/b.md", 2, "date-either-way")]


def test_an_english_journal_still_reads_slashed_dates_month_first(make_journal):
    root = make_journal({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": IEP,
        "notes/a.md": "---\ndate: 9/3/2026\nsessions:\n  speech: held\n---\n",
    })  # fmt: skip
    loaded = load(root, use_cache=False)
    assert [x.date for x in loaded.entries if x.type == "note"] == [dt.date(2026, 9, 3)]
    assert found(loaded) == []


def test_help_is_in_spanish_when_asked_and_english_again_after():
    runner = CliRunner()
    spanish = runner.invoke(main, ["check", "--help", "--language", "es"])
    assert "Comprueba que se pueda leer cada archivo del diario." in spanish.output
    english = runner.invoke(main, ["check", "--help"], env={"LANG": "C"})
    assert "Check that every file of the journal can be read." in english.output


def _glossary() -> list[tuple[str, str]]:
    """(English, Spanish) of each row of docs/glosario.md's first table."""
    text = (HERE / "docs" / "glosario.md").read_text(encoding="utf-8")
    table = text.split("| English | Español |", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in table.splitlines()[2:]:
        english, spanish = [cell.strip() for cell in line.strip("|").split("|")][:2]
        if "/" not in english:  # not the statuses' row (a verb varies)
            rows.append((english.split(" (")[0], spanish.split(" (")[0]))
    return rows


def _words(text: str) -> str:
    """Lower case, places for values and paths left out, each word without
    a plural s, so "informes de progreso" has "informe de progreso"."""
    text = re.sub(r"`[^`]*`", " ", PLACES.sub(" ", text.lower()))  # code: as typed
    text = re.sub(r"\S*[/.]\S+|[^\w()]+", " ", text)
    return " ".join(word.rstrip("s") for word in text.split())


def test_the_glossary_is_used_everywhere():
    rows = _glossary()
    assert ("Prior Written Notice", "Aviso Previo por Escrito") in rows
    astray = []
    for ids, strings in _sentences():
        for english, spanish in rows:
            if english == "IEP":
                used = any(re.search(r"\bIEPs?\b", PLACES.sub("", x)) for x in ids)
            else:
                used = any(_words(english) in _words(x) for x in ids)
            if used and not all(_words(spanish) in _words(s) for s in strings):
                astray.append((english, ids[0]))
    assert astray == []


def test_every_type_mood_and_language_has_its_words():
    """The tables the pages name types and moods from cover every one, and
    docs/languages.md names each language iepjournal speaks."""
    from iepjournal.model import entries as e

    assert set(e.TYPE_NAMES) == set(e.TYPES)
    assert set(e.MOOD_NAMES) == set(e.MOODS)
    spanish = language("es")
    for words in (*e.TYPE_NAMES.values(), *e.MOOD_NAMES.values()):
        assert spanish.gettext(words) != words or words in ("ok", "individual")
    docs = (HERE / "docs" / "languages.md").read_text(encoding="utf-8")
    for code in languages.LANGUAGES:
        assert f"`{code}`" in docs or f" {code} (" in docs, code


def test_a_broken_spanish_journal_is_told_what_is_wrong_in_spanish(make_journal):
    """A misspelled Spanish status is pointed to the Spanish word; a file
    read from its name says its type in Spanish; a letter to an IEP with no
    case manager greets the role, not "el administrador"."""
    root = make_journal({
        "iepjournal.toml": 'language = "es"\n' + SETTINGS,
        "iep/2026-05-20.md": IEP,
        "notas/2026-09-16.md": "---\nsessions:\n  speech: realisada\n"
        "mood: dificl\n---\n",
        "notas/2026-09-18.md": "sin encabezado\n",
    })  # fmt: skip
    result = CliRunner().invoke(main, ["check", str(root)])
    assert "¿Quiso decir `realizada`?" in result.output
    assert "¿Quiso decir `dificil`?" in result.output
    assert "se leyó como nota con fecha 2026-09-18" in result.output
    letter = CliRunner().invoke(main, ["letter", "missed-services", "--journal",
                                       str(root), "--date", "2026-10-01", "--print"])  # fmt: skip
    assert "Estimado/a administrador(a) de caso:" in letter.output


def test_an_interpreter_asked_for_from_an_english_journal_names_no_language():
    root = str(bundled.sample_journal())
    result = CliRunner().invoke(main, ["letter", "meeting-request", "--journal", root,
                                       "--date", AS_OF, "--print", "--interpreter"])  # fmt: skip
    assert "Please provide an interpreter at the meeting, at no cost" in result.output
    assert "interpreter for English" not in result.output
