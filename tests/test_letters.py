"""Letters drafted from the sample journal's findings."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from iepjournal import bundled
from iepjournal.cli import main
from iepjournal.journal.loading import load

KINDS = [
    "meeting-request",
    "data-request",
    "records-request",
    "missed-services",
    "follow-up",
]


@pytest.fixture
def journal(tmp_path):
    root = tmp_path / "maya"
    shutil.copytree(bundled.sample_journal(), root)
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", KINDS)
def test_each_letter_drafts_as_a_new_entry_that_checks_clean(journal, kind):
    code, output = run(
        "letter", kind, "--journal", str(journal), "--date", "2026-04-30"
    )
    assert code == 0, output
    written = journal / f"letters/2026-04-30-{kind}.md"
    text = written.read_text()
    assert "draft: true" in text and "Dear Ms. Rivera," in text
    assert 'cc: ["Principal Dana Lee <lee@district.example>"]' in text
    assert "Please reply in writing by" in text and "\n1. " in text
    assert run("check", str(journal))[0] == 0
    again = run("letter", kind, "--journal", str(journal), "--date", "2026-04-30")
    assert again[0] == 0 and (journal / f"letters/2026-04-30-{kind}-2.md").exists()
    assert written.read_text() == text


def test_a_draft_starts_no_clock(journal):
    run("letter", "meeting-request", "--journal", str(journal), "--date", "2026-04-30")
    from iepjournal.analyze import report

    before = report.build(load(journal), __import__("datetime").date(2026, 6, 1))
    assert not [f for f in before.findings if "2026-04-30-meeting-request" in f.entries]


def test_missed_services_lists_school_misses_in_date_order_with_minutes(journal):
    code, output = run("letter", "missed-services", "--journal", str(journal),
                       "--date", "2026-04-30", "--print")  # fmt: skip
    assert code == 0
    facts = [line for line in output.splitlines() if line.startswith("- ")]
    assert (
        facts[0]
        == "- Sep 16, 2025: Speech-language therapy not delivered (Ms. Kim out for training), 30 minutes."
    )
    assert "Maya was sick" not in output  # the child's absences are not the school's
    assert "Speech-language therapy: 275 minutes" in output
    assert not (journal / "letters/2026-04-30-missed-services.md").exists()


def test_meeting_request_gives_every_reason_and_a_data_request_every_goal(journal):
    _, meeting = run(
        "letter",
        "meeting-request",
        "--journal",
        str(journal),
        "--date",
        "2026-04-30",
        "--print",
    )
    assert meeting.count("\n- ") == 6 and "request: meeting" in meeting
    _, data = run(
        "letter",
        "data-request",
        "--journal",
        str(journal),
        "--date",
        "2026-04-30",
        "--print",
    )
    for goal in ("peer-initiation", "reading-fluency", "outbursts", "writing"):
        assert goal in data
    _, records = run(
        "letter",
        "records-request",
        "--journal",
        str(journal),
        "--date",
        "2026-04-30",
        "--print",
    )
    assert "reply_by: 2026-06-14" in records  # 45 days


def test_letters_can_be_reworded_by_the_journal(journal):
    (journal / "templates" / "letters").mkdir(parents=True)
    (journal / "templates" / "letters" / "records-request.md").write_text(
        '{% extends "letters/letter.md" %}{% block opening %}Hello from our own words.{% endblock %}'
    )
    _, text = run("letter", "records-request", "--journal", str(journal), "--print")
    assert "Hello from our own words." in text
