"""Every follow-through finding, firing and not firing at its threshold."""

from __future__ import annotations

import datetime as dt

import pytest
from test_services import SETTINGS

from iepjournal.analyze import report as gap_report
from iepjournal.model import values

D = dt.date
FAMILY = SETTINGS.replace(
    'student = "Maya"', 'student = "Maya"\nfamily = ["me@home.example"]'
)

GOAL_IEP = """\
---
type: iep
date: 2026-05-20
effective: 2026-08-24
ends: {ends}
last_evaluation: {evaluation}
services:
  - id: speech
    frequency: 2 x 30 min weekly
    setting: pull-out
goals:
  - id: fluency
    goal: Read at 90 wcpm.
    baseline: 40 wcpm
    target: 90 wcpm
    by: 2027-06-03
  - id: peers
    goal: Initiate with peers in 80% of opportunities.
    baseline: 30%
    target: 80%
    by: 2027-06-03
---
"""


def goal_iep(ends="2027-05-19", evaluation="2025-10-02") -> str:
    return GOAL_IEP.format(ends=ends, evaluation=evaluation)


def progress(
    day: str, fluency: str, peers: str = "Making progress.", code: str = ""
) -> tuple[str, str]:
    extra = f"\n    code: {code}" if code else ""
    text = f'---\ngoals:\n  fluency:\n    reported: "{fluency}"{extra}\n  peers: "{peers}"\n---\n'
    return f"progress/{day}.md", text


def found(journal_of, files: dict, as_of: dt.date, settings: str = SETTINGS):
    journal = journal_of(
        {"iepjournal.toml": settings, "iep/2026-05-20.md": goal_iep()} | files
    )
    return gap_report.build(journal, as_of).findings


def kinds(
    journal_of, files: dict, as_of: dt.date, settings: str = SETTINGS
) -> list[str]:
    return [x.kind for x in found(journal_of, files, as_of, settings)]


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("30%", 30, "%"),
        ("45 wcpm", 45, "wcpm"),
        ("62 words correct per minute", 62, "wcpm"),
        ("62 correct words per minute", 62, "wcpm"),
        ("90 words per minute", 90, "wpm"),
        ("3/5 trials", 60, "%"),
        ("4 of 5 trials", 80, "%"),
        ("8 out of 10 points", 80, "%"),
        ("10 per week", 10, "per week"),
        ("2 outbursts per day", 2, "per day"),
        ("12 sight words", 12, "sight words"),
    ],
)
def test_measured_values(text, number, unit):
    value = values.parse(text)
    assert value is not None
    assert (value.number, value.unit) == (pytest.approx(number), unit)


def test_values_found_in_words_match_units_strictly():
    value, others = values.in_unit("Reads 62 wpm with 93% accuracy.", "wcpm")
    assert value is None and [str(v) for v in others] == ["62 wpm", "93%"]
    value, _ = values.in_unit("Currently reads 62 wcpm with 93% accuracy.", "wcpm")
    assert value == values.Value(62, "wcpm")


def test_vague_measurable_and_another_unit(journal_of):
    as_of = D(2026, 11, 20)
    vague = found(
        journal_of,
        dict([progress("2026-11-06", "Making progress toward the goal.")]),
        as_of,
    )
    (finding,) = [x for x in vague if x.kind == "progress-report-vague"]
    assert (
        finding.message
        == "The progress report of Nov 6 gives no data for fluency and peers."
    )
    measured = kinds(
        journal_of,
        dict(
            [
                progress(
                    "2026-11-06", "Reads 52 wcpm.", "Initiates in 45% of opportunities."
                )
            ]
        ),
        as_of,
    )
    assert "progress-report-vague" not in measured
    other = found(
        journal_of, dict([progress("2026-11-06", "Reads 62 wpm.", "45%")]), as_of
    )
    (finding,) = [x for x in other if x.kind == "progress-report-vague"]
    assert "fluency (62 wpm, but the goal is measured in wcpm)" in finding.message
    bare_code = found(
        journal_of,
        dict([progress("2026-11-06", "SP", "45%")]),
        as_of,
        SETTINGS + '[progress_codes]\nSP = "sufficient"\n',
    )
    assert [x.kind for x in bare_code if x.kind == "progress-report-vague"] == [
        "progress-report-vague"
    ]


def test_copied_words(journal_of):
    files = dict(
        [
            progress("2026-11-06", "Reads 52 wcpm."),
            progress("2027-01-29", "Reads 60 wcpm."),
        ]
    )
    copied = [
        x
        for x in found(journal_of, files, D(2027, 2, 1))
        if x.kind == "progress-report-copied"
    ]
    assert [x.subject for x in copied] == ["peers"]  # "Making progress." twice
    assert copied[0].entries == ("progress/2026-11-06", "progress/2027-01-29")


