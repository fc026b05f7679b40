"""Where the files shipped with iepjournal are: templates and the sample journal.

Installed, they sit inside the package; in a source checkout, at the top of
the repository.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    inside = _HERE / name
    return inside if inside.is_dir() else _HERE.parent / name


def templates_folder() -> Path:
    return _find("templates")


def sample_journal() -> Path:
    return _find("sample-journal")
