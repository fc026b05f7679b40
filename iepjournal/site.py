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

from iepjournal import alongside, timeline
from iepjournal import entries as e
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
    if store:
        store.close()
    if isinstance(plan, Plan):
        made = _with_timeline(journal, plan, pages, before)
        made["report.html"] = plan.report
        return dict(sorted(made.items()))
    plan, job = _plan(journal, pages, as_of, since, until)
    try:  # the timeline is made here while the report is made alongside
        made = _with_timeline(journal, plan, pages, before)
        made["report.html"] = _kept_plan(journal, key, plan, job)
    finally:
        job.close()  # the copy is let go, never left behind, whatever happened
    return dict(sorted(made.items()))


def _with_timeline(
    journal: Journal, plan: Plan, pages: Environment, before: Layout | None
) -> dict[str, Content]:
    """The timeline page and the attachments it links."""
    files = timeline.Files(journal.root, plan.ids)
    current = timeline.salt(pages)
    if before and before.context != current:
        before = None  # made by other code or another entry template
    articles = timeline.articles(journal, plan.wanted, files, pages, before)
    made: dict[str, Content] = dict(files.files)
    page = _timeline_page(plan, articles, before)
    page.context = current
    made["index.html"] = page
    return made


def _kept_plan(
    journal: Journal, key: str, plan: Plan, job: alongside.Alongside
) -> bytes:
    """The report page, once made (alongside the timeline), in its plan,
    and the plan kept for the next build."""
    from iepjournal import cache

    text = job.result()
    plan.report = text.replace(_SLOT, _policy(_inline(text)), 1).encode("utf-8")
    if cache.enabled():
        store = cache.Store(journal.root)
        store.remember("site", key, plan)
        store.close()
    return plan.report


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

    return cache.fingerprint(
        _sources(pages), [repr(journal.settings), days, journal.shaped],
        map(repr, journal.problems),
    )  # fmt: skip


def _plan(
    journal: Journal,
    pages: Environment,
    as_of: dt.date,
    since: dt.date | None,
    until: dt.date | None,
) -> tuple[Plan, alongside.Alongside]:
    """The plan, less its report page, which is made alongside: see _pages."""
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
        "anchor": timeline.anchor,
    }
    # Each article's place is held by a marker no journal text can make.
    wanted = timeline.wanted(journal, entries)
    ids = [entry_id for entry_id, _, _ in wanted]
    token = secrets.token_hex(8)
    # Plain text (no markup in it), escaped by Jinja's own C code: 10,000
    # Markup objects made in Python cost more than the rest of the page.
    context["articles"] = {v: f"\x00{token}:{n}\x00" for n, v in enumerate(ids)}
    job, index = _pages(journal, pages, context, since)
    pieces = re.split(f"\x00{token}:([0-9]+)\x00", index)
    pieces[1::2] = [ids[int(number)] for number in pieces[1::2]]
    texts = pieces[::2]
    slot = next((n for n, text in enumerate(texts) if _SLOT in text), 0)
    plan = Plan(b"", pieces, wanted, {x.id for x in journal.entries},
                [tuple(_inline(text)) for text in texts], slot)  # fmt: skip
    return plan, job


def _pages(
    journal: Journal, pages: Environment, context: dict[str, Any], since: dt.date | None
) -> tuple[alongside.Alongside, str]:
    """The report page, being made by a copy of this process (see
    alongside.py), and the timeline's, made here; unless the timeline's
    templates use the report (an override may): then both here."""
    from iepjournal import charts
    from iepjournal import report as gap_report

    def report_context() -> dict[str, Any]:
        built = gap_report.build(journal, context["as_of"], since)
        return context | {
            "report": built,
            "service_charts": charts.service_charts(built, journal),
            "goal_charts": {g.goal.id: charts.goal_chart(g) for g in built.goals},
        }

    if _REPORT_NAMES & _names_used(pages, "site/index.html"):
        both = report_context()
        report = _render(pages, "report.html", both)
        return alongside.Alongside(lambda: report), _render(pages, "index.html", both)
    job = alongside.start(lambda: _render(pages, "report.html", report_context()))
    try:
        return job, _render(pages, "index.html", context)
    except BaseException:
        job.close()
        raise


def _render(pages: Environment, page: str, context: dict[str, Any]) -> str:
    return pages.get_template(f"site/{page}").render(page=page, **context)


# What the pages are given of the report (docs/site.md).
_REPORT_NAMES = frozenset({"report", "service_charts", "goal_charts"})


def _sources(pages: Environment) -> list[tuple[str, str]]:
    """The site's templates, by name, as the journal's folder or iepjournal
    has them."""
    return [
        (name, pages.loader.get_source(pages, name)[0])
        for name in pages.list_templates()
        if name.startswith("site/")
    ]


def _names_used(pages: Environment, name: str) -> frozenset[str]:
    """Every name a template, and those it extends, includes or imports,
    takes from its context (see _names_found); kept in the cache for the
    templates as they are (parsing them costs 35 ms)."""
    from iepjournal import cache

    if not cache.enabled():
        return _names_found(pages, name)
    # One file per template folders and name: a journal's overrides are its own.
    kept_as = f"names\0{getattr(pages.loader, 'searchpath', '')}\0{name}"
    key = cache.fingerprint(_sources(pages), [name])
    found = cache.kept_file(kept_as, key)
    if not isinstance(found, frozenset):
        found = _names_found(pages, name)
        cache.keep_file(kept_as, key, found)
    return found


def _names_found(pages: Environment, name: str) -> frozenset[str]:
    """Every name a template, and those it extends, includes or imports,
    takes from its context; all of the report's, when one of those
    templates is only named as the page is made."""
    from jinja2 import meta

    found: set[str] = set()
    pending, seen = [name], {name}
    while pending:
        source = pages.loader.get_source(pages, pending.pop())[0]
        tree = pages.parse(source)
        found |= meta.find_undeclared_variables(tree)
        for other in meta.find_referenced_templates(tree):
            if other is None:
                return _REPORT_NAMES
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return frozenset(found)


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
