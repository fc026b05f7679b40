"""Findings: what the report says, each tied to the entries that show it.

A finding is a value: a kind (one of finding_kinds.KINDS, which says
whether it is a reason to request an IEP meeting), a plain sentence, and
the entries behind it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from iepjournal.analyze.finding_kinds import KINDS, MEETING
from iepjournal.analyze.proration import periods_in
from iepjournal.analyze.school_days import SchoolCalendar
from iepjournal.analyze.services import Ledger, Logged
from iepjournal.model.language import Said, one_after_another, said, said_n
from iepjournal.model.settings import Rules


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    message: str  # a Said: English, and said again in the reader's language
    entries: tuple[str, ...] = ()
    day: dt.date | None = None  # when it happened, for ordering
    subject: str = ""  # the service or goal id it is about
    advice: str = ""
    days: tuple[dt.date, ...] = ()  # the days it is about, when it lists some
    # A kind that is a reason to request a meeting only when its facts meet
    # a rule (records-disagree): the finding says so; else its kind does.
    meeting: bool | None = None

    @property
    def meeting_reason(self) -> bool:
        if self.meeting is not None:
            return self.meeting
        return KINDS[self.kind].meeting_reason

    @property
    def section(self) -> str:
        return MEETING if self.meeting_reason else KINDS[self.kind].section

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "meeting_reason": self.meeting_reason,
            "section": self.section,
            "message": self.message,
            "entries": list(self.entries),
            "date": self.day.isoformat() if self.day else None,
            "subject": self.subject,
            "advice": self.advice,
            "days": [day.isoformat() for day in self.days],
        }


def _times(count: int) -> Said:
    if count == 1:
        return said("once")
    if count == 2:
        return said("twice")
    return said("{count} times", count=count)


def _name(ledger: Ledger) -> str:
    return ledger.service.name or ledger.service.id


def missed_repeatedly(ledger: Ledger, rules: Rules) -> Iterator[Finding]:
    """Each run of school-side misses with enough of them within the window."""
    misses = sorted(ledger.school_misses, key=lambda x: x.day)
    window = dt.timedelta(days=rules.missed_repeatedly_days)
    runs: list[list[Logged]] = []
    for miss in misses:
        if runs and miss.day - runs[-1][-1].day <= window:
            runs[-1].append(miss)
        else:
            runs.append([miss])
    for run in runs:
        days = [x.day for x in run]  # in order: each window counted by bisection
        most = max(
            bisect.bisect_left(days, day + window) - bisect.bisect_left(days, day)
            for day in days
        )
        if most < rules.missed_repeatedly_count:
            continue
        yield Finding(
            "services-missed-repeatedly",
            said(
                "{service} was missed by the school {times} between "
                "{first:short} and {last:short}: {days:short}.",
                service=_name(ledger),
                times=_times(len(run)),
                first=run[0].day,
                last=run[-1].day,
                days=tuple(x.day for x in run),
            ),
            tuple(x.entry for x in run),
            run[-1].day,
            ledger.service.id,
            said("Ask in writing when the sessions will be made up."),
        )


def shortfall(ledger: Ledger) -> Iterator[Finding]:
    minutes = ledger.shortfall_minutes
    if minutes <= 0:
        return
    school = ledger.school_misses
    parts: list[Said] = []
    if school:
        parts.append(
            said_n(
                "{count} session missed by the school",
                "{count} sessions missed by the school",
                len(school),
            )
        )
    short = [x for x in ledger.logged if x.short and x.side == "school"]
    if short:
        parts.append(said_n("{count} cut short", "{count} cut short", len(short)))
    if ledger.made_up_minutes:
        parts.append(said("less {minutes} minutes made up",
                          minutes=ledger.made_up_minutes))  # fmt: skip
    yield Finding(
        "service-shortfall",
        said(
            "{service}: {minutes} minutes not delivered for the school's "
            "reasons ({parts}), {start:short} to {end:short}.",
            service=_name(ledger),
            minutes=minutes,
            parts=one_after_another(parts, ", "),
            start=ledger.start,
            end=ledger.end,
        ),
        tuple(x.entry for x in school + short),
        ledger.end,
        ledger.service.id,
        said(
            "This is the starting point for a talk about make-up (compensatory) "
            "services, not a figure owed."
        ),
    )


def no_records(
    ledgers: list[Ledger], calendar: SchoolCalendar, rules: Rules, as_of: dt.date
) -> Iterator[Finding]:
    """No note mentions a service in the last weeks though sessions were
    expected; `ledgers` are one service's, across IEP snapshots."""
    first = as_of - dt.timedelta(days=rules.no_records_days - 1)
    expected, mentioned = 0.0, False
    for ledger in ledgers:
        start, end = max(first, ledger.start), min(as_of, ledger.end)
        if start > end or not ledger.frequency.usable:
            continue
        factor, _ = periods_in(ledger.frequency, calendar, start, end, rules)
        expected += (ledger.frequency.sessions or 0) * (factor or 0)
        mentioned = mentioned or any(start <= x.day <= end for x in ledger.logged)
    if mentioned or expected < rules.no_records_min_expected:
        return
    name = _name(ledgers[-1])
    yield Finding(
        "no-session-records",
        said(
            "No note mentions {service} since {first:short}, though about "
            "{expected} sessions were expected.",
            service=name,
            first=first,
            expected=round(expected),
        ),
        (),
        as_of,
        ledgers[-1].service.id,
        said(
            "Silence is not counted either way: ask the provider for the "
            "service log for these weeks."
        ),
    )


