"""A store of already-read files, so a journal that did not change loads fast.

Kept in the user's cache folder, never in the journal: the journal is a
synced folder, and a state file inside it would conflict on every device.
Keyed by path, size and modification time; any trouble with the store only
makes loading slower, never wrong.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from iepjournal import __version__

# Bumped whenever what is stored changes shape.
_FORMAT = 1


def cache_folder() -> Path:
    override = os.environ.get("IEPJOURNAL_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("iepjournal", appauthor=False))


def enabled() -> bool:
    return os.environ.get("IEPJOURNAL_NO_CACHE", "") in ("", "0")


class Store:
    """One SQLite file per journal, a row per journal file."""

    def __init__(self, root: Path, salt: str) -> None:
        key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
        self.path = cache_folder() / f"journal-{key}.sqlite"
        self.salt = f"{_FORMAT}:{__version__}:{salt}"
        self.db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=2)
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INT, "
                "mtime INT, salt TEXT, data BLOB)"
            )
        except (OSError, sqlite3.Error):
            self.db = None

    def read(self) -> dict[str, tuple[int, int, bytes]]:
        if self.db is None:
            return {}
        try:
            rows = self.db.execute(
                "SELECT path, size, mtime, data FROM files WHERE salt = ?", (self.salt,)
            )
            return {path: (size, mtime, data) for path, size, mtime, data in rows}
        except sqlite3.Error:
            return {}

    def write(
        self, rows: Iterable[tuple[str, int, int, Any]], gone: Iterable[str]
    ) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                    (
                        (path, size, mtime, self.salt, pickle.dumps(value, protocol=5))
                        for path, size, mtime, value in rows
                    ),
                )
                self.db.executemany(
                    "DELETE FROM files WHERE path = ?", ((p,) for p in gone)
                )
        except (sqlite3.Error, pickle.PicklingError):
            pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
