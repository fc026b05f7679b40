"""Problems found in a journal: values, collected, never raised."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file, at one place, said in plain words."""

    path: str  # relative to the journal root, with forward slashes
    line: int  # 1-based; 0 when the problem is about the file as a whole
    column: int  # 1-based
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known word, or listing them when few."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    if close:
        return f"Did you mean `{close[0]}`?"
    if not options:
        return ""
    if len(options) <= 10:
        return "Known: " + ", ".join(options) + "."
    return ""


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for problem in problems:
        if problem.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def as_text(problem: Problem, shown_path: str) -> str:
    """The `PATH:LINE:COL: severity: message [code]` form editors jump to."""
    line = max(problem.line, 1)
    column = max(problem.column, 1)
    text = (
        f"{shown_path}:{line}:{column}: {problem.severity}: "
        f"{problem.message} [{problem.code}]"
    )
    if problem.hint:
        text += f"\n    hint: {problem.hint}"
    return text


def as_json(problem: Problem, shown_path: str) -> dict[str, object]:
    data = asdict(problem)
    data["path"] = shown_path
    data["line"] = max(problem.line, 1)
    data["column"] = max(problem.column, 1)
    return data


def summary(problems: list[Problem], files: int) -> str:
    errors, warnings = count(problems)
    checked = f"{files} file{'s' if files != 1 else ''}"
    if not errors and not warnings:
        return f"No problems found in {checked}."
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{' and '.join(parts)} in {checked}."
