"""The printable site: a timeline of the journal and the gap report, as
self-contained pages (no request leaves them) rendered through the Jinja2
templates in `templates/site/`, which a journal may override.

The same journal and day give byte-identical files. `write` puts them in a
folder it owns (marked by a file), atomically, and never touches a folder
it did not make.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iepjournal.journal import folder
from iepjournal.model import entries as e
from iepjournal.model.journal import Journal
from iepjournal.model.language import ENGLISH, Language, Said, said
from iepjournal.model.values import unit_words
from iepjournal.render import timeline
from iepjournal.render.writing import Written, write

if TYPE_CHECKING:  # Jinja2 is imported only by the commands that render
    from jinja2 import Environment
    from markupsafe import Markup


@dataclass
class Month:
    label: Said
    entries: list[e.Entry]


def build(
    journal: Journal,
    out: Path,
    as_of: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    language: Language = ENGLISH,
) -> Written:
    """Render the site and write it into `out` (see writing.write): the
    folder the path names once `..` and links are followed, and never one
    inside the journal but `_site` (or another `_` folder, which the
    journal does not read)."""
    target = Path(os.path.realpath(out))
    refused = _inside_the_journal(journal.root, target)
    if refused:
        return Written(target, [], refused)
    return write(render(journal, as_of, since, until, language), target)


def _inside_the_journal(root: Path, target: Path) -> str:
    """Why the site may not go to `target`, or "" when it may."""
    journal = Path(os.path.realpath(root))
    if target != journal and journal not in target.parents:
        return ""
    first = target.relative_to(journal).parts[:1]
    if first and first[0].startswith("_"):
        return ""
    return said(
        "{folder} is inside the journal, among the family's files, so nothing "
        "was written there. The site goes to the journal's _site folder, or to "
        "a folder outside the journal.",
        folder=str(target),
    )


def render(
    journal: Journal,
    as_of: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    language: Language = ENGLISH,
) -> dict[str, bytes]:
    """Every file of the site, by its path inside the output folder: the
    timeline, the report, and the attachments the timeline links."""
    from markupsafe import Markup

    from iepjournal.analyze import deadlines
    from iepjournal.analyze import report as gap_report
    from iepjournal.render import charts

    pages = environment(journal.root, language)
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
    entries = [x for x in entries if not timeline.left_as_template(x)]
    built = gap_report.build(journal, as_of, since)
    files = timeline.Files(journal.root, {x.id for x in journal.entries})
    relations = timeline.Relations(journal)
    relations.aims = _aims(built)
    relations.log_says = _log_says(built, journal)
    partial = pages.get_template(timeline.PARTIAL)
    rendered = _articles(_Work(entries, files, relations, partial))
    articles = {x.id: Markup(html) for x, html in zip(entries, rendered, strict=True)}
    context = {
        "journal": journal,
        "as_of": as_of,
        "period": period,
        "student": journal.settings.student or language._("the student"),
        "months": _months(entries),
        "shown": {x.id: x for x in entries},
        "iep": journal.iep_in_force(as_of),
        "types": sorted({x.type for x in entries}),
        "services": sorted({s for x in entries for s in timeline.services_of(x)}),
        "tags": sorted({t for x in entries for t in x.tags}),
        "problems": journal.problems,
        "anchor": timeline.anchor,
        "articles": articles,
        "report": built,
        "service_charts": charts.service_charts(built, journal),
        "month_grids": charts.month_grids(built, journal),
        "glance": _glance(built),
        "next_deadlines": [
            x for x in deadlines.deadlines(journal, as_of) if x.day >= as_of
        ][:3],
        "goal_charts": {g.goal.id: charts.goal_chart(g) for g in built.goals},
    }
    made: dict[str, bytes] = {}
    for page in ("index.html", "report.html"):
        text = pages.get_template(f"site/{page}").render(page=page, **context)
        made[page] = text.replace(_SLOT, _policy(_inline(text)), 1).encode("utf-8")
    made.update(files.files)
    return dict(sorted(made.items()))


# From this many articles on, on Linux with two cores or more and no other
# thread running (`watch` serves the pages from one), the articles are
# rendered by forked worker processes (folder.worker_pool; a cold build of
# 3,000 entries took 1.4-2.2 s with them, 1.9-2.1 s without). Rendering is most
# of a large build, and each article depends only on its entry, so the
# pages are the same bytes either way.
PARALLEL_FROM = 1000


@dataclass
class _Work:
    """What rendering the articles needs; forked workers inherit it."""

    entries: list[e.Entry]
    files: timeline.Files
    relations: timeline.Relations
    partial: Any

    def render(self, start: int, end: int) -> list[str]:
        return [
            self.partial.render(v=timeline.view(x, self.files, self.relations))
            for x in self.entries[start:end]
        ]


_WORK: _Work | None = None


def _articles(work: _Work) -> list[str]:
    """Each entry's article, in order: by worker processes for a large
    journal (see PARALLEL_FROM), else here. Anything that goes wrong in
    the workers is done again here, where a broken template is named with
    its line."""
    global _WORK
    count = len(work.entries)
    _WORK = work  # set before the workers are forked, so they have it
    try:
        pool = folder.worker_pool(count, PARALLEL_FROM, inherit=True)
        if pool is None:
            return work.render(0, count)
        size = -(-count // (folder.workers() * 2))
        spans = [(start, min(start + size, count)) for start in range(0, count, size)]
        try:
            with pool:
                done = pool.map(_render_span, spans)
        except Exception:
            return work.render(0, count)
    finally:
        _WORK = None
    for _, copied in done:
        work.files.files.update(copied)
    return [html for made, _ in done for html in made]


@dataclass
class GlanceRow:
    """One service on the report page's summary: its figures over every IEP
    snapshot of the period, added up (None when none of them is known)."""

    name: str
    unsure: bool
    promised: float | None
    held: float | None
    shortfall: float


def _glance(built: Any) -> list[GlanceRow]:
    rows: dict[str, list[Any]] = {}
    for ledger in built.ledgers:  # in the services table's order
        rows.setdefault(ledger.service.name or ledger.service.id, []).append(ledger)

    def added(values: list[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    return [
        GlanceRow(
            name,
            any(x.unsure for x in ledgers),
            added([x.expected_minutes for x in ledgers]),
            added([x.held_minutes for x in ledgers]),
            sum(x.shortfall_minutes for x in ledgers),
        )
        for name, ledgers in rows.items()
    ]


def _log_says(built: Any, journal: Journal) -> dict[str, list[tuple[str, Said]]]:
    """For each note on a day the school's log disagrees with: the service
    and what the log says that day."""
    found: dict[str, list[tuple[str, Said]]] = {}
    for service, days in built.disagreements.items():
        for day in days:
            name = journal.service_name(service, day.day)
            for entry in day.entries:
                if isinstance(journal.entry(entry), e.Note):
                    found.setdefault(entry, []).append((name, day.school))
    return found


def _aims(built: Any) -> dict[tuple[str, str], tuple[object, object]]:
    """For each progress report and goal: the value read from its words and
    where the aim line stood that day, as the report's analysis found them
    ("" for none)."""
    found: dict[tuple[str, str], tuple[object, object]] = {}
    for goal in built.goals:
        for reading in goal.readings:
            aim: object = ""
            if reading.expected is not None:
                aim = said("{aim:0}", aim=reading.expected)
                if goal.unit:
                    unit = unit_words(goal.unit)
                    aim = said("{aim:0} {unit}", aim=reading.expected, unit=unit)
            found[(reading.entry, goal.goal.id)] = (reading.value or "", aim)
    return found


def _render_span(span: tuple[int, int]) -> tuple[list[str], dict[str, bytes]]:
    """In a worker: one span's articles, and the files they copied."""
    assert _WORK is not None
    _WORK.files.files = {}
    return _WORK.render(*span), _WORK.files.files


def environment(root: Path, language: Language = ENGLISH) -> Environment:
    """The site's templates, HTML-escaped, with its filters, in `language`."""
    from iepjournal.render import templates

    pages = templates.environment(root, html=True, language=language)
    pages.filters["css_string"] = _css_string
    pages.globals["type_words"] = lambda kind: language.gettext(
        e.TYPE_NAMES.get(kind) or kind
    )
    pages.globals["mood_words"] = lambda mood: language.gettext(
        e.MOOD_NAMES.get(mood) or mood
    )
    pages.globals["shown_limit"] = e.SHOWN_LIMIT
    pages.globals["title_of"] = timeline.title_of
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
    """The inline style and script blocks of a page, as the policy allows
    them (by hash)."""
    found = []
    for kind, body in _INLINE.findall(text):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        found.append(f"{kind} 'sha256-{digest}'")
    return tuple(found)


def _policy(blocks: tuple[str, ...]) -> str:
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
            months.append(Month(said("{month:month}", month=entry.date), []))
        months[-1].entries.append(entry)
    return months
