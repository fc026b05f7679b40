"""Writing the site into its folder: only a folder iepjournal made (it holds
a marker file), each file atomically, and a file that would not change
left as it is.
"""

from __future__ import annotations

import filecmp
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iepjournal.model.language import said

MARKER = ".iepjournal-site"


@dataclass
class Written:
    folder: Path
    files: list[str]
    refused: str = ""  # why nothing was written, in plain words (a Said)


def write(files: dict[str, bytes], out: Path) -> Written:
    """Write the site into `out`, a folder that is empty or was made by
    iepjournal (it holds the marker file). Files from an earlier build that
    this one no longer makes are removed; nothing else ever is."""
    marker = out / MARKER
    if out.exists() and not out.is_dir():
        return Written(out, [], said("{folder} is a file, not a folder.",
                                     folder=str(out)))  # fmt: skip
    if out.is_dir() and any(out.iterdir()) and not marker.is_file():
        return Written(
            out, [], said("{folder} is not empty and was not made by iepjournal, "
                          "so nothing was written there.", folder=str(out))
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
