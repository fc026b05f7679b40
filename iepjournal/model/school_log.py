"""The school's own service log: the rows a district's system prints
(Infinite Campus's service log, SEIS's attendance register, NYC SESIS's
service capture, Frontline and SameGoal fidelity reports), read the same
way whether they come from a spreadsheet (`import`) or are typed by hand
into a `school-logs/` entry.

Pure functions: which column is which (from the headers these systems
use, in any order and case), what one row says (a date in ISO or US form
or as an Excel serial number, minutes as `30`, `30 min` or `0:30`), and
what a status word means. Placing a row's service among the IEP's and
comparing it with the family's notes is analyze/school_logs.py's work.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from iepjournal.model.dates import DateError, parse_date
from iepjournal.model.language import said
from iepjournal.model.values import parse_minutes

# What each column may be headed, as the systems write it (compared without
# case, punctuation or extra spaces). Infinite Campus: Plan, Service, Date,
# Provider, Position, Minutes Served. SEIS: Date, Service, Provider,
# Attendance, Duration. NYC SESIS: Service Date, Service Type, Session
# Type, Duration, Provider. Fidelity reports: Minutes Provided, Minutes Not
# Provided, Reason.
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "service date", "session date", "date of service",
             "attendance date", "svc date", "day", "delivery date"),
    "service": ("service", "service name", "service type", "related service",
                "service description", "discipline", "service area"),
    "minutes": ("minutes", "minutes served", "minutes provided", "duration",
                "session minutes", "mins", "actual minutes", "time",
                "minutes delivered", "session duration"),
    "missed_minutes": ("minutes not provided", "minutes missed",
                       "minutes not served", "missed minutes"),
    "status": ("status", "attendance", "attendance code", "session type",
               "session status", "code", "outcome", "service status"),
    "provider": ("provider", "provider name", "staff", "therapist",
                 "clinician", "staff name"),
    "reason": ("reason", "reason not provided", "missed reason", "comments",
               "comment", "notes", "note", "reason code"),
}  # fmt: skip
KINDS = tuple(COLUMNS)
# The columns the importer writes, in this order (a typed-in table may use
# any of the names above).
WRITTEN = ("date", "service", "minutes", "status", "provider", "reason")
HEADINGS = {"date": "Date", "service": "Service", "minutes": "Minutes",
            "missed_minutes": "Minutes not provided", "status": "Status",
            "provider": "Provider", "reason": "Reason"}  # fmt: skip

# What a status word or code means: a status of the journal's, and whose
# side a miss is on. "no-session" is a day no session was owed (a holiday,
# school closed). A district's own codes go in `[school_log.statuses]`.
STATUSES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("served", "present", "provided", "held", "completed",
                     "attended", "delivered", "session held", "p", "s", "yes",
                     "y", "service provided", "group", "individual"),
                    ("held", "")),
    **dict.fromkeys(("provider absent", "provider unavailable",
                     "therapist absent", "staff absent", "cancelled",
                     "canceled", "pa", "provider absence", "not provided",
                     "provider meeting", "school cancelled", "school activity"),
                    ("missed", "school")),
    "missed": ("missed", ""),
    **dict.fromkeys(("student absent", "absent", "sa", "a", "student unavailable",
                     "student refused", "refused", "no show", "student absence"),
                    ("missed", "student")),
    **dict.fromkeys(("holiday", "school closed", "no school", "closed",
                     "snow day", "h", "nsd", "non school day", "weather"),
                    ("no-session", "")),
    **dict.fromkeys(("partial", "partial session", "shortened"), ("partial", "")),
    **dict.fromkeys(("make up", "makeup", "made up", "make up session",
                     "compensatory"), ("made-up", "")),
}  # fmt: skip
# What `[school_log.statuses]` may map a code to.
STATUS_NAMES = {
    "held": ("held", ""),
    "missed by school": ("missed", "school"),
    "missed by student": ("missed", "student"),
    "missed": ("missed", ""),
    "partial": ("partial", ""),
    "made up": ("made-up", ""),
    "no session": ("no-session", ""),
}


@dataclass(frozen=True, slots=True)
class LogRow:
    """One row of a school's service log, as the log writes it."""

    day: dt.date
    service: str  # as the log names it
    minutes: float | None  # minutes served, if the log says
    status: str  # the status word or code as written ("" if none)
    provider: str = ""
    reason: str = ""
    missed_minutes: float | None = None  # "minutes not provided"
    line: int = 0  # the row's line in its entry


