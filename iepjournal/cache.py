"""A store of already-read files, so a journal that did not change loads fast.

Kept in the user's cache folder, never in the journal: the journal is a
synced folder, and a state file inside it would conflict on every device.
Files are keyed by path, size and modification time; the problems found
across files are kept for one exact state of the folder. Any trouble with
the store only makes loading slower, never wrong.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iepjournal import __version__

if TYPE_CHECKING:
    from iepjournal.folder import Prepared, Read

# Bumped whenever what is stored changes shape.
_FORMAT = 7
# Up to this many rows are looked up one by one (more, the table is read),
# and written from the thread that has them (see Saver).
FEW = 300


@functools.cache
def code_version() -> str:
    """A fingerprint of iepjournal's code: what a file is read into, and
    what the checks, the report and the pages make of it, depend on it, so
    a change to it (an upgrade, or a checkout in development) must not
    serve anything kept by the old code."""
    digest = hashlib.sha256(__version__.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


# size, mtime, pickled problems, prepared for the site (at this size and
# time), shape (folder.shape_of its entry, or None)
Row = tuple[int, int, bytes | None, bool, str | None]
# size, mtime, and the file as read
Saved = tuple[int, int, "Read"]  # quoted: Read is imported for type checkers only


def cache_folder() -> Path:
    override = os.environ.get("IEPJOURNAL_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("iepjournal", appauthor=False))


def enabled() -> bool:
    return os.environ.get("IEPJOURNAL_NO_CACHE", "") in ("", "0")


def fingerprint(*parts: Iterable[Any]) -> str:
    digest = hashlib.sha256(f"{_FORMAT}:{code_version()}".encode())
    for part in parts:
        # One update per part: tens of thousands of small ones cost more.
        digest.update("\0".join(map(repr, part)).encode())
        digest.update(b"\1")
    return digest.hexdigest()


def kept_file(name: str, key: str) -> Any:
    """What `keep_file` kept as `name` for exactly `key`, else None. For what
    is large and rewritten on every build (the timeline's layout): a file
    of its own is replaced at once, where SQLite would write it twice (to
    its rollback log, then to the store). The key is read first, so what
    another version kept is never unpickled."""
    try:
        with open(_kept_path(name), "rb") as handle:
            if pickle.load(handle) != key:
                return None
            return pickle.load(handle)
    except Exception:  # a damaged cache file only costs time, whatever it raises
        return None


def keep_file(name: str, key: str, value: Any) -> None:
    """Keep `value` for `key` as `name`, replacing what was kept as `name`
    before (for another key, such as an older version's): one file per
    name, however often the key changes."""
    path = _kept_path(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        with open(temporary, "wb") as handle:
            pickle.dump(key, handle, protocol=5)
            pickle.dump(value, handle, protocol=5)
        os.replace(temporary, path)
    except OSError:
        pass


def kept_entries(root: Path) -> tuple[list[tuple[int, int]], list[Any]]:
    """The journal's entries as `keep_entries` kept them, with the size and
    time of each one's file then; none if this code kept none."""
    found = kept_file(f"entries\0{root.resolve()}", fingerprint())
    if isinstance(found, tuple) and len(found) == 2 and len(found[0]) == len(found[1]):
        return found
    return [], []


def keep_entries(root: Path, stamps: list[tuple[int, int]], entries: list[Any]) -> None:
    """Every entry of the journal in one file: unpickled at once, they load
    in half the time they take from a row each (the rows stay, for `check`,
    which reads a few, and for files changed since)."""
    keep_file(f"entries\0{root.resolve()}", fingerprint(), (stamps, entries))


def _kept_path(name: str) -> Path:
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return cache_folder() / f"kept-{digest}.pickle"


class Store:
    """One SQLite file per journal: a row per journal file, and a memo."""

    def __init__(self, root: Path) -> None:
        key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
        # The format in the name: a store of another shape is another file.
        self.path = cache_folder() / f"journal-{key}-{_FORMAT}.sqlite"
        self.salt = f"{_FORMAT}:{code_version()}"
        self.db: sqlite3.Connection | None = None
        self.damaged = False
        for _ in range(2):  # a damaged store is removed, and made again once
            try:
                self.db = self._open()
                return
            except (OSError, sqlite3.Error) as error:
                self._trouble(error)
                damaged = self.damaged
                self.close()
                if not damaged:
                    return

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        self.db = db
        # Nothing here is the family's record: everything can be made again
        # from the journal. So SQLite is not made to wait for the disk at
        # each commit (an fsync also flushes what earlier builds left to be
        # written: 40 ms a rebuild). A crash of the application loses
        # nothing; one of the computer may damage the store, which is then
        # removed and made again (see _trouble).
        db.execute("PRAGMA synchronous = OFF")
        db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INT, "
            "mtime INT, salt TEXT, entry BLOB, body TEXT, shape TEXT, "
            "problems BLOB)"
        )
        # What a build made of a file for the site, apart: it is written
        # after the file's row, and rewriting rows would cost more.
        db.execute(
            "CREATE TABLE IF NOT EXISTS prepared (path TEXT PRIMARY KEY, "
            "size INT, mtime INT, salt TEXT, html TEXT, article BLOB)"
        )
        # Reading which files are kept, and at what size and time, from
        # these alone skips the pages that hold entries and bodies.
        db.execute(
            "CREATE INDEX IF NOT EXISTS files_stamps ON files "
            "(salt, path, size, mtime, shape, problems)"
        )
        db.execute(
            "CREATE INDEX IF NOT EXISTS prepared_stamps ON prepared "
            "(salt, path, size, mtime)"
        )
        db.execute(
            "CREATE TABLE IF NOT EXISTS memo (name TEXT PRIMARY KEY, "
            "key TEXT, value BLOB)"
        )
        db.execute(
            "CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, article BLOB)"
        )
        return db

    def _trouble(self, error: Exception) -> None:
        """A store SQLite finds damaged ("file is not a database", "database
        disk image is malformed": a plain DatabaseError, where a busy or
        locked store raises one of its kinds) is removed when closed."""
        if type(error) is sqlite3.DatabaseError:
            self.damaged = True

    def rows(self) -> dict[str, Row]:
        if self.db is None:
            return {}
        try:
            found = self.db.execute(
                "SELECT f.path, f.size, f.mtime, f.problems, p.path IS NOT NULL, "
                "f.shape FROM files AS f LEFT JOIN prepared AS p ON p.path = f.path "
                "AND p.size = f.size AND p.mtime = f.mtime AND p.salt = f.salt "
                "WHERE f.salt = ?",
                (self.salt,),
            )
            return {row[0]: (*row[1:4], bool(row[4]), row[5]) for row in found}
        except sqlite3.Error as error:
            self._trouble(error)
            return {}

    def bodies(self, wanted: dict[str, tuple[int, int]]) -> dict[str, str]:
        """The body HTML of these files at this (size, mtime), where kept."""
        kept = self._kept("prepared", ("html",), wanted)
        return {path: html for path, (html,) in kept.items()}

    def prerendered(self, wanted: dict[str, tuple[int, int]]) -> dict[str, bytes]:
        """The articles made when these files were read (timeline.Prerender)."""
        kept = self._kept("prepared", ("article",), wanted)
        return {path: blob for path, (blob,) in kept.items()}

    def entries(
        self, wanted: dict[str, tuple[int, int]]
    ) -> dict[str, tuple[bytes, str]]:
        """The pickled entries (without their bodies) and the bodies of these
        files at this (size, mtime); read only when needed: an unchanged
        journal's `check` never asks."""
        return self._kept("files", ("entry", "body"), wanted)

    def _kept(
        self, table: str, columns: tuple[str, ...], wanted: dict[str, tuple[int, int]]
    ) -> dict[str, tuple[Any, ...]]:
        """Columns of the rows still matching these files' size and time,
        where the first of them holds something."""
        if self.db is None:
            return {}
        names = f"path, size, mtime, {', '.join(columns)}"
        try:
            if len(wanted) > FEW:
                found: Iterable[tuple[Any, ...]] = self.db.execute(
                    f"SELECT {names} FROM {table} WHERE salt = ?", (self.salt,)
                )
            else:  # a few rows: each looked up, not the whole table read
                query = f"SELECT {names} FROM {table} WHERE path = ? AND salt = ?"
                found = [
                    row
                    for path in wanted
                    for row in self.db.execute(query, (path, self.salt))
                ]
            return {
                row[0]: row[3:]
                for row in found
                if row[3] and wanted.get(row[0]) == (row[1], row[2])
            }
        except sqlite3.Error as error:
            self._trouble(error)
            return {}

    def save(self, rows: Iterable[Saved], gone: Iterable[str]) -> None:
        """Rows as `Saved` says, and the paths of files that are gone."""
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO files (path, size, mtime, salt, entry, "
                    "body, shape, problems) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (self._row(size, mtime, read) for size, mtime, read in rows),
                )
                for table in ("files", "prepared"):
                    self.db.executemany(
                        f"DELETE FROM {table} WHERE path = ?", ((p,) for p in gone)
                    )
        except sqlite3.Error as error:
            self._trouble(error)

    def _row(self, size: int, mtime: int, read: Read) -> tuple[Any, ...]:
        own = pickle.dumps(read.problems) if read.problems else None
        return (read.path, size, mtime, self.salt, read.entry, read.body,
                read.shape, own)  # fmt: skip

    def save_prepared(self, rows: Iterable[tuple[int, int, Prepared]]) -> None:
        """What was made for the site of files at this size and time."""
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO prepared VALUES (?, ?, ?, ?, ?, ?)",
                    ((made.path, size, mtime, self.salt, made.html, made.article)
                     for size, mtime, made in rows),
                )  # fmt: skip
        except sqlite3.Error as error:
            self._trouble(error)

    def articles(self, keys: set[str]) -> dict[str, bytes]:
        """Rendered entries kept under these keys (timeline.articles)."""
        if self.db is None:
            return {}
        try:
            if len(keys) > FEW:
                rows = self.db.execute("SELECT key, article FROM articles")
                return {key: blob for key, blob in rows if key in keys}
            query = "SELECT key, article FROM articles WHERE key = ?"
            return {
                key: blob
                for wanted in keys
                for key, blob in self.db.execute(query, (wanted,))
            }
        except sqlite3.Error as error:
            self._trouble(error)
            return {}

    def keep_articles(self, made: dict[str, bytes], shown: int) -> None:
        """Add the newly rendered entries; when the kept ones come to
        outnumber the `shown` ones by far, start again from these."""
        if self.db is None:
            return
        try:
            with self.db:
                (total,) = self.db.execute("SELECT count(*) FROM articles").fetchone()
                if total + len(made) > 2 * shown + 100:
                    self.db.execute("DELETE FROM articles")
                self.db.executemany(
                    "INSERT OR REPLACE INTO articles VALUES (?, ?)", made.items()
                )
        except sqlite3.Error as error:
            self._trouble(error)

    def memo(self, name: str, key: str) -> Any:
        """What was remembered under `name` for exactly `key`, else None."""
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT value FROM memo WHERE name = ? AND key = ?", (name, key)
            ).fetchone()
            return pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError) as error:
            self._trouble(error)
            return None

    def remember(self, name: str, key: str, value: Any) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                self.db.execute(
                    "INSERT OR REPLACE INTO memo VALUES (?, ?, ?)",
                    (name, key, pickle.dumps(value, protocol=5)),
                )
        except sqlite3.Error as error:
            self._trouble(error)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        if self.damaged:
            self.damaged = False
            for path in (self.path, self.path.with_name(self.path.name + "-journal")):
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)


