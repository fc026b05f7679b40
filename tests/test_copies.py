"""Copies of files never count twice: what file managers, sync tools and
editors leave beside a file, links, and files saved by Windows (issue 14)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from click.testing import CliRunner
from conftest import IEP, found
from test_services import SETTINGS

from iepjournal.analyze import report as gap_report
from iepjournal.cli import main
from iepjournal.journal.loading import load

MISSED = "---\ndate: {day}\nsessions:\n  speech: {{status: missed, reason: provider absent}}\n---\n"


def _school_misses(root) -> int:
    built = gap_report.build(load(root), dt.date(2026, 10, 30))
    (speech,) = [x for x in built.ledgers if x.service.id == "speech"]
    return int(speech.missed_by["school"])


@pytest.mark.parametrize(
    "copy",
    ["2026-09-14 copy.md", "2026-09-14 copy 2.md", "2026-09-14 - Copy.md",
     "2026-09-14 - Copy (2).md", "Copy of 2026-09-14.md", "2026-09-14 (1).md",
     "2026-09-14 2.md", "2026-09-14-DESKTOP-AB12CD.md", "2026-09-14.bak.md",
     "2026-09-14~.md", "2026-09-14.txt",
     "2026-09-14 (Case Conflict 1).md",
     "2026-09-14 (Maya's conflicted copy 2026-09-15).md"],
)  # fmt: skip
def test_a_copy_beside_its_original_is_warned_and_not_counted(make_journal, copy):
    text = MISSED.format(day="2026-09-14")
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "notes/2026-09-14.md": text, f"notes/{copy}": text})  # fmt: skip
    loaded = load(root)
    codes = {p.code for p in loaded.problems if p.path == f"notes/{copy}"}
    assert codes & {"copied-file", "sync-conflict-copy"}, found(loaded)
    assert [x.path for x in loaded.entries if x.type == "note"] == [
        "notes/2026-09-14.md"
    ]
    assert _school_misses(root) == 1


def test_a_copy_name_with_no_original_is_read(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP,
                         "notes/2026-09-14 (1).md": MISSED.format(day="2026-09-14")})  # fmt: skip
    loaded = load(root)
    assert found(loaded) == []
    assert len([x for x in loaded.entries if x.type == "note"]) == 1


def test_a_link_back_up_is_not_followed_and_each_file_is_read_once(make_journal):
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "notes/2026-09-14.md": MISSED.format(day="2026-09-14")})  # fmt: skip
    (root / "notes" / "x").mkdir()
    os.symlink("..", root / "notes" / "x" / "a")  # a loop back up
    os.symlink(root / "notes" / "2026-09-14.md", root / "notes" / "link.md")
    os.link(root / "notes" / "2026-09-14.md", root / "notes" / "hard.md")
    loaded = load(root)
    assert sorted((p.path, p.code) for p in loaded.problems) == [
        ("notes/link.md", "link-not-followed"),
        ("notes/x/a", "link-not-followed"),
    ]
    assert len([x for x in loaded.entries if x.type == "note"]) == 1
    assert _school_misses(root) == 1


def test_a_file_saved_by_notepad_as_unicode_is_read(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP})
    text = "---\r\ndate: 2026-09-14\r\nsessions:\r\n  speech: held\r\n---\r\nCafé\r\n"
    (root / "notes").mkdir()
    (root / "notes" / "2026-09-14.md").write_bytes(text.encode("utf-16"))
    loaded = load(root)
    assert found(loaded) == []
    (note,) = [x for x in loaded.entries if x.type == "note"]
    assert note.body.strip() == "Café" and note.sessions[0].status == "held"


def test_a_note_saved_as_txt_is_read(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP,
                         "notes/2026-09-14.txt": MISSED.format(day="2026-09-14")})  # fmt: skip
    loaded = load(root)
    assert found(loaded) == []
    (note,) = [x for x in loaded.entries if x.type == "note"]
    assert note.id == "notes/2026-09-14"


def test_check_names_copies_and_still_exits_0(make_journal):
    text = MISSED.format(day="2026-09-14")
    root = make_journal({"iep/2026-05-20.md": IEP, "notes/2026-09-14.md": text,
                         "notes/2026-09-14 copy.md": text})  # fmt: skip
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0
    assert "looks like a copy of notes/2026-09-14.md" in result.output


def test_the_same_session_in_two_notes_counts_once(make_journal):
    text = MISSED.format(day="2026-09-14")
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "notes/2026-09-14.md": text,
                         "notes/2026-09-14-from-phone.md": text,
                         "notes/2026-09-21.md": MISSED.format(day="2026-09-21")})  # fmt: skip
    loaded = load(root)
    assert found(loaded) == [("notes/2026-09-14.md", 4, "repeated-session")] or found(
        loaded
    ) == [("notes/2026-09-14-from-phone.md", 4, "repeated-session")]
    assert _school_misses(root) == 2


@pytest.mark.parametrize("fence", ["\u2014-", "\u2013-", "\u2014", "-\u2013"])
def test_a_phone_note_with_smart_dashes_and_capitals_keeps_its_session(
    make_journal, fence
):
    text = f"{fence}\nDate: 2026-09-14\nSessions:\n  Speech: Missed\nMood: Hard\n{fence}\nno OT\n"
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "notes/2026-09-14.md": text})  # fmt: skip
    loaded = load(root)
    assert found(loaded) == [("notes/2026-09-14.md", 1, "typed-fence")]
    (note,) = [x for x in loaded.entries if x.type == "note"]
    assert [(s.service, s.status) for s in note.sessions] == [("speech", "missed")]
    assert note.body.strip() == "no OT"
    built = gap_report.build(loaded, dt.date(2026, 10, 30))
    (speech,) = [x for x in built.ledgers if x.service.id == "speech"]
    assert len(speech.missed) == 1


def test_a_service_id_written_with_capitals_matches(make_journal):
    iep = IEP.replace("id: speech", "id: Speech")
    root = make_journal({"iep/2026-05-20.md": iep,
                         "notes/2026-09-14.md": MISSED.format(day="2026-09-14")})  # fmt: skip
    loaded = load(root)
    assert found(loaded) == []


@pytest.mark.parametrize(
    ("day", "extra"),
    [("2026-09-19", ""),  # a Saturday
     ("2026-11-25", ""),  # a day off in the settings
     ("2026-09-15", "school_closed: true\n")],
)  # fmt: skip
def test_a_miss_on_a_day_without_school_is_said_and_never_owed(make_journal, day,
                                                               extra):  # fmt: skip
    text = MISSED.format(day=day).replace("---\n", f"---\n{extra}", 1)
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         f"notes/{day}.md": text})  # fmt: skip
    loaded = load(root)
    assert [p.code for p in loaded.problems] == ["missed-without-school"]
    assert _school_misses(root) == 0


def test_a_miss_on_a_day_another_note_says_was_closed_is_said(make_journal):
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "notes/2026-09-15.md": MISSED.format(day="2026-09-15"),
                         "notes/2026-09-15-snow.md":
                         "---\ndate: 2026-09-15\nschool_closed: true\n---\nSnow day.\n"})  # fmt: skip
    loaded = load(root)
    assert [(p.path, p.code) for p in loaded.problems] == [
        ("notes/2026-09-15.md", "missed-without-school")
    ]
    assert "notes/2026-09-15-snow says school was closed" in loaded.problems[0].message
    assert _school_misses(root) == 0


def test_the_report_says_copies_are_left_out_not_unreadable(make_journal):
    text = MISSED.format(day="2026-09-14")
    root = make_journal({"iep/2026-05-20.md": IEP, "notes/2026-09-14.md": text,
                         "notes/2026-09-14 copy.md": text})  # fmt: skip
    output = (
        CliRunner().invoke(main, ["report", str(root), "--as-of", "2026-10-01"]).output
    )
    assert "could not be read" not in output
    assert "1 file is a copy of another file" in output


HELD = "---\ndate: {day}\nsessions:\n  speech: {{status: held, minutes: 30}}\n---\n"


def test_two_different_sessions_of_one_service_on_one_day_are_said_and_both_count(
    make_journal,
):
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "notes/2026-09-14.md": HELD.format(day="2026-09-14"),
                         "notes/2026-09-14-b.md": MISSED.format(day="2026-09-14")})  # fmt: skip
    loaded = load(root)
    (problem,) = loaded.problems
    assert problem.code == "service-twice-on-a-day" and problem.line == 4
    other = {"notes/2026-09-14.md": "notes/2026-09-14-b",
             "notes/2026-09-14-b.md": "notes/2026-09-14"}[problem.path]  # fmt: skip
    assert f"already has a session on 2026-09-14 (in {other})" in problem.message
    assert _school_misses(root) == 1  # counted as written


def test_a_make_up_or_a_service_promised_twice_a_day_is_not_said(make_journal):
    made_up = "---\ndate: 2026-09-14\nsessions:\n  speech: {status: made-up, minutes: 30}\n---\n"
    twice_daily = IEP.replace("45 minutes daily", "2 x 20 minutes daily")
    reading = "---\ndate: 2026-09-14\nsessions:\n  reading: {{status: held, minutes: {m}}}\n---\n"
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": twice_daily,
                         "notes/2026-09-14.md": HELD.format(day="2026-09-14"),
                         "notes/2026-09-14-b.md": made_up,
                         "notes/2026-09-14-c.md": reading.format(m=20),
                         "notes/2026-09-14-d.md": reading.format(m=25)})  # fmt: skip
    assert found(load(root)) == []


def test_cancelled_is_a_miss_on_the_schools_side(make_journal):
    text = "---\ndate: 2026-09-14\nsessions:\n  speech: Cancelled\n---\n"
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "notes/2026-09-14.md": text})  # fmt: skip
    loaded = load(root)
    assert found(loaded) == []
    (note,) = [x for x in loaded.entries if x.type == "note"]
    assert [(s.status, s.by) for s in note.sessions] == [("missed", "school")]
    assert _school_misses(root) == 1
    result = CliRunner().invoke(main, ["log", "speech", "cancelled", "--date",
                                       "2026-09-15", "--journal", str(root)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _school_misses(root) == 2