def test_no_measurable_improvement_two_vague_reports(journal_of):
    files = dict(
        [
            progress("2026-11-06", "Reads 52 wcpm."),
            progress("2027-01-29", "Reads 60 wcpm."),
        ]
    )
    reasons = [
        x
        for x in found(journal_of, files, D(2027, 2, 1))
        if x.kind == "no-measurable-improvement"
    ]
    assert [x.subject for x in reasons] == ["peers"] and reasons[0].meeting_reason
    one_vague = dict(
        [
            progress("2026-11-06", "Reads 52 wcpm.", "40%"),
            progress("2027-01-29", "Reads 60 wcpm."),
        ]
    )
    assert "no-measurable-improvement" not in kinds(
        journal_of, one_vague, D(2027, 2, 1)
    )


def test_no_measurable_improvement_no_closer_than_two_reports_before(journal_of):
    stalled = dict([
        progress("2026-11-06", "Reads 52 wcpm.", "40%"),
        progress("2027-01-29", "Reads 58 wcpm.", "45%"),
        progress("2027-04-09", "Reads 52 wcpm.", "50%"),
    ])  # fmt: skip
    reasons = [
        x
        for x in found(journal_of, stalled, D(2027, 4, 20))
        if x.kind == "no-measurable-improvement"
    ]
    assert [x.subject for x in reasons] == ["fluency"]
    assert (
        "52 wcpm on the latest report is no closer to the target than 52 wcpm"
        in reasons[0].message
    )
    growing = dict(stalled | dict([progress("2027-04-09", "Reads 53 wcpm.", "50%")]))
    assert "no-measurable-improvement" not in kinds(journal_of, growing, D(2027, 4, 20))


def test_off_pace_at_ten_percent_of_the_distance(journal_of):
    # Aug 24 to Jun 3 is 283 days; on Jan 29 (158 days) the aim line is at
    # 40 + 50 * 158/283 = 67.9 wcpm; 10% of the distance is 5 wcpm.
    behind = dict([progress("2027-01-29", "Reads 62 wcpm.", "60%")])
    (finding,) = [
        x for x in found(journal_of, behind, D(2027, 2, 1)) if x.kind == "goal-off-pace"
    ]
    assert (
        finding.message
        == "The goal for fluency: 62 wcpm on Jan 29, where the aim line from 40 wcpm to 90 wcpm is at 67.9 wcpm."
    )
    close = dict([progress("2027-01-29", "Reads 63 wcpm.", "60%")])
    assert "goal-off-pace" not in kinds(journal_of, close, D(2027, 2, 1))
    loose = SETTINGS + "[rules]\noff_pace_percent = 20\n"
    assert "goal-off-pace" not in kinds(journal_of, behind, D(2027, 2, 1), loose)


def test_lower_is_better_goals_are_on_pace_going_down(journal_of):
    iep = goal_iep().replace(
        "baseline: 40 wcpm\n    target: 90 wcpm",
        "baseline: 10 per week\n    target: 2 per week",
    )
    journal = journal_of({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": iep, **dict([
        progress("2027-01-29", "Averaged 6 outbursts per week.", "60%")])})  # fmt: skip
    built = gap_report.build(journal, D(2027, 2, 1))
    reading = built.goals[0].readings[0]
    assert built.goals[0].direction == "down"
    assert reading.expected == pytest.approx(10 - 8 * 158 / 283)
    assert reading.on_pace is True


CODES = (
    SETTINGS
    + '[progress_codes]\nSP = "sufficient"\nIP = "insufficient"\nNI = "not introduced"\n'
)


def test_insufficient_and_not_introduced(journal_of):
    files = dict(
        [
            progress("2026-11-06", "Reads 52 wcpm.", "NI"),
            progress("2027-01-29", "Emerging.", "NI", code="IP"),
        ]
    )
    got = found(journal_of, files, D(2027, 2, 1), CODES)
    assert sorted(
        (x.kind, x.subject)
        for x in got
        if x.kind in ("progress-insufficient", "goal-not-introduced")
    ) == [
        ("goal-not-introduced", "peers"),
        ("progress-insufficient", "fluency"),
    ]
    first_only = dict([progress("2026-11-06", "Reads 52 wcpm.", "Not introduced yet.")])
    assert "goal-not-introduced" not in kinds(
        journal_of, first_only, D(2026, 11, 20), CODES
    )
    sufficient = dict([progress("2026-11-06", "Reads 52 wcpm.", "40%", code="SP")])
    assert "progress-insufficient" not in kinds(
        journal_of, sufficient, D(2026, 11, 20), CODES
    )


def test_a_goal_the_report_leaves_out(journal_of):
    files = {"progress/2026-11-06.md": "---\ngoals:\n  fluency: Reads 52 wcpm.\n---\n"}
    (finding,) = [
        x
        for x in found(journal_of, files, D(2026, 11, 20))
        if x.kind == "progress-goal-missing"
    ]
    assert finding.message == "The progress report of Nov 6 does not mention peers."


