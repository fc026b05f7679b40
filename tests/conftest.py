"""Journals built from a dict of files, right in the test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from iepjournal.journal.loading import load
from iepjournal.model.journal import Journal

IEP = """\
---
type: iep
date: 2026-05-20
effective: 2026-06-01
ends: 2027-05-19
services:
  - id: speech
    name: Speech-language therapy
    frequency: 2 x 30 min weekly
    setting: pull-out
  - id: reading
    frequency: 45 minutes daily
    setting: resource room
goals:
  - id: peer-initiation
    goal: Initiate peer interaction in 80% of opportunities.
    baseline: 30%
    target: 80%
---
"""

Files = dict[str, str | bytes]


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
):
    """Keep each test's cache out of the user's cache folder."""
    monkeypatch.setenv("IEPJOURNAL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("IEPJOURNAL_NO_CACHE", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)


@pytest.fixture
def make_journal(tmp_path: Path) -> Callable[[Files], Path]:
    made: list[Path] = []

    def make(files: Files) -> Path:
        # each call is a journal of its own: journal, journal-2, ...
        root = tmp_path / ("journal" if not made else f"journal-{len(made) + 1}")
        made.append(root)
        root.mkdir()
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        return root

    return make


@pytest.fixture
def journal_of(make_journal: Callable[[Files], Path]) -> Callable[[Files], Journal]:
    def build(files: Files) -> Journal:
        return load(make_journal(files), use_cache=False)

    return build


def found(journal: Journal) -> list[tuple[str, int, str]]:
    """(path, line, code) of every problem, for compact assertions."""
    return [(p.path, p.line, p.code) for p in journal.problems]
