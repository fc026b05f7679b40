"""Reading one file into front matter and body, strictly, with line numbers.

Every scalar stays text (YAML 1.1 would turn `10:00` into 600 and `no` into
False); the model decides which fields are dates, numbers or booleans. Every
mapping and list remembers the line of each of its keys and items, so any
later check can point at the line of the offending key or value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from iepjournal.model.language import said
from iepjournal.model.problems import Problem


class Fields(dict[str, Any]):
    """A YAML mapping that knows where each key and value sits in the file."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        super().__init__()
        # key -> (key line, key column, value line, value column), 1-based
        self.lines: dict[str, tuple[int, int, int, int]] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_fields, (dict(self), self.lines))

    def key_at(self, key: str) -> tuple[int, int]:
        where = self.lines.get(key)
        return (where[0], where[1]) if where else (0, 0)

    def value_at(self, key: str) -> tuple[int, int]:
        where = self.lines.get(key)
        return (where[2], where[3]) if where else (0, 0)


class Items(list[Any]):
    """A YAML list that knows the line of each item."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[int, int]] = []

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_items, (list(self), self.lines))


def _rebuild_fields(data: dict[str, Any], lines: dict[str, Any]) -> Fields:
    fields = Fields()
    fields.update(data)
    fields.lines = lines
    return fields


def _rebuild_items(data: list[Any], lines: list[tuple[int, int]]) -> Items:
    items = Items()
    items.extend(data)
    items.lines = lines
    return items


@dataclass(slots=True)
class RawEntry:
    """One file, split into its parts, before any field is interpreted."""

    path: str
    fields: Fields | None
    body: str
    body_line: int  # the file line the body starts on
    front_matter_line: int  # the line of the opening `---`, 0 when there is none
    problems: list[Problem] = field(default_factory=list)
    day_first: bool = False  # how `3/9/2026` is read: the journal's language


_CONFLICT_START = re.compile(r"^<{7}(?: |$)")
_CONFLICT_MIDDLE = re.compile(r"^={7}\s*$")
_CONFLICT_END = re.compile(r"^>{7}(?: |$)")


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 (a BOM is fine), UTF-16 with its byte-order mark
    (what Windows Notepad saves as "Unicode"), else Windows-1252 with a
    warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").replace("\r\n", "\n"), []
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: a binary file, said below
    if b"\x00" in data[:8192]:
        return None, [
            Problem(
                path,
                0,
                1,
                "error",
                "binary-file",
                said(
                    "This file is not text (it looks like a document or a "
                    "picture saved with a .md name)."
                ),
                said(
                    "Keep PDFs, pictures and Word files under attachments/ with "
                    "their own extension, and list them under `attachments:` in "
                    "an entry."
                ),
            )
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        text = data.decode("cp1252", errors="replace")
        return text, [
            Problem(
                path,
                line,
                column,
                "warning",
                "not-utf8",
                said(
                    "This file is not saved as UTF-8; it was read as "
                    "Windows-1252, so some characters may look wrong."
                ),
                said("Open it in your editor and save it with the UTF-8 encoding."),
            )
        ]


_OPENING = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*(?:\n|\Z)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split(path: str, text: str) -> RawEntry:
    """Text to front matter and body; problems for anything malformed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return RawEntry(path, None, "", 1, 0, [_empty(path)])
    if "<<<<<<<" in text:
        conflict = _git_conflict(path, text.split("\n"))
        if conflict:
            return RawEntry(path, None, "", 1, 0, [conflict])
    typed_fence = None
    if _TYPED_OPENING.match(text):  # a phone's smart dashes
        text, typed_fence = _plain_fences(path, text)
    opening_match = _OPENING.match(text)
    if not opening_match:
        return RawEntry(path, None, text, 1, 0)
    opening = text.count("\n", 0, opening_match.end() - 1) + 1
    closing = _CLOSING.search(text, opening_match.end())
    if closing is None:
        problem = Problem(
            path,
            opening,
            1,
            "error",
            "unclosed-front-matter",
            said("The front matter opened with --- on this line is never closed."),
            said("Add a line with only --- after the last field, before the text."),
        )
        return RawEntry(path, None, "", 1, opening, [problem])
    front = text[opening_match.end() : closing.start()]
    body_line = opening + front.count("\n") + 2
    raw = RawEntry(path, None, text[closing.end() + 1 :], body_line, opening)
    if typed_fence is not None:
        raw.problems.append(typed_fence)
    if "\t" in front:
        tab = _leading_tab(path, front.split("\n"), opening)
        if tab:
            raw.problems.append(tab)
            return raw
    raw.fields = _parse(path, front, opening, raw.problems)
    return raw


