"""Bringing a school's service log in from a spreadsheet (CSV or Excel
`.xlsx`, read with openpyxl): the file kept whole under attachments/, its
rows copied into a new `school-logs/` entry as a table with the columns
named the journal's way, so reading, checking and comparing are the same
as for a log typed in by hand (journal/entry_builder.py).

A file that cannot be read as a log (a PDF, an old `.xls`, a password-
protected or damaged workbook, no header row the tool can tell) is a
problem naming the file, and nothing is written. A row that cannot be
read is copied as it is and said (with its row in the spreadsheet); `check`
then says it at its line in the entry, and the other rows are compared.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from iepjournal.capture.email_import import write_bytes_new
from iepjournal.capture.new_entries import free_path, quoted, slug, write_new
from iepjournal.model import entries as e
from iepjournal.model import school_log
from iepjournal.model.journal import Journal
from iepjournal.model.language import Language, language, said
from iepjournal.model.problems import Problem

SPREADSHEETS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
# Files people give instead of a spreadsheet, said plainly.
NOT_SPREADSHEETS = (".pdf", ".xls", ".numbers", ".ods", ".doc", ".docx")
_HEADER_ROWS = 20  # a header is looked for in the first rows (titles above it)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or an encrypted .xlsx
_ZIP = b"PK\x03\x04"


def is_log(path: Path) -> bool:
    """Whether `import` should read this file as a service log."""
    return path.suffix.lower() in SPREADSHEETS + NOT_SPREADSHEETS and (
        path.suffix.lower() != ".txt" or _looks_like_table(path)
    )


def _looks_like_table(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            start = handle.read(2000)
    except OSError:
        return False
    return start.count(b",") + start.count(b"\t") > 4 and b"From " not in start[:5]


@dataclass
class Imported:
    written: list[str] = field(default_factory=list)
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)


def import_logs(journal: Journal, paths: list[Path], today: dt.date) -> Imported:
    """Each file a new school-log entry, or a problem naming it."""
    done = Imported()
    kept = _kept_digests(journal)
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            why = said("could not be read ({why})", why=error.strerror or str(error))
            done.problems.append(_problem(path.name, 0, why))
            continue
        if hashlib.sha256(data).hexdigest() in kept:
            done.skipped += 1
            continue
        grid = _grid(path, data, done.problems)
        if grid is None:
            continue
        table = _table(path.name, grid, journal, done.problems)
        if table is None:
            continue
        speaking = language(journal.settings.language)
        done.written.append(_write(journal.root, path, data, table, today, speaking))
    return done


def _kept_digests(journal: Journal) -> set[str]:
    """The digests of the logs already imported (their kept originals)."""
    found = set()
    for log in journal.entries:
        if isinstance(log, e.SchoolLog) and log.source:
            try:
                found.add(
                    hashlib.sha256((journal.root / log.source).read_bytes()).hexdigest()
                )
            except OSError:
                continue
    return found


def _grid(path: Path, data: bytes, problems: list[Problem]) -> list[list[str]] | None:
    """The file's cells as text, row by row; None (and a problem) when it
    is not a spreadsheet that can be read."""
    suffix = path.suffix.lower()
    if suffix in NOT_SPREADSHEETS or (
        suffix in (".xlsx", ".xlsm") and data.startswith(_OLE2)
    ):
        if data.startswith(_OLE2) and suffix in (".xlsx", ".xlsm"):
            why = said(
                "is a password-protected (encrypted) workbook; open it in Excel, "
                "remove the password or save a copy as CSV, and import that"
            )
        elif suffix == ".pdf":
            why = said(
                "is a PDF; only CSV and Excel (.xlsx) files are read. Ask the "
                "school for the log as a spreadsheet, or type the printout in "
                "with `iepjournal new school-log`"
            )
        else:
            why = said("is a {suffix} file; only CSV and Excel (.xlsx) files are "
                       "read. Open it and save it as .xlsx or CSV, then import "
                       "that", suffix=suffix)  # fmt: skip
        problems.append(_problem(path.name, 0, why))
        return None
    if suffix in (".xlsx", ".xlsm"):
        return _workbook(path.name, data, problems)
    return _csv(data)


def _workbook(
    name: str, data: bytes, problems: list[Problem]
) -> list[list[str]] | None:
    if not data.startswith(_ZIP):
        why = said(
            "is not an Excel workbook the tool can open (it may be damaged); "
            "save it again as .xlsx or CSV"
        )
        problems.append(_problem(name, 0, why))
        return None
    import openpyxl  # type: ignore[import-untyped]  # only for a workbook

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        grid = [
            [_cell_text(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        book.close()
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        why = said(
            "could not be opened as an Excel workbook ({why}: it may be "
            "damaged); save it again as .xlsx or CSV",
            why=type(error).__name__,
        )
        problems.append(_problem(name, 0, why))
        return None
    return grid


def _cell_text(value: object) -> str:
    """A cell as the log means it: a date as ISO, a whole number without .0."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:4000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
    except csv.Error:
        dialect = csv.excel
    return [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)
    ]


@dataclass
class _Table:
    columns: list[str]  # the column kinds, in the order written
    rows: list[list[str]]  # cells in that order
    system: str


