"""Find a journal, read every file in it, and hand back entries and problems.

One entry point, `load`, returns a `Journal`: the typed entries and the
problems side by side. A bad file becomes problems beside the good entries;
nothing here raises on what a family wrote, prints, or asks for the date.
"""

from __future__ import annotations

import time
from pathlib import Path

from iepjournal.journal import (
    cache,
    checks,
    folder,
    frontmatter,
    settings_file,
)
from iepjournal.model import entries as e
from iepjournal.model.journal import Journal
from iepjournal.model.language import said
from iepjournal.model.problems import Problem
from iepjournal.model.settings import SETTINGS_FILE, Settings

# Kept importable from here: they are part of reading a journal.
read_file = folder.read_file
shadowed_original = folder.shadowed_original


def find_root(start: Path) -> Path | None:
    """The folder holding `iepjournal.toml`, walking up as git does; else the
    starting folder itself if it looks like a journal (it has type folders)."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / SETTINGS_FILE).is_file():
            return candidate
    if any((start / name).is_dir() for name in e.FOLDER_TYPES):
        return start
    return None


def _read_settings(root: Path) -> tuple[Settings, list[Problem]]:
    path = root / SETTINGS_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        problem = Problem(
            SETTINGS_FILE,
            0,
            1,
            "error",
            "unreadable",
            said(
                "The settings file could not be opened ({strerror}).",
                strerror=error.strerror,
            ),
        )
        return Settings(), [problem]
    text, problems = frontmatter.decode(SETTINGS_FILE, data)
    if text is None:
        return Settings(found=True), problems
    settings, more = settings_file.read(text)
    return settings, problems + more


def load(root: Path, use_cache: bool | None = None) -> Journal:
    """Every file of the journal at `root`, as entries and problems. With
    the cache (the default unless IEPJOURNAL_NO_CACHE is set), files whose
    bytes are as they were are not parsed again (see cache.py); the result
    is the same either way."""
    use_cache = cache.enabled() if use_cache is None else use_cache
    settings, problems = _read_settings(root)
    paths, links = folder.walk(root)
    problems.extend(links)
    present = set(paths)
    kept = cache.load(root) if use_cache else {}
    now: dict[str, cache.Kept] = {}
    todo: list[tuple[str, bytes]] = []
    digests: dict[str, str] = {}
    for path in paths:
        copy = folder.copy_problem(path, present)
        if copy:
            problems.append(copy)
            continue
        data = folder.read_bytes(root, path)
        if isinstance(data, Problem):
            problems.append(data)
            continue
        digests[path] = cache.digest(path, data, settings.day_first)
        found = kept.get(path)
        if found is not None and found[0] == digests[path]:
            now[path] = found
        else:
            todo.append((path, data))
    started = time.perf_counter()
    for path, entry, own in folder.parse_many(todo, settings.day_first):
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
