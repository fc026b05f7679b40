"""Letters drafted from the sample journal's findings."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from iepjournal import bundled
from iepjournal.capture.letter_kinds import KINDS
from iepjournal.cli import main
from iepjournal.journal.loading import load


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
    assert (
        "Speech-language therapy: 300 minutes missed + 35 cut short - 60 made up "
        "= 275 minutes not delivered" in output
    )
    assert not (journal / "letters/2026-04-30-missed-services.md").exists()


def test_a_missed_services_letters_totals_are_the_sum_of_its_lines(journal):
    """Issue 15: five 30-minute misses and then "by my count, 135 minutes"
    could not be added up by the reader; every line that makes it is shown."""
    import re

    from iepjournal.analyze import report

    _, output = run("letter", "missed-services", "--journal", str(journal),
                    "--date", "2026-04-30", "--print")  # fmt: skip
    lines = [x for x in output.splitlines() if x.startswith("- ")]
    added: dict[str, float] = {}
    for line in lines:
        found = re.match(r"- \w+ \d+, \d{4}: (.+?) (not delivered|cut short|made up)"
                         r".*?(\d+) minutes(?: short)?\.$", line)  # fmt: skip
        if found is None:
            assert "minutes not known, not counted" in line, line
            continue
        name, what, minutes = found.group(1), found.group(2), float(found.group(3))
        added[name] = added.get(name, 0) + (-minutes if what == "made up" else minutes)
    (asked,) = [x for x in output.splitlines() if x.startswith("1. ")]
    counted = asked.split("by my count: ", 1)[1]
    totals = dict(
        re.findall(r"([A-Z][^:;]+?): [^;]*?(\d+) minutes not delivered", counted)
    )
    assert totals and {k: float(v) for k, v in totals.items()} == added
    built = report.build(load(journal), __import__("datetime").date(2026, 4, 30))
    for name, total in added.items():  # the same figures as the report's
        shortfall = sum(
            x.shortfall_minutes for x in built.ledgers if x.service.name == name
        )
        assert shortfall == total, name


def test_the_letter_kinds_are_the_commands_choices():
    from iepjournal.cli.commands import letter

    assert list(letter.params[0].type.choices) == list(KINDS)


def test_a_follow_up_with_no_meeting_thanks_for_none_and_a_no_reply_letter_quotes_dates(
    tmp_path,
):
    from conftest import IEP

    root = tmp_path / "j"
    (root / "iep").mkdir(parents=True)
    (root / "iep" / "2026-05-20.md").write_text(IEP)
    (root / "emails").mkdir()
    (root / "emails" / "2026-09-14-ask.md").write_text(
        "---\ndate: 2026-09-14\nfrom: Parent <parent@home.example>\n"
        "to: [Ms. Rivera <rivera@district.example>]\nsubject: Speech schedule\n"
        "request: data\n---\nWhat is the schedule?\n"
    )
    (root / "iepjournal.toml").write_text(
        'student = "Leo"\nparent = "Ana L\u00f3pez"\nsign_as = "Leo\'s mother"\n'
        'family = ["parent@home.example"]\n'
    )
    _, follow = run("letter", "follow-up", "--journal", str(root), "--date",
                    "2026-10-30", "--print")  # fmt: skip
    assert "meeting with me" not in follow
    assert "Ana L\u00f3pez\nLeo's mother" in follow and "(your name)" not in follow
    _, again = run("letter", "no-reply", "--journal", str(root), "--date",
                   "2026-10-30", "--print")  # fmt: skip
    assert "On September 14, 2026 I wrote to Ms. Rivera" in again
    assert "asking for the data behind the progress reports" in again
    assert "Please answer my message of September 14, 2026" in again


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
    assert meeting.count("\n- ") == 7 and "request: meeting" in meeting
    _, data = run(
        "letter",
        "data-request",
        "--journal",
        str(journal),
        "--date",
        "2026-04-30",
        "--print",
    )
    for goal in ("Social communication", "Reading", "Behavior", "Written expression"):
        assert f"the goal for {goal}" in data
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
