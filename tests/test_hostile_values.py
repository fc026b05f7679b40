"""Values a family mistypes, or a placeholder they copy, never end a
command in a traceback: they are said, with the file and line (issue 13)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import IEP, found

from iepjournal.cli import main
from iepjournal.journal import load
from iepjournal.model import entries as e


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception
    )
    return result.exit_code, result.output


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-05", "12/31/9999"])
@pytest.mark.parametrize("command", ["report", "build", "calendar"])
def test_an_as_of_day_out_of_range_is_said(make_journal, tmp_path, day, command):
    root = make_journal({"iep/2026-05-20.md": IEP})
    args = {"report": ["report", str(root)], "build": ["build", str(root)],
            "calendar": ["calendar", "--journal", str(root), "--out",
                         str(tmp_path / "d.ics")]}[command]  # fmt: skip
    code, output = run(*args, "--as-of", day)
    assert code == 2 and "outside the years iepjournal counts" in output
    assert "hint:" in output


def test_far_off_dates_in_entries_are_said_and_counted_on(make_journal, tmp_path):
    """`last_evaluation: 9999-12-31` (a "no end" placeholder) passed check
    and then ended report, build and calendar in a traceback."""
    iep = IEP.replace("effective: 2026-06-01\n",
                      "effective: 0001-01-01\nlast_evaluation: 9999-12-31\n")  # fmt: skip
    root = make_journal({
        "iep/2026-05-20.md": iep,
        "notes/2026-09-14.md": "---\nsessions:\n  speech: held\n---\n",
        "notes/2026-09-15.md": "---\ndate: 2062-09-15\n---\nA typo in the year.\n",
        "iepjournal.toml": '[[school_year]]\nname = "x"\nstart = 2026-08-24\n'
                           "end = 9999-06-05\n",
    })  # fmt: skip
    codes = {(p.path, p.code, p.severity) for p in load(root, use_cache=False).problems}
    assert ("iep/2026-05-20.md", "date-out-of-range", "error") in codes
    assert ("notes/2026-09-15.md", "date-far-away", "warning") in codes
    assert ("iepjournal.toml", "date-out-of-range", "error") in codes
    for args in (["report", str(root), "--as-of", "2026-10-01"],
                 ["report", str(root), "--as-of", "2026-10-01", "--format", "json"],
                 ["build", str(root), "--as-of", "2026-10-01"],
                 ["calendar", "--journal", str(root), "--as-of", "2026-10-01",
                  "--out", str(tmp_path / "d.ics")]):  # fmt: skip
        code, output = run(*args)
        assert code == 0, (args, output)


def test_dates_far_from_the_others_are_warned_about(journal_of):
    journal = journal_of({
        "iep/2026-05-20.md": IEP.replace("ends: 2027-05-19", "ends: 2072-05-19"),
        "notes/2026-09-14.md": "---\nmood: ok\n---\n",
        "notes/2026-09-16.md": "---\ndate: 2026-09-16\nmood: ok\n---\n",
    })  # fmt: skip
    assert found(journal) == [("iep/2026-05-20.md", 5, "date-far-away")]


def test_impossible_minutes_are_refused_and_implausible_ones_warned(make_journal):
    def note(minutes: str) -> str:
        return (f"---\nsessions:\n  speech: {{status: partial, minutes: {minutes}}}\n"
                "---\n")  # fmt: skip

    root = make_journal({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": note("9" * 400),
        "notes/2026-09-15.md": note("300000"),
        "notes/2026-09-16.md": note("600"),
        "notes/2026-09-17.md": note("20"),
    })  # fmt: skip
    assert [(p.path, p.code, p.severity) for p in load(root).problems] == [
        ("notes/2026-09-14.md", "bad-minutes", "error"),
        ("notes/2026-09-15.md", "bad-minutes", "error"),
        ("notes/2026-09-16.md", "minutes-implausible", "warning"),
    ]
    code, output = run("report", str(root), "--as-of", "2026-09-30", "--format", "json")
    assert code == 0 and "Infinity" not in output and "NaN" not in output


def test_a_file_name_cannot_forge_lines_of_check_or_bytes_of_the_calendar(
    make_journal, tmp_path
):
    name = "notes/2026-09-14.md\n:1:1: error: forged [x].md"
    root = make_journal({
        "iep/2026-05-20.md": IEP.replace("ends: 2027-05-19", "ends: 2026-10-05"),
        name: "---\nsessions:\n  speech: helt\n---\n",
        "emails/2026-09-20-ask.md": "---\nfrom: parent@home.example\n"
        "subject: \"Bell \\a and NUL \\0 here\"\nrequest: records\n---\nPlease.\n",
    })  # fmt: skip
    code, output = run("check", str(root))
    lines = output.splitlines()
    assert code == 1 and not [x for x in lines if x.startswith(":1:1")]
    assert any("\\x0a:1:1: error: forged" in x for x in lines)
    out = tmp_path / "d.ics"
    assert run("calendar", "--journal", str(root), "--as-of", "2026-09-30",
               "--out", str(out))[0] == 0  # fmt: skip
    data = out.read_bytes()
    assert b"Bell" in data and b"\x00" not in data and b"\x07" not in data


def test_ten_logs_at_once_each_get_a_file(make_journal):
    """About half of ten simultaneous `log` commands ended in
    FileExistsError and their notes were never written."""
    import subprocess
    import sys

    root = make_journal({"iepjournal.toml": "", "iep/2026-05-20.md": IEP})
    command = [sys.executable, "-m", "iepjournal", "log", "speech", "held",
               "--date", "2026-09-14", "--journal", str(root)]  # fmt: skip
    running = [subprocess.Popen(command, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE) for _ in range(10)]  # fmt: skip
    for process in running:
        _, errors = process.communicate(timeout=60)
        assert process.returncode == 0, errors.decode()
    notes = sorted((root / "notes").iterdir())
    assert len(notes) == 10
    assert len(load(root, use_cache=False).of_type(e.Note)) == 10


def test_the_report_does_not_say_no_file_was_skipped_beside_errors(make_journal):
    root = make_journal({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": "---\nsessions:\n  speech: helt\n---\n",
    })  # fmt: skip
    for form in ("text", "markdown"):
        code, output = run("report", str(root), "--as-of", "2026-09-30",
                           "--format", form)  # fmt: skip
        assert code == 0 and "0 file(s)" not in output
        assert "has 1 error:" in output


def test_the_note_above_the_report_is_set_apart_by_a_blank_line(make_journal):
    root = make_journal({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": "not front matter\n",  # in a type folder: read
        "notes/scan.md": "not front matter either\n",  # no date: left out
    })  # fmt: skip
    code, output = run("report", str(root), "--as-of", "2026-09-30")
    assert code == 0 and "1 file could not be read" in output
    assert "to see them.\n\nREASONS" in output


def _writes(root, tmp_path) -> dict[str, list[str]]:
    return {
        "new": ["new", "note", "--journal", str(root), "--date", "2026-09-14"],
        "log": ["log", "--journal", str(root), "--date", "2026-09-14", "speech",
                "missed"],
        "letter": ["letter", "data-request", "--journal", str(root)],
        "calendar": ["calendar", "--journal", str(root), "--out",
                     str(root / "deadlines.ics")],
        "build": ["build", str(root)],
        "init": ["init", str(tmp_path / "another"), "--student", "Sam"],
    }  # fmt: skip


@pytest.mark.parametrize(
    "command", ["new", "log", "letter", "calendar", "build", "init"]
)
def test_a_read_only_journal_is_said_plainly(make_journal, tmp_path, monkeypatch,
                                             command):  # fmt: skip
    import errno
    import os
    import tempfile

    root = make_journal({"iep/2026-05-20.md": IEP})
    before = sorted(p for p in tmp_path.rglob("*"))

    def refused(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(root / "notes"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    monkeypatch.setattr(os, "mkdir", refused)
    monkeypatch.setenv("EDITOR", "true")
    code, output = run(*_writes(root, tmp_path)[command])
    assert code == 2, output
    assert "Read-only file system" in output and "hint:" in output
    assert "Traceback" not in output
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_a_real_read_only_journal_is_said_plainly(make_journal, tmp_path):
    """The same, on a folder mounted read-only (where this machine allows)."""
    import subprocess

    root = make_journal({"iep/2026-05-20.md": IEP})
    mounted = tmp_path / "mounted"
    mounted.mkdir()
    bind = subprocess.run(["mount", "--bind", str(root), str(mounted)],
                          capture_output=True, check=False)  # fmt: skip
    if bind.returncode != 0:
        pytest.skip("this machine cannot mount a folder read-only")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], check=True)
        for command, args in _writes(mounted, tmp_path).items():
            if command == "init":
                continue
            code, output = run(*args)
            assert code == 2 and "Read-only file system" in output, (command, output)
    finally:
        subprocess.run(["umount", str(mounted)], check=False)


def test_calendar_never_waits_on_a_named_pipe(make_journal, tmp_path):
    import os
    import subprocess
    import sys

    root = make_journal({"iep/2026-05-20.md": IEP})
    pipe = tmp_path / "pipe.ics"
    os.mkfifo(pipe)
    done = subprocess.run(
        [sys.executable, "-m", "iepjournal", "calendar", "--journal", str(root),
         "--out", str(pipe)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 2 and "is not a file" in done.stderr


@pytest.mark.parametrize("where", ["missing/deadlines.ics", "."])
def test_calendar_into_a_missing_folder_or_onto_a_folder_says_so(
    make_journal, tmp_path, where
):
    from click.testing import CliRunner

    from iepjournal.cli import main

    root = make_journal({"iep/2026-05-20.md": IEP})
    out = tmp_path / where
    result = CliRunner().invoke(
        main, ["calendar", "--journal", str(root), "--out", str(out)]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    said = "does not exist" if where != "." else "is not a file"
    assert said in result.output and "nothing was written" in result.output
    assert not (tmp_path / "missing").exists()
