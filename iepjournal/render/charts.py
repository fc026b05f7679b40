"""The report page's small inline SVG charts: per service, minutes
promised against minutes held, week by week; per goal, the aim line from
baseline to target with each reported value. Points come already scaled:
the template only draws them."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from iepjournal.analyze import report as gap_report
from iepjournal.analyze.proration import periods_in
from iepjournal.analyze.services import Ledger
from iepjournal.model.journal import Journal
from iepjournal.model.language import Said, one_after_another, said
from iepjournal.model.values import unit_words
from iepjournal.render.timeline import session_words


@dataclass
class Chart:
    """Points for a small inline SVG: polylines and marks, already scaled."""

    width: int
    height: int
    lines: list[tuple[str, str]]  # css class, "x,y x,y ..."
    dots: Sequence[tuple[float, float, str]]  # x, y, label
    marks: Sequence[tuple[float, str]]  # x of a "no data" mark, label
    labels: Sequence[tuple[float, float, str]]  # x, y, text


WIDTH, HEIGHT, PAD = 320, 120, 22


def _scale(values: list[float], low: float, high: float, size: float) -> list[float]:
    span = (high - low) or 1.0
    return [PAD + (v - low) / span * (size - 2 * PAD) for v in values]


def service_charts(built: gap_report.Report, journal: Journal) -> dict[str, Chart]:
    """Per service: minutes promised against minutes held, week by week,
    added up over the year (sessions when no minutes are known)."""
    calendar = built.calendar  # the same school days the ledger counted
    by_service: dict[str, list[Ledger]] = defaultdict(list)
    for ledger in built.ledgers:
        by_service[ledger.service.id].append(ledger)
    held_by_day = {id(ledger): _held(ledger) for ledger in built.ledgers}
    charts = {}
    for service_id, ledgers in by_service.items():
        weeks = _weeks(ledgers[0].start, ledgers[-1].end)
        promised, held = [], []
        total_promised = total_held = 0.0
        for first, last in weeks:
            for ledger in ledgers:
                start, end = max(first, ledger.start), min(last, ledger.end)
                if start > end or not ledger.frequency.usable:
                    continue
                factor, _ = periods_in(ledger.frequency, calendar, start, end,
                                       journal.settings.rules)  # fmt: skip
                amount = (
                    ledger.frequency.minutes_per_period
                    or ledger.frequency.sessions
                    or 0
                )
                total_promised += amount * (factor or 0)
                days, sums = held_by_day[id(ledger)]
                low = bisect.bisect_left(days, start)
                high = bisect.bisect_right(days, end)
                total_held += sums[high] - sums[low]
            promised.append(total_promised)
            held.append(total_held)
        charts[service_id] = _line_chart(weeks, promised, held)
    return charts


def _held(ledger: Ledger) -> tuple[list[dt.date], list[float]]:
    """The days sessions were held, in order, and the running total of what
    was held (minutes, or sessions when the promise counts no minutes)
    before each: any span's total is then two bisections."""
    held = sorted(
        (x.day, (x.minutes or 0) if ledger.frequency.minutes_per_period else 1)
        for x in ledger.logged
        if x.session.status in ("held", "partial", "made-up")
    )
    sums = [0.0]
    for _, amount in held:
        sums.append(sums[-1] + amount)
    return [day for day, _ in held], sums


def _weeks(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    start = first - dt.timedelta(days=first.weekday())
    weeks = []
    while start <= last:
        weeks.append((max(start, first), min(start + dt.timedelta(days=6), last)))
        start += dt.timedelta(days=7)
    return weeks


def _line_chart(
    weeks: list[tuple[dt.date, dt.date]], promised: list[float], held: list[float]
) -> Chart:
    top = max(promised + held + [1.0])
    xs = _scale(list(range(len(weeks))), 0, max(1, len(weeks) - 1), WIDTH)
    ys_p = [HEIGHT - y for y in _scale(promised, 0, top, HEIGHT)]
    ys_h = [HEIGHT - y for y in _scale(held, 0, top, HEIGHT)]

    def points(ys: list[float]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))

    labels = [
        (PAD, HEIGHT - 6, said("{day:short}", day=weeks[0][0])),
        (WIDTH - PAD, HEIGHT - 6, said("{day:short}", day=weeks[-1][1])),
        (PAD, 14, said("{minutes:0} min", minutes=top)),
    ]
    return Chart(WIDTH, HEIGHT, [("promised", points(ys_p)), ("held", points(ys_h))],
                 [], [], labels)  # fmt: skip


