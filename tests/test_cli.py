"""The command line, through Click's runner and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import IEP

from iepjournal.capture.new_entries import waiting_editor
from iepjournal.cli import main
from iepjournal.journal import load
from iepjournal.model import entries as e
from iepjournal.model.entries import TYPES


def run(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    runner = CliRunner()
    old = Path.cwd()
    if cwd:
        os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.output


BROKEN = {
    "iep/2026-05-20.md": IEP,
    "notes/2026-09-14.md": "---\nsessions:\n  speech: helt\n---\n",
    "notes/2026-09-15.md": "---\nmood: ok\nweather: rain\n---\n",
}


def test_check_clean(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP})
    code, output = run("check", str(root))
    assert (code, output) == (0, "No problems found in 1 file.\n")


def test_check_reports_editor_lines_sorted_with_hints(make_journal):
    root = make_journal(BROKEN)
    code, output = run("check", "journal", cwd=root.parent)
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == (
        "journal/notes/2026-09-14.md:3:3: error: `helt` is not a session status "
        "this journal knows. [unknown-status]"
    )
    assert lines[1] == "    hint: Did you mean `held`?"
    assert lines[2].startswith("journal/notes/2026-09-15.md:3:1: warning:")
    assert lines[-1] == "1 error and 1 warning in 3 files."


def test_check_inside_the_journal_shows_paths_from_there(make_journal):
    root = make_journal(BROKEN | {"iepjournal.toml": ""})
    code, output = run("check", cwd=root / "notes")
    assert code == 1
    assert output.startswith("../notes/2026-09-14.md:3:3: error:")
    code, output = run("check", str(root), cwd=root.parent.parent)
    assert output.startswith(f"{root.relative_to(root.parent.parent)}/notes/")


def test_warnings_only_exit_0_unless_strict(make_journal):
    root = make_journal({"notes/2026-09-15.md": "---\nmood: ok\nweather: rain\n---\n"})
    assert run("check", str(root))[0] == 0
    assert run("check", str(root), "--strict")[0] == 1


def test_check_json(make_journal):
    root = make_journal(BROKEN)
    code, output = run("check", "journal", "--format", "json", cwd=root.parent)
    assert code == 1
    data = json.loads(output)
    assert data[0] == {
        "path": "journal/notes/2026-09-14.md",
        "line": 3,
        "column": 3,
        "severity": "error",
        "code": "unknown-status",
        "message": "`helt` is not a session status this journal knows.",
        "hint": "Did you mean `held`?",
    }
    assert [x["severity"] for x in data] == ["error", "warning"]


def test_check_cannot_run(tmp_path):
    code, output = run("check", str(tmp_path / "nowhere"))
    assert code == 2 and "no folder" in output
    code, output = run("check", cwd=tmp_path)
    assert code == 2 and "iepjournal init" in output


def test_check_verbose_names_the_yaml_reader(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP})
    code, output = run("check", str(root), "-v")
    assert code == 0 and "libyaml" in output


def test_init_starts_a_journal_that_guides_the_parent(tmp_path):
    code, output = run("init", str(tmp_path / "maya"), "--student", "Maya")
    assert code == 0 and "Try this tonight" in output
    root = tmp_path / "maya"
    assert 'student = "Maya"' in (root / "iepjournal.toml").read_text()
    code, output = run("check", str(root))
    assert code == 0  # a journal a minute old: a warning says what to fill in
    assert "iep/my-iep.md:1:1: warning: This IEP is not filled in yet" in output
    assert "first page" in output
    # services but no date: that is an error
    iep = root / "iep" / "my-iep.md"
    iep.write_text(iep.read_text().replace("#  - id: speech", "  - id: speech"))
    code, output = run("check", str(root))
    assert code == 1 and "error: This IEP has no date" in output


def test_init_never_overwrites(tmp_path):
    root = tmp_path / "maya"
    root.mkdir()
    (root / "README.md").write_text("ours")
    assert run("init", str(root))[0] == 0
    assert (root / "README.md").read_text() == "ours"
    code, output = run("init", str(root))
    assert code == 2 and "already a journal" in output


def test_filled_in_iep_template_checks_clean(tmp_path):
    root = tmp_path / "maya"
    run("init", str(root))
    iep = root / "iep" / "my-iep.md"
    text = iep.read_text()
    for line in (
        "# date: 2026-05-20",
        "# effective: 2026-06-01",
        "#  - id: speech",
        "#    frequency:",
        "#    name:",
        "#    setting:",
        "#    provider:",
    ):
        text = text.replace(line, line.replace("# ", "", 1).replace("#", " ", 1), 1)
    iep.write_text(text)
    code, output = run("check", str(root))
    assert code == 0, output


def test_new_note_lists_the_services_and_checks_clean(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP, "iepjournal.toml": ""})
    code, output = run("new", "note", "--date", "2026-09-14", "--no-edit", cwd=root)
    assert code == 0 and output.startswith("Wrote notes/2026-09-14.md\n")
    # where the file is and how to open it (issue 15)
    assert (
        f"open {(root / 'notes/2026-09-14.md').resolve()} in any text editor" in output
    )
    text = (root / "notes/2026-09-14.md").read_text()
    assert "#  speech: held" in text and "Speech-language therapy" in text
    assert run("check", str(root))[0] == 0
    code, output = run("new", "note", "--date", "9/14/2026", "--no-edit", cwd=root)
    assert output.startswith("Wrote notes/2026-09-14-2.md\n")
    assert (root / "notes/2026-09-14.md").read_text() == text


def test_new_every_type_checks_clean(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP, "iepjournal.toml": ""})
    for kind in TYPES:
        code, output = run(
            "new",
            kind,
            "--date",
            "2026-09-14",
            "--title",
            f"A {kind}: x",
            "--no-edit",
            cwd=root,
        )
        assert code == 0, output
    assert (root / "emails/2026-09-14-a-email-x.md").exists()
    code, output = run("check", str(root))
    assert code == 0, output


def test_new_rejects_a_bad_date(make_journal):
    root = make_journal({"iepjournal.toml": ""})
    code, output = run("new", "note", "--date", "14/9/2026", cwd=root)
    assert code == 2 and "2026-09-14" in output


def fake_editor(tmp_path: Path, action: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(
        textwrap.dedent(f"""
        import os, sys
        if {action == "write"!r}:
            with open(sys.argv[-1], "a") as f:
                f.write("Speech was great.\\n")
        if {action == "save-unchanged"!r}:
            stat = os.stat(sys.argv[-1])
            os.utime(sys.argv[-1], ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        if {action == "fail"!r}:
            sys.exit(3)
    """)
    )
    return f"{sys.executable} {script}"


def test_new_opens_the_editor_and_keeps_what_was_written(
    make_journal, tmp_path, monkeypatch
):
    root = make_journal({"iepjournal.toml": ""})
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "write"))
    code, output = run("new", "note", "--date", "2026-09-14", "--edit", cwd=root)
    assert code == 0 and "Saved" in output
    assert (root / "notes/2026-09-14.md").read_text().endswith("Speech was great.\n")


def test_an_unchanged_template_is_not_kept(make_journal, tmp_path, monkeypatch):
    root = make_journal({"iepjournal.toml": ""})
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "nothing"))
    code, output = run("new", "note", "--date", "2026-09-14", "--edit", cwd=root)
    assert code == 0 and "Nothing was written" in output
    assert not (root / "notes/2026-09-14.md").exists()


@pytest.mark.parametrize("action", ["save-unchanged", "fail"])
def test_an_entry_not_written_in_the_editor_is_not_kept(
    make_journal, tmp_path, monkeypatch, action
):
    root = make_journal({"iepjournal.toml": ""})
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, action))
    code, output = run("new", "note", "--date", "2026-09-14", "--edit", cwd=root)
    assert code == 0 and "Nothing was written" in output
    assert ("stopped with an error" in output) == (action == "fail")
    assert not (root / "notes").exists() or not list((root / "notes").iterdir())


def test_gui_editors_are_told_to_wait():
    assert waiting_editor("code") == "code --wait"
    assert waiting_editor("subl -w") == "subl -w"
    assert waiting_editor("/usr/bin/gvim") == "/usr/bin/gvim --nofork"
    assert waiting_editor("nano") == "nano"
    assert waiting_editor("'/Applications/My Editor/bin/ed'") == (
        "'/Applications/My Editor/bin/ed'"
    )


def test_log_writes_one_note_per_call_and_never_overwrites(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP, "iepjournal.toml": ""})
    args = (
        "log",
        "speech",
        "missed",
        "--reason",
        "provider absent: sub",
        "--by",
        "school",
        "--date",
        "2026-09-14",
        "--mood",
        "hard",
    )
    assert run(*args, cwd=root) == (0, "Wrote notes/2026-09-14-speech.md\n")
    assert run(*args, cwd=root) == (0, "Wrote notes/2026-09-14-speech-2.md\n")
    code, _ = run(
        "log", "reading", "partial", "--minutes", "20", "--date", "2026-09-14", cwd=root
    )
    assert code == 0
    code, output = run("check", str(root))
    # the same record twice on one day is said, and counted once
    assert code == 0 and output.count("[repeated-session]") == 1
    from iepjournal.journal.loading import load

    sessions = [
        (s.service, s.status, s.reason, s.by, s.minutes)
        for n in load(root).entries[1:]
        for s in n.sessions
    ]
    assert sessions == [  # notes of one day sort by path
        ("reading", "partial", "", "", 20.0),
        ("speech", "missed", "provider absent: sub", "school", None),
        ("speech", "missed", "provider absent: sub", "school", None),
    ]


def test_log_refuses_what_it_cannot_record(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP, "iepjournal.toml": ""})
    code, output = run("log", "speach", "held", "--date", "2026-09-14", cwd=root)
    assert code == 2 and "`speech`" in output
    code, output = run("log", "speech", "helt", cwd=root)
    assert code == 2 and "`held`" in output
    code, output = run("log", "speech", "partial", cwd=root)
    assert code == 2 and "--minutes" in output
    assert not (root / "notes").exists()


def test_demo_checks_the_bundled_journal():
    code, output = run("demo")
    assert code == 0
    assert "No problems found" in output and "speech" in output


def test_python_dash_m_runs_as_a_process():
    result = subprocess.run(
        [sys.executable, "-m", "iepjournal", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "iepjournal" in result.stdout


def test_no_traceback_on_a_broken_journal_as_a_process(make_journal):
    root = make_journal(BROKEN | {"notes/x.md": b"\xff\xfe\x00garbage"})
    result = subprocess.run(
        [sys.executable, "-m", "iepjournal", "check", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_a_process_ends_with_its_site_and_output_whole(
    make_journal, tmp_path, monkeypatch
):
    """Run as a program, `build` writes the site a build in process makes,
    and `report` prints its whole JSON."""
    import datetime as dt

    from iepjournal.journal.loading import load
    from iepjournal.render import site

    root = make_journal(BROKEN)
    out = tmp_path / "site"
    monkeypatch.setenv("IEPJOURNAL_CACHE_DIR", str(tmp_path / "cache"))
    env = dict(os.environ)

    def program(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "iepjournal", *args],
                              capture_output=True, text=True, check=False,
                              env=env)  # fmt: skip

    built = program("build", str(root), "--out", str(out), "--as-of", "2026-09-30")
    assert built.returncode == 0 and "Built the site: open" in built.stdout
    made = site.render(load(root, use_cache=False), dt.date(2026, 9, 30))
    assert {path: (out / path).read_bytes() for path in made} == made
    report = program("report", str(root), "--format", "json", "--as-of", "2026-09-30")
    assert json.loads(report.stdout)["as_of"] == "2026-09-30"


def test_a_service_name_cannot_write_a_line_into_a_new_note(make_journal):
    """A name with a line break (in a quoted YAML string, as a synced IEP
    file may hold) stays inside its comment: no session nobody entered."""
    iep = IEP.replace(
        "name: Speech-language therapy",
        'name: "Speech\\n  speech: held\\u2028  reading: held"',
    )
    root = make_journal({"iepjournal.toml": "", "iep/2026-05-20.md": iep})
    code, _ = run("new", "note", "--date", "2026-09-14", "--no-edit", cwd=root)
    assert code == 0
    written = root / "notes" / "2026-09-14.md"
    comment = [x for x in written.read_text().splitlines() if "Speech" in x]
    assert len(comment) == 1 and comment[0].startswith("#")
    (note,) = load(root, use_cache=False).of_type(e.Note)
    assert note.sessions == ()


def test_check_never_loads_jinja2(make_journal):
    """`check` is what a family runs most; the templates' library is 50 ms
    of start-up it never needs."""
    root = make_journal({"iep/2026-05-20.md": IEP})
    probe = (
        "import sys\nfrom iepjournal.cli import main\n"
        f"try:\n    main(['check', {str(root)!r}])\nexcept SystemExit:\n    pass\n"
        "print('jinja2' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.stdout.strip().endswith("False"), done.stdout + done.stderr


def test_log_takes_the_status_first_too(make_journal):
    root = make_journal({"iep/2026-05-20.md": IEP, "iepjournal.toml": ""})
    code, output = run("log", "missed", "speech", "--date", "2026-09-14", cwd=root)
    assert code == 0, output
    (note,) = (root / "notes").iterdir()
    assert "  speech: missed" in note.read_text()


def test_check_warns_about_a_note_dated_after_today(make_journal, monkeypatch):
    import datetime as dt

    from iepjournal.cli import commands

    root = make_journal({"iep/2026-05-20.md": IEP, "notes/2027-03-02.md":
                         "---\ndate: 2027-03-02\nsessions:\n  speech: held\n---\n"})  # fmt: skip
    monkeypatch.setattr(commands, "_today", lambda: dt.date(2026, 12, 2))
    code, output = run("check", str(root))
    assert code == 0 and "[dated-in-future]" in output and "2027-03-02" in output
    monkeypatch.setattr(commands, "_today", lambda: dt.date(2027, 3, 2))
    assert "[dated-in-future]" not in run("check", str(root))[1]


def test_init_writes_the_parents_name_to_sign_letters_with(tmp_path):
    root = tmp_path / "j"
    code, _ = run("init", str(root), "--student", "Leo", "--parent", "Ana L\u00f3pez")
    assert code == 0
    settings = (root / "iepjournal.toml").read_text()
    assert 'student = "Leo"' in settings and 'parent = "Ana L\u00f3pez"' in settings
    assert run("check", str(root))[0] == 0
