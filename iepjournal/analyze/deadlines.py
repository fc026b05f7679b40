"""The dates a family should see coming, as a calendar file a phone imports:
replies due, records due, progress reports due, the annual review and the
reevaluation, follow-ups promised at meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iepjournal.analyze import followup, progress
from iepjournal.analyze import school_days as school_calendar
from iepjournal.model import entries as e
from iepjournal.model.journal import Journal
from iepjournal.model.language import said


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
    student = settings.student or said("the student")
    found = []
    for item in followup.waiting(recent):
        message = item.message
        subject = message.subject or message.title
        found.append(Deadline(
            item.due,
            said("Records due: {subject}", subject=subject)
            if item.records
            else said("Reply due: {subject}", subject=subject),
            said("Asked on {day:medium}; no answer recorded yet.", day=message.date),
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
            report_due, said("Progress report due for {student}", student=student),
            said("Overdue if none arrives by {day:short}.",
                 day=report_due + grace),
        ))  # fmt: skip
    if ieps:
        current = ieps[-1]
        if current.ends:
            found.append(Deadline(
                current.ends,
                said("Annual IEP review due for {student}", student=student),
                "", current.id))  # fmt: skip
        reevaluation = followup.reevaluation_due(current, settings.rules)
        if reevaluation:
            found.append(Deadline(
                reevaluation,
                said("Reevaluation due for {student}", student=student),
                "", current.id))  # fmt: skip
    for meeting in (x for x in entries if isinstance(x, e.Meeting)):
        for promised in meeting.follow_up:
            if promised.by:
                agreed = said("Agreed at the meeting of {day:short}.", day=meeting.date)
                title = (
                    said(
                        "Follow-up due: {what} ({who})",
                        what=promised.what,
                        who=promised.who,
                    )
                    if promised.who
                    else said("Follow-up due: {what}", what=promised.what)
                )
                found.append(Deadline(promised.by, title, agreed, meeting.id))
    return sorted(set(found))
