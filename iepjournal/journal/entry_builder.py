"""From a file's raw parts to a typed entry, with problems collected.

Each type has a builder that reads its own fields; fields every entry shares
are read once here. Nothing is guessed: a field that cannot be read becomes
a problem at its line and is left empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from iepjournal.journal.fields import FieldReader
from iepjournal.journal.frontmatter import Fields, Items, RawEntry
from iepjournal.model import entries as e
from iepjournal.model import school_log
from iepjournal.model.dates import parse_date
from iepjournal.model.frequency import parse as parse_frequency
from iepjournal.model.language import said
from iepjournal.model.problems import Problem

COMMON_FIELDS = ("type", "date", "title", "id", "tags", "attachments")

_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")

Builder = Callable[[FieldReader, dict[str, Any]], e.Entry]


def folder_type(path: str) -> str | None:
    top, slash, _ = path.partition("/")
    return e.FOLDER_TYPES.get(top.lower()) if slash else None


def name_date(path: str) -> str | None:
    found = _DATED_NAME.match(path.rpartition("/")[2])
    return found.group(1) if found else None


def first_heading(body: str) -> str:
    """The first `#` heading of the body, skipping fenced code."""
    if not body.startswith("# ") and "\n# " not in body:
        return ""
    fenced = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.startswith("# "):
            found = _HEADING.match(line)
            if found:
                return found.group(1)
    return ""


def build(raw: RawEntry) -> e.Entry | None:
    """The typed entry of one file, or None when it cannot be one."""
    if raw.fields is None:
        if raw.front_matter_line or raw.problems:
            return None
        return _without_front_matter(raw)
    reader = FieldReader(raw.path, raw.fields, raw.problems, raw.day_first)
    common = _common(reader, raw)
    if common is None:
        return None
    builder, known = BUILDERS[common["type"]]
    extra = reader.unknown_fields(
        COMMON_FIELDS + known, said("a `{type}` entry", type=common["type"])
    )
    return builder(reader, common | {"extra": extra})


def _without_front_matter(raw: RawEntry) -> e.Entry | None:
    kind, day = folder_type(raw.path), name_date(raw.path)
    if kind and day:
        raw.problems.append(
            Problem(
                raw.path,
                1,
                1,
                "warning",
                "no-front-matter",
                said(
                    "This file has no front matter; it was read as a {kind} "
                    "dated {day} from its folder and name.",
                    kind=said(e.TYPE_NAMES.get(kind, kind)),
                    day=day,
                ),
                said(
                    "Start the file with a line `---`, the fields, and another `---`."
                ),
            )
        )
        fields = Fields()
        return build(RawEntry(raw.path, fields, raw.body, 1, 0, raw.problems))
    raw.problems.append(
        Problem(
            raw.path,
            1,
            1,
            "error",
            "no-front-matter",
            said(
                "This file does not start with front matter, so the journal "
                "cannot tell what it is or when it happened."
            ),
            said(
                "Start the file with a line `---`, then `type: note` and "
                "`date: 2026-09-14` (for example), then another line `---`."
            ),
        )
    )
    return None


def _common(reader: FieldReader, raw: RawEntry) -> dict[str, Any] | None:
    kind = _entry_type(reader, raw)
    day, time = reader.date("date")
    if day is None and not reader.has("date"):
        from_name = name_date(raw.path)
        parsed = parse_date(from_name) if from_name else None
        if isinstance(parsed, tuple):
            day = parsed[0]
        else:
            _missing_date(
                raw,
                kind,
                unfilled=kind == "iep"
                and not (reader.has("services") and reader.fields.get("services")),
            )
    elif day is not None:
        _compare_name_date(reader, raw, day)
    if kind is None or day is None:
        return None
    stem = (
        raw.path.rsplit(".", 1)[0]
        if raw.path.lower().endswith((".md", ".txt"))
        else raw.path
    )
    return {
        "id": reader.text("id") or stem,
        "path": raw.path,
        "type": kind,
        "date": day,
        "time": time,
        "title": reader.text("title")
        or first_heading(raw.body)
        or stem.rpartition("/")[2],
        "tags": reader.words("tags"),
        "attachments": reader.words("attachments"),
        "body": raw.body,
        "body_line": raw.body_line,
        "line": raw.front_matter_line or 1,
        "field_lines": {key: where[0] for key, where in raw.fields.lines.items()}
        if raw.fields is not None
        else {},
    }


def _entry_type(reader: FieldReader, raw: RawEntry) -> str | None:
    if reader.has("type"):
        kind = reader.choice(
            "type", e.FOLDER_TYPES, "error", "unknown-type", said("type")
        )
        if kind in e.FOLDER_TYPES:  # plurals like `notes` are fine
            return e.FOLDER_TYPES[kind]
        return None
    inferred = folder_type(raw.path)
    if inferred is None:
        raw.problems.append(
            Problem(
                raw.path,
                raw.front_matter_line or 1,
                1,
                "error",
                "missing-type",
                said("This entry does not say what it is."),
                said(
                    "Add a line like `type: note` (iep, note, email, letter, "
                    "progress, meeting, notice, change, evaluation), or move the "
                    "file into a folder named after its type, like notes/."
                ),
            )
        )
    return inferred


def _missing_date(raw: RawEntry, kind: str | None, unfilled: bool = False) -> None:
    if unfilled:  # the IEP `init` wrote, not filled in yet: a minute-old journal
        raw.problems.append(
            Problem(
                raw.path,
                raw.front_matter_line or 1,
                1,
                "warning",
                "iep-not-filled-in",
                said(
                    "This IEP is not filled in yet: it has no date and no "
                    "services, so nothing can be counted."
                ),
                said(
                    "Open it and follow the steps in its comments: copy the "
                    "dates from the IEP's first page, then one service's "
                    "frequency."
                ),
            )
        )
        return
    if kind == "iep":
        message = said(
            "This IEP has no date, so the journal cannot tell when it applies."
        )
        hint = said(
            "Copy the date of the IEP meeting from its first page, like "
            "`date: 2026-05-20`, and the day it starts as `effective:`."
        )
    else:
        message = said(
            "This entry has no date, so it cannot be placed on the timeline."
        )
        hint = said(
            "Add a line like `date: 2026-09-14`, or start the file name with "
            "the date, like 2026-09-14-speech.md."
        )
    raw.problems.append(
        Problem(
            raw.path,
            raw.front_matter_line or 1,
            1,
            "error",
            "missing-date",
            message,
            hint,
        )
    )


def _compare_name_date(reader: FieldReader, raw: RawEntry, day: Any) -> None:
    from_name = name_date(raw.path)
    parsed = parse_date(from_name) if from_name else None
    if isinstance(parsed, tuple) and parsed[0] != day:
        reader.problem(
            "date",
            "warning",
            "date-mismatch",
            said(
                "The file name says {from_name} but `date` says {day}.",
                from_name=from_name,
                day=day.isoformat(),
            ),
            said(
                "Fix whichever is wrong (a copied file often keeps the old "
                "date); `date` is the one used."
            ),
        )


def _items(reader: FieldReader, key: str) -> list[tuple[Any, int, int]]:
    """Items of a list field with their lines; a problem if it is not a list."""
    value = reader.fields.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, Items):
        return [(item, *value.lines[i]) for i, item in enumerate(value)]
    reader.problem(
        key,
        "error",
        "wrong-shape",
        said("`{key}` should be a list (lines starting with -).", key=key),
    )
    return []


def _mapping_items(reader: FieldReader, key: str) -> list[tuple[str, Any, int, int]]:
    """(key, value, line, column) of a field written as `name: value` lines,
    or as a list of mappings each with a name field (the long form)."""
    value = reader.fields.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, Fields):
        return [(k, v, *value.key_at(k)) for k, v in value.items()]
    name_key = {"sessions": "service", "goals": "goal"}.get(key, "id")
    if isinstance(value, Items):
        found = []
        for item, (line, column) in zip(value, value.lines, strict=True):
            if isinstance(item, Fields) and isinstance(item.get(name_key), str):
                rest = Fields()
                rest.update({k: v for k, v in item.items() if k != name_key})
                rest.lines = item.lines
                found.append((item[name_key], rest, line, column))
            else:
                reader.problems.append(
                    Problem(
                        reader.path,
                        line,
                        column,
                        "error",
                        "wrong-shape",
                        said(
                            "Each item of `{key}` needs a `{name_key}` field.",
                            key=key,
                            name_key=name_key,
                        ),
                    )
                )
        return found
    reader.problem(
        key,
        "error",
        "wrong-shape",
        said("`{key}` should be a list of fields.", key=key),
    )
    return []


def _sub_reader(
    reader: FieldReader, value: Any, line: int, column: int, what: str
) -> FieldReader | None:
    if isinstance(value, Fields):
        return FieldReader(reader.path, value, reader.problems, reader.day_first)
    reader.problems.append(
        Problem(
            reader.path,
            line,
            column,
            "error",
            "wrong-shape",
            said("Each {what} should be a group of `field: value` lines.", what=what),
        )
    )
    return None


# --- iep ---------------------------------------------------------------------

SERVICE_FIELDS = ("id", "name", "frequency", "setting", "provider", "start", "end")
GOAL_FIELDS = (
    "id",
    "area",
    "goal",
    "baseline",
    "baseline_date",
    "target",
    "by",
    "measure",
)
IEP_KINDS = ("initial", "annual", "amendment")


def _iep(reader: FieldReader, common: dict[str, Any]) -> e.Entry:
    services = tuple(
        s for s in (_service(reader, *item) for item in _items(reader, "services")) if s
    )
    goals = tuple(
        g for g in (_goal(reader, *item) for item in _items(reader, "goals")) if g
    )
    _unique_ids(reader, services, "service")
    _unique_ids(reader, goals, "goal")
    return e.Iep(
        **common,
        kind=reader.choice(
            "kind", IEP_KINDS, "warning", "unknown-kind", said("kind of IEP")
        )
        or "annual",
        effective=reader.day("effective"),
        ends=reader.day("ends"),
        last_evaluation=reader.day("last_evaluation"),
        case_manager=reader.text("case_manager"),
        progress_reports=reader.text("progress_reports"),
        services=services,
        goals=goals,
        accommodations=reader.words("accommodations"),
    )


def _service(
    reader: FieldReader, value: Any, line: int, column: int
) -> e.Service | None:
    sub = _sub_reader(reader, value, line, column, said("service"))
    if sub is None:
        return None
    sub.unknown_fields(SERVICE_FIELDS, said("a service"))
    service_id = sub.text("id").lower()  # `Speech` on a phone is `speech`
    if not service_id:
        _missing_id(reader, line, column, "service", "speech")
        return None
    if not sub.has("frequency"):
        reader.problems.append(
            Problem(
                reader.path,
                line,
                column,
                "warning",
                "missing-frequency",
                said(
                    "Service `{service_id}` has no `frequency`, so nothing can "
                    "be compared with it.",
                    service_id=service_id,
                ),
                said(
                    "Copy the frequency and duration as written on the IEP's "
                    "service page, like `frequency: 2 x 30 min weekly`."
                ),
            )
        )
    frequency = sub.text("frequency")
    return e.Service(
        id=service_id,
        name=sub.text("name") or service_id,
        frequency=frequency,
        reading=parse_frequency(frequency),
        frequency_line=sub.fields.value_at("frequency")[0] if frequency else 0,
        setting=sub.text("setting"),
        provider=sub.text("provider"),
        start=sub.day("start"),
        end=sub.day("end"),
        line=line,
    )


def _goal(reader: FieldReader, value: Any, line: int, column: int) -> e.Goal | None:
    sub = _sub_reader(reader, value, line, column, said("goal"))
    if sub is None:
        return None
    sub.unknown_fields(GOAL_FIELDS, said("a goal"))
    goal_id = sub.text("id").lower()
    if not goal_id:
        _missing_id(reader, line, column, "goal", "reading-fluency")
        return None
    return e.Goal(
        id=goal_id,
        goal=sub.text("goal"),
        area=sub.text("area"),
        baseline=sub.text("baseline"),
        target=sub.text("target"),
        baseline_date=sub.day("baseline_date"),
        by=sub.day("by"),
        measure=sub.text("measure"),
        line=line,
    )


def _missing_id(
    reader: FieldReader, line: int, column: int, what: str, eg: str
) -> None:
    reader.problems.append(
        Problem(
            reader.path,
            line,
            column,
            "error",
            "missing-id",
            said(
                "This {what} has no `id`, so notes and reports cannot refer to it.",
                what=what,
            ),
            said("Give it a short id you will type in notes, like `id: {eg}`.", eg=eg),
        )
    )


def _unique_ids(reader: FieldReader, items: tuple[Any, ...], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            reader.problems.append(
                Problem(
                    reader.path,
                    item.line,
                    1,
                    "error",
                    "duplicate-id",
                    said(
                        "Two {what}s in this IEP have the id `{item_id}`.",
                        what=what,
                        item_id=item.id,
                    ),
                    said("Give each {what} its own id.", what=what),
                )
            )
        seen.add(item.id)


# --- note --------------------------------------------------------------------

SESSION_FIELDS = ("status", "minutes", "reason", "by")


def _note(reader: FieldReader, common: dict[str, Any]) -> e.Entry:
    sessions = tuple(
        s
        for s in (
            _session(reader, *item) for item in _mapping_items(reader, "sessions")
        )
        if s
    )
    closed = reader.boolean("school_closed")
    made = not reader.text("title") and not first_heading(common["body"])
    if made:
        common = common | {"title": _note_title(sessions, closed, common["body"])}
    return e.Note(
        **common,
        sessions=sessions,
        mood=_mood(reader),
        school_closed=closed,
        titled_by_sessions=made and bool(sessions) and not closed,
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _note_title(sessions: tuple[e.Session, ...], closed: bool, body: str) -> str:
    """A title for a note that has none: what happened, in a few words."""
    if closed:
        return "School closed"
    if sessions:
        return _first_upper(", ".join(f"{s.service} {s.status}" for s in sessions))
    words = " ".join(body.split())
    return (words[:57] + "...") if len(words) > 60 else (words or "Note")


def _session(
    reader: FieldReader, service: str, value: Any, line: int, column: int
) -> e.Session | None:
    if isinstance(value, str) or value is None:
        fields = Fields()
        fields["status"] = value or ""
        fields.lines["status"] = (line, column, line, column)
        value = fields
    sub = _sub_reader(reader, value, line, column, said("session"))
    if sub is None:
        return None
    sub.unknown_fields(SESSION_FIELDS, said("a session"))
    if not sub.has("status"):
        reader.problems.append(
            Problem(
                reader.path,
                line,
                column,
                "error",
                "missing-status",
                said(
                    "The session for `{service}` does not say what happened.",
                    service=service,
                ),
                said(
                    "Write one of: {statuses}, cancelled (in Spanish: realizada, "
                    "parcial, perdida, recuperada, cancelada).",
                    statuses=", ".join(e.STATUSES),
                ),
            )
        )
        return None
    written = sub.text("status").strip().lower().replace(" ", "-")
    canonical, side = e.STATUS_WORDS.get(written, ("", ""))
    status = canonical or sub.choice(
        "status", e.STATUSES, "error", "unknown-status", said("session status"),
        also=e.STATUS_WORDS,
    )  # fmt: skip
    if not status:
        return None
    minutes = sub.minutes("minutes")
    if status == "partial" and minutes is None and not sub.has("minutes"):
        reader.problems.append(
            Problem(
                reader.path,
                line,
                column,
                "error",
                "partial-without-minutes",
                said(
                    "The `{service}` session is `partial` but does not say how "
                    "many minutes it lasted.",
                    service=service,
                ),
                said(
                    "Write it as `{service}: {{status: partial, minutes: 15}}`.",
                    service=service,
                ),
            )
        )
    by = e.SIDE_WORDS.get(sub.text("by").strip().lower(), "") or sub.choice(
        "by", e.SIDES, "warning", "unknown-side", said("side (school or student)"),
        also=e.SIDE_WORDS,
    )  # fmt: skip
    return e.Session(
        service=service,
        status=status,
        minutes=minutes,
        reason=sub.text("reason"),
        by=by if by in e.SIDES else side,
        line=line,
    )


# --- email and letter ----------------------------------------------------------

MESSAGE_FIELDS = (
    "from",
    "to",
    "cc",
    "subject",
    "reply_needed",
    "reply_by",
    "request",
    "in_reply_to",
    "message_id",
    "draft",
)
REQUESTS = ("meeting", "data", "records", "evaluation", "other")


def _message(reader: FieldReader, common: dict[str, Any]) -> e.Entry:
    subject = reader.text("subject")
    if subject and not reader.text("title") and not first_heading(common["body"]):
        common = common | {"title": subject}  # an email's title is its subject
    return e.Message(
        **common,
        sender=reader.text("from"),
        to=reader.words("to"),
        cc=reader.words("cc"),
        subject=reader.text("subject"),
        reply_needed=reader.boolean("reply_needed"),
        reply_by=reader.day("reply_by"),
        request=reader.choice(
            "request", REQUESTS, "warning", "unknown-request", said("request")
        ),
        in_reply_to=reader.text("in_reply_to"),
        message_id=reader.text("message_id"),
        draft=reader.boolean("draft"),
    )


# --- progress ------------------------------------------------------------------

GOAL_REPORT_FIELDS = ("reported", "value", "code")


def _progress(reader: FieldReader, common: dict[str, Any]) -> e.Entry:
    reports = []
    for goal, value, line, column in _mapping_items(reader, "goals"):
        if isinstance(value, str) or value is None:
            reports.append(e.GoalReport(goal=goal, reported=value or "", line=line))
            continue
        sub = _sub_reader(reader, value, line, column, said("goal report"))
        if sub is None:
            continue
        sub.unknown_fields(GOAL_REPORT_FIELDS, said("a goal's progress"))
        reports.append(
            e.GoalReport(
                goal=goal,
                reported=sub.text("reported"),
                value=sub.text("value"),
                code=sub.text("code"),
                line=line,
            )
        )
    period = reader.text("period")
    if not reader.text("title") and not first_heading(common["body"]):
        common = common | {"title": _first_upper(f"{period} progress report".strip())}
    return e.Progress(**common, period=period, goals=tuple(reports))


# --- the rest ------------------------------------------------------------------

MEETING_KINDS = ("iep", "annual-review", "amendment", "eligibility", "informal")


def _meeting(reader: FieldReader, common: dict[str, Any]) -> e.Entry:
    follow_up = []
    for value, line, column in _items(reader, "follow_up"):
        if isinstance(value, str):
            follow_up.append(e.FollowUp(what=value, line=line))
            continue
        sub = _sub_reader(reader, value, line, column, said("follow-up"))
        if sub:
            sub.unknown_fields(("what", "who", "by"), said("a follow-up"))
            follow_up.append(
                e.FollowUp(
                    what=sub.text("what"),
                    who=sub.text("who"),
                    by=sub.day("by"),
                    line=line,
                )
            )
    return e.Meeting(
        **common,
        kind=reader.choice(
            "kind", MEETING_KINDS, "warning", "unknown-kind", said("kind of meeting")
        ),
        attendees=reader.words("attendees"),
        requested_by=reader.text("requested_by"),
        decisions=_lines_of_text(reader, "decisions"),
        follow_up=tuple(follow_up),
    )


def _lines_of_text(reader: FieldReader, key: str) -> tuple[str, ...]:
    value = reader.fields.get(key)
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    return tuple(
        str(v).strip() for v, _, _ in _items(reader, key) if isinstance(v, str)
    )


def _notice(reader: FieldReader, common: dict[str, Any]) -> e.Entry:
    return e.Notice(
        **common,
        action=reader.choice(
            "action",
            ("proposes", "refuses"),
            "warning",
            "unknown-action",
            said("notice action"),
        ),
        about=reader.text("about"),
        services=reader.words("services"),
    )


def _change(reader: FieldReader, common: dict[str, Any]) -> e.Entry:
    return e.Change(
        **common,
        service=reader.text("service"),
        about=reader.text("about"),
        what=reader.text("what"),
        notice=reader.text("notice"),
        meeting=reader.text("meeting"),
    )


def _evaluation(reader: FieldReader, common: dict[str, Any]) -> e.Entry:
    return e.Evaluation(
        **common,
        kind=reader.choice(
            "kind",
            ("school", "outside"),
            "warning",
            "unknown-kind",
            said("kind of evaluation"),
        ),
        evaluator=reader.text("evaluator"),
        shared_with_school=reader.day("shared_with_school"),
    )


# --- school log --------------------------------------------------------------

SCHOOL_LOG_FIELDS = ("source", "system", "rows")
_IN_ORDER = {kind: index for index, kind in enumerate(school_log.KINDS)}
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _school_log(reader: FieldReader, common: dict[str, Any]) -> e.Entry:
    """Rows from `rows:` in the front matter, and from a Markdown table in
    the body (what `import` writes, or a printout typed in)."""
    rows: list[school_log.LogRow] = []
    for value, line, column in _items(reader, "rows"):
        sub = _sub_reader(reader, value, line, column, said("row"))
        if sub is None:
            continue
        sub.unknown_fields(school_log.KINDS, said("a log row"))
        cells = [sub.text(kind) for kind in school_log.KINDS]
        _add_row(reader, rows, cells, _IN_ORDER, line)
    rows += _table_rows(reader, common["body"], common["body_line"])
    if not rows:
        reader.problems.append(
            Problem(
                reader.path,
                common["line"],
                1,
                "warning",
                "school-log-empty",
                said("This school log has no rows, so there is nothing to compare."),
                said(
                    "Add its rows as a table in the text (Date | Service | "
                    "Minutes | Status), or under `rows:`; see "
                    "docs/school-logs.md."
                ),
            )
        )
    return e.SchoolLog(
        **common,
        source=reader.text("source"),
        system=reader.text("system"),
        rows=tuple(sorted(rows, key=lambda r: (r.day, r.line))),
    )


def _add_row(
    reader: FieldReader,
    rows: list[school_log.LogRow],
    cells: list[str],
    columns: dict[str, int],
    line: int,
) -> None:
    if not any(c.strip() for c in cells) or school_log.is_total(cells):
        return
    read = school_log.read_row(cells, columns, line)
    if isinstance(read, str):
        reader.problems.append(
            Problem(
                reader.path,
                line,
                1,
                "warning",
                "school-log-row",
                said("This row of the school log is left out: {read}.", read=read),
                said(
                    "Fix the row as the log shows it (a date like 2026-03-17 or "
                    "3/17/2026, minutes like 30 or 0:30)."
                ),
            )
        )
    else:
        rows.append(read)


def _table_rows(
    reader: FieldReader, body: str, first_line: int
) -> list[school_log.LogRow]:
    """The rows of the Markdown tables in a log's text, by their headers."""
    rows: list[school_log.LogRow] = []
    lines = body.split("\n")
    index = 0
    while index + 1 < len(lines):
        header, rule = lines[index], lines[index + 1]
        if "|" not in header or not _TABLE_RULE.match(rule):
            index += 1
            continue
        headers = _cells(header)
        columns = school_log.find_columns(headers)
        at = first_line + index
        if columns is None:
            reader.problems.append(
                Problem(
                    reader.path,
                    at,
                    1,
                    "error",
                    "school-log-columns",
                    said(
                        "The table's columns cannot be told apart: it has {headers}.",
                        headers=", ".join(f"`{h}`" for h in headers if h),
                    ),
                    said(
                        "Head the columns Date, Service, Minutes and Status (and "
                        "Provider, Reason if the log has them); see "
                        "docs/school-logs.md."
                    ),
                )
            )
        index += 2
        while index < len(lines) and "|" in lines[index]:
            if columns is not None:
                _add_row(
                    reader, rows, _cells(lines[index]), columns, first_line + index
                )
            index += 1
    return rows


