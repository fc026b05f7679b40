"""The deadlines as a calendar file."""

from __future__ import annotations

import datetime as dt

import icalendar
from click.testing import CliRunner

from iepjournal import bundled
from iepjournal.cli import main

SAMPLE = str(bundled.sample_journal())


def write(out, *extra: str):
    return CliRunner().invoke(main, ["calendar", "--journal", SAMPLE, "--as-of", "2026-04-30",
                                     "--out", str(out), *extra])  # fmt: skip


def test_the_sample_deadlines_as_all_day_events(tmp_path):
    out = tmp_path / "iep.ics"
    result = write(out)
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = {
        (str(event["summary"]), event.decoded("dtstart"))
        for event in calendar.walk("VEVENT")
    }
    assert ("Reply due: Request for an IEP meeting", dt.date(2026, 4, 28)) in events
    assert (
        "Records due: Request for educational records",
        dt.date(2026, 3, 19),
    ) in events
    assert ("Annual IEP review due for Maya", dt.date(2026, 5, 19)) in events
    assert ("Reevaluation due for Maya", dt.date(2026, 10, 2)) in events
    assert ("Progress report due for Maya", dt.date(2026, 6, 5)) in events
    # the reports that arrived (Nov 6, Jan 30, Apr 17) are not deadlines
    for done in (dt.date(2025, 10, 31), dt.date(2026, 1, 23), dt.date(2026, 4, 10)):
        assert ("Progress report due for Maya", done) not in events
    answered = [s for s, _ in events if "Speech schedule" in s]
    assert answered == []  # answered requests are not deadlines
    for event in calendar.walk("VEVENT"):
        assert isinstance(event.decoded("dtstart"), dt.date)
        assert not isinstance(event.decoded("dtstart"), dt.datetime)


def test_the_same_day_gives_the_same_file_and_only_ours_is_replaced(tmp_path):
    out = tmp_path / "iep.ics"
    write(out)
    first = out.read_bytes()
    assert write(out).exit_code == 0 and out.read_bytes() == first
    other = tmp_path / "family.ics"
    other.write_text("BEGIN:VCALENDAR\nPRODID:-//Someone else//EN\nEND:VCALENDAR\n")
    result = write(other)
    assert result.exit_code == 2 and "not written by iepjournal" in result.output
    assert "Someone else" in other.read_text()


def test_each_deadline_reminds_a_week_and_a_day_before(tmp_path):
    out = tmp_path / "iep.ics"
    assert write(out).exit_code == 0
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    for event in calendar.walk("VEVENT"):
        triggers = sorted(alarm.decoded("trigger") for alarm in event.walk("VALARM"))
        assert triggers == [-dt.timedelta(days=7), -dt.timedelta(days=1)]
