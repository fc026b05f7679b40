"""The loader: files to typed entries and problems, one bad file never hiding
the others."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from conftest import IEP, found

from iepjournal.journal.loading import find_root, load, shadowed_original
from iepjournal.model import entries as e


def note(front: str, body: str = "") -> str:
    return f"---\n{front}---\n{body}"


def test_root_is_found_by_walking_up(make_journal):
    root = make_journal({"iepjournal.toml": 'student = "Maya"\n', "notes/a/b.md": "x"})
    assert find_root(root / "notes" / "a") == root.resolve()


def test_a_folder_with_type_folders_is_a_journal_without_settings(make_journal):
    root = make_journal({"notes/2026-09-14.md": note("mood: ok\n")})
    assert find_root(root) == root.resolve()
    assert find_root(root.parent) is None


def test_ignored_files_and_folders(journal_of):
    journal = journal_of(
        {
            "README.md": "# not an entry",
            "templates/new/note.md": "{{ broken",
            "_site/x.md": "junk",
            ".git/x.md": "junk",
            "notes/_draft.md": "junk",
            "notes/.hidden.md": "junk",
            "notes/2026-09-14.md": note("mood: ok\n"),
            "notes/readme.txt": "not markdown",
            "deep/templates/x.md": note("type: note\ndate: 2026-09-15\n"),
        }
    )
    assert found(journal) == []
    assert [x.id for x in journal.entries] == ["notes/2026-09-14", "deep/templates/x"]


def test_types_from_folders_plural_or_not(journal_of):
    journal = journal_of(
        {
            "emails/2026-09-15-rivera.md": note("subject: hi\n"),
            "progress/2026-11-06-q1.md": note("period: Q1\n"),
            "meeting/2026-10-01.md": note("kind: informal\n"),
            "misc/2026-10-02-call.md": note("type: notes\n"),
        }
    )
    assert found(journal) == []
    assert {x.id: x.type for x in journal.entries} == {
        "emails/2026-09-15-rivera": "email",
        "progress/2026-11-06-q1": "progress",
        "meeting/2026-10-01": "meeting",
        "misc/2026-10-02-call": "note",
    }


def test_front_matter_type_wins_over_folder(journal_of):
    journal = journal_of({"notes/2026-09-15.md": note("type: email\nsubject: hi\n")})
    assert journal.entries[0].type == "email"


def test_missing_type_outside_a_type_folder(journal_of):
    journal = journal_of({"misc/2026-09-15.md": note("title: x\n")})
    assert found(journal) == [("misc/2026-09-15.md", 1, "missing-type")]


def test_unknown_type_with_did_you_mean(journal_of):
    journal = journal_of({"misc/2026-09-15.md": note("title: x\ntype: emial\n")})
    assert found(journal) == [("misc/2026-09-15.md", 3, "unknown-type")]
    assert "`email`" in journal.problems[0].hint


@pytest.mark.parametrize(
    ("written", "day", "time"),
    [
        ("2026-09-14", dt.date(2026, 9, 14), None),
        ("2026-09-14 15:30", dt.date(2026, 9, 14), dt.time(15, 30)),
        ("9/14/2026", dt.date(2026, 9, 14), None),
        ("09/04/2026", dt.date(2026, 9, 4), None),
        ('"2026-9-4"', dt.date(2026, 9, 4), None),
    ],
)
def test_date_forms(journal_of, written, day, time):
    journal = journal_of({"misc/x.md": note(f"type: note\ndate: {written}\n")})
    assert found(journal) == []
    assert (journal.entries[0].date, journal.entries[0].time) == (day, time)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("14/9/2026", "day-first-date"),
        ("2026-02-30", "bad-date"),
        ("Sept 14, 2026", "bad-date"),
        ("9/14/26", "bad-date"),
        ("tomorrow", "bad-date"),
        ("2026-09-14 25:00", "bad-date"),
    ],
)
def test_wrong_dates_are_named_at_their_line(journal_of, written, code):
    journal = journal_of(
        {"misc/x.md": note(f"type: note\nmood: ok\ndate: {written}\n")}
    )
    assert found(journal) == [("misc/x.md", 4, code)]


def test_day_first_hint_gives_the_iso_form(journal_of):
    journal = journal_of({"misc/x.md": note("type: note\ndate: 14/9/2026\n")})
    assert "2026-09-14" in journal.problems[0].hint


def test_date_from_file_name_and_mismatch(journal_of):
    journal = journal_of(
        {
            "notes/2026-09-14-speech.md": note("mood: ok\n"),
            "notes/2026-09-15.md": note("date: 2026-09-16\n"),
        }
    )
    assert journal.entry("notes/2026-09-14-speech").date == dt.date(2026, 9, 14)
    assert found(journal) == [("notes/2026-09-15.md", 2, "date-mismatch")]


def test_missing_date(journal_of):
    journal = journal_of({"notes/speech.md": note("mood: ok\n")})
    assert found(journal) == [("notes/speech.md", 1, "missing-date")]


def test_ids_and_titles(journal_of):
    journal = journal_of(
        {
            "notes/2026-09-14.md": note(
                "mood: ok\n", "```\n# not a title\n```\n# Hard day\n"
            ),
            "notes/2026-09-15.md": note("id: tuesday\ntitle: Given\n", "# Heading\n"),
        }
    )
    assert journal.entry("notes/2026-09-14").title == "Hard day"
    assert journal.entry("tuesday").title == "Given"


def test_duplicate_ids(journal_of):
    journal = journal_of(
        {
            "notes/2026-09-14.md": note("id: same\n"),
            "notes/2026-09-15.md": note("mood: ok\nid: same\n"),
        }
    )
    assert found(journal) == [("notes/2026-09-15.md", 3, "duplicate-id")]
    assert "notes/2026-09-14.md" in journal.problems[0].message


SESSIONS_LONG = """\
sessions:
  speech: missed
  reading: {status: partial, minutes: 20, reason: fire drill}
