"""Dates as a family writes them (`parse_date`) and as the tool shows them
(`short_date`, `long_date`): one place for both."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from iepjournal.model.language import said

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?: (\d{1,2}):(\d{2}))?$")
DATE_FORMS = "2026-09-14, 2026-09-14 15:30 or 9/14/2026"
DATE_FORMS_DAY_FIRST = "2026-09-14, 2026-09-14 15:30 or 14/9/2026"


@dataclass(frozen=True, slots=True)
class DateError:
    code: str
    message: str
    hint: str


def parse_date(
    text: str, day_first: bool = False
) -> tuple[dt.date, dt.time | None] | DateError:
    """`2026-09-14`, `2026-09-14 15:30` or a slashed date: US `9/14/2026`,
    or `14/9/2026` in a journal kept in a language that writes the day
    first (`day_first`, from its settings); nothing else."""
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
                said("`{text}` has a two-digit year.", text=text),
                said(
                    "Write the year in full, like {first}/{second}/20{year}.",
                    first=first,
                    second=second,
                    year=year,
                ),
            )
        month, day = (second, first) if day_first else (first, second)
        if int(month) > 12 and int(day) <= 12:
            iso_form = f"{year}-{int(day):02d}-{int(month):02d}"
            return DateError(
                "day-first-date",
                said(
                    "`{text}` looks like month/day/year; dates here are "
                    "day/month/year.",
                    text=text,
                )
                if day_first
                else said(
                    "`{text}` looks like day/month/year; dates here are "
                    "month/day/year.",
                    text=text,
                ),
                said("Write it as {iso} to be clear.", iso=iso_form),
            )
        return _build(int(year), int(month), int(day), hour, minute, text)
    return DateError(
        "bad-date",
        said("`{text}` is not a date this journal can read.", text=text),
        said("Write dates as {forms}.", forms=date_forms(day_first)),
    )


def date_forms(day_first: bool = False) -> str:
    """The ways a date may be written, for a hint."""
    return DATE_FORMS_DAY_FIRST if day_first else DATE_FORMS


def either_way(text: str, day_first: bool) -> DateError | None:
    """A warning for a slashed date in a day-first journal that the US
    month-first reading would also accept as another day (`3/9/2026`: 3
    September here, March 9 in a letter from a US school). Where both
    readings give the same day (`5/5/2026`), or one is impossible, nothing."""
    slashed = _SLASHED.match(text.strip())
    if not day_first or not slashed:
        return None
    first, second, year = slashed.group(1), slashed.group(2), slashed.group(3)
    if len(year) != 4 or first == second or int(first) > 12 or int(second) > 12:
        return None
    try:
        read = dt.date(int(year), int(second), int(first))
        other = dt.date(int(year), int(first), int(second))
    except ValueError:
        return None
    return DateError(
        "date-either-way",
        said(
            "`{text}` is read as {read} (day first, as this journal is kept); "
            "written the US way it would be {other}.",
            text=text.strip(),
            read=read,
            other=other,
        ),
        said(
            "Write it as {iso} so nobody can read it the other way.",
            iso=read.isoformat(),
        ),
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
            said(
                "`{text}` is outside the years iepjournal counts ({first} to {last}).",
                text=text,
                first=str(FIRST_YEAR),
                last=str(LAST_YEAR),
            ),
            said(
                "Check the year. For something with no end date, leave the "
                "field out rather than writing a far-off date."
            ),
        )
    try:
        day_value = dt.date(year, month, day)
        time_value = dt.time(int(hour), int(minute or 0)) if hour is not None else None
    except ValueError:
        return DateError(
            "bad-date",
            said("`{text}` is not a real date or time.", text=text),
            said("Check the month, the day and the time."),
        )
    return day_value, time_value
