"""Find a journal, read every file in it, and hand back entries and problems.

One entry point, `load`, returns a `Journal`: the typed entries and the
problems side by side. A bad file becomes problems beside the good entries;
nothing here raises on what a family wrote, prints, or asks for the date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
from pathlib import Path

from iepjournal import cache, checks, folder, frontmatter, model
from iepjournal import entries as e
from iepjournal import settings as settings_file
from iepjournal.problems import Problem

# Kept importable from here: they are part of reading a journal.
read_file = folder.read_file
shadowed_original = folder.shadowed_original


class Journal:
    """A loaded journal: settings, problems and entries."""

    def __init__(
        self,
        root: Path,
        settings: settings_file.Settings,
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


def find_root(start: Path) -> Path | None:
    """The folder holding `iepjournal.toml`, walking up as git does; else the
    starting folder itself if it looks like a journal (it has type folders)."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / settings_file.SETTINGS_FILE).is_file():
            return candidate
    if any((start / name).is_dir() for name in model.FOLDER_TYPES):
        return start
    return None


def _read_settings(root: Path) -> tuple[settings_file.Settings, list[Problem], bytes]:
    path = root / settings_file.SETTINGS_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return settings_file.Settings(), [], b""
    except OSError as error:
        problem = Problem(
            settings_file.SETTINGS_FILE,
            0,
            1,
            "error",
            "unreadable",
            f"The settings file could not be opened ({error.strerror}).",
        )
        return settings_file.Settings(), [problem], b""
    text, problems = frontmatter.decode(settings_file.SETTINGS_FILE, data)
    if text is None:
        return settings_file.Settings(found=True), problems, data
    settings, more = settings_file.read(text)
    return settings, problems + more, data


def load(root: Path, use_cache: bool | None = None) -> Journal:
    """Every file of the journal at `root`, as entries and problems. With
    the cache (the default unless IEPJOURNAL_NO_CACHE is set), files whose
    bytes are as they were are not parsed again (see cache.py); the result
    is the same either way."""
    use_cache = cache.enabled() if use_cache is None else use_cache
    settings, problems, _ = _read_settings(root)
    paths = folder.listing(root)
    present = set(paths)
    kept = cache.load(root) if use_cache else {}
    now: dict[str, cache.Kept] = {}
    todo: list[tuple[str, bytes]] = []
    digests: dict[str, str] = {}
    for path in paths:
        copy = folder.conflict_copy(path, present)
        if copy:
            problems.append(copy)
            continue
        data = folder.read_bytes(root, path)
        if isinstance(data, Problem):
            problems.append(data)
            continue
        digests[path] = cache.digest(path, data)
        found = kept.get(path)
        if found is not None and found[0] == digests[path]:
            now[path] = found
        else:
            todo.append((path, data))
    started = time.perf_counter()
    for path, entry, own in folder.parse_many(todo):
        now[path] = (digests[path], entry, own)
    if use_cache and time.perf_counter() - started >= cache.WRITE_AFTER:
        cache.save(root, now)
    entries: list[e.Entry] = []
    for _, entry, own in now.values():
        problems.extend(own)
        if entry is not None:
            entries.append(entry)
    journal = Journal(root, settings, problems, len(paths), entries)
    across = checks.run(journal)
    journal.problems = sorted(journal.problems + across, key=Problem.sort_key)
    return journal
