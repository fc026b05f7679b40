"""How often and how long a service is promised, read from the IEP's words.

Service pages are typed by many hands: "30 minutes two times per week",
"3x20/wk", "2x30 1:1", "1 x 30 min per 6-day cycle", "2-3 times per week".
The reading goes in small steps, each a table of patterns: the words are
normalized (numbers, hours), what cannot be read with confidence is noted
as ambiguous, then the period, the group and setting, the counts and the
minutes are picked out in turn. Whatever is left over is named in `notes`;
nothing is guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

PERIODS = ("day", "week", "month", "cycle", "grading_period", "year")


@dataclass(slots=True)
class Frequency:
    text: str
    sessions: float | None = None  # per period; None for minutes-only
    sessions_max: float | None = None  # the top of a range ("2-3 times")
    minutes: float | None = None  # per session
    per: str | None = None
    cycle_days: int | None = None
    minutes_per_period: float | None = None
    delivery: str | None = None  # direct | consult
    group: str | None = None  # individual | group
    group_size: int | None = None
    setting: str | None = None
    ambiguous: bool = False
    notes: list[str] = field(default_factory=list)
    every_other: bool = False  # "every other week": half the count per period

    @property
    def readable(self) -> bool:
        """A period and an amount (sessions, minutes or both) were found."""
        return self.per is not None and (
            self.sessions is not None or self.minutes_per_period is not None
        )

    @property
    def usable(self) -> bool:
        """Readable and not ambiguous: the only kind the ledger counts on."""
        return self.readable and not self.ambiguous

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("group_size")
        data.pop("every_other")
        return data


class _Reading:
    """The text being read: matched parts are blanked out as they are used."""

    def __init__(self, text: str) -> None:
        self.rest = text
        self.found = Frequency(text=text)

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        matches = list(pattern.finditer(self.rest))
        for match in reversed(matches):
            start, end = match.span()
            self.rest = self.rest[:start] + " " * (end - start) + self.rest[end:]
        return matches


# --- 1. normalizing the words -------------------------------------------------

_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
    "twelve": "12", "fifteen": "15", "twenty": "20", "thirty": "30",
    "forty": "40", "forty-five": "45", "fifty": "50", "sixty": "60",
    "ninety": "90",
}  # fmt: skip
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    (r"[\u2013\u2014]", "-"),
    (r"[\u00d7]", "x"),
    (r"\bonce\b", " 1 times "),
    (r"\btwice\b", " 2 times "),
    (r"\bthrice\b", " 3 times "),
    (r"\bone[- ]on[- ]one\b|\bone to one\b", " 1:1 "),
    (r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b", ""),
    (r"\bhalf an? hours?\b|\bhalf[- ]hours?\b|\b1/2 ?(?:hours?|hrs?)\b", " 30 min "),
    (r"\ban hour\b|\ba hour\b", " 60 min "),
    (r"\bper\b|\beach\b|\bevery\b|/|\ba\b(?= *(?:day|week|month|year|cycle))", " per "),
)


def _normalize(text: str) -> str:
    text = f" {text.lower()} "
    for pattern, replacement in _REPLACEMENTS:
        if replacement == "":
            text = re.sub(pattern, lambda m: f" {_NUMBER_WORDS[m.group(1)]} ", text)
        else:
            text = re.sub(pattern, replacement, text)
    # 1.5 hours, 2 hrs: minutes from here on
    text = re.sub(
        r"(\d+(?:\.\d+)?) ?(?:hours?|hrs?|h)\b",
        lambda m: f" {float(m.group(1)) * 60:g} min ",
        text,
    )
    text = re.sub(r"(\d)x", r"\1 x ", text)
    text = re.sub(r"x(\d)", r" x \1", text)
    return re.sub(r"\s+", " ", text)


# --- 2. what cannot be read with confidence ---------------------------------------

_AMBIGUOUS: tuple[tuple[str, str], ...] = (
    (r"\bbi-?weekly\b", "“bi-weekly” can mean twice a week or every other week"),
    (r"\bbi-?monthly\b", "“bi-monthly” can mean twice a month or every other month"),
    (
        r"\b\d+ out of \d+ weeks\b|\b\d+ of \d+ weeks\b|\bfirst \d+ weeks\b",
        "not every week: which weeks is not said",
    ),
    (
        r"\bup to\b|\bno more than\b|\bmaximum\b|\bmax\b",
        "“up to” sets a ceiling, not a promise",
    ),
    (
        r"\bas needed\b|\bif needed\b|\bprn\b|\bas necessary\b",
        "“as needed” promises no amount",
    ),
    (
        r"\bwhen available\b|\bas available\b|\bif available\b",
        "“when available” promises no amount",
    ),
    (r"\bapprox\w*\b|\babout\b|~", "“about” is not an amount"),
    (
        r"\bto drop\b|\bto increase\b|\buntil\b|\bafter\b|\bonce \w+ is\b|\bexcept\b"
        r"|\bunless\b|\bduring\b|\bdepending\b",
        "the amount changes on a condition",
    ),
)


def _ambiguities(reading: _Reading) -> None:
    for pattern, why in _AMBIGUOUS:
        if reading.take(re.compile(pattern)):
            reading.found.ambiguous = True
            reading.found.notes.append(why)


# --- 3. the period ----------------------------------------------------------------

_PERIOD_NAMES = (
    "day", "week", "wk", "month", "mo", "year", "yr", "cycle", r"\d+[- ]?day",
    "quarter", "grading", "marking", "school",
)  # fmt: skip  # fmt: skip
_PERIOD_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?:per )?(\d+)[- ]?day (?:rotation|cycle)s?", "cycle"),
    (r"(?:per )?(?:rotation|cycle)s?(?: day)?\b", "cycle"),
    (
        r"\bper (?:grading|marking|reporting) (?:period|term)\b"
        r"|\bper quarter\b|\bquarterly\b",
        "grading_period",
    ),
    (
        r"\bper (?:school )?(?:year|yr)\b|\byearly\b|\bannually\b"
        r"|\bper iep (?:year|term)\b",
        "year",
    ),
    (r"\bper (?:month|mo)\b|\bmonthly\b|\bper mth\b", "month"),
    (r"\bper (?:week|wk)s?\b|\bweekly\b|\bwk\b|\bweek\b|\bper wkly\b", "week"),
    (r"\bper (?:school )?day\b|\bdaily\b|\bday\b|\bper session day\b", "day"),
)


_EVERY_OTHER = re.compile(r"\bper (?:other|2|second) (day|week|month)s?\b")
_COUNT_PER = re.compile(
    rf"(?<!x )(?<!@ )\b(\d+(?:\.\d+)?) ?(?:x )?(?=per (?:{'|'.join(_PERIOD_NAMES)}))"
)


def _period(reading: _Reading) -> None:
    found = reading.found
    for match in reading.take(_EVERY_OTHER):
        found.per = match.group(1)
        found.every_other = True
        found.notes.append(
            f"every other {match.group(1)}: half a session a {found.per}"
        )
    for match in reading.take(_COUNT_PER):  # "1/week": a count per period
        found.sessions = float(match.group(1))
    cycle_note = reading.take(
        re.compile(r"\((\d+) cycle days?\)|\b(\d+) cycle days?\b")
    )
    for pattern, per in _PERIOD_WORDS:
        matches = reading.take(re.compile(pattern))
        if not matches or found.per:
            continue
        found.per = per
        if per == "cycle" and matches[0].groups() and matches[0].group(1):
            found.cycle_days = int(matches[0].group(1))
    if cycle_note:
        days = next(int(g) for g in cycle_note[0].groups() if g)
        if found.per is None:
            found.per, found.cycle_days = "cycle", days
        else:
            found.notes.append(
                f"“{days} cycle days” read as the length of the {found.per}"
            )


# --- 4. who and where ---------------------------------------------------------------

_SETTINGS: tuple[tuple[str, str], ...] = (
    (r"\bpull[- ]?out\b", "pull-out"),
    (r"\bpush[- ]?in\b", "push-in"),
    (r"\bresource (?:room|room setting)\b", "resource room"),
    (r"\bseparate (?:class(?:room)?|setting)\b", "separate classroom"),
    (
        r"\b(?:general|regular|gen\.?) ?ed(?:ucation|\.)?"
        r"(?: (?:class(?:room)?|setting))?\b",
        "general education",
    ),
    (
        r"\bspecial ed(?:ucation|\.)?(?: (?:class(?:room)?|setting))?\b",
        "special education",
    ),
    (r"\b(?:therapy|speech|ot) room\b", "therapy room"),
    (r"\bcommunity(?: setting)?\b", "community"),
    (r"\bclassroom\b", "classroom"),
)


def _who_and_where(reading: _Reading) -> None:
    found = reading.found
    for match in reading.take(re.compile(r"\b(\d+) ?: ?(\d+)\b")):
        students, adults = int(match.group(1)), int(match.group(2))
        size = max(students, adults)
        found.group, found.group_size = (
            ("individual", 1) if size == 1 else ("group", size)
        )
    if reading.take(re.compile(r"\bindividual(?:ly)?\b|\bindiv\b|\b1 on 1\b")):
        found.group = "individual"
    if reading.take(re.compile(r"\b(?:small |large )?group\b")):
        found.group = found.group or "group"
    if reading.take(
        re.compile(r"\bconsult(?:ation|ative)?\b|\bindirect\b|\bobservation\b")
    ):
        found.delivery = "consult"
    if reading.take(re.compile(r"\bdirect\b")):
        found.delivery = found.delivery or "direct"
    settings = []
    for pattern, setting in _SETTINGS:
        if reading.take(re.compile(pattern)):
            settings.append(setting)
    found.setting = ", ".join(settings) or None


# --- 5. counts and minutes ------------------------------------------------------------

_NUMBER = r"(\d+(?:\.\d+)?)"
_MIN = r" ?(?:minutes?|mins?|min\.?|m)\b"
_TIMES = r" ?(?:times?|x|sessions?|visits?|periods?|days?)\b"

Step = tuple[re.Pattern[str], Callable[[Frequency, re.Match[str]], None]]


def _set(**values: int) -> Callable[[Frequency, re.Match[str]], None]:
    """A handler copying numbered groups into fields: _set(sessions=1)."""

    def handle(found: Frequency, match: re.Match[str]) -> None:
        for name, group in values.items():
            if getattr(found, name) is None:
                setattr(found, name, float(match.group(group)))

    return handle


def _total(found: Frequency, match: re.Match[str]) -> None:
    found.minutes_per_period = float(match.group(1))


_STEPS: tuple[Step, ...] = (
    # "for 1350 min served yearly", "total of 240 minutes"
    (re.compile(rf"(?:for|total(?: of)?) {_NUMBER}{_MIN} (?:served|total)\b"), _total),
    (re.compile(rf"\btotal(?: of)? {_NUMBER}{_MIN}"), _total),
    # "2-3 times", "2 to 3 sessions"
    (
        re.compile(rf"\b{_NUMBER} ?(?:-|to|or) ?{_NUMBER}{_TIMES}"),
        _set(sessions=1, sessions_max=2),
    ),
    # "2 x 30 min", "3 x 20", "45 session @ 30"
    (
        re.compile(
            rf"\b{_NUMBER}(?: x| sessions? @| sessions? of| sessions? at) "
            rf"{_NUMBER}(?:{_MIN})?"
        ),
        _set(sessions=1, minutes=2),
    ),
    # "two 30 minute sessions"
    (
        re.compile(rf"\b{_NUMBER} {_NUMBER}[- ]?(?:minutes?|min)\.?(?: sessions?)?\b"),
        _set(sessions=1, minutes=2),
    ),
    # "30 min 2 x", "30 minutes 2 times"
    (
        re.compile(rf"\b{_NUMBER}{_MIN},? {_NUMBER}{_TIMES}"),
        _set(minutes=1, sessions=2),
    ),
    # "2 times", "3 sessions", "1 x"
    (re.compile(rf"\b{_NUMBER}{_TIMES}"), _set(sessions=1)),
    # "1 per week" (after "/" became "per"): a count per period
    (re.compile(rf"\b{_NUMBER}(?= per )"), _set(sessions=1)),
    # "30 minutes" per session when there is a count, else minutes-only
    (re.compile(rf"\b{_NUMBER}{_MIN}(?= per| each| sessions?)?"), _set(minutes=1)),
)


def _amounts(reading: _Reading) -> None:
    found = reading.found
    for pattern, handle in _STEPS:
        for match in reading.take(pattern):
            handle(found, match)
    leftover = reading.take(re.compile(rf"\b{_NUMBER}\b"))
    if leftover and found.minutes is None and found.sessions is not None:
        found.minutes = float(leftover[0].group(1))
        found.notes.append(f"read the bare number {leftover[0].group(1)} as minutes")
        leftover = leftover[1:]
    for match in leftover:
        found.notes.append(f"did not use the number {match.group(1)}")


def _complete(found: Frequency, minutes_only: bool) -> None:
    """Derive what follows from what was read."""
    if (found.per == "day" or found.every_other) and found.sessions is None:
        found.sessions = 1.0  # "45 minutes daily" is one session a day
    if found.every_other and found.sessions:
        found.sessions /= 2
    if minutes_only and found.minutes is not None and found.per != "day":
        found.minutes_per_period, found.minutes = found.minutes, None
    if found.minutes_per_period is None and found.sessions and found.minutes:
        found.minutes_per_period = found.sessions * found.minutes
    elif found.sessions and found.minutes and found.minutes_per_period:
        if abs(found.sessions * found.minutes - found.minutes_per_period) > 0.5:
            found.notes.append(
                f"{found.sessions:g} x {found.minutes:g} min is not the "
                f"{found.minutes_per_period:g} minutes total also written"
            )
    elif found.sessions and found.minutes is None and found.minutes_per_period:
        found.minutes = found.minutes_per_period / found.sessions
    if found.per is None:
        found.notes.append("no period found (per day, week, month, cycle or year)")
    elif found.minutes_per_period is None:
        found.notes.append("no duration found (how many minutes a session)")


def parse(text: str) -> Frequency:
    """Read a frequency as written on an IEP's service page."""
    reading = _Reading(_normalize(text))
    reading.found.text = text
    _ambiguities(reading)
    _who_and_where(reading)
    _period(reading)
    counted = reading.found.every_other or (
        re.search(rf"{_TIMES}|\d x|\d ?- ?\d|@", reading.rest) is not None
    )
    _amounts(reading)
    _complete(
        reading.found, minutes_only=not counted and reading.found.sessions is None
    )
    words = [w for w in re.findall(r"[a-z]{3,}", reading.rest) if w not in _FILLER]
    if words:
        reading.found.notes.append("did not read: " + " ".join(words))
    return reading.found


