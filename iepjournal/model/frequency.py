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
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from iepjournal.model.language import N_, Said, one_after_another, said, said_n

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
    # Why the reading is not sure: a number it did not use, a word that could
    # change the amount, a guess. It is counted, and shown as unsure.
    doubts: list[str] = field(default_factory=list)
    minutes_max: float | None = None  # the top of a range ("25-30 minutes")
    also: list[str] = field(default_factory=list)  # parts not counted (consult)
    every: int = 1  # "every other week": 2, "once every 6 weeks": 6 (count / every)
    days_a_week: float | None = None  # "five days per week"

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

    @property
    def sure(self) -> bool:
        """Usable, every number used, no word skipped that could change the
        amount, nothing guessed: the figures are shown as plain facts only
        then; else they are marked unsure."""
        return self.usable and not self.doubts

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        for inner in ("group_size", "every", "days_a_week"):
            data.pop(inner)
        data["sure"] = self.sure
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
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_WORD_NUMBER = re.compile(
    rf"\b(?:({_TENS})[- ]({_ONES})|("
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r"))\b"
)
# What PDFs and phones paste: every dash and minus is "-", every space a
# space, full-width digits digits (NFKC), the multiplication sign an x,
# the one-character fractions decimals.
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_TIMES_SIGNS = re.compile("[\u00d7\u2715\u2716]")
_FRACTIONS = {"\u00bd": ".5", "\u00bc": ".25", "\u00be": ".75"}
_HOUR = r"(?:hours?|hrs?\.?|h)\b"
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    # a grid's start and end dates ("Beginning 9/5/11", "2026-09-08") are
    # not amounts
    (r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b", " "),
    (r"\bonce\b", " 1 times "),
    (r"\btwice\b", " 2 times "),
    (r"\bthrice\b", " 3 times "),
    (r"\bone[- ]on[- ]one\b|\bone to one\b", " 1:1 "),
    # "1 hour and 30 minutes", "1 hr 15 min": one duration
    (rf"\b(\d+) ?{_HOUR},? (?:and )?(\d+) ?(?:minutes?|mins?)\b", "HM"),
    # "1 1/2 hours", "1 and 1/2 hours", "one and a half hours"
    (r"\b(\d+) (?:and )?(?:a half|(?:one|1)[- ]half|1/2)\b", "HALF"),
    (r"\b(\d+) 1/4\b", "QUARTER"),
    (r"\b(\d+) 3/4\b", "THREEQ"),
    (r"\ban? (?:hour|hr) and a half\b", " 90 min "),
    (r"\bhalf an? (?:hour|hr)s?\b|\bhalf[- ](?:hour|hr)s?\b"
     r"|\b1/2 (?:an? )?(?:hour|hr)s?\b", " 30 min "),
    (r"\ba quarter (?:of an )?hour\b|\b1/4 (?:an? )?(?:hour|hr)s?\b", " 15 min "),
    (r"\ban (?:hour|hr)\b|\ba (?:hour|hr)\b", " 60 min "),
    # SLP shorthand: minutes per week / month / day
    (r"\b(\d+(?:\.\d+)?) ?mpw\b", r" \1 min per week "),
    (r"\b(\d+(?:\.\d+)?) ?mpm\b", r" \1 min per month "),
    (r"\b(\d+(?:\.\d+)?) ?mpd\b", r" \1 min per day "),
    (r"\bper\b|\beach\b|\bevery\b|/|\ba\b(?= *(?:day|week|month|year|cycle))", " per "),
)  # fmt: skip


_PARTS = {"HALF": ".5", "QUARTER": ".25", "THREEQ": ".75"}


def _hours_and_minutes(match: re.Match[str]) -> str:
    return f" {int(match.group(1)) * 60 + int(match.group(2))} min "


def _with_part(part: str) -> Callable[[re.Match[str]], str]:
    def joined(match: re.Match[str]) -> str:
        return f" {match.group(1)}{part} "

    return joined


