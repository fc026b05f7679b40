"""The printable site: a timeline of the journal and the gap report, as
self-contained pages (no request leaves them) rendered through the Jinja2
templates in `templates/site/`, which a journal may override.

The same journal and day give byte-identical files, whether made from
nothing or from what the cache keeps (articles, see timeline.py; the site
less its articles, see Plan). `write` puts them in a folder it owns
(marked by a file), atomically, and never touches a folder it did not make.
"""

from __future__ import annotations

import base64
import datetime as dt
import filecmp
import hashlib
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from iepjournal import entries as e
from iepjournal import timeline
from iepjournal.findings import long_date, short_date
from iepjournal.journal import Journal, load

if TYPE_CHECKING:  # Jinja2 is imported only by the commands that render
    from jinja2 import Environment
    from markupsafe import Markup

MARKER = ".iepjournal-site"


@dataclass
class Month:
    label: str
    entries: list[e.Entry]


def load_journal(root: Path) -> Journal:
    """The journal, each entry made ready for the site as it is read."""
    return load(root, prepare=timeline.Prerender.for_journal(root))


@dataclass
class Plan:
    """The site less its articles: the report page whole, the timeline page
    in pieces between its articles, and which article goes where. It
    depends only on what the analyses see of the entries (their shapes), so
    an edit to a note's text is rebuilt from a kept plan, without
    unpickling the other entries or computing the report again."""

    report: bytes
    index: list[str]  # text, entry id, text, entry id, ..., text
    wanted: list[timeline.Wanted]
    ids: set[str]


# A file of the site: its bytes, or a page as pieces of text in order (the
# timeline is 25 MB at 10,000 entries: it is written a piece at a time).
Content = bytes | list[str]


def render(
    journal: Journal,
    as_of: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, bytes]:
    """Every file of the site, by its path inside the output folder."""
    made = files_of(journal, as_of, since, until)
    journal.kept.finish()
    return {
        path: content if isinstance(content, bytes) else "".join(content).encode()
        for path, content in made.items()
    }