"""
SESSIONS_LIST = """\
sessions:
  - service: speech
    status: missed
    by: school
  - service: reading
    status: held
    minutes: 30 min
"""


def test_sessions_short_long_and_list_forms(journal_of):
    journal = journal_of(
        {
            "iep/2026-05-20.md": IEP,
            "notes/2026-09-14.md": note(SESSIONS_LONG),
            "notes/2026-09-15.md": note(SESSIONS_LIST),
        }
    )
    assert found(journal) == []
    first = journal.entry("notes/2026-09-14")
    second = journal.entry("notes/2026-09-15")
    assert isinstance(first, e.Note) and isinstance(second, e.Note)
    assert [(s.service, s.status, s.minutes, s.reason) for s in first.sessions] == [
        ("speech", "missed", None, ""),
        ("reading", "partial", 20.0, "fire drill"),
    ]
    assert [(s.service, s.status, s.by, s.minutes) for s in second.sessions] == [
        ("speech", "missed", "school", None),
        ("reading", "held", "", 30.0),
    ]


def test_unknown_status_service_and_partial_without_minutes(journal_of):
    journal = journal_of(
        {
            "iep/2026-05-20.md": IEP,
            "notes/2026-09-14.md": note(
                "sessions:\n  speech: helt\n  speach: held\n  reading: partial\n"
            ),
        }
    )
    assert found(journal) == [
        ("notes/2026-09-14.md", 3, "unknown-status"),
        ("notes/2026-09-14.md", 4, "unknown-service"),
        ("notes/2026-09-14.md", 5, "partial-without-minutes"),
    ]
    hints = [p.hint for p in journal.problems]
    assert "`held`" in hints[0] and "`speech`" in hints[1]


def test_services_come_from_the_iep_in_force_that_day(journal_of):
    amendment = (
        IEP.replace("2026-05-20", "2027-01-10")
        .replace("effective: 2026-06-01", "effective: 2027-01-15\nkind: amendment")
        .replace("id: reading", "id: ot")
    )
    journal = journal_of(
        {
            "iep/2026-05-20.md": IEP,
            "iep/2027-01-10.md": amendment,
            "notes/2027-01-14.md": note("sessions:\n  reading: held\n"),
            "notes/2027-01-15.md": note("sessions:\n  reading: held\n  ot: held\n"),
            "notes/2026-05-25.md": note("sessions:\n  speech: held\n"),
        }
    )
    assert found(journal) == [
        ("notes/2026-05-25.md", 2, "no-iep-in-force"),
        ("notes/2027-01-15.md", 3, "unknown-service"),
    ]
    assert journal.iep_in_force(dt.date(2027, 1, 14)).id == "iep/2026-05-20"
    assert journal.iep_in_force(dt.date(2027, 1, 15)).id == "iep/2027-01-10"


def test_progress_goals_refer_to_the_iep(journal_of):
    journal = journal_of(
        {
            "iep/2026-05-20.md": IEP,
            "progress/2026-11-06.md": note(
                "goals:\n  peer-initiation: Making progress.\n"
                "  peer-initation:\n    reported: 55%\n    value: 55%\n    code: SP\n"
            ),
        }
    )
    assert found(journal) == [("progress/2026-11-06.md", 4, "unknown-goal")]
    report = journal.entry("progress/2026-11-06")
    assert isinstance(report, e.Progress)
    assert report.goals[0].reported == "Making progress."
    assert (report.goals[1].value, report.goals[1].code) == ("55%", "SP")


def test_unknown_fields_are_kept_and_warned_with_did_you_mean(journal_of):
    journal = journal_of(
        {
            "iep/2026-05-20.md": IEP.replace(
                "    setting: pull-out\n", "    seting: pull-out\n"
            ),
            "notes/2026-09-14.md": note("mood: ok\ntagz: [bus]\nweather: rain\n"),
        }
    )
    assert found(journal) == [
        ("iep/2026-05-20.md", 10, "unknown-field"),
        ("notes/2026-09-14.md", 3, "unknown-field"),
        ("notes/2026-09-14.md", 4, "unknown-field"),
    ]
    assert all(p.severity == "warning" for p in journal.problems)
    assert "`setting`" in journal.problems[0].hint
    assert journal.entry("notes/2026-09-14").extra == {
        "tagz": ["bus"],
        "weather": "rain",
    }


def test_iep_fields(journal_of):
    journal = journal_of({"iep/2026-05-20.md": IEP})
    iep = journal.ieps[0]
    assert iep.in_force_from == dt.date(2026, 6, 1)
    assert [s.id for s in iep.services] == ["speech", "reading"]
    assert iep.services[0].frequency == "2 x 30 min weekly"
    assert iep.services[1].name == "reading"
    assert iep.goals[0].baseline == "30%"


def test_missing_attachment_and_found_attachments(journal_of):
    journal = journal_of(
        {
            "attachments/q1.pdf": b"%PDF",
            "progress/scan.png": b"\x89PNG",
            "progress/2026-11-06.md": note(
                "attachments: [attachments/q1.pdf, scan.png, q2.pdf, "
                "../../etc/passwd]\n"
            ),
        }
    )
    assert found(journal) == [
        ("progress/2026-11-06.md", 2, "attachment-outside"),
        ("progress/2026-11-06.md", 2, "missing-attachment"),
    ]


@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ("2026-09-14 (Maya's conflicted copy 2026-09-15).md", "2026-09-14.md"),
        ("2026-09-14 (conflicted copy 2026-09-15 101010).md", "2026-09-14.md"),
        ("2026-09-14 (Case Conflict).md", "2026-09-14.md"),
        ("2026-09-14 (Case Conflict 1).md", "2026-09-14.md"),
        ("2026-09-14.sync-conflict-20260915-101010-ABCDEFG.md", "2026-09-14.md"),
    ],
)
def test_sync_conflict_copies_are_named_and_not_read(journal_of, copy, original):
    assert shadowed_original(copy) == original
    journal = journal_of(
        {
            "notes/2026-09-14.md": note("mood: ok\n"),
            f"notes/{copy}": note("mood: hard\n"),
        }
    )
    assert found(journal) == [(f"notes/{copy}", 0, "sync-conflict-copy")]
    assert "notes/2026-09-14.md" in journal.problems[0].message
    assert len(journal.entries) == 1


def test_a_sync_copy_whose_original_is_gone_says_so(journal_of):
    journal = journal_of({"notes/a (Case Conflict).md": note("date: 2026-09-14\n")})
    assert "rename" in journal.problems[0].hint


def test_one_bad_file_never_hides_the_others(journal_of):
    journal = journal_of(
        {
            "iep/2026-05-20.md": IEP,
            "notes/2026-09-14.md": note("mood: ok\ntitle: Re: x\n"),
            "notes/2026-09-15.md": b"\x00\x01",
            "notes/2026-09-16.md": CONFLICT_NOTE,
            "notes/2026-09-17.md": note("sessions:\n  speech: held\n"),
            "notes/2026-09-18.md": "---\nmood: ok\n",
        }
    )
    assert [p.code for p in journal.problems] == [
        "yaml",
        "binary-file",
        "git-conflict",
        "unclosed-front-matter",
    ]
    assert [x.id for x in journal.entries] == ["iep/2026-05-20", "notes/2026-09-17"]


CONFLICT_NOTE = (
    "---\n<<<<<<< ours\nmood: ok\n=======\nmood: hard\n>>>>>>> theirs\n---\n"
)


def test_settings(journal_of):
    journal = journal_of(
        {
            "iepjournal.toml": (
                'student = "Maya"\nfamily = ["Parent@Home.example"]\n'
                "[[school_year]]\nstart = 2026-08-24\nend = 2027-06-04\n"
                'days_off = [2026-09-07, "2026-11-25..2026-11-27"]\n'
                "report_cards = [2026-10-30]\ncycle_days = 6\n"
                '[progress_codes]\nSP = "sufficient"\n'
                "[rules]\nreply_within_school_days = 3\n"
            )
        }
    )
    assert found(journal) == []
    settings = journal.settings
    assert settings.student == "Maya" and settings.family == ("parent@home.example",)
    year = settings.school_years[0]
    assert year.name == "2026-27" and year.cycle_days == 6
    assert dt.date(2026, 11, 26) in year.days_off and len(year.days_off) == 4
    assert settings.progress_codes == {"SP": "sufficient"}
    assert settings.rules.reply_within_school_days == 3
    assert settings.rules.records_request_days == 45


def test_settings_problems_name_their_line(journal_of):
    journal = journal_of(
        {
            "iepjournal.toml": (
                'student = "Maya"\n[[school_year]]\n'
                "start = 2026-08-24\nend = 2027-06-04\n"
                'days_off = ["2026-11-27..2026-11-25", "someday"]\n'
                '[progress_codes]\nSP = "sufficent"\n[rules]\nreply_within = 3\n'
            )
        }
    )
    assert found(journal) == [
        ("iepjournal.toml", 5, "bad-date"),
        ("iepjournal.toml", 5, "bad-range"),
        ("iepjournal.toml", 7, "unknown-progress-meaning"),
        ("iepjournal.toml", 9, "unknown-setting"),
    ]


def test_settings_syntax_error_uses_defaults(journal_of):
    journal = journal_of({"iepjournal.toml": 'student = "Maya"\nfamily = [oops]\n'})
    assert found(journal) == [("iepjournal.toml", 2, "settings-syntax")]


def test_cache_gives_the_same_journal_and_notices_changes(make_journal):
    root = make_journal(
        {
            "iep/2026-05-20.md": IEP,
            "notes/2026-09-14.md": note("sessions:\n  speech: helt\n"),
        }
    )
    cold = load(root)
    warm = load(root)
    assert warm.entries == cold.entries and warm.problems == cold.problems
    path = root / "notes/2026-09-14.md"
    path.write_text(note("sessions:\n  speech: held\n"))
    os.utime(path, ns=(1, 1))  # a different mtime, whatever the clock does
    assert load(root).problems == []
    path.unlink()
    assert [x.id for x in load(root).entries] == ["iep/2026-05-20"]


def test_warm_load_still_gives_entries_and_notices_attachments(make_journal):
    root = make_journal({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": note("attachments: [attachments/log.pdf]\n"),
    })  # fmt: skip
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert [p.code for p in load(root).problems] == ["missing-attachment"]
    warm = load(root)
    assert [p.code for p in warm.problems] == ["missing-attachment"]
    assert [x.id for x in warm.entries] == ["iep/2026-05-20", "notes/2026-09-14"]
    assert warm.iep_in_force(dt.date(2026, 9, 14)).services[0].id == "speech"
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    (root / "attachments").mkdir()
    (root / "attachments" / "log.pdf").write_bytes(b"%PDF")
    assert load(root).problems == []


def test_many_files_are_read_in_parallel_with_the_same_result(make_journal):
    files = {"iep/2026-05-20.md": IEP}
    for n in range(450):
        status = "helt" if n == 7 else "held"
        files[f"notes/2026/09/2026-09-14-{n:03d}.md"] = note(
            f"sessions:\n  speech: {{status: {status}, minutes: {n % 450 + 1}}}\n"
        )
    root = make_journal(files)
    journal = load(root, use_cache=False)
    assert len(journal.entries) == 451
    # (450 speech sessions on one day: each after the first is also said)
    assert [x for x in found(journal) if x[2] != "service-twice-on-a-day"] == [
        ("notes/2026/09/2026-09-14-007.md", 3, "unknown-status")
    ]


def test_entries_survive_the_cache_vanishing_after_load(
    make_journal, tmp_path, monkeypatch
):
    cache_dir = tmp_path / "user-cache"
    monkeypatch.setenv("IEPJOURNAL_CACHE_DIR", str(cache_dir))
    root = make_journal({"iep/2026-05-20.md": IEP, "notes/2026-09-14.md": "x"})
    load(root)
    warm = load(root)  # entries not read yet
    for store in cache_dir.glob("journal-*"):
        store.unlink()
    assert [x.id for x in warm.entries] == ["iep/2026-05-20", "notes/2026-09-14"]


def test_unreadable_and_ambiguous_frequencies_are_named_at_their_line(journal_of):
    iep = IEP.replace("2 x 30 min weekly", "as needed").replace(
        "45 minutes daily", "up to 45 minutes daily"
    )
    journal = journal_of({"iep/2026-05-20.md": iep})
    assert found(journal) == [
        ("iep/2026-05-20.md", 9, "frequency-unreadable"),
        ("iep/2026-05-20.md", 12, "frequency-ambiguous"),
    ]
    assert all(p.severity == "warning" for p in journal.problems)


def test_unreadable_values_and_mismatched_units(journal_of):
    iep = IEP.replace(
        "    baseline: 30%\n    target: 80%\n",
        "    baseline: some\n    target: 80 wcpm\n",
    )
    bad_units = IEP.replace("    target: 80%\n", "    target: 80 wcpm\n")
    journal = journal_of({
        "iep/2026-05-20.md": iep,
        "iep/2026-06-20.md": bad_units.replace("2026-05-20", "2026-06-20").replace("2026-06-01", "2026-06-25"),
        "progress/2026-11-06.md": "---\ngoals:\n  peer-initiation:\n    reported: ok\n    value: lots\n---\n",
    })  # fmt: skip
    assert found(journal) == [
        ("iep/2026-05-20.md", 15, "value-unreadable"),
        ("iep/2026-06-20.md", 15, "unit-mismatch"),
        ("progress/2026-11-06.md", 3, "value-unreadable"),
    ]


def test_a_note_without_a_title_is_titled_by_what_happened(journal_of):
    journal = journal_of({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": note("sessions:\n  speech: missed\n  reading: held\n"),
        "notes/2026-09-15.md": note("school_closed: true\n"),
        "notes/2026-09-16.md": note("mood: ok\n", "Bus was late again today.\n"),
        "notes/2026-09-17.md": note("mood: ok\n", "# Field day\nFun.\n"),
    })  # fmt: skip
    titles = [x.title for x in journal.entries if x.type == "note"]
    assert titles == ["Speech missed, reading held", "School closed",
                      "Bus was late again today.", "Field day"]  # fmt: skip