def plain(text: str) -> str:
    """A header or a code as compared: lower case, words only."""
    return " ".join(re.sub(r"[^a-z0-9/]+", " ", text.lower().replace("-", " ")).split())


def find_columns(
    headers: Sequence[str], mapping: Mapping[str, str] | None = None
) -> dict[str, int] | None:
    """Which column holds what, by the headers (and the journal's own
    `[school_log.columns]`, header -> kind), or None when the headers do not
    name a date, a service, and minutes or a status."""
    own = {plain(header): kind for header, kind in (mapping or {}).items()}
    names = {plain(name): kind for kind, words in COLUMNS.items() for name in words}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        kind = own.get(plain(header)) or names.get(plain(header))
        if kind and kind not in found:
            found[kind] = index
    if (
        "date" in found
        and "service" in found
        and ("minutes" in found or "status" in found or "missed_minutes" in found)
    ):
        return found
    return None


def is_total(cells: Sequence[str]) -> bool:
    """A totals row ("Total", "Grand total: 240"), which is not a session."""
    first = next((plain(c) for c in cells if c.strip()), "")
    return first.startswith(("total", "grand total", "subtotal", "sum"))


def read_row(
    cells: Sequence[str], columns: Mapping[str, int], line: int
) -> LogRow | str:
    """One row, or why it cannot be read (in a parent's words)."""

    def cell(kind: str) -> str:
        index = columns.get(kind)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    day = read_day(cell("date"))
    if isinstance(day, str):
        return day
    service = cell("service")
    if not service:
        return said("it names no service")
    minutes: dict[str, float | None] = {}
    for kind in ("minutes", "missed_minutes"):
        text = cell(kind)
        minutes[kind] = parse_minutes(text) if text else None
        if text and minutes[kind] is None:
            return said("`{text}` is not a number of minutes", text=text)
    return LogRow(day, service, minutes["minutes"], cell("status"), cell("provider"),
                  cell("reason"), minutes["missed_minutes"], line)  # fmt: skip


_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def read_day(text: str) -> dt.date | str:
    """A log's date: ISO, US month/day/year, or an Excel serial number
    (days since 1899-12-30, as a spreadsheet saved without formatting
    shows them)."""
    if not text:
        return said("it has no date")
    if _SERIAL.match(text):
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    found = parse_date(text.split("T")[0] if "T" in text else text)
    if isinstance(found, DateError):
        return said("`{text}` is not a date (write 2026-03-17 or 3/17/2026)", text=text)
    return found[0]


def meaning(
    row: LogRow, own: Mapping[str, str] | None = None
) -> tuple[str, str] | None:
    """What a row says happened: (status, side), status being held, missed,
    partial, made-up or no-session; None when its status cannot be told.
    A row with no status word is held when it gives minutes served, and
    missed when it gives 0 minutes served or only minutes not provided."""
    code = plain(row.status)
    ours = {plain(key): value for key, value in (own or {}).items()}
    if code in ours and plain(ours[code]) in STATUS_NAMES:
        return STATUS_NAMES[plain(ours[code])]
    if code in STATUSES:
        return STATUSES[code]
    if not code:
        if row.minutes:
            return ("held", "")
        if row.minutes == 0 or row.missed_minutes:
            return ("missed", "")  # 0 minutes served: none delivered, no reason
    return None


def place(
    name: str,
    services: Sequence[tuple[str, str]],
    own: Mapping[str, str] | None = None,
) -> str:
    """The IEP service id a log's service name is, or "" when it cannot be
    told: the journal's `[school_log.services]` first, then the service's
    id or its name, exactly (without case or punctuation). Never a guess:
    "Speech" is `speech`, "Speech/Language" is nothing until mapped."""
    wanted = plain(name)
    for written, service_id in (own or {}).items():
        if plain(written) == wanted:
            return service_id
    for service_id, service_name in services:
        if wanted in (plain(service_id), plain(service_name)):
            return service_id
    return ""
