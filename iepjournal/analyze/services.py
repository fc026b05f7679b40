"""The services ledger: what the IEP promises against what the notes show.

For each service of each IEP snapshot, over the days that snapshot is in
force (up to the as-of day), the expected sessions and minutes are prorated
by school days exactly as docs/report.md says, and the notes' sessions are
counted by status and by whose side a miss was on. Silence is never counted
as delivery or as a miss: it is "no record".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from iepjournal.analyze.proration import minutes_a_week, periods_in
from iepjournal.analyze.school_days import SchoolCalendar
from iepjournal.model import entries as e
from iepjournal.model.frequency import Frequency
from iepjournal.model.language import said, said_n
from iepjournal.model.settings import Rules

# Whose side a miss was on, read from its reason when `by` does not say.
# School words are looked for first: "OT out sick" is the provider, not the
# child.
_SCHOOL_WORDS = re.compile(
    r"\b(provider|therapist|slp|ot|pt|teacher|counselor|aide|para|staff|sub|"
    r"substitute|testing|tests?|assessments?|assembly|field ?trip|meetings?|"
    r"training|conference|caseload|schedul\w*|fire drill|drills?|lockdown|"
    r"cancel+ed|not available|unavailable|pulled|covering|duty|no one came|"
    r"nobody came|forgot|push-?in|class ran long|ran long|holiday|party)\b",
    re.IGNORECASE,
)
_STUDENT_WORDS = re.compile(
    r"\b(sick|ill|illness|fever|absent|absence|refused|dentist|doctor|"
    r"appointment|appt|vacation|left early|picked (?:her|him|them) up|"
    r"pick ?up early|early dismissal|home|tardy|late arrival|suspended|"
    r"suspension)\b",
    re.IGNORECASE,
)
SIDES = ("school", "student", "unknown")


def side_of(session: e.Session) -> str:
    """school, student or unknown: from `by`, else from the reason's words."""
    if session.by in ("school", "student"):
        return session.by
    if _SCHOOL_WORDS.search(session.reason):
        return "school"
    if _STUDENT_WORDS.search(session.reason):
        return "student"
    return "unknown"


@dataclass(frozen=True, slots=True)
class Logged:
    """One session from one note, with what the ledger made of it."""

    day: dt.date
    entry: str  # the note's id
    session: e.Session
    side: str
    minutes: float | None  # held, missed or made-up minutes; None if not known
    short: float  # minutes short of a session, for partial sessions
    # How long the session was taken to be when the note gives no minutes
    # and the IEP no session length (a minutes-only promise): "day-share"
    # (300 minutes per week: 60 a school day), "unknown" (60 minutes per
    # month: not counted), or "" (the note or the IEP said).
    length_from: str = ""
    school: bool = True  # the day had school (by the calendar)


