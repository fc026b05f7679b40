"""The timeline: every entry as an <article>, through the template
`site/partials/entry.html`, with its links pointed at the site.

Rendering 10,000 articles is most of a cold build, so it happens where the
files are read: the worker processes render each entry's article as if it
showed nothing of other entries, and note every question they asked about
other files (is this link another entry? is that attachment there?). The
build keeps such an article while the entry has no related entries (a
reply, a notice) and every question still has the same answer. Any other
article is rendered here and kept in the cache, with the questions it
asked, under a key of the file's size and time and the related entries it
shows.
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
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol
from urllib.parse import quote

from iepjournal import bodies
from iepjournal import entries as e

if TYPE_CHECKING:
    from iepjournal.journal import Journal
    from iepjournal.writing import Layout

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
    """Where other journal files are on the site: entries by their anchor,
    other files copied into `files/` (site path -> bytes) as asked for."""

    def __init__(self, root: Path, ids: set[str]) -> None:
        self.root = root
        self.ids = ids
        self.files: dict[str, bytes] = {}

    def entry(self, entry_id: str) -> str | None:
        return f"index.html#{anchor(entry_id)}" if entry_id in self.ids else None

    def file(self, journal_path: str) -> str | None:
        """Copy a journal file into `files/`; its site address, or None."""
        target = f"files/{journal_path}"
        if target not in self.files:
            source = self.root / journal_path
            if journal_path.lower().endswith(".md") or not source.is_file():
                return None
            self.files[target] = source.read_bytes()
        return quote(target)

    def answers(self, lookups: Iterable[Lookup]) -> bool:
        """Whether every question gets the answer it got before."""
        return all(getattr(self, kind)(key) == was for kind, key, was in lookups)


class _OnDisk:
    """Places as a worker process sees them: no other entry is known, and
    files are looked for on disk."""

    def __init__(self, root: str) -> None:
        self.root = root

    def entry(self, entry_id: str) -> str | None:
        return None

    def file(self, journal_path: str) -> str | None:
        there = not journal_path.lower().endswith(".md") and os.path.isfile(
            os.path.join(self.root, journal_path)
        )
        return quote(f"files/{journal_path}") if there else None


class _Asked:
    """Places that note every question asked of them, and the answer."""

    def __init__(self, places: Places) -> None:
        self.places = places
        self.lookups: list[Lookup] = []

    def entry(self, entry_id: str) -> str | None:
        answer = self.places.entry(entry_id)
        self.lookups.append(("entry", entry_id, answer))
        return answer

    def file(self, journal_path: str) -> str | None:
        answer = self.places.file(journal_path)
        self.lookups.append(("file", journal_path, answer))
        return answer


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

    def __call__(self, entry: e.Entry) -> tuple[str | None, bytes | None]:
        body = bodies.to_html(entry.body)
        asked = _Asked(_OnDisk(self.root))
        try:
            shown = view(entry, body, asked)
            html = self._partial().render(v=shown)
        except Exception:  # the build renders it again, and says what failed
            return body, None
        # The body alone is kept only when there is no article: an article
        # that goes stale is rare, and its body is then made again.
        return None, pickle.dumps((self.salt, html, asked.lookups), protocol=5)

    def environment(self) -> Any:
        if self not in _ENVIRONMENTS:  # a spawned worker
            from iepjournal import site

            _ENVIRONMENTS[self] = site.environment(Path(self.root))
        return _ENVIRONMENTS[self]

    def _partial(self) -> Any:
        return self.environment().get_template(PARTIAL)


_ENVIRONMENTS: dict[Prerender, Any] = {}


# Which article a page wants: entry id, path, the related entries it shows.
Wanted = tuple[str, str, tuple[tuple[str, str, str], ...]]


# What an article's HTML is made from besides the code and the entry
# template: the file (its path, size and time) and the related entries it
# shows, as one string (a page of 10,000 articles looks them up often).
Label = str


def label(path: str, stamp: object, related: tuple[object, ...]) -> Label:
    return f"{path}|{stamp}|{related!r}" if related else f"{path}|{stamp}"


@dataclass(frozen=True, slots=True)
class Article:
    """An entry's <article>: its label (same label, code and template, same
    HTML), its HTML (None: as in the page written before), and the
    questions it asked of other files, with their answers."""

    label: Label
    html: str | None
    lookups: tuple[Lookup, ...]


def wanted(journal: Journal, entries: list[e.Entry]) -> list[Wanted]:
    relations = Relations(journal)
    return [(x.id, x.path, tuple(relations.of(x))) for x in entries]


def articles(
    journal: Journal,
    wanted: list[Wanted],
    files: Files,
    environment: Any,
    written: Layout | None = None,
) -> dict[str, Article]:
    """Each wanted entry's article, by entry id: as in the page written
    before (`written`, made by this code and template, notes for each
    article its questions and their answers) or as made before (when the
    file was read, or by an earlier build) where it still holds, else
    rendered now and kept."""
    stamps = journal.stamps
    spans, notes = (written.spans, written.notes) if written else ({}, {})
    made: dict[str, Article] = {}
    fresh: list[_Todo] = []
    for entry_id, path, related in wanted:
        named = label(path, stamps.get(path), related)
        noted = notes.get(named) if named in spans else None
        if noted is not None and (not noted[0] or files.answers(noted[0])):
            made[entry_id] = Article(named, None, noted[0])
            continue
        fresh.append(_Todo(entry_id, path, related, named))
    # Made as the file was read: good for an entry nothing points at.
    current = salt(environment)
    ready = journal.prerendered([t.path for t in fresh if not t.related])
    others: list[_Todo] = []
    for todo in fresh:
        # Each blob let go as it is read: the articles are not held twice.
        found = (
            None
            if todo.related
            else _holding(ready.pop(todo.path, None), current, files)
        )
        if found is None:
            others.append(todo)
        else:
            made[todo.entry_id] = Article(todo.label, *found)
    return made | _from_cache(journal, others, files, environment, len(wanted))


class _Todo(NamedTuple):
    """An article still to find."""

    entry_id: str
    path: str
    related: tuple[tuple[str, str, str], ...]
    label: Label


def _holding(
    blob: bytes | None, current: str, files: Files
) -> tuple[str, tuple[Lookup, ...]] | None:
    """The article kept in `blob` and its questions, if it was made by this
    code and template and every question still has the same answer."""
    if blob is None:
        return None
    was_salt, html, lookups = pickle.loads(blob)
    if was_salt == current and files.answers(lookups):
        return html, tuple(lookups)
    return None


def _from_cache(
    journal: Journal,
    wanted: list[_Todo],
    files: Files,
    environment: Any,
    shown: int,
) -> dict[str, Article]:
    """Articles kept by an earlier build under a key of their label, code
    and template; the others rendered now, and kept (of `shown` articles
    on the page, these are the ones not otherwise found)."""
    from iepjournal import cache

    if not wanted:
        return {}
    current = salt(environment)
    keys = {todo.entry_id: _key(current, todo.label) for todo in wanted}
    store = cache.Store(journal.root) if cache.enabled() else None
    kept = store.articles(set(keys.values())) if store else {}
    made: dict[str, Article] = {}
    todos: list[_Todo] = []
    for todo in wanted:
        found = _holding(kept.get(keys[todo.entry_id]), current, files)
        if found is None:
            todos.append(todo)
        else:
            made[todo.entry_id] = Article(todo.label, *found)
    fresh = _render(journal, todos, files, environment, current)
    for todo, (html, lookups, _) in zip(todos, fresh, strict=True):
        made[todo.entry_id] = Article(todo.label, html, lookups)
    if store:
        blobs = {keys[t.entry_id]: b for t, (*_, b) in zip(todos, fresh, strict=True)}
        store.keep_articles(blobs, shown)
        store.close()
    return made


def _key(current: str, named: Label) -> str:
    return hashlib.sha256(f"{current}|{named}".encode()).hexdigest()


def _render(
    journal: Journal,
    todos: list[_Todo],
    files: Files,
    environment: Any,
    current: str,
) -> list[tuple[str, tuple[Lookup, ...], bytes]]:
    """Articles rendered here: each one's HTML, its questions, and both
    pickled for the cache."""
    if not todos:
        return []
    partial = environment.get_template(PARTIAL)
    entries = journal.entries_at(todo.path for todo in todos)
    made = []
    for _, path, related, _ in todos:
        entry = entries[path]
        asked = _Asked(files)
        body = journal.body_html(entry)
        html = partial.render(v=view(entry, body, asked, list(related)))
        blob = pickle.dumps((current, html, asked.lookups), protocol=5)
        made.append((html, tuple(asked.lookups), blob))
    return made
