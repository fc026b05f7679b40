"""The services ledger against hand-worked examples, and whole periods
giving exactly the IEP's amount."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iepjournal.analyze import report as gap_report
from iepjournal.analyze.proration import minutes_a_week, periods_in
from iepjournal.analyze.school_days import SchoolCalendar
from iepjournal.analyze.services import side_of
from iepjournal.model import entries as e
from iepjournal.model.frequency import parse
from iepjournal.model.settings import Rules, SchoolYear
from iepjournal.render import report as report_output

D = dt.date
SETTINGS = """\
student = "Maya"
[[school_year]]
start = 2026-08-24
end = 2027-06-04
days_off = [2026-09-07, "2026-11-25..2026-11-27", "2026-12-21..2027-01-01"]
report_cards = [2026-10-30, 2027-01-22, 2027-04-02, 2027-06-04]
cycle_days = 6
"""
YEAR = SchoolYear(
    "2026-27",
    D(2026, 8, 24),
    D(2027, 6, 4),
    frozenset(
        [D(2026, 9, 7), D(2026, 11, 25), D(2026, 11, 26), D(2026, 11, 27)]
        + [D(2026, 12, 21) + dt.timedelta(n) for n in range(12)]
    ),
    (D(2026, 10, 30), D(2027, 1, 22), D(2027, 4, 2), D(2027, 6, 4)),
    6,
)
CALENDAR = SchoolCalendar((YEAR,))


def iep(frequency: str, date="2026-05-20", effective="2026-06-01", extra="") -> str:
    return (
        f"---\ntype: iep\ndate: {date}\neffective: {effective}\n"
        f"services:\n  - id: speech\n    name: Speech\n    frequency: {frequency}\n"
        f"    setting: pull-out\n{extra}---\n"
    )


def periods(frequency: str, first: dt.date, last: dt.date, **rules) -> float | None:
    return periods_in(parse(frequency), CALENDAR, first, last, Rules(**rules))[0]


# Aug 24 - Sep 11, 2026: 3 weeks, 14 school days (Labor Day, Sep 7, is off).
FIRST, LAST = D(2026, 8, 24), D(2026, 9, 11)


def test_per_week_prorates_a_holiday_week_to_four_fifths():
    assert periods("2 x 30 min weekly", FIRST, LAST) == pytest.approx(14 / 5)
    assert periods("2 x 30 min weekly", D(2026, 9, 7), D(2026, 9, 11)) == 0.8


def test_per_week_full_rule_expects_the_whole_week():
    assert periods("2 x 30 min weekly", FIRST, LAST, short_weeks="full") == 3


def test_per_day_counts_school_days():
    assert periods("45 minutes daily", FIRST, LAST) == 14


def test_per_cycle_is_one_nth_per_school_day():
    assert periods("1 x 30 min per 6-day cycle", FIRST, LAST) == pytest.approx(14 / 6)
    # without the length in the text, the settings' cycle_days is used
    assert periods("1 x 30 min per cycle", FIRST, LAST) == pytest.approx(14 / 6)


def test_per_month_with_a_holiday_still_expects_the_whole_month():
    assert periods("60 minutes per month", D(2026, 9, 1), D(2026, 9, 30)) == 1


def test_per_month_cut_by_the_start_of_the_year():
    late_start = SchoolCalendar((SchoolYear("y", D(2026, 8, 31), D(2027, 6, 4)),))
    found, _ = periods_in(
        parse("60 minutes per month"),
        late_start,
        D(2026, 8, 1),
        D(2026, 8, 31),
        Rules(),
    )
    assert found == pytest.approx(1 / 21)  # August 2026 has 21 weekdays


def test_per_grading_period_and_per_year():
    first_period = (D(2026, 8, 24), D(2026, 10, 30))
    assert periods("4 x 30 min per grading period", *first_period) == 1
    half = periods("4 x 30 min per grading period", D(2026, 8, 24), D(2026, 9, 25))
    school_days = len(CALENDAR.school_days(*first_period))
    assert half == pytest.approx(
        len(CALENDAR.school_days(D(2026, 8, 24), D(2026, 9, 25))) / school_days
    )
    assert (
        periods("45 session @ 30 for 1350 min served yearly", YEAR.start, YEAR.end) == 1
    )


def test_grading_periods_need_report_cards():
    bare = SchoolCalendar((SchoolYear("y", D(2026, 8, 24), D(2027, 6, 4)),))
    found, why = periods_in(
        parse("4 x 30 min per grading period"), bare, FIRST, LAST, Rules()
    )
    assert found is None and "report card" in why


def test_no_school_year_counts_every_weekday():
    bare = SchoolCalendar(())
    found, _ = periods_in(
        parse("45 minutes daily"), bare, D(2026, 9, 7), D(2026, 9, 13), Rules()
    )
    assert found == 5


def test_a_closure_note_is_not_a_school_day(journal_of):
    journal = journal_of({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": iep("45 minutes daily"),
        "notes/2026-09-09.md": "---\nschool_closed: true\n---\nSnow!\n",
    })  # fmt: skip
    built = gap_report.build(journal, D(2026, 9, 11))
    assert built.ledgers[0].expected_sessions == 13


@pytest.mark.parametrize(
    ("side", "session"),
    [
        ("school", e.Session(service="s", status="missed", reason="provider absent")),
        ("school", e.Session(service="s", status="missed", reason="OT out sick")),
        ("school", e.Session(service="s", status="missed", reason="sub")),
        ("school", e.Session(service="s", status="missed", reason="state testing")),
        ("school", e.Session(service="s", status="missed", reason="field trip")),
        ("school", e.Session(service="s", status="missed", reason="SLP at a training")),
        ("student", e.Session(service="s", status="missed", reason="Maya was sick")),
        ("student", e.Session(service="s", status="missed", reason="absent")),
        ("student", e.Session(service="s", status="missed", reason="dentist")),
        ("student", e.Session(service="s", status="missed", reason="she refused")),
        (
            "student",
            e.Session(service="s", status="missed", reason="doctor appointment"),
        ),
        ("unknown", e.Session(service="s", status="missed", reason="")),
        ("unknown", e.Session(service="s", status="missed", reason="no idea why")),
        (
            "student",
            e.Session(service="s", status="missed", reason="sub", by="student"),
        ),
    ],
)
def test_whose_side_a_miss_was_on(side, session):
    assert side_of(session) == side


def test_logged_sessions_shortfall_and_unaccounted(journal_of):
    journal = journal_of({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": iep("2 x 30 min weekly"),
        "notes/2026-08-25.md": "---\nsessions:\n  speech: held\n---\n",
        "notes/2026-08-27.md": "---\nsessions:\n  speech: {status: partial, minutes: 20, reason: fire drill}\n---\n",
        "notes/2026-09-01.md": "---\nsessions:\n  speech: {status: missed, reason: provider absent}\n---\n",
        "notes/2026-09-03.md": "---\nsessions:\n  speech: {status: missed, reason: sick}\n---\n",
        "notes/2026-09-04.md": "---\nsessions:\n  speech: {status: made-up, minutes: 15}\n---\n",
        "notes/2026-09-08.md": "---\nsessions:\n  speech: unknown\n---\n",
        "notes/2026-09-10.md": "---\nsessions:\n  speech: {status: missed, reason: who knows}\n---\n",
        "notes/2026-09-15.md": "---\nsessions:\n  speech: {status: missed, reason: sub}\n---\n",
    })  # fmt: skip
    built = gap_report.build(journal, LAST)
    (ledger,) = built.ledgers
    data = report_output.as_json(built)["services"][0]
    assert data == data | {
        "from": "2026-08-24",
        "to": "2026-09-11",
        "expected_sessions": 5.6,
        "expected_minutes": 168.0,
        "held_sessions": 2,
        "held_minutes": 50.0,
        "missed_sessions": 3,
        "missed_minutes": 90.0,
        "missed_by": {"school": 1, "student": 1, "unknown": 1},
        "unknown_sessions": 1,
        "made_up_sessions": 1,
        "made_up_minutes": 15.0,
        # 30 missed by the school + 10 short (fire drill) - 15 made up
        "shortfall_minutes": 25.0,
        # 5.6 - 2 held - 3 missed - 1 unknown
        "unaccounted_sessions": 0.0,  # 5.6 expected, 6 logged: never below 0
    }
    assert ledger.missed_reasons == {"provider absent": 1, "sick": 1, "who knows": 1}


def test_an_amendment_splits_the_span(journal_of):
    journal = journal_of({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": iep("2 x 30 min weekly"),
        "iep/2026-08-31.md": iep("1 x 30 min weekly", "2026-08-31", "2026-08-31"),
    })  # fmt: skip
    rows = report_output.as_json(gap_report.build(journal, LAST))["services"]
    assert [(r["iep"], r["from"], r["to"], r["expected_minutes"]) for r in rows] == [
        ("iep/2026-05-20", "2026-08-24", "2026-08-30", 60.0),
        ("iep/2026-08-31", "2026-08-31", "2026-09-11", 54.0),  # 9 days x 30/5
    ]


def test_entries_after_the_as_of_day_are_left_out(journal_of):
    journal = journal_of({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": iep("2 x 30 min weekly"),
        "notes/2026-09-15.md": "---\nsessions:\n  speech: held\n---\n",
    })  # fmt: skip
    assert gap_report.build(journal, LAST).ledgers[0].held_sessions == 0


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["2 x 30 min weekly", "3x20/wk", "240 minutes per week"]),
    st.integers(min_value=0, max_value=35),
)
def test_a_whole_week_gives_the_weekly_amount(text, week):
    monday = D(2026, 8, 24) + dt.timedelta(weeks=week)
    friday = monday + dt.timedelta(days=4)
    if len(CALENDAR.school_days(monday, friday)) == 5:
        assert periods(text, monday, friday) == 1


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=8))
def test_a_whole_month_gives_the_monthly_amount(offset):
    first = D(2026, 9 + offset, 1) if offset < 4 else D(2027, offset - 3, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
        1
    )
    assert periods("60 minutes per month", first, last) == pytest.approx(1)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=150))
def test_a_whole_cycle_gives_the_cycle_amount(start):
    school_days = CALENDAR.school_days(YEAR.start, YEAR.end)
    cycle = school_days[start : start + 6]
    assert periods("1 x 30 min per 6-day cycle", cycle[0], cycle[-1]) == pytest.approx(
        1
    )


def test_every_grading_period_and_the_year_give_their_amount():
    for first, last in CALENDAR.grading_periods(YEAR):
        assert periods("4 x 30 min per grading period", first, last) == pytest.approx(1)
    total = sum(
        periods("4 x 30 min per grading period", a, b)
        for a, b in CALENDAR.grading_periods(YEAR)
    )
    assert total == pytest.approx(4)


def test_snapshots_compared_in_words_and_minutes_a_week(journal_of):
    from iepjournal.analyze.iep_changes import changes

    before = iep("60 minutes weekly", extra=(
        "  - id: ot\n    name: OT\n    frequency: 1 x 30 min per 6-day cycle\n"
        "    setting: pull-out\n"
        "  - id: reading\n    name: Reading\n    frequency: 45 minutes daily\n"
        "    setting: resource room\n"
    ))  # fmt: skip
    after = iep("30 minutes weekly", "2027-01-10", "2027-01-15", extra=(
        "  - id: reading\n    name: Reading\n    frequency: 45 minutes daily\n"
        "    setting: general education classroom\n"
        "  - id: counseling\n    name: Counseling\n    frequency: 2 x 30 min per month\n"
        "    setting: small group\n"
    ))  # fmt: skip
    journal = journal_of({"iep/2026-05-20.md": before, "iep/2027-01-10.md": after})
    found = changes(journal.ieps, SchoolCalendar(()), Rules())
    # No school year is set: every weekday of 2027 (261) is a school day, and
    # the monthly amount is owed in each of its twelve months.
    assert [(c.service, c.kind, c.before, c.after) for c in found] == [
        ("ot", "dropped", 25.0, 0.0),
        ("speech", "cut", 60.0, 30.0),
        ("reading", "setting", None, None),
        ("counseling", "added", 0.0, pytest.approx(60 * 12 / (261 / 5))),
    ]
    assert found[1].message == (
        "Speech: 60 minutes weekly became 30 minutes weekly (about 60 to 30 "
        "minutes a week, a cut)."
    )
    assert "general education classroom" in found[2].message


@pytest.mark.parametrize(
    "frequency",
    ["60 minutes per month", "2 x 30 min per month", "600 minutes per year",
     "4 x 30 min per grading period", "1 x 30 min per 6-day cycle",
     "45 minutes daily", "2 x 30 min weekly"],
)  # fmt: skip
def test_the_comparison_and_the_ledger_prorate_alike(frequency):
    """One proration: minutes a week, times the school year's weeks, is what
    the ledger expects over that school year."""
    found = parse(frequency)
    weekly = minutes_a_week(found, CALENDAR, Rules(), YEAR.start)
    factor, _ = periods_in(found, CALENDAR, YEAR.start, YEAR.end, Rules())
    weeks = len(CALENDAR.school_days(YEAR.start, YEAR.end)) / 5
    assert weekly is not None and factor is not None
    assert weekly * weeks == pytest.approx(found.minutes_per_period * factor)
