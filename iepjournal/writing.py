"""Writing the site into its folder: only a folder iepjournal made (it holds
a marker file), each file atomically, and a file that would not change
left as it is.

The timeline is 25 MB at 10,000 entries, and an edit changes one of its
articles. So a page is written as labelled parts (same label, same bytes),
and where each part lies in the page as written is kept (a `Layout`, which
the site keeps in iepjournal's cache folder): the next build copies the
parts that did not change from the page on disk, byte for byte, instead
of making them again, as long as the page is still the one it wrote (same
size, time and inode).
"""

from __future__ import annotations

import filecmp
import os
import tempfile
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

MARKER = ".iepjournal-site"


@dataclass
class Layout:
    """Where each part lies in a page as iepjournal wrote it."""

    stat: tuple[int, int, int]  # size, modification time, inode
    spans: dict[Hashable, tuple[int, int]]  # label -> start, end
    notes: dict[Hashable, Any] = field(default_factory=dict)  # the caller's, by label
    # What every part depends on besides its label (the caller's: for the
    # timeline, the code and the entry template).
    context: str = ""

    def open(self, path: Path) -> BinaryIO | None:
        """The page on disk, open, if it is still the one this describes
        (held open, it stays the same bytes even if something replaces it)."""
        try:
            handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
        except OSError:
            return None
        if _stat(os.fstat(handle.fileno())) != self.stat:
            handle.close()
            return None
        return handle


@dataclass
class Page:
    """A page as parts: (label, text), or (label, None) for a part to copy
    from the page as written before (`before` has its place, `source` is
    that page, open)."""

    parts: list[tuple[Hashable, str | None]]
    before: Layout | None = None
    source: BinaryIO | None = None
    notes: dict[Hashable, Any] = field(default_factory=dict)
    context: str = ""  # see Layout.context
    layout: Layout | None = None  # where the parts went, once written

    def text(self) -> str:
        if any(text is None for _, text in self.parts):
            raise ValueError("a page with copied parts can only be written")
        return "".join(text or "" for _, text in self.parts)


# A file of the site: its bytes, or a page in parts.
Content = bytes | Page


@dataclass
class Written:
    folder: Path
    files: list[str]
    refused: str = ""  # why nothing was written, in plain words


def write(files: dict[str, Content], out: Path) -> Written:
    """Write the site into `out`, a folder that is empty or was made by
    iepjournal (it holds the marker file). Files from an earlier build that
    this one no longer makes are removed; nothing else ever is."""
    marker = out / MARKER
    if out.exists() and not out.is_dir():
        return Written(out, [], f"{out} is a file, not a folder.")
    if out.is_dir() and any(out.iterdir()) and not marker.is_file():
        return Written(
            out, [], f"{out} is not empty and was not made by iepjournal, so "
            "nothing was written there."
        )  # fmt: skip
    earlier = (
        set(marker.read_text(encoding="utf-8").split("\n"))
        if marker.is_file()
        else set()
    )
    folders = {out} | {(out / path).parent for path in files}
    for folder in sorted(folders):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / MARKER, b"iepjournal site folder\n")
    for path, content in files.items():
        if isinstance(content, Page):
            content.layout = write_page(out / path, content)
        else:
            atomic_write(out / path, content)
    for stale in sorted(earlier - set(files) - {"", "iepjournal site folder"}):
        stale_path = out / stale
        if stale_path.is_file() and (stale_path.parent / MARKER).is_file():
            stale_path.unlink()
    atomic_write(marker, ("\n".join(sorted(files)) + "\n").encode())
    return Written(out, sorted(files))


def atomic_write(path: Path, content: bytes) -> None:
    """Write through a temporary file renamed into place, so no reader ever
    sees half a file; a file that would not change is left as it is."""
    with _replacing(path) as out:
        out.write(content)


