"""A loaded journal: its settings, its typed entries in date order, and the
problems found reading them (journal/loading.py makes one)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iepjournal.model import entries as e
from iepjournal.model.problems import Problem
from iepjournal.model.settings import Settings


class Journal:
    """A loaded journal: settings, problems and entries."""

    def __init__(
        self,
        root: Path,
        settings: Settings,
        problems: list[Problem],
        files: int,
        entries: list[e.Entry] | None = None,
    ) -> None:
        self.root = root
        self.settings = settings
        self.problems = sorted(problems, key=Problem.sort_key)
        self.files = files
        # Every entry, in date order (then time, then path).
        self.entries = sorted(entries or [], key=lambda entry: entry.sort_key)
        self._by_id: dict[str, e.Entry] = {}
        for entry in self.entries:
            self._by_id.setdefault(entry.id, entry)
        # Every IEP snapshot, in the order they came into force.
        self.ieps = sorted(
            (x for x in self.entries if isinstance(x, e.Iep)),
            key=lambda iep: (iep.in_force_from, iep.date, iep.path),
        )

    def iep_in_force(self, day: dt.date) -> e.Iep | None:
        """The snapshot with the latest `effective` on or before the day."""
        starts = [iep.in_force_from for iep in self.ieps]
        index = bisect.bisect_right(starts, day)
        return self.ieps[index - 1] if index else None

    def service_name(self, service_id: str, day: dt.date | None = None) -> str:
        """What a person reads for a service: its name in the IEP in force
        that day, else in the latest IEP that lists it, else its id."""
        return self._named(service_id, day, "services", lambda x: x.name)

    def goal_name(self, goal_id: str, day: dt.date | None = None) -> str:
        """What a person reads for a goal: its area ("Reading"), else its id."""
        return self._named(goal_id, day, "goals", lambda x: x.area)

    def _named(
        self, wanted: str, day: dt.date | None, kind: str, name: Callable[[Any], str]
    ) -> str:
        in_force = self.iep_in_force(day) if day else None
        ieps = ([in_force] if in_force else []) + self.ieps[::-1]
        for iep in ieps:
            for item in getattr(iep, kind):
                if item.id.lower() == wanted.lower() and name(item):
                    return str(name(item))
        return wanted

    def entry(self, entry_id: str) -> e.Entry | None:
        return self._by_id.get(entry_id)

    def of_type(self, kind: type[e.Entry]) -> list[e.Entry]:
        return [entry for entry in self.entries if isinstance(entry, kind)]
