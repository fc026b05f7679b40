"""Writing new entries: `init`, `new` and `log`.

These are the only places the tool writes into a journal, and they only ever
create files: a name already taken gets a -2, -3, ... suffix, and every file
appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2

from iepjournal.model import entries as e
from iepjournal.model.journal import Journal
from iepjournal.render import templates

# GUI editors return at once unless told to wait; these flags make them wait.
_WAIT_FLAGS = {
    "code": "--wait",
    "code-insiders": "--wait",
    "codium": "--wait",
    "subl": "--wait",
    "sublime_text": "--wait",
    "atom": "--wait",
    "mate": "--wait",
    "bbedit": "--wait",
    "zed": "--wait",
    "gedit": "--wait",
    "gvim": "--nofork",
    "mvim": "--nofork",
    "open": "-W",
}


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`, atomically; FileExistsError if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".iepjournal-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)  # fails, rather than replaces, if taken
        except OSError as error:
            if isinstance(error, FileExistsError):
                raise
            _create_exclusive(path, text)  # a file system without hard links
    finally:
        os.unlink(temporary)


def _create_exclusive(path: Path, text: str) -> None:
    with open(path, "x", encoding="utf-8", newline="\n") as out:
        out.write(text)


def free_path(root: Path, relative: str) -> str:
    """`relative`, or the same name with -2, -3, ... if it is taken."""
    stem, suffix = relative.removesuffix(".md"), ".md"
    candidate, number = relative, 2
    while (root / candidate).exists():
        candidate = f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def write_free(root: Path, relative: str, text: str) -> str:
    """Create the file `relative` names, or the first free name after it
    (-2, -3, ...), even when another process takes names at the same
    moment (ten `log` commands at once each get a file); its path."""
    for _ in range(1000):
        candidate = free_path(root, relative)
        try:
            write_new(root / candidate, text)
        except FileExistsError:
            continue  # taken between looking and writing: the next name
        return candidate
    raise FileExistsError(root / relative)


def slug(text: str) -> str:
    """Words of a file name: lower case, letters and digits, hyphens between
    ("Evaluación de OT" -> "evaluacion-de-ot")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return words[:48].rstrip("-")


def conventional_path(kind: str, day: dt.date, title: str = "", extra: str = "") -> str:
    folder = e.WRITTEN_TO[kind]
    if kind == "note" and not title and not extra:
        return f"{folder}/{day.isoformat()}.md"
    name = slug(extra or title) or kind
    return f"{folder}/{day.isoformat()}-{name}.md"


def _environment(root: Path | None) -> jinja2.Environment:
    # Markdown, YAML and TOML, not HTML; the `new` templates keep their own
    # lines, and nothing from the journal adds one: a service name with a
    # line break in it would leave its comment and write a line of its own
    # (a session nobody entered).
    return templates.environment(
        root, html=False, keep_trailing_newline=True, trim_blocks=False,
        lstrip_blocks=False, finalize=_one_line,
    )  # fmt: skip


_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")


def _one_line(value: object) -> object:
    """A value written by a template, its line breaks made spaces."""
    return _LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


def quoted(text: str) -> str:
    """A YAML scalar that stays text, whatever the characters."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Draft:
    path: str  # relative to the root
    text: str


def new_entry(journal: Journal, kind: str, day: dt.date, title: str = "") -> Draft:
    """The text of a new entry from `templates/new/KIND.md`, and where it goes."""
    iep = journal.iep_in_force(day)
    environment = _environment(journal.root)
    # a journal kept in Spanish gets the Spanish template where there is one
    names = [f"new/{journal.settings.language}/{kind}.md", f"new/{kind}.md"]
    template = environment.select_template(
        names if journal.settings.language != "en" else names[1:]
    )
    text = template.render(
        date=day.isoformat(),
        title=title,
        quoted=quoted,
        student=journal.settings.student or "your child",
        services=iep.services if iep else (),
        goals=iep.goals if iep else (),
        iep=iep,
    )
    relative = free_path(journal.root, conventional_path(kind, day, title))
    return Draft(relative, text)


def session_note(
    service: str,
    status: str,
    day: dt.date,
    minutes: float | None = None,
    reason: str = "",
    mood: str = "",
    by: str = "",
) -> str:
    """A one-session note, as `iepjournal log` writes it."""
    parts = [f"status: {status}"]
    if minutes is not None:
        parts.append(f"minutes: {minutes:g}")
    if reason:
        parts.append(f"reason: {quoted(reason)}")
    if by:
        parts.append(f"by: {by}")
    lines = ["---", f"date: {day.isoformat()}", "sessions:"]
    if len(parts) == 1:
        lines.append(f"  {service}: {status}")
    else:
        lines.append(f"  {service}: {{{', '.join(parts)}}}")
    if mood:
        lines.append(f"mood: {mood}")
    lines += ["---", ""]
    return "\n".join(lines)


def log_path(service: str, day: dt.date) -> str:
    """Where `log` writes a session's note (or the first free name after)."""
    return conventional_path("note", day, extra=service)


def known_services(journal: Journal, day: dt.date) -> list[e.Service] | None:
    """The services of the IEP in force that day; None with no IEP."""
    iep = journal.iep_in_force(day)
    return list(iep.services) if iep else None


INIT_FILES = {
    "iepjournal.toml": "init/iepjournal.toml",
    "README.md": "init/README.md",
    "iep/my-iep.md": "init/iep.md",
}
INIT_FOLDERS = (
    *(
        e.WRITTEN_TO[kind]
        for kind in ("note", "email", "letter", "progress", "meeting")
    ),
    e.ATTACHMENTS,
)


def init_journal(
    folder: Path,
    today: dt.date,
    student: str = "",
    parent: str = "",
    language: str = "en",
) -> list[str]:
    """Start a journal in `folder`; returns what was written. Existing files
    are left as they are."""
    environment = _environment(None)
    year = today.year if today.month >= 7 else today.year - 1
    written = []
    for relative, template in INIT_FILES.items():
        if language != "en":  # the starter files in the family's language
            template = template.replace("init/", f"init/{language}/", 1)
        target = folder / relative
        if target.exists():
            continue
        text = environment.get_template(template).render(
            today=today.isoformat(),
            year=year,
            next_year=year + 1,
            student=student or "",
            parent=parent or "",
            quoted=quoted,
        )
        write_new(target, text)
        written.append(relative)
    for name in INIT_FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
    return written


def waiting_editor(editor: str) -> str:
    """The editor command, told to wait until the file is closed (a GUI
    editor returns at once unless it is given its flag)."""
    words = shlex.split(editor)
    program = Path(words[0]).name if words else ""
    flag = _WAIT_FLAGS.get(program)
    if flag and flag not in words and "-w" not in words:
        words.append(flag)
    return shlex.join(words)