def test_overdue_two_weeks_after_the_report_card(journal_of):
    # report card Oct 30: due by Nov 13
    assert "progress-report-overdue" not in kinds(journal_of, {}, D(2026, 11, 13))
    assert "progress-report-overdue" in kinds(journal_of, {}, D(2026, 11, 14))
    arrived = dict([progress("2026-11-06", "Reads 52 wcpm.", "40%")])
    assert "progress-report-overdue" not in kinds(journal_of, arrived, D(2026, 11, 14))


def change(day: str, extra: str = "") -> tuple[str, str]:
    return (
        f"changes/{day}.md",
        f"---\nservice: speech\nwhat: Speech moved to push-in.\n{extra}---\n",
    )


def test_change_entries_need_a_notice_or_meeting(journal_of):
    as_of = D(2026, 10, 1)
    (finding,) = [
        x
        for x in found(journal_of, dict([change("2026-09-14")]), as_of)
        if x.kind == "change-without-notice"
    ]
    assert finding.meeting_reason and finding.entries == ("changes/2026-09-14",)
    covered = dict([change("2026-09-14", "notice: notices/2026-09-10\n")]) | {
        "notices/2026-09-10.md": "---\naction: proposes\nservices: [speech]\n---\n"
    }
    assert "change-without-notice" not in kinds(journal_of, covered, as_of)


def test_a_cut_in_a_newer_iep_needs_a_meeting_in_the_30_days_before(journal_of):
    cut = (
        goal_iep()
        .replace("2 x 30 min weekly", "1 x 30 min weekly")
        .replace("date: 2026-05-20", "date: 2026-10-15")
        .replace("effective: 2026-08-24", "effective: 2026-10-19")
    )
    files = {"iep/2026-10-15.md": cut}
    assert "change-without-notice" in kinds(journal_of, files, D(2026, 10, 30))
    met = files | {"meetings/2026-09-15.md": "---\nkind: amendment\n---\n"}
    assert "change-without-notice" not in kinds(journal_of, met, D(2026, 10, 30))
    too_early = files | {"meetings/2026-09-14.md": "---\nkind: amendment\n---\n"}
    assert "change-without-notice" in kinds(journal_of, too_early, D(2026, 10, 30))


def email(day: str, frm: str, subject: str, extra: str = "") -> str:
    return f'---\ndate: {day}\nfrom: {frm}\nto: Ms. Rivera <rivera@district.example>\nsubject: "{subject}"\n{extra}---\n'


ASK = {
    "emails/a.md": email(
        "2026-09-14", "Me <me@home.example>", "Speech log", "request: data\n"
    )
}


def test_awaiting_reply_after_five_school_days(journal_of):
    # Sep 14 (Mon) + 5 school days = Sep 21
    assert "awaiting-reply" not in kinds(journal_of, ASK, D(2026, 9, 21), FAMILY)
    (finding,) = [
        x
        for x in found(journal_of, ASK, D(2026, 9, 22), FAMILY)
        if x.kind == "awaiting-reply"
    ]
    assert "due by Sep 21" in finding.message and not finding.meeting_reason


def test_a_reply_by_link_or_by_thread_from_the_other_side(journal_of):
    linked = ASK | {
        "emails/b.md": email(
            "2026-09-20",
            "Ms. Rivera <rivera@district.example>",
            "hello",
            "in_reply_to: emails/a\n",
        )
    }
    assert "awaiting-reply" not in kinds(journal_of, linked, D(2026, 10, 1), FAMILY)
    threaded = ASK | {
        "emails/b.md": email(
            "2026-09-20", "Ms. Rivera <rivera@district.example>", "RE: Speech log"
        )
    }
    assert "awaiting-reply" not in kinds(journal_of, threaded, D(2026, 10, 1), FAMILY)
    own_follow_up = ASK | {
        "emails/b.md": email("2026-09-20", "Me <me@home.example>", "Re: Speech log")
    }
    assert "awaiting-reply" in kinds(journal_of, own_follow_up, D(2026, 10, 1), FAMILY)


def test_reply_by_and_drafts(journal_of):
    by_date = {
        "emails/a.md": email(
            "2026-09-14",
            "Me <me@home.example>",
            "Meeting",
            "reply_needed: true\nreply_by: 2026-09-30\n",
        )
    }
    assert "awaiting-reply" not in kinds(journal_of, by_date, D(2026, 9, 30), FAMILY)
    assert "awaiting-reply" in kinds(journal_of, by_date, D(2026, 10, 1), FAMILY)
    draft = {
        "letters/a.md": email(
            "2026-09-14",
            "Me <me@home.example>",
            "Meeting",
            "request: meeting\ndraft: true\n",
        )
    }
    assert "awaiting-reply" not in kinds(journal_of, draft, D(2026, 12, 1), FAMILY)


