"""The bundled sample journal is what the demo, the docs and the tests use:
it must check clean and hold everything the issue promised."""

from __future__ import annotations

from collections import Counter

import pytest

from iepjournal import bundled
from iepjournal.journal.loading import load
from iepjournal.model import entries as e
from iepjournal.model.journal import Journal


@pytest.fixture(scope="module")
def sample() -> Journal:
    return load(bundled.sample_journal(), use_cache=False)


def test_it_checks_clean(sample):
    assert sample.problems == []


def test_two_ieps_four_services_with_different_frequency_forms(sample):
    kinds = [iep.kind for iep in sample.ieps]
    assert kinds == ["annual", "amendment"]
    frequencies = [s.frequency for s in sample.ieps[0].services]
    assert any("weekly" in f for f in frequencies)
    assert any("daily" in f for f in frequencies)
    assert any("per month" in f for f in frequencies)
    assert any("6-day cycle" in f for f in frequencies)
    assert len(sample.ieps[0].goals) >= 3
    assert all(g.baseline and g.target for g in sample.ieps[0].goals)


def test_a_hundred_notes_with_every_kind_of_session(sample):
    notes = [x for x in sample.entries if isinstance(x, e.Note)]
    assert len(notes) >= 100
    statuses = Counter(s.status for n in notes for s in n.sessions)
    assert set(statuses) == {"held", "partial", "missed", "made-up", "unknown"}
    reasons = {s.reason for n in notes for s in n.sessions if s.status == "missed"}
    assert {"provider absent", "Maya was sick"} <= reasons
    assert {n.mood for n in notes} >= {"great", "good", "ok", "hard", "very-hard"}
    assert any(n.school_closed for n in notes)


def test_the_paper_trail(sample):
    messages = [x for x in sample.entries if isinstance(x, e.Message)]
    assert {m.type for m in messages} == {"email", "letter"}
    replies = {m.in_reply_to for m in messages if m.in_reply_to}
    asked = [m for m in messages if m.request or m.reply_needed]
    assert any(m.id in replies for m in asked) and any(
        m.id not in replies for m in asked
    )
    types = Counter(x.type for x in sample.entries)
    assert types["progress"] >= 3 and types["meeting"] >= 1 and types["notice"] >= 1
    change = next(x for x in sample.entries if isinstance(x, e.Change))
    assert not change.notice and not change.meeting
    outside = [x for x in sample.entries if isinstance(x, e.Evaluation)]
    assert any(x.kind == "outside" for x in outside)


def test_progress_reports_are_measurable_vague_and_copied(sample):
    reports = [x for x in sample.entries if isinstance(x, e.Progress)]
    said = [{g.goal: g.reported for g in r.goals} for r in reports]
    assert any(g.value for r in reports for g in r.goals)
    assert any(
        g.reported.startswith("Making progress") for r in reports for g in r.goals
    )
    assert said[0]["peer-initiation"] == said[1]["peer-initiation"]