def _word_number(match: re.Match[str]) -> str:
    if match.group(1):
        return f" {_NUMBER_WORDS[match.group(1)] + _NUMBER_WORDS[match.group(2)]} "
    return f" {_NUMBER_WORDS[match.group(3)]} "


def _whole_and(decimal: str) -> Callable[[re.Match[str]], str]:
    def joined(match: re.Match[str]) -> str:
        return f"{match.group(1) or '0'}{decimal}"

    return joined


def fold(text: str) -> str:
    """The characters of a pasted or typed frequency made plain: dashes,
    spaces, digits, multiplication signs, fractions."""
    for fraction, decimal in _FRACTIONS.items():  # before NFKC splits them
        text = re.sub(rf"(\d)? ?{fraction}", _whole_and(decimal), text)
    text = unicodedata.normalize("NFKC", text)
    text = _DASHES.sub("-", text)
    return _TIMES_SIGNS.sub("x", text).replace("\u2044", "/")


def _normalize(text: str) -> str:
    text = f" {fold(text).lower()} "
    text = _WORD_NUMBER.sub(_word_number, text)
    for pattern, replacement in _REPLACEMENTS:
        if replacement == "HM":
            text = re.sub(pattern, _hours_and_minutes, text)
        elif replacement in _PARTS:
            text = re.sub(pattern, _with_part(_PARTS[replacement]), text)
        else:
            text = re.sub(pattern, replacement, text)
    # 1.5 hours, 2 hrs: minutes from here on
    text = re.sub(r"\s+", " ", text)
    text = re.sub(
        rf"(\d+(?:\.\d+)?) ?{_HOUR}",
        lambda m: f" {float(m.group(1)) * 60:g} min ",
        text,
    )
    text = re.sub(r"(\d)x", r"\1 x ", text)
    text = re.sub(r"x(\d)", r" x \1", text)
    return re.sub(r"\s+", " ", text)


# --- 2. what cannot be read with confidence ---------------------------------------

_AMBIGUOUS: tuple[tuple[str, str], ...] = (
    (r"\bbi-?weekly\b", N_("“bi-weekly” can mean twice a week or every other week")),
    (
        r"\bbi-?monthly\b",
        N_("“bi-monthly” can mean twice a month or every other month"),
    ),
    (
        r"\b\d+ out of \d+ weeks\b|\b\d+ of \d+ weeks\b|\bfirst \d+ weeks\b",
        N_("not every week: which weeks is not said"),
    ),
    (
        r"\b(?:up to|no more than|maximum|max)\b(?! \d+ (?:students?|peers?))",
        N_("“up to” sets a ceiling, not a promise"),
    ),
    (
        r"\bas needed\b|\bif needed\b|\bprn\b|\bas necessary\b",
        N_("“as needed” promises no amount"),
    ),
    (
        r"\bwhen available\b|\bas available\b|\bif available\b",
        N_("“when available” promises no amount"),
    ),
    (r"\bapprox\w*\b|\babout\b|~", N_("“about” is not an amount")),
    (
        r"\bto drop\b|\bto increase\b|\buntil\b|\bafter\b|\bonce \w+ is\b|\bexcept\b"
        r"|\bunless\b|\bduring\b|\bdepending\b|\bwhen\b|\bif\b|\bwhile\b",
        N_("the amount changes on a condition"),
    ),
)


def _ambiguities(reading: _Reading) -> None:
    for pattern, why in _AMBIGUOUS:
        if reading.take(re.compile(pattern)):
            reading.found.ambiguous = True
            reading.found.notes.append(said(why))


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


# "every other week", "once every 6 weeks", "per nine-week", "every 10
# school days" (not "per 6 day cycle", a cycle of its own)
_EVERY_N = re.compile(
    r"\bper (other|second|\d+) ?[- ]?(?:school )?(day|week|month)s?\b"
    r"(?! ?(?:rotation|cycle))"
)
_COUNT_PER = re.compile(
    rf"(?<!x )(?<!@ )\b(\d+(?:\.\d+)?) ?(?:x )?(?=per (?:{'|'.join(_PERIOD_NAMES)}))"
)