def underspecified(ledger: Ledger) -> Iterator[Finding]:
    frequency = ledger.frequency
    if not frequency.readable:
        message = (
            said(
                "The frequency of {service} (\u201c{frequency}\u201d) could not "
                "be read, so nothing is counted for it.",
                service=_name(ledger),
                frequency=frequency.text,
            )
            if frequency.text
            else said(
                "No frequency is written for {service}, so nothing is counted for it.",
                service=_name(ledger),
            )
        )
        yield Finding(
            "frequency-unreadable",
            message,
            (ledger.iep.id,),
            ledger.iep.date,
            ledger.service.id,
            said(
                "Check it is copied exactly; if it is, ask the school to state "
                "the sessions, their length and how often."
            ),
        )
        return
    if frequency.ambiguous:
        yield Finding(
            "frequency-unreadable",
            said(
                "The frequency of {service} (\u201c{frequency}\u201d) is not "
                "clear ({notes}), so nothing is counted for it.",
                service=_name(ledger),
                frequency=frequency.text,
                notes=one_after_another(frequency.notes),
            ),
            (ledger.iep.id,),
            ledger.iep.date,
            ledger.service.id,
            said(
                "Ask the school to write exactly how many sessions, how long, "
                "and how often."
            ),
        )
    missing: list[Said] = []
    # "300 minutes per week" is how IEPs commonly state specialized
    # instruction: an amount and a period, not a deficient IEP.
    minutes_only = frequency.sessions is None and frequency.minutes_per_period
    if frequency.sessions is None and not minutes_only:
        missing.append(said("how many sessions"))
    if frequency.minutes is None and not minutes_only:
        missing.append(said("how long each session is"))
    if frequency.sessions_max is not None or frequency.minutes_max is not None:
        missing.append(said("an exact amount (it gives a range)"))
    if not (ledger.service.setting or frequency.setting):
        missing.append(said("where it happens (the setting)"))
    if missing:
        yield Finding(
            "service-underspecified",
            said(
                "The IEP does not say {missing} for {service} "
                "(\u201c{frequency}\u201d).",
                missing=tuple(missing),
                service=_name(ledger),
                frequency=frequency.text,
            ),
            (ledger.iep.id,),
            ledger.iep.date,
            ledger.service.id,
            said(
                "An IEP must state the frequency, duration and location of each "
                "service clearly; ask for it to be written down."
            ),
        )