class Saver:
    """Writes rows from a thread of its own (SQLite works without the GIL)
    as they are handed over, so saving overlaps reading and rendering. With
    `few`, as they come, in this thread: a few rows are written in a few
    milliseconds, and from another thread SQLite's lock would keep this
    one waiting (it sleeps 1, 2, 5, 10, 15 ms... between tries)."""

    def __init__(
        self,
        root: Path,
        write: Callable[[Store, list[Any]], None] | None = None,
        few: bool = False,
    ) -> None:
        import queue
        import threading

        self.root = root
        self.write = write or (lambda store, rows: store.save(rows, ()))
        self.queue: queue.SimpleQueue[list[Any] | None] = queue.SimpleQueue()
        self.gone: list[str] = []
        self.store = Store(root) if few else None
        self.thread = None if few else threading.Thread(target=self._run, daemon=True)
        if self.thread:
            self.thread.start()

    def put(self, rows: list[Any]) -> None:
        if self.store:
            self.write(self.store, rows)
        else:
            self.queue.put(rows)

    def finish(self, gone: Iterable[str] = ()) -> None:
        self.gone = list(gone)
        if self.store:
            self._end(self.store)
            return
        self.queue.put(None)
        if self.thread:
            self.thread.join()

    def _run(self) -> None:
        store = Store(self.root)
        while (rows := self.queue.get()) is not None:
            self.write(store, rows)
        self._end(store)

    def _end(self, store: Store) -> None:
        if self.gone:
            store.save((), self.gone)
        store.close()
