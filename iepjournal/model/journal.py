"""A loaded journal: its settings, its typed entries in date order, and the
problems found reading them (journal/loading.py makes one)."""

from __future__ import annotations

import bisect
import datetime as dt
from pathlib import Path

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

    def entry(self, entry_id: str) -> e.Entry | None:
        return self._by_id.get(entry_id)

    def of_type(self, kind: type[e.Entry]) -> list[e.Entry]:
        return [entry for entry in self.entries if isinstance(entry, kind)]
