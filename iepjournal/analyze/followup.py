"""Follow-through between meetings: changes made without notice, messages
that got no answer, deadlines coming or passed, a child having a harder
time, and outside evaluations the team has not met about."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from iepjournal.analyze.findings import Finding
from iepjournal.analyze.iep_changes import ServiceChange
from iepjournal.analyze.school_days import SchoolCalendar
from iepjournal.model import entries as e
from iepjournal.model.language import said
from iepjournal.model.settings import Rules, Settings

_ADDRESS = re.compile(r"<([^>]+)>|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
_REPLY_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|sv)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)
IEP_MEETINGS = ("iep", "annual-review", "amendment")


@dataclass(frozen=True)
class Journalish:
    """The entries follow-up looks at, up to the as-of day."""

    entries: list[e.Entry]
    settings: Settings
    calendar: SchoolCalendar
    as_of: dt.date

    def of(self, kind: type[e.Entry]) -> list:
        return [x for x in self.entries if isinstance(x, kind)]


def address(person: str) -> str:
    found = _ADDRESS.search(person)
    return (found.group(1) or found.group(2)).strip().lower() if found else ""


def from_family(message: e.Message, settings: Settings) -> bool:
    """Sent by the family: its sender is one of the settings' `family`
    addresses. With none set, a message asking for something is taken as
    the family's."""
    if settings.family:
        return address(message.sender) in settings.family
    return bool(message.request or message.reply_needed or message.reply_by)


def thread_subject(subject: str) -> str:
    return _REPLY_PREFIX.sub("", subject).strip().lower()


# --- changes ---------------------------------------------------------------------


def changes_without_notice(
    journal: Journalish, cuts: list[ServiceChange], ieps: list[e.Iep]
) -> list[Finding]:
    found = []
    for change in journal.of(e.Change):
        if change.notice or change.meeting:
            continue
        named = change.title != change.path.rsplit("/", 1)[-1].removesuffix(".md")
        what = change.what or change.about or (change.title if named else "")
        if named and (
            len(what) > 100 or ". " in what
        ):  # a long story: the title says it
            what = change.title
        told: str = what.rstrip(".") or (
            said("a change to {service} was recorded", service=change.service)
            if change.service
            else said("a change to the services was recorded")
        )
        found.append(Finding(
            "change-without-notice",
            said("On {day:short}: {what}. No meeting or Prior Written Notice is "
                 "recorded for it.", day=change.date, what=told),
            (change.id,), change.date, change.service,
            said("Ask about it in writing: a significant change needs a meeting "
                 "and a Prior Written Notice."),
        ))  # fmt: skip
    meetings = journal.of(e.Meeting)
    window = dt.timedelta(days=journal.settings.rules.change_meeting_days)
    by_id = {iep.id: iep for iep in ieps}
    for cut in cuts:
        iep = by_id[cut.iep]
        if not cut.is_cut or any(
            iep.date - window <= m.date <= iep.date for m in meetings
        ):
            continue
        found.append(Finding(
            "change-without-notice",
            said("{change} No meeting is recorded in the {days} days before "
                 "{day:short}.", change=cut.message,
                 days=journal.settings.rules.change_meeting_days, day=iep.date),
            (iep.id,), iep.date, cut.service,
            said("Ask which meeting decided it, and for the Prior Written "
                 "Notice."),
        ))  # fmt: skip
    return found


# --- communication -----------------------------------------------------------------


class _Replies:
    """Who answered what: by `in_reply_to` (an entry id or a Message-ID), or
    by thread (same subject less Re:/Fwd:) from the other side. Indexed once,
    so a large mailbox costs what it holds, not its square."""

    def __init__(self, messages: list[e.Message], settings: Settings) -> None:
        self.family = {m.id: from_family(m, settings) for m in messages}
        self.by_target: dict[str, list[e.Message]] = defaultdict(list)
        self.by_thread: dict[str, list[e.Message]] = defaultdict(list)
        for message in messages:
            if message.in_reply_to:
                self.by_target[message.in_reply_to].append(message)
            subject = thread_subject(message.subject)
            if subject:
                self.by_thread[subject].append(message)

    def to(self, message: e.Message) -> list[e.Message]:
        family = self.family[message.id]
        linked = self.by_target.get(message.id, []) + (
            self.by_target.get(message.message_id, []) if message.message_id else []
        )
        found = [m for m in linked if not self.family[m.id]]
        thread = self.by_thread.get(thread_subject(message.subject), [])
        found += [m for m in thread if self.family[m.id] != family]
        return [m for m in found if m.sort_key > message.sort_key]