def write_page(path: Path, page: Page) -> Layout:
    """Write a page from its parts, copying the unchanged ones from the page
    on disk; the page is left as it is when every part is where it was."""
    before = page.before if page.source else None
    was = before.spans if before else {}
    missing = [label for label, text in page.parts if text is None and label not in was]
    if missing:
        raise ValueError(f"part {missing[0]!r}: no text, and no page to copy it")
    if before and _in_place(page.parts, was, before.stat[0]):
        spans = {label: was[label] for label, _ in page.parts}
        return Layout(before.stat, spans, page.notes, page.context)
    # With nothing to copy from, the page may still be the same as on disk.
    with _replacing(path, compare=before is None) as out:
        spans = _write_parts(out.fileno(), page.parts, was, page.source)
    return Layout(_stat(os.stat(path)), spans, page.notes, page.context)


def _in_place(
    parts: list[tuple[Hashable, str | None]],
    was: dict[Hashable, tuple[int, int]],
    size: int,
) -> bool:
    """Whether every part is copied from where it already is."""
    position = 0
    for label, text in parts:
        if text is not None or was[label][0] != position:
            return False
        position = was[label][1]
    return position == size


def _write_parts(
    out: int,
    parts: list[tuple[Hashable, str | None]],
    was: dict[Hashable, tuple[int, int]],
    old: BinaryIO | None,
) -> dict[Hashable, tuple[int, int]]:
    """Write the parts in order, each text encoded only as it is written (a
    page is never held twice); runs of parts that lie one after the other
    in the page before are one copy. Where each part went."""
    spans: dict[Hashable, tuple[int, int]] = {}
    pending: list[bytes] = []
    run: tuple[int, int] | None = None  # old bytes still to copy
    position = 0
    for label, text in parts:
        if text is None:
            start, end = was[label]
            if run and run[1] == start:
                run = (run[0], end)
            else:
                _flush(out, pending, run, old)
                pending, run = [], (start, end)
            length = end - start
        else:
            if run:
                _flush(out, pending, run, old)
                pending, run = [], None
            data = text.encode("utf-8")
            pending.append(data)
            if len(pending) > 256:
                _flush(out, pending, None, old)
                pending = []
            length = len(data)
        spans[label] = (position, position + length)
        position += length
    _flush(out, pending, run, old)
    return spans


def _flush(
    out: int, pending: list[bytes], run: tuple[int, int] | None, old: BinaryIO | None
) -> None:
    write_all(out, b"".join(pending))
    if run:
        if old is None:
            raise ValueError("a part to copy, and no page to copy it from")
        _copy(old.fileno(), out, *run)


def write_all(out: int, data: bytes) -> None:
    """All of `data` to the file descriptor (a write may take only part)."""
    view = memoryview(data)
    while view:
        view = view[os.write(out, view) :]


def _copy(old: int, out: int, start: int, end: int) -> None:
    """Bytes start..end of the old page appended to the new one: by the
    kernel where it can (no copy through this process), else read and
    written a megabyte at a time."""
    offset = start
    while offset < end:
        try:
            copied = os.copy_file_range(old, out, end - offset, offset)
        except (AttributeError, OSError):  # not Linux, or not this filesystem
            copied = _write_read(old, out, offset, min(end, offset + (1 << 20)))
        if copied == 0:
            raise OSError("the page written before changed while it was copied")
        offset += copied


def _write_read(old: int, out: int, start: int, end: int) -> int:
    chunk = os.pread(old, end - start, start)
    write_all(out, chunk)
    return len(chunk)


class _replacing:
    """A temporary file beside `path`, renamed over it when the block ends
    (unless, with `compare`, it holds the same bytes), removed on error."""

    def __init__(self, path: Path, compare: bool = True) -> None:
        self.path = path
        self.compare = compare

    def __enter__(self) -> Any:
        handle, self.temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.path.parent)
        self.out = os.fdopen(handle, "wb")
        return self.out

    def __exit__(self, kind: object, *exc: object) -> None:
        try:
            self.out.close()
            if kind is not None:
                return
            same = (
                self.compare
                and self.path.is_file()
                and filecmp.cmp(self.temporary, self.path, shallow=False)
            )
            if not same:
                os.replace(self.temporary, self.path)
        finally:
            if os.path.exists(self.temporary):
                os.unlink(self.temporary)


def _stat(found: os.stat_result) -> tuple[int, int, int]:
    return (found.st_size, found.st_mtime_ns, found.st_ino)
