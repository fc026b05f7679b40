"""The gap report as text or Markdown (through the templates, which a
journal may override) and as JSON (schema 1)."""

from __future__ import annotations

from pathlib import Path

from iepjournal.analyze import progress
from iepjournal.analyze.report import Report
from iepjournal.analyze.services import Ledger
from iepjournal.model.language import ENGLISH, Language


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def as_json(report: Report, language: Language = ENGLISH) -> dict[str, object]:
    """Schema 1, as docs/report.md gives it; its sentences (messages,
    advice, doubts) in `language`, its keys and codes the same in every
    language."""
    data: dict[str, object] = {
        "schema": 1,
        "as_of": report.as_of.isoformat(),
        "student": report.student,
        "problems": {"errors": report.errors, "warnings": report.warnings},
        "settings_read": not report.settings_unread,
        "services": [_ledger_json(ledger, report) for ledger in report.ledgers],
        "goals": [_goal_json(goal) for goal in report.goals],
        "iep_changes": [change.as_json() for change in report.changes],
        "findings": [finding.as_json() for finding in report.findings],
    }
    return language.said_in(data)  # type: ignore[no-any-return,unused-ignore]


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


def _ledger_json(ledger: Ledger, report: Report) -> dict[str, object]:
    figures = report.school_log(ledger)
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
        "sure": not ledger.unsure,
        "unsure": ledger.unsure,
        # what the school's own service log adds up to, if one covers the row
        "school_log": figures.as_json() if figures else None,
    }


def render(report: Report, form: str, root: Path, language: Language = ENGLISH) -> str:
    """Text or Markdown through the templates (a journal's own `templates/`
    folder overrides them by name), in `language`."""
    from iepjournal.render import templates

    environment = templates.environment(
        root, html=False, language=language, keep_trailing_newline=True
    )  # plain text and Markdown, never HTML
    template = environment.get_template(
        f"report/report.{'md' if form == 'markdown' else 'txt'}"
    )
    return template.render(report=report)
