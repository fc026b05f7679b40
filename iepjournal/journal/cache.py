"""One file per journal holding its files as already read, so a large
journal that did not change loads fast.

Kept in the user's cache folder, never in the journal (a synced folder,
where a state file would conflict on every device), readable by the
family's account only. Each file is kept under a digest of its bytes and
its path: sync tools keep modification times, contents never lie. The
file is written only after a load that spent long enough reading files to
matter (WRITE_AFTER seconds), and read inside a guard: a damaged,
truncated, foreign or stale cache is the same as none. Nothing kept here
can change an output, only how long it takes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from iepjournal import __version__
from iepjournal.model import entries as e
from iepjournal.model.problems import Problem

# A load that spent this long parsing files writes the cache (seconds): a
# family's school year (a few hundred files) never needs one.
WRITE_AFTER = 0.5
_MAGIC = "iepjournal-cache-1"

# What is kept of one file: the digest of its bytes, its entry (None when
# it could not be read into one), and its own problems.
Kept = tuple[str, "e.Entry | None", list[Problem]]


@functools.cache
def code_version() -> str:
    """A fingerprint of iepjournal's code: what a file is read into depends
    on it, so a change to it (an upgrade, or a checkout in development) must
    not serve anything kept by the old code."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for module in sorted(here.rglob("*.py")):
        digest.update(module.relative_to(here).as_posix().encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def cache_folder() -> Path:
    override = os.environ.get("IEPJOURNAL_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("iepjournal", appauthor=False))


def enabled() -> bool:
    return os.environ.get("IEPJOURNAL_NO_CACHE", "") in ("", "0")


def digest(path: str, data: bytes, day_first: bool = False) -> str:
    """A file's bytes and path, and how its dates are read (a journal's
    language setting changes what `3/9/2026` is)."""
    reading = b"\1" if day_first else b"\0"
    return hashlib.sha256(path.encode() + reading + data).hexdigest()


def _file_of(root: Path) -> Path:
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return cache_folder() / f"journal-{name}.pickle"


def _key(root: Path) -> tuple[str, str, str]:
    return (_MAGIC, code_version(), str(root.resolve()))


def load(root: Path) -> dict[str, Kept]:
    """What the cache keeps for the journal at `root`, by path; empty when
    there is no cache, or it is damaged, foreign or made by other code."""
    try:
        with open(_file_of(root), "rb") as handle:
            if pickle.load(handle) != _key(root):
                return {}
            kept = pickle.load(handle)
        return {path: item for path, item in kept.items() if _whole(path, item)}
    except Exception:  # anything wrong with the cache only costs time
        return {}


def _whole(path: object, item: object) -> bool:
    """Whether a kept item has the shape `save` gave it, for this path."""
    if not (isinstance(path, str) and isinstance(item, tuple) and len(item) == 3):
        return False
    found, entry, problems = item
    return (
        isinstance(found, str)
        and (entry is None or (isinstance(entry, e.Entry) and entry.path == path))
        and isinstance(problems, list)
        and all(isinstance(x, Problem) and x.path == path for x in problems)
    )


def save(root: Path, kept: dict[str, Kept]) -> None:
    """Replace the journal's cache with `kept`, all at once (a reader sees
    the old file or the new one); a cache that cannot be written is none."""
    target = _file_of(root)
    with contextlib.suppress(OSError, pickle.PicklingError):
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:  # mkstemp: the account's alone
                pickle.dump(_key(root), out, protocol=5)
                pickle.dump(kept, out, protocol=5)
            os.replace(temporary, target)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