def school_days_after(calendar: SchoolCalendar, day: dt.date, count: int) -> dt.date:
    """The day `count` school days after `day`."""
    current, seen = day, 0
    while seen < count:
        current += dt.timedelta(days=1)
        if calendar.is_school_day(current):
            seen += 1
        if (current - day).days > 370:  # no school days ahead (summer, no year set)
            break
    return current


@dataclass(frozen=True)
class Waiting:
    """A message the family sent that asked for something and has no answer
    yet, with the day an answer is due."""

    message: e.Message
    due: dt.date
    records: bool  # a records request
    by_meeting: bool = False  # due by the next IEP meeting, before its 45 days


def waiting(journal: Journalish) -> list[Waiting]:
    """Every unanswered request the family made, due or not yet due."""
    settings, rules = journal.settings, journal.settings.rules
    messages = [m for m in journal.of(e.Message) if not m.draft]
    meetings = [m for m in journal.of(e.Meeting) if m.kind in IEP_MEETINGS]
    replies = _Replies(messages, settings)
    found = []
    for message in messages:
        asked = message.reply_needed or message.reply_by or message.request
        if not asked or not from_family(message, settings) or replies.to(message):
            continue
        if message.request == "records":
            due = message.date + dt.timedelta(days=rules.records_request_days)
            meeting = next((m for m in meetings if message.date < m.date < due), None)
            found.append(Waiting(message, meeting.date if meeting else due, True,
                                 meeting is not None))  # fmt: skip
            continue
        due = message.reply_by or school_days_after(
            journal.calendar, message.date, rules.reply_within_school_days
        )
        found.append(Waiting(message, due, False))
    return found


def awaiting_reply(
    journal: Journalish, unanswered: list[Waiting] | None = None
) -> list[Finding]:
    found = []
    for item in waiting(journal) if unanswered is None else unanswered:
        message = item.message
        if item.records or journal.as_of <= item.due:
            continue
        to = message.to[0] if message.to else said("the school")
        found.append(Finding(
            "awaiting-reply",
            said("No reply from {to} to \u201c{subject}\u201d of {day:short} (a "
                 "reply was due by {due:short}).", to=to,
                 subject=message.subject or message.title, day=message.date,
                 due=item.due),
            (message.id,), item.due, "",
            said("Send a short, polite follow-up that repeats the request and "
                 "its date."),
        ))  # fmt: skip
    return found


def records_requests(
    journal: Journalish, unanswered: list[Waiting] | None = None
) -> list[Finding]:
    found = []
    for item in waiting(journal) if unanswered is None else unanswered:
        if not item.records or journal.as_of <= item.due:
            continue
        found.append(Finding(
            "records-request-overdue",
            said("The records request of {day:short} has no answer; records "
                 "were due by {due:short} (the next IEP meeting).",
                 day=item.message.date, due=item.due)
            if item.by_meeting
            else said("The records request of {day:short} has no answer; "
                      "records were due by {due:short}.",
                      day=item.message.date, due=item.due),
            (item.message.id,), item.due, "",
            said("Write again, citing the date of the first request."),
        ))  # fmt: skip
    return found


# --- deadlines ------------------------------------------------------------------------


