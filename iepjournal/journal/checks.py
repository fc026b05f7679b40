"""Checks that look across files: ids, references, attachments.

Each check is a plain function of the journal returning problems; adding a
check is adding a function to CHECKS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from iepjournal.model import entries as e
from iepjournal.model import school_log
from iepjournal.model.frequency import describe
from iepjournal.model.language import one_after_another, said
from iepjournal.model.problems import Problem, did_you_mean
from iepjournal.model.settings import school_day

if TYPE_CHECKING:
    from iepjournal.model.journal import Journal


def duplicate_ids(journal: Journal) -> Iterator[Problem]:
    first: dict[str, e.Entry] = {}
    for entry in sorted(journal.entries, key=lambda x: x.path):
        if entry.id in first:
            yield Problem(
                entry.path,
                entry.line_of("id"),
                1,
                "error",
                "duplicate-id",
                said(
                    "The id `{entry_id}` is already used by {path}.",
                    entry_id=entry.id,
                    path=first[entry.id].path,
                ),
                said(
                    "Give this entry its own `id`, or remove the `id` line to "
                    "use the file's path."
                ),
            )
        else:
            first[entry.id] = entry


def session_services(journal: Journal) -> Iterator[Problem]:
    for note in journal.of_type(e.Note):
        assert isinstance(note, e.Note)
        if not note.sessions:
            continue
        iep = journal.iep_in_force(note.date)
        if iep is None:
            yield _no_iep(note, "sessions")
            continue
        known = [s.id for s in iep.services]
        for session in note.sessions:
            if session.service not in known:
                yield _unknown(
                    note, session.line, "service", session.service, known, iep
                )


def progress_goals(journal: Journal) -> Iterator[Problem]:
    for report in journal.of_type(e.Progress):
        assert isinstance(report, e.Progress)
        if not report.goals:
            continue
        iep = journal.iep_in_force(report.date)
        if iep is None:
            yield _no_iep(report, "goals")
            continue
        known = [g.id for g in iep.goals]
        for goal in report.goals:
            if goal.goal not in known:
                yield _unknown(report, goal.line, "goal", goal.goal, known, iep)


def _no_iep(entry: e.Entry, key: str) -> Problem:
    return Problem(
        entry.path,
        entry.line_of(key),
        1,
        "warning",
        "no-iep-in-force",
        said(
            "No IEP is in force on {date}, so the {key} here cannot be matched to one.",
            date=entry.date.isoformat(),
            key=key,
        ),
        said(
            "Add the IEP under iep/ with its `effective` date, or check "
            "this entry's date."
        ),
    )


def _unknown(
    entry: e.Entry, line: int, what: str, name: str, known: list[str], iep: e.Iep
) -> Problem:
    listed = ", ".join(known)
    values = {
        "name": name,
        "date": entry.date.isoformat(),
        "iep_path": iep.path,
        "listed": listed,
    }
    if what == "service":
        message = (
            said(
                "`{name}` is not a service of the IEP in force on {date} "
                "({iep_path} lists {listed}).",
                **values,
            )
            if known
            else said(
                "`{name}` is not a service of the IEP in force on {date} "
                "({iep_path} lists no services).",
                **values,
            )
        )
        hint = said("Use the `id` of a service from that IEP.")
    else:
        message = (
            said(
                "`{name}` is not a goal of the IEP in force on {date} "
                "({iep_path} lists {listed}).",
                **values,
            )
            if known
            else said(
                "`{name}` is not a goal of the IEP in force on {date} "
                "({iep_path} lists no goals).",
                **values,
            )
        )
        hint = said("Use the `id` of a goal from that IEP.")
    return Problem(
        entry.path,
        line,
        1,
        "error",
        {"service": "unknown-service", "goal": "unknown-goal"}[what],
        message,
        did_you_mean(name, known) or hint,
    )


def referenced_services(journal: Journal) -> Iterator[Problem]:
    """A change or notice names services that some IEP has."""
    known = {s.id for iep in journal.ieps for s in iep.services}
    for entry in journal.entries:
        names: tuple[str, ...] = ()
        if isinstance(entry, e.Change) and entry.service:
            names, key = (entry.service,), "service"
        elif isinstance(entry, e.Notice):
            names, key = entry.services, "services"
        for name in names:
            if name not in known:
                yield Problem(
                    entry.path,
                    entry.line_of(key),
                    1,
                    "warning",
                    "unknown-service",
                    said(
                        "`{name}` is not a service of any IEP in this journal.",
                        name=name,
                    ),
                    did_you_mean(name, known)
                    or said("Use a service `id` from the IEP."),
                )


def referenced_entries(journal: Journal) -> Iterator[Problem]:
    """`notice`, `meeting` and `in_reply_to` point at entries that exist."""
    for entry in journal.entries:
        targets: list[tuple[str, str]] = []
        if isinstance(entry, e.Change):
            targets = [("notice", entry.notice), ("meeting", entry.meeting)]
        elif isinstance(entry, e.Message) and entry.in_reply_to:
            reply_to = entry.in_reply_to
            if "@" not in reply_to and not reply_to.startswith("<"):  # not a Message-ID
                targets = [("in_reply_to", reply_to)]
        for key, target in targets:
            target = target.removesuffix(".md")
            if target and journal.entry(target) is None:
                yield Problem(
                    entry.path,
                    entry.line_of(key),
                    1,
                    "warning",
                    "unknown-entry",
                    said(
                        "`{key}: {target}` does not match any entry in the journal.",
                        key=key,
                        target=target,
                    ),
                    did_you_mean(target, (x.id for x in journal.entries))
                    or said(
                        "Use the entry's path without .md, like notices/2026-10-02-pwn."
                    ),
                )


def attachments(journal: Journal) -> Iterator[Problem]:
    root = journal.root.resolve()
    for entry in journal.entries:
        for name in entry.attachments:
            beside = (journal.root / PurePosixPath(entry.path).parent / name).resolve()
            at_root = (journal.root / name).resolve()
            inside = [p for p in (beside, at_root) if p.is_relative_to(root)]
            if not inside:
                yield Problem(
                    entry.path,
                    entry.line_of("attachments"),
                    1,
                    "warning",
                    "attachment-outside",
                    said(
                        "The attachment `{name}` is outside the journal folder.",
                        name=name,
                    ),
                    said(
                        "Copy it into the journal's attachments/ folder and list "
                        "that path."
                    ),
                )
            elif not any(Path(p).is_file() for p in inside):
                yield Problem(
                    entry.path,
                    entry.line_of("attachments"),
                    1,
                    "warning",
                    "missing-attachment",
                    said("The attachment `{name}` is not in the journal.", name=name),
                    said(
                        "Put the file in attachments/ (or next to this entry) and "
                        "check the spelling, including upper and lower case."
                    ),
                )


def service_dates(journal: Journal) -> Iterator[Problem]:
    for iep in journal.ieps:
        for service in iep.services:
            for key, day in (("start", service.start), ("end", service.end)):
                outside = day and (
                    day < iep.in_force_from or (iep.ends is not None and day > iep.ends)
                )
                if outside:
                    yield Problem(
                        iep.path,
                        service.line,
                        1,
                        "warning",
                        "service-date-outside",
                        said(
                            "Service `{service_id}` has `{key}: {day}`, outside this "
                            "IEP's span.",
                            service_id=service.id,
                            key=key,
                            day=day,
                        ),
                        said(
                            "Check the date against the IEP's `effective` and `ends`."
                        ),
                    )


def frequencies(journal: Journal) -> Iterator[Problem]:
    """A frequency the ledger cannot count on is said, at its service."""
    for iep in journal.ieps:
        for service in iep.services:
            if not service.frequency:
                continue
            found = service.reading
            if not found.readable:
                code, message = (
                    "frequency-unreadable",
                    said(
                        "The frequency of `{service}` (`{frequency}`) could not "
                        "be read: {notes}.",
                        service=service.id,
                        frequency=service.frequency,
                        notes=one_after_another(found.notes),
                    ),
                )
            elif found.ambiguous:
                code, message = (
                    "frequency-ambiguous",
                    said(
                        "The frequency of `{service}` (`{frequency}`) is not "
                        "clear: {notes}.",
                        service=service.id,
                        frequency=service.frequency,
                        notes=one_after_another(found.notes),
                    ),
                )
            elif not found.sure:
                code, message = (
                    "frequency-unsure",
                    said(
                        "The frequency of `{service}` (`{frequency}`) was read as "
                        "{reading}, but not surely: {doubts}. Its figures are "
                        "marked unsure in the report.",
                        service=service.id,
                        frequency=service.frequency,
                        reading=describe(found),
                        doubts=one_after_another(found.doubts),
                    ),
                )
            else:
                continue
            yield Problem(
                iep.path,
                service.frequency_line or service.line,
                1,
                "warning",
                code,
                message,
                said(
                    "Copy it exactly as the IEP's service page writes it; if "
                    "that is what it says, ask the school to state the number of "
                    "sessions, their length and how often. Try: iepjournal "
                    'frequency "{frequency}"',
                    frequency=service.frequency,
                ),
            )


def measured_values(journal: Journal) -> Iterator[Problem]:
    """Baselines, targets and reported values are a number with a unit, and
    a goal's baseline and target are in the same unit."""
    from iepjournal.model import values

    hint = said("Write a number with a unit: 30%, 45 wcpm, 3/5 trials, 10 per week.")
    for iep in journal.ieps:
        for goal in iep.goals:
            parsed = {}
            for key in ("baseline", "target"):
                text = getattr(goal, key)
                parsed[key] = values.parse(text) if text else None
                if text and parsed[key] is None:
                    yield Problem(
                        iep.path,
                        goal.line,
                        1,
                        "warning",
                        "value-unreadable",
                        said(
                            "The {key} of goal `{goal_id}` (`{text}`) is not a number "
                            "with a unit.",
                            key=key,
                            goal_id=goal.id,
                            text=text,
                        ),
                        hint,
                    )
            base, target = parsed["baseline"], parsed["target"]
            if base and target and base.unit != target.unit:
                yield Problem(
                    iep.path,
                    goal.line,
                    1,
                    "warning",
                    "unit-mismatch",
                    said(
                        "Goal `{goal_id}` has its baseline in {value} and its target "
                        "in {value2}.",
                        goal_id=goal.id,
                        value=base.unit or "no unit",
                        value2=target.unit or "no unit",
                    ),
                    said("Write both in the same unit, as the IEP does."),
                )
    for report in journal.of_type(e.Progress):
        assert isinstance(report, e.Progress)
        for reported in report.goals:
            if reported.value and values.parse(reported.value) is None:
                yield Problem(
                    report.path,
                    reported.line,
                    1,
                    "warning",
                    "value-unreadable",
                    said(
                        "The value for `{goal}` (`{value}`) is not a number with a "
                        "unit.",
                        goal=reported.goal,
                        value=reported.value,
                    ),
                    hint,
                )


