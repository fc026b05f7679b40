"""Reading front-matter fields as the types they are meant to be.

Front matter arrives as text (see frontmatter.py). Each field is turned into
a date, a number, a yes/no or a list only where the format says so, and a
value that does not fit becomes a problem at its own line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from iepjournal.journal.frontmatter import Fields, Items
from iepjournal.model.dates import DateError, either_way, parse_date
from iepjournal.model.language import Said, said
from iepjournal.model.problems import Problem, Severity, did_you_mean
from iepjournal.model.values import parse_minutes

_TRUE = {"true", "yes", "y", "on"}
_FALSE = {"false", "no", "n", "off"}


MINUTES_IN_A_DAY = 24 * 60
MINUTES_IN_A_SCHOOL_DAY = 8 * 60


class FieldReader:
    """Reads the fields of one mapping, collecting problems at their lines."""

    def __init__(
        self,
        path: str,
        fields: Fields,
        problems: list[Problem],
        day_first: bool = False,
    ) -> None:
        self.path = path
        self.fields = fields
        self.problems = problems
        self.day_first = day_first  # how `3/9/2026` is read

    def problem(
        self, key: str, severity: Severity, code: str, message: str, hint: str = ""
    ) -> None:
        line, column = self.fields.value_at(key)
        self.problems.append(
            Problem(self.path, line, column, severity, code, message, hint)
        )

    def key_problem(
        self, key: str, severity: Severity, code: str, message: str, hint: str = ""
    ) -> None:
        line, column = self.fields.key_at(key)
        self.problems.append(
            Problem(self.path, line, column, severity, code, message, hint)
        )

    def child(self, key: str) -> FieldReader | None:
        """A reader for a nested mapping, or None (with a problem) if it is not one."""
        value = self.fields.get(key)
        if isinstance(value, Fields):
            return FieldReader(self.path, value, self.problems, self.day_first)
        if value not in (None, ""):
            self.problem(
                key,
                "error",
                "wrong-shape",
                said("`{key}` should be a list of fields.", key=key),
            )
        return None

    def has(self, key: str) -> bool:
        return self.fields.get(key) not in (None, "")

    def text(self, key: str) -> str:
        value = self.fields.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return value.strip()
        self.problem(
            key,
            "error",
            "wrong-shape",
            said(
                "`{key}` should be a single value, not a list or a group of fields.",
                key=key,
            ),
            said(
                "If the text has a colon or starts with [ or {, put it in "
                '"double quotes".'
            ),
        )
        return ""

    def date(self, key: str) -> tuple[dt.date | None, dt.time | None]:
        text = self.text(key)
        if not text:
            return None, None
        parsed = parse_date(text, self.day_first)
        if isinstance(parsed, DateError):
            self.problem(key, "error", parsed.code, parsed.message, parsed.hint)
            return None, None
        doubt = either_way(text, self.day_first)
        if doubt is not None:
            self.problem(key, "warning", doubt.code, doubt.message, doubt.hint)
        return parsed

    def day(self, key: str) -> dt.date | None:
        return self.date(key)[0]

    def boolean(self, key: str) -> bool:
        text = self.text(key).lower()
        if not text or text in _FALSE:
            return False
        if text in _TRUE:
            return True
        self.problem(
            key,
            "error",
            "bad-boolean",
            said("`{key}` should be true or false, not `{text}`.", key=key, text=text),
        )
        return False

    def minutes(self, key: str) -> float | None:
        text = self.text(key)
        if not text:
            return None
        minutes = parse_minutes(text)
        if minutes is None:
            self.problem(
                key,
                "error",
                "bad-minutes",
                said("`{key}: {text}` is not a number of minutes.", key=key, text=text),
                said("Write a number, like 20 or 20 min."),
            )
        elif not minutes <= MINUTES_IN_A_DAY:  # NaN and infinity too
            self.problem(
                key,
                "error",
                "bad-minutes",
                said(
                    "`{key}: {text}` is more minutes than a day has.",
                    key=key,
                    text=text,
                ),
                said("Write how long the session lasted, like 20 or 20 min."),
            )
            return None
        elif minutes > MINUTES_IN_A_SCHOOL_DAY:
            self.problem(
                key,
                "warning",
                "minutes-implausible",
                said(
                    "`{key}: {text}` is more than a school day holds; it is "
                    "counted as written.",
                    key=key,
                    text=text,
                ),
                said("Check the number: a session is usually minutes, not hours."),
            )
        return minutes

    def words(self, key: str) -> tuple[str, ...]:
        """A list, or one line of words separated by commas."""
        value = self.fields.get(key)
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        if isinstance(value, Items) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value if v.strip())
        self.problem(
            key,
            "error",
            "wrong-shape",
            said("`{key}` should be a list of words.", key=key),
        )
        return ()

    def choice(
        self,
        key: str,
        options: Iterable[str],
        severity: Severity,
        code: str,
        what: str,
        also: Iterable[str] = (),
    ) -> str:
        """One of `options`, or a problem. `also`: other words read as one
        of them (the Spanish ones) that a misspelling may be close to; the
        hint names the closest of all, or lists `options`."""
        text = self.text(key)
        normalized = text.lower().replace(" ", "-").replace("_", "-")
        options = tuple(options)
        if not text or normalized in options:
            return normalized
        hint = did_you_mean(normalized, (*options, *also)) if also else Said("")
        self.problem(
            key,
            severity,
            code,
            said("`{text}` is not a {what} this journal knows.", text=text, what=what),
            hint or did_you_mean(normalized, options),
        )
        return "" if severity == "error" else normalized

    def unknown_fields(self, known: Iterable[str], where: str) -> dict[str, Any]:
        known = set(known)
        extra: dict[str, Any] = {}
        for key in self.fields:
            if key in known:
                continue
            extra[key] = self.fields[key]
            hint = did_you_mean(key, known)
            self.key_problem(
                key,
                "warning",
                "unknown-field",
                said(
                    "`{key}` is not a field {where} uses; it is kept but not used.",
                    key=key,
                    where=where,
                ),
                hint
                or said(
                    "Check the spelling, or ignore this if you added it on purpose."
                ),
            )
        return extra
