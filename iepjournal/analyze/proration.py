"""The one proration: how many of a frequency's periods (days, weeks,
months, cycles, grading periods, years) a span of school days is worth.

The services ledger uses it for what was promised between two days; the
IEP comparison uses it, over a school year, for "about N minutes a week".
A monthly service owes its amount in each month, prorated by the school
days of that month in the span over the month's weekdays less its days off
(see SchoolCalendar.month_days), so a month with a holiday still expects
the whole amount; a yearly or grading-period amount, by the school days of
that year or period; a weekly one by five school days (or, with the rule
`short_weeks = "full"`, by each week with any school in it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from iepjournal.analyze.school_days import SchoolCalendar, week_start
from iepjournal.model.frequency import Frequency
from iepjournal.model.settings import Rules


def periods_in(
    frequency: Frequency,
    calendar: SchoolCalendar,
    start: dt.date,
    end: dt.date,
    rules: Rules,
) -> tuple[float | None, str]:
    """How many of the frequency's periods the span is worth, prorated by
    school days; or None and why it cannot be said."""
    school_days = calendar.school_days(start, end)
    per = frequency.per
    if per == "day":
        return float(len(school_days)), ""
    if per == "week":
        if rules.short_weeks == "full":
            return float(len({week_start(day) for day in school_days})), ""
        return len(school_days) / 5, ""
    if per == "cycle":
        cycle = frequency.cycle_days or calendar.cycle_days(start)
        if not cycle:
            return (
                None,
                "the cycle's length is not known (set cycle_days in the settings)",
            )
        return len(school_days) / cycle, ""
    if per == "month":
        months = Counter((day.year, day.month) for day in school_days)
        return sum(n / calendar.month_days(*month) for month, n in months.items()), ""
    if per == "grading_period":
        return _grading_periods(calendar, school_days)
    return _years(calendar, school_days)


def _grading_periods(
    calendar: SchoolCalendar, school_days: list[dt.date]
) -> tuple[float | None, str]:
    if not any(year.report_cards for year in calendar.years):
        return None, "no report card dates are set, so grading periods are not known"
    total = 0.0
    for year in calendar.years:
        for first, last in calendar.grading_periods(year):
            in_force = sum(1 for day in school_days if first <= day <= last)
            if in_force:
                total += in_force / len(calendar.school_days(first, last))
    return total, ""


def _years(calendar: SchoolCalendar, school_days: list[dt.date]) -> tuple[float, str]:
    if not calendar.years:  # a calendar year's weekdays stand in for a school year
        by_year = Counter(day.year for day in school_days)
        return sum(
            n / len(calendar.school_days(dt.date(y, 1, 1), dt.date(y, 12, 31)))
            for y, n in by_year.items()
        ), ""
    total = 0.0
    for year in calendar.years:
        in_force = sum(1 for day in school_days if year.start <= day <= year.end)
        if in_force:
            total += in_force / len(calendar.school_days(year.start, year.end))
    return total, ""


def minutes_a_week(
    frequency: Frequency, calendar: SchoolCalendar, rules: Rules, day: dt.date
) -> float | None:
    """What the frequency promises per five school days, over the school
    year around `day` (a calendar year's weekdays when no school year is
    set): what the ledger expects over that year, spread evenly."""
    if not frequency.usable or frequency.minutes_per_period is None:
        return None
    year = calendar.year_of(day)
    if year is None:
        first, last = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    else:
        first, last = year.start, year.end
    factor, _ = periods_in(frequency, calendar, first, last, rules)
    school_days = len(calendar.school_days(first, last))
    if factor is None or not school_days:
        return None
    return frequency.minutes_per_period * factor / (school_days / 5)
