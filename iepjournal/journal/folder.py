"""The journal's folder: which files are entries, and reading them.

Parsing is the cost of a cold load, so a large journal's files are parsed
by a pool of worker processes (see parse_many).
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

from iepjournal.journal import entry_builder, frontmatter
from iepjournal.model import entries as e
from iepjournal.model.language import said
from iepjournal.model.problems import Problem

# Never entries, in any folder: a README a family or a tool keeps there.
IGNORED_NAMES = {"readme.md", "readme.txt"}
# Not entries: a journal's own templates, and its attachments (an `.md`
# file saved from an email, or copied there, is a document, never an entry).
IGNORED_ROOT_FOLDERS = {"templates", e.ATTACHMENTS}
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 400

_DROPBOX = re.compile(r"^(.*?) \((?:[^()]*'s )?conflicted copy[^()]*\)(.*)$", re.I)
_CASE = re.compile(r"^(.*?) \(Case Conflict(?: \d+)?\)(.*)$", re.I)
_SYNCTHING = re.compile(r"^(.*?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]+)?(\..*)?$")
# What file managers, sync tools and editors name a copy, when the file it
# copies is beside it: "x copy.md", "x copy 2.md" (macOS), "x - Copy.md",
# "x - Copy (2).md" (Windows), "Copy of x.md" (Google Drive), "x (1).md"
# (downloads, OneDrive), "x 2.md" (iCloud), "x-DESKTOP-AB12CD.md" (OneDrive,
# named after the computer), "x.bak.md", "x.orig.md", "x~.md" (backups), and
# "x.txt" beside "x.md".
_COPIES = (
    re.compile(r"^(.*?) copy(?: \d+)?(\.(?:md|txt))$", re.I),
    re.compile(r"^(.*?) - copy(?: \(\d+\))?(\.(?:md|txt))$", re.I),
    re.compile(r"^copy of (.*?)(\.(?:md|txt))$", re.I),
    re.compile(r"^(.*?) ?\(\d+\)(\.(?:md|txt))$"),
    re.compile(r"^(.*?) \d(\.(?:md|txt))$"),
    re.compile(r"^(.*?)-(?:DESKTOP|LAPTOP|PC)-[A-Z0-9]{4,}(\.(?:md|txt))$"),
    re.compile(r"^(.*?)\.(?:bak|orig|backup|old)(\.(?:md|txt))$", re.I),
    re.compile(r"^(.*?)~(\.(?:md|txt))$"),
)


def walk(root: Path) -> tuple[list[str], list[Problem]]:
    """The journal's entry files, as paths relative to `root` with forward
    slashes, sorted, each real file once, and the links that were not
    followed. Hidden and `_` files and folders are not entries, nor a README,
    nor the journal's own templates and attachments folders (a `.txt` file
    counts below the top folder only). A link is never followed: a link to a
    folder can lead back up (every note read 41 times) or out of the
    journal, and a link to a file inside it would read that file twice. A
    second name of the same file (a hard link) is read once."""
    files: list[str] = []
    links: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            items = sorted(os.scandir(folder), key=lambda item: item.name)
        except OSError:
            continue
        for item in items:
            name = item.name
            if name.startswith((".", "_")):
                continue
            try:
                wanted_file = (
                    name.lower().endswith((".md", ".txt"))
                    and name.lower() not in IGNORED_NAMES
                )
                if item.is_symlink():
                    if wanted_file or item.is_dir():
                        links.append(_link_problem(prefix + name, item.is_dir()))
                elif item.is_dir():
                    if prefix or name.lower() not in IGNORED_ROOT_FOLDERS:
                        pending.append((item.path, f"{prefix}{name}/"))
                elif wanted_file and (prefix or name.lower().endswith(".md")):
                    node = item.stat()
                    if (node.st_dev, node.st_ino) not in seen or not node.st_ino:
                        seen.add((node.st_dev, node.st_ino))
                        files.append(prefix + name)
            except OSError:
                continue
    files.sort()
    return files, links


def _link_problem(path: str, folder: bool) -> Problem:
    what = "folder" if folder else "file"
    return Problem(
        path,
        0,
        1,
        "warning",
        "link-not-followed",
        said(
            "This is a link to a {what}, and links are not followed: one "
            "can lead outside the journal, back into it (counting every "
            "note again), or to a file that is read under its own name "
            "anyway.",
            what=what,
        ),
        said(
            "If what it points to belongs in the journal, move the "
            "{what} itself here instead of the link.",
            what=what,
        ),
    )


def shadowed_original(name: str) -> str | None:
    """For a sync tool's conflict copy, the name of the file it copies."""
    for pattern in (_DROPBOX, _CASE, _SYNCTHING):
        found = pattern.match(name)
        if found:
            return found.group(1) + (found.group(2) or "")
    return None


def copied_from(path: str, present: set[str]) -> str | None:
    """The file beside it that `path` is a copy of, by its name, if any."""
    folder, _, name = path.rpartition("/")
    candidates = [m.group(1) + m.group(2) for p in _COPIES if (m := p.match(name))]
    if name.lower().endswith(".txt"):
        candidates.append(name[:-4] + ".md")
    for candidate in candidates:  # "x.txt" may copy "x.txt" or "x.md"
        for name in (candidate, candidate.rsplit(".", 1)[0] + ".md"):
            original = f"{folder}/{name}" if folder else name
            if original != path and original in present:
                return original
    return None


