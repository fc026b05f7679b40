"""Progress toward each goal: whether the reports carry real data, whether
they are copied, and whether the child is on pace along the aim line from
baseline to target."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from iepjournal.analyze.findings import Finding
from iepjournal.model import entries as e
from iepjournal.model import values
from iepjournal.model.dates import parse_date
from iepjournal.model.language import Said, said
from iepjournal.model.settings import Settings

# Words that report no measurement, and district words with a meaning.
_NOT_INTRODUCED = re.compile(r"\bnot (?:yet )?introduced\b", re.IGNORECASE)
_INSUFFICIENT = re.compile(
    r"\binsufficient\b|\bnot making (?:sufficient |adequate )?progress\b", re.IGNORECASE
)
_BARE_CODE = re.compile(r"^\s*([A-Za-z]{1,3}|\d)\s*\.?\s*$")


@dataclass(slots=True)
class Reading:
    """What one progress report said about one goal, and what it is worth."""

    entry: str
    day: dt.date
    reported: str
    value: values.Value | None
    code: str
    meaning: str  # from [progress_codes] or the words; "" if none
    other_units: list[values.Value] = field(default_factory=list)
    expected: float | None = None
    on_pace: bool | None = None
    copied_from: str = ""  # the entry whose words this repeats

    @property
    def measurable(self) -> bool:
        return self.value is not None


@dataclass(slots=True)
class GoalProgress:
    goal: e.Goal
    iep: e.Iep
    baseline: values.Value | None
    target: values.Value | None
    start: dt.date  # the baseline's date
    by: dt.date | None
    readings: list[Reading] = field(default_factory=list)

    @property
    def unit(self) -> str | None:
        return self.target.unit if self.target else None

    @property
    def direction(self) -> str | None:
        if (
            not (self.baseline and self.target)
            or self.baseline.number == self.target.number
        ):
            return None
        return "up" if self.target.number > self.baseline.number else "down"

    def expected_on(self, day: dt.date) -> float | None:
        """The aim line's value on a day."""
        if not (self.baseline and self.target and self.by) or self.by <= self.start:
            return None
        share = (day - self.start).days / (self.by - self.start).days
        share = min(1.0, max(0.0, share))
        return (
            self.baseline.number + (self.target.number - self.baseline.number) * share
        )

    def distance(self, value: values.Value) -> float | None:
        """How far a value is from the target, in the goal's direction."""
        if not self.target:
            return None
        return abs(self.target.number - value.number)


def goals(
    ieps: list[e.Iep],
    reports: list[e.Progress],
    settings: Settings,
    as_of: dt.date,
) -> list[GoalProgress]:
    """Each goal of the IEP in force on the as-of day, with its readings."""
    current = next((iep for iep in reversed(ieps) if iep.in_force_from <= as_of), None)
    if current is None:
        return []
    found = []
    for goal in current.goals:
        progress = GoalProgress(
            goal=goal,
            iep=current,
            baseline=values.parse(goal.baseline) if goal.baseline else None,
            target=values.parse(goal.target) if goal.target else None,
            start=goal.baseline_date or _first_seen(ieps, goal),
            by=goal.by or current.ends,
        )
        _read(progress, reports, settings, as_of)
        found.append(progress)
    return found


def _first_seen(ieps: list[e.Iep], goal: e.Goal) -> dt.date:
    """The baseline date: when the goal first appeared with this baseline."""
    for iep in ieps:
        earlier = iep.goal_by_id(goal.id)
        if earlier and earlier.baseline == goal.baseline:
            return iep.in_force_from
    return dt.date.min


def _read(
    progress: GoalProgress,
    reports: list[e.Progress],
    settings: Settings,
    as_of: dt.date,
) -> None:
    previous: Reading | None = None
    for report in reports:
        if report.date > as_of:
            continue
        said = next((g for g in report.goals if g.goal == progress.goal.id), None)
        if said is None:
            continue
        reading = _reading(progress, report, said, settings)
        words = _words(said.reported)
        if previous and words and words == _words(previous.reported):
            reading.copied_from = previous.entry
        progress.readings.append(reading)
        previous = reading


