"""The school's own service log, side by side with the family's notes
(issue 16): typed in, imported from CSV and Excel in real layouts, and the
bad inputs real spreadsheets have."""

from __future__ import annotations

import datetime as dt

from conftest import IEP, found
from test_services import SETTINGS

from iepjournal.journal.loading import load

TYPED = """\
---
date: 2026-10-02
system: printout from the speech therapist
---
Copied from the printout the school sent.

| Date | Service | Minutes | Status | Provider | Reason |
|---|---|---|---|---|---|
| 9/14/2026 | Speech | 30 | Served | Ms. Kim | |
| 2026-09-16 | speech | 0:30 | Provider Absent | Ms. Kim | training |
| | | | | | |
| Total | | 60 | | | |
| 9/31/2026 | speech | 30 | Served | | |
"""


def test_a_typed_in_log_is_read_row_by_row_with_problems_at_their_lines(make_journal):
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "school-logs/2026-10-02.md": TYPED})  # fmt: skip
    loaded = load(root)
    (log,) = [x for x in loaded.entries if x.type == "school-log"]
    assert [(r.day, r.service, r.minutes, r.status, r.reason) for r in log.rows] == [
        (dt.date(2026, 9, 14), "Speech", 30.0, "Served", ""),
        (dt.date(2026, 9, 16), "speech", 30.0, "Provider Absent", "training"),
    ]
    assert [r.line for r in log.rows] == [9, 10]
    assert found(loaded) == [("school-logs/2026-10-02.md", 13, "school-log-row")]
    assert "9/31/2026" in loaded.problems[0].message


def test_rows_may_be_written_in_the_front_matter(make_journal):
    text = ("---\ntype: school-log\ndate: 2026-10-02\nrows:\n"
            "  - {date: 2026-09-14, service: speech, minutes: 30, status: served}\n"
            "  - {date: 2026-09-16, service: speech, status: student absent}\n---\n")  # fmt: skip
    root = make_journal({"iep/2026-05-20.md": IEP, "logs/received.md": text})
    loaded = load(root)
    assert found(loaded) == []
    (log,) = [x for x in loaded.entries if x.type == "school-log"]
    assert [(r.day.day, r.status) for r in log.rows] == [
        (14, "served"),
        (16, "student absent"),
    ]


def test_a_table_whose_columns_cannot_be_told_is_named(make_journal):
    text = "---\ndate: 2026-10-02\n---\n| When | What |\n|---|---|\n| 9/14/2026 | speech |\n"
    root = make_journal({"iep/2026-05-20.md": IEP, "school-logs/2026-10-02.md": text})
    loaded = load(root)
    assert found(loaded) == [("school-logs/2026-10-02.md", 1, "school-log-empty"),
                             ("school-logs/2026-10-02.md", 4, "school-log-columns")]  # fmt: skip
    assert "`When`, `What`" in loaded.problems[1].message


UNPLACED = """\
---
date: 2026-10-02
---
| Service Date | Service Type | Session Type | Duration |
|---|---|---|---|
| 9/14/2026 | Speech/Language | Served | 30 |
| 9/15/2026 | Speech-language therapy | XZ | 30 |
"""


def test_a_service_or_status_it_cannot_place_is_said_never_guessed(make_journal):
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "school-logs/2026-10-02.md": UNPLACED})  # fmt: skip
    loaded = load(root)
    assert found(loaded) == [("school-logs/2026-10-02.md", 6, "school-log-service"),
                             ("school-logs/2026-10-02.md", 7, "school-log-status")]  # fmt: skip
    assert (
        '[school_log.services] "Speech/Language" = "speech"' in loaded.problems[0].hint
    )
    mapped = SETTINGS + ('\n[school_log.services]\n"Speech/Language" = "speech"\n'
                         '[school_log.statuses]\nXZ = "missed by school"\n')  # fmt: skip
    root = make_journal({"iepjournal.toml": mapped, "iep/2026-05-20.md": IEP,
                         "school-logs/2026-10-02.md": UNPLACED})  # fmt: skip
    assert found(load(root)) == []


def test_a_mapping_to_something_unknown_is_a_settings_problem(make_journal):
    bad = SETTINGS + '\n[school_log.statuses]\nXZ = "sorta held"\n'
    root = make_journal({"iepjournal.toml": bad, "iep/2026-05-20.md": IEP})
    loaded = load(root)
    assert [p.code for p in loaded.problems] == ["bad-setting"]
    assert (
        "`XZ = sorta held` is not one of: held, missed by school"
        in loaded.problems[0].message
    )
