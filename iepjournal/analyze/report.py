"""The gap report's data, computed from the journal as of one day
(render/report.py shows it as text, Markdown or JSON)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from iepjournal.analyze import (
    finding_kinds,
    followup,
    iep_changes,
    progress,
    school_logs,
)
from iepjournal.analyze import findings as f
from iepjournal.analyze import school_days as school_calendar
from iepjournal.analyze.iep_changes import ServiceChange
from iepjournal.analyze.services import Ledger, ledgers
from iepjournal.model import entries as e
from iepjournal.model.journal import Journal
from iepjournal.model.problems import count
from iepjournal.model.settings import Rules


@dataclass
class Report:
    as_of: dt.date
    since: dt.date | None
    student: str
    school: str
    errors: int
    warnings: int
    skipped: int  # files that could not be read as entries
    copies: int  # copies of other files (sync tools, file managers), not read
    no_school_year: bool
    calendar: school_calendar.SchoolCalendar
    # iepjournal.toml could not be read: its name, school and calendar are
    # not used, and the report must not present defaults as the family's.
    settings_unread: bool = False
    ledgers: list[Ledger] = field(default_factory=list)
    changes: list[ServiceChange] = field(default_factory=list)
    goals: list[progress.GoalProgress] = field(default_factory=list)
    findings: list[f.Finding] = field(default_factory=list)
    # The school's own log's figures, by the ledger row they are for
    log_figures: dict[tuple[str, str, dt.date], school_logs.SchoolFigures] = field(
        default_factory=dict
    )

    # Per service, the days the school's log and the notes disagree on
    disagreements: dict[str, list[school_logs.Disagreement]] = field(
        default_factory=dict
    )

    def school_log(self, ledger: Ledger) -> school_logs.SchoolFigures | None:
        """What the school's log adds up to for this row, if a log covers it."""
        return self.log_figures.get(_row_key(ledger))

    @property
    def meeting_reasons(self) -> list[f.Finding]:
        return [x for x in self.findings if x.meeting_reason]

    @property
    def communication(self) -> list[f.Finding]:
        return [x for x in self.findings if x.section == finding_kinds.CLOCKS]

    @property
    def other_findings(self) -> list[f.Finding]:
        return [x for x in self.findings if x.section == finding_kinds.OTHER]


# Problems that mark a file left out on purpose: a copy of another file.
COPY_CODES = frozenset({"copied-file", "sync-conflict-copy"})


def build(journal: Journal, as_of: dt.date, since: dt.date | None = None) -> Report:
    """The report as of a day; entries dated after it are left out."""
    notes = [x for x in journal.entries if isinstance(x, e.Note) and x.date <= as_of]
    ieps = [iep for iep in journal.ieps if iep.in_force_from <= as_of]
    settings = journal.settings
    calendar = school_calendar.for_journal(settings.school_years, notes, as_of)
    found = ledgers(ieps, notes, calendar, settings.rules, as_of, since)
    errors, warnings = count(journal.problems)
    copies = sum(1 for p in journal.problems if p.code in COPY_CODES)
    reports = [
        x for x in journal.entries if isinstance(x, e.Progress) and x.date <= as_of
    ]
    report = Report(
        as_of=as_of,
        since=since,
        student=settings.student,
        school=settings.school,
        errors=errors,
        warnings=warnings,
        skipped=journal.files - len(journal.entries) - copies,
        copies=copies,
        no_school_year=not settings.school_years,
        calendar=calendar,
        settings_unread=any(p.code == "settings-syntax" for p in journal.problems),
        ledgers=found,
        changes=iep_changes.changes(ieps, calendar, settings.rules),
        goals=progress.goals(ieps, reports, settings, as_of),
    )
    recent = followup.Journalish(
        [x for x in journal.entries if x.date <= as_of], settings, calendar, as_of
    )
    placed = school_logs.placed_rows(journal, as_of)
    report.log_figures = {
        _row_key(ledger): figures
        for ledger in found
        if (figures := school_logs.figures(ledger, placed, calendar, settings.rules))
    }
    disagree = school_logs.disagreements(journal, placed, calendar, as_of)
    report.disagreements = disagree
    report.findings = _ordered(
        _service_findings(found, calendar, settings.rules, as_of)
        + progress.findings(report.goals, reports, ieps, settings, as_of)
        + followup.findings(recent, ieps, report.changes)
        + school_logs.findings(journal, disagree, settings.rules, as_of),
        as_of,
    )
    return report


def _row_key(ledger: Ledger) -> tuple[str, str, dt.date]:
    return (ledger.service.id, ledger.iep.id, ledger.start)


def _ordered(found: list[f.Finding], as_of: dt.date) -> list[f.Finding]:
    """Meeting reasons first, the weightiest first: by kind in the order of
    the registry (services not delivered, then goals, changes without
    notice, a harder time, an outside evaluation), then by how many entries
    show it (five school misses before two), then by date; the same finding
    once. The other findings by date."""
    unique = {(x.kind, x.message): x for x in found}
    rank = {kind: index for index, kind in enumerate(finding_kinds.KINDS)}
    return sorted(
        unique.values(),
        key=lambda x: (
            not x.meeting_reason,
            rank[x.kind] if x.meeting_reason else 0,
            -len(x.entries) if x.meeting_reason else 0,
            x.day or as_of,
        ),
    )


def _service_findings(
    found: list[Ledger],
    calendar: school_calendar.SchoolCalendar,
    rules: Rules,
    as_of: dt.date,
) -> list[f.Finding]:
    results: list[f.Finding] = []
    by_service: dict[str, list[Ledger]] = defaultdict(list)
    for ledger in found:
        by_service[ledger.service.id].append(ledger)
        results.extend(f.underspecified(ledger))
        results.extend(f.shortfall(ledger))
    for service_ledgers in by_service.values():
        merged = _merged_misses(service_ledgers)
        results.extend(f.missed_repeatedly(merged, rules))
        results.extend(f.no_records(service_ledgers, calendar, rules, as_of))
    return results


def _merged_misses(service_ledgers: list[Ledger]) -> Ledger:
    """One service's ledgers across IEP snapshots, as one, for runs of
    misses that cross an amendment."""
    last = service_ledgers[-1]
    merged = Ledger(last.service, last.iep, last.frequency, service_ledgers[0].start,
                    last.end)  # fmt: skip
    merged.logged = [x for ledger in service_ledgers for x in ledger.logged]
    return merged