_FILLER = {
    "per", "for", "each", "the", "and", "with", "session", "sessions", "minutes",
    "minute", "min", "mins", "times", "served", "service", "services", "week",
    "day", "month", "year", "every", "that", "are", "will", "receive", "student",
    "provided", "duration", "frequency", "basis", "total", "school",
}  # fmt: skip


def describe(found: Frequency, cycle_days: int | None = None) -> str:
    """How the frequency was understood, in a parent's words."""
    if not found.readable:
        return "not understood: " + "; ".join(found.notes)
    if found.minutes_per_period is None:
        return f"{found.sessions:g} session(s) a {found.per}, no duration given"
    period = {
        "day": "a day", "week": "a week", "month": "a month", "year": "a year",
        "grading_period": "a grading period",
        "cycle": f"per {found.cycle_days or cycle_days or 'N'}-day cycle",
    }[found.per or "week"]  # fmt: skip
    if found.sessions is None:
        said = f"{found.minutes_per_period:g} minutes {period} (no number of sessions)"
    else:
        count = f"{found.sessions:g}"
        if found.sessions_max:
            count += f" to {found.sessions_max:g}"
        session = "session" if count == "1" else "sessions"
        said = f"{count} {session} of {found.minutes or 0:g} minutes {period}"
        if found.sessions_max:
            said += f" (at least {found.minutes_per_period:g} minutes counted)"
        else:
            said += f" ({found.minutes_per_period:g} minutes)"
    extras = [x for x in (found.delivery, found.group, found.setting) if x]
    if found.group_size and found.group == "group":
        extras.append(f"group of {found.group_size}")
    if extras:
        said += ", " + ", ".join(extras)
    return said
