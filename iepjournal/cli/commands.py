"""The `iepjournal` command: parse arguments, call the library, print, exit."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import NoReturn

import click

from iepjournal import __version__, bundled
from iepjournal.capture import letter_kinds
from iepjournal.journal.loading import find_root, load
from iepjournal.model import entries as e
from iepjournal.model import problems as p
from iepjournal.model.dates import DATE_FORMS, DateError, parse_date
from iepjournal.model.journal import Journal
from iepjournal.model.language import (
    ENGLISH,
    LANGUAGES,
    Language,
    day_first,
    language,
)

EXIT_CANNOT_RUN = 2

# The language this command speaks (chosen by --language, else the
# journal's `language` setting, else English); _t says a sentence in it.
_speaking: Language = ENGLISH


def _t(msgid: str, /, **values: object) -> str:
    """One of the command line's own sentences, in the language it speaks
    (`msgid` is English with {name} places; Babel finds these calls)."""
    return _speaking._(msgid, **values)


def _speak(code: str | None) -> Language:
    """Speak this language (English for None) from now on."""
    global _speaking
    _speaking = language(code)
    return _speaking


def _speak_for(chosen: str | None, journal: str | None) -> Language:
    """Speak the language chosen with --language, else the one the
    journal's settings name (the journal found as _root finds it), else
    English. Said before the journal is read, so that a wrong date option
    or a missing folder is said in it too."""
    if chosen:
        return _speak(chosen)
    folder = Path(journal) if journal else find_root(Path.cwd())
    if folder is None:
        return _speak(None)
    try:
        text = (folder / "iepjournal.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return _speak(None)
    from iepjournal.journal import settings_file

    return _speak(settings_file.read(text)[0].language)


LANGUAGE_HELP = (
    "The language to write in: en (English) or es (Spanish / español). "
    "Default: the journal's `language` setting, else English."
)


def _language_option(helped: str = LANGUAGE_HELP):  # type: ignore[no-untyped-def]
    return click.option(
        "--language",
        "chosen",
        type=click.Choice(sorted(LANGUAGES)),
        default=None,
        help=helped,
    )


def _today() -> dt.date:
    return dt.date.today()


def _fail(message: str, hint: str = "") -> NoReturn:
    click.echo(f"iepjournal: {_speaking.say(message)}", err=True)
    if hint:
        click.echo(f"    {_t('hint:')} {_speaking.say(hint)}", err=True)
    sys.exit(EXIT_CANNOT_RUN)


def _root(journal: str | None) -> Path:
    if journal is not None:
        folder = Path(journal)
        if not folder.is_dir():
            _fail(
                _t("there is no folder at {folder}.", folder=journal),
                _t("Give the path of your journal folder."),
            )
        return folder
    found = find_root(Path.cwd())
    if found is None:
        _fail(
            _t("no journal here: this folder and the ones above it have no "
               "iepjournal.toml."),
            _t("Run this inside your journal folder, give its path "
               "(iepjournal check ~/maya-journal), or start one with "
               "iepjournal init."),
        )  # fmt: skip
    return found


def _shown(root: Path) -> str:
    """How to show the journal's folder so that paths can be opened from
    here: relative when here is inside the journal or the journal inside
    here, else absolute."""
    absolute, here = root.resolve(), Path.cwd().resolve()
    if not here.is_relative_to(absolute) and not absolute.is_relative_to(here):
        return f"{absolute.as_posix()}/"
    relative = Path(os.path.relpath(absolute, here)).as_posix()
    return "" if relative == "." else f"{relative}/"


def _day_option(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    # a date typed on the command line reads as the journal's dates do
    parsed = parse_date(text, day_first=day_first(_speaking.code))
    if isinstance(parsed, DateError):
        _fail(f"{name} {_speaking.say(parsed.message)}", parsed.hint)
    return parsed[0]


def _date_option(text: str | None) -> dt.date:
    """`--date`, default today."""
    return _day_option(text, "--date") or _today()


# In the order a family meets them, not alphabetical.
COMMAND_ORDER = ("demo", "init", "new", "log", "check", "report", "build", "letter",
                 "import", "calendar", "watch", "frequency")  # fmt: skip


class _Group(click.Group):
    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: object,
    ) -> click.Context:
        """Before Click reads the command line: when help is asked for, the
        help is said in the language asked for (see _help_language)."""
        if "--help" in args or not args:
            _say_help_in(language(_help_language(args)))
        return super().make_context(info_name, args, parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        known = [name for name in COMMAND_ORDER if name in self.commands]
        return known + [name for name in self.commands if name not in known]

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `iepjournal report | head`: the reader left
            sys.stderr.close()
            sys.exit(0)
        except OSError as error:  # a read-only journal, a full disk
            _fail(*_os_trouble(error))
        except Exception as error:  # a template a family changed, and broke
            if not _is_template_error(error):
                raise
            _fail(
                _template_trouble(error),
                _t("Fix that template, or move it out of the journal's templates "
                   "folder to use the one iepjournal comes with."),
            )  # fmt: skip


def _help_language(words: list[str]) -> str | None:
    """The language help is asked in: `--language es` on the command line,
    else the IEPJOURNAL_LANGUAGE environment variable, else the computer's
    own language (LANG), when iepjournal speaks it."""
    for number, word in enumerate(words):
        if word == "--language" and number + 1 < len(words):
            return words[number + 1]
        if word.startswith("--language="):
            return word.split("=", 1)[1]
    for name in ("IEPJOURNAL_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(name, "")[:2].lower()
        if code:
            return code if code in LANGUAGES else None
    return None


_ENGLISH_HELP: dict[object, str] = {}


def _say_help_in(speaking: Language) -> None:
    """Each command's and option's help in `speaking` (from the English
    kept the first time, so one process may show either)."""
    helped: list[object] = [main]
    for command in main.commands.values():
        helped.append(command)
        helped += command.params
    for item in helped:
        english = _ENGLISH_HELP.setdefault(item, getattr(item, "help", None) or "")
        if english:
            item.help = speaking.gettext(english)  # type: ignore[attr-defined]


def _os_trouble(error: OSError) -> tuple[str, str]:
    """What to say when the computer refused to read or write a file (the
    file system's own words, with the file), and the hint. Each file a
    command writes appears whole or not at all (write_new, atomic_write),
    so none is left half-written."""
    why = error.strerror or str(error)
    return (
        _t("could not write or read {file}: {why}. No file was left half-written.",
           file=error.filename, why=why)
        if error.filename
        else _t("could not write or read: {why}. No file was left half-written.",
                why=why),
        _t("Check that the journal's folder can be written to (not read-only, "
           "not full) and try again."),
    )  # fmt: skip


def _is_template_error(error: BaseException) -> bool:
    """Whether Jinja2 raised this about a template. Jinja2 is not imported to
    ask: `check` and `frequency` never load it (50 ms), and an error of its
    can only come from a command that did."""
    jinja2 = sys.modules.get("jinja2")
    return jinja2 is not None and isinstance(error, jinja2.TemplateError)


def _template_trouble(error: Exception) -> str:
    """Which template, at which line, went wrong, in plain words."""
    where = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    trace = error.__traceback__
    while trace is not None:  # Jinja puts template lines in the traceback
        name = trace.tb_frame.f_code.co_filename
        if "templates" in Path(name).parts:
            where, line = name, trace.tb_lineno
        trace = trace.tb_next
    message = getattr(error, "message", None) or str(error)
    if where and line:
        return _t("the template {file}, line {line} could not be used: {why}.",
                  file=where, line=str(line), why=message)  # fmt: skip
    return _t("the template {file} could not be used: {why}.",
              file=where or _t("a template"), why=message)  # fmt: skip


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="iepjournal")
def main() -> None:
    """Keep a dated record of your child's IEP and turn it into evidence.

    Start with `iepjournal demo` to see the bundled sample journal, or
    `iepjournal init` to start your own.
    """


def run() -> None:
    """The `iepjournal` program (the console script's entry, and
    `python -m iepjournal`'s)."""
    main()


@main.command()
@click.argument("journal", required=False)
@click.option(
    "--format",
    "form",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people, json for scripts.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option("--verbose", "-v", is_flag=True, help="Say how the journal was read.")
@_language_option()
def check(
    journal: str | None, form: str, strict: bool, verbose: bool, chosen: str | None
) -> None:
    """Check that every file of the journal can be read.

    Exit status: 0 when there are no errors (warnings are fine), 1 when there
    are errors (or warnings, with --strict), 2 when the check cannot run.
    """
    from iepjournal.journal import checks

    speaking = _speak_for(chosen, journal)
    root = _root(journal)
    started = time.perf_counter()
    loaded = load(root)
    # What depends on today is checked here, where today is asked for.
    loaded.problems = sorted(
        loaded.problems + list(checks.dated_later(loaded, _today())),
        key=p.Problem.sort_key,
    )
    shown = _shown(root)
    if form == "json":
        import json  # only this command needs it

        click.echo(
            json.dumps(
                [p.as_json(x, shown + x.path, speaking) for x in loaded.problems],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for problem in loaded.problems:
            click.echo(p.as_text(problem, shown + problem.path, speaking))
        click.echo(speaking.say(p.summary(loaded.problems, loaded.files)))
    if verbose:
        from iepjournal.journal.yamlreading import USING_LIBYAML

        loader = _t("libyaml (fast)") if USING_LIBYAML else _t("pure Python (slow)")
        click.echo(
            _t("Read {count} files from {folder} in {seconds:2} s; front matter "
               "read with {reader}.", count=loaded.files, folder=str(root.resolve()),
               seconds=time.perf_counter() - started, reader=loader),
            err=True,
        )  # fmt: skip
    errors, warnings = p.count(loaded.problems)
    sys.exit(1 if errors or (strict and warnings) else 0)


@main.command()
@click.argument("folder", required=False, default=".")
@click.option("--student", default="", help="Your child's first name.")
@click.option("--parent", default="", help="Your name, to sign letters with.")
@_language_option(
    "The language of the journal: its starter files, their comments and its "
    "`language` setting. en (English, the default) or es (Spanish / español)."
)
def init(folder: str, student: str, parent: str, chosen: str | None) -> None:
    """Start a journal in FOLDER (default: here). Nothing existing is changed.
    At a terminal, it asks your child's first name and yours (Enter skips)."""
    from iepjournal.capture import (
        new_entries as capture,  # jinja2 loads slowly; `check` needs none
    )

    code = _speak(chosen or "en").code
    target = Path(folder)
    if target.exists() and not target.is_dir():
        _fail(_t("{folder} is a file, not a folder.", folder=folder))
    if (target / "iepjournal.toml").exists():
        _fail(
            _t("there is already a journal in {folder} (it has an iepjournal.toml).",
               folder=folder),
            _t("Nothing was changed. Use `iepjournal new note` to add an entry."),
        )  # fmt: skip
    if sys.stdin.isatty() and not student:
        student = click.prompt(
            _t("Your child's first name (Enter to skip)"),
            default="",
            show_default=False,
        ).strip()
    if sys.stdin.isatty() and not parent:
        parent = click.prompt(
            _t("Your name, to sign letters with (Enter to skip)"),
            default="",
            show_default=False,
        ).strip()
    written = capture.init_journal(target, _today(), student, parent, code)
    click.echo(_t("Started a journal in {folder}:", folder=str(target.resolve())))
    for relative in written:
        click.echo(f"  {relative}")
    click.echo(
        "\n"
        + _t("Try this tonight: find your child's IEP, look at one service, and "
             "copy its frequency and duration into {file}.",
             file=str(target / "iep" / "my-iep.md"))
        + "\n"
        + _t("Then run: iepjournal check {folder}", folder=folder)
    )  # fmt: skip


def _editor() -> str:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""


def _edited(text: str) -> str | None:
    """The new entry as the family saved it in their editor, or None when
    they closed it without saving. Click's editing waits for the editor
    (GUI editors are given their wait flag) and checks the file was saved."""
    from iepjournal.capture import new_entries as capture

    try:
        return click.edit(
            text,
            editor=capture.waiting_editor(_editor()),
            require_save=True,
            extension=".md",
        )
    except click.ClickException as error:
        click.echo(_t("The editor stopped with an error ({why}).", why=error.message))
        return None


@main.command()
@click.argument("kind", metavar="TYPE", type=click.Choice(e.TYPES))
@click.option("--date", "day", help=f"The entry's date ({DATE_FORMS}); default today.")
@click.option("--title", default="", help="A title, used in the file name too.")
@click.option(
    "--journal", "journal", help="The journal folder (default: the one around here)."
)
@click.option(
    "--edit/--no-edit",
    default=None,
    help="Open it in $VISUAL or $EDITOR (default: when one is set and "
    "this is a terminal).",
)
def new(
    kind: str, day: str | None, title: str, journal: str | None, edit: bool | None
) -> None:
    """Write a new TYPE entry from its template, and open it in your editor."""
    from iepjournal.capture import (
        new_entries as capture,  # jinja2 loads slowly; `check` needs none
    )

    _speak_for(None, journal)
    root = _root(journal)
    when = _date_option(day)
    loaded = load(root)
    draft = capture.new_entry(loaded, kind, when, title)
    if edit is None:
        edit = bool(_editor()) and sys.stdin.isatty()
    if edit and not _editor():
        click.echo(_t("No editor is set (set EDITOR, for example EDITOR=nano)."))
        edit = False
    if not edit:
        written = capture.write_free(root, draft.path, draft.text)
        shown = _shown(root) + written
        click.echo(_t("Wrote {file}", file=shown))
        full = str((root / written).resolve())
        click.echo(
            _t("It is a template to fill in: open {file} in any text editor "
               "(TextEdit, Notepad, or your phone's), write what happened, and "
               "save it. Until then it is not shown on the timeline.", file=full)
            + (
                " " + _t("To open new entries by themselves, set an editor: export "
                         "EDITOR=nano (Mac, Linux) or set EDITOR=notepad (Windows).")
                if not _editor()
                else ""
            )
        )  # fmt: skip
        return
    saved = _edited(draft.text)
    if saved is None or saved == draft.text:
        click.echo(_t("Nothing was written: the entry was left as the template."))
        return
    written = capture.write_free(root, draft.path, saved)
    click.echo(_t("Saved {file}", file=str(root / written)))


@main.command()
@click.argument("service")
@click.argument("status")
@click.option("--minutes", type=float, help="How long it lasted (needed for partial).")
@click.option(
    "--reason", default="", help='Why it was missed or cut, e.g. "provider absent".'
)
@click.option("--by", type=click.Choice(e.SIDES), help="Whose side a miss was on.")
@click.option("--date", "day", help=f"The day ({DATE_FORMS}); default today.")
@click.option("--mood", type=click.Choice(e.MOODS), help="How the day went.")
@click.option(
    "--journal", "journal", help="The journal folder (default: the one around here)."
)
def log(
    service: str,
    status: str,
    minutes: float | None,
    reason: str,
    by: str | None,
    day: str | None,
    mood: str | None,
    journal: str | None,
) -> None:
    """Record one SERVICE session in one line, as a new note.

    STATUS is held, partial, missed, made-up or unknown (cancelled: missed
    on the school's side). For example:
    iepjournal log speech missed --reason "provider absent" (or
    `log missed speech`: the status is known by its word).
    """
    from iepjournal.capture import (
        new_entries as capture,  # jinja2 loads slowly; `check` needs none
    )

    _speak_for(None, journal)
    status = status.lower()
    words = (*e.STATUSES, *e.STATUS_WORDS)
    if status not in words and service.lower() in words:
        service, status = status, service.lower()  # `log missed speech` reads so
    if status not in words:
        _fail(_t("`{status}` is not a session status.", status=status),
              p.did_you_mean(status, words))  # fmt: skip
    if status in e.STATUS_WORDS:  # "cancelled": missed, on the school's side
        status, side = e.STATUS_WORDS[status]
        by = by or side
    if status == "partial" and minutes is None:
        _fail(
            _t("a partial session needs --minutes (how long it lasted)."),
            f"iepjournal log {service} partial --minutes 15",
        )
    root = _root(journal)
    loaded = load(root)
    when = _date_option(day)
    services = capture.known_services(loaded, when)
    if services is None:
        click.echo(
            _t("Note: no IEP is in force on {day}; `check` will say so.",
               day=when.isoformat()),
            err=True,
        )  # fmt: skip
    elif service not in {s.id for s in services}:
        _fail(
            _t("`{service}` is not a service of the IEP in force on {day}.",
               service=service, day=when.isoformat()),
            p.did_you_mean(service, (s.id for s in services)),
        )  # fmt: skip
    text = capture.session_note(
        service, status, when, minutes, reason, mood or "", by or ""
    )
    relative = capture.write_free(root, capture.log_path(service, when), text)
    shown = _shown(root) + relative
    click.echo(_t("Wrote {file}", file=shown))


@main.command()
@click.argument("journal", required=False)
@click.option("--as-of", "as_of", help="Report as of this day (default: today).")
@click.option("--from", "since", help="Count services from this day only.")
@click.option("--format", "form", type=click.Choice(["text", "markdown", "json"]),
              default="text", help="text for reading, markdown for an email, "
              "json for scripts.")  # fmt: skip
@_language_option()
def report(
    journal: str | None,
    as_of: str | None,
    since: str | None,
    form: str,
    chosen: str | None,
) -> None:
    """The gap report: what was promised, what the notes show, and the
    reasons, if any, to request an IEP meeting now."""
    from iepjournal.analyze import report as gap_report
    from iepjournal.render import report as report_output

    speaking = _speak_for(chosen, journal)
    root = _root(journal)
    day = _day_option(as_of, "--as-of") or _today()
    since_day = _day_option(since, "--from")
    loaded = load(root)
    built = gap_report.build(loaded, day, since_day)
    if form == "json":
        import json  # only this command needs it

        data = report_output.as_json(built, speaking)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(report_output.render(built, form, root, speaking), nl=False)


@main.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print what was read as JSON.")
@_language_option()
def frequency(text: str, as_json: bool, chosen: str | None) -> None:
    """Show how a service's frequency is understood.

    TEXT is the frequency as written on the IEP's service page, for example
    iepjournal frequency "30 minutes two times per week".
    """
    from iepjournal.model.frequency import describe, parse

    speaking = _speak_for(chosen, None)
    found = parse(text)
    if as_json:
        import json  # only this command needs it

        click.echo(json.dumps(found.as_json(), ensure_ascii=False))
    elif not found.readable:
        notes = "; ".join(speaking.say(x) for x in found.notes)
        click.echo(_t("Could not read `{text}`: {notes}.", text=text, notes=notes))
        click.echo(
            "    "
            + _t("expected: how many sessions, how long each, and how often (per "
                 "day, week, month, N-day cycle, grading period or year), like "
                 "`2 x 30 min weekly` or `45 minutes daily`.")
        )  # fmt: skip
    else:
        click.echo(text)
        click.echo("  " + _t("read as: {reading}", reading=describe(found)))
        for note in found.notes:
            click.echo("  " + _t("note: {note}", note=note))
        for doubt in found.doubts:
            click.echo("  " + _t("not sure: {doubt}", doubt=doubt))
        if found.ambiguous:
            click.echo(
                "  "
                + _t("Not sure what this promises, so the report will not count "
                     "it. Ask the school to write the number of sessions, their "
                     "length and how often.")
            )  # fmt: skip
        elif found.doubts:
            click.echo(
                "  "
                + _t("Not sure this reading is right: the report counts it, marked "
                     "unsure. Check it against the IEP's service page.")
            )  # fmt: skip
    # 0 only for a reading the report shows as a plain fact.
    sys.exit(0 if found.sure else 1)


@main.command()
@click.argument("journal", required=False)
@click.option(
    "--out", "out", help="The folder to build into (default: _site in the journal)."
)
@click.option("--as-of", "as_of", help="Build as of this day (default: today).")
@click.option("--from", "since", help="Show entries from this day on.")
@click.option("--to", "until", help="Show entries up to this day.")
@_language_option()
def build(journal: str | None, out: str | None, as_of: str | None, since: str | None,
          until: str | None, chosen: str | None) -> None:  # fmt: skip
    """Build the printable site: the timeline (index.html) and the gap
    report (report.html), to open in a browser, print, or bring to a
    meeting."""
    _speak_for(chosen, journal)
    root = _root(journal)
    day = _day_option(as_of, "--as-of") or _today()
    target = Path(out) if out else root / "_site"
    since_day, until_day = _day_option(since, "--from"), _day_option(until, "--to")
    loaded = load(root)
    index = _build_site(loaded, target, day, since_day, until_day)
    click.echo(_t("Built the site: open {file}", file=str(index)))


def _build_site(
    loaded: Journal,
    target: Path,
    day: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Path:
    from iepjournal.render import site

    try:
        written = site.build(loaded, target, day, since, until, _speaking)
    except OSError as error:
        _fail(*_unwritable(target, error))
    if written.refused:
        _fail(
            written.refused,
            _t("Give an empty folder, or one iepjournal built, with --out."),
        )
    if loaded.problems:
        click.echo(
            _t("Note: the journal has {problems}; they are listed at the top of "
               "each page.", problems=p.counted(loaded.problems))
        )  # fmt: skip
    return (target / "index.html").resolve()


def _unwritable(target: Path, error: OSError) -> tuple[str, str]:
    """What to say when the site's folder cannot be written, and the hint."""
    return (
        _t("the site could not be written to {folder} ({why}).", folder=str(target),
           why=error.strerror or str(error)),
        _t("Check that the folder can be written to and the disk has room, "
           "or give another folder with --out."),
    )  # fmt: skip


@main.command()
@click.argument("kind", type=click.Choice(letter_kinds.KINDS))
@click.option(
    "--journal", "journal", help="The journal folder (default: the one around here)."
)
@click.option("--date", "day", help=f"The letter's date ({DATE_FORMS}); default today.")
@click.option(
    "--print", "to_screen", is_flag=True, help="Print the draft instead of saving it."
)
@_language_option(
    "The letter's own language, whatever the journal's: en (English) or es "
    "(Spanish / español). A letter in Spanish asks for replies in Spanish. "
    "Default: the journal's `language` setting, else English."
)
@click.option(
    "--interpreter/--no-interpreter",
    default=None,
    help="Whether a meeting request asks for an interpreter at the meeting, "
    "in the family's language (default: when the journal or the letter is "
    "in a language other than English).",
)
def letter(
    kind: str,
    journal: str | None,
    day: str | None,
    to_screen: bool,
    chosen: str | None,
    interpreter: bool | None,
) -> None:
    """Draft a letter from what the journal shows, as a new letters/ entry
    marked `draft: true` (no clock starts until you remove that line)."""
    from iepjournal.capture import letters
    from iepjournal.capture import new_entries as capture

    _speak_for(None, journal)
    root = _root(journal)
    when = _date_option(day)
    loaded = load(root)
    written_in = language(chosen or loaded.settings.language)
    # the family's language: the journal's, else the letter's, if not English
    family = next(
        (c for c in (loaded.settings.language, written_in.code) if c != "en"), ""
    )
    if interpreter is None:
        interpreter = bool(family)
    drafted = letters.draft(
        loaded,
        kind,
        when,
        interpreter=(family or letters.ANY_LANGUAGE) if interpreter else "",
        reply_in=written_in.code if written_in.code != "en" else "",
    )
    text = letters.render(drafted, loaded, written_in)
    if to_screen:
        click.echo(text, nl=False)
        return
    relative = capture.write_free(
        root, capture.conventional_path("letter", drafted.day, extra=kind), text
    )
    written = f"{_shown(root)}{relative}"
    click.echo(_t("Wrote the draft {file}", file=written))
    click.echo(_t("Read it, change what you like, then delete the line "
                  "`draft: true` and set the date you send it."))  # fmt: skip


@main.command("calendar")
@click.option("--out", "out", required=True, help="The .ics file to write.")
@click.option(
    "--journal", "journal", help="The journal folder (default: the one around here)."
)
@click.option("--as-of", "as_of", help="Deadlines as of this day (default: today).")
@_language_option()
def calendar_file(
    out: str, journal: str | None, as_of: str | None, chosen: str | None
) -> None:
    """Write the journal's deadlines as a calendar file (.ics) that a phone or
    calendar program imports: replies and records due, progress reports due,
    the annual review, the reevaluation, follow-ups promised at meetings."""
    from iepjournal.analyze import deadlines
    from iepjournal.render import ics
    from iepjournal.render.writing import atomic_write

    speaking = _speak_for(chosen, journal)
    root = _root(journal)
    target = Path(out)
    if target.exists() and not target.is_file():  # a folder, a named pipe
        _fail(_t("{file} is not a file; nothing was written.", file=out),
              _t("Give the name of a new file, like deadlines.ics."))  # fmt: skip
    if not target.parent.is_dir():
        _fail(_t("The folder {folder} does not exist; nothing was written.",
                 folder=str(target.parent)),
              _t("Create the folder first, or give a file name in a folder that "
                 "exists, like deadlines.ics."))  # fmt: skip
    if target.exists() and ics.PRODUCT.encode() not in _beginning(target):
        _fail(_t("{file} exists and was not written by iepjournal; nothing was "
                 "changed.", file=out),
              _t("Give the name of a new file."))  # fmt: skip
    day = _day_option(as_of, "--as-of") or _today()
    loaded = load(root)
    found = deadlines.deadlines(loaded, day)
    atomic_write(target, ics.to_ics(found, day, speaking))
    click.echo(
        _t("Wrote {count} deadlines to {file}: import it into your calendar.",
           count=len(found), file=str(target))
    )  # fmt: skip


def _beginning(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(400)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--journal", "journal", help="The journal folder (default: the one around here)."
)
@click.option("--since", help="Only messages from this day on.")
@click.option(
    "--dry-run", is_flag=True, help="Say what would be written; write nothing."
)
def import_command(
    files: tuple[str, ...], journal: str | None, since: str | None, dry_run: bool
) -> None:
    """Import emails (.eml files, mbox files from Gmail Takeout or
    Thunderbird, or folders of them) as email entries, and school service
    logs (CSV or Excel .xlsx) as school-log entries. What is already in the
    journal is skipped; nothing is ever overwritten."""
    from iepjournal.capture import email_import as importers
    from iepjournal.capture import school_log_import as logs

    speaking = _speak_for(None, journal)
    root = _root(journal)
    since_day = _day_option(since, "--since")  # said before any reading
    loaded = load(root)
    problems: list[p.Problem] = []
    given = [Path(f) for f in files]
    # A spreadsheet (or a PDF given instead) is a school's service log.
    sheets = [f for f in given if f.is_file() and logs.is_log(f)]
    log_failed = False
    if sheets and not dry_run:
        logged = logs.import_logs(loaded, sheets, _today())
        for problem in logged.problems:
            click.echo(p.as_text(problem, problem.path, speaking), err=True)
        for path in logged.written:
            click.echo(_t("wrote {file}", file=path))
        click.echo(
            _t("Imported {count} school log(s); {skipped} already in the journal "
               "were skipped.", count=len(logged.written), skipped=logged.skipped)
        )  # fmt: skip
        log_failed = any(x.is_error for x in logged.problems)
    elif sheets:
        click.echo(_t("would import {count} school log(s)", count=len(sheets)))
    given = [f for f in given if f not in sheets]
    if not given:
        sys.exit(1 if log_failed else 0)
    messages = importers.collect(given, problems)
    # The bar shows only on a terminal, where a large mailbox takes a while
    # (not even its label in a script's output).
    with click.progressbar(
        length=len(messages),
        label=_t("Importing"),
        file=sys.stderr,
        hidden=not sys.stderr.isatty(),
    ) as bar:
        done = importers.import_messages(
            loaded,
            messages,
            since_day,
            dry_run,
            lambda: bar.update(1),
        )
    done.problems[:0] = problems
    for problem in done.problems:
        click.echo(p.as_text(problem, problem.path, speaking), err=True)
    if dry_run:
        for path, _ in done.planned:
            click.echo(_t("would write {file}", file=path))
        click.echo(
            _t("{count} message(s) would be imported; {skipped} already in the "
               "journal. Nothing was written.", count=len(done.planned),
               skipped=done.skipped)
        )  # fmt: skip
        return
    for path in done.written:
        click.echo(_t("wrote {file}", file=path))
    click.echo(
        _t("Imported {count} message(s) with {attachments} attachment file(s); "
           "{skipped} already in the journal were skipped.",
           count=len(done.written), attachments=len(done.attachments),
           skipped=done.skipped)
    )  # fmt: skip
    sys.exit(1 if log_failed or any(x.is_error for x in done.problems) else 0)


@main.command()
@click.argument("journal", required=False)
@click.option(
    "--out", "out", help="The folder to build into (default: _site in the journal)."
)
@click.option("--port", default=8000, show_default=True, help="The port on 127.0.0.1.")
@click.option(
    "--as-of", "as_of", help="Build as of this day (default: today, each time)."
)
def watch(journal: str | None, out: str | None, port: int, as_of: str | None) -> None:
    """Rebuild the site whenever the journal changes, and show it at
    http://127.0.0.1:PORT (on this computer only). Stop with Ctrl-C."""
    import threading

    from iepjournal.cli import watch as watching

    _speak_for(None, journal)
    root = _root(journal)
    target = Path(out) if out else root / "_site"
    fixed = _day_option(as_of, "--as-of")
    stop = threading.Event()
    server = None

    def built(written, changed: set[str]) -> None:  # type: ignore[no-untyped-def]
        nonlocal server
        if written.refused:
            _fail(
                written.refused,
                _t("Give an empty folder, or one iepjournal built, with --out."),
            )
        if server is None:
            try:
                server = watching.serve(target, port)
            except OSError as error:
                _fail(
                    _t("could not serve on 127.0.0.1:{port} ({why}).",
                       port=str(port), why=error.strerror or str(error)),
                    _t("Try another port with --port."),
                )  # fmt: skip
            address = f"http://127.0.0.1:{server.server_address[1]}/"
            click.echo(
                _t("Serving the site at {address} (this computer only). Watching "
                   "for changes; Ctrl-C stops.", address=address)
            )  # fmt: skip
        else:
            shown = ", ".join(sorted(changed)[:3]) + (
                " ..." if len(changed) > 3 else ""
            )
            click.echo(_t("Rebuilt after changes to {files}", files=shown))

    def trouble(error: Exception) -> None:
        if _is_template_error(error):
            message = _template_trouble(error)
            hint = _t(
                "Fix that template, or move it out of the journal's templates folder."
            )
        elif isinstance(error, OSError):
            message, hint = _unwritable(target, error)
        else:
            raise error  # not the family's doing: shown as it is
        click.echo(f"iepjournal: {_speaking.say(message)}", err=True)
        click.echo(f"    {_t('hint:')} {_speaking.say(hint)}", err=True)
        click.echo(
            _t("Still watching: save the fix and the site is built again."), err=True
        )

    try:
        watching.watch(root, target, lambda: fixed or _today(), built, stop, trouble)
    except KeyboardInterrupt:
        stop.set()
    finally:
        if server is not None:
            server.shutdown()


# The sample journal is a finished school year; the demo reports on it as of
# the end of April, when the sample family's meeting request went unanswered.
SAMPLE_AS_OF = dt.date(2026, 4, 30)


@main.command()
@_language_option("The language to show it in: en (English) or es (Spanish / español).")
def demo(chosen: str | None) -> None:
    """Show what iepjournal does, on the bundled sample journal: its check,
    its gap report, its printable pages and a letter."""
    from iepjournal.analyze import report as gap_report
    from iepjournal.capture import letters
    from iepjournal.model.entries import TYPE_NAMES
    from iepjournal.render import report as report_output

    speaking = _speak(chosen or "en")
    root = bundled.sample_journal()
    loaded = load(root)
    settings = loaded.settings
    kinds = Counter(entry.type for entry in loaded.entries)
    listed = ", ".join(
        f"{n} {speaking.gettext(TYPE_NAMES[kind])}" for kind, n in kinds.most_common()
    )
    click.echo(_t("The sample journal: {student}'s made-up school year",
                  student=settings.student))  # fmt: skip
    click.echo("  " + _t("folder: {folder}", folder=str(root)))
    click.echo("  " + _t("{count} entries: {kinds}", count=len(loaded.entries),
                         kinds=listed))  # fmt: skip
    summary = speaking.say(p.summary(loaded.problems, loaded.files))
    click.echo(f"  iepjournal check: {summary}")
    for problem in loaded.problems:
        click.echo("  " + p.as_text(problem, problem.path, speaking))
    shown_language = "" if speaking.code == "en" else f" --language {speaking.code}"
    click.echo(f"\n$ iepjournal report --as-of {SAMPLE_AS_OF}{shown_language}\n")
    built = gap_report.build(loaded, SAMPLE_AS_OF)
    click.echo(report_output.render(built, "text", root, speaking), nl=False)
    click.echo(
        f"\n$ iepjournal letter meeting-request --date {SAMPLE_AS_OF} --print"
        f"{shown_language}\n"
    )
    drafted = letters.draft(
        loaded,
        "meeting-request",
        SAMPLE_AS_OF,
        interpreter="" if speaking.code == "en" else speaking.code,
        reply_in="" if speaking.code == "en" else speaking.code,
    )
    text = letters.render(drafted, loaded, speaking)
    click.echo(text.split("\n---\n", 1)[-1].lstrip("\n"), nl=False)
    from iepjournal.journal.cache import cache_folder

    index = _build_site(loaded, cache_folder() / "demo-site", SAMPLE_AS_OF)
    click.echo("\n" + _t("The printable timeline and report: open {file}",
                         file=str(index)))  # fmt: skip
    if sys.stdout.isatty() and not os.environ.get("CI"):
        # a person at a terminal: show the pages in the browser, if one is
        # at hand (a script, a pipe or CI gets the path only)
        click.launch(index.as_uri())
    click.echo(
        "\n"
        + _t("Try it on your own: iepjournal init my-journal, then "
             "iepjournal check my-journal.")
    )  # fmt: skip
    sys.exit(1 if p.count(loaded.problems)[0] else 0)
