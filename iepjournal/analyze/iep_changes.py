"""What changed from one IEP snapshot to the next: services added, dropped,
cut or raised (in minutes a week), settings changed."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from iepjournal.model import entries as e
from iepjournal.model.frequency import Frequency

# To compare amounts written per month, cycle or year, everything is put in
# minutes a week; a school year is taken as 36 weeks of 4 grading periods.
_WEEKS_PER = {"day": 0.2, "week": 1.0, "month": 52 / 12, "grading_period": 9.0,
              "year": 36.0}  # fmt: skip


def minutes_a_week(frequency: Frequency) -> float | None:
    if not frequency.usable or frequency.minutes_per_period is None:
        return None
    if frequency.per == "cycle":
        if not frequency.cycle_days:
            return None
        return frequency.minutes_per_period * 5 / frequency.cycle_days
    return frequency.minutes_per_period / _WEEKS_PER[frequency.per or "week"]


@dataclass(frozen=True, slots=True)
class ServiceChange:
    iep: str  # the newer snapshot's id
    previous: str
    service: str
    kind: str  # added | dropped | cut | raised | frequency | setting
    message: str
    before: float | None = None  # minutes a week
    after: float | None = None

    @property
    def is_cut(self) -> bool:
        return self.kind in ("cut", "dropped")

    def as_json(self) -> dict[str, object]:
        return {
            "iep": self.iep, "previous": self.previous, "service": self.service,
            "kind": self.kind, "message": self.message,
            "minutes_a_week_before": _rounded(self.before),
            "minutes_a_week_after": _rounded(self.after),
        }  # fmt: skip


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _weekly(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f}"


def compare(before: e.Iep, after: e.Iep) -> Iterator[ServiceChange]:
    """The changes from `before` to `after`, service by service."""
    old = {s.id: s for s in before.services}
    new = {s.id: s for s in after.services}
    for service_id, service in old.items():
        if service_id not in new:
            weekly = minutes_a_week(service.reading)
            yield ServiceChange(
                after.id, before.id, service_id, "dropped",
                f"{service.name} was dropped (it was {service.frequency}, about "
                f"{_weekly(weekly)} minutes a week).",
                weekly, 0.0,
            )  # fmt: skip
    for service_id, service in new.items():
        if service_id not in old:
            yield ServiceChange(
                after.id, before.id, service_id, "added",
                f"{service.name} was added: {service.frequency}.",
                0.0, minutes_a_week(service.reading),
            )  # fmt: skip
            continue
        yield from _changed(before, after, old[service_id], service)


def _changed(
    before: e.Iep, after: e.Iep, old: e.Service, new: e.Service
) -> Iterator[ServiceChange]:
    if old.frequency != new.frequency:
        was, now = (
            minutes_a_week(old.reading),
            minutes_a_week(new.reading),
        )
        kind = "frequency"
        if was is not None and now is not None and abs(was - now) > 0.5:
            kind = "cut" if now < was else "raised"
        yield ServiceChange(
            after.id, before.id, new.id, kind,
            f"{new.name}: {old.frequency} became {new.frequency} (about "
            f"{_weekly(was)} to {_weekly(now)} minutes a week"
            + {"cut": ", a cut", "raised": ", an increase"}.get(kind, "") + ").",
            was, now,
        )  # fmt: skip
    if old.setting != new.setting:
        yield ServiceChange(
            after.id, before.id, new.id, "setting",
            f"{new.name}: the setting changed from {old.setting or 'not stated'} "
            f"to {new.setting or 'not stated'}.",
        )  # fmt: skip


def changes(ieps: list[e.Iep]) -> list[ServiceChange]:
    """Every change between consecutive snapshots, in the order they came."""
    return [
        change
        for before, after in itertools.pairwise(ieps)
        for change in compare(before, after)
    ]
