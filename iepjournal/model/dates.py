"""Dates as a family writes them (`parse_date`) and as the tool shows them
(`short_date`, `long_date`): one place for both."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?: (\d{1,2}):(\d{2}))?$")
DATE_FORMS = "2026-09-14, 2026-09-14 15:30 or 9/14/2026"


@dataclass(frozen=True, slots=True)
class DateError:
    code: str
    message: str
    hint: str


def parse_date(text: str) -> tuple[dt.date, dt.time | None] | DateError:
    """`2026-09-14`, `2026-09-14 15:30` or US `9/14/2026`; nothing else."""
    text = text.strip()
    iso = _ISO.match(text)
    if iso:
        year, month, day, hour, minute = iso.groups()
        return _build(int(year), int(month), int(day), hour, minute, text)
    slashed = _SLASHED.match(text)
    if slashed:
        first, second, year, hour, minute = slashed.groups()
        if len(year) == 2:
            return DateError(
                "bad-date",
                f"`{text}` has a two-digit year.",
                f"Write the year in full, like {first}/{second}/20{year}.",
            )
        if int(first) > 12 and int(second) <= 12:
            return DateError(
                "day-first-date",
                f"`{text}` looks like day/month/year; dates here are month/day/year.",
                f"Write it as {year}-{int(second):02d}-{int(first):02d} to be clear.",
            )
        return _build(int(year), int(first), int(second), hour, minute, text)
    return DateError(
        "bad-date",
        f"`{text}` is not a date this journal can read.",
        f"Write dates as {DATE_FORMS}.",
    )


# The years a date may be in: a school record's, with room on either side.
# Beyond them the counting of days and years overflows (9999-12-31, a
# common "no end" placeholder, plus three years), so they are refused.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def _build(
    year: int, month: int, day: int, hour: str | None, minute: str | None, text: str
) -> tuple[dt.date, dt.time | None] | DateError:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return DateError(
            "date-out-of-range",
            f"`{text}` is outside the years iepjournal counts "
            f"({FIRST_YEAR} to {LAST_YEAR}).",
            "Check the year. For something with no end date, leave the field "
            "out rather than writing a far-off date.",
        )
    try:
        day_value = dt.date(year, month, day)
        time_value = dt.time(int(hour), int(minute or 0)) if hour is not None else None
    except ValueError:
        return DateError(
            "bad-date",
            f"`{text}` is not a real date or time.",
            "Check the month, the day and the time.",
        )
    return day_value, time_value


# Cached: a timeline shows thousands of dates, and strftime is slow.
@functools.lru_cache(maxsize=4096)
def short_date(day: dt.date) -> str:
    return f"{day:%b} {day.day}"


@functools.lru_cache(maxsize=4096)
def long_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"
