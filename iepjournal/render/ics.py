"""The deadlines as a calendar file (.ics) a phone or calendar program
imports."""

from __future__ import annotations

import datetime as dt
import hashlib

from iepjournal.analyze.deadlines import Deadline
from iepjournal.model.language import ENGLISH, Language

PRODUCT = "-//iepjournal//deadlines//EN"
# Each deadline reminds a week before and a day before (phones show them).
REMINDERS = (dt.timedelta(days=7), dt.timedelta(days=1))


def to_ics(
    found: list[Deadline], as_of: dt.date, language: Language = ENGLISH
) -> bytes:
    """All-day events, their words in `language`. The stamp is the as-of
    day, not the clock, so the same journal and day give the same file; an
    event's UID is made from its English words, so a calendar that imports
    the file again in another language updates the same events."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", language._("IEP deadlines"))
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    for deadline in found:
        event = icalendar.Event()
        key = f"{deadline.day}|{deadline.title}|{deadline.entry}".encode()
        event.add("uid", hashlib.sha256(key).hexdigest()[:32] + "@iepjournal")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + dt.timedelta(days=1))
        title = language.say(deadline.title)
        event.add("summary", _clean(title))
        description = language.say(deadline.description)
        if deadline.entry:
            description = language._(
                "{description} (journal entry: {entry})",
                description=description,
                entry=deadline.entry,
            ).strip()
        if description:
            event.add("description", _clean(description))
        event.add("transp", "TRANSPARENT")
        for before in REMINDERS:  # a week before, and the day before
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _clean(title))
            alarm.add("trigger", -before)
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


_CONTROL = dict.fromkeys((*range(9), 11, 12, *range(14, 32), 127))


def _clean(text: str) -> str:
    """Text without the control characters (NUL, BEL...) a calendar file
    must not carry; line breaks and tabs stay (icalendar escapes them)."""
    return text.translate(_CONTROL)
