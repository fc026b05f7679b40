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
from iepjournal.analyze.services import Logged
from iepjournal.model import entries as e
from iepjournal.model.dates import long_date, short_date
from iepjournal.model.journal import Journal

KINDS = ("meeting-request", "data-request", "records-request", "missed-services",
         "follow-up", "no-reply", "records-correction")  # fmt: skip
REQUESTS = {"meeting-request": "meeting", "data-request": "data",
            "records-request": "records", "missed-services": "other",
            "follow-up": "other", "no-reply": "other",
            "records-correction": "records"}  # fmt: skip


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
    parent: str = ""  # the name to sign with (settings `parent`)
    sign_as: str = ""  # the line under it (settings `sign_as`)

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
        parent=settings.parent,
        sign_as=settings.sign_as,
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
        f"Please send the measurements behind the progress reports for the "
        f"goal for {g.area or g.id} ({g.goal.rstrip('.')}): the data collected "
        "since the baseline, with dates."
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
    """Every line that makes the total is in the letter: each session missed
    for the school's reasons, each cut short, each made up; the total for a
    service is exactly what its lines add up to."""
    letter.subject = f"Missed services for {letter.student}"
    facts: list[tuple[dt.date, str]] = []
    tally: dict[str, list[float]] = {}  # name -> [missed, short, made up]
    for ledger in built.ledgers:
        name = ledger.service.name or ledger.service.id
        sums = tally.setdefault(name, [0.0, 0.0, 0.0])
        for logged in ledger.logged:
            said, day = _missed_line(name, logged), logged.day
            if said is None:
                continue
            facts.append((day, f"{short_date(day)}, {day.year}: {said}"))
            if logged.session.status == "missed":
                sums[0] += logged.minutes or 0
            elif logged.session.status == "partial":
                sums[1] += logged.short
            else:
                sums[2] += logged.minutes or 0
    letter.facts = [text for _, text in sorted(facts, key=lambda x: x[0])]
    totals = [_total_line(name, *sums) for name, sums in tally.items() if any(sums)]
    letter.requests = [
        "Please tell me when and how these sessions will be made up"
        + (f" (by my count: {'; '.join(totals)})." if totals else "."),
        "Please send the provider's service log for these dates.",
        "Please let me know what will be done so that sessions are not missed again.",
    ]


def _missed_line(name: str, logged: Logged) -> str | None:
    """One line of the missed-services letter, or None for a session that
    is not part of the count (held, missed by the student, ...)."""
    session = logged.session
    reason = f" ({session.reason})" if session.reason else ""
    if session.status == "missed" and logged.side == "school" and logged.school:
        minutes = (
            f"{logged.minutes:g} minutes"
            if logged.minutes
            else "minutes not known, not counted"
        )
        return f"{name} not delivered{reason}, {minutes}."
    if session.status == "partial" and logged.side == "school" and logged.short:
        return f"{name} cut short{reason}, {logged.short:g} minutes short."
    if session.status == "made-up" and logged.minutes:
        return f"{name} made up{reason}, {logged.minutes:g} minutes."
    return None


def _total_line(name: str, missed: float, short: float, made_up: float) -> str:
    """ "Speech: 120 missed + 15 cut short - 60 made up = 75 minutes not
    delivered": the sum a reader can do from the lines above."""
    parts = [f"{missed:g} minutes missed"]
    if short:
        parts.append(f"+ {short:g} cut short")
    if made_up:
        parts.append(f"- {made_up:g} made up")
    total = missed + short - made_up
    if total < 0:
        return f"{name}: {' '.join(parts)}: more was made up than missed"
    if len(parts) == 1:
        return f"{name}: {total:g} minutes not delivered"
    return f"{name}: {' '.join(parts)} = {total:g} minutes not delivered"


def _follow_up(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    meetings = [
        m for m in journal.entries if isinstance(m, e.Meeting) and m.date <= letter.day
    ]
    meeting = meetings[-1] if meetings else None
    letter.meeting = meeting
    if meeting is None:  # no meeting recorded: nothing to thank for
        letter.subject = f"Following up on {letter.student}'s IEP"
        letter.requests = [
            f"Please let me know the next steps for {letter.student}'s IEP "
            "services, and who I should talk to about them."
        ]
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


# What a message's `request:` asked for, in a letter's words.
_ASKED = {"records": "copies of the records", "meeting": "a meeting",
          "data": "the data behind the progress reports",
          "evaluation": "an evaluation"}  # fmt: skip


def _no_reply(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    """A reminder for each request the family sent that has no answer past
    its date (the report's `awaiting-reply` and `records-request-overdue`),
    quoting the first request's date."""
    unanswered = [
        finding
        for finding in built.findings
        if finding.kind in ("awaiting-reply", "records-request-overdue")
    ]
    asked = [
        message
        for finding in unanswered
        for message in [journal.entry(finding.entries[0])]
        if isinstance(message, e.Message)
    ]
    if not asked:
        letter.subject = f"Following up on my requests for {letter.student}"
        letter.requests = ["Please let me know if any request of mine is still open."]
        return
    first = min(asked, key=lambda m: m.date)
    letter.subject = (
        f"Second request: {first.subject or first.title}"
        if len(asked) == 1
        else f"Second request: my messages since {long_date(first.date)}"
    )
    letter.facts = [
        f"On {long_date(m.date)} I wrote "
        + (f"to {m.to[0]} " if m.to else "")
        + f"about \u201c{m.subject or m.title}\u201d"
        + (f", asking for {_ASKED[m.request]}" if m.request in _ASKED else "")
        + "; I have had no reply."
        for m in sorted(asked, key=lambda m: m.date)
    ]
    letter.requests = [
        f"Please answer my message of {long_date(m.date)} "
        f"(\u201c{m.subject or m.title}\u201d)."
        for m in sorted(asked, key=lambda m: m.date)
    ]


def _records_correction(
    letter: Letter, built: gap_report.Report, journal: Journal
) -> None:
    """The days the school's own service log disagrees with the family's
    notes, each quoted with what both say; a correction or an explanation
    asked for, and make-up for the school-side misses the log hides."""
    letter.subject = f"Correcting the service log for {letter.student}"
    facts: list[tuple[dt.date, str]] = []
    hidden: list[dt.date] = []
    for service, days in built.disagreements.items():
        for day in days:
            name = journal.service_name(service, day.day)
            when = f"{short_date(day.day)}, {day.day.year}"
            said = f"your log says {day.school}; my notes say {day.family}"
            facts.append((day.day, f"{when} ({name}): {said}."))
            if day.school_side_miss:
                hidden.append(day.day)
    letter.facts = [text for _, text in sorted(facts, key=lambda x: x[0])]
    if not facts:
        letter.requests = [
            f"Please send me the service log for each of {letter.student}'s "
            "services since the start of the IEP."
        ]
        return
    letter.requests = [
        "Please check the service log for these days and correct it, or tell me "
        "in writing what happened on each.",
        "Please send the provider's session notes for these dates.",
    ]
    if hidden:
        dates = ", ".join(short_date(x) for x in sorted(hidden))
        letter.requests.append(
            f"My notes show sessions missed for the school's reasons on {dates}; "
            "please tell me when and how they will be made up."
        )


_FILL = {
    "meeting-request": _meeting,
    "data-request": _data,
    "records-request": _records,
    "missed-services": _missed,
    "follow-up": _follow_up,
    "no-reply": _no_reply,
    "records-correction": _records_correction,
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