def copy_problem(path: str, present: set[str]) -> Problem | None:
    """A warning for a copy of a journal file (a sync conflict, or a copy a
    file manager or sync tool made): it is not read, so nothing counts
    twice."""
    conflict = conflict_copy(path, present)
    if conflict is not None:
        return conflict
    original = copied_from(path, present)
    if original is None:
        return None
    return Problem(
        path,
        0,
        1,
        "warning",
        "copied-file",
        said(
            "This looks like a copy of {original} (made by a file "
            "manager or a sync tool); it is not read, so nothing in it "
            "is counted twice.",
            original=original,
        ),
        said(
            "Compare it with {original}, copy anything missing into that "
            "file, then delete this copy. If it is a different entry, "
            "give it its own name, like 2026-03-17-speech.md.",
            original=original,
        ),
    )


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
        hint = said(
            "Compare it with {original}, copy anything missing into that file, "
            "then delete this copy.",
            original=original,
        )
    else:
        hint = said(
            "{original} is missing: rename this copy to {name} to keep it.",
            original=original,
            name=original_name,
        )
    return Problem(
        path,
        0,
        1,
        "warning",
        "sync-conflict-copy",
        said(
            "This is a copy a sync tool made of {original} when two "
            "devices changed it at once; it is not read.",
            original=original,
        ),
        hint,
    )


def read_bytes(root: Path | str, path: str) -> bytes | Problem:
    """A file's bytes, or the problem of opening it; never raises."""
    try:
        with open(os.path.join(root, path), "rb") as handle:
            return handle.read()
    except OSError as error:
        return Problem(
            path,
            0,
            1,
            "error",
            "unreadable",
            said(
                "This file could not be opened ({strerror}).", strerror=error.strerror
            ),
            said("Check that it is not locked by another program."),
        )


def read_file(root: Path | str, path: str) -> tuple[e.Entry | None, list[Problem]]:
    """One file to its entry and its own problems; never raises."""
    data = read_bytes(root, path)
    if isinstance(data, Problem):
        return None, [data]
    return parse_file(path, data)


def parse_file(
    path: str, data: bytes, day_first: bool = False
) -> tuple[e.Entry | None, list[Problem]]:
    """One file's bytes to its entry and its own problems; never raises.
    `day_first`: slashed dates are day/month/year (the journal's language)."""
    try:
        text, problems = frontmatter.decode(path, data)
        if text is None:
            return None, problems
        raw = frontmatter.split(path, text)
        raw.day_first = day_first
        raw.problems[:0] = problems
        return entry_builder.build(raw), raw.problems
    except Exception as error:  # one file must never stop the others
        return None, [
            Problem(
                path,
                0,
                1,
                "error",
                "internal-error",
                said(
                    "iepjournal could not read this file ({name}: {error}). This "
                    "is a bug in iepjournal, not in your journal.",
                    name=type(error).__name__,
                    error=error,
                ),
                said("Please report it with a copy of the file, names changed."),
            )
        ]


Parsed = tuple[str, e.Entry | None, list[Problem]]


def parse_many(files: list[tuple[str, bytes]], day_first: bool = False) -> list[Parsed]:
    """Files' bytes to entries and problems: by a pool of worker processes
    when there are enough files to be worth starting them, else here."""
    pool = worker_pool(len(files), PARALLEL_FROM)
    if pool is None:
        return _parse_all(files, day_first)
    try:
        size = max(50, len(files) // (workers() * 4))
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
        each = functools.partial(_parse_all, day_first=day_first)
        return [parsed for chunk in pool.map(each, chunks) for parsed in chunk]
    finally:
        pool.close()
        pool.join()


def _parse_all(files: list[tuple[str, bytes]], day_first: bool = False) -> list[Parsed]:
    return [(path, *parse_file(path, data, day_first)) for path, data in files]


def workers() -> int:
    """How many worker processes a pool has: one a core, at most eight."""
    return min(os.cpu_count() or 1, 8)


def worker_pool(jobs: int, at_least: int, *, inherit: bool = False) -> Any:
    """A pool of worker processes for `jobs` pieces of work, or None when
    starting them would cost more than it saves (fewer than `at_least`, one
    core) or cannot be done safely. With `inherit`, the workers must start
    as copies of this process (fork), which is only done on Linux with no
    other thread running (`watch` serves pages from one); else they start
    afresh (spawn), as they always do off Linux, where fork is not safe.
    The one pool of the package: the loader's and the site's (render/site.py)."""
    if jobs < at_least or workers() < 2:
        return None
    alone = threading.active_count() == 1
    if inherit and not (sys.platform.startswith("linux") and alone):
        return None
    # Named explicitly: Python 3.14 changes the default on Linux.
    method = "fork" if sys.platform.startswith("linux") and alone else "spawn"
    import multiprocessing  # only a large journal needs it

    try:
        return multiprocessing.get_context(method).Pool(workers())
    except (OSError, RuntimeError):  # no processes to be had: work here
        return None
