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
import hashlib
import re
import secrets
import weakref
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iepjournal import entries as e
from iepjournal import timeline
from iepjournal.calendar import long_date, short_date
from iepjournal.folder import no_cycle_collection
from iepjournal.journal import Journal, load
from iepjournal.writing import Content, Layout, Page, Written, write

if TYPE_CHECKING:  # Jinja2 is imported only by the commands that render
    from jinja2 import Environment
    from markupsafe import Markup


@dataclass
class Month:
    label: str
    entries: list[e.Entry]


def load_journal(root: Path) -> Journal:
    """The journal, each entry made ready for the site as it is read."""
    prepare = timeline.Prerender.for_journal(root)
    journal = load(root, prepare=prepare)
    _PAGES[journal] = prepare.environment()  # made once for the whole build
    return journal


# The templates a journal was loaded with, for its pages.
_PAGES: weakref.WeakKeyDictionary[Journal, Environment] = weakref.WeakKeyDictionary()


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
    blocks: list[tuple[str, ...]]  # each text piece's inline style and script (_inline)
    slot: int  # the text piece where the page's policy goes


def render(
    journal: Journal,
    as_of: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, bytes]:
    """Every file of the site, by its path inside the output folder."""
    with no_cycle_collection():
        made = files_of(journal, as_of, since, until)
    journal.kept.finish()
    return {
        path: content if isinstance(content, bytes) else content.text().encode()
        for path, content in made.items()
    }


def build(
    journal: Journal,
    out: Path,
    as_of: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Written:
    """Render the site and write it into `out` (see writing.write), copying
    from the timeline written there before what did not change."""
    from iepjournal import cache

    # One layout per journal and output folder; kept for this code only.
    name = f"layout\0{journal.root.resolve()}\0{out.resolve()}"
    key = cache.fingerprint([name])
    before = cache.kept_file(name, key) if cache.enabled() else None
    source = before.open(out / "index.html") if isinstance(before, Layout) else None
    try:
        with no_cycle_collection():
            made = files_of(journal, as_of, since, until, before if source else None)
            page = made["index.html"]
            if isinstance(page, Page):
                page.source = source
            written = write(made, out)
    finally:
        if source:
            source.close()
    journal.kept.finish()  # the cache was written while the pages were
    if cache.enabled() and isinstance(page, Page) and page.layout:
        cache.keep_file(name, key, page.layout)
    return written


def files_of(
    journal: Journal,
    as_of: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    before: Layout | None = None,
) -> dict[str, Content]:
    """Every file of the site, the timeline as a page in parts (with
    `before`, the layout of the timeline written before, its unchanged
    articles are left to be copied from it)."""
    from iepjournal import cache

    pages = _PAGES.get(journal) or environment(journal.root)
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
    current = timeline.salt(pages)
    if before and before.context != current:
        before = None  # made by other code or another entry template
    articles = timeline.articles(journal, plan.wanted, files, pages, before)
    made: dict[str, Content] = dict(files.files)
    page = _timeline_page(plan, articles, before)
    page.context = current
    made["index.html"] = page
    made["report.html"] = plan.report
    return dict(sorted(made.items()))


def _timeline_page(
    plan: Plan, articles: dict[str, timeline.Article], before: Layout | None
) -> Page:
    """The timeline in parts: the plan's text between the articles. Each
    part is labelled by what makes its bytes: an article by its
    timeline.Article label; the text after an article by that label (the
    layout notes the text); other text by a digest of it. A part the page
    written before has, with the same bytes, is left to be copied from it,
    so a run of unchanged articles and the text between them is one copy."""
    texts = plan.index[0::2]
    placed = [articles[entry_id] for entry_id in plan.index[1::2]]
    was = before.notes if before else {}
    blocks = list(plan.blocks[0])
    for article, more in zip(placed, plan.blocks[1:], strict=True):
        html = article.html
        blocks += was[article.label][1] if html is None else _inline(html)
        blocks += more
    texts[plan.slot] = texts[plan.slot].replace(_SLOT, _policy(blocks), 1)
    spans = before.spans if before else {}
    first: Hashable = ("text", hashlib.sha1(texts[0].encode()).hexdigest())
    parts: list[tuple[Hashable, str | None]] = [
        (first, None if first in spans else texts[0])
    ]
    notes: dict[Hashable, Any] = {}
    twice: set[Hashable] = set()  # an article placed twice is never copied
    for article, text in zip(placed, texts[1:], strict=True):
        named = article.label
        if named in notes:
            twice.add(named)
        html = article.html
        inline = was[named][1] if html is None else _inline(html)
        notes[named] = (article.lookups, inline, text)
        after = ("after", named)
        same = after in spans and was.get(named, ())[2:] == (text,)
        parts += [(named, html), (after, None if same else text)]
    for named in twice:
        del notes[named]
    return Page(parts, before=before, notes=notes)


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
        templates, [repr(journal.settings), days, journal.shaped],
        map(repr, journal.problems),
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
    # Plain text (no markup in it), escaped by Jinja's own C code: 10,000
    # Markup objects made in Python cost more than the rest of the page.
    context["articles"] = {v: f"\x00{token}:{n}\x00" for n, v in enumerate(ids)}
    report, index = (
        pages.get_template(f"site/{page}").render(page=page, **context)
        for page in ("report.html", "index.html")
    )
    pieces = re.split(f"\x00{token}:([0-9]+)\x00", index)
    pieces[1::2] = [ids[int(number)] for number in pieces[1::2]]
    report = report.replace(_SLOT, _policy(_inline(report)), 1)
    texts = pieces[::2]
    slot = next((n for n, text in enumerate(texts) if _SLOT in text), 0)
    return Plan(report.encode("utf-8"), pieces, wanted, {x.id for x in journal.entries},
                [tuple(_inline(text)) for text in texts], slot)  # fmt: skip


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
_SLOT = "<!-- content-security-policy -->"


def _inline(text: str) -> tuple[str, ...]:
    """The inline style and script blocks in a piece of a page, as the
    policy allows them (by hash). Looked for piece by piece: a block cut
    across two pieces would not be allowed (a stricter page, never a
    looser one)."""
    found = []
    for kind, body in _INLINE.findall(text):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        found.append(f"{kind} 'sha256-{digest}'")
    return tuple(found)


def _policy(blocks: list[str]) -> str:
    """A Content-Security-Policy allowing only the page's own inline style
    and script (`blocks`, from _inline), images from beside the page,
    nothing else."""
    allowed = {
        kind: " ".join(b.split(" ", 1)[1] for b in blocks if b.startswith(kind + " "))
        or "'none'"
        for kind in ("style", "script")
    }
    policy = (
        "default-src 'none'; img-src 'self'; "
        f"style-src {allowed['style']}; script-src {allowed['script']}; "
        "base-uri 'none'; form-action 'none'"
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def _months(entries: list[e.Entry]) -> list[Month]:
    """Newest first, grouped by month."""
    months: list[Month] = []
    month = None
    for entry in sorted(entries, key=lambda x: x.sort_key, reverse=True):
        if (entry.date.year, entry.date.month) != month:
            month = (entry.date.year, entry.date.month)
            months.append(Month(f"{entry.date:%B %Y}", []))
        months[-1].entries.append(entry)
    return months
