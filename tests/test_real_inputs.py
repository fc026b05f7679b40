"""A journal holding every real input of issue 14 at once: every sourced
phrasing as a service, notes typed on phones, copies, a UTF-16 note, a
misspelled service, a note from the future. It checks, reports and builds
without a traceback, and every figure is right or marked unsure."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner
from test_services import SETTINGS

from iepjournal.cli import main

sys.path.insert(0, str(Path(__file__).parent / "data"))
from frequency_phrasings import NOT_COUNTED, PHRASINGS


def _iep() -> str:
    services = "".join(
        f"  - id: s{n}\n    frequency: {json.dumps(text)}\n"
        for n, (text, _, _) in enumerate(PHRASINGS)
    )
    return ("---\ntype: iep\ndate: 2026-05-20\neffective: 2026-06-01\n"
            f"ends: 2027-05-19\nservices:\n{services}---\n")  # fmt: skip


def _journal(make_journal) -> Path:
    held = "---\ndate: {day}\nsessions:\n  s{n}: held\n---\n"
    files: dict[str, str | bytes] = {
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": _iep(),
        "notes/2026-09-14.md": held.format(day="2026-09-14", n=0),
        "notes/2026-09-14 copy.md": held.format(day="2026-09-14", n=0),
        "notes/2026-09-15.md": "\u2014-\nDate: 2026-09-15\nSessions:\n  S3: Missed\n\u2014-\n",
        "notes/2026-09-16.md": held.format(day="2026-09-16", n=3).encode("utf-16"),
        "notes/2026-09-17.txt": held.format(day="2026-09-17", n=5),
        "notes/2026-09-18.md": "---\ndate: 2026-09-18\nsessions:\n  s9999: missed\n---\n",
        "notes/2027-03-01.md": held.format(day="2027-03-01", n=6),
    }
    for n in range(len(PHRASINGS)):  # a held and a missed session of each
        files[f"notes/2026-10-{n % 28 + 1:02d}-s{n}.md"] = (
            f"---\ndate: 2026-10-{n % 28 + 1:02d}\nsessions:\n"
            f"  s{n}: {{status: held, minutes: 30}}\n---\n"
        )
    return make_journal(files)


def test_every_real_input_checks_reports_and_builds_without_a_traceback(
    make_journal, tmp_path
):
    root = _journal(make_journal)
    runner = CliRunner()
    runs = [
        ["check", str(root)],
        ["report", str(root), "--as-of", "2026-12-01"],
        ["report", str(root), "--as-of", "2026-12-01", "--format", "markdown"],
        ["report", str(root), "--as-of", "2026-12-01", "--format", "json"],
        ["build", str(root), "--as-of", "2026-12-01", "--out", str(tmp_path / "site")],
    ]
    outputs = {}
    for args in runs:
        result = runner.invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.output,
        )
        assert "Traceback" not in result.output, args
        outputs[" ".join(args[:1] + args[-2:])] = result
    assert (tmp_path / "site" / "report.html").is_file()
    check = runner.invoke(main, ["check", str(root)]).output
    for code in ("copied-file", "typed-fence", "unknown-service", "frequency-unsure"):
        assert f"[{code}]" in check, code
    report = json.loads(
        runner.invoke(
            main, ["report", str(root), "--as-of", "2026-12-01", "--format", "json"]
        ).output
    )
    rows = {row["id"]: row for row in report["services"]}
    for n, (text, expected, _) in enumerate(PHRASINGS):
        row = rows.get(f"s{n}")
        if expected == NOT_COUNTED:
            # promises no definite amount: nothing promised is counted
            assert row is None or row["expected_minutes"] is None, (text, row)
            continue
        assert row is not None, text
        if not expected[3]:  # type: ignore[index]
            # a reading that is not sure is never shown as a plain figure
            assert row["sure"] is False and row["unsure"], (text, row)
        else:
            # sure: only sessions counted at a length the notes did not give
            # may make the row unsure
            assert row["sure"] or all("session(s)" in x for x in row["unsure"]), (
                text,
                row,
            )
