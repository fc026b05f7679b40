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
from iepjournal.capture.letter_kinds import REQUESTS
from iepjournal.model import entries as e
from iepjournal.model.journal import Journal
from iepjournal.model.language import (
    ENGLISH,
    N_,
    Language,
    LanguageName,
    Said,
    one_after_another,
    said,
)


@dataclass
class Letter:
    kind: str
    day: dt.date
    student: str
    school: str
    sender: str
    to: str
    cc: list[str]
    subject: str  # a Said until the letter is said in its language
    reply_by: dt.date
    facts: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    meeting: e.Meeting | None = None
    parent: str = ""  # the name to sign with (settings `parent`)
    sign_as: str = ""  # the line under it (settings `sign_as`)
    # the language the family asks the school to write back in (None: any)
    reply_in: LanguageName | None = None
    greeting: str = ""  # after "Dear": the addressee's name (see _greeting)

    @property
    def request(self) -> str:
        return REQUESTS[self.kind]


def _greeting(to: str) -> str:
    """The name to write after "Dear": the addressee without an address
    (found while `to` is still English: said in the letter's language
    later, "the case manager" would no longer be recognized)."""
    name = to.split("<")[0].strip().strip('"')
    if name in ("", "the case manager"):
        return said("case manager")
    return name


_CASE_MANAGER = said("the case manager")


def draft(
    journal: Journal,
    kind: str,
    day: dt.date,
    *,
    interpreter: str = "",
    reply_in: str = "",
) -> Letter:
    """The letter of this kind, as of `day`, from what the journal shows.
    `interpreter`: the code of the language a meeting request asks an
    interpreter for (ANY_LANGUAGE: one, its language unnamed); `reply_in`:
    the code of the language the family asks the school to write back in
    ("" for neither)."""
    built = gap_report.build(journal, day)
    settings = journal.settings
    iep = journal.iep_in_force(day)
    student = settings.student or said("my child")
    letter = Letter(
        kind=kind,
        day=day,
        student=student,
        school=settings.school,
        sender=settings.family[0] if settings.family else "",
        to=(iep.case_manager if iep and iep.case_manager else _CASE_MANAGER),
        cc=[settings.principal] if settings.principal else [],
        subject="",
        reply_by=school_days_after(
            built.calendar, day, settings.rules.reply_within_school_days
        ),
        parent=settings.parent,
        sign_as=settings.sign_as,
        reply_in=LanguageName(reply_in) if reply_in else None,
    )
    letter.greeting = _greeting(letter.to)
    _FILL[kind](letter, built, journal)
    if interpreter == ANY_LANGUAGE and kind == "meeting-request":
        letter.requests.append(
            said("Please provide an interpreter at the meeting, at no cost to me, "
                 "so that I can take part fully.")
        )  # fmt: skip
    elif interpreter and kind == "meeting-request":
        letter.requests.append(
            said(
                "Please provide an interpreter for {language} at the meeting, at "
                "no cost to me, so that I can take part fully.",
                language=LanguageName(interpreter),
            )
        )
    return letter


# `interpreter` for a family whose language iepjournal does not speak: the
# letter asks for one without naming the language.
ANY_LANGUAGE = "any"


