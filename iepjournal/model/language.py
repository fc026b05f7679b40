"""The languages iepjournal speaks, and the words a family reads.

A sentence made anywhere below the command line (a problem, a finding, a
doubt about a frequency) is a `Said`: its English words, which are the key
into every language's catalog, and its values (names, dates, numbers,
other sentences) kept as values. A `Said` is also a `str`, its English
rendering, so English needs nothing more; a `Language` says it again in
another language when the page, the report or the letter is made.

Catalogs are gettext's (`iepjournal/locale/<code>/LC_MESSAGES/iepjournal.mo`,
compiled by Babel from the `.po` beside it; docs/languages.md tells how to
add one). Dates, numbers, lists and plurals are Babel's, by the language's
own rules ("30 de septiembre de 2026", "1,5"), never put together by hand.
A third language is a catalog, not a change to this code.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import gettext
import re
import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

# The languages a journal may be in, by code, with their own names.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT = "en"
DOMAIN = "iepjournal"
LOCALE_FOLDER = Path(__file__).resolve().parent.parent / "locale"


class Said(str):
    """A sentence: its English words (`msgid`, with `{name}` places) and
    the values for those places. As a `str`, it is the English sentence."""

    msgid: str
    values: Mapping[str, object]
    plural: str
    amount: int | None  # the number that chooses the plural form

    def __new__(
        cls,
        msgid: str,
        values: Mapping[str, object] | None = None,
        plural: str = "",
        count: int | None = None,
    ) -> Said:
        values = dict(values or {})
        text = ENGLISH.compose(msgid, values, plural, count)
        made = super().__new__(cls, text)
        made.msgid = msgid
        made.values = values
        made.plural = plural
        made.amount = count
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Said, (self.msgid, dict(self.values), self.plural, self.amount))


def said(msgid: str, /, **values: object) -> Said:
    """A sentence to be said in the reader's language; `msgid` is English
    with `{name}` for each value. Babel finds these calls to make the
    catalog (keyword `said`)."""
    return Said(msgid, values)


def said_n(singular: str, plural: str, count: float, /, **values: object) -> Said:
    """A sentence whose words follow a number (`{count}`): the language's
    plural rules choose the form (a fraction, 1.5, takes the plural)."""
    amount = int(count) if count == int(count) else 2
    return Said(singular, {"count": count, **values}, plural, amount)


def one_after_another(items: Iterable[object], between: str = "; ") -> Said:
    """Notes or doubts one after another, as "a; b; c" (or with another
    mark `between` them: ", ")."""
    items = list(items)
    if not items:
        return Said("")
    joined = Said("{first}", {"first": items[0]})
    for item in items[1:]:
        joined = Said(
            "{first}" + between + "{second}", {"first": joined, "second": item}
        )
    return joined


class LanguageName:
    """A language named in a sentence ("an interpreter for Spanish" /
    "un intérprete de español"): each language says it its own way, by
    Babel's names for languages."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __repr__(self) -> str:
        return f"LanguageName({self.code!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LanguageName) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)

    def shown_in(self, language: Language) -> str:
        name = _locale(self.code).get_display_name(_locale(language.code))
        return str(name or self.code)


def N_(msgid: str) -> str:
    """Marks English words for the catalog where they are looked up later
    (a table of labels); says nothing itself."""
    return msgid


_SPEC = re.compile(r"\{\w+:")
_ONLY_PLACES = re.compile(r"(\{\w+(:\w+)?\}[\s,;]*)*")


class _Formatter(string.Formatter):
    def __init__(self, language: Language) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        return self.language.value(value, format_spec)


