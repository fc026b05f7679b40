"""What changed from one IEP snapshot to the next: services added, dropped,
cut or raised (in minutes a week, prorated as the ledger prorates: see
proration.py), settings changed."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from iepjournal.analyze import proration
from iepjournal.analyze.school_days import SchoolCalendar
from iepjournal.model import entries as e
from iepjournal.model.language import N_, said
from iepjournal.model.settings import Rules


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


# How a changed frequency is said, by whether it cut or raised the minutes.
_BECAME = {
    "cut": N_("{service}: {old} became {new} (about {was} to {now} minutes a "
              "week, a cut)."),
    "raised": N_("{service}: {old} became {new} (about {was} to {now} minutes "
                 "a week, an increase)."),
    "": N_("{service}: {old} became {new} (about {was} to {now} minutes a week)."),
}  # fmt: skip


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _weekly(value: float | None) -> str | int:
    return "?" if value is None else round(value)


def compare(
    before: e.Iep, after: e.Iep, calendar: SchoolCalendar, rules: Rules
) -> Iterator[ServiceChange]:
    """The changes from `before` to `after`, service by service; amounts are
    put in minutes a week over the school year `after` came into force in
    (proration.minutes_a_week)."""

    def minutes_a_week(service: e.Service) -> float | None:
        return proration.minutes_a_week(
            service.reading, calendar, rules, after.in_force_from
        )

    old = {s.id: s for s in before.services}
    new = {s.id: s for s in after.services}
    for service_id, service in old.items():
        if service_id not in new:
            weekly = minutes_a_week(service)
            yield ServiceChange(
                after.id, before.id, service_id, "dropped",
                said("{service} was dropped (it was {frequency}, about {weekly} "
                     "minutes a week).", service=service.name,
                     frequency=service.frequency, weekly=_weekly(weekly)),
                weekly, 0.0,
            )  # fmt: skip
    for service_id, service in new.items():
        if service_id not in old:
            yield ServiceChange(
                after.id, before.id, service_id, "added",
                said("{service} was added: {frequency}.", service=service.name,
                     frequency=service.frequency),
                0.0, minutes_a_week(service),
            )  # fmt: skip
            continue
        yield from _changed(before, after, old[service_id], service, minutes_a_week)


def _changed(
    before: e.Iep,
    after: e.Iep,
    old: e.Service,
    new: e.Service,
    minutes_a_week: Callable[[e.Service], float | None],
) -> Iterator[ServiceChange]:
    if old.frequency != new.frequency:
        was, now = (
            minutes_a_week(old),
            minutes_a_week(new),
        )
        kind = "frequency"
        if was is not None and now is not None and abs(was - now) > 0.5:
            kind = "cut" if now < was else "raised"
        yield ServiceChange(
            after.id, before.id, new.id, kind,
            said(_BECAME.get(kind, _BECAME[""]),
                 service=new.name, old=old.frequency, new=new.frequency,
                 was=_weekly(was), now=_weekly(now)),
            was, now,
        )  # fmt: skip
    if old.setting != new.setting:
        yield ServiceChange(
            after.id, before.id, new.id, "setting",
            said("{service}: the setting changed from {old} to {new}.",
                 service=new.name, old=old.setting or said("not stated"),
                 new=new.setting or said("not stated")),
        )  # fmt: skip


def changes(
    ieps: list[e.Iep], calendar: SchoolCalendar, rules: Rules
) -> list[ServiceChange]:
    """Every change between consecutive snapshots, in the order they came."""
    return [
        change
        for before, after in itertools.pairwise(ieps)
        for change in compare(before, after, calendar, rules)
    ]