# A fence line of dashes a phone made "smart": iOS turns --- into an em or
# en dash and a hyphen.
_TYPED_FENCE = r"[ \t]*(?=[-\u2012-\u2015]*[\u2012-\u2015])[-\u2012-\u2015]{1,3}[ \t]*$"
_TYPED_OPENING = re.compile(r"\A(?:[ \t]*\n)*" + _TYPED_FENCE, re.MULTILINE)
_TYPED_LINE = re.compile("^" + _TYPED_FENCE, re.MULTILINE)


def _plain_fences(path: str, text: str) -> tuple[str, Problem]:
    """The text with its opening fence, and the next fence of typed dashes,
    written as ---; and the warning that says so."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    lines[first] = "---"
    for index in range(first + 1, len(lines)):
        if lines[index].strip() == "---":
            break
        if _TYPED_LINE.match(lines[index]):
            lines[index] = "---"
            break
    problem = Problem(
        path,
        first + 1,
        1,
        "warning",
        "typed-fence",
        said(
            "The line of dashes that opens the front matter was typed as "
            "a long dash (a phone's smart punctuation); it is read as "
            "---."
        ),
        said(
            "Turn off Smart Punctuation (iPhone: Settings, General, "
            "Keyboard), or fix the line to three hyphens: ---."
        ),
    )
    return "\n".join(lines), problem


def _empty(path: str) -> Problem:
    return Problem(
        path,
        1,
        1,
        "warning",
        "empty-file",
        said("This file is empty, so it records nothing."),
        said("Write the entry in it, or delete it if it was made by mistake."),
    )


def _git_conflict(path: str, lines: list[str]) -> Problem | None:
    """One error for a git conflict; a lone ======= is a heading underline."""
    for start, line in enumerate(lines):
        if not _CONFLICT_START.match(line):
            continue
        middle = next(
            (
                i
                for i in range(start + 1, len(lines))
                if _CONFLICT_MIDDLE.match(lines[i])
            ),
            None,
        )
        if middle is None:
            continue
        if any(_CONFLICT_END.match(lines[i]) for i in range(middle + 1, len(lines))):
            return Problem(
                path,
                start + 1,
                1,
                "error",
                "git-conflict",
                said(
                    "This file still has git conflict markers (<<<<<<<, =======, "
                    ">>>>>>>), so it was not read."
                ),
                said(
                    "Keep the version you want between the markers, delete the "
                    "other one and the three marker lines, then save."
                ),
            )
    return None


def _leading_tab(path: str, yaml_lines: list[str], opening: int) -> Problem | None:
    for number, line in enumerate(yaml_lines, start=opening + 1):
        indent = len(line) - len(line.lstrip(" \t"))
        column = line.find("\t", 0, indent)
        if column >= 0:
            return Problem(
                path,
                number,
                column + 1,
                "error",
                "tab",
                said("This line is indented with a tab; front matter needs spaces."),
                said("Replace the tab with spaces (two spaces per level is usual)."),
            )
    return None


def _parse(
    path: str, text: str, opening: int, problems: list[Problem]
) -> Fields | None:
    from iepjournal.journal import yamlreading  # a warm load reads no YAML at all

    return yamlreading.parse(path, text, opening, problems)
