"""Find a journal, read every file in it, and hand back entries and problems.

One entry point, `load`, returns a `Journal`: the typed entries and the
problems side by side. A bad file becomes problems beside the good entries;
nothing here raises on what a family wrote, prints, or asks for the date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from iepjournal import cache, checks, folder, frontmatter, model
from iepjournal import entries as e
from iepjournal import settings as settings_file
from iepjournal.problems import Problem

# The snapshot of a journal's entries is written anew once more than this
# many files (or a twentieth of them) changed since it was.
_BEHIND = 50

# Kept importable from here: they are part of reading a journal.
read_file = folder.read_file
shadowed_original = folder.shadowed_original


class Kept:
    """Where a load's entries are: the files read now, in memory; the
    unchanged ones, in the cache, unpickled only when something asks for
    them (a `check` of an unchanged journal never does)."""

    def __init__(self, root: Path, use_cache: bool) -> None:
        self.root = root
        self.use_cache = use_cache
        self.fresh: dict[str, e.Entry] = {}
        self.fresh_html: dict[str, str] = {}
        self.fresh_articles: dict[str, bytes] = {}
        self.unchanged: dict[str, tuple[int, int]] = {}
        # The files read now (with their size and time), still being
        # prepared for the site, and the thread keeping what was made.
        self.read_now: dict[str, tuple[int, int]] = {}
        self.reading: folder.Reading | None = None
        self.saver: cache.Saver | None = None
        # Every entry, with its file's size and time, when the snapshot of
        # the journal kept in the cache is too far behind (see _all_cached).
        self.snapshot: tuple[list[tuple[int, int]], list[e.Entry]] | None = None

    def entries(self, paths: set[str] | None = None) -> list[e.Entry]:
        """Every entry, or those of these files."""
        if paths is None:
            return list(self.fresh.values()) + self._all_cached()
        fresh = [self.fresh[p] for p in paths if p in self.fresh]
        wanted = {p: self.unchanged[p] for p in paths if p in self.unchanged}
        return fresh + _cached_entries(self.root, wanted)

    def _all_cached(self) -> list[e.Entry]:
        """Every unchanged file's entry: from the snapshot of the whole
        journal where the file is as it was then (one unpickling, twice as
        fast as a row each), else from its row. A snapshot that has fallen
        behind is written anew when the build finishes."""
        if not self.use_cache:
            return _cached_entries(self.root, self.unchanged)
        stamps, kept = cache.kept_entries(self.root)
        found = [x for x, stamp in zip(kept, stamps, strict=True)
                 if self.unchanged.get(x.path) == stamp]  # fmt: skip
        taken = {x.path for x in found}
        rest = {p: stamp for p, stamp in self.unchanged.items() if p not in taken}
        found += _cached_entries(self.root, rest)
        if not kept or len(rest) + len(self.fresh) > max(_BEHIND, len(kept) // 20):
            entries = list(self.fresh.values()) + found
            stamps = [self.read_now.get(x.path) or self.unchanged[x.path]
                      for x in entries]  # fmt: skip
            self.snapshot = (stamps, entries)
        return found

    def html(self, path: str) -> str | None:
        """A body made HTML for the site (only where no article could be)."""
        self._collect()
        if path in self.fresh_html:
            return self.fresh_html[path]
        return self._kept(cache.Store.bodies, [path]).get(path)

    def articles(self, paths: list[str]) -> dict[str, bytes]:
        """Articles made for the site as these files were read, each handed
        over once (a 25 MB timeline is not held twice)."""
        self._collect()
        found = {
            p: self.fresh_articles.pop(p) for p in paths if p in self.fresh_articles
        }
        return found | self._kept(cache.Store.prerendered, paths)

    def _kept(
        self,
        column: Callable[[cache.Store, dict[str, tuple[int, int]]], dict[str, Any]],
        paths: list[str],
    ) -> dict[str, Any]:
        wanted = {p: self.unchanged[p] for p in paths if p in self.unchanged}
        if not (self.use_cache and wanted):
            return {}
        store = cache.Store(self.root)
        found = column(store, wanted)
        store.close()
        return found

    def _collect(self) -> None:
        """What the workers made for the site of the files read now, kept
        in the cache beside their entries."""
        if self.reading is None:
            return
        if self.use_cache:
            few = len(self.read_now) <= cache.FEW
            self.saver = cache.Saver(self.root, cache.Store.save_prepared, few)
        for chunk in self.reading.prepared():
            for path, html, article in chunk:
                if html is not None:
                    self.fresh_html[path] = html
                if article is not None:
                    self.fresh_articles[path] = article
            if self.saver:
                self.saver.put([(*self.read_now[made.path], made) for made in chunk])
        self.reading = None

    def finish(self) -> None:
        """Wait for what is still being written to the cache, and keep the
        journal's snapshot if it was behind (once the pages are written: a
        family waits for those, not for this)."""
        if self.saver:
            self.saver.finish()
            self.saver = None
        if self.snapshot:
            cache.keep_entries(self.root, *self.snapshot)
            self.snapshot = None


class Journal:
    """A loaded journal: settings, problems and entries."""

    def __init__(
        self,
        root: Path,
        settings: settings_file.Settings,
        problems: list[Problem],
        files: int,
        kept: Kept | None = None,
    ) -> None:
        self.root = root
        self.settings = settings
        self.problems = sorted(problems, key=Problem.sort_key)
        self.files = files
        self.kept = kept or Kept(root, False)
        self._html: dict[str, str] = {}
        # path -> (size, modification time) of every file read
        self.stamps: dict[str, tuple[int, int]] = {}
        # path -> digest of the entry without its body (folder.Read.shape)
        self.shapes: dict[str, str] = {}
        # A digest of which files there are and every shape: all that the
        # analyses see of the entries (made once, for every key built on it).
        self.shaped = ""
        self._entries: list[e.Entry] | None = None
        self._by_id: dict[str, e.Entry] = {}
        self._ieps: list[e.Iep] = []

    @property
    def entries(self) -> list[e.Entry]:
        """Every entry, in date order (then time, then path)."""
        if self._entries is None:
            entries = self.kept.entries()
            entries.sort(key=lambda entry: entry.sort_key)
            for entry in entries:
                self._by_id.setdefault(entry.id, entry)
            self._ieps = sorted(
                (x for x in entries if isinstance(x, e.Iep)),
                key=lambda iep: (iep.in_force_from, iep.date, iep.path),
            )
            self._entries = entries
        return self._entries

    def entries_at(self, paths: Iterable[str]) -> dict[str, e.Entry]:
        """The entries of these files, without unpickling all the others."""
        wanted = set(paths)
        if self._entries is not None:
            return {x.path: x for x in self._entries if x.path in wanted}
        return {x.path: x for x in self.kept.entries(wanted)}

    def body_html(self, entry: e.Entry) -> str:
        """The entry's body as HTML, before its links are checked (see
        bodies.safe_links); made now if the load did not make it."""
        found = self._html.get(entry.path) or self.kept.html(entry.path)
        if found is None:
            from iepjournal import bodies

            found = bodies.to_html(entry.body)
        self._html[entry.path] = found
        return found

    def prerendered(self, paths: list[str]) -> dict[str, bytes]:
        """The articles made for these files as they were read, where they
        were (timeline.Prerender); the site checks they still hold. Each is
        handed over once: a second render renders them again."""
        return self.kept.articles(paths)

    @property
    def ieps(self) -> list[e.Iep]:
        """Every IEP snapshot, in the order they came into force."""
        self.entries  # noqa: B018 - builds the index
        return self._ieps

    def iep_in_force(self, day: dt.date) -> e.Iep | None:
        """The snapshot with the latest `effective` on or before the day."""
        starts = [iep.in_force_from for iep in self.ieps]
        index = bisect.bisect_right(starts, day)
        return self._ieps[index - 1] if index else None

    def entry(self, entry_id: str) -> e.Entry | None:
        self.entries  # noqa: B018 - builds the index
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


def _cached_entries(root: Path, wanted: dict[str, tuple[int, int]]) -> list[e.Entry]:
    """The entries of unchanged files, from the cache; a file the cache no
    longer has (another process, a cleared cache) is read again."""
    if not wanted:
        return []
    store = cache.Store(root)
    found = store.entries(wanted)
    store.close()
    missing = [path for path in wanted if path not in found]
    again = folder.read_many(root, missing) if missing else []
    return [folder.entry_from(blob, body) for blob, body in found.values()] + [
        folder.entry_from(read.entry, read.body) for read in again if read.entry
    ]


def load(
    root: Path, use_cache: bool | None = None, prepare: folder.Prepare | None = None
) -> Journal:
    """Every file of the journal at `root`, as entries and problems; with
    `prepare`, each entry also made ready for the site (`check` never parses
    Markdown), in the worker processes and kept in the cache."""
    with folder.no_cycle_collection():
        use_cache = cache.enabled() if use_cache is None else use_cache
        return _load(root, use_cache, prepare)


def _load(root: Path, use_cache: bool, prepare: folder.Prepare | None) -> Journal:
    settings, problems, settings_data = _read_settings(root)
    found = folder.listing(root)
    present = {path for path, _, _ in found.files}
    store = cache.Store(root) if use_cache else None
    stored = store.rows() if store else {}
    kept = Kept(root, use_cache)
    shapes: dict[str, str] = {}
    todo: dict[str, tuple[int, int]] = {}
    for path, size, mtime in found.files:
        copy = folder.conflict_copy(path, present)
        if copy:
            problems.append(copy)
            continue
        row = stored.get(path)
        if row and row[0] == size and row[1] == mtime and (row[3] or not prepare):
            kept.unchanged[path] = (size, mtime)
            if row[2]:
                problems.extend(pickle.loads(row[2]))
            if row[4]:
                shapes[path] = row[4]
        else:
            todo[path] = (size, mtime)
    saver = cache.Saver(root, few=len(todo) <= cache.FEW) if store and todo else None
    reading = folder.Reading(root, list(todo), prepare)
    # Each chunk is used as it arrives: unpickled, and handed to the saver,
    # while the worker processes are still reading the others.
    for chunk in reading.chunks():
        for read in chunk:
            problems.extend(read.problems)
            if read.entry is not None and read.shape is not None:
                kept.fresh[read.path] = folder.entry_from(read.entry, read.body)
                shapes[read.path] = read.shape
        if saver:
            saver.put([(*todo[read.path], read) for read in chunk])
    kept.read_now = todo
    if prepare:
        kept.reading = reading  # the workers go on preparing
    else:
        reading.close()
    journal = Journal(root, settings, problems, len(found.files), kept)
    journal.stamps = {path: (size, mtime) for path, size, mtime in found.files}
    journal.shapes = shapes
    journal.shaped = cache.fingerprint(sorted(present), sorted(shapes.items()))
    gone = stored.keys() - present
    # The checks across files see entries without their bodies: an edit to
    # a note's text leaves them as they were.
    key = cache.fingerprint([settings_data], [journal.shaped], found.folders)
    across = store.memo("checks", key) if store else None
    remembered = across is not None
    if across is None:
        across = checks.run(journal)
    if saver:
        saver.finish(gone)  # one writer at a time: SQLite would refuse the memo
    elif store and gone:
        store.save((), gone)
    if store:
        if not remembered:
            store.remember("checks", key, across)
        store.close()
    journal.problems = sorted(journal.problems + across, key=Problem.sort_key)
    return journal
