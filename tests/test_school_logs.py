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


# --- compared, day by day ------------------------------------------------------

COMPARED_LOG = """\
---
date: 2026-10-02
---
| Date | Service | Minutes | Status | Reason |
|---|---|---|---|---|
| 2026-09-07 | Speech | 30 | Served | |
| 2026-09-14 | Speech | 30 | Served | |
| 2026-09-16 | Speech | 30 | Served | |
| 2026-09-21 | Speech | 30 | Served | |
| 2026-09-23 | Speech | 30 | Served | |
| 2026-09-25 | Speech | 30 | Provider Absent | training |
| 2026-09-30 | Speech | 30 | Student Absent | |
"""


def _note(day: str, session: str) -> str:
    return f"---\ndate: {day}\nsessions:\n  speech: {session}\n---\n"


def _compared_journal(make_journal):
    return make_journal({
        "iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
        "school-logs/2026-10-02.md": COMPARED_LOG,
        "notes/2026-09-14.md": _note("2026-09-14", "{status: held, minutes: 30}"),
        "notes/2026-09-16.md": _note("2026-09-16", "{status: missed, reason: provider absent}"),
        "notes/2026-09-21.md": _note("2026-09-21", "{status: missed, by: school}"),
        "notes/2026-09-23.md": _note("2026-09-23", "{status: held, minutes: 15}"),
        "notes/2026-09-28.md": _note("2026-09-28", "held"),
        "notes/2026-09-30.md": _note("2026-09-30", "{status: held, minutes: 30}"),
    })  # fmt: skip


def test_the_log_and_the_notes_are_compared_day_by_day(make_journal):
    import json

    from click.testing import CliRunner

    from iepjournal.cli import main

    root = _compared_journal(make_journal)
    result = CliRunner().invoke(main, ["report", str(root), "--as-of", "2026-10-05",
                                       "--format", "json"])  # fmt: skip
    data = json.loads(result.output)
    (disagree,) = [f for f in data["findings"] if f["kind"] == "records-disagree"]
    assert disagree["days"] == ["2026-09-07", "2026-09-16", "2026-09-21",
                                "2026-09-23", "2026-09-28", "2026-09-30"]  # fmt: skip
    message = disagree["message"]
    assert "Sep 7 (log: held, 30 minutes; notes: no school that day)" in message
    assert "Sep 16 (log: held, 30 minutes; notes: missed by the school)" in message
    assert "Sep 23 (log: held, 30 minutes; notes: held, 15 minutes)" in message
    assert "Sep 28 (log: nothing; notes: held)" in message
    assert "Sep 30 (log: missed by the student; notes: held, 30 minutes)" in message
    # two days the log calls held and the notes missed by the school, within
    # 28 days: the same rule as missed services makes it a meeting reason
    assert disagree["meeting_reason"] is True
    assert "school-logs/2026-10-02" in disagree["entries"]
    assert "notes/2026-09-16" in disagree["entries"]
    (row,) = data["services"][:1]
    school = row["school_log"]
    assert (school["from"], school["to"]) == ("2026-09-07", "2026-09-30")
    assert school["provided_minutes"] == 150
    assert school["not_provided_minutes"] == {"training": 30, "Student Absent": 30}
    # 2 x 30 a week over Sep 7-30 (17 school days, Labor Day off): 204 minutes
    assert school["promised_minutes"] == 204
    assert school["unaccounted_minutes"] == 0
    other = data["services"][1]
    assert other["id"] == "reading" and other["school_log"] is None


def test_a_log_that_agrees_makes_no_finding(make_journal):
    log = "---\ndate: 2026-10-02\n---\n| Date | Service | Minutes |\n|---|---|---|\n| 2026-09-14 | Speech | 30 |\n"
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP,
                         "school-logs/2026-10-02.md": log,
                         "notes/2026-09-14.md": _note("2026-09-14", "{status: held, minutes: 30}")})  # fmt: skip
    from iepjournal.analyze import report

    built = report.build(load(root), dt.date(2026, 10, 5))
    assert [f for f in built.findings if f.kind == "records-disagree"] == []
    assert built.school_log(built.ledgers[0]).provided == 30


def test_the_text_and_markdown_reports_show_the_schools_figures(make_journal):
    from click.testing import CliRunner

    from iepjournal.cli import main

    root = _compared_journal(make_journal)
    text = (
        CliRunner().invoke(main, ["report", str(root), "--as-of", "2026-10-05"]).output
    )
    flat = " ".join(text.split())
    assert ("The school's own log, speech, Sep 7 to Sep 30: 150 minutes provided, 60 not "
            "provided (training: 30; Student Absent: 30), 0 not accounted for, of 204 "
            "promised over those days.") in flat  # fmt: skip
    assert "the school's log and your notes disagree on 6 days" in flat
    markdown = (
        CliRunner()
        .invoke(
            main, ["report", str(root), "--as-of", "2026-10-05", "--format", "markdown"]
        )
        .output
    )
    assert (
        "**The school's own log, Speech-language therapy**, Sep 7 to Sep 30" in markdown
    )


