"""Problems found in a journal: values, collected, never raised."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

from iepjournal.model.language import ENGLISH, N_, Language, Said, said, said_n

Severity = Literal["error", "warning"]

# Every problem code, with what it means in a few words. docs/problems.md
# tells each one in full (a test checks it names every code here, and that
# the code makes no other).
CODES: dict[str, str] = {
    # reading the file
    "empty-file": "the file has nothing in it",
    "binary-file": "not text, though its name ends in .md",
    "not-utf8": "saved in an old encoding; read as Windows-1252",
    "unreadable": "the file could not be opened",
    "git-conflict": "git left conflict markers in the file",
    "copied-file": "a copy a file manager or sync tool made, beside its original",
    "link-not-followed": "a link to a file or folder, never followed",
    "sync-conflict-copy": "a sync tool's conflict copy; not read",
    "internal-error": "a bug in iepjournal; the other files are still read",
    # front matter
    "no-front-matter": "the file does not start with ---",
    "typed-fence": "a front matter fence typed with a phone's long dashes",
    "unclosed-front-matter": "the opening --- has no closing ---",
    "yaml": "the front matter is not valid YAML",
    "tab": "a line is indented with a tab",
    "front-matter-not-mapping": "the front matter is not `field: value` lines",
    "duplicate-field": "the same field twice",
    # fields
    "missing-type": "no type, and not in a type's folder",
    "unknown-type": "a type this journal does not know",
    "missing-date": "no date, and none in the file name",
    "iep-not-filled-in": "the IEP `init` wrote, with no date and no services yet",
    "bad-date": "a date that cannot be read",
    "day-first-date": "a date written the other way round for this journal",
    "date-either-way": "a day-first date the US reading would make another day",
    "date-out-of-range": "a date before 1900 or after 2199",
    "date-far-away": "a date decades away from the journal's other dates",
    "date-mismatch": "the file name's date and `date:` differ",
    "unknown-field": "a field this type does not use",
    "wrong-shape": "a list where one value was expected, or the other way round",
    "bad-boolean": "a yes/no field with another value",
    "bad-minutes": "minutes that are not a number, or more than a day has",
    "minutes-implausible": "more minutes than a school day holds",
    "unknown-kind": "a kind outside the format's list",
    "unknown-mood": "a mood outside the format's list",
    "unknown-request": "a request outside the format's list",
    "unknown-side": "a side (`by`) outside the format's list",
    "unknown-action": "an action outside the format's list",
    # IEPs, sessions and references
    "missing-id": "a service or goal without an id",
    "duplicate-id": "two entries, services or goals share an id",
    "missing-frequency": "a service with no frequency",
    "frequency-unreadable": "a frequency with no period or no amount",
    "frequency-unsure": "a frequency read with a number or word left over, or a guess",
    "frequency-ambiguous": "a frequency that cannot be read with confidence",
    "value-unreadable": "a baseline, target or value that is not a number with a unit",
    "unit-mismatch": "a goal's baseline and target in different units",
    "service-date-outside": "a service's start or end outside its IEP's span",
    "missing-status": "a session that does not say what happened",
    "unknown-status": "a session status this journal does not know",
    "partial-without-minutes": "a partial session with no minutes",
    "unknown-service": "a service the IEP in force does not have",
    "unknown-goal": "a goal the IEP in force does not have",
    "no-iep-in-force": "sessions or a progress report before any IEP",
    "unknown-entry": "a reference to an entry that does not exist",
    "missing-attachment": "a listed attachment that is not there",
    "attachment-outside": "an attachment path that leads outside the journal",
    "dated-in-future": "a note with sessions dated after today (said by check)",
    "missed-without-school": "a session missed on a day without school, never owed",
    "repeated-session": "the same session written in two notes, counted once",
    "service-twice-on-a-day": "two sessions of one service on one day, both counted",
    "school-log-empty": "a school log with no rows",
    "school-log-row": "a row of a school log that cannot be read, left out",
    "school-log-columns": "a school log table whose columns cannot be told",
    "school-log-service": "a school log row whose service is not the IEP's",
    "school-log-status": "a school log row whose status word is not known",
    "school-log-unreadable": "a school log file or row `import` cannot read",
    "entry-too-long": "an entry too long to format on the site",
    # settings
    "settings-syntax": "the settings file is not valid TOML",
    "settings-unquoted": "a text setting written without quotes, read as text",
    "unknown-setting": "a setting that does not exist",
    "bad-setting": "a setting of the wrong kind",
    "bad-range": "a date range that cannot be read, or ends before it starts",
    "unknown-progress-meaning": "a progress code meaning outside the list",
    # importing emails
    "email-unreadable": "a message that could not be imported",
    "email-id-reused": "a different message with the Message-ID of one imported",
    "email-header-cut": "a header too long to read whole",
    "journal-unwritable": "the journal could not be written to",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file, at one place, said in plain words."""

    path: str  # relative to the journal root, with forward slashes
    line: int  # 1-based; 0 when the problem is about the file as a whole
    column: int  # 1-based
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def did_you_mean(word: str, choices: Iterable[str]) -> Said:
    """A hint naming the closest known word, or listing them when few."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    if close:
        return said("Did you mean `{word}`?", word=close[0])
    if not options or len(options) > 10:
        return Said("")
    return said("Known: {words}.", words=", ".join(options))


# The severities as the reader's language says them.
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning")}


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for problem in problems:
        if problem.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def as_text(problem: Problem, shown_path: str, language: Language = ENGLISH) -> str:
    """The `PATH:LINE:COL: severity: message [code]` form editors jump to,
    in `language` (the code stays as it is, the same in every language).
    Control characters (a line break in a file's name) are shown as escapes,
    so one problem is always one line and its hint the next."""
    line = max(problem.line, 1)
    column = max(problem.column, 1)
    severity = language.gettext(SEVERITY_WORDS[problem.severity])
    text = (
        f"{printable(shown_path)}:{line}:{column}: {severity}: "
        f"{printable(language.say(problem.message))} [{problem.code}]"
    )
    if problem.hint:
        hint = language.gettext("hint:")
        text += f"\n    {hint} {printable(language.say(problem.hint))}"
    return text


_CONTROL = {n: f"\\x{n:02x}" for n in (*range(32), 127)} | {
    0x85: "\\x85",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def printable(text: str) -> str:
    """Text with its control characters and line breaks written as escapes."""
    return text.translate(_CONTROL)


def as_json(
    problem: Problem, shown_path: str, language: Language = ENGLISH
) -> dict[str, object]:
    """The problem for a script: `code` and `severity` the same in every
    language, `message` and `hint` in `language`."""
    data = asdict(problem)
    data["message"] = language.say(problem.message)
    data["hint"] = language.say(problem.hint)
    data["path"] = shown_path
    data["line"] = max(problem.line, 1)
    data["column"] = max(problem.column, 1)
    return data


def summary(problems: list[Problem], files: int) -> Said:
    """ "2 errors and 1 warning in 40 files." """
    checked = said_n("{count} file", "{count} files", files)
    if not problems:
        return said("No problems found in {files}.", files=checked)
    return said("{problems} in {files}.", problems=counted(problems), files=checked)


def counted(problems: list[Problem]) -> Said:
    """ "2 errors and 1 warning", "1 warning" (for a list with some)."""
    errors, warnings = count(problems)
    found = [said_n("{count} error", "{count} errors", errors)] if errors else []
    if warnings:
        found.append(said_n("{count} warning", "{count} warnings", warnings))
    if len(found) == 2:
        return said("{errors} and {warnings}", errors=found[0], warnings=found[1])
    return found[0]