def _meeting(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    letter.subject = said(
        "Request for an IEP meeting for {student}", student=letter.student
    )
    letter.facts = [f.message for f in built.meeting_reasons]
    letter.requests = [
        said(
            "Please schedule an IEP meeting for {student} and send me "
            "possible dates by {day}.",
            student=letter.student,
            day=letter.reply_by,
        ),
        said(
            "Please send, before the meeting, the service logs and the progress "
            "monitoring data for each goal since the start of the IEP."
        ),
        said("Please send a Prior Written Notice for any change proposed or refused."),
    ]


def _data(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    letter.subject = said(
        "Request for progress data for {student}", student=letter.student
    )
    vague = [
        f
        for f in built.findings
        if f.kind
        in (
            "progress-report-vague",
            "progress-report-copied",
            "no-measurable-improvement",
            "goal-off-pace",
        )
    ]
    letter.facts = [f.message for f in sorted(vague, key=lambda f: f.day or letter.day)]
    goals = [g.goal for g in built.goals]
    letter.requests = [
        said(
            "Please send the measurements behind the progress reports for the "
            "goal for {goal} ({words}): the data collected since the baseline, "
            "with dates.",
            goal=g.area or g.id,
            words=g.goal.rstrip("."),
        )
        for g in goals
    ] or [
        said("Please send the progress monitoring data for each IEP goal, with dates.")
    ]


def _records(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    days = journal.settings.rules.records_request_days
    letter.subject = said(
        "Request for {student}'s educational records", student=letter.student
    )
    letter.reply_by = letter.day + dt.timedelta(days=days)
    letter.facts = []
    letter.requests = [
        said(
            "Please provide copies of {student}'s complete educational records, "
            "including the current and past IEPs, evaluations, and Prior "
            "Written Notices.",
            student=letter.student,
        ),
        said(
            "Please include the service logs for each service since the start "
            "of the current IEP, and all data collected on the IEP goals."
        ),
        said(
            "Please provide them within {days} days, by {day}, or before the "
            "next IEP meeting if that comes first.",
            days=days,
            day=letter.reply_by,
        ),
    ]


def _missed(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    """Every line that makes the total is in the letter: each session missed
    for the school's reasons, each cut short, each made up; the total for a
    service is exactly what its lines add up to."""
    letter.subject = said("Missed services for {student}", student=letter.student)
    facts: list[tuple[dt.date, Said]] = []
    tally: dict[str, list[float]] = {}  # name -> [missed, short, made up]
    for ledger in built.ledgers:
        name = ledger.service.name or ledger.service.id
        sums = tally.setdefault(name, [0.0, 0.0, 0.0])
        for logged in ledger.logged:
            line, day = _missed_line(name, logged), logged.day
            if line is None:
                continue
            facts.append((day, _dated(day, line)))
            if logged.session.status == "missed":
                sums[0] += logged.minutes or 0
            elif logged.session.status == "partial":
                sums[1] += logged.short
            else:
                sums[2] += logged.minutes or 0
    letter.facts = [text for _, text in sorted(facts, key=lambda x: x[0])]
    totals = [_total_line(name, *sums) for name, sums in tally.items() if any(sums)]
    letter.requests = [
        said(
            "Please tell me when and how these sessions will be made up (by my "
            "count: {totals}).",
            totals=one_after_another(totals),
        )
        if totals
        else said("Please tell me when and how these sessions will be made up."),
        said("Please send the provider's service log for these dates."),
        said(
            "Please let me know what will be done so that sessions are not "
            "missed again."
        ),
    ]


def _missed_line(name: str, logged: Logged) -> Said | None:
    """One line of the missed-services letter, or None for a session that
    is not part of the count (held, missed by the student, ...)."""
    session = logged.session
    reason = said(" ({why})", why=session.reason) if session.reason else ""
    if session.status == "missed" and logged.side == "school" and logged.school:
        if logged.minutes:
            return said(
                "{service} not delivered{reason}, {minutes} minutes.",
                service=name,
                reason=reason,
                minutes=logged.minutes,
            )
        return said(
            "{service} not delivered{reason}, minutes not known, not counted.",
            service=name,
            reason=reason,
        )
    if session.status == "partial" and logged.side == "school" and logged.short:
        return said(
            "{service} cut short{reason}, {minutes} minutes short.",
            service=name,
            reason=reason,
            minutes=logged.short,
        )
    if session.status == "made-up" and logged.minutes:
        return said(
            "{service} made up{reason}, {minutes} minutes.",
            service=name,
            reason=reason,
            minutes=logged.minutes,
        )
    return None


def _total_line(name: str, missed: float, short: float, made_up: float) -> Said:
    """ "Speech: 120 minutes missed + 15 cut short - 60 made up = 75 minutes
    not delivered": the sum a reader can do from the lines above."""
    total = missed + short - made_up
    values = {
        "service": name,
        "missed": missed,
        "short": short,
        "made_up": made_up,
        "total": total,
    }
    if total < 0:
        if short:
            return said(
                "{service}: {missed} minutes missed + {short} cut short - "
                "{made_up} made up: more was made up than missed",
                **values,
            )
        return said(
            "{service}: {missed} minutes missed - {made_up} made up: more "
            "was made up than missed",
            **values,
        )
    if short and made_up:
        return said(
            "{service}: {missed} minutes missed + {short} cut short - "
            "{made_up} made up = {total} minutes not delivered",
            **values,
        )
    if short:
        return said(
            "{service}: {missed} minutes missed + {short} cut short = "
            "{total} minutes not delivered",
            **values,
        )
    if made_up:
        return said(
            "{service}: {missed} minutes missed - {made_up} made up = "
            "{total} minutes not delivered",
            **values,
        )
    return said("{service}: {total} minutes not delivered", **values)


def _follow_up(letter: Letter, built: gap_report.Report, journal: Journal) -> None:
    meetings = [
        m for m in journal.entries if isinstance(m, e.Meeting) and m.date <= letter.day
    ]
    meeting = meetings[-1] if meetings else None
    letter.meeting = meeting
    if meeting is None:  # no meeting recorded: nothing to thank for
        letter.subject = said("Following up on {student}'s IEP", student=letter.student)
        letter.requests = [
            said(
                "Please let me know the next steps for {student}'s IEP services, "
                "and who I should talk to about them.",
                student=letter.student,
            )
        ]
        return
    letter.subject = said("Following up on the meeting of {day}", day=meeting.date)
    letter.facts = [
        said("We agreed: {decision}.", decision=decision.rstrip("."))
        for decision in meeting.decisions
    ]
    letter.requests = [_follow_up_item(item) for item in meeting.follow_up]
    noticed = any(
        isinstance(x, e.Notice) and meeting.date <= x.date <= letter.day
        for x in journal.entries
    )
    if meeting.decisions and not noticed:
        letter.requests.append(
            said("Please send the Prior Written Notice for the decisions above.")
        )
    if not letter.requests:
        letter.requests = [
            said("Please let me know if your notes of the meeting differ from mine.")
        ]


def _follow_up_item(item: e.FollowUp) -> Said:
    what = item.what.rstrip(".")
    if item.who and item.by:
        return said(
            "Please confirm: {what} ({who}, by {day}).",
            what=what,
            who=item.who,
            day=item.by,
        )
    if item.who:
        return said("Please confirm: {what} ({who}).", what=what, who=item.who)
    if item.by:
        return said("Please confirm: {what} (by {day}).", what=what, day=item.by)
    return said("Please confirm: {what}.", what=what)


def _dated(day: dt.date, what: object) -> Said:
    """A fact with its day in front: "Mar 17, 2026: ..."."""
    return said("{day:medium}: {what}", day=day, what=what)


# What a message's `request:` asked for, in a letter's words.
_ASKED = {
    "records": N_("copies of the records"),
    "meeting": N_("a meeting"),
    "data": N_("the data behind the progress reports"),
    "evaluation": N_("an evaluation"),
}


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
        letter.subject = said(
            "Following up on my requests for {student}", student=letter.student
        )
        letter.requests = [
            said("Please let me know if any request of mine is still open.")
        ]
        return
    first = min(asked, key=lambda m: m.date)
    letter.subject = (
        said("Second request: {subject}", subject=first.subject or first.title)
        if len(asked) == 1
        else said("Second request: my messages since {day}", day=first.date)
    )
    letter.facts = [_asked_line(m) for m in sorted(asked, key=lambda m: m.date)]
    letter.requests = [
        said(
            "Please answer my message of {day} (\u201c{subject}\u201d).",
            day=m.date,
            subject=m.subject or m.title,
        )
        for m in sorted(asked, key=lambda m: m.date)
    ]


def _asked_line(m: e.Message) -> Said:
    """ "On May 1, 2026 I wrote to ... about "...", asking for ...; I have
    had no reply." """
    values = {"day": m.date, "subject": m.subject or m.title}
    line = (
        said(
            "On {day} I wrote to {to} about \u201c{subject}\u201d", to=m.to[0], **values
        )
        if m.to
        else said("On {day} I wrote about \u201c{subject}\u201d", **values)
    )
    if m.request in _ASKED:
        line = said(
            "{line}, asking for {what}", line=line, what=said(_ASKED[m.request])
        )
    return said("{line}; I have had no reply.", line=line)


def _records_correction(
    letter: Letter, built: gap_report.Report, journal: Journal
) -> None:
    """The days the school's own service log disagrees with the family's
    notes, each quoted with what both say; a correction or an explanation
    asked for, and make-up for the school-side misses the log hides."""
    letter.subject = said(
        "Correcting the service log for {student}", student=letter.student
    )
    facts: list[tuple[dt.date, Said]] = []
    hidden: list[dt.date] = []
    for service, days in built.disagreements.items():
        for day in days:
            name = journal.service_name(service, day.day)
            facts.append(
                (
                    day.day,
                    said(
                        "{day:medium} ({service}): your log says {school}; my notes "
                        "say {family}.",
                        day=day.day,
                        service=name,
                        school=day.school,
                        family=day.family,
                    ),
                )
            )
            if day.school_side_miss:
                hidden.append(day.day)
    letter.facts = [text for _, text in sorted(facts, key=lambda x: x[0])]
    if not facts:
        letter.requests = [
            said(
                "Please send me the service log for each of {student}'s services "
                "since the start of the IEP.",
                student=letter.student,
            )
        ]
        return
    letter.requests = [
        said(
            "Please check the service log for these days and correct it, or "
            "tell me in writing what happened on each."
        ),
        said("Please send the provider's session notes for these dates."),
    ]
    if hidden:
        dates = Said(
            "{days}",
            {"days": tuple(Said("{day:short}", {"day": x}) for x in sorted(hidden))},
        )
        letter.requests.append(
            said(
                "My notes show sessions missed for the school's reasons on "
                "{days}; please tell me when and how they will be made up.",
                days=dates,
            )
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


def render(letter: Letter, journal: Journal, language: Language = ENGLISH) -> str:
    """The letter as a journal entry: front matter marked `draft: true`,
    then the text, in `language` (the letter's own, which need not be the
    report's)."""
    from iepjournal.capture.new_entries import quoted
    from iepjournal.render import templates

    environment = templates.environment(
        journal.root, html=False, language=language, keep_trailing_newline=True
    )  # Markdown, not HTML
    environment.filters["quoted"] = lambda text: quoted(language.say(text))
    template = environment.get_template(f"letters/{letter.kind}.md")
    return template.render(letter=language.said_in(letter))
