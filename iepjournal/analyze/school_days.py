"""The school calendar: which days are school days, and the periods a
frequency is counted over (weeks, months, cycles, grading periods, years).

School days are the weekdays from a school year's start to its end, less its
`days_off`, less the days a note says school was closed. With no school year
set, every weekday is a school day (less closures), and the report says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from iepjournal.model.entries import Entry, Note
from iepjournal.model.settings import SchoolYear, school_day

ONE_DAY = dt.timedelta(days=1)


def days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Every day from first to last, both included."""
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class SchoolCalendar:
    years: tuple[SchoolYear, ...]
    closures: frozenset[dt.date] = frozenset()

    @property
    def has_school_years(self) -> bool:
        return bool(self.years)

    @cached_property
    def _days_off(self) -> frozenset[dt.date]:
        return frozenset(day for year in self.years for day in year.days_off)

    def year_of(self, day: dt.date) -> SchoolYear | None:
        return next((y for y in self.years if y.start <= day <= y.end), None)

    def is_school_day(self, day: dt.date) -> bool:
        return day not in self.closures and school_day(self.years, day)

    def school_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        return [day for day in days(first, last) if self.is_school_day(day)]

    def month_days(self, year: int, month: int) -> int:
        """A month's weekdays less its days off: what "per month" divides by,
        so a month with a holiday still expects the whole amount."""
        first = dt.date(year, month, 1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - ONE_DAY
        return sum(
            1
            for day in days(first, last)
            if day.weekday() < 5 and day not in self._days_off
        )

    def grading_periods(self, year: SchoolYear) -> list[tuple[dt.date, dt.date]]:
        """From the year's start to the first report card, then from the day
        after each report card to the next; days after the last card, if
        any, make a last period to the year's end."""
        periods = []
        start = year.start
        for card in year.report_cards:
            if start <= card <= year.end:
                periods.append((start, card))
                start = card + ONE_DAY
        if periods and start <= year.end:
            periods.append((start, year.end))
        return periods

    def cycle_days(self, day: dt.date) -> int | None:
        year = self.year_of(day)
        return year.cycle_days if year else None


def for_journal(
    years: Iterable[SchoolYear], entries: Iterable[Entry], as_of: dt.date
) -> SchoolCalendar:
    """The settings' school years, less the days a note up to the as-of day
    says school was closed: the one calendar every count uses."""
    closed = (
        x.date
        for x in entries
        if isinstance(x, Note) and x.school_closed and x.date <= as_of
    )
    return SchoolCalendar(tuple(years), frozenset(closed))
