"""The timeline: what the template `site/partials/entry.html` shows of each
entry (its body as safe HTML, its sessions one by one, its attachments and
related entries), with its links pointed at the site."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from iepjournal.model import entries as e
from iepjournal.model.language import N_, Said, one_after_another, said
from iepjournal.render import markdown

if TYPE_CHECKING:
    from iepjournal.model.journal import Journal

PARTIAL = "site/partials/entry.html"
_ANCHOR = re.compile(r"[^a-z0-9]+")


def anchor(entry_id: str) -> str:
    return "e-" + _ANCHOR.sub("-", entry_id.lower()).strip("-")


@dataclass
class SessionRow:
    """One session of a note as the timeline prints it."""

    name: str  # the service's name
    label: Said  # held, missed by the school, ...
    css: str
    minutes: float | None
    reason: str


@dataclass
class GoalRow:
    """What one progress report said about one goal, as printed."""

    name: str
    words: str  # the report's words, as copied
    value: object  # the number read from them, with its unit ("" if none)
    aim: object  # where the aim line was that day ("" if there is none)


@dataclass
class EntryView:
    """What the entry template shows of one entry (`v` in the template)."""

    entry: e.Entry
    anchor: str
    body: str  # safe HTML
    attachments: list[tuple[str, str]] = field(default_factory=list)  # name, href
    related: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # label, title, href
    services: list[str] = field(default_factory=list)
    plain: bool = False  # too long to format: shown as plain text
    cut: bool = False  # too long to show whole: its beginning is shown
    title: str = ""  # the title a person reads: names, not ids (may be a Said)
    sessions: list[SessionRow] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    starter: bool = False  # the body is the text `init` wrote: not printed
    # (service name, what the school's log says) for a day it disagrees on
    log_says: list[tuple[str, Said]] = field(default_factory=list)


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
        """Copy a journal file into `files/`; its site address, or None
        when it may not be published (see `publishable`)."""
        target = f"files/{journal_path}"
        if target not in self.files:
            if not publishable(self.root, journal_path):
                return None
            try:
                self.files[target] = (self.root / journal_path).read_bytes()
            except OSError:
                return None
        return quote(target)


# Types a browser runs (scripts in a page, an SVG or XML document) are never
# copied into the site: opened from it, they could read the timeline.
ACTIVE_TYPES = {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml",
                ".xsl", ".xslt", ".js", ".mjs", ".swf", ".mht", ".mhtml"}  # fmt: skip
# Never published, wherever a link points: the settings, the journal's
# templates and README, entries themselves.
_PRIVATE_AT_TOP = {"iepjournal.toml", "templates", "readme.md"}


def publishable(root: Path, journal_path: str) -> bool:
    """Whether a journal file may be copied into the site: a regular file
    (not a link) inside the journal, not an entry, not hidden or in a
    hidden or `_` folder (`.git`, `_site`), not the settings, templates or
    README, and not of a type a browser runs."""
    parts = journal_path.split("/")
    if any(part.startswith((".", "_")) or not part for part in parts):
        return False
    if parts[0].lower() in _PRIVATE_AT_TOP:
        return False
    suffix = PurePosixPath(journal_path).suffix.lower()
    if suffix == ".md" or suffix in ACTIVE_TYPES:
        return False
    source = root / journal_path
    try:
        if source.is_symlink() or not source.is_file():
            return False
        inside = Path(os.path.realpath(root))
        return inside in Path(os.path.realpath(source)).parents
    except OSError:
        return False


def view(
    entry: e.Entry,
    places: Files,
    relations: Relations | None = None,
) -> EntryView:
    def resolve(link: str) -> str | None:
        target = markdown.local_target(link, entry.path)
        if target is None:
            return None
        return places.entry(target.removesuffix(".md")) or places.file(target)

    plain = e.too_long_to_format(entry.body)
    if plain:  # bounded cost: escaping is linear, formatting is not
        html = f'<div class="plain">{html_escape(entry.body[: e.SHOWN_LIMIT])}</div>'
    else:
        html = markdown.render(entry.body, resolve, without_heading=entry.title)
    related = relations.of(entry) if relations else []
    shown = EntryView(entry, anchor(entry.id), html, related=related)
    shown.plain, shown.cut = plain, len(entry.body) > e.SHOWN_LIMIT
    shown.attachments = _attachments(entry, places)
    shown.services = services_of(entry)
    journal = relations.journal if relations else None
    shown.title = title_of(entry, journal)
    if isinstance(entry, e.Note):
        shown.sessions = [_session_row(s, entry.date, journal) for s in entry.sessions]
    if isinstance(entry, e.Progress):
        aims: dict[tuple[str, str], tuple[object, object]] = (
            relations.aims if relations else {}
        )
        shown.goals = [_goal_row(g, entry, journal, aims) for g in entry.goals]
    shown.starter = isinstance(entry, e.Iep) and _is_starter(entry.body)
    shown.log_says = relations.log_says.get(entry.id, []) if relations else []
    return shown


def _name(journal: Journal | None, service: str, day: dt.date) -> str:
    return journal.service_name(service, day) if journal else service


def title_of(entry: e.Entry, journal: Journal | None) -> str:
    """The title a person reads: a note's title made from its sessions says
    the services' names ("Occupational therapy held"); an IEP named only by
    its file says its kind and dates."""
    if isinstance(entry, e.Note) and entry.titled_by_sessions and entry.sessions:
        each = []
        for number, s in enumerate(entry.sessions):
            name = _name(journal, s.service, entry.date)
            if number == 0:
                name = name[:1].upper() + name[1:]
            each.append(said("{service} {status}", service=name,
                             status=_short_label(s.status)))  # fmt: skip
        return one_after_another(each, ", ")
    stem = entry.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if isinstance(entry, e.Iep) and entry.title == stem:
        kind = (entry.kind or "").strip().capitalize()
        if entry.ends:
            when = said("in force from {start} to {end}",
                        start=entry.in_force_from, end=entry.ends)  # fmt: skip
        else:
            when = said("in force from {start}", start=entry.in_force_from)
        if kind:
            return said("{kind} IEP, {when}", kind=kind, when=when)
        return said("IEP, {when}", when=when)
    return entry.title


@functools.cache
def _short_label(status: str) -> Said:
    return said(_SHORT_LABELS.get(status, status))


# A session's status as a title says it ("Speech held").
_SHORT_LABELS = {"held": N_("held"), "partial": N_("partial"),
                 "missed": N_("missed"), "made-up": N_("made up"),
                 "unknown": N_("not known")}  # fmt: skip


def _session_row(
    session: e.Session, day: dt.date, journal: Journal | None
) -> SessionRow:
    from iepjournal.analyze.services import side_of

    side = side_of(session) if session.status == "missed" else ""
    label, css = session_words(session.status, side)
    return SessionRow(
        _name(journal, session.service, day), label, css, session.minutes,
        session.reason,
    )  # fmt: skip


@functools.cache  # the same few words for every session of a timeline
def session_words(status: str, side: str = "") -> tuple[Said, str]:
    """What a session's status reads as on the pages, and its CSS class:
    ("missed by the school", "missed-school"). One table for the timeline
    and the month grid."""
    if status == "missed":
        side = side if side in ("school", "student") else "unknown"
        return said(_MISSED_WORDS[side]), f"missed-{side}"
    return said(_SHORT_LABELS.get(status, status)), status


_MISSED_WORDS = {"school": N_("missed by the school"),
                 "student": N_("missed by the student"),
                 "unknown": N_("missed (whose side is not said)")}  # fmt: skip


def _goal_row(
    said: e.GoalReport,
    report: e.Progress,
    journal: Journal | None,
    aims: dict[tuple[str, str], tuple[object, object]],
) -> GoalRow:
    name = journal.goal_name(said.goal, report.date) if journal else said.goal
    value, aim = aims.get((report.id, said.goal), ("", ""))
    return GoalRow(name, said.reported, value, aim)


@functools.cache
def _starter_bodies() -> tuple[str, ...]:
    """The words under the IEP that `init` writes (its instructions), in
    each language it writes them in."""
    from iepjournal import bundled

    folder = bundled.templates_folder() / "init"
    return tuple(
        " ".join(path.read_text("utf-8").split("\n---\n", 1)[-1].split())
        for path in (folder / "iep.md", *sorted(folder.glob("*/iep.md")))
    )


def _is_starter(body: str) -> bool:
    return " ".join(body.split()) in _starter_bodies()


def left_as_template(entry: e.Entry) -> bool:
    """A note `new` wrote and nobody filled in: no session, no words, no
    mood, nothing attached. The timeline leaves it out."""
    return (
        isinstance(entry, e.Note)
        and not entry.sessions
        and not entry.school_closed
        and not entry.mood
        and not entry.body.strip()
        and not entry.attachments
        and not entry.tags
        and "title" not in entry.field_lines  # a note with only a title stays
    )


def services_of(entry: e.Entry) -> list[str]:
    """The services an entry is about (for the timeline's service filter)."""
    if isinstance(entry, e.Note):
        return sorted({s.service for s in entry.sessions})
    if isinstance(entry, e.Change) and entry.service:
        return [entry.service]
    if isinstance(entry, e.Notice):
        return sorted(entry.services)
    return []


def _attachments(entry: e.Entry, places: Files) -> list[tuple[str, str]]:
    found = []
    for name in entry.attachments:
        for candidate in (
            markdown.local_target(name, entry.path),
            markdown.local_target(name, "x"),
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
        # (progress report id, goal id) -> (the value read from the words,
        # where the aim line was that day), from the report's analysis
        self.aims: dict[tuple[str, str], tuple[object, object]] = {}
        # note id -> (service name, what the school's log says that day),
        # for the days the log and the notes disagree on
        self.log_says: dict[str, list[tuple[str, Said]]] = {}
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
        links: list[tuple[Said, e.Entry | None]] = []
        if isinstance(entry, e.Message) and entry.in_reply_to:
            links.append((said("In reply to"), self._replied_to(entry.in_reply_to)))
        links += [(said("Reply"), reply) for reply in self.replies.get(entry.id, [])]
        if isinstance(entry, e.Change):
            for label, ref in ((said("Notice"), entry.notice),
                               (said("Meeting"), entry.meeting)):  # fmt: skip
                links.append((label, self.journal.entry(ref) if ref else None))
        return [
            (label, target.title, f"#{anchor(target.id)}")
            for label, target in links
            if target is not None
        ]