class Language:
    """One language: its catalog, and Babel's rules for its dates, numbers,
    lists and plurals."""

    def __init__(self, code: str, catalog: gettext.NullTranslations) -> None:
        self.code = code
        self.catalog = catalog
        self._formatter = _Formatter(self)
        self._known: dict[object, str] = getattr(catalog, "_catalog", {})
        # msgids asked for that the catalog does not have (the tests read it)
        self.missing: set[str] = set()

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    # --- words -----------------------------------------------------------

    def gettext(self, msgid: str) -> str:
        if self.code == DEFAULT or not msgid:
            return msgid
        if msgid not in self._known and not _ONLY_PLACES.fullmatch(msgid):
            self.missing.add(msgid)
        return self.catalog.gettext(msgid)

    def pgettext(self, context: str, msgid: str) -> str:
        """A short word whose meaning its `context` tells ("page" in a
        printed page's footer)."""
        if self.code == DEFAULT:
            return msgid
        if f"{context}\x04{msgid}" not in self._known:
            self.missing.add(f"{context}|{msgid}")
        return self.catalog.pgettext(context, msgid)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        if self.code == DEFAULT:
            return singular if count == 1 else plural
        if (singular, 0) not in self._known:
            self.missing.add(singular)
        return self.catalog.ngettext(singular, plural, count)

    def compose(
        self,
        msgid: str,
        values: Mapping[str, object],
        plural: str = "",
        count: int | None = None,
    ) -> str:
        if plural and count is not None:
            pattern = self.ngettext(msgid, plural, count)
        else:
            pattern = self.gettext(msgid)
        if not values:
            return pattern
        if not _SPEC.search(pattern) and all(
            type(v) is str or (self.code == DEFAULT and isinstance(v, Said))
            for v in values.values()
        ):
            # only text to put in its places (the common case: names, ids):
            # Python's own formatting gives the same, ten times faster
            return pattern.format_map(values)
        return self._formatter.vformat(pattern, (), values)

    def say(self, text: object) -> str:
        """A `Said` in this language, and a value that knows how it is
        shown (`shown_in`, a measurement); any other text as it is (a
        family's own words are never translated)."""
        if isinstance(text, Said):
            if self.code == DEFAULT:
                return str.__str__(text)
            return self.compose(text.msgid, text.values, text.plural, text.amount)
        if text is None:
            return ""
        shown = getattr(text, "shown_in", None)
        if shown is not None and not isinstance(text, str):
            return str(shown(self))
        return str(text)

    def _(self, msgid: str, /, **values: object) -> str:
        """`language._("Held {n}", n=3)`: look up and fill in, in one step
        (the render layer's and the command line's own sentences)."""
        return self.compose(msgid, values)

    def n_(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        return self.compose(singular, {"count": count, **values}, plural, count)

    def said_in(self, value: Any) -> Any:
        """`value` with every Said in it said in this language: a finding,
        a report, a list of them. Dataclasses are copied where something
        in them changes (never changed in place); a family's entries are
        passed by (their words are never translated). English is the
        value itself."""
        if self.code == DEFAULT:
            return value
        return _Translation(self).walk(value)

    # --- values ----------------------------------------------------------

    def value(self, value: object, spec: str = "") -> str:
        if isinstance(value, Said):
            return self.say(value)
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return self.gettext("yes") if value else self.gettext("no")
        if isinstance(value, int | float):
            if spec.isdigit():  # `{share:2}`: two decimals
                return _number(self.code, round(float(value), int(spec)), int(spec))
            return self.number(value)
        if isinstance(value, dt.datetime):
            return self.date(value.date(), spec or "long")
        if isinstance(value, dt.date):
            return self.date(value, spec or "long")
        shown = getattr(value, "shown_in", None)
        if shown is not None:
            return str(shown(self))
        if isinstance(value, tuple | list):
            return self.listed([self.value(item, spec) for item in value])
        return format(value, spec)

    def date(self, day: dt.date, style: str = "long") -> str:
        """`long`: September 30, 2026; `short`: Sep 30; `medium`: Sep 30,
        2026; `month`: September 2026; `shortmonth`: Sep 2026; `weekday`:
        Wednesday; `numeric`: 9/30/26."""
        return _date(self.code, day, style)

    def number(
        self, value: float | None, empty: str = "-", grouped: bool = True
    ) -> str:
        """At most one decimal, as the language writes it: 1.5 / 1,5;
        thousands grouped (1,116 / 1116) unless `grouped` is False (a
        narrow column)."""
        if value is None:
            return empty
        return _number(self.code, round(float(value), 1), 1, grouped)

    def listed(self, items: list[str]) -> str:
        if not items:
            return ""
        from babel.lists import format_list

        return str(format_list(items, locale=self.code))


class _Translation:
    def __init__(self, language: Language) -> None:
        self.language = language
        self.done: dict[int, Any] = {}
        self.kept: list[Any] = []  # the originals, alive while ids are used

    def walk(self, value: Any) -> Any:
        if isinstance(value, Said):
            return self.language.say(value)
        if value is None or isinstance(value, str | int | float | dt.date):
            return value
        key = id(value)
        if key in self.done:
            return self.done[key]
        self.kept.append(value)
        self.done[key] = value  # a cycle comes back to the original
        made: Any = value
        if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
            items = [self.walk(item) for item in value]
            if any(a is not b for a, b in zip(items, value, strict=True)):
                made = items if isinstance(value, list) else tuple(items)
        elif isinstance(value, dict):
            pairs = [(self.walk(k), self.walk(v)) for k, v in value.items()]
            if any(
                a is not k or b is not v
                for (a, b), (k, v) in zip(pairs, value.items(), strict=True)
            ):
                made = dict(pairs)
        elif dataclasses.is_dataclass(value) and not getattr(
            value, "FAMILY_WORDS", False
        ):
            changed = {}
            for item in dataclasses.fields(value):
                before = getattr(value, item.name, None)
                after = self.walk(before)
                if after is not before:
                    changed[item.name] = after
            if changed:
                made = copy.copy(value)
                for name, after in changed.items():
                    object.__setattr__(made, name, after)
        self.done[key] = made
        return made


_SKELETONS = {"short": "MMMd", "medium": "yMMMd", "month": "yMMMM",
              "shortmonth": "yMMM", "weekday": "EEEE"}  # fmt: skip


@functools.lru_cache(maxsize=8192)
def _date(code: str, day: dt.date, style: str) -> str:
    from babel import dates

    return str(dates.format_date(day, _date_pattern(code, style), locale=_locale(code)))


@functools.cache
def _locale(code: str) -> Any:
    from babel import Locale

    return Locale.parse(code)


@functools.cache
def _date_pattern(code: str, style: str) -> str:
    """The language's pattern for a style of date, found once: Babel's
    matching of a skeleton to a pattern costs a millisecond a call (a
    journal of 300 notes asked for it 73 times in `check`)."""
    from babel import dates

    locale = _locale(code)
    if style == "weekday":  # the day's whole name, in every language
        return "EEEE"
    if style in ("long", "numeric"):
        found = dates.get_date_format("long" if style == "long" else "short", locale)
        return str(found.pattern)
    skeleton = _SKELETONS.get(style, "yMMMd")
    if skeleton not in locale.datetime_skeletons:
        skeleton = dates.match_skeleton(skeleton, locale.datetime_skeletons) or "yMd"
    return str(locale.datetime_skeletons[skeleton].pattern)


@functools.lru_cache(maxsize=8192)
def _number(code: str, value: float, decimals: int = 1, grouped: bool = True) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" if grouped else "0"
    if decimals:
        pattern += "." + "#" * decimals
    return str(
        format_decimal(value, format=pattern, locale=code, group_separator=grouped)
    )


@functools.cache
def day_first(code: str) -> bool:
    """Whether the language writes a date's day before its month
    (`30/9/2026`), by Babel's short date pattern for it."""
    if code == DEFAULT:
        return False
    from babel.dates import get_date_format

    pattern = str(get_date_format("short", locale=code).pattern)
    return pattern.lower().find("d") < pattern.find("M")


def catalog(code: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (NullTranslations for English)."""
    if code == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_FOLDER, languages=[code])


@functools.cache
def language(code: str | None) -> Language:
    """The language by its code; English for None or an unknown code."""
    code = code if code in LANGUAGES else DEFAULT
    assert code is not None
    return Language(code, catalog(code))


ENGLISH = Language(DEFAULT, gettext.NullTranslations())