def deadlines(journal: Journalish, ieps: list[e.Iep]) -> list[Finding]:
    rules: Rules = journal.settings.rules
    current = next(
        (i for i in reversed(ieps) if i.in_force_from <= journal.as_of), None
    )
    if current is None:
        return []
    found = []
    if current.ends:
        left = (current.ends - journal.as_of).days
        if left < 0 or left <= rules.annual_review_warning_days:
            found.append(Finding(
                "annual-review-due",
                said("The annual review was due by {day} ({iep} ends then, and "
                     "no newer IEP is recorded).", day=current.ends, iep=current.id)
                if left < 0
                else said("The annual review is due by {day} ({iep} ends then).",
                          day=current.ends, iep=current.id),
                (current.id,), current.ends, "",
                said("Ask the case manager to schedule the annual IEP meeting."),
            ))  # fmt: skip
    due = reevaluation_due(current, rules)
    if current.last_evaluation and due:
        evaluation = current.last_evaluation
        left = (due - journal.as_of).days
        if left <= rules.reevaluation_warning_days:
            found.append(Finding(
                "reevaluation-due",
                said("The reevaluation was due by {day} ({years} years after the "
                     "evaluation of {evaluation}).", day=due,
                     years=rules.reevaluation_years, evaluation=evaluation)
                if left < 0
                else said("The reevaluation is due by {day} ({years} years after "
                          "the evaluation of {evaluation}).", day=due,
                          years=rules.reevaluation_years, evaluation=evaluation),
                (current.id,), due, "",
                said("Ask for the reevaluation plan and consent form."),
            ))  # fmt: skip
    return found


def reevaluation_due(iep: e.Iep, rules: Rules) -> dt.date | None:
    """`last_evaluation` plus the years of the rule (3)."""
    evaluation = iep.last_evaluation
    if evaluation is None:
        return None
    years = evaluation.year + rules.reevaluation_years
    try:
        return evaluation.replace(year=years)
    except ValueError:  # February 29
        return evaluation.replace(year=years, day=28)


# --- wellbeing and evaluations ----------------------------------------------


def harder_time(journal: Journalish) -> list[Finding]:
    rules = journal.settings.rules
    recent_start = journal.as_of - dt.timedelta(days=rules.harder_time_days - 1)
    before_start = recent_start - dt.timedelta(days=2 * rules.harder_time_days)
    notes = [n for n in journal.of(e.Note) if n.mood]
    recent = [n for n in notes if recent_start <= n.date <= journal.as_of]
    before = [n for n in notes if before_start <= n.date < recent_start]
    hard_recent = [n for n in recent if n.mood in ("hard", "very-hard")]
    if len(hard_recent) < rules.harder_time_min_notes:
        return []
    share_now = len(hard_recent) / len(recent)
    hard_before = [n for n in before if n.mood in ("hard", "very-hard")]
    share_before = len(hard_before) / len(before) if before else 0.0
    if share_now < rules.harder_time_ratio * share_before:
        return []
    return [Finding(
        "harder-time",
        said("{student} is having a harder time: {hard} of {notes} notes since "
             "{start:short} say hard or very hard ({days:short}), against "
             "{hard_before} of {notes_before} in the {weeks} weeks before.",
             student=journal.settings.student or said("Your child"),
             hard=len(hard_recent), notes=len(recent), start=recent_start,
             days=tuple(n.date for n in hard_recent), hard_before=len(hard_before),
             notes_before=len(before), weeks=2 * rules.harder_time_days // 7),
        tuple(n.id for n in hard_recent), journal.as_of, "",
    )]  # fmt: skip


def outside_evaluations(journal: Journalish) -> list[Finding]:
    meetings = journal.of(e.Meeting)
    found = []
    for evaluation in journal.of(e.Evaluation):
        shared = evaluation.shared_with_school
        if evaluation.kind != "outside" or not shared or shared > journal.as_of:
            continue
        if any(m.date >= shared for m in meetings):
            continue
        found.append(Finding(
            "new-outside-evaluation",
            said("The outside evaluation by {evaluator} was shared with the "
                 "school on {day:short}, and no meeting has been held since to "
                 "consider it.",
                 evaluator=evaluation.evaluator or said("an outside evaluator"),
                 day=shared),
            (evaluation.id,), shared, "",
            said("The team must consider outside evaluation results: ask for a "
                 "meeting."),
        ))  # fmt: skip
    return found


def findings(
    journal: Journalish, ieps: list[e.Iep], cuts: list[ServiceChange]
) -> list[Finding]:
    unanswered = waiting(journal)  # both kinds of request, found once
    return (
        changes_without_notice(journal, cuts, ieps)
        + awaiting_reply(journal, unanswered)
        + records_requests(journal, unanswered)
        + deadlines(journal, ieps)
        + harder_time(journal)
        + outside_evaluations(journal)
    )
