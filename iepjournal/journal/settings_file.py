"""Reading `iepjournal.toml`: the student, the family, the school calendar, the rules.

Every setting has a default, so a folder with no settings file is a journal
too. Problems in the file are collected like any other, with the line of the
setting they are about.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tomllib
from dataclasses import fields, replace
from typing import Any

from iepjournal.model import school_log
from iepjournal.model.dates import DateError, parse_date
from iepjournal.model.language import LANGUAGES, said
from iepjournal.model.problems import Problem, did_you_mean
from iepjournal.model.settings import (
    PROGRESS_MEANINGS,
    SETTINGS_FILE,
    Rules,
    SchoolYear,
    Settings,
)

TOP_KEYS = (
    "language",
    "student",
    "parent",
    "sign_as",
    "school",
    "principal",
    "family",
    "school_year",
    "progress_codes",
    "rules",
    "school_log",
)
YEAR_KEYS = ("name", "start", "end", "days_off", "report_cards", "cycle_days")


class _Reading:
    """Collects problems with the line of the setting they are about."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.problems: list[Problem] = []

    def line_of(self, key: str, after: int = 0) -> int:
        pattern = re.compile(rf"^\s*\[*\s*\"?{re.escape(key)}\"?\s*[=\]]")
        for number, line in enumerate(self.lines[after:], start=after + 1):
            if pattern.match(line):
                return number
        return 1

    def add(
        self,
        key: str,
        code: str,
        message: str,
        hint: str = "",
        after: int = 0,
        severity: str = "error",
    ) -> None:
        self.problems.append(
            Problem(
                SETTINGS_FILE,
                self.line_of(key, after),
                1,
                severity,  # type: ignore[arg-type]
                code,
                message,
                hint,
            )
        )


_BARE_TEXT = re.compile(r"^(\s*[A-Za-z0-9_.-]+\s*=\s*)([^\s\"'\[{#][^#]*?)\s*(#.*)?$")
_NOT_TEXT = re.compile(
    r"^(?:true|false|[+-]?\d[\d_]*(?:\.\d+)?|\d{4}-\d{2}-\d{2}(?:[T ][\d:]+)?|inf|nan)$"
)


