"""Measured values: a number with a unit, as goals and progress reports
write them ("30%", "45 wcpm", "62 words correct per minute", "3/5 trials",
"4 of 5 trials", "8 out of 10 points", "10 per week", "2 outbursts per day").

Units are matched strictly: words per minute against words correct per
minute is a mismatch to flag, not to equate. Fractions of trials,
opportunities or points are read as percentages, so "3/5 trials" and "60%"
compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iepjournal.model.language import ENGLISH, Language, said


@dataclass(frozen=True, slots=True)
class Value:
    number: float
    unit: str  # normalized: "%", "wcpm", "wpm", "per week", or the words

    def __str__(self) -> str:
        return self.shown_in(ENGLISH)

    def shown_in(self, language: Language) -> str:
        """The value as the language writes numbers: 1.5 wpm / 1,5 wpm."""
        number = language.number(self.number)
        if self.unit == "%":
            return f"{number}%"
        return f"{number} {language.say(unit_words(self.unit))}"


# The units a goal is measured in that are iepjournal's words (the others
# are the goal's own, shown as written).
_OUR_UNITS = {"per week": said("per week")}


def unit_words(unit: str) -> str:
    return _OUR_UNITS.get(unit, unit)


_UNIT_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?:words? correct|correct words?) per min(?:ute)?|wcpm|cwpm|wc/?min", "wcpm"),
    (r"words? per min(?:ute)?|wpm", "wpm"),
    (r"%|percent(?:age)?", "%"),
)
_NUMBER = r"(\d+(?:\.\d+)?)"
_FRACTION = re.compile(
    rf"\b{_NUMBER} ?(?:/|of|out of) ?{_NUMBER}\b(?: ?(?:trials?|opportunities|"
    r"attempts?|points?|probes?|sessions?|days?|items?|tries))?",
    re.IGNORECASE,
)
_PER = re.compile(
    rf"\b{_NUMBER} ?(?:[a-z-]+ )?(?:times )?(?:per|a|each|/) ?"
    r"(day|week|month|hour|class|period)\b",
    re.IGNORECASE,
)
_PLAIN = re.compile(
    rf"\b{_NUMBER} ?({'|'.join(p for p, _ in _UNIT_WORDS)})(?![a-z])", re.IGNORECASE
)


def _unit(words: str) -> str:
    for pattern, unit in _UNIT_WORDS:
        if re.fullmatch(pattern, words.strip(), re.IGNORECASE):
            return unit
    return words.strip().lower()


def find_all(text: str) -> list[Value]:
    """Every measured value in a piece of text, in order."""
    found: list[tuple[int, Value]] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for match in _FRACTION.finditer(text):
        whole = float(match.group(2))
        if whole and free(match.span()):
            found.append(
                (match.start(), Value(float(match.group(1)) / whole * 100, "%"))
            )
            taken.append(match.span())
    for match in _PER.finditer(text):
        if free(match.span()):
            found.append(
                (
                    match.start(),
                    Value(float(match.group(1)), f"per {match.group(2).lower()}"),
                )
            )
            taken.append(match.span())
    for match in _PLAIN.finditer(text):
        if free(match.span()):
            found.append(
                (match.start(), Value(float(match.group(1)), _unit(match.group(2))))
            )
            taken.append(match.span())
    return [value for _, value in sorted(found, key=lambda pair: pair[0])]


def parse(text: str) -> Value | None:
    """One value written on its own (a goal's baseline or target, a report's
    `value`); None when it cannot be read."""
    text = text.strip()
    values = find_all(text)
    if len(values) == 1:
        return values[0]
    bare = re.fullmatch(rf"{_NUMBER} ?([a-z][a-z ]*)?", text, re.IGNORECASE)
    if bare:
        return Value(float(bare.group(1)), (bare.group(2) or "").strip().lower())
    return None


def in_unit(text: str, unit: str) -> tuple[Value | None, list[Value]]:
    """The first value in `text` in this unit, and the values in other units."""
    values = find_all(text)
    same = [v for v in values if v.unit == unit]
    return (same[0] if same else None), [v for v in values if v.unit != unit]


_MINUTES = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:m|min|mins|minutes?)?\.?$", re.IGNORECASE)
_HOURS = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)\.?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")


def parse_minutes(text: str) -> float | None:
    """`20`, `20 min`, `1.5 hours`, `0:30` (hours:minutes, as service logs
    write them): minutes, or None when it is not that."""
    text = text.strip()
    found = _MINUTES.match(text)
    if found:
        return float(found.group(1))
    found = _HOURS.match(text)
    if found:
        return float(found.group(1)) * 60
    found = _CLOCK.match(text)
    return int(found.group(1)) * 60 + float(found.group(2)) if found else None
