"""The typed entries of a journal: what a family's files say, once read.

Every entry and every part of one (a service, a goal, a session) carries the
line it came from, so later checks can point at it. They are treated as
read-only; they are not frozen only because frozen slotted dataclasses
pickle about a third slower, and the cache pickles every entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from iepjournal.model.frequency import Frequency
from iepjournal.model.language import N_
from iepjournal.model.school_log import LogRow

# The one table of entry types and their folders: for each type, the folder
# new entries of it are written to (`new`, `log`, `import`, `letter`), then
# every other folder name read as that type (its word, or its plural).
TYPE_FOLDERS: dict[str, tuple[str, ...]] = {
    # the name written first, then the names read (English, then Spanish:
    # a journal kept in Spanish reads the same)
    "iep": ("iep", "ieps", "pei"),
    "note": ("notes", "note", "notas", "nota"),
    "email": ("emails", "email", "correos", "correo"),
    "letter": ("letters", "letter", "cartas", "carta"),
    "progress": ("progress", "progresses", "progreso", "informes-de-progreso"),
    "meeting": ("meetings", "meeting", "reuniones", "reunion", "reunión"),
    "notice": ("notices", "notice", "avisos", "aviso"),
    "change": ("changes", "change", "cambios", "cambio"),
    "evaluation": ("evaluations", "evaluation", "evaluaciones", "evaluacion",
                   "evaluación"),
    "school-log": ("school-logs", "school-log", "registros-escolares",
                   "registro-escolar"),
}  # fmt: skip
TYPES = tuple(TYPE_FOLDERS)
WRITTEN_TO = {kind: names[0] for kind, names in TYPE_FOLDERS.items()}
FOLDER_TYPES = {name: kind for kind, names in TYPE_FOLDERS.items() for name in names}
# Where attachments are kept (and saved by `import`).
ATTACHMENTS = "attachments"

STATUSES = ("held", "partial", "missed", "made-up", "unknown")
# Words for a status, with the side they say: "cancelled" is a session the
# school did not hold (missed, on the school's side).
STATUS_WORDS = {
    "cancelled": ("missed", "school"), "canceled": ("missed", "school"),
    # Spanish, for a journal kept in Spanish
    "realizada": ("held", ""), "realizado": ("held", ""), "hecha": ("held", ""),
    "perdida": ("missed", ""), "perdido": ("missed", ""),
    "faltó": ("missed", ""), "falto": ("missed", ""),
    "cancelada": ("missed", "school"), "cancelado": ("missed", "school"),
    "parcial": ("partial", ""),
    "recuperada": ("made-up", ""), "recuperado": ("made-up", ""),
    "desconocido": ("unknown", ""), "no-se": ("unknown", ""), "no-sé": ("unknown", ""),
}  # fmt: skip

# What one entry's text may cost to show. Markdown's emphasis is quadratic
# within a paragraph (a megabyte of **bold** took 73 s to format), so an
# entry longer than this, or with a paragraph longer than this, is shown as
# plain text; past SHOWN_LIMIT characters the page shows the beginning and
# names the file (the file itself is never changed).
FORMAT_LIMIT = 200_000
PARAGRAPH_LIMIT = 20_000
SHOWN_LIMIT = 1_000_000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def too_long_to_format(body: str) -> bool:
    """Whether an entry's text is shown as plain text, not formatted."""
    if len(body) > FORMAT_LIMIT:
        return True
    if len(body) <= PARAGRAPH_LIMIT:
        return False
    return any(len(part) > PARAGRAPH_LIMIT for part in _PARAGRAPH_BREAK.split(body))


MOODS = ("great", "good", "ok", "hard", "very-hard")
SIDES = ("school", "student")
# Spanish words for moods and sides, read as the English ones
MOOD_WORDS = {"excelente": "great", "muy-bien": "great", "bien": "good",
              "regular": "ok", "difícil": "hard", "dificil": "hard",
              "muy-difícil": "very-hard", "muy-dificil": "very-hard"}  # fmt: skip
SIDE_WORDS = {"escuela": "school", "colegio": "school", "estudiante": "student",
              "alumno": "student", "alumna": "student"}  # fmt: skip
# How the pages name each type and mood (the catalog says them in the
# reader's language; the journal's own words are the canonical ones above).
TYPE_NAMES = {"iep": N_("IEP"), "note": N_("note"), "email": N_("email"),
              "letter": N_("letter"), "progress": N_("progress report"),
              "meeting": N_("meeting"), "notice": N_("notice"),
              "change": N_("change"), "evaluation": N_("evaluation"),
              "school-log": N_("school log")}  # fmt: skip
MOOD_NAMES = {"great": N_("great"), "good": N_("good"), "ok": N_("ok"),
              "hard": N_("hard"), "very-hard": N_("very hard")}  # fmt: skip


@dataclass(slots=True, kw_only=True)
class Service:
    id: str
    name: str
    frequency: str  # as written on the IEP
    # How that frequency reads, parsed once, when the entry is built: the
    # ledger, the IEP comparison, the checks and the charts all use this.
    reading: Frequency
    frequency_line: int = 0  # the line of `frequency:` (0: the service's line)
    setting: str = ""
    provider: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    line: int = 0


