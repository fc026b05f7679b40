"""The dates a family should see coming, as a calendar file a phone imports:
replies due, records due, progress reports due, the annual review and the
reevaluation, follow-ups promised at meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iepjournal.analyze import followup, progress
from iepjournal.analyze import school_days as school_calendar
from iepjournal.model import entries as e
from iepjournal.model.dates import short_date
from iepjournal.model.journal import Journal


@dataclass(frozen=True, order=True)
class Deadline:
    day: dt.date
    title: str
    description: str = ""
    entry: str = ""  # the entry it comes from


def deadlines(journal: Journal, as_of: dt.date) -> list[Deadline]:
    """Every deadline the journal shows, as of a day, in date order."""
    settings = journal.settings
    entries = [x for x in journal.entries if x.date <= as_of]
    calendar = school_calendar.for_journal(settings.school_years, entries, as_of)
    recent = followup.Journalish(entries, settings, calendar, as_of)
    student = settings.student or "the student"
    found = []
    for item in followup.waiting(recent):
        message = item.message
        what = "Records due" if item.records else "Reply due"
        found.append(Deadline(
            item.due,
            f"{what}: {message.subject or message.title}",
            f"Asked on {short_date(message.date)}, {message.date.year}; "
            "no answer recorded yet.",
            message.id,
        ))  # fmt: skip
    ieps = [iep for iep in journal.ieps if iep.in_force_from <= as_of]
    grace = dt.timedelta(days=settings.rules.progress_overdue_days)
    reports = [x.date for x in entries if isinstance(x, e.Progress)]
    dues = progress.due_dates(ieps, settings, dt.date.max)
    for report_due, arrived in progress.received(dues, reports, grace, as_of):
        if arrived:  # the journal shows it done: not a deadline any more
            continue
        found.append(Deadline(
            report_due, f"Progress report due for {student}",
            f"Overdue if none arrives by {short_date(report_due + grace)}.",
        ))  # fmt: skip
    if ieps:
        current = ieps[-1]
        if current.ends:
            found.append(Deadline(current.ends, f"Annual IEP review due for {student}",
                                  "", current.id))  # fmt: skip
        reevaluation = followup.reevaluation_due(current, settings.rules)
        if reevaluation:
            found.append(Deadline(reevaluation, f"Reevaluation due for {student}",
                                  "", current.id))  # fmt: skip
    for meeting in (x for x in entries if isinstance(x, e.Meeting)):
        for promised in meeting.follow_up:
            if promised.by:
                who = f" ({promised.who})" if promised.who else ""
                agreed = f"Agreed at the meeting of {short_date(meeting.date)}."
                title = f"Follow-up due: {promised.what}{who}"
                found.append(Deadline(promised.by, title, agreed, meeting.id))
    return sorted(set(found))