def build(
    journal: Journal,
    out: Path,
    as_of: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Written:
    """Render the site and write it into `out` (see `write`)."""
    written = write(files_of(journal, as_of, since, until), out)
    journal.kept.finish()  # the cache was written while the pages were
    return written


def files_of(
    journal: Journal,
    as_of: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, Content]:
    """Every file of the site, as `render`, the timeline left in pieces."""
    from iepjournal import cache

    pages = environment(journal.root)
    store = cache.Store(journal.root) if cache.enabled() else None
    key = _plan_key(journal, pages, (as_of, since, until))
    plan = store.memo("site", key) if store else None
    if not isinstance(plan, Plan):
        plan = _plan(journal, pages, as_of, since, until)
        if store:
            store.remember("site", key, plan)
    if store:
        store.close()
    files = timeline.Files(journal.root, plan.ids)
    articles = timeline.articles(journal, plan.wanted, files, pages)
    index = [
        articles[part] if number % 2 else part for number, part in enumerate(plan.index)
    ]
    made: dict[str, Content] = dict(files.files)
    made["index.html"] = _with_policy(index)
    made["report.html"] = plan.report
    return dict(sorted(made.items()))


def _plan_key(journal: Journal, pages: Environment, days: tuple[object, ...]) -> str:
    """Everything a plan depends on: the templates, the settings, the days,
    each file's shape, and the problems (shown in a banner)."""
    from iepjournal import cache

    templates = [
        (name, pages.loader.get_source(pages, name)[0])
        for name in pages.list_templates()
        if name.startswith("site/")
    ]
    return cache.fingerprint(
        templates, [repr(journal.settings), days], sorted(journal.stamps),
        sorted(journal.shapes.items()), map(repr, journal.problems),
    )  # fmt: skip


def _plan(
    journal: Journal,
    pages: Environment,
    as_of: dt.date,
    since: dt.date | None,
    until: dt.date | None,
) -> Plan:
    from iepjournal import charts
    from iepjournal import report as gap_report

    built = gap_report.build(journal, as_of, since)
    entries = [
        x
        for x in journal.entries
        if x.date <= as_of
        and (since is None or x.date >= since)
        and (until is None or x.date <= until)
    ]
    period = (
        since or (entries[0].date if entries else as_of),
        min(until or as_of, as_of),
    )
    context = {
        "journal": journal,
        "report": built,
        "as_of": as_of,
        "period": period,
        "student": journal.settings.student or "the student",
        "months": _months(entries),
        "shown": {x.id: x for x in entries},
        "iep": journal.iep_in_force(as_of),
        "types": sorted({x.type for x in entries}),
        "services": sorted({s for x in entries for s in timeline.services_of(x)}),
        "tags": sorted({t for x in entries for t in x.tags}),
        "problems": journal.problems,
        "service_charts": charts.service_charts(built, journal),
        "goal_charts": {g.goal.id: charts.goal_chart(g) for g in built.goals},
        "anchor": timeline.anchor,
    }
    # Each article's place is held by a marker no journal text can make.
    wanted = timeline.wanted(journal, entries)
    ids = [entry_id for entry_id, _, _ in wanted]
    token = secrets.token_hex(8)
    context["articles"] = _Markers(token, {v: n for n, v in enumerate(ids)})
    report, index = (
        pages.get_template(f"site/{page}").render(page=page, **context)
        for page in ("report.html", "index.html")
    )
    pieces = re.split(f"\x00{token}:([0-9]+)\x00", index)
    pieces[1::2] = [ids[int(number)] for number in pieces[1::2]]
    return Plan(_with_policy([report])[0].encode("utf-8"), pieces, wanted,
                {x.id for x in journal.entries})  # fmt: skip


class _Markers:
    """`articles[id]` in the timeline template, while its plan is made."""

    def __init__(self, token: str, numbers: dict[str, int]) -> None:
        self.token = token
        self.numbers = numbers

    def __getitem__(self, entry_id: str) -> Markup:
        from markupsafe import Markup

        return Markup(f"\x00{self.token}:{self.numbers[entry_id]}\x00")


def environment(root: Path) -> Environment:
    """The site's templates, HTML-escaped, with its filters."""
    from iepjournal import templating

    pages = templating.environment(root, html=True)
    pages.filters["css_string"] = _css_string
    pages.filters["short"] = short_date
    pages.filters["long"] = long_date
    pages.filters["num"] = lambda v: "-" if v is None else f"{v:.1f}".removesuffix(".0")
    return pages


def _css_string(text: str) -> Markup:
    """Text as a CSS string: everything but letters, digits and spaces is
    hex-escaped, so no quote or `</style>` can end it early."""
    from markupsafe import Markup

    escaped = "".join(
        ch if (ch.isalnum() and ch.isascii()) or ch == " " else f"\\{ord(ch):x} "
        for ch in str(text)
    )
    return Markup(f'"{escaped}"')


_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


def _with_policy(pieces: list[str]) -> list[str]:
    """A Content-Security-Policy allowing only this page's own inline style
    and script (by their hashes), images from beside the page, nothing else.
    Looked for piece by piece: a block cut across two pieces would not be
    allowed (a stricter page, never a looser one)."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for piece in pieces:
        for kind, body in _INLINE.findall(piece):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest())
            hashes[kind].append(f"'sha256-{digest.decode()}'")
    policy = (
        "default-src 'none'; img-src 'self'; "
        f"style-src {' '.join(hashes['style']) or chr(39) + 'none' + chr(39)}; "
        f"script-src {' '.join(hashes['script']) or chr(39) + 'none' + chr(39)}; "
        "base-uri 'none'; form-action 'none'"
    )
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    slot = "<!-- content-security-policy -->"
    for number, piece in enumerate(pieces):
        if slot in piece:
            return [
                *pieces[:number],
                piece.replace(slot, meta, 1),
                *pieces[number + 1 :],
            ]
    return pieces


def _months(entries: list[e.Entry]) -> list[Month]:
    """Newest first, grouped by month."""
    months: list[Month] = []
    for entry in sorted(entries, key=lambda x: x.sort_key, reverse=True):
        label = f"{entry.date:%B %Y}"
        if not months or months[-1].label != label:
            months.append(Month(label, []))
        months[-1].entries.append(entry)
    return months


# --- writing -----------------------------------------------------------------------


@dataclass
class Written:
    folder: Path
    files: list[str]
    refused: str = ""  # why nothing was written, in plain words


def write(files: dict[str, Content], out: Path) -> Written:
    """Write the site into `out`, a folder that is empty or was made by
    iepjournal (it holds the marker file). Files from an earlier build that
    this one no longer makes are removed; nothing else ever is."""
    marker = out / MARKER
    if out.exists() and not out.is_dir():
        return Written(out, [], f"{out} is a file, not a folder.")
    if out.is_dir() and any(out.iterdir()) and not marker.is_file():
        return Written(
            out, [], f"{out} is not empty and was not made by iepjournal, so "
            "nothing was written there."
        )  # fmt: skip
    earlier = (
        set(marker.read_text(encoding="utf-8").split("\n"))
        if marker.is_file()
        else set()
    )
    folders = {out} | {(out / path).parent for path in files}
    for folder in sorted(folders):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / MARKER, b"iepjournal site folder\n")
    for path, content in files.items():
        atomic_write(out / path, content)
    for stale in sorted(earlier - set(files) - {"", "iepjournal site folder"}):
        stale_path = out / stale
        if stale_path.is_file() and (stale_path.parent / MARKER).is_file():
            stale_path.unlink()
    atomic_write(marker, ("\n".join(sorted(files)) + "\n").encode())
    return Written(out, sorted(files))


def atomic_write(path: Path, content: Content) -> None:
    """Write through a temporary file renamed into place, so no reader ever
    sees half a file; a file that would not change is left as it is."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(content, bytes):
                out.write(content)
            else:
                for piece in content:
                    out.write(piece.encode("utf-8"))
        if path.is_file() and filecmp.cmp(temporary, path, shallow=False):
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
