"""Letters drafted from the findings: a meeting request, a data request, a
records request, a note about missed services, a follow-up after a meeting.

Each is plain, polite and factual: the facts in date order, numbered
requests, a date to answer by. The words are Jinja2 templates in
`templates/letters/`, which a journal may override.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from iepjournal.analyze import report as gap_report
from iepjournal.analyze.followup import school_days_after
from iepjournal.model import entries as e
from iepjournal.model.dates import long_date, short_date
from iepjournal.model.journal import Journal

KINDS = ("meeting-request", "data-request", "records-request", "missed-services",
         "follow-up")  # fmt: skip
REQUESTS = {"meeting-request": "meeting", "data-request": "data",
            "records-request": "records", "missed-services": "other",
            "follow-up": "other"}  # fmt: skip


@dataclass
class Letter:
    kind: str
    day: dt.date
    student: str
    school: str
    sender: str
    to: str
    cc: list[str]
    subject: str
    reply_by: dt.date
    facts: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    meeting: e.Meeting | None = None

    @property
    def request(self) -> str:
        return REQUESTS[self.kind]

    @property
    def greeting(self) -> str:
        """The name to write after "Dear": the addressee without an address."""
        name = self.to.split("<")[0].strip().strip('"')
        return "case manager" if name in ("", "the case manager") else name


def draft(journal: Journal, kind: str, day: dt.date) -> Letter:
    """The letter of this kind, as of `day`, from what the journal shows."""
    built = gap_report.build(journal, day)
    settings = journal.settings
    iep = journal.iep_in_force(day)
    student = settings.student or "my child"
    letter = Letter(
        kind=kind,
        day=day,
        student=student,
        school=settings.school,
        sender=settings.family[0] if settings.family else "",
        to=(iep.case_manager if iep and iep.case_manager else "the case manager"),
        cc=[settings.principal] if settings.principal else [],
        subject="",
        reply_by=school_days_after(
            built.calendar, day, settings.rules.reply_within_school_days
        ),
    )
    _FILL[kind](letter, built, journal)
    return letter


def _meeting(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    letter.subject = f"Request for an IEP meeting for {letter.student}"
    letter.facts = [f.message for f in built.meeting_reasons]
    letter.requests = [
        f"Please schedule an IEP meeting for {letter.student} and send me "
        f"possible dates by {long_date(letter.reply_by)}.",
        "Please send, before the meeting, the service logs and the progress "
        "monitoring data for each goal since the start of the IEP.",
        "Please send a Prior Written Notice for any change proposed or refused.",
    ]


def _data(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    letter.subject = f"Request for progress data for {letter.student}"
    vague = [f for f in built.findings if f.kind in (
        "progress-report-vague", "progress-report-copied", "no-measurable-improvement",
        "goal-off-pace",
    )]  # fmt: skip
    letter.facts = [f.message for f in sorted(vague, key=lambda f: f.day or letter.day)]
    goals = [g.goal for g in built.goals]
    letter.requests = [
        f"Please send the measurements behind the progress reports for "
        f"{g.id} ({g.goal.rstrip('.')}): the data collected since the baseline, "
        "with dates."
        for g in goals
    ] or ["Please send the progress monitoring data for each IEP goal, with dates."]


def _records(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    days = journal.settings.rules.records_request_days
    letter.subject = f"Request for {letter.student}'s educational records"
    letter.reply_by = letter.day + dt.timedelta(days=days)
    letter.facts = []
    letter.requests = [
        f"Please provide copies of {letter.student}'s complete educational "
        "records, including the current and past IEPs, evaluations, and "
        "Prior Written Notices.",
        "Please include the service logs for each service since the start of "
        "the current IEP, and all data collected on the IEP goals.",
        f"Please provide them within {days} days, by "
        f"{long_date(letter.reply_by)}, or before the next IEP meeting if that "
        "comes first.",
    ]


def _missed(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    letter.subject = f"Missed services for {letter.student}"
    facts = []
    for ledger in built.ledgers:
        for miss in ledger.school_misses:
            minutes = f", {miss.minutes:g} minutes" if miss.minutes else ""
            reason = f" ({miss.session.reason})" if miss.session.reason else ""
            said = f"{ledger.service.name} not delivered{reason}{minutes}."
            facts.append((miss.day, f"{short_date(miss.day)}, {miss.day.year}: {said}"))
    letter.facts = [text for _, text in sorted(facts)]
    short: dict[str, float] = {}
    for ledger in built.ledgers:  # a service can span IEP snapshots: add them up
        short[ledger.service.name] = short.get(ledger.service.name, 0) + (
            ledger.shortfall_minutes
        )
    totals = "; ".join(f"{name}: {minutes:g} minutes" for name, minutes in short.items()
                       if minutes > 0)  # fmt: skip
    letter.requests = [
        "Please tell me when and how these sessions will be made up"
        + (f" (by my count, {totals} not delivered)." if totals else "."),
        "Please send the provider's service log for these dates.",
        "Please let me know what will be done so that sessions are not missed again.",
    ]


def _follow_up(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    meetings = [
        m for m in journal.entries if isinstance(m, e.Meeting) and m.date <= letter.day
    ]
    meeting = meetings[-1] if meetings else None
    letter.meeting = meeting
    if meeting is None:
        letter.subject = f"Following up for {letter.student}"
        letter.requests = ["Please let me know the next steps we agreed on."]
        return
    letter.subject = f"Following up on the meeting of {long_date(meeting.date)}"
    letter.facts = [
        f"We agreed: {decision.rstrip('.')}." for decision in meeting.decisions
    ]
    letter.requests = [_follow_up_item(item) for item in meeting.follow_up]
    noticed = any(
        isinstance(x, e.Notice) and meeting.date <= x.date <= letter.day
        for x in journal.entries
    )
    if meeting.decisions and not noticed:
        letter.requests.append(
            "Please send the Prior Written Notice for the decisions above."
        )
    if not letter.requests:
        letter.requests = [
            "Please let me know if your notes of the meeting differ from mine."
        ]


def _follow_up_item(item: e.FollowUp) -> str:
    who = [item.who] if item.who else []
    if item.by:
        who.append(f"by {long_date(item.by)}")
    return f"Please confirm: {item.what}" + (f" ({', '.join(who)})." if who else ".")


_FILL = {
    "meeting-request": _meeting,
    "data-request": _data,
    "records-request": _records,
    "missed-services": _missed,
    "follow-up": _follow_up,
}


def render(letter: Letter, journal: Journal) -> str:
    """The letter as a journal entry: front matter marked `draft: true`,
    then the text."""
    from iepjournal.capture.new_entries import quoted
    from iepjournal.render import templates

    environment = templates.environment(
        journal.root, html=False, keep_trailing_newline=True
    )  # Markdown, not HTML
    environment.filters["long"] = long_date
    environment.filters["quoted"] = quoted
    return environment.get_template(f"letters/{letter.kind}.md").render(letter=letter)
