"""The journal's folder: which files are entries, and reading them.

Reading is the cost of a cold load, so many files are read by a pool of
worker processes; each file's result travels back already pickled, which is
also the form the cache keeps.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from iepjournal import entries as e
from iepjournal import frontmatter, model
from iepjournal.problems import Problem

IGNORED_ROOT_FILES = {"readme.md"}
IGNORED_ROOT_FOLDERS = {"templates"}
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 400

_DROPBOX = re.compile(r"^(.*?) \((?:[^()]*'s )?conflicted copy[^()]*\)(.*)$", re.I)
_CASE = re.compile(r"^(.*?) \(Case Conflict(?: \d+)?\)(.*)$", re.I)
_SYNCTHING = re.compile(r"^(.*?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]+)?(\..*)?$")


@dataclass(frozen=True, slots=True)
class Listing:
    """The entry files with their size and modification time, and the
    modification time of every folder (a folder's changes when a file in it,
    such as an attachment, is added, removed or renamed)."""

    files: list[tuple[str, int, int]]
    folders: list[tuple[str, int]]


def listing(root: Path) -> Listing:
    files: list[tuple[str, int, int]] = []
    folders: list[tuple[str, int]] = []
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            items = list(os.scandir(folder))
            folders.append((prefix, os.stat(folder).st_mtime_ns))
        except OSError:
            continue
        for item in items:
            name = item.name
            if name.startswith((".", "_")):
                continue
            try:
                if item.is_dir():
                    if prefix or name.lower() not in IGNORED_ROOT_FOLDERS:
                        pending.append((item.path, f"{prefix}{name}/"))
                elif name.lower().endswith(".md") and (
                    prefix or name.lower() not in IGNORED_ROOT_FILES
                ):
                    stat = item.stat()
                    files.append((prefix + name, stat.st_size, stat.st_mtime_ns))
            except OSError:
                continue
    files.sort()
    folders.sort()
    return Listing(files, folders)


def shadowed_original(name: str) -> str | None:
    """For a sync tool's conflict copy, the name of the file it copies."""
    for pattern in (_DROPBOX, _CASE, _SYNCTHING):
        found = pattern.match(name)
        if found:
            return found.group(1) + (found.group(2) or "")
    return None


def conflict_copy(path: str, present: set[str]) -> Problem | None:
    """A warning for a sync tool's conflict copy, naming what it shadows."""
    folder, _, name = path.rpartition("/")
    if "conflict" not in name.lower():  # in every pattern; in few names
        return None
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


def read_file(root: Path | str, path: str) -> tuple[e.Entry | None, list[Problem]]:
    """One file to its entry and its own problems; never raises."""
    try:
        with open(os.path.join(root, path), "rb") as handle:
            data = handle.read()
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
    except Exception as error:  # one file must never stop the others
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


# What a build makes of an entry once it is read: its body as HTML (before
# links are checked), and its article, pickled (timeline.Prerender).
Prepare = Callable[[e.Entry], tuple[str | None, bytes | None]]


class Read(NamedTuple):
    """One file as read. The entry is pickled without its body, which
    travels beside it: what the analyses see of an entry (its shape) is
    then exactly the pickle, and a digest of it says whether an edit
    changed more than the text."""

    path: str
    entry: bytes | None
    body: str
    shape: str | None
    problems: list[Problem]


class Prepared(NamedTuple):
    path: str
    html: str | None
    article: bytes | None


def shape_of(blob: bytes) -> str:
    return hashlib.sha1(blob, usedforsecurity=False).hexdigest()


def entry_from(blob: bytes, body: str) -> e.Entry:
    entry: e.Entry = pickle.loads(blob)
    entry.body = body
    return entry


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Loading makes many objects and no reference cycles; the cycle
    collector would only walk them again and again (10-25% of a cold load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_pickled(root: str, paths: list[str]) -> list[Read]:
    results: list[Read] = []
    for path in paths:
        entry, problems = read_file(root, path)
        if entry is None:
            results.append(Read(path, None, "", None, problems))
            continue
        body, entry.body = entry.body, ""
        blob = pickle.dumps(entry, protocol=5)
        results.append(Read(path, blob, body, shape_of(blob), problems))
    return results


def _prepare(prepare: Prepare, reads: list[tuple[str, bytes, str]]) -> list[Prepared]:
    return [
        Prepared(path, *prepare(entry_from(blob, body))) for path, blob, body in reads
    ]


def read_many(root: Path, paths: list[str]) -> list[Read]:
    """Read files, in parallel when there are enough to be worth it."""
    return [read for chunk in Reading(root, paths).chunks() for read in chunk]


class Reading:
    """Files read by a pool of worker processes when there are enough of
    them to be worth it (else here), handed over a chunk at a time as the
    workers finish, so the caller can use each while the others are read.

    With `prepare` (a build), each chunk read is then prepared for the site
    by the same workers, while the caller gets on with what needs all the
    entries (the checks, the report, the pages); `prepared` hands the
    results over when they are wanted."""

    def __init__(self, root: Path, paths: list[str], prepare: Prepare | None = None):
        self.root = str(root)
        self.paths = paths
        self.prepare = prepare
        self.workers = min(os.cpu_count() or 1, 8)
        self.pool = _pool(len(paths), self.workers)
        self.jobs: list[Any] = []  # AsyncResults of the preparing
        self.waiting: list[tuple[str, bytes, str]] = []  # to prepare here

    def chunks(self) -> Iterator[list[Read]]:
        if self.pool is None:
            chunks: Iterable[list[Read]] = [_read_pickled(self.root, self.paths)]
        else:
            size = max(50, len(self.paths) // (self.workers * 4))
            jobs = [(self.root, self.paths[i : i + size])
                    for i in range(0, len(self.paths), size)]  # fmt: skip
            plain = self.pool.imap_unordered(_read_star, jobs)
            chunks = ([Read._make(read) for read in chunk] for chunk in plain)
        for chunk in chunks:
            if self.prepare:
                self._to_prepare(chunk)
            yield chunk

    def _to_prepare(self, chunk: list[Read]) -> None:
        reads = [(r.path, r.entry, r.body) for r in chunk if r.entry is not None]
        if self.pool is None:
            self.waiting += reads
        elif reads:
            # Queued behind the reading: the workers go on to it at once.
            self.jobs.append(self.pool.apply_async(_prepare, (self.prepare, reads)))

    def prepared(self) -> Iterator[list[Prepared]]:
        """What `prepare` made of each entry read, a chunk at a time."""
        if self.prepare and self.waiting:
            yield _prepare(self.prepare, self.waiting)
            self.waiting = []
        for job in self.jobs:
            yield job.get()
        self.jobs = []
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None


def _pool(files: int, workers: int) -> Any:
    """A pool of worker processes, or None when starting them would cost
    more than it saves."""
    if files < PARALLEL_FROM or workers < 2:
        return None
    import multiprocessing  # only a cold load of a large journal needs it

    # Named explicitly: Python 3.14 changes the default on Linux, and fork is
    # not safe on macOS.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    try:
        # No cycle collection in the workers, for their whole short life.
        return multiprocessing.get_context(method).Pool(workers, gc.disable)
    except (OSError, RuntimeError):  # no processes to be had: read here
        return None


def _read_star(job: tuple[str, list[str]]) -> list[tuple[Any, ...]]:
    # Plain tuples across the pipe: a named tuple pickles several times slower.
    return [tuple(read) for read in _read_pickled(*job)]