@dataclass(slots=True, kw_only=True)
class Goal:
    id: str
    goal: str
    area: str = ""
    baseline: str = ""
    target: str = ""
    baseline_date: dt.date | None = None
    by: dt.date | None = None
    measure: str = ""
    line: int = 0


@dataclass(slots=True, kw_only=True)
class Session:
    """One service's session on one day, as the family heard about it."""

    service: str
    status: str
    minutes: float | None = None
    reason: str = ""
    by: str = ""  # school | student | "" (read from the reason later)
    line: int = 0


@dataclass(slots=True, kw_only=True)
class GoalReport:
    """What one progress report said about one goal."""

    goal: str
    reported: str
    value: str = ""
    code: str = ""
    line: int = 0


@dataclass(slots=True, kw_only=True)
class FollowUp:
    what: str
    who: str = ""
    by: dt.date | None = None
    line: int = 0


@dataclass(slots=True, kw_only=True)
class Entry:
    """Fields every entry carries."""

    # An entry holds the family's own words: a translation passes it by.
    FAMILY_WORDS: ClassVar[bool] = True

    id: str
    path: str  # relative to the root, with forward slashes
    type: str
    date: dt.date
    time: dt.time | None = None
    title: str = ""
    tags: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # unknown fields, kept
    body: str = ""
    body_line: int = 1
    line: int = 1  # the line of the opening --- (or 1)
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.field_lines.get(key, self.line)

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str]:
        return (self.date, self.time or dt.time(0, 0), self.path)


@dataclass(slots=True, kw_only=True)
class Iep(Entry):
    kind: str = "annual"
    effective: dt.date | None = None
    ends: dt.date | None = None
    last_evaluation: dt.date | None = None
    case_manager: str = ""
    progress_reports: str = ""
    services: tuple[Service, ...] = ()
    goals: tuple[Goal, ...] = ()
    accommodations: tuple[str, ...] = ()

    @property
    def in_force_from(self) -> dt.date:
        return self.effective or self.date

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def goal_by_id(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)


@dataclass(slots=True, kw_only=True)
class Note(Entry):
    sessions: tuple[Session, ...] = ()
    mood: str = ""
    school_closed: bool = False
    # The title was made from the sessions ("Speech held"), not written:
    # the pages say it again with the services' names.
    titled_by_sessions: bool = False


@dataclass(slots=True, kw_only=True)
class Message(Entry):
    """An email or a letter: the paper trail."""

    sender: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    reply_needed: bool = False
    reply_by: dt.date | None = None
    request: str = ""
    in_reply_to: str = ""
    message_id: str = ""
    draft: bool = False


@dataclass(slots=True, kw_only=True)
class Progress(Entry):
    period: str = ""
    goals: tuple[GoalReport, ...] = ()


@dataclass(slots=True, kw_only=True)
class Meeting(Entry):
    kind: str = ""
    attendees: tuple[str, ...] = ()
    requested_by: str = ""
    decisions: tuple[str, ...] = ()
    follow_up: tuple[FollowUp, ...] = ()


@dataclass(slots=True, kw_only=True)
class Notice(Entry):
    """A Prior Written Notice."""

    action: str = ""
    about: str = ""
    services: tuple[str, ...] = ()


@dataclass(slots=True, kw_only=True)
class Change(Entry):
    service: str = ""
    about: str = ""
    what: str = ""
    notice: str = ""
    meeting: str = ""


@dataclass(slots=True, kw_only=True)
class Evaluation(Entry):
    kind: str = ""
    evaluator: str = ""
    shared_with_school: dt.date | None = None


def repeated_sessions(notes: list[Note]) -> dict[tuple[str, int], str]:
    """Sessions written down twice: the same service on the same day (and
    time, when the notes give one) with the same status, minutes, reason
    and side, in two notes (a note copied under a name no sync tool uses, a
    session logged from two phones). Each repeat, by (note id, session
    line), names the note that has it first; the ledger counts it once and
    `check` says so."""
    first: dict[tuple[object, ...], str] = {}
    repeats: dict[tuple[str, int], str] = {}
    for note in sorted(notes, key=lambda x: x.sort_key):
        for session in note.sessions:
            key = (note.date, note.time, session.service.lower(), session.status,
                   session.minutes, " ".join(session.reason.lower().split()),
                   session.by)  # fmt: skip
            if key in first and first[key] != note.id:
                repeats[(note.id, session.line)] = first[key]
            else:
                first.setdefault(key, note.id)
    return repeats


@dataclass(slots=True, kw_only=True)
class SchoolLog(Entry):
    """The school's own service log, as received: a spreadsheet `import`
    kept whole under attachments/ (its rows copied into the entry as a
    table), or a printout typed in. Dated the day it was received."""

    source: str = ""  # the original file, under attachments/ ("" if typed)
    system: str = ""  # the system it came from, if said ("Infinite Campus")
    rows: tuple[LogRow, ...] = ()
