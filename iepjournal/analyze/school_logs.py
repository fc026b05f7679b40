"""The school's service log beside the family's notes: day by day, where
they disagree (`records-disagree` findings, one per service), and the
school's own arithmetic per service and IEP period (minutes provided, not
provided by reason, not accounted for), the way service-fidelity reports
compute it. Pure functions of the journal and an as-of day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from iepjournal.analyze.findings import Finding
from iepjournal.analyze.proration import periods_in
from iepjournal.analyze.school_days import SchoolCalendar
from iepjournal.analyze.services import Ledger, side_of
from iepjournal.model import entries as e
from iepjournal.model import school_log
from iepjournal.model.journal import Journal
from iepjournal.model.language import N_, Said, one_after_another, said, said_n
from iepjournal.model.settings import Rules

# Minutes apart before two records of a held session are said to differ.
MINUTES_APART = 5


@dataclass(frozen=True, slots=True)
class Placed:
    """A log row placed among the IEP's services, with what it means."""

    row: school_log.LogRow
    log: str  # the school-log entry's id
    service: str  # the IEP service id
    status: str  # held, missed, partial, made-up or no-session
    side: str  # school, student or "" (for a miss)


def placed_rows(journal: Journal, as_of: dt.date) -> list[Placed]:
    """Every row of every school log up to the as-of day whose service and
    status can be told (the others are `check`'s warnings, never guessed).
    Where two logs cover the same service on the same day (the school sent
    the log again, a later export overlapping an earlier one), the rows of
    the log received last are taken, never both: a log sent twice does not
    count its sessions twice."""
    settings = journal.settings
    found: dict[tuple[str, dt.date], list[Placed]] = defaultdict(list)
    logs = sorted(
        (x for x in journal.entries if isinstance(x, e.SchoolLog)),
        key=lambda x: x.sort_key,
    )
    for log in logs:
        if log.date > as_of:
            continue
        own: dict[tuple[str, dt.date], list[Placed]] = defaultdict(list)
        for row in log.rows:
            if row.day > as_of:
                continue
            iep = journal.iep_in_force(row.day)
            services = [(s.id, s.name) for s in iep.services] if iep else []
            service = school_log.place(
                row.service, services, settings.school_log_services
            )
            meant = school_log.meaning(row, settings.school_log_statuses)
            if service and meant:
                own[(service.lower(), row.day)].append(
                    Placed(row, log.id, service, *meant)
                )
        found.update(own)  # a later log's day replaces an earlier one's
    return [item for _, rows in sorted(found.items()) for item in rows]


@dataclass(frozen=True, slots=True)
class Disagreement:
    day: dt.date
    school: Said  # what the log says, in words
    family: Said  # what the notes say, in words
    school_side_miss: bool  # the notes say missed by the school, the log held
    entries: tuple[str, ...]


def disagreements(
    journal: Journal, placed: list[Placed], calendar: SchoolCalendar, as_of: dt.date
) -> dict[str, list[Disagreement]]:
    """Per service, the days the log and the notes tell apart, within the
    days the log covers for that service."""
    notes = [x for x in journal.entries if isinstance(x, e.Note) and x.date <= as_of]
    repeats = e.repeated_sessions(notes)
    family: dict[tuple[str, dt.date], list[tuple[e.Session, str]]] = defaultdict(list)
    closed = {x.date for x in notes if x.school_closed}
    for note in notes:
        for session in note.sessions:
            if (note.id, session.line) not in repeats:
                family[(session.service.lower(), note.date)].append((session, note.id))
    school: dict[tuple[str, dt.date], list[Placed]] = defaultdict(list)
    for item in placed:
        school[(item.service.lower(), item.row.day)].append(item)
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    for service, day in school:
        first, last = spans.get(service, (day, day))
        spans[service] = (min(first, day), max(last, day))
    found: dict[str, list[Disagreement]] = defaultdict(list)
    days = sorted({key for key in (*family, *school) if key[0] in spans})
    for service, day in days:
        first, last = spans[service]
        if not first <= day <= last:
            continue
        no_school = day in closed or not calendar.is_school_day(day)
        rows, sessions = school.get((service, day), []), family.get((service, day), [])
        said = _compare(rows, sessions, no_school, day)
        if said:
            found[service].append(said)
    return dict(found)


def _compare(
    rows: list[Placed],
    sessions: list[tuple[e.Session, str]],
    no_school: bool,
    day: dt.date,
) -> Disagreement | None:
    logs = tuple(dict.fromkeys(r.log for r in rows))
    noted = tuple(dict.fromkeys(n for _, n in sessions))
    nothing = said("nothing")
    school_said = nothing
    if rows:
        school_said = one_after_another(_school_words(r) for r in rows)
    family_said = nothing
    if sessions:
        family_said = one_after_another(_family_words(s) for s, _ in sessions)
    held = [r for r in rows if r.status in ("held", "partial", "made-up")]
    if not rows:
        if any(s.status in ("held", "partial", "missed") for s, _ in sessions):
            return Disagreement(day, nothing, family_said, False, noted)
        return None
    if held and no_school:
        return Disagreement(day, school_said,
                            said("{what} (no school that day)", what=family_said)
                            if sessions else said("no school that day"), False,
                            logs + noted)  # fmt: skip
    if not sessions:
        return None
    family_missed = [s for s, _ in sessions if s.status == "missed"]
    family_held = [s for s, _ in sessions if s.status in ("held", "partial", "made-up")]
    if held and family_missed and not family_held:
        by_school = any(side_of(s) == "school" for s in family_missed)
        return Disagreement(day, school_said, family_said, by_school, logs + noted)
    if not held and family_held and any(r.status == "missed" for r in rows):
        return Disagreement(day, school_said, family_said, False, logs + noted)
    school_minutes = sum(r.row.minutes or 0 for r in held)
    noted_minutes = [s.minutes for s in family_held if s.minutes is not None]
    if (
        held
        and noted_minutes
        and abs(school_minutes - sum(noted_minutes)) >= MINUTES_APART
    ):
        return Disagreement(day, school_said, family_said, False, logs + noted)
    return None