@dataclass(slots=True)
class Ledger:
    """One service of one IEP snapshot, over the days it was in force."""

    service: e.Service
    iep: e.Iep
    frequency: Frequency
    start: dt.date
    end: dt.date
    expected_sessions: float | None = None
    expected_minutes: float | None = None
    why_not_expected: str = ""
    logged: list[Logged] = field(default_factory=list)
    # The sessions of each set of statuses, for as many as are logged: the
    # report and its page ask each figure several times, and a ledger of a
    # long journal holds thousands of sessions.
    _found: dict[tuple[str, ...], list[Logged]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _found_of: int = field(default=0, repr=False, compare=False)

    @property
    def unsure(self) -> list[str]:
        """Why this service's figures are not plain facts (empty when they
        are): what the reading of its frequency left over or guessed, and
        sessions counted at a length the notes did not give."""
        if self.expected_sessions is None and self.expected_minutes is None:
            return []
        return list(self.frequency.doubts) + self.unsure_sessions

    @property
    def unsure_sessions(self) -> list[str]:
        doubts: list[str] = []
        shared = [x for x in self.logged if x.length_from == "day-share"]
        if shared:
            doubts.append(said_n(
                "{count} session had no minutes written; it is counted as the "
                "school day's share of what is promised, {minutes} minutes",
                "{count} sessions had no minutes written; each is counted as "
                "the school day's share of what is promised, {minutes} minutes",
                len(shared), minutes=round(shared[0].minutes or 0),
            ))  # fmt: skip
        unknown = [x for x in self.logged if x.length_from == "unknown"]
        if unknown:
            doubts.append(said_n(
                "{count} session had no minutes written and the IEP gives no "
                "session length: its minutes are not counted",
                "{count} sessions had no minutes written and the IEP gives no "
                "session length: their minutes are not counted",
                len(unknown),
            ))  # fmt: skip
        return doubts

    def _of(self, *statuses: str) -> list[Logged]:
        if self._found_of != len(self.logged):
            self._found, self._found_of = {}, len(self.logged)
        found = self._found.get(statuses)
        if found is None:
            found = [x for x in self.logged if x.session.status in statuses]
            self._found[statuses] = found
        return list(found)

    @property
    def held_sessions(self) -> int:
        return len(self._of("held", "partial"))

    @property
    def held_minutes(self) -> float | None:
        """None when sessions were held but no length is known (a minutes-only
        frequency, and notes that do not say)."""
        held = self._of("held", "partial")
        known = [x.minutes for x in held if x.minutes is not None]
        return sum(known) if known or not held else None

    @property
    def missed(self) -> list[Logged]:
        """Missed sessions on days with school: a miss on a day off, a
        weekend or a day a note says school was closed is never owed
        (`check` says so at the note)."""
        return [x for x in self._of("missed") if x.school]

    @property
    def missed_minutes(self) -> float:
        return sum(x.minutes or 0 for x in self.missed)

    @property
    def missed_by(self) -> dict[str, int]:
        sides = Counter(x.side for x in self.missed)
        return {side: sides.get(side, 0) for side in SIDES}

    @property
    def missed_reasons(self) -> dict[str, int]:
        return dict(
            Counter(x.session.reason or "(no reason given)" for x in self.missed)
        )

    @property
    def school_misses(self) -> list[Logged]:
        return [x for x in self.missed if x.side == "school"]

    @property
    def unknown_sessions(self) -> int:
        return len(self._of("unknown"))

    @property
    def made_up_sessions(self) -> int:
        return len(self._of("made-up"))

    @property
    def made_up_minutes(self) -> float:
        return sum(x.minutes or 0 for x in self._of("made-up"))

    @property
    def shortfall_minutes(self) -> float:
        """Minutes not delivered for the school's reasons, less made-up ones."""
        school = sum(x.minutes or 0 for x in self.school_misses)
        short = sum(x.short for x in self._of("partial") if x.side == "school")
        return max(0.0, school + short - self.made_up_minutes)

    @property
    def unaccounted_sessions(self) -> float | None:
        if self.expected_sessions is None:
            return None
        logged = self.held_sessions + len(self.missed) + self.unknown_sessions
        return max(0.0, self.expected_sessions - logged)


def ledgers(
    ieps: list[e.Iep],
    notes: list[e.Note],
    calendar: SchoolCalendar,
    rules: Rules,
    as_of: dt.date,
    since: dt.date | None = None,
) -> list[Ledger]:
    """A ledger per service of each IEP snapshot in force up to `as_of`."""
    # Each service's sessions, in the notes' order, found in one pass: a
    # pass over every note for each ledger cost 40 ms at 10,000 entries.
    sessions: dict[str, list[tuple[e.Note, e.Session]]] = {}
    repeats = e.repeated_sessions(notes)  # written twice: counted once
    for note in notes:
        for session in note.sessions:
            if (note.id, session.line) not in repeats:
                sessions.setdefault(session.service, []).append((note, session))
    found = []
    for index, iep in enumerate(ieps):
        after = ieps[index + 1].in_force_from if index + 1 < len(ieps) else None
        last = min(as_of, after - dt.timedelta(days=1)) if after else as_of
        for service in iep.services:
            start = max(d for d in (iep.in_force_from, service.start, since) if d)
            end = min(d for d in (last, service.end) if d)
            school_days = calendar.school_days(start, end)
            if not school_days:
                continue
            start = school_days[0]  # "from" is the first school day counted
            logged = sessions.get(service.id, [])
            found.append(_ledger(iep, service, start, end, logged, calendar, rules))
    return found


def _ledger(
    iep: e.Iep,
    service: e.Service,
    start: dt.date,
    end: dt.date,
    sessions: list[tuple[e.Note, e.Session]],
    calendar: SchoolCalendar,
    rules: Rules,
) -> Ledger:
    frequency = service.reading
    ledger = Ledger(service, iep, frequency, start, end)
    if frequency.usable:
        factor, why = periods_in(frequency, calendar, start, end, rules)
        if factor is None:
            ledger.why_not_expected = why
        else:
            if frequency.sessions is not None:
                ledger.expected_sessions = frequency.sessions * factor
            if frequency.minutes_per_period is not None:
                ledger.expected_minutes = frequency.minutes_per_period * factor
    elif not service.frequency:
        ledger.why_not_expected = said("the IEP entry gives no frequency")
    elif not frequency.readable:
        ledger.why_not_expected = said("the frequency could not be read")
    else:
        ledger.why_not_expected = said("the frequency is not clear")
    # A minutes-only promise ("300 minutes per week") gives no session
    # length: a session the note gives no minutes for counts the school
    # day's share, never a silent zero, and the figures say so.
    share = None
    daily_or_weekly = frequency.per in ("day", "week")
    if frequency.minutes is None and frequency.usable and daily_or_weekly:
        weekly = minutes_a_week(frequency, calendar, rules, start)
        share = weekly / 5 if weekly else None
    ledger.logged = [
        _logged(note, session, frequency, share, calendar.is_school_day(note.date))
        for note, session in sessions
        if start <= note.date <= end
    ]
    return ledger


def _logged(
    note: e.Note,
    session: e.Session,
    frequency: Frequency,
    share: float | None,
    school: bool = True,
) -> Logged:
    length = frequency.minutes
    length_from = ""
    if length is None and session.minutes is None and frequency.usable:
        length_from = "day-share" if share is not None else "unknown"
    if length is None:
        length = share
    minutes = session.minutes if session.minutes is not None else length
    short = 0.0
    if session.status == "partial" and length and session.minutes is not None:
        short = max(0.0, length - session.minutes)
    side = side_of(session) if session.status in ("missed", "partial") else ""
    return Logged(
        note.date, note.id, session, side, minutes, short, length_from, school
    )
