"""Frequencies as real IEPs write them: read as a parent would, or flagged."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from iepjournal.cli import main
from iepjournal.model.frequency import describe, parse

# text -> (sessions, sessions_max, minutes, per, cycle_days, minutes_per_period)
READ = {
    # the samples
    "30 minutes two times per week": (2, None, 30, "week", None, 60),
    "3 sessions weekly for 20 minutes each": (3, None, 20, "week", None, 60),
    "Twice weekly for 30 minutes each session": (2, None, 30, "week", None, 60),
    "1Xweek, 30 min": (1, None, 30, "week", None, 30),
    "1X20 consult a week": (1, None, 20, "week", None, 20),
    "45 session @ 30 for 1350 min served yearly": (45, None, 30, "year", None, 1350),
    "60 minutes per month": (None, None, None, "month", None, 60),
    "two 30 minute sessions per week (5 cycle days)": (2, None, 30, "week", None, 60),
    "1 x 30 min per 6-day cycle": (1, None, 30, "cycle", 6, 30),
    "2-3 times per week for 30 minutes": (2, 3, 30, "week", None, 60),
    # the format's own examples
    "30 min 2x weekly": (2, None, 30, "week", None, 60),
    "60 min/month": (None, None, None, "month", None, 60),
    "3x20/wk": (3, None, 20, "week", None, 60),
    "240 minutes per week": (None, None, None, "week", None, 240),
    "2 x 30 min weekly": (2, None, 30, "week", None, 60),
    "45 minutes daily": (1, None, 45, "day", None, 45),
    "1 x 30 min / 6-day cycle": (1, None, 30, "cycle", 6, 30),
    # collected from public IEP examples and state guidance
    "20 minutes one time per month observation": (1, None, 20, "month", None, 20),
    "15 minutes once monthly": (1, None, 15, "month", None, 15),
    "One session 30 minutes per week": (1, None, 30, "week", None, 30),
    "3 times/year 15": (3, None, 15, "year", None, 45),
    "1/week 15": (1, None, 15, "week", None, 15),
    "90 minutes weekly": (None, None, None, "week", None, 90),
    "1 hour per week, pull-out, small group": (None, None, None, "week", None, 60),
    "1.5 hours weekly push-in": (None, None, None, "week", None, 90),
    "half an hour twice a week": (2, None, 30, "week", None, 60),
    "2x/week 30 min individual": (2, None, 30, "week", None, 60),
    "4 x 30 min per grading period": (4, None, 30, "grading_period", None, 120),
    "3 times per quarter, 20 minutes": (3, None, 20, "grading_period", None, 60),
    "30 minutes, 3 times a week": (3, None, 30, "week", None, 90),
    "5 x 45 min per week": (5, None, 45, "week", None, 225),
    "1 session per week for 30 minutes": (1, None, 30, "week", None, 30),
    "20 min 1x/month consult": (1, None, 20, "month", None, 20),
    "2 times per month for 30 minutes": (2, None, 30, "month", None, 60),
    "Every day for 45 minutes": (1, None, 45, "day", None, 45),
    "60 minutes 1 time per week": (1, None, 60, "week", None, 60),
    "once every 2 weeks, 30 min": (0.5, None, 30, "week", None, 15),
    "every other week for 30 minutes": (0.5, None, 30, "week", None, 15),
    "six 30 minute sessions per year": (6, None, 30, "year", None, 180),
    "1 x 30 min per cycle": (1, None, 30, "cycle", None, 30),
    "2 times weekly, 45 min each, resource room": (2, None, 45, "week", None, 90),
}


@pytest.mark.parametrize(("text", "expected"), READ.items(), ids=list(READ))
def test_phrasings_read_as_a_parent_would(text, expected):
    found = parse(text)
    got = (
        found.sessions,
        found.sessions_max,
        found.minutes,
        found.per,
        found.cycle_days,
        found.minutes_per_period,
    )
    assert got == expected
    assert found.usable and not found.ambiguous, found.notes


@pytest.mark.parametrize(
    "text",
    [
        "2x bi-weekly 30 min",
        "Twice weekly for 30 minutes each session for 3 out of 4 weeks",
        "up to 45 minutes per week",
        "30 minutes weekly as needed",
        "30 min per week when available",
        "approximately 60 minutes per month",
        "30 minutes two times per week (to drop to once weekly after 90% fluency)",
        "30 minutes per week except during testing",
        "bi-monthly, 30 minutes",
    ],
)
def test_what_cannot_be_read_with_confidence_is_flagged(text):
    found = parse(text)
    assert found.ambiguous and not found.usable
    assert found.notes


@pytest.mark.parametrize(
    "text", ["2x30 1:1", "as needed", "see notes", "speech therapy", "bi-weekly"]
)
def test_what_has_no_period_or_amount_is_unreadable(text):
    found = parse(text)
    assert not found.readable and found.notes


def test_groups_delivery_and_settings():
    individual = parse("2x30 1:1 per week")
    assert (individual.group, individual.sessions, individual.minutes) == (
        "individual",
        2,
        30,
    )
    pair = parse("2x60 2:1 weekly")
    assert (pair.group, pair.group_size, pair.minutes_per_period) == ("group", 2, 120)
    consult = parse("1X20 consult a week")
    assert consult.delivery == "consult"
    direct = parse("1 x 30 min weekly direct, resource room")
    assert (direct.delivery, direct.setting) == ("direct", "resource room")
    assert parse("30 min 2x weekly, pull-out, small group").setting == "pull-out"
    assert parse("45 minutes daily in a separate classroom").setting == (
        "separate classroom"
    )
    assert parse("3 x 20 min per week, general education classroom").setting == (
        "general education"
    )
    assert parse("2 x 30 min weekly push in").setting == "push-in"


def test_sessions_only_and_minutes_only_are_readable_but_incomplete():
    sessions_only = parse("2-3 times per week")
    assert sessions_only.readable and sessions_only.minutes_per_period is None
    minutes_only = parse("240 minutes per week")
    assert minutes_only.readable and minutes_only.sessions is None


def test_inconsistent_totals_are_noted():
    found = parse("45 session @ 30 for 1000 min served yearly")
    assert any("1,000" in doubt for doubt in found.doubts) and not found.sure


def test_leftover_words_are_named():
    found = parse("30 minutes weekly with the SLP in the library")
    assert any("library" in note for note in found.notes)


def test_frequency_command_text_and_json():
    runner = CliRunner()
    result = runner.invoke(main, ["frequency", "2 x 30 min weekly, pull-out"])
    assert result.exit_code == 0
    assert "2 sessions of 30 minutes a week" in result.output
    result = runner.invoke(main, ["frequency", "3x20/wk 2:1", "--json"])
    data = json.loads(result.output)
    assert set(data) == {
        "text", "sessions", "sessions_max", "minutes", "per", "cycle_days",
        "minutes_per_period", "delivery", "group", "setting", "ambiguous", "notes",
        "doubts", "minutes_max", "also", "sure",
    }  # fmt: skip
    assert (data["sessions"], data["minutes"], data["per"], data["group"]) == (
        3,
        20,
        "week",
        "group",
    )


def test_frequency_command_unreadable_exits_1_and_says_what_it_expected():
    runner = CliRunner()
    result = runner.invoke(main, ["frequency", "as needed"])
    assert result.exit_code == 1
    assert "per day, week, month" in result.output
    result = runner.invoke(main, ["frequency", "bi-weekly 30 min", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["ambiguous"] is True


def test_ambiguous_but_readable_exits_1_with_a_warning():
    runner = CliRunner()
    result = runner.invoke(main, ["frequency", "up to 30 minutes per week"])
    assert result.exit_code == 1
    assert "not sure" in result.output.lower()


def test_an_unsure_reading_exits_1_and_says_what_was_left():
    result = CliRunner().invoke(main, ["frequency", "30 x 3/month"])
    assert result.exit_code == 1
    assert "3 sessions of 30 minutes a month" in result.output
    assert "not sure: read “30 x 3” as 3 sessions of 30 minutes" in result.output


def _phrasings():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent / "data"))
    from frequency_phrasings import NOT_COUNTED, PHRASINGS

    return NOT_COUNTED, PHRASINGS


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    _phrasings()[1],
    ids=[p[0][:40] for p in _phrasings()[1]],
)
def test_real_phrasings_are_read_right_or_said_to_be_unsure(text, expected, source):
    """No silent misread: a reading is the expected one, or it is not sure."""
    assert source
    found = parse(text)
    if expected == _phrasings()[0]:
        assert not found.usable, (found.notes, found.doubts)
        return
    sessions, per, minutes, sure = expected
    got = (found.sessions, found.per, found.minutes_per_period)
    assert got == (sessions, per, minutes), (found.notes, found.doubts)
    assert found.sure is sure, (found.notes, found.doubts)


def test_the_phrasing_table_is_sourced():
    phrasings = _phrasings()[1]
    assert len({text for text, _, _ in phrasings}) == len(phrasings)
    assert all(source for _, _, source in phrasings)


def test_a_consult_part_that_is_not_clear_does_not_stop_the_direct_part():
    found = parse("OT 30 min 1x weekly, consult as needed monthly")
    assert (found.sessions, found.per, found.minutes_per_period) == (1, "week", 30)
    assert found.usable and found.sure, (found.notes, found.doubts)
    assert any("consult" in x for x in found.also)


def test_a_grid_row_pasted_with_its_columns_counts_its_first_period_unsure():
    found = parse(
        "Speech and Language / 20 minutes one time per month observation / "
        "General Education / IEP Term"
    )
    assert (found.sessions, found.per, found.minutes_per_period) == (1, "month", 20)
    assert not found.sure
    assert any("two periods" in d for d in found.doubts)


def test_a_grids_dates_are_not_amounts():
    found = parse("20 minutes weekly Beginning 12/2/11 Ending 3/1/12")
    assert (found.sessions, found.per, found.minutes_per_period) == (None, "week", 20)
    assert found.sure, found.doubts


def test_two_lengths_in_one_line_are_never_a_silent_single_figure():
    found = parse("30 minutes in reading and 30 minutes in math each day")
    assert not found.sure
    assert any("two lengths" in d for d in found.doubts)


def test_every_n_weeks_is_a_share_of_a_session_a_week_said_as_written():
    found = parse("once every 6 weeks for 30 minutes")
    assert found.per == "week" and found.sure
    assert found.sessions == pytest.approx(1 / 6)
    assert found.minutes_per_period == pytest.approx(5)
    assert describe(found).startswith("1 session every 6 weeks of 30 minutes")
    cycle = parse("1 x 30 min per 6 day cycle")
    assert (cycle.per, cycle.cycle_days, cycle.sessions) == ("cycle", 6, 1)


def test_each_area_could_multiply_the_amount():
    found = parse("30 minutes per day in each area")
    assert not found.sure
    assert any("each area" in d for d in found.doubts)


@pytest.mark.parametrize(
    ("text", "sessions", "minutes", "total"),
    [
        # the minutes are the week's, shared by the days named
        (
            "120 minutes per week in the general education classroom 5 days a week",
            5,
            24,
            120,
        ),
        ("60 minutes weekly, Mondays and Thursdays", 2, 30, 60),
        # the minutes are a session's, each day
        ("30 minutes 5 days per week", 5, 30, 150),
        ("45 min daily, M-F", 5, 45, 225),
    ],
)
def test_minutes_a_week_over_named_days_are_shared_not_multiplied(
    text, sessions, minutes, total
):
    """A week's minutes over its days were read as that many minutes each
    day: 120 a week over 5 days counted 600, and was called sure."""
    found = parse(text)
    assert (found.sessions, found.minutes, found.minutes_per_period) == (
        sessions,
        minutes,
        total,
    ), (found.notes, found.doubts)
    assert found.sure
