"""The gap report: computed from the journal as of one day, then rendered
as text, Markdown (through the templates) or JSON (schema 1)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from iepjournal import calendar as school_calendar
from iepjournal import entries as e
from iepjournal import findings as f
from iepjournal import followup, progress, snapshots
from iepjournal.journal import Journal
from iepjournal.problems import count
from iepjournal.services import Ledger, ledgers
from iepjournal.settings import Rules
from iepjournal.snapshots import ServiceChange


@dataclass
class Report:
    as_of: dt.date
    since: dt.date | None
    student: str
    school: str
    errors: int
    warnings: int
    skipped: int  # files that could not be read as entries
    no_school_year: bool
    calendar: school_calendar.SchoolCalendar
    ledgers: list[Ledger] = field(default_factory=list)
    changes: list[ServiceChange] = field(default_factory=list)
    goals: list[progress.GoalProgress] = field(default_factory=list)
    findings: list[f.Finding] = field(default_factory=list)

    @property
    def meeting_reasons(self) -> list[f.Finding]:
        return [x for x in self.findings if x.meeting_reason]

    @property
    def communication(self) -> list[f.Finding]:
        return [x for x in self.findings if x.kind in CLOCKS]

    @property
    def other_findings(self) -> list[f.Finding]:
        return [
            x for x in self.findings if not x.meeting_reason and x.kind not in CLOCKS
        ]


# Findings about clocks that run between meetings: shown in their own section.
CLOCKS = ("awaiting-reply", "records-request-overdue", "annual-review-due",
          "reevaluation-due", "progress-report-overdue")  # fmt: skip


def build(journal: Journal, as_of: dt.date, since: dt.date | None = None) -> Report:
    """The report as of a day; entries dated after it are left out."""
    notes = [x for x in journal.entries if isinstance(x, e.Note) and x.date <= as_of]
    ieps = [iep for iep in journal.ieps if iep.in_force_from <= as_of]
    settings = journal.settings
    calendar = school_calendar.for_journal(settings.school_years, notes, as_of)
    found = ledgers(ieps, notes, calendar, settings.rules, as_of, since)
    errors, warnings = count(journal.problems)
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
        skipped=journal.files - len(journal.entries),
        no_school_year=not settings.school_years,
        calendar=calendar,
        ledgers=found,
        changes=snapshots.changes(ieps),
        goals=progress.goals(ieps, reports, settings, as_of),
    )
    recent = followup.Journalish(
        [x for x in journal.entries if x.date <= as_of], settings, calendar, as_of
    )
    report.findings = _ordered(
        _service_findings(found, calendar, settings.rules, as_of)
        + progress.findings(report.goals, reports, ieps, settings, as_of)
        + followup.findings(recent, ieps, report.changes),
        as_of,
    )
    return report


def _ordered(found: list[f.Finding], as_of: dt.date) -> list[f.Finding]:
    """Meeting reasons first, then by date; the same finding once."""
    unique = {(x.kind, x.message): x for x in found}
    return sorted(unique.values(), key=lambda x: (not x.meeting_reason, x.day or as_of))


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


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def as_json(report: Report) -> dict[str, object]:
    """Schema 1, as REPORT.md gives it."""
    return {
        "schema": 1,
        "as_of": report.as_of.isoformat(),
        "student": report.student,
        "problems": {"errors": report.errors, "warnings": report.warnings},
        "services": [_ledger_json(ledger) for ledger in report.ledgers],
        "goals": [_goal_json(goal) for goal in report.goals],
        "iep_changes": [change.as_json() for change in report.changes],
        "findings": [finding.as_json() for finding in report.findings],
    }


def _goal_json(goal: progress.GoalProgress) -> dict[str, object]:
    return {
        "id": goal.goal.id,
        "baseline": goal.baseline.number if goal.baseline else None,
        "target": goal.target.number if goal.target else None,
        "unit": goal.unit,
        "reports": [
            {
                "entry": r.entry,
                "date": r.day.isoformat(),
                "measurable": r.measurable,
                "value": _number(r.value.number) if r.value else None,
                "expected": _number(r.expected),
                "on_pace": r.on_pace,
                "copied": bool(r.copied_from),
            }
            for r in goal.readings
        ],
    }


def _ledger_json(ledger: Ledger) -> dict[str, object]:
    return {
        "id": ledger.service.id,
        "name": ledger.service.name,
        "frequency": ledger.service.frequency,
        "iep": ledger.iep.id,
        "from": ledger.start.isoformat(),
        "to": ledger.end.isoformat(),
        "expected_sessions": _number(ledger.expected_sessions),
        "expected_minutes": _number(ledger.expected_minutes),
        "held_sessions": ledger.held_sessions,
        "held_minutes": _number(ledger.held_minutes),
        "missed_sessions": len(ledger.missed),
        "missed_minutes": _number(ledger.missed_minutes),
        "missed_by": ledger.missed_by,
        "missed_reasons": ledger.missed_reasons,
        "unknown_sessions": ledger.unknown_sessions,
        "made_up_sessions": ledger.made_up_sessions,
        "made_up_minutes": _number(ledger.made_up_minutes),
        "shortfall_minutes": _number(ledger.shortfall_minutes),
        "unaccounted_sessions": _number(ledger.unaccounted_sessions),
    }


def render(report: Report, form: str, root: Path) -> str:
    """Text or Markdown through the templates (a journal's own `templates/`
    folder overrides them by name)."""
    from iepjournal import templating

    environment = templating.environment(
        root, html=False, keep_trailing_newline=True
    )  # plain text and Markdown, never HTML
    environment.filters["short"] = school_calendar.short_date
    environment.filters["long"] = school_calendar.long_date
    environment.filters["num"] = _shown_number
    template = environment.get_template(
        f"report/report.{'md' if form == 'markdown' else 'txt'}"
    )
    return template.render(report=report)


def _shown_number(value: float | None, empty: str = "-") -> str:
    if value is None:
        return empty
    return f"{value:.1f}".removesuffix(".0")
