"""The dates a family should see coming, as a calendar file a phone imports:
replies due, records due, progress reports due, the annual review and the
reevaluation, follow-ups promised at meetings."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from iepjournal import calendar as school_calendar
from iepjournal import entries as e
from iepjournal import followup, progress
from iepjournal.calendar import short_date
from iepjournal.journal import Journal

PRODUCT = "-//iepjournal//deadlines//EN"


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
    for due in progress.due_dates(ieps, settings, dt.date.max):
        found.append(Deadline(
            due, f"Progress report due for {student}",
            f"Overdue if none arrives by {short_date(due + grace)}.",
        ))  # fmt: skip
    if ieps:
        current = ieps[-1]
        if current.ends:
            found.append(Deadline(current.ends, f"Annual IEP review due for {student}",
                                  "", current.id))  # fmt: skip
        due = followup.reevaluation_due(current, settings.rules)
        if due:
            found.append(
                Deadline(due, f"Reevaluation due for {student}", "", current.id)
            )
    for meeting in (x for x in entries if isinstance(x, e.Meeting)):
        for item in meeting.follow_up:
            if item.by:
                who = f" ({item.who})" if item.who else ""
                agreed = f"Agreed at the meeting of {short_date(meeting.date)}."
                title = f"Follow-up due: {item.what}{who}"
                found.append(Deadline(item.by, title, agreed, meeting.id))
    return sorted(set(found))


def to_ics(found: list[Deadline], as_of: dt.date) -> bytes:
    """All-day events. The stamp is the as-of day, not the clock, so the
    same journal and day give the same file."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "IEP deadlines")
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    for deadline in found:
        event = icalendar.Event()
        key = f"{deadline.day}|{deadline.title}|{deadline.entry}".encode()
        event.add("uid", hashlib.sha256(key).hexdigest()[:32] + "@iepjournal")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + dt.timedelta(days=1))
        event.add("summary", deadline.title)
        description = deadline.description
        if deadline.entry:
            description = f"{description} (journal entry: {deadline.entry})".strip()
        if description:
            event.add("description", description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