def _table(
    name: str, grid: list[list[str]], journal: Journal, problems: list[Problem]
) -> _Table | None:
    """The rows under the header row (found among the first rows; a header
    split over two rows by merged cells is joined), in the journal's
    column names."""
    mapping = journal.settings.school_log_columns
    previous: list[str] = []
    for index, row in enumerate(grid[:_HEADER_ROWS]):
        candidates = [row]
        if previous:
            width = max(len(row), len(previous))
            above = [*previous, *[""] * (width - len(previous))]
            below = [*row, *[""] * (width - len(row))]
            candidates.append(
                [f"{a} {b}".strip() for a, b in zip(above, below, strict=True)]
            )
        # the reading that tells the most columns apart ("Minutes" over
        # "Served" is minutes served, not a status)
        found = [
            (len(columns), headers, columns)
            for headers in candidates
            if (columns := school_log.find_columns(headers, mapping)) is not None
        ]
        if found:
            _, headers, columns = max(found, key=lambda x: x[0])
            return _rows(name, headers, columns, grid, index, problems)
        if any(cell.strip() for cell in row):
            previous = row
    first = next((r for r in grid[:_HEADER_ROWS] if any(c.strip() for c in r)), [])
    shown_headers = ", ".join(f"`{c}`" for c in first if c.strip())[:300]
    why = said(
        "has no header row naming a date, a service, and minutes or a status "
        "(it has: {headers}). Map its headers under [school_log.columns] in "
        "iepjournal.toml; see docs/school-logs.md",
        headers=shown_headers,
    )
    problems.append(_problem(name, 0, why))
    return None


def _rows(
    name: str,
    headers: list[str],
    columns: dict[str, int],
    grid: list[list[str]],
    header_index: int,
    problems: list[Problem],
) -> _Table:
    kinds = [k for k in (*school_log.WRITTEN, "missed_minutes") if k in columns]
    rows = []
    for number, cells in enumerate(grid[header_index + 1 :], start=header_index + 2):
        if not any(c.strip() for c in cells) or school_log.is_total(cells):
            continue
        read = school_log.read_row(cells, columns, number)
        if isinstance(read, str):
            why = said("row {number}: {read}; it is copied as it is and not "
                       "compared", number=str(number), read=read)  # fmt: skip
            problems.append(_problem(name, number, why, "warning"))
        rows.append([_cell(cells, columns, kind) for kind in kinds])
    return _Table(kinds, rows, _system(headers))


def _cell(cells: list[str], columns: dict[str, int], kind: str) -> str:
    index = columns[kind]
    return cells[index].strip() if index < len(cells) else ""


def _system(headers: list[str]) -> str:
    """The system a log came from, when its headers say (for the entry)."""
    named = {school_log.plain(h) for h in headers}
    if {"minutes served", "position"} <= named or {"plan", "minutes served"} <= named:
        return "Infinite Campus (service log)"
    if "session type" in named:
        return "SESIS (service capture)"
    if "attendance" in named:
        return "SEIS (attendance register)"
    if "minutes not provided" in named:
        return "service fidelity report"
    return ""


def _write(
    root: Path,
    path: Path,
    data: bytes,
    table: _Table,
    today: dt.date,
    speaking: Language,
) -> str:
    """The original under attachments/, then the entry; the entry's path."""
    stem = slug(path.stem) or "school-log"
    relative = free_path(
        root, f"{e.WRITTEN_TO['school-log']}/{today.isoformat()}-{stem}.md"
    )
    folder = f"{e.ATTACHMENTS}/{Path(relative).stem}"
    source = f"{folder}/{stem}{path.suffix.lower()}"
    write_bytes_new(root / source, data)
    try:
        write_new(root / relative, _entry(path.name, source, table, today, speaking))
    except BaseException:
        (root / source).unlink(missing_ok=True)  # nothing half-imported
        raise
    return relative


def _entry(
    name: str, source: str, table: _Table, today: dt.date, speaking: Language
) -> str:
    """The entry's text, its words in the journal's language (the rows and
    their headings are the school's, as written)."""
    title = speaking._("School log: {name}", name=name)
    lines = [
        "---",
        "type: school-log",
        f"date: {today.isoformat()}",
        f"title: {quoted(title)}",
        f"source: {quoted(source)}",
    ]
    if table.system:
        lines.append(f"system: {quoted(table.system)}")
    link = f"[{source}](../{source})"
    lines += ["---", "",
              speaking._("The school's service log, imported from `{name}` (kept "
                         "whole in {link}). Its rows, as the school wrote them:",
                         name=name, link=link), "",
              "| " + " | ".join(school_log.HEADINGS[k] for k in table.columns) + " |",
              "|" + "---|" * len(table.columns)]  # fmt: skip
    for row in table.rows:
        lines.append(
            "| "
            + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row)
            + " |"
        )
    return "\n".join(lines) + "\n"


def _problem(name: str, row: int, what: str, severity: str = "error") -> Problem:
    return Problem(name, row, 1, severity, "school-log-unreadable",  # type: ignore[arg-type]
                   said("The school log {name} {what}.", name=name, what=what),
                   said("Only CSV and Excel (.xlsx) logs are read; a printout can "
                        "be typed in with `iepjournal new school-log`."))  # fmt: skip