# What a day's record says, in words: by status, and by side for a miss.
_STATUS_WORDS = {
    "held": N_("held"), "partial": N_("cut short"), "made-up": N_("made up"),
    "no-session": N_("no session owed"), "unknown": N_("not known"),
    "missed": N_("missed"),
}  # fmt: skip
_MISSED_BY = {
    "school": N_("missed by the school"),
    "student": N_("missed by the student"),
}


def _day_words(status: str, side: str, minutes: float | None, why: str = "") -> Said:
    if status == "missed":
        words = said(_MISSED_BY.get(side, _STATUS_WORDS["missed"]))
    else:
        words = said(_STATUS_WORDS.get(status, status))
        if minutes:
            words = said("{words}, {minutes} minutes", words=words, minutes=minutes)
    if why:
        words = said("{words} ({why})", words=words, why=why)
    return words


def _school_words(item: Placed) -> Said:
    return _day_words(item.status, item.side, item.row.minutes, item.row.reason)


def _family_words(session: e.Session) -> Said:
    return _day_words(session.status, side_of(session), session.minutes)


def findings(
    journal: Journal,
    found: dict[str, list[Disagreement]],
    rules: Rules,
    as_of: dt.date,
) -> list[Finding]:
    """One `records-disagree` per service, listing its days; a reason to
    request a meeting when the school-side misses the log hides meet the
    rule for missed services (missed_repeatedly_count within
    missed_repeatedly_days)."""
    results = []
    for service, days in found.items():
        name = journal.service_name(service, days[-1].day)
        shown = tuple(
            said("{day:short} (log: {school}; notes: {family})", day=d.day,
                 school=d.school, family=d.family)
            for d in days
        )  # fmt: skip
        hidden = [d.day for d in days if d.school_side_miss]
        results.append(Finding(
            "records-disagree",
            said_n("{service}: the school's log and your notes disagree on "
                   "{count} day: {days}.",
                   "{service}: the school's log and your notes disagree on "
                   "{count} days: {days}.", len(days), service=name, days=shown),
            tuple(dict.fromkeys(x for d in days for x in d.entries)),
            days[-1].day, service,
            said("Ask the school, in writing, to correct its log or explain "
                 "each day; a `records` letter quotes them."),
            days=tuple(d.day for d in days),
            meeting=_repeated(hidden, rules),
        ))  # fmt: skip
    return results


def _repeated(days: list[dt.date], rules: Rules) -> bool:
    window = dt.timedelta(days=rules.missed_repeatedly_days)
    days = sorted(days)
    return any(
        sum(1 for other in days if day <= other <= day + window)
        >= rules.missed_repeatedly_count
        for day in days
    )


@dataclass
class SchoolFigures:
    """What the school's own log adds up to for one ledger row (a service
    over one IEP snapshot's days), over the days the log covers."""

    first: dt.date
    last: dt.date
    promised: float | None  # minutes, over the covered days
    provided: float
    not_provided: dict[str, float] = field(default_factory=dict)  # by reason
    not_provided_unknown: int = 0  # sessions missed with no length known
    entries: tuple[str, ...] = ()

    @property
    def not_provided_total(self) -> float:
        return sum(self.not_provided.values())

    @property
    def unaccounted(self) -> float | None:
        """Promised minus provided minus not provided (0 at least)."""
        if self.promised is None:
            return None
        return max(0.0, self.promised - self.provided - self.not_provided_total)

    def as_json(self) -> dict[str, object]:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "promised_minutes": self.promised,
            "provided_minutes": self.provided,
            "not_provided_minutes": dict(self.not_provided),
            "not_provided_sessions_without_length": self.not_provided_unknown,
            "unaccounted_minutes": self.unaccounted,
            "entries": list(self.entries),
        }


def figures(
    ledger: Ledger,
    placed: Iterable[Placed],
    calendar: SchoolCalendar,
    rules: Rules,
) -> SchoolFigures | None:
    """The school's arithmetic for one ledger row, or None when no log row
    falls in its days."""
    rows = [
        p
        for p in placed
        if p.service.lower() == ledger.service.id.lower()
        and ledger.start <= p.row.day <= ledger.end
    ]
    if not rows:
        return None
    first, last = min(p.row.day for p in rows), max(p.row.day for p in rows)
    frequency = ledger.frequency
    promised = None
    if frequency.usable and frequency.minutes_per_period is not None:
        factor, _ = periods_in(frequency, calendar, first, last, rules)
        promised = None if factor is None else frequency.minutes_per_period * factor
    logs = tuple(dict.fromkeys(p.log for p in rows))
    result = SchoolFigures(first, last, promised, 0.0, entries=logs)
    for item in rows:
        row = item.row
        if item.status in ("held", "partial", "made-up"):
            result.provided += row.minutes or 0
        elif item.status == "missed":
            length = row.missed_minutes or row.minutes or frequency.minutes
            if not length:
                result.not_provided_unknown += 1
                continue
            why = row.reason or row.status or said("no reason given")
            result.not_provided[why] = result.not_provided.get(why, 0) + length
    return result