_WEEKDAYS_ALL = re.compile(
    r"\b(?:mon(?:day)?s? ?(?:-|through|thru|to) ?fri(?:day)?s?|m ?- ?f)\b"
)
_WEEKDAY_NAMES = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday)s?\b"
    r"|\b(mon|tues?|wed|thu(?:rs?)?|fri)\b"
)
_DAYS_A_WEEK = re.compile(r"\b(\d) days? per (?:week|wk)\b")


def _weekdays(reading: _Reading) -> None:
    """ "each Friday", "Mondays and Thursdays", "Monday through Friday": a
    count a week."""
    found = reading.found
    if reading.take(_WEEKDAYS_ALL):
        found.days_a_week = 5
        return
    named = {m.group(0)[:3] for m in reading.take(_WEEKDAY_NAMES)}
    if named:
        found.days_a_week = len(named)


def _period(reading: _Reading) -> None:
    found = reading.found
    for match in reading.take(_DAYS_A_WEEK):  # "five days per week"
        found.days_a_week = float(match.group(1))
    _weekdays(reading)
    for match in reading.take(_EVERY_N):
        every, found.per = match.group(1), match.group(2)
        found.every = 2 if every in ("other", "second") else int(every)
        if found.every == 2:
            found.notes.append(
                said(
                    "every other {period}: half a session {a_period}",
                    period=said(PERIOD_NOUNS[found.per]),
                    a_period=said(A_PERIOD[found.per]),
                )
            )
        elif found.every > 1:
            found.notes.append(
                said(
                    "every {every} {periods}: 1/{every} of a session {a_period}",
                    every=found.every,
                    periods=said(PERIOD_PLURALS[found.per]),
                    a_period=said(A_PERIOD[found.per]),
                )
            )
    for match in reading.take(_COUNT_PER):  # "1/week": a count per period
        found.sessions = float(match.group(1))
    cycle_note = reading.take(
        re.compile(r"\((\d+) cycle days?\)|\b(\d+) cycle days?\b")
    )
    # the first period written is counted; another one makes it unsure
    # ("20 minutes one time per month / General Education / IEP Term")
    named = sorted(
        (
            (match.start(), per, match)
            for pattern, per in _PERIOD_WORDS
            for match in reading.take(re.compile(pattern))
        ),
        key=lambda item: item[0],
    )
    for _, per, match in named:
        if found.per is None:
            found.per = per
            if per == "cycle" and match.groups() and match.group(1):
                found.cycle_days = int(match.group(1))
        elif per != found.per:
            found.doubts.append(
                said(
                    "two periods are written ({first} and {second}); the first "
                    "is counted",
                    first=said(A_PERIOD[found.per]),
                    second=said(A_PERIOD[per]),
                )
            )
            break
    if cycle_note:
        days = next(int(g) for g in cycle_note[0].groups() if g)
        if found.per is None:
            found.per, found.cycle_days = "cycle", days
        else:
            found.notes.append(
                said(
                    "“{days} cycle days” read as the length of the {period}",
                    days=days,
                    period=said(PERIOD_NOUNS[found.per]),
                )
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


# Numbers that describe the group, the grade or a share of the day: never
# sessions or minutes.
_GROUP_SIZE = re.compile(
    r"\(?\b(?:(\d+) ?(?:-|to) ?)?(\d+) (?:students?|peers?|kids|children)\b\)?"
    r"|\bgroups? of (?:up to |no more than )?(?:(\d+) ?(?:-|to) ?)?(\d+)\b"
)
_GRADE = re.compile(
    r"\bgrades? ?(?:k|\d+)(?: ?- ?\d+)?\b|\b\d+(?:st|nd|rd|th) grade\b|\bk ?- ?\d+\b"
)
_PERCENT = re.compile(r"\b\d+(?:\.\d+)? ?(?:%|percent\b)")


def _not_amounts(reading: _Reading) -> None:
    found = reading.found
    for match in reading.take(_GROUP_SIZE):
        size = match.group(2) or match.group(4)
        found.group, found.group_size = "group", int(size)
    if reading.take(_GRADE):
        found.notes.append(said("a grade is not an amount"))
    for match in reading.take(_PERCENT):
        found.doubts.append(
            said(
                "“{words}” is a share, not a number of minutes",
                words=match.group(0).strip(),
            )
        )


def _who_and_where(reading: _Reading) -> None:
    found = reading.found
    _not_amounts(reading)
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
_MIN = r"[- ]?(?:minutes?|mins?|min\.?|m)\b"
_TIMES = r" ?(?:times?|x|sessions?|visits?|periods?|days?)\b"

Step = tuple[re.Pattern[str], Callable[[Frequency, re.Match[str]], None]]


def _set(**values: int) -> Callable[[Frequency, re.Match[str]], None]:
    """A handler copying numbered groups into fields: _set(sessions=1)."""

    def handle(found: Frequency, match: re.Match[str]) -> None:
        for name, group in values.items():
            value, before = float(match.group(group)), getattr(found, name)
            if before is None:
                setattr(found, name, value)
            elif name in _SECOND_AMOUNT:
                # "30 minutes in reading and 30 minutes in math": one counted
                found.doubts.append(said(_SECOND_AMOUNT[name], a=before, b=value))

    return handle


_SECOND_AMOUNT = {
    "minutes": N_("two lengths are written ({a} and {b} minutes), one counted"),
    "sessions": N_("two counts are written ({a} and {b}), one counted"),
}


def _total(found: Frequency, match: re.Match[str]) -> None:
    found.minutes_per_period = float(match.group(1))


def _count_by_length(found: Frequency, match: re.Match[str]) -> None:
    """ "2 x 30": two sessions of 30 minutes. Written the other way round
    ("30 x 3/month", no unit), a count of 30 and a length of 3 cannot be
    meant: read as 3 sessions of 30 minutes, and said to be a guess."""
    first, second = float(match.group(1)), float(match.group(2))
    if match.group(3) is None and first >= 10 and second <= 7 and second < first:
        found.doubts.append(
            said(
                "read “{words}” as {count} sessions of {minutes} minutes (the "
                "length came first)",
                words=match.group(0).strip(),
                count=second,
                minutes=first,
            )
        )
        first, second = second, first
    if found.sessions is None:
        found.sessions = first
    if found.minutes is None:
        found.minutes = second


_STEPS: tuple[Step, ...] = (
    # "for 1350 min served yearly", "total of 240 minutes"
    (re.compile(rf"(?:for|total(?: of)?) {_NUMBER}{_MIN} (?:served|total)\b"), _total),
    (re.compile(rf"\btotal(?: of)? {_NUMBER}{_MIN}"), _total),
    # "2-3 times", "2 to 3 sessions"
    (
        re.compile(rf"\b{_NUMBER} ?(?:-|to|or) ?{_NUMBER}{_TIMES}"),
        _set(sessions=1, sessions_max=2),
    ),
    # "two 25-30 minute sessions": 2 sessions of at least 25 minutes
    (
        re.compile(
            rf"\b{_NUMBER} {_NUMBER} ?(?:-|to) ?{_NUMBER}[- ]?(?:minutes?|mins?|min)\b"
            r"\.?(?=(?: [a-z-]+){0,4} sessions?)"
        ),
        _set(sessions=1, minutes=2, minutes_max=3),
    ),
    # "25-30 minute sessions": at least 25 minutes
    (
        re.compile(
            rf"\b{_NUMBER} ?(?:-|to) ?{_NUMBER}[- ]?(?:minutes?|mins?|min)\b\.?"
        ),
        _set(minutes=1, minutes_max=2),
    ),
    # "30 min x 3"
    (re.compile(rf"\b{_NUMBER}{_MIN} x {_NUMBER}\b"), _set(minutes=1, sessions=2)),
    # "2 x 30 min", "3 x 20", "45 session @ 30"
    (
        re.compile(
            rf"\b{_NUMBER}(?: x| sessions? @| sessions? of| sessions? at) "
            rf"{_NUMBER}({_MIN})?"
        ),
        _count_by_length,
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
    for match in reading.take(_EACH_OF):
        found.doubts.append(
            said(
                "“each {word}” could multiply the amount, and how many is not said",
                word=match.group(1),
            )
        )
    leftover = reading.take(re.compile(rf"\b{_NUMBER}\b"))
    if leftover and found.minutes is None and found.sessions is not None:
        found.minutes = float(leftover[0].group(1))
        found.doubts.append(
            said(
                "read the bare number {number} as minutes", number=leftover[0].group(1)
            )
        )
        leftover = leftover[1:]
    for match in leftover:
        found.doubts.append(
            said("did not use the number {number}", number=match.group(1))
        )
    for match in reading.take(_AMOUNT_WORDS):
        found.doubts.append(
            said(
                "skipped the word “{word}”, which could change the amount",
                word=match.group(0),
            )
        )


# "30 minutes per day in each area": a count of areas the line does not give
_EACH_OF = re.compile(
    r"\bper (?:content )?(area|subject|class|course|goal|domain|skill)s?\b"
)

# Words that, left unread, could change how much is promised.
_AMOUNT_WORDS = re.compile(
    r"\b(?:hours?|hrs?|half|quarter|third|double|triple|additional|extra|plus|"
    r"more|less|fewer|least|most|minimum|combined|split|divided|between|"
    r"semesters?|trimesters?|terms?|fortnight(?:ly)?|alternat\w*|rotat\w*|"
    r"biweekly|bimonthly|semi\w*|no|not|none|zero|weeks|months|years|days|"
    r"above|over|under|below|beyond|exceed\w*)\b"
)


def _complete(found: Frequency, minutes_only: bool) -> None:
    """Derive what follows from what was read."""
    if found.days_a_week is not None:
        days = found.days_a_week
        if found.per in (None, "day"):
            # "two 25 minute sessions five days per week": 2 a day, 5 days
            found.sessions = (found.sessions or 1.0) * days
            found.per = "week"
        elif found.per == "week" and found.sessions is None:
            found.sessions = days
            if minutes_only and found.minutes is not None:
                # "120 minutes per week ... 5 days a week": the minutes are
                # the week's, shared by its days (24 a day)
                found.minutes_per_period = found.minutes
                found.minutes = found.minutes / days
        elif found.per == "week" and found.sessions != days:
            found.doubts.append(
                said(
                    "{count} a week, but {days} days are named",
                    count=found.sessions,
                    days=days,
                )
            )
        elif found.per != "week":
            found.doubts.append(
                said(
                    "{days} days a week, but counted {a_period}",
                    days=days,
                    a_period=said(A_PERIOD[found.per]),
                )
            )
        minutes_only = False  # the days say how the minutes are shared
    if found.sessions_max is None and found.minutes_max is not None:
        found.notes.append(
            said(
                "{low} to {high} minutes: at least {low} counted",
                low=found.minutes,
                high=found.minutes_max,
            )
        )
    if (found.per == "day" or found.every > 1) and found.sessions is None:
        found.sessions = 1.0  # "45 minutes daily" is one session a day
    if found.every > 1 and found.sessions:
        found.sessions /= found.every
    if minutes_only and found.minutes is not None and found.per != "day":
        found.minutes_per_period, found.minutes = found.minutes, None
    if found.minutes_per_period is None and found.sessions and found.minutes:
        found.minutes_per_period = found.sessions * found.minutes
    elif found.sessions and found.minutes and found.minutes_per_period:
        if abs(found.sessions * found.minutes - found.minutes_per_period) > 0.5:
            found.doubts.append(
                said(
                    "{count} x {minutes} min is not the {total} minutes total "
                    "also written",
                    count=found.sessions,
                    minutes=found.minutes,
                    total=found.minutes_per_period,
                )
            )
    elif found.sessions and found.minutes is None and found.minutes_per_period:
        found.minutes = found.minutes_per_period / found.sessions
    if found.per is None:
        found.notes.append(
            said("no period found (per day, week, month, cycle or year)")
        )
    elif found.minutes_per_period is None:
        found.notes.append(said("no duration found (how many minutes a session)"))


def parse(text: str) -> Frequency:
    """Read a frequency as written on an IEP's service page. A line of two
    parts that each say how much and how often ("OT 30 min 1x weekly,
    consult 15 min monthly") is read part by part: see _combined."""
    parts = _components(text)
    if len(parts) == 1:
        return _parse_one(text)
    return _combined(text, [_parse_one(part) for part in parts])


# Where a line may hold a second part: a comma, a semicolon, "and", "plus",
# "+", outside parentheses.
_SEPARATOR = re.compile(r"[,;+]| and | plus | & ")


def _components(text: str) -> list[str]:
    """The parts of a line that each say how much and how often; pieces
    that do not (", pull-out", ", 45 min each") stay with the part before."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        separator = _SEPARATOR.match(text, index) if depth == 0 else None
        if separator and index >= start:
            pieces.append(text[start:index])
            start = separator.end()
    pieces.append(text[start:])
    parts: list[str] = []
    for piece in pieces:
        alone = _parse_one(piece)
        # its own amount and period, or a consult part with its own period
        # ("consult as needed monthly"), is a part of its own
        own = (alone.readable and re.search(r"\d", _normalize(piece))) or (
            alone.delivery == "consult" and alone.per is not None
        )
        if parts and own and _parse_one(parts[-1]).readable:
            parts.append(piece)
        elif parts:
            parts[-1] = f"{parts[-1]}, {piece}"
        else:
            parts.append(piece)
    return [part.strip(" ,;") for part in parts]


def _combined(text: str, parts: list[Frequency]) -> Frequency:
    """One reading of several parts. The counted part is the first direct
    one; a consult part is named, not counted as sessions with the child; a
    second direct part with the same period adds to the first; any other is
    named, not counted, and makes the reading unsure."""
    direct = [p for p in parts if p.delivery != "consult"] or parts[:1]
    found = direct[0]
    found.text = text
    for other in parts:
        if other is found:
            continue
        part = other.text.strip()
        if other.delivery == "consult" and found.delivery != "consult":
            # not counted, so its own doubts change no figure
            found.also.append(part)
            found.notes.append(
                said("also promised, not counted as sessions: {part}", part=part)
            )
            continue
        if other.per == found.per and other.usable and found.usable:
            found.sessions = (found.sessions or 0) + (other.sessions or 0) or None
            found.minutes_per_period = (found.minutes_per_period or 0) + (
                other.minutes_per_period or 0
            ) or None
            if other.minutes != found.minutes:
                lengths = [
                    said("{minutes} minutes", minutes=x)
                    if x is not None
                    else said("no length given")
                    for x in (found.minutes, other.minutes)
                ]
                found.doubts.append(
                    said(
                        "sessions of two lengths ({first} and {second}) are "
                        "added together",
                        first=lengths[0],
                        second=lengths[1],
                    )
                )
                found.minutes = None
            found.notes.append(said("added the part “{part}”", part=part))
            found.ambiguous = found.ambiguous or other.ambiguous
            found.doubts += [d for d in other.doubts if d not in found.doubts]
        else:
            found.also.append(part)
            found.doubts.append(
                said(
                    "the part “{part}” is not counted; write it as its own service",
                    part=part,
                )
            )
    return found


def _parse_one(text: str) -> Frequency:
    reading = _Reading(_normalize(text))
    reading.found.text = text
    _ambiguities(reading)
    _who_and_where(reading)
    _period(reading)
    counted = reading.found.every > 1 or (
        re.search(rf"{_TIMES}|\d x|@", reading.rest) is not None
    )
    _amounts(reading)
    _complete(
        reading.found,
        minutes_only=not counted and reading.found.sessions is None,
    )
    words = [w for w in re.findall(r"[a-z]{3,}", reading.rest) if w not in _FILLER]
    if words:
        reading.found.notes.append(said("did not read: {words}", words=" ".join(words)))
    return reading.found


_FILLER = {
    "per", "for", "each", "the", "and", "with", "session", "sessions", "minutes",
    "minute", "min", "mins", "times", "served", "service", "services", "week",
    "day", "month", "year", "every", "that", "are", "will", "receive", "student",
    "provided", "duration", "frequency", "basis", "total", "school",
}  # fmt: skip


def describe(found: Frequency, cycle_days: int | None = None) -> Said:
    """How the frequency was understood, in a parent's words."""
    if not found.readable:
        return said("not understood: {notes}", notes=one_after_another(found.notes))
    period = (
        said("per {days}-day cycle", days=found.cycle_days or cycle_days or "N")
        if found.per == "cycle"
        else said(A_PERIOD[found.per or "week"])
    )
    if found.every > 1 and found.sessions is not None:
        # "once every 6 weeks": said as written, not as 0.166667 a week
        each = found.sessions * found.every
        words = said_n(
            "{count} session every {every} {periods}",
            "{count} sessions every {every} {periods}",
            each,
            every=found.every,
            periods=said(PERIOD_PLURALS[found.per or "week"]),
        )
        if found.minutes:
            words = said(
                "{words} of {minutes} minutes", words=words, minutes=found.minutes
            )
        return said(
            "{words} ({share:2} {a_period})",
            words=words,
            share=found.sessions,
            a_period=period,
        )
    if found.minutes_per_period is None:
        return said_n(
            "{count} session {a_period}, no duration given",
            "{count} sessions {a_period}, no duration given",
            found.sessions or 0,
            a_period=period,
        )
    if found.sessions is None:
        words = said(
            "{minutes} minutes {a_period} (no number of sessions)",
            minutes=found.minutes_per_period,
            a_period=period,
        )
    elif found.sessions_max:
        words = said(
            "{count} to {most} sessions of {minutes} minutes {a_period} (at least "
            "{total} minutes counted)",
            count=found.sessions,
            most=found.sessions_max,
            minutes=found.minutes or 0,
            a_period=period,
            total=found.minutes_per_period,
        )
    else:
        words = said_n(
            "{count} session of {minutes} minutes {a_period} ({total} minutes)",
            "{count} sessions of {minutes} minutes {a_period} ({total} minutes)",
            found.sessions,
            minutes=found.minutes or 0,
            a_period=period,
            total=found.minutes_per_period,
        )
    extras: list[Said | str] = [
        said(THEIR_WORDS.get(x, x)) for x in (found.delivery, found.group) if x
    ]
    extras += [
        said(THEIR_WORDS.get(x, x)) for x in (found.setting or "").split(", ") if x
    ]
    if found.group_size and found.group == "group":
        extras.append(said("group of {size}", size=found.group_size))
    for extra in extras:
        words = said("{words}, {extra}", words=words, extra=extra)
    return words


# The words for periods, and for what a reading found (delivery, group,
# setting), in the catalog.
A_PERIOD = {
    "day": N_("a day"), "week": N_("a week"), "month": N_("a month"),
    "year": N_("a year"), "grading_period": N_("a grading period"),
    "cycle": N_("a cycle"),
}  # fmt: skip
PERIOD_NOUNS = {
    "day": N_("day"), "week": N_("week"), "month": N_("month"),
    "year": N_("year"), "grading_period": N_("grading period"),
    "cycle": N_("cycle"),
}  # fmt: skip
PERIOD_PLURALS = {
    "day": N_("days"), "week": N_("weeks"), "month": N_("months"),
    "year": N_("years"), "grading_period": N_("grading periods"),
    "cycle": N_("cycles"),
}  # fmt: skip
THEIR_WORDS = {
    "consult": N_("consult"), "direct": N_("direct"),
    "individual": N_("individual"), "group": N_("group"),
    "pull-out": N_("pull-out"), "push-in": N_("push-in"),
    "resource room": N_("resource room"),
    "separate classroom": N_("separate classroom"),
    "general education": N_("general education"),
    "special education": N_("special education"),
    "therapy room": N_("therapy room"), "community": N_("community"),
    "classroom": N_("classroom"),
}  # fmt: skip