def _cells(line: str) -> list[str]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", text)]


BUILDERS: dict[str, tuple[Builder, tuple[str, ...]]] = {
    "iep": (
        _iep,
        (
            "kind",
            "effective",
            "ends",
            "last_evaluation",
            "case_manager",
            "progress_reports",
            "services",
            "goals",
            "accommodations",
        ),
    ),
    "note": (_note, ("sessions", "mood", "school_closed")),
    "email": (_message, MESSAGE_FIELDS),
    "letter": (_message, MESSAGE_FIELDS),
    "progress": (_progress, ("period", "goals")),
    "meeting": (
        _meeting,
        (
            "kind",
            "attendees",
            "requested_by",
            "decisions",
            "follow_up",
        ),
    ),
    "notice": (_notice, ("action", "about", "services")),
    "change": (_change, ("service", "about", "what", "notice", "meeting")),
    "evaluation": (_evaluation, ("kind", "evaluator", "shared_with_school")),
    "school-log": (_school_log, SCHOOL_LOG_FIELDS),
}

__all__ = ["BUILDERS", "build", "first_heading", "folder_type"]


def _mood(reader: FieldReader) -> str:
    written = reader.text("mood").strip().lower().replace(" ", "-")
    if written in e.MOOD_WORDS:
        return e.MOOD_WORDS[written]
    mood = reader.choice(
        "mood", e.MOODS, "warning", "unknown-mood", said("mood"), also=e.MOOD_WORDS
    )
    return mood if mood in e.MOODS else ""
