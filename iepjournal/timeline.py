"""The timeline: every entry as an <article>, through the template
`site/partials/entry.html`, with its links pointed at the site.

Rendering 10,000 articles is most of a cold build, so it happens where the
files are read: the worker processes render each entry's article as if it
showed nothing of other entries, and note every question they asked about
other files (is this link another entry? is that attachment there?). The
build keeps such an article while the entry has no related entries (a
reply, a notice) and every question still has the same answer; any other
article is rendered here, and kept in the cache under a key made of
everything it shows.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from iepjournal import bodies
from iepjournal import entries as e

if TYPE_CHECKING:
    from iepjournal.journal import Journal

PARTIAL = "site/partials/entry.html"
_ANCHOR = re.compile(r"[^a-z0-9]+")

# A question about another file, and the answer the article was made with:
# ("entry", id, its address or None) or ("file", journal path, address or None).
Lookup = tuple[str, str, str | None]


def anchor(entry_id: str) -> str:
    return "e-" + _ANCHOR.sub("-", entry_id.lower()).strip("-")


@dataclass
class Chip:
    service: str
    label: str
    css: str  # held, partial, missed-school, missed-student, missed-unknown, ...


@dataclass
class EntryView:
    """What the entry template shows of one entry (`v` in the template)."""

    entry: e.Entry
    anchor: str
    body: str  # safe HTML
    chips: list[Chip] = field(default_factory=list)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # name, href
    related: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # label, title, href
    services: list[str] = field(default_factory=list)


class Places(Protocol):
    """Where another journal file is on the site."""

    def entry(self, entry_id: str) -> str | None: ...

    def file(self, journal_path: str) -> str | None: ...


class Files:
    """The journal's files (attachments) copied beside the pages, as they
    are asked for: site path -> bytes."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.files: dict[str, bytes] = {}

    def entry(self, entry_id: str) -> str | None:
        found = self.journal.entry(entry_id)
        return f"index.html#{anchor(found.id)}" if found else None

    def file(self, journal_path: str) -> str | None:
        """Copy a journal file into `files/`; its site address, or None."""
        target = f"files/{journal_path}"
        if target not in self.files:
            source = self.journal.root / journal_path
            if journal_path.lower().endswith(".md") or not source.is_file():
                return None
            self.files[target] = source.read_bytes()
        return quote(target)

    def answers(self, lookups: Iterable[Lookup]) -> bool:
        """Whether every question gets the answer it got before."""
        return all(getattr(self, kind)(key) == was for kind, key, was in lookups)


