"""The journal's settings (`iepjournal.toml`): the student, the family, the
school calendar, the rules. Every setting has a default, so a folder with no
settings file is a journal too; journal/settings_file.py reads the file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from iepjournal.model import language

SETTINGS_FILE = "iepjournal.toml"

PROGRESS_MEANINGS = (
    "mastered",
    "sufficient",
    "insufficient",
    "not-introduced",
    "emerging",
    "see-comments",
)


@dataclass(frozen=True, slots=True)
class Rules:
    """Every threshold a finding uses; docs/report.md gives the defaults."""

    reply_within_school_days: int = 5
    records_request_days: int = 45
    short_weeks: str = "prorate"  # or "full"
    missed_repeatedly_count: int = 2
    missed_repeatedly_days: int = 28
    no_records_days: int = 28
    no_records_min_expected: int = 4
    off_pace_percent: float = 10.0
    progress_overdue_days: int = 14
    change_meeting_days: int = 30
    annual_review_warning_days: int = 30
    reevaluation_years: int = 3
    reevaluation_warning_days: int = 60
    harder_time_days: int = 28
    harder_time_min_notes: int = 3
    harder_time_ratio: float = 2.0


@dataclass(frozen=True, slots=True)
class SchoolYear:
    name: str
    start: dt.date
    end: dt.date
    days_off: frozenset[dt.date] = frozenset()
    report_cards: tuple[dt.date, ...] = ()
    cycle_days: int | None = None


def school_day(years: tuple[SchoolYear, ...], day: dt.date) -> bool:
    """Whether `day` has school by the school years the settings give: a
    weekday inside a year and not one of its days off (every weekday when
    no year is set). The one rule; the calendar adds closures from notes."""
    if day.weekday() >= 5:
        return False
    if not years:
        return True
    year = next((y for y in years if y.start <= day <= y.end), None)
    return year is not None and day not in year.days_off


@dataclass(frozen=True, slots=True)
class Settings:
    student: str = ""
    school: str = ""
    principal: str = ""
    family: tuple[str, ...] = ()
    language: str = "en"  # en or es: the language the journal is kept in
    parent: str = ""  # the name letters are signed with
    sign_as: str = (
        ""  # the line under it ("Maya's mother"); default "<student>'s parent"
    )
    school_years: tuple[SchoolYear, ...] = ()
    progress_codes: dict[str, str] = field(default_factory=dict)
    rules: Rules = field(default_factory=Rules)
    # `[school_log]`: a log's own headers (header -> column), its service
    # names (name -> the IEP's id) and its status codes (code -> meaning)
    school_log_columns: dict[str, str] = field(default_factory=dict)
    school_log_services: dict[str, str] = field(default_factory=dict)
    school_log_statuses: dict[str, str] = field(default_factory=dict)
    found: bool = False  # whether the journal has an iepjournal.toml

    @property
    def day_first(self) -> bool:
        """Whether `3/9/2026` is 3 September here (the journal's language
        writes the day first) rather than March 9."""
        return language.day_first(self.language)
