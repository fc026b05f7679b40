"""Every kind of finding the report makes, in one table: the section of the
report it shows in, and so whether it is a reason to request an IEP
meeting. docs/report.md tells each one in full (a test checks it names
every kind here, and that the code makes no other)."""

from __future__ import annotations

from dataclasses import dataclass

# The report's sections, in the order it shows them.
MEETING = "meeting-reasons"  # reasons to request an IEP meeting now
CLOCKS = "replies-and-deadlines"  # clocks that run between meetings
OTHER = "other"


@dataclass(frozen=True, slots=True)
class FindingKind:
    kind: str
    section: str
    summary: str  # what it means, in a few words

    @property
    def meeting_reason(self) -> bool:
        return self.section == MEETING


KINDS: dict[str, FindingKind] = {
    k.kind: k
    for k in (
        FindingKind("services-missed-repeatedly", MEETING,
                    "repeated misses on the school's side of one service"),
        FindingKind("records-disagree", OTHER,
                    "the school's service log and the notes disagree on days "
                    "(a meeting reason when it hides school-side misses)"),
        FindingKind("no-measurable-improvement", MEETING,
                    "a goal no closer to its target over two reports"),
        FindingKind("change-without-notice", MEETING,
                    "a change, or a cut in a new IEP, with no notice or meeting"),
        FindingKind("new-outside-evaluation", MEETING,
                    "an outside evaluation shared, with no meeting since"),
        FindingKind("harder-time", MEETING,
                    "more hard days lately than before"),
        FindingKind("awaiting-reply", CLOCKS,
                    "a message the family sent, with no reply in time"),
        FindingKind("records-request-overdue", CLOCKS,
                    "a records request unanswered past its deadline"),
        FindingKind("annual-review-due", CLOCKS,
                    "the IEP in force ends soon, or has ended"),
        FindingKind("reevaluation-due", CLOCKS,
                    "the three-year reevaluation is near or passed"),
        FindingKind("progress-report-overdue", CLOCKS,
                    "a progress report later than the report card"),
        FindingKind("service-shortfall", OTHER,
                    "minutes not delivered for the school's reasons"),
        FindingKind("no-session-records", OTHER,
                    "no note mentions a service lately"),
        FindingKind("service-underspecified", OTHER,
                    "a service with no count, duration or setting"),
        FindingKind("frequency-unreadable", OTHER,
                    "a frequency that cannot be read with confidence"),
        FindingKind("progress-report-vague", OTHER,
                    "a progress report with words and no data"),
        FindingKind("progress-report-copied", OTHER,
                    "a progress report with the same words as before"),
        FindingKind("progress-goal-missing", OTHER,
                    "a progress report that leaves a goal out"),
        FindingKind("goal-off-pace", OTHER,
                    "a goal behind its aim line"),
        FindingKind("progress-insufficient", OTHER,
                    "a goal reported as insufficient progress"),
        FindingKind("goal-not-introduced", OTHER,
                    "a goal reported as not introduced"),
    )
}  # fmt: skip
