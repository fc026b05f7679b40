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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

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


# What a build makes of an entry as it is read: its body as HTML (before
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


def _read_pickled(root: str, paths: list[str], prepare: Prepare | None) -> list[Read]:
    results: list[Read] = []
    for path in paths:
        entry, problems = read_file(root, path)
        if entry is None:
            results.append(Read(path, None, "", None, problems, None, None))
            continue
        html, article = prepare(entry) if prepare else (None, None)
        body, entry.body = entry.body, ""
        blob = pickle.dumps(entry, protocol=5)
        results.append(Read(path, blob, body, shape_of(blob), problems, html, article))
    return results


def _read_in_worker(root: str, paths: list[str], prepare: Prepare | None) -> list[Read]:
    gc.disable()  # the worker process lives only for this
    return _read_pickled(root, paths, prepare)


def read_many(
    root: Path, paths: list[str], prepare: Prepare | None = None
) -> list[Read]:
    """Read files, in parallel when there are enough to be worth it; each
    entry also prepared for the site when `prepare` is given."""
    return [read for chunk in read_chunks(root, paths, prepare) for read in chunk]


def read_chunks(
    root: Path, paths: list[str], prepare: Prepare | None = None
) -> Iterator[list[Read]]:
    """`read_many`, handed over a chunk at a time as the workers finish, so
    the caller can use each while the others are still being read."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        yield _read_pickled(str(root), paths, prepare)
        return
    # Named explicitly: Python 3.14 changes the default on Linux, and fork is
    # not safe on macOS.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    size = max(50, len(paths) // (workers * 4))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    import multiprocessing  # only a cold load of a large journal needs it

    try:
        context = multiprocessing.get_context(method)
        pool = context.Pool(workers)
    except (OSError, RuntimeError):  # no processes to be had: read here
        yield _read_pickled(str(root), paths, prepare)
        return
    with pool:
        jobs = [(str(root), chunk, prepare) for chunk in chunks]
        yield from pool.imap_unordered(_read_star, jobs)


def _read_star(job: tuple[str, list[str], Prepare | None]) -> list[Read]:
    return _read_in_worker(*job)