def test_the_site_shows_both_sides(make_journal):
    from iepjournal.render import site

    root = _compared_journal(make_journal)
    made = site.render(load(root), dt.date(2026, 10, 5))
    timeline = made["index.html"].decode()
    assert ("<strong>The school's log disagrees:</strong> for Speech-language therapy "
            "that day it says held, 30 minutes.") in timeline  # fmt: skip
    assert 'data-type="school-log"' in timeline  # the log itself, with its table
    report = made["report.html"].decode()
    assert (
        "The school&#39;s own log (minutes)" in report
        or "The school's own log (minutes)" in report
    )
    assert "150 provided, 60 not provided (training: 30; Student Absent: 30)" in report


def test_a_records_correction_letter_quotes_each_day(make_journal):
    from click.testing import CliRunner

    from iepjournal.cli import main

    root = _compared_journal(make_journal)
    text = CliRunner().invoke(main, ["letter", "records-correction", "--journal", str(root),
                                     "--date", "2026-10-05", "--print"]).output  # fmt: skip
    assert "request: records" in text
    assert ("- Sep 16, 2026 (Speech-language therapy): your log says held, 30 minutes; "
            "my notes say missed by the school.") in text  # fmt: skip
    assert text.count("\n- Sep ") == 6
    assert "sessions missed for the school's reasons on Sep 16 and Sep 21" in text


def test_a_fidelity_report_layout_gives_minutes_not_provided_by_reason(
    make_journal, tmp_path
):
    root = make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP})
    report = tmp_path / "fidelity.csv"
    report.write_text(
        "Service Date,Service,Minutes Provided,Minutes Not Provided,Reason\n"
        "9/14/2026,Speech,30,0,\n"
        "9/16/2026,Speech,0,30,Provider absent\n"
        "46283,Speech,15,15,Assembly\n"  # an Excel serial date: 2026-09-18
    )
    code, output = _import(root, report)
    assert code == 0, output
    from iepjournal.analyze import report as gap_report

    # the log is dated the day it was imported (received): today
    built = gap_report.build(load(root), dt.date.today())
    figures = built.school_log(built.ledgers[0])
    assert figures is not None and figures.provided == 45
    assert figures.not_provided == {"Provider absent": 30}
    (log,) = [x for x in load(root).entries if x.type == "school-log"]
    assert log.system == "service fidelity report"
    assert [r.day.day for r in log.rows] == [14, 16, 18]


def test_a_bad_log_beside_good_mail_still_exits_1(make_journal, tmp_path):
    from email.message import EmailMessage

    root = make_journal({"iep/2026-05-20.md": IEP})
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "kim@x.example", "p@x.example", "Hi"
    mail["Date"], mail["Message-ID"] = "Mon, 14 Sep 2026 10:00:00 -0400", "<m@x>"
    mail.set_content("Speech went well.")
    (tmp_path / "m.eml").write_bytes(bytes(mail))
    (tmp_path / "log.pdf").write_bytes(b"%PDF-1.7")
    code, output = _import(root, tmp_path / "m.eml", tmp_path / "log.pdf")
    assert code == 1 and "log.pdf is a PDF" in output
    assert [x.type for x in load(root).entries].count("email") == 1


def test_a_log_sent_again_counts_each_day_once_the_later_one_taken(make_journal):
    """A second export overlapping the first doubled every figure and made
    a disagreement of every day a note gave minutes."""
    later = COMPARED_LOG.replace("date: 2026-10-02", "date: 2026-10-20").replace(
        "| 2026-09-21 | Speech | 30 | Served | |",
        "| 2026-09-21 | Speech | 0 | Provider Absent | |",
    )
    root = _compared_journal(make_journal)
    (root / "school-logs" / "2026-10-20.md").write_text(later)
    from iepjournal.analyze import report

    built = report.build(load(root), dt.date(2026, 10, 25))
    figures = built.school_log(built.ledgers[0])
    assert figures.provided == 120  # 150 in the first log, less Sep 21
    assert figures.entries == ("school-logs/2026-10-20",)
    (disagree,) = [f for f in built.findings if f.kind == "records-disagree"]
    # Sep 21 now agrees (both missed); no day is doubled
    assert [d.isoformat() for d in disagree.days] == [
        "2026-09-07",
        "2026-09-16",
        "2026-09-23",
        "2026-09-28",
        "2026-09-30",
    ]


def test_a_spanish_journal_imports_a_log_in_spanish_words(make_journal, tmp_path):
    """The entry's own words and import's problems are in the journal's
    language; the school's rows and headings stay as the school wrote them."""
    root = make_journal({"iepjournal.toml": 'language = "es"\n' + SETTINGS,
                         "iep/2026-05-20.md": IEP})  # fmt: skip
    sesis = tmp_path / "sesis.csv"
    sesis.write_text(SESIS)
    pdf = tmp_path / "registro.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    code, output = _import(root, sesis, pdf)
    assert code == 1  # the PDF is an error; the CSV is imported all the same
    assert "El registro escolar registro.pdf es un PDF" in output
    assert "Registros escolares importados: 1" in output
    (entry,) = (root / "school-logs").glob("*.md")
    text = entry.read_text()
    assert 'title: "Registro escolar: sesis.csv"' in text
    assert "El registro de servicios de la escuela, importado de `sesis.csv`" in text
    assert "| Date | Service |" in text  # the school's own headings
    assert [x.type for x in load(root).entries].count("school-log") == 1