class _Asked:
    """Places as a worker process sees them: no other entry is known, files
    are looked for on disk, and every question is noted."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.lookups: list[Lookup] = []

    def entry(self, entry_id: str) -> str | None:
        self.lookups.append(("entry", entry_id, None))
        return None

    def file(self, journal_path: str) -> str | None:
        there = not journal_path.lower().endswith(".md") and os.path.isfile(
            os.path.join(self.root, journal_path)
        )
        address = quote(f"files/{journal_path}") if there else None
        self.lookups.append(("file", journal_path, address))
        return address


def view(
    entry: e.Entry,
    body_html: str,
    places: Places,
    related: list[tuple[str, str, str]] | None = None,
) -> EntryView:
    def resolve(link: str) -> str | None:
        target = bodies.local_target(link, entry.path)
        if target is None:
            return None
        return places.entry(target.removesuffix(".md")) or places.file(target)

    html = bodies.safe_links(_without_title(body_html, entry), resolve)
    shown = EntryView(entry, anchor(entry.id), html, related=related or [])
    shown.attachments = _attachments(entry, places)
    shown.services = services_of(entry)
    if isinstance(entry, e.Note):
        shown.chips = [_chip(s) for s in entry.sessions]
    return shown


def services_of(entry: e.Entry) -> list[str]:
    """The services an entry is about (for the timeline's service filter)."""
    if isinstance(entry, e.Note):
        return sorted({s.service for s in entry.sessions})
    if isinstance(entry, e.Change) and entry.service:
        return [entry.service]
    if isinstance(entry, e.Notice):
        return sorted(entry.services)
    return []


def _without_title(html: str, entry: e.Entry) -> str:
    """The body, less a first heading that is already the entry's title."""
    heading = (
        f"<h1>{escape(entry.title, quote=False).replace(chr(34), '&quot;')}</h1>\n"
    )
    return html.removeprefix(heading)


def _chip(session: e.Session) -> Chip:
    from iepjournal.services import side_of

    status = session.status
    if status == "missed":
        side = side_of(session)
        label = {"school": "missed by school", "student": "missed by student"}.get(
            side, "missed"
        )
        return Chip(session.service, label, f"missed-{side}")
    if status == "partial" and session.minutes is not None:
        return Chip(session.service, f"partial, {session.minutes:g} min", "partial")
    return Chip(session.service, status, status)


def _attachments(entry: e.Entry, places: Places) -> list[tuple[str, str]]:
    found = []
    for name in entry.attachments:
        for candidate in (
            bodies.local_target(name, entry.path),
            bodies.local_target(name, "x"),
        ):
            href = places.file(candidate) if candidate else None
            if href:
                found.append((name, href))
                break
    return found


class Relations:
    """Which entries point at which: a reply at its email, a change at its
    notice and meeting; made once for the whole journal."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.by_message_id = {
            x.message_id: x
            for x in journal.entries
            if isinstance(x, e.Message) and x.message_id
        }
        self.replies: dict[str, list[e.Entry]] = defaultdict(list)
        for entry in journal.entries:
            if isinstance(entry, e.Message) and entry.in_reply_to:
                parent = self._replied_to(entry.in_reply_to)
                if parent:
                    self.replies[parent.id].append(entry)

    def _replied_to(self, reference: str) -> e.Entry | None:
        found = self.journal.entry(reference.removesuffix(".md"))
        return found or self.by_message_id.get(reference)

    def of(self, entry: e.Entry) -> list[tuple[str, str, str]]:
        links: list[tuple[str, e.Entry | None]] = []
        if isinstance(entry, e.Message) and entry.in_reply_to:
            links.append(("In reply to", self._replied_to(entry.in_reply_to)))
        links += [("Reply", reply) for reply in self.replies.get(entry.id, [])]
        if isinstance(entry, e.Change):
            for label, ref in (("Notice", entry.notice), ("Meeting", entry.meeting)):
                links.append((label, self.journal.entry(ref) if ref else None))
        return [
            (label, target.title, f"#{anchor(target.id)}")
            for label, target in links
            if target is not None
        ]


# --- rendering ------------------------------------------------------------------


def salt(environment: Any) -> str:
    """What an article depends on besides its entry: this code and the entry
    template (a journal may override it)."""
    from iepjournal import cache

    source = environment.loader.get_source(environment, PARTIAL)[0]
    return f"{cache.code_version()}|{hashlib.sha256(source.encode()).hexdigest()}"


@dataclass(frozen=True)
class Prerender:
    """Run in the worker processes for each entry read: its article made as
    if nothing else pointed at it (pickled with the salt and the questions
    asked); or, if the template failed, its body as HTML (the build then
    renders the article again, and reports the error)."""

    root: str
    salt: str

    @classmethod
    def for_journal(cls, root: Path) -> Prerender:
        from iepjournal import site

        pages = site.environment(root)
        made = cls(str(root), salt(pages))
        _ENVIRONMENTS.clear()  # a long `watch` makes one per build
        _ENVIRONMENTS[made] = pages  # forked workers start with it compiled
        return made

    def __call__(self, entry: e.Entry) -> tuple[str, bytes | None]:
        body = bodies.to_html(entry.body)
        asked = _Asked(self.root)
        try:
            shown = view(entry, body, asked)
            html = self._partial().render(v=shown)
        except Exception:
            return body, None
        return body, pickle.dumps((self.salt, html, asked.lookups), protocol=5)

    def _partial(self) -> Any:
        if self not in _ENVIRONMENTS:  # a spawned worker
            from iepjournal import site

            _ENVIRONMENTS[self] = site.environment(Path(self.root))
        return _ENVIRONMENTS[self].get_template(PARTIAL)


_ENVIRONMENTS: dict[Prerender, Any] = {}


def articles(
    journal: Journal, entries: list[e.Entry], files: Files, environment: Any
) -> dict[str, str]:
    """Each entry's <article>, by entry id: the one made when it was read
    where it still holds, else rendered now (or found in the cache)."""
    from markupsafe import Markup

    relations = Relations(journal)
    current = salt(environment)
    made: dict[str, str] = {}
    todo: list[EntryView] = []
    for entry in entries:
        related = relations.of(entry)
        kept = None if related else journal.prerendered(entry.path)
        if kept is not None:
            was_salt, html, lookups = pickle.loads(kept)
            if was_salt == current and files.answers(lookups):
                made[entry.id] = Markup(html)
                continue
        todo.append(view(entry, journal.body_html(entry), files, related))
    made |= _rendered(environment, journal, todo, current)
    return made


def _rendered(
    environment: Any, journal: Journal, views: list[EntryView], current: str
) -> dict[str, str]:
    """Articles rendered here, kept in the cache under a key made of
    everything they show, so a rebuild renders only what changed."""
    from markupsafe import Markup

    from iepjournal import cache

    if not views:
        return {}
    partial = environment.get_template(PARTIAL)
    keys = {}
    for shown in views:
        chips = [(c.service, c.label, c.css) for c in shown.chips]
        what = (journal.stamps.get(shown.entry.path), shown.entry.id, shown.body,
                shown.attachments, shown.related, shown.services, chips)  # fmt: skip
        digest = hashlib.sha256(f"{current}|{what!r}".encode())
        keys[shown.entry.id] = digest.hexdigest()
    store = cache.Store(journal.root) if cache.enabled() else None
    found = store.articles(set(keys.values())) if store else {}
    fresh = {}
    for shown in views:
        key = keys[shown.entry.id]
        if key not in found:
            found[key] = fresh[key] = partial.render(v=shown)
    if store:
        store.keep_articles(fresh, set(keys.values()))
        store.close()
    return {entry_id: Markup(found[key]) for entry_id, key in keys.items()}
