"""The gap report's services part: findings at their thresholds, and the
report as text, Markdown and JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from conftest import IEP
from test_services import SETTINGS, iep

from iepjournal import bundled
from iepjournal.analyze import report as gap_report
from iepjournal.cli import main
from iepjournal.journal.loading import load
from iepjournal.render import report as report_output

D = dt.date


def missed(day: str, reason: str = "provider absent") -> tuple[str, str]:
    return (
        f"notes/{day}.md",
        f"---\nsessions:\n  speech: {{status: missed, reason: {reason}}}\n---\n",
    )


def kinds(journal, as_of) -> list[str]:
    return [x.kind for x in gap_report.build(journal, as_of).findings]


def test_missed_repeatedly_fires_within_28_days_and_not_beyond(journal_of):
    base = {"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": iep("2 x 30 min weekly")}
    near = journal_of(base | dict([missed("2026-09-01"), missed("2026-09-28")]))
    assert "services-missed-repeatedly" in kinds(near, D(2026, 10, 2))
    far = journal_of(base | dict([missed("2026-09-01"), missed("2026-09-30")]))
    assert "services-missed-repeatedly" not in kinds(far, D(2026, 10, 2))
    student = journal_of(
        base | dict([missed("2026-09-01", "sick"), missed("2026-09-03", "sick")])
    )
    assert "services-missed-repeatedly" not in kinds(student, D(2026, 10, 2))


def test_missed_repeatedly_says_the_dates(journal_of):
    journal = journal_of({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": iep("2 x 30 min weekly"),
        **dict([missed("2026-09-08"), missed("2026-09-15"), missed("2026-10-13", "sub")]),
    })  # fmt: skip
    (finding,) = [
        x
        for x in gap_report.build(journal, D(2026, 10, 30)).findings
        if x.kind == "services-missed-repeatedly"
    ]
    assert finding.message == (
        "Speech was missed by the school 3 times between Sep 8 and Oct 13: "
        "Sep 8, Sep 15, and Oct 13."
    )
    assert finding.entries == (
        "notes/2026-09-08",
        "notes/2026-09-15",
        "notes/2026-10-13",
    )
    assert finding.meeting_reason


def test_the_threshold_lives_in_the_rules(journal_of):
    journal = journal_of({
        "iepjournal.toml": SETTINGS + "[rules]\nmissed_repeatedly_count = 3\n",
        "iep/2026-05-20.md": iep("2 x 30 min weekly"),
        **dict([missed("2026-09-08"), missed("2026-09-15")]),
    })  # fmt: skip
    assert "services-missed-repeatedly" not in kinds(journal, D(2026, 9, 30))


def test_no_session_records_at_its_threshold(journal_of):
    base = {"iepjournal.toml": SETTINGS}
    weekly = journal_of(base | {"iep/2026-05-20.md": iep("1 x 30 min weekly")})
    # Sep 14 - Oct 11: 20 school days, 4 sessions expected, no note at all
    assert "no-session-records" in kinds(weekly, D(2026, 10, 11))
    # Sep 1 - Sep 28: 19 school days (Labor Day off): 3.8 expected
    assert "no-session-records" not in kinds(weekly, D(2026, 9, 28))
    noted = journal_of(
        base
        | {"iep/2026-05-20.md": iep("1 x 30 min weekly")}
        | {"notes/2026-10-01.md": "---\nsessions:\n  speech: held\n---\n"}
    )
    assert "no-session-records" not in kinds(noted, D(2026, 10, 11))


def test_underspecified_and_unreadable_frequencies(journal_of):
    journal = journal_of({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": iep("90 minutes weekly").replace("    setting: pull-out\n", ""),
    })  # fmt: skip
    built = gap_report.build(journal, D(2026, 9, 30))
    (finding,) = [x for x in built.findings if x.kind == "service-underspecified"]
    # an amount over a period is how IEPs state instruction: only the
    # missing setting is said
    assert "setting" in finding.message and "how many sessions" not in finding.message
    # Aug 24 - Sep 30: 27 school days (Labor Day off)
    assert built.ledgers[0].expected_minutes == pytest.approx(90 * 27 / 5)
    assert built.ledgers[0].expected_sessions is None
    unclear = journal_of(
        {"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": iep("as needed")}
    )
    built = gap_report.build(unclear, D(2026, 9, 30))
    assert [x.kind for x in built.findings] == ["frequency-unreadable"]
    assert built.ledgers[0].expected_minutes is None

    def said(frequency: str) -> list[str]:
        made = journal_of({"iepjournal.toml": SETTINGS,
                           "iep/2026-05-20.md": iep(frequency)})  # fmt: skip
        return [x.message for x in gap_report.build(made, D(2026, 9, 30)).findings
                if x.kind == "service-underspecified"]  # fmt: skip

    assert said("300 minutes per week") == []
    assert "how long each session is" in said("daily")[0]
    assert (
        "an exact amount (it gives a range)"
        in said("2-3 times per week for 30 minutes")[0]
    )


def test_shortfall_is_a_starting_point_never_owed(journal_of):
    journal = journal_of({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": iep("2 x 30 min weekly"),
        **dict([missed("2026-09-08")]),
    })  # fmt: skip
    (finding,) = [
        x
        for x in gap_report.build(journal, D(2026, 9, 30)).findings
        if x.kind == "service-shortfall"
    ]
    assert "30 minutes not delivered for the school's reasons" in finding.message
    assert "owed" not in finding.message.replace("not a figure owed", "")


def test_sample_report_as_json_follows_schema_1():
    built = gap_report.build(load(bundled.sample_journal()), D(2026, 4, 24))
    data = report_output.as_json(built)
    assert (data["schema"], data["as_of"], data["student"]) == (1, "2026-04-24", "Maya")
    assert data["problems"] == {"errors": 0, "warnings": 0}
    first = data["services"][0]
    assert set(first) >= {
        "id", "name", "frequency", "iep", "from", "to", "expected_sessions",
        "expected_minutes", "held_sessions", "held_minutes", "missed_sessions",
        "missed_minutes", "missed_by", "unknown_sessions", "made_up_sessions",
        "made_up_minutes", "shortfall_minutes", "unaccounted_sessions",
    }  # fmt: skip
    assert {f["kind"] for f in data["findings"]} >= {
        "services-missed-repeatedly", "service-shortfall",
    }  # fmt: skip
    assert all(
        set(f)
        == {
            "kind",
            "meeting_reason",
            "section",
            "message",
            "entries",
            "date",
            "subject",
            "advice",
            "days",
        }
        for f in data["findings"]
    )
    json.dumps(data)


def test_sample_report_text_fits_80_columns_and_markdown_renders():
    runner = CliRunner()
    root = str(bundled.sample_journal())
    text = runner.invoke(main, ["report", root, "--as-of", "2026-04-24"])
    assert text.exit_code == 0
    assert max(len(line) for line in text.output.splitlines()) <= 80
    assert "REASONS TO REQUEST AN IEP MEETING" in text.output
    assert "Speech-language therapy was missed by the school" in text.output
    markdown = runner.invoke(
        main, ["report", root, "--as-of", "4/24/2026", "--format", "markdown"]
    )
    assert markdown.output.startswith("# Gap report for Maya")
    assert "| Service | From |" in markdown.output


def test_report_runs_on_a_broken_journal_and_says_what_it_skipped(make_journal):
    root = make_journal({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": iep("2 x 30 min weekly"),
        "notes/2026-09-08.md": "---\ntitle: Re: x\n---\n",
        "notes/2026-09-09.md": "---\nsessions:\n  speech: held\n---\n",
    })  # fmt: skip
    result = CliRunner().invoke(main, ["report", str(root), "--as-of", "2026-09-30"])
    assert result.exit_code == 0
    assert "1 file could not be read" in result.output
    data = json.loads(
        CliRunner()
        .invoke(
            main, ["report", str(root), "--as-of", "2026-09-30", "--format", "json"]
        )
        .output
    )
    assert data["problems"]["errors"] == 1
    assert data["services"][0]["held_sessions"] == 1


def test_report_says_when_no_school_year_is_set(make_journal):
    root = make_journal({"iep/2026-05-20.md": iep("2 x 30 min weekly")})
    result = CliRunner().invoke(main, ["report", str(root), "--as-of", "2026-09-30"])
    assert "every weekday counts" in result.output


def test_report_from_and_bad_dates(make_journal):
    root = make_journal(
        {"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": iep("45 minutes daily")}
    )
    data = json.loads(CliRunner().invoke(
        main, ["report", str(root), "--as-of", "2026-09-11", "--from", "2026-09-08", "--format", "json"]
    ).output)  # fmt: skip
    assert data["services"][0]["expected_sessions"] == 4
    result = CliRunner().invoke(main, ["report", str(root), "--as-of", "11/9/26"])
    assert result.exit_code == 2 and "two-digit year" in result.output


def test_settings_without_quotes_are_read_and_said(make_journal):
    root = make_journal({
        "iepjournal.toml": 'student = Leo\nschool = Lincoln Elementary # ours\n'
        "[[school_year]]\nstart = 2026-08-24\nend = 2027-06-10\n",
        "iep/2026-05-20.md": IEP,
    })  # fmt: skip
    loaded = load(root)
    assert sorted((p.line, p.code) for p in loaded.problems) == [
        (1, "settings-unquoted"),
        (2, "settings-unquoted"),
    ]
    assert (loaded.settings.student, loaded.settings.school) == (
        "Leo",
        "Lincoln Elementary",
    )
    assert loaded.settings.school_years


def test_settings_that_cannot_be_read_are_said_at_the_top_of_the_report(make_journal):
    root = make_journal(
        {"iepjournal.toml": 'student = "Leo\n', "iep/2026-05-20.md": IEP}
    )
    result = CliRunner().invoke(main, ["report", str(root), "--as-of", "2026-10-01"])
    assert "settings file (iepjournal.toml) could not be read" in result.output
    assert "school calendar in it are NOT used" in result.output
    data = CliRunner().invoke(main, ["report", str(root), "--format", "json"]).output
    assert json.loads(data)["settings_read"] is False


def test_meeting_reasons_come_weightiest_first(journal_of):
    notes = dict(missed(day) for day in ("2026-09-08", "2026-09-09"))
    reading = "---\ndate: {d}\nsessions:\n  reading: {{status: missed, reason: provider absent}}\n---\n"
    for day in ("2026-09-21", "2026-09-22", "2026-09-23", "2026-09-24", "2026-09-25"):
        notes[f"notes/{day}-r.md"] = reading.format(d=day)
    journal = journal_of({"iepjournal.toml": SETTINGS,
                          "iep/2026-05-20.md": iep("2 x 30 min weekly", extra=(
                              "  - id: reading\n    name: Reading\n"
                              "    frequency: 45 minutes daily\n"
                              "    setting: resource room\n")), **notes})  # fmt: skip
    reasons = gap_report.build(journal, D(2026, 9, 30)).meeting_reasons
    assert [len(x.entries) for x in reasons] == [5, 2]
