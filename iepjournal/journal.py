"""Find a journal, read every file in it, and hand back entries and problems.

One entry point, `load`, returns a `Journal`: the typed entries and the
problems side by side. A bad file becomes problems beside the good entries;
nothing here raises on what a family wrote, prints, or asks for the date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from iepjournal import cache, checks, frontmatter, model
from iepjournal import entries as e
from iepjournal import settings as settings_file
from iepjournal.problems import Problem

IGNORED_ROOT_FILES = {"readme.md"}
IGNORED_ROOT_FOLDERS = {"templates"}

_DROPBOX = re.compile(r"^(.*?) \((?:[^()]*'s )?conflicted copy[^()]*\)(.*)$", re.I)
_CASE = re.compile(r"^(.*?) \(Case Conflict(?: \d+)?\)(.*)$", re.I)
_SYNCTHING = re.compile(r"^(.*?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]+)?(\..*)?$")


@dataclass
class Journal:
    root: Path
    settings: settings_file.Settings
    entries: list[e.Entry]
    problems: list[Problem]
    files: int = 0
    _by_id: dict[str, e.Entry] = field(default_factory=dict, repr=False)
    _ieps: list[e.Iep] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.entries.sort(key=lambda entry: entry.sort_key)
        self.problems.sort(key=Problem.sort_key)
        for entry in self.entries:
            self._by_id.setdefault(entry.id, entry)
        self._ieps = sorted(
            (x for x in self.entries if isinstance(x, e.Iep)),
            key=lambda iep: (iep.in_force_from, iep.date, iep.path),
        )

    @property
    def ieps(self) -> list[e.Iep]:
        """Every IEP snapshot, in the order they came into force."""
        return self._ieps

    def iep_in_force(self, day: dt.date) -> e.Iep | None:
        """The snapshot with the latest `effective` on or before the day."""
        starts = [iep.in_force_from for iep in self._ieps]
        index = bisect.bisect_right(starts, day)
        return self._ieps[index - 1] if index else None

    def entry(self, entry_id: str) -> e.Entry | None:
        return self._by_id.get(entry_id)

    def of_type(self, kind: type[e.Entry]) -> list[e.Entry]:
        return [entry for entry in self.entries if isinstance(entry, kind)]


def find_root(start: Path) -> Path | None:
    """The folder holding `iepjournal.toml`, walking up as git does; else the
    starting folder itself if it looks like a journal (it has type folders)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / settings_file.SETTINGS_FILE).is_file():
            return folder
    if any((start / name).is_dir() for name in model.FOLDER_TYPES):
        return start
    return None


def shadowed_original(name: str) -> str | None:
    """For a sync tool's conflict copy, the name of the file it copies."""
    for pattern in (_DROPBOX, _CASE, _SYNCTHING):
        found = pattern.match(name)
        if found:
            return found.group(1) + (found.group(2) or "")
    return None


def journal_files(root: Path) -> list[tuple[str, os.stat_result]]:
    """Every Markdown file that is an entry, with its stat, sorted by path."""
    found: list[tuple[str, os.stat_result]] = []
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            items = list(os.scandir(folder))
        except OSError:
            continue
        for item in items:
            name = item.name
            if name.startswith((".", "_")):
                continue
            relative = prefix + name
            try:
                if item.is_dir():
                    if not (prefix == "" and name.lower() in IGNORED_ROOT_FOLDERS):
                        pending.append((Path(item.path), relative + "/"))
                elif name.lower().endswith(".md") and not (
                    prefix == "" and name.lower() in IGNORED_ROOT_FILES
                ):
                    found.append((relative, item.stat()))
            except OSError:
                continue
    found.sort()
    return found


def read_file(root: Path, path: str) -> tuple[e.Entry | None, list[Problem]]:
    """One file to its entry and its own problems; never raises."""
    try:
        data = (root / path).read_bytes()
    except OSError as error:
        return None, [
            Problem(
                path,
                0,
                1,
                "error",
                "unreadable",
                f"This file could not be opened ({error.strerror}).",
                "Check that it is not locked by another program.",
            )
        ]
    try:
        text, problems = frontmatter.decode(path, data)
        if text is None:
            return None, problems
        raw = frontmatter.split(path, text)
        raw.problems[:0] = problems
        return model.build(raw), raw.problems
    except Exception as error:
        return None, [
            Problem(
                path,
                0,
                1,
                "error",
                "internal-error",
                f"iepjournal could not read this file ({type(error).__name__}: "
                f"{error}). This is a bug in iepjournal, not in your journal.",
                "Please report it with a copy of the file, names changed.",
            )
        ]


def _conflict_copy(path: str, present: set[str]) -> Problem | None:
    folder, _, name = path.rpartition("/")
    original_name = shadowed_original(name)
    if original_name is None:
        return None
    original = f"{folder}/{original_name}" if folder else original_name
    if original in present:
        hint = (
            f"Compare it with {original}, copy anything missing into that file, "
            "then delete this copy."
        )
    else:
        hint = f"{original} is missing: rename this copy to {original_name} to keep it."
    return Problem(
        path,
        0,
        1,
        "warning",
        "sync-conflict-copy",
        f"This is a copy a sync tool made of {original} when two devices changed "
        "it at once; it is not read.",
        hint,
    )


def _read_settings(root: Path) -> tuple[settings_file.Settings, list[Problem]]:
    path = root / settings_file.SETTINGS_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return settings_file.Settings(), []
    except OSError as error:
        return settings_file.Settings(), [
            Problem(
                settings_file.SETTINGS_FILE,
                0,
                1,
                "error",
                "unreadable",
                f"The settings file could not be opened ({error.strerror}).",
            )
        ]
    text, problems = frontmatter.decode(settings_file.SETTINGS_FILE, data)
    if text is None:
        return settings_file.Settings(found=True), problems
    settings, more = settings_file.read(text)
    return settings, problems + more


def load(root: Path, use_cache: bool | None = None) -> Journal:
    """Every file of the journal at `root`, as entries and problems."""
    settings, problems = _read_settings(root)
    files = journal_files(root)
    present = {path for path, _ in files}
    use_cache = cache.enabled() if use_cache is None else use_cache
    store = cache.Store(root, "") if use_cache else None
    stored = store.read() if store else {}
    entries: list[e.Entry] = []
    fresh: list[tuple[str, int, int, tuple[e.Entry | None, list[Problem]]]] = []
    for path, stat in files:
        copy = _conflict_copy(path, present)
        if copy:
            problems.append(copy)
            continue
        row = stored.get(path)
        if row and row[0] == stat.st_size and row[1] == stat.st_mtime_ns:
            entry, own = pickle.loads(row[2])
        else:
            entry, own = read_file(root, path)
            fresh.append((path, stat.st_size, stat.st_mtime_ns, (entry, own)))
        problems.extend(own)
        if entry is not None:
            entries.append(entry)
    if store:
        store.write(fresh, stored.keys() - present)
        store.close()
    journal = Journal(root, settings, entries, problems, files=len(files))
    journal.problems.extend(checks.run(journal))
    journal.problems.sort(key=Problem.sort_key)
    return journal