def _words(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _reading(
    progress: GoalProgress, report: e.Progress, said: e.GoalReport, settings: Settings
) -> Reading:
    unit = progress.unit
    value: values.Value | None = None
    others: list[values.Value] = []
    if said.value:
        parsed = values.parse(said.value)
        if parsed and parsed.unit == unit:
            value = parsed
        elif parsed:
            others.append(parsed)
    if value is None and unit is not None:
        value, more = values.in_unit(said.reported, unit)
        others += more
    code = said.code or _bare_code(said.reported, settings)
    meaning = settings.progress_codes.get(code.upper(), "") if code else ""
    if _NOT_INTRODUCED.search(said.reported):
        meaning = "not-introduced"
    elif _INSUFFICIENT.search(said.reported):
        meaning = "insufficient"
    reading = Reading(
        report.id, report.date, said.reported, value, code, meaning, others
    )
    if value is not None:
        reading.expected = progress.expected_on(report.date)
        reading.on_pace = _on_pace(progress, value, reading.expected, settings)
    return reading


def _bare_code(text: str, settings: Settings) -> str:
    found = _BARE_CODE.match(text)
    if found and (
        found.group(1).upper() in settings.progress_codes or found.group(1).isdigit()
    ):
        return found.group(1)
    return ""


def _on_pace(
    progress: GoalProgress,
    value: values.Value,
    expected: float | None,
    settings: Settings,
) -> bool | None:
    """Off pace when behind the aim line by more than `off_pace_percent` of
    the whole distance from baseline to target."""
    if expected is None or progress.direction is None:
        return None
    assert progress.baseline and progress.target
    allowed = abs(progress.target.number - progress.baseline.number) * (
        settings.rules.off_pace_percent / 100
    )
    behind = (
        expected - value.number
        if progress.direction == "up"
        else value.number - expected
    )
    return behind <= allowed


def no_measurable_improvement(progress: GoalProgress) -> Said | None:
    """Why the goal shows no measurable improvement over two reporting
    periods, or "" when it does (or cannot be told)."""
    readings = progress.readings
    if (
        len(readings) >= 2
        and not readings[-1].measurable
        and not readings[-2].measurable
    ):
        return said("the last two reports give no data")
    if len(readings) >= 3 and readings[-1].value and readings[-3].value:
        latest, earlier = (
            progress.distance(readings[-1].value),
            progress.distance(readings[-3].value),
        )
        if latest is not None and earlier is not None and latest >= earlier:
            return said(
                "{latest} on the latest report is no closer to the target than "
                "{earlier} two reports before",
                latest=readings[-1].value,
                earlier=readings[-3].value,
            )
    return None


# --- findings ------------------------------------------------------------------


def findings(
    progress: list[GoalProgress],
    reports: list[e.Progress],
    ieps: list[e.Iep],
    settings: Settings,
    as_of: dt.date,
) -> list[Finding]:
    found: list[Finding] = []
    for goal in progress:
        found += _goal_findings(goal)
    found += _report_findings(progress, reports, ieps, as_of)
    found += _overdue(reports, ieps, settings, as_of)
    return found


def _name(goal: GoalProgress) -> str:
    """What a person reads for a goal: its area ("Reading"), else its id."""
    return goal.goal.area or goal.goal.id


def _goal_findings(goal: GoalProgress) -> list[Finding]:
    found = []
    why = no_measurable_improvement(goal)
    if why:
        entries = tuple(r.entry for r in goal.readings[-3:])
        found.append(Finding(
            "no-measurable-improvement",
            said("The goal for {goal} shows no measurable improvement over two "
                 "reporting periods: {why}.", goal=_name(goal), why=why),
            entries, goal.readings[-1].day, goal.goal.id,
            said("Ask for the data behind the reports and whether the services "
                 "should change."),
        ))  # fmt: skip
    measured = [r for r in goal.readings if r.measurable]
    latest = measured[-1] if measured else None
    if latest and latest.on_pace is False and latest.expected is not None:
        unit = goal.unit or ""
        expected = values.Value(latest.expected, unit)
        found.append(Finding(
            "goal-off-pace",
            said("The goal for {goal}: {value} on {day:short}, where the aim "
                 "line from {baseline} to {target} is at {expected}.",
                 goal=_name(goal), value=latest.value, day=latest.day,
                 baseline=goal.baseline, target=goal.target, expected=expected),
            (latest.entry,), latest.day, goal.goal.id,
            said("Ask what will change so the goal can be met by the date in "
                 "the IEP."),
        ))  # fmt: skip
    for index, reading in enumerate(goal.readings):
        if reading.meaning == "insufficient":
            found.append(Finding(
                "progress-insufficient",
                said("The report of {day:short} rates the goal for {goal} as "
                     "insufficient progress (\u201c{words}\u201d{code}).",
                     day=reading.day, goal=_name(goal), words=reading.reported,
                     code=", " + reading.code if reading.code else ""),
                (reading.entry,), reading.day, goal.goal.id,
            ))  # fmt: skip
        if reading.meaning == "not-introduced" and index > 0:
            found.append(Finding(
                "goal-not-introduced",
                said("The report of {day:short} says the goal for {goal} is not "
                     "introduced, though it is not the first report this year.",
                     day=reading.day, goal=_name(goal)),
                (reading.entry,), reading.day, goal.goal.id,
                said("Ask when work on this goal will start."),
            ))  # fmt: skip
        if reading.copied_from:
            found.append(Finding(
                "progress-report-copied",
                said("The report of {day:short} says the same about the goal for "
                     "{goal} as the one before: \u201c{words}\u201d",
                     day=reading.day, goal=_name(goal), words=reading.reported),
                (reading.copied_from, reading.entry), reading.day, goal.goal.id,
                said("Ask for this period's data."),
            ))  # fmt: skip
    return found


def _report_findings(
    progress: list[GoalProgress], reports: list[e.Progress], ieps: list[e.Iep],
    as_of: dt.date,
) -> list[Finding]:  # fmt: skip
    found = []
    readings = {(r.entry, g.goal.id): r for g in progress for r in g.readings}
    for report in reports:
        if report.date > as_of:
            continue
        vague = [
            _vague_words(g, readings[report.id, g.goal.id])
            for g in progress
            if (report.id, g.goal.id) in readings
            and not readings[report.id, g.goal.id].measurable
        ]
        if vague:
            found.append(Finding(
                "progress-report-vague",
                said("The progress report of {day:short} gives no data for "
                     "{goals}.", day=report.date, goals=tuple(vague)),
                (report.id,), report.date, "",
                said("\u201cMaking progress\u201d is not a progress report: ask "
                     "the case manager for the measurements behind it."),
            ))  # fmt: skip
        iep = next((i for i in reversed(ieps) if i.in_force_from <= report.date), None)
        mentioned = {g.goal for g in report.goals}
        missing = (
            [g.area or g.id for g in iep.goals if g.id not in mentioned] if iep else []
        )
        if missing:
            found.append(Finding(
                "progress-goal-missing",
                said("The progress report of {day:short} does not mention "
                     "{goals}.", day=report.date, goals=tuple(missing)),
                (report.id,), report.date, "",
                said("Every goal should be reported on at least as often as "
                     "report cards."),
            ))  # fmt: skip
    return found


def _vague_words(goal: GoalProgress, reading: Reading) -> str | Said:
    """The goal's id, and why a number in the report does not count."""
    if reading.other_units and goal.unit is not None:
        return said(
            "{goal} ({values}, but the goal is measured in {unit})",
            goal=_name(goal),
            values=tuple(reading.other_units),
            unit=values.unit_words(goal.unit),
        )
    return _name(goal)


_WRITTEN_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b")


def due_dates(ieps: list[e.Iep], settings: Settings, as_of: dt.date) -> list[dt.date]:
    """When progress reports are due, up to the as-of day: the dates the IEP's
    `progress_reports` lists, if it lists any, else the report card dates
    while an IEP is in force."""
    if not ieps:
        return []
    current = next((i for i in reversed(ieps) if i.in_force_from <= as_of), ieps[-1])
    listed_dates = [
        parsed[0]
        for text in _WRITTEN_DATE.findall(current.progress_reports)
        if isinstance(parsed := parse_date(text), tuple)
    ]
    if listed_dates:
        return sorted(day for day in listed_dates if day <= as_of)
    first = ieps[0].in_force_from
    return sorted(
        card
        for year in settings.school_years
        for card in year.report_cards
        if first <= card <= as_of
    )


def _overdue(
    reports: list[e.Progress], ieps: list[e.Iep], settings: Settings, as_of: dt.date
) -> list[Finding]:
    found = []
    grace = dt.timedelta(days=settings.rules.progress_overdue_days)
    dues = due_dates(ieps, settings, as_of)
    for due, arrived in received(dues, [r.date for r in reports], grace, as_of):
        if not arrived and as_of > due + grace:
            found.append(Finding(
                "progress-report-overdue",
                said("No progress report arrived within two weeks of "
                     "{due:short}, when one was due (none by {late:short}).",
                     due=due, late=due + grace),
                (), due + grace, "",
                said("Ask the case manager for the progress report in writing."),
            ))  # fmt: skip
    return found


def received(
    dues: list[dt.date], reports: list[dt.date], grace: dt.timedelta, as_of: dt.date
) -> list[tuple[dt.date, bool]]:
    """For each due date, whether a progress report arrived for it: one
    dated after the last period's grace ended and by this one's (due date
    plus `progress_overdue_days`), and by the as-of day. The one rule for
    the report's overdue finding and the calendar's deadlines."""
    found, previous = [], dt.date.min
    for due in sorted(dues):
        end = due + grace
        found.append((due, any(previous < day <= min(end, as_of) for day in reports)))
        previous = end
    return found