# A date this many years from the middle of the journal's dates is likely a
# typo (2062 for 2026), and would move every count it is part of.
FAR_YEARS = 20


def far_dates(journal: Journal) -> Iterator[Problem]:
    """A date decades away from the journal's other dates is said."""
    days = sorted(x.date for x in journal.entries)
    if not days:
        return
    middle = days[len(days) // 2]
    for entry in journal.entries:
        fields: list[tuple[str, dt.date | None]] = [("date", entry.date)]
        if isinstance(entry, e.Iep):
            fields += [
                ("effective", entry.effective),
                ("ends", entry.ends),
                ("last_evaluation", entry.last_evaluation),
            ]
        for key, day in fields:
            if day is not None and abs(day.year - middle.year) > FAR_YEARS:
                yield Problem(
                    entry.path,
                    entry.line_of(key),
                    1,
                    "warning",
                    "date-far-away",
                    said(
                        "`{key}: {day}` is decades away from the journal's other "
                        "dates (around {year}).",
                        key=key,
                        day=day.isoformat(),
                        year=middle.year,
                    ),
                    said(
                        "Check the year: a typo here moves every count it is part of."
                    ),
                )


def repeated_sessions(journal: Journal) -> Iterator[Problem]:
    """A session written down twice is said where it repeats; it counts once."""
    notes = [x for x in journal.entries if isinstance(x, e.Note)]
    by_id = {x.id: x for x in notes}
    for (note_id, line), first in sorted(e.repeated_sessions(notes).items()):
        yield Problem(
            by_id[note_id].path,
            line,
            1,
            "warning",
            "repeated-session",
            said(
                "This session is already written, the same, in {first}; it "
                "is counted once.",
                first=first,
            ),
            said(
                "If there really were two sessions that day, write the "
                "minutes or the time of each so they differ; otherwise "
                "delete one."
            ),
        )


def sessions_on_one_day(journal: Journal) -> Iterator[Problem]:
    """One service with two different sessions on one day (two notes, or
    one note naming it twice) is said at each session after the first, when
    the IEP in force promises at most one session a day: both are counted,
    so a slip of the thumb would count a session twice. A make-up session
    is an extra session by nature and is not said; a session written the
    same twice is repeated_sessions' business."""
    notes = sorted(
        (x for x in journal.entries if isinstance(x, e.Note)),
        key=lambda x: x.sort_key,
    )
    repeats = e.repeated_sessions(notes)
    first: dict[tuple[dt.date, str], str] = {}
    for note in notes:
        for session in note.sessions:
            if session.status == "made-up" or (note.id, session.line) in repeats:
                continue
            key = (note.date, session.service.lower())
            if key not in first:
                first[key] = note.id
                continue
            if _more_than_one_a_day(journal, note.date, key[1]):
                continue
            where = "this note" if first[key] == note.id else first[key]
            yield Problem(
                note.path,
                session.line or note.line,
                1,
                "warning",
                "service-twice-on-a-day",
                said(
                    "`{service}` already has a session on {date} (in {where}); "
                    "both are counted.",
                    service=session.service,
                    date=note.date.isoformat(),
                    where=where,
                ),
                said(
                    "If there was one session, take this one out; if there were "
                    "two (a second session, not a make-up), keep both."
                ),
            )


def _more_than_one_a_day(journal: Journal, day: dt.date, service: str) -> bool:
    """The IEP in force that day promises the service more than once a day."""
    iep = journal.iep_in_force(day)
    for promised in iep.services if iep else []:
        if promised.id.lower() == service:
            reading = promised.reading
            return reading.per == "day" and (reading.sessions or 0) > 1
    return False


def school_log_rows(journal: Journal) -> Iterator[Problem]:
    """A school log row whose service is not one of the IEP's, or whose
    status is not a word the journal knows, is said at its line: it is not
    compared, never guessed at."""
    settings = journal.settings
    for log in journal.entries:
        if not isinstance(log, e.SchoolLog):
            continue
        for row in log.rows:
            iep = journal.iep_in_force(row.day)
            services = [(s.id, s.name) for s in iep.services] if iep else []
            own = settings.school_log_services
            if iep and not school_log.place(row.service, services, own):
                yield Problem(
                    log.path,
                    row.line,
                    1,
                    "warning",
                    "school-log-service",
                    said(
                        "`{service}` in the school's log is not a service of the IEP "
                        "in force on {day} (it lists {items}); the row is not "
                        "compared.",
                        service=row.service,
                        day=row.day.isoformat(),
                        items=", ".join(s.id for s in iep.services),
                    ),
                    said(
                        "Say which it is in iepjournal.toml: [school_log.services] "
                        '"{service}" = "{first_id}"',
                        service=row.service,
                        first_id=_first_id(iep),
                    ),
                )
            if school_log.meaning(row, settings.school_log_statuses) is None:
                yield Problem(
                    log.path,
                    row.line,
                    1,
                    "warning",
                    "school-log-status",
                    said(
                        "`{status}` is not a status this journal knows; the row is "
                        "not compared.",
                        status=row.status,
                    ),
                    said(
                        "Say what it means in iepjournal.toml: "
                        '[school_log.statuses] "{status}" = "held" (or: {names}).',
                        status=row.status,
                        names=", ".join(school_log.STATUS_NAMES),
                    ),
                )


def _first_id(iep: e.Iep) -> str:
    return iep.services[0].id if iep.services else "speech"


def misses_without_school(journal: Journal) -> Iterator[Problem]:
    """A session marked missed on a day without school (a weekend, a day
    off in the school year, a day the note itself says school was closed)
    is said: it is never counted as owed."""
    years = journal.settings.school_years
    notes = [x for x in journal.entries if isinstance(x, e.Note)]
    # The closures the ledger's calendar takes from notes, any note that day.
    closed_on = {x.date: x.id for x in notes if x.school_closed}
    for note in notes:
        closer = closed_on.get(note.date)
        if closer is None and school_day(years, note.date):
            continue
        why = (
            said("this note says school was closed")
            if closer == note.id
            else said("{note} says school was closed", note=closer)
            if closer is not None
            else said(
                "{weekday:weekday} {day} has no school by the school calendar",
                weekday=note.date,
                day=note.date.isoformat(),
            )
        )
        for session in note.sessions:
            if session.status == "missed":
                yield Problem(
                    note.path,
                    session.line or note.line,
                    1,
                    "warning",
                    "missed-without-school",
                    said(
                        "`{service}` is marked missed, but {why}; the miss is not "
                        "counted as owed.",
                        service=session.service,
                        why=why,
                    ),
                    said(
                        "If there was school that day, fix the date (or the days off "
                        "in iepjournal.toml); if not, take the session out."
                    ),
                )


def dated_later(journal: Journal, today: dt.date) -> Iterator[Problem]:
    """A note with sessions dated after today (a typo in the day or the
    year, or a phone's date picker) is said: its sessions are counted only
    once that day comes. Run by `check`, which is given today."""
    for note in journal.entries:
        if isinstance(note, e.Note) and note.sessions and note.date > today:
            yield Problem(
                note.path,
                note.line_of("date"),
                1,
                "warning",
                "dated-in-future",
                said(
                    "This note is dated {date}, after today ({today}); its "
                    "sessions are not counted until then.",
                    date=note.date.isoformat(),
                    today=today.isoformat(),
                ),
                said("Check the day and the year of `date:` (and of the file name)."),
            )


def long_entries(journal: Journal) -> Iterator[Problem]:
    """An entry too long to format on the site (a pasted document, a runaway
    email) is said, so the family knows why it shows as plain text."""
    for entry in journal.entries:
        if e.too_long_to_format(entry.body):
            size = len(entry.body)
            whole = size <= e.SHOWN_LIMIT
            yield Problem(
                entry.path,
                entry.body_line,
                1,
                "warning",
                "entry-too-long",
                said(
                    "This entry's text is {size} characters long; the site "
                    "shows it as plain text, without formatting.",
                    size=size,
                )
                if whole
                else said(
                    "This entry's text is {size} characters long; the site "
                    "shows its first {shown} characters, as plain text.",
                    size=size,
                    shown=e.SHOWN_LIMIT,
                ),
                said(
                    "Nothing is lost: the file is kept as it is. To have it "
                    "formatted, split it into several entries, or put blank "
                    "lines between paragraphs (each under {PARAGRAPH_LIMIT} "
                    "characters).",
                    PARAGRAPH_LIMIT=e.PARAGRAPH_LIMIT,
                ),
            )


CHECKS: tuple[Callable[[Journal], Iterator[Problem]], ...] = (
    duplicate_ids,
    session_services,
    progress_goals,
    referenced_services,
    referenced_entries,
    attachments,
    service_dates,
    frequencies,
    measured_values,
    far_dates,
    long_entries,
    repeated_sessions,
    sessions_on_one_day,
    misses_without_school,
    school_log_rows,
)


def run(journal: Journal) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(journal)]
