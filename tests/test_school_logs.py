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


# --- import: three real layouts, and what real spreadsheets do ----------------

INFINITE_CAMPUS = (
    "Student Service Log\r\nGenerated 10/02/2026\r\n\r\n"
    "Plan,Service,Date,Provider,Position,Minutes Served\r\n"
    "IEP 2026-27,Speech,09/14/2026,Kim Lee,Speech Language Pathologist,30\r\n"
    "IEP 2026-27,Speech,09/16/2026,Kim Lee,Speech Language Pathologist,0\r\n"
    ",,,,,\r\n"
    "Total,,,,,30\r\n"
)
SESIS = (
    "Service Date;Service Type;Session Type;Duration;Provider\n"
    "2026-09-14;Speech;Served;0:30;K. Lee\n"
    "2026-09-16;Speech;Provider Absent;0:30;K. Lee\n"
    "2026-09-18;Speech;Student Absent;0:30;K. Lee\n"
)


def _seis_workbook(path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Attendance Register: Speech and Language"])  # a title row
    sheet.append(["", "Minutes", ""])  # a header split over two rows
    sheet.append(["Date", "Served", "Service", "Attendance"])
    sheet.append([dt.datetime(2026, 9, 14), 30, "Speech", "P"])
    sheet.append([46281, "30 min", "Speech", "SA"])  # an Excel serial: 2026-09-16
    sheet.append(["9/31/2026", 30, "Speech", "P"])  # a day that does not exist
    book.save(path)


def _import(root, *paths):
    from click.testing import CliRunner

    from iepjournal.cli import main

    result = CliRunner().invoke(
        main, ["import", *map(str, paths), "--journal", str(root)]
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_three_layouts_import_as_entries_with_their_originals_kept(
    make_journal, tmp_path
):
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP})
    campus = tmp_path / "Service Log.csv"
    campus.write_bytes(INFINITE_CAMPUS.encode("cp1252"))
    sesis = tmp_path / "sesis.csv"
    sesis.write_text(SESIS)
    seis = tmp_path / "seis.xlsx"
    _seis_workbook(seis)
    code, output = _import(root, campus, sesis, seis)
    assert code == 0, output
    assert "row 6: `9/31/2026` is not a date" in output
    logs = {x.system: x for x in load(root).entries if x.type == "school-log"}
    assert set(logs) == {"Infinite Campus (service log)", "SESIS (service capture)",
                         "SEIS (attendance register)"}  # fmt: skip
    campus_log = logs["Infinite Campus (service log)"]
    assert [(r.day.day, r.minutes) for r in campus_log.rows] == [(14, 30.0), (16, 0.0)]
    assert (root / campus_log.source).read_bytes() == campus.read_bytes()
    sesis_log = logs["SESIS (service capture)"]
    assert [(r.day.day, r.minutes, r.status) for r in sesis_log.rows] == [
        (14, 30.0, "Served"),
        (16, 30.0, "Provider Absent"),
        (18, 30.0, "Student Absent"),
    ]
    seis_log = logs["SEIS (attendance register)"]
    assert [(r.day, r.minutes, r.status) for r in seis_log.rows] == [
        (dt.date(2026, 9, 14), 30.0, "P"),
        (dt.date(2026, 9, 16), 30.0, "SA"),
    ]
    # the unreadable row is in the entry as written, and said there by check
    assert [p.code for p in load(root).problems] == ["school-log-row"]
    # a second import of the same files adds nothing
    code, output = _import(root, campus, sesis, seis)
    assert "Imported 0 school log(s); 3 already in the journal" in output


def test_what_is_not_a_spreadsheet_is_said_and_nothing_is_written(
    make_journal, tmp_path
):
    root = make_journal({"iep/2026-05-20.md": IEP})
    pdf = tmp_path / "log.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    locked = tmp_path / "locked.xlsx"  # what Excel saves with a password
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    headless = tmp_path / "headless.csv"
    headless.write_text("a,b,c\n1,2,3\n")
    code, output = _import(root, pdf, locked, broken, old, headless)
    assert code == 1
    for said in ("log.pdf is a PDF; only CSV and Excel", "locked.xlsx is a password-protected",
                 "broken.xlsx could not be opened as an Excel workbook",
                 "old.xls is a .xls file", "headless.csv has no header row"):  # fmt: skip
        assert said in output, said
    assert not (root / "school-logs").exists() and not (root / "attachments").exists()