def test_records_request_after_45_days_or_the_next_iep_meeting(journal_of):
    request = {
        "letters/a.md": email(
            "2026-09-01", "Me <me@home.example>", "Records", "request: records\n"
        )
    }
    assert "records-request-overdue" not in kinds(
        journal_of, request, D(2026, 10, 16), FAMILY
    )
    assert "records-request-overdue" in kinds(
        journal_of, request, D(2026, 10, 17), FAMILY
    )
    meeting = request | {"meetings/2026-09-20.md": "---\nkind: iep\n---\n"}
    (finding,) = [
        x
        for x in found(journal_of, meeting, D(2026, 9, 21), FAMILY)
        if x.kind == "records-request-overdue"
    ]
    assert "(the next IEP meeting)" in finding.message


def test_annual_review_and_reevaluation(journal_of):
    def deadlines(ends: str, evaluation: str, as_of: dt.date) -> list[str]:
        journal = journal_of(
            {
                "iepjournal.toml": SETTINGS,
                "iep/2026-05-20.md": goal_iep(ends, evaluation),
            }
        )
        return [
            x.kind
            for x in gap_report.build(journal, as_of).findings
            if x.kind.endswith("-due")
        ]

    # 31 days before the end: not yet; 30 days before: within 30 days
    assert deadlines("2026-10-31", "2025-10-02", D(2026, 9, 30)) == []
    assert deadlines("2026-10-31", "2025-10-02", D(2026, 10, 1)) == [
        "annual-review-due"
    ]
    assert deadlines("2026-09-30", "2025-10-02", D(2026, 10, 2)) == [
        "annual-review-due"
    ]
    # reevaluation: Dec 1, 2023 + 3 years = Dec 1, 2026; warned 60 days ahead
    assert deadlines("2027-05-19", "2023-12-01", D(2026, 10, 1)) == []
    assert deadlines("2027-05-19", "2023-12-01", D(2026, 10, 2)) == ["reevaluation-due"]


def mood(day: str, how: str) -> tuple[str, str]:
    return f"notes/{day}.md", f"---\nmood: {how}\n---\n"


def test_harder_time(journal_of):
    calm = [mood(f"2026-09-{d:02d}", "good") for d in range(1, 29)]
    hard = [
        mood("2026-10-26", "hard"),
        mood("2026-10-27", "very-hard"),
        mood("2026-10-28", "hard"),
    ]
    as_of = D(2026, 10, 30)
    assert "harder-time" in kinds(journal_of, dict(calm + hard), as_of)
    assert "harder-time" not in kinds(journal_of, dict(calm + hard[:2]), as_of)
    hard_before = [mood(f"2026-09-{d:02d}", "hard") for d in range(1, 29)]
    assert "harder-time" not in kinds(journal_of, dict(hard_before + hard), as_of)


def test_new_outside_evaluation(journal_of):
    evaluation = {
        "evaluations/a.md": "---\ndate: 2026-09-20\nkind: outside\nevaluator: Dr. P\nshared_with_school: 2026-09-25\n---\n"
    }
    (finding,) = [
        x
        for x in found(journal_of, evaluation, D(2026, 10, 1))
        if x.kind == "new-outside-evaluation"
    ]
    assert finding.meeting_reason and "Dr. P" in finding.message
    met = evaluation | {"meetings/2026-09-30.md": "---\nkind: iep\n---\n"}
    assert "new-outside-evaluation" not in kinds(journal_of, met, D(2026, 10, 1))


def test_the_sample_shows_every_meeting_reason_it_should():
    from iepjournal import bundled
    from iepjournal.journal.loading import load

    built = gap_report.build(load(bundled.sample_journal()), D(2026, 4, 30))
    assert {x.kind for x in built.meeting_reasons} == {
        "services-missed-repeatedly", "no-measurable-improvement",
        "change-without-notice", "harder-time", "new-outside-evaluation",
        "records-disagree",  # the speech log hides two school-side misses
    }  # fmt: skip
    assert {x.kind for x in built.communication} >= {
        "awaiting-reply",
        "records-request-overdue",
        "annual-review-due",
    }


def test_progress_reports_field_can_list_the_due_dates(journal_of):
    iep = goal_iep().replace(
        "services:", "progress_reports: 2026-11-20, 2027-02-05\nservices:"
    )
    journal = journal_of({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": iep})
    overdue = [
        x
        for x in gap_report.build(journal, D(2026, 12, 5)).findings
        if x.kind == "progress-report-overdue"
    ]
    assert [x.message for x in overdue] == [
        "No progress report arrived within two weeks of Nov 20, when one was due (none by Dec 4)."
    ]