def goal_chart(goal) -> Chart | None:  # type: ignore[no-untyped-def]
    """The aim line from baseline to target, each reported value as a dot,
    and a mark where a report gave no data."""
    if not (goal.baseline and goal.target and goal.by) or goal.by <= goal.start:
        return None
    days = (goal.by - goal.start).days
    numbers = [goal.baseline.number, goal.target.number] + [
        r.value.number for r in goal.readings if r.value
    ]
    low, high = min(numbers), max(numbers)

    def x(day: dt.date) -> float:
        return _scale([min(days, max(0, (day - goal.start).days))], 0, days, WIDTH)[0]

    def y(value: float) -> float:
        return HEIGHT - _scale([value], low, high, HEIGHT)[0]

    start = f"{x(goal.start):.1f},{y(goal.baseline.number):.1f}"
    aim = f"{start} {x(goal.by):.1f},{y(goal.target.number):.1f}"
    dots = [(x(r.day), y(r.value.number), said("{day:short}: {value}", day=r.day,
                                                  value=r.value))
            for r in goal.readings if r.value]  # fmt: skip
    marks = [(x(r.day), said("{day:short}: no data", day=r.day))
             for r in goal.readings if not r.value]  # fmt: skip
    top = (
        said("{high} {unit}", high=high, unit=unit_words(goal.unit))
        if goal.unit
        else said("{high}", high=high)
    )
    labels = [
        (PAD, HEIGHT - 6, said("{day:short}", day=goal.start)),
        (WIDTH - PAD, HEIGHT - 6, said("{day:short}", day=goal.by)),
        (PAD, 14, top),
    ]
    return Chart(WIDTH, HEIGHT, [("aim", aim)], dots, marks, labels)


@dataclass
class MonthRow:
    """One month of one service's grid: a cell for each day of the month."""

    label: Said  # "Sep 2025"
    cells: list[tuple[int, str, Said]]  # day of the month, css class, what happened


# What a day's cell shows, strongest first when a day has several sessions.
_CELL_ORDER = ("missed-school", "missed-student", "missed-unknown", "partial",
               "made-up", "held", "unknown")  # fmt: skip


def month_grids(
    built: gap_report.Report, journal: Journal
) -> dict[str, list[MonthRow]]:
    """Per service, a row per month from the first day it was promised to the
    last: each school day is a cell (held, missed by the school, missed by
    the student, made up, cut short, or no record), each day without school
    a grey cell, so a pattern is seen before it is read."""
    calendar = built.calendar
    by_service: dict[str, list[Ledger]] = defaultdict(list)
    for ledger in built.ledgers:
        by_service[ledger.service.id].append(ledger)
    grids: dict[str, list[MonthRow]] = {}
    for service_id, ledgers in by_service.items():
        first, last = ledgers[0].start, ledgers[-1].end
        happened: dict[dt.date, list[tuple[str, Said]]] = defaultdict(list)
        for ledger in ledgers:
            for logged in ledger.logged:
                words, css = session_words(logged.session.status, logged.side)
                if logged.session.reason:
                    words = said(
                        "{status} ({reason})", status=words,
                        reason=logged.session.reason,
                    )  # fmt: skip
                happened[logged.day].append((css, words))
        rows = []
        month = dt.date(first.year, first.month, 1)
        while month <= last:
            following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            cells: list[tuple[int, str, Said]] = []
            day = month
            while day < following:
                if day < first or day > last:
                    cells.append((day.day, "outside", Said("")))
                elif happened.get(day):
                    found = sorted(happened[day], key=lambda x: _CELL_ORDER.index(x[0]))
                    each = one_after_another(x[1] for x in found)
                    what = said("{day:short}: {what}", day=day, what=each)
                    cells.append((day.day, found[0][0], what))
                elif not calendar.is_school_day(day):
                    cells.append((day.day, "no-school",
                                  said("{day:short}: no school", day=day)))  # fmt: skip
                else:
                    cells.append((day.day, "no-record",
                                  said("{day:short}: no note", day=day)))  # fmt: skip
                day += dt.timedelta(days=1)
            rows.append(MonthRow(said("{month:shortmonth}", month=month), cells))
            month = following
        grids[service_id] = rows
    return grids