def _quoted_text(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The settings with bare text values quoted, and (line, value) of each."""
    lines = text.split("\n")
    repaired = []
    for number, line in enumerate(lines, start=1):
        found = _BARE_TEXT.match(line)
        if found and not _NOT_TEXT.match(found[2]) and '"' not in found[2]:
            lines[number - 1] = f'{found[1]}"{found[2]}"' + (
                f" {found[3]}" if found[3] else ""
            )
            repaired.append((number, found[2]))
    return "\n".join(lines), repaired


def read(text: str) -> tuple[Settings, list[Problem]]:
    """Settings from the text of `iepjournal.toml`; defaults where it fails."""
    reading = _Reading(text)
    repaired: list[tuple[int, str]] = []
    data: dict[str, Any] | None = None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as caught:
        error = caught
        # `student = Leo`: text a family wrote without quotes is read as
        # text (said), rather than losing the whole file, school calendar
        # included, to one missing pair of quotes.
        fixed, repaired = _quoted_text(text)
        if repaired:
            with contextlib.suppress(tomllib.TOMLDecodeError):
                data = tomllib.loads(fixed)
    if data is None:
        found = re.search(r"line (\d+), column (\d+)", str(error))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        message = re.sub(r"\s*\(at line.*\)$", "", str(error))
        return Settings(found=True), [
            Problem(
                SETTINGS_FILE,
                line,
                column,
                "error",
                "settings-syntax",
                said(
                    "The settings file could not be read ({message}); defaults "
                    "are used instead.",
                    message=message,
                ),
                said(
                    'Text needs double quotes (student = "Maya"); dates are '
                    "written 2026-08-24; lists go in [ ]."
                ),
            )
        ]
    for line, value in repaired:
        reading.problems.append(
            Problem(
                SETTINGS_FILE,
                line,
                1,
                "warning",
                "settings-unquoted",
                said(
                    "`{value}` has no quotes around it; it was read as the text "
                    '"{value}".',
                    value=value,
                ),
                said('Write it in double quotes: "{value}".', value=value),
            )
        )
    for key in data:
        if key not in TOP_KEYS:
            reading.add(
                key,
                "unknown-setting",
                said("`{key}` is not a setting.", key=key),
                did_you_mean(key, TOP_KEYS),
                severity="warning",
            )
    settings = Settings(
        student=_text(reading, data, "student"),
        school=_text(reading, data, "school"),
        principal=_text(reading, data, "principal"),
        family=_family(reading, data.get("family")),
        language=_language(reading, data),
        parent=_text(reading, data, "parent"),
        sign_as=_text(reading, data, "sign_as"),
        school_years=_years(reading, data.get("school_year", [])),
        progress_codes=_codes(reading, data.get("progress_codes", {})),
        rules=_rules(reading, data.get("rules", {})),
        **_school_log(reading, data.get("school_log", {})),
        found=True,
    )
    return settings, reading.problems


def _text(reading: _Reading, data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if isinstance(value, str):
        return value.strip()
    reading.add(
        key, "bad-setting", said("`{key}` should be text in double quotes.", key=key)
    )
    return ""


def _family(reading: _Reading, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip().lower() for v in value)
    reading.add(
        "family",
        "bad-setting",
        said("`family` should be a list of email addresses."),
        said('Like family = ["parent@home.example"].'),
    )
    return ()


def _day(reading: _Reading, value: Any, key: str, after: int) -> dt.date | None:
    if isinstance(value, dt.date):  # TOML's own dates (a datetime is one too)
        value = value.isoformat()[:10]
    parsed = parse_date(str(value)) if isinstance(value, str) else None
    if isinstance(parsed, tuple):
        return parsed[0]
    if isinstance(parsed, DateError) and parsed.code == "date-out-of-range":
        reading.add(
            key,
            parsed.code,
            said("In `{key}`: {message}", key=key, message=parsed.message),
            parsed.hint,
            after,
        )
        return None
    reading.add(
        key,
        "bad-date",
        said("`{value}` in `{key}` is not a date.", value=value, key=key),
        said("Write dates as 2026-08-24."),
        after,
    )
    return None


def _days(reading: _Reading, values: Any, key: str, after: int) -> list[dt.date]:
    """Dates and `"2026-11-25..2026-11-27"` ranges, every day of each range."""
    if not isinstance(values, list):
        values = [values]
    days: list[dt.date] = []
    for value in values:
        if isinstance(value, str) and ".." in value:
            first, _, last = value.partition("..")
            start = _day(reading, first.strip(), key, after)
            end = _day(reading, last.strip(), key, after)
            if start and end and end < start:
                reading.add(
                    key,
                    "bad-range",
                    said("The range `{value}` ends before it starts.", value=value),
                    said("Write the earlier date first."),
                    after,
                )
            elif start and end:
                days.extend(
                    start + dt.timedelta(n) for n in range((end - start).days + 1)
                )
        else:
            day = _day(reading, value, key, after)
            if day:
                days.append(day)
    return days


def _years(reading: _Reading, value: Any) -> tuple[SchoolYear, ...]:
    if isinstance(value, dict):
        value = [value]
    years = []
    after = 0
    for table in value if isinstance(value, list) else []:
        after = reading.line_of("school_year", after)
        if not isinstance(table, dict):
            continue
        for key in table:
            if key not in YEAR_KEYS:
                reading.add(
                    key,
                    "unknown-setting",
                    said("`{key}` is not a school year setting.", key=key),
                    did_you_mean(key, YEAR_KEYS),
                    after,
                    "warning",
                )
        start = _day(reading, table.get("start"), "start", after)
        end = _day(reading, table.get("end"), "end", after)
        if not start or not end:
            continue
        if end < start:
            reading.add(
                "end",
                "bad-range",
                said("The school year ends before it starts."),
                "",
                after,
            )
            continue
        cycle = table.get("cycle_days")
        if cycle is not None and (not isinstance(cycle, int) or cycle < 1):
            reading.add(
                "cycle_days",
                "bad-setting",
                said("`cycle_days` should be a whole number, like 6."),
                "",
                after,
            )
            cycle = None
        years.append(
            SchoolYear(
                name=str(table.get("name") or f"{start.year}-{end.year % 100:02d}"),
                start=start,
                end=end,
                days_off=frozenset(
                    _days(reading, table.get("days_off", []), "days_off", after)
                ),
                report_cards=tuple(
                    sorted(
                        _days(
                            reading,
                            table.get("report_cards", []),
                            "report_cards",
                            after,
                        )
                    )
                ),
                cycle_days=cycle,
            )
        )
    return tuple(sorted(years, key=lambda year: year.start))


def _codes(reading: _Reading, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        reading.add(
            "progress_codes",
            "bad-setting",
            said("`[progress_codes]` should be a table."),
        )
        return {}
    codes = {}
    for code, meaning in value.items():
        normalized = str(meaning).strip().lower().replace(" ", "-")
        if normalized not in PROGRESS_MEANINGS:
            reading.add(
                code,
                "unknown-progress-meaning",
                said(
                    "`{meaning}` is not a progress meaning this journal knows.",
                    meaning=meaning,
                ),
                did_you_mean(normalized, PROGRESS_MEANINGS)
                or said("Use one of: {words}.", words=", ".join(PROGRESS_MEANINGS)),
            )
            continue
        codes[str(code).strip().upper()] = normalized
    return codes


def _language(reading: _Reading, data: dict[str, Any]) -> str:
    written = _text(reading, data, "language").lower() or "en"
    if written not in LANGUAGES:
        reading.add(
            "language",
            "bad-setting",
            said(
                "`language = {written}` is not a language iepjournal knows.",
                written=written,
            ),
            said('Write language = "en" (English) or language = "es" (Spanish).'),
        )
        return "en"
    return written


def _school_log(reading: _Reading, value: Any) -> dict[str, dict[str, str]]:
    """`[school_log.columns]`, `[school_log.services]` and
    `[school_log.statuses]`: text -> text tables, each value checked."""
    found: dict[str, dict[str, str]] = {}
    if not isinstance(value, dict):
        reading.add(
            "school_log", "bad-setting", said("`[school_log]` should be a table.")
        )
        return found
    allowed = {
        "columns": school_log.KINDS,
        "services": None,  # any id: checked against the IEP by `check`
        "statuses": tuple(school_log.STATUS_NAMES),
    }
    for part, table in value.items():
        if part not in allowed:
            reading.add(
                part,
                "unknown-setting",
                said("`{part}` is not a school_log table.", part=part),
                did_you_mean(part, allowed),
                severity="warning",
            )
            continue
        if not isinstance(table, dict):
            reading.add(
                part,
                "bad-setting",
                said("`[school_log.{part}]` should be a table.", part=part),
            )
            continue
        kept = {}
        for key, meant in table.items():
            options = allowed[part]
            written = str(meant).strip()
            if options is not None and school_log.plain(written) not in {
                school_log.plain(o) for o in options
            }:
                reading.add(
                    key,
                    "bad-setting",
                    said(
                        "`{key} = {meant}` is not one of: {options}.",
                        key=key,
                        meant=meant,
                        options=", ".join(options),
                    ),
                    did_you_mean(written, options),
                )
                continue
            kept[str(key)] = written
        found[f"school_log_{part}"] = kept
    return found


def _rules(reading: _Reading, value: Any) -> Rules:
    if not isinstance(value, dict):
        reading.add("rules", "bad-setting", said("`[rules]` should be a table."))
        return Rules()
    defaults = Rules()
    kinds = {f.name: type(getattr(defaults, f.name)) for f in fields(Rules)}
    changes: dict[str, Any] = {}
    for key, setting in value.items():
        if key not in kinds:
            reading.add(
                key,
                "unknown-setting",
                said("`{key}` is not a rule.", key=key),
                did_you_mean(key, kinds),
                severity="warning",
            )
        elif key == "short_weeks":
            if setting in ("prorate", "full"):
                changes[key] = setting
            else:
                reading.add(
                    key, "bad-setting", said('short_weeks is "prorate" or "full".')
                )
        elif (
            isinstance(setting, bool)
            or not isinstance(setting, int | float)
            or setting < 0
        ):
            reading.add(
                key, "bad-setting", said("`{key}` should be a number.", key=key)
            )
        else:
            changes[key] = kinds[key](setting)
    return replace(defaults, **changes)
