"""Emails into entries: `.eml` files, mbox files (what Gmail Takeout and
Thunderbird export) and folders of them, read with the standard library's
`email` package. Mbox files are split here, not by `mailbox`: its split
cuts a message at any body line starting "From " that nobody escaped.

Each message becomes one `email` entry, its attachments are saved under
`attachments/`, and a message already in the journal (same Message-ID) is
skipped, so importing twice adds nothing. Nothing is ever overwritten. A
malformed message becomes a problem, and the rest are still imported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.errors
import email.header
import email.policy
import email.utils
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage, MIMEPart
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from iepjournal.capture.new_entries import (
    conventional_path,
    free_path,
    quoted,
    write_new,
)
from iepjournal.model import entries as e
from iepjournal.model.journal import Journal
from iepjournal.model.language import said
from iepjournal.model.problems import Problem, Severity

_QUOTE_START = re.compile(
    r"^(On .{4,200}wrote:\s*$|-{2,} ?Original Message ?-{2,}|From: .+@.+$|_{10,}$)",
    re.MULTILINE,
)


@dataclass
class Imported:
    written: list[str] = field(default_factory=list)  # entry paths
    skipped: int = 0  # already in the journal
    attachments: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    planned: list[tuple[str, str]] = field(default_factory=list)  # path, text
    stopped: bool = False  # the journal could not be written to


@dataclass
class Message:
    source: str  # the file (and message number) it came from
    message: EmailMessage
    raw: bytes  # the message as it came, saved beside the entry


# What one header may cost: a header longer than this (a message can carry
# a megabyte of encoded words, which the mail package takes a minute and
# gigabytes to decode) keeps its first characters and says it was cut.
HEADER_LIMIT = 4_000
HEADER_CUT = " [... cut: too long]"
# A line between messages in an mbox file: `From ` with a sender and a time,
# after a blank line (or at the start) and before a header. A line of the
# body that only starts with "From " ("From what I saw today...") is text.
_MBOX_FROM = re.compile(rb"^From \S*\s.*\b\d{1,2}:\d{2}.*\b\d{4}\b")
_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")
# Characters no entry may hold (the loader takes a NUL for a binary file).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _BoundedPolicy(email.policy.EmailPolicy):
    """The mail package's modern policy, with each header bounded."""

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        name, value = super().header_source_parse(sourcelines)
        if len(value) > HEADER_LIMIT:
            value = value[:HEADER_LIMIT] + HEADER_CUT
        return name, value


_POLICY = _BoundedPolicy()


def sources(paths: list[Path]) -> Iterator[Path]:
    """Files to import: the given files, and .eml and mbox files in folders."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and (
                    found.suffix.lower() in (".eml", ".mbox") or _looks_like_mbox(found)
                ):
                    yield found
        else:
            yield path


def _looks_like_mbox(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def read_messages(path: Path, problems: list[Problem]) -> Iterator[Message]:
    if _looks_like_mbox(path) or path.suffix.lower() == ".mbox":
        try:
            for number, raw in enumerate(mbox_messages(path), start=1):
                parsed = _parse(raw, f"{path.name} #{number}", problems)
                if parsed is not None:
                    yield Message(f"{path.name} #{number}", parsed, raw)
        except OSError as error:
            why = error.strerror or str(error)
            problems.append(
                _problem(path.name, said("could not be read ({why})", why=why))
            )
        return
    try:
        raw = path.read_bytes()
    except OSError as error:
        why = error.strerror or str(error)
        problems.append(
            _problem(path.name, said("could not be opened ({why})", why=why))
        )
        return
    parsed = _parse(raw, path.name, problems)
    if parsed is not None:
        yield Message(path.name, parsed, raw)


def mbox_messages(path: Path) -> Iterator[bytes]:
    """Each message of an mbox file, read a line at a time (a Gmail Takeout
    file can be gigabytes). A message starts at a `From ` line that carries
    a time and a year, comes after a blank line and comes before a header:
    an unescaped "From what I saw..." in a body does not cut the message
    there. `>From ` lines are given back their `From ` (mboxrd)."""
    lines: list[bytes] = []
    previous_blank = True
    waiting: bytes | None = None  # a `From ` line, until the next line shows
    with open(path, "rb") as handle:
        for line in handle:
            if waiting is not None:
                if _HEADER_LINE.match(line):
                    if lines:
                        yield _joined(lines)
                    lines = []
                else:
                    lines.append(waiting)
                waiting = None
            if previous_blank and _MBOX_FROM.match(line):
                waiting = line
                previous_blank = False
                continue
            previous_blank = not line.strip()
            if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
                line = line[1:]
            lines.append(line)
    if waiting is not None:
        lines.append(waiting)
    if lines:
        yield _joined(lines)


def _joined(lines: list[bytes]) -> bytes:
    """A message's lines, without the blank line that comes before the next
    `From ` line."""
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    return b"".join(lines)


def _parse(raw: bytes, source: str, problems: list[Problem]) -> EmailMessage | None:
    """The message, or None (and a problem) when it cannot be read: one
    bad message (parts nested thousands deep) never stops the others."""
    try:
        parsed = email.message_from_bytes(raw, policy=_POLICY)
    except (RecursionError, MemoryError, ValueError, LookupError) as error:
        problems.append(_problem(source, said("could not be read ({why})",
                                              why=type(error).__name__)))  # fmt: skip
        return None
    assert isinstance(parsed, EmailMessage)
    return parsed


_OPEN_IT_AGAIN = said(
    "The other messages were imported; open this one in your mail program and "
    "save it again, or copy it in by hand."
)


def _problem(
    source: str,
    what: str,
    severity: Severity = "error",
    code: str = "email-unreadable",
    hint: str = _OPEN_IT_AGAIN,
) -> Problem:
    message = said("The message {source} {what}.", source=source, what=what)
    return Problem(source, 0, 1, severity, code, message, hint)


def _raw(message: MIMEPart, name: str) -> list[str]:
    """A header's values as they came (each bounded), not decoded: the mail
    package's decoding refuses some values (an encoded line break in a
    sender's name) and costs the most on the longest."""
    wanted = name.lower()
    return [str(v) for k, v in message.raw_items() if k.lower() == wanted]


def _decoded(value: str) -> str:
    """Encoded words (`=?utf-8?q?...?=`) made text, on one line, with no
    control characters."""
    try:
        text = str(email.header.make_header(email.header.decode_header(value)))
    except (ValueError, LookupError, UnicodeError, email.errors.HeaderParseError):
        text = value
    return " ".join(_CONTROL.sub(" ", text).split())


def _header(message: MIMEPart, name: str) -> str:
    values = _raw(message, name)
    return _decoded(values[0]) if values else ""


def _addresses(message: EmailMessage, name: str) -> list[str]:
    found = []
    for display, address in email.utils.getaddresses(_raw(message, name)):
        address = _decoded(address)
        if address:
            found.append(_with_name(_decoded(display), address))
    return found


def _with_name(name: str, address: str) -> str:
    """`Name <address>` as a person writes it (the mail package would write
    a name with accents as encoded words); quoted only where it must be."""
    if not name:
        return address
    if re.search(r'[,;:"()<>@\[\]\\]', name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def _when(message: EmailMessage) -> dt.datetime | None:
    """The time as the sender's clock showed it, in the message's own zone,
    so that an evening email is not moved to the next day by UTC. A date
    with the zone `-0000` (Python's formatdate and many automated mailers
    write it: "UTC, local zone unknown") is taken as UTC."""
    return _parsed_date(_header(message, "Date"))


def _parsed_date(text: str) -> dt.datetime | None:
    try:
        found = email.utils.parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if found is not None and found.tzinfo is None:
        found = found.replace(tzinfo=dt.UTC)
    return found


def _received(message: EmailMessage) -> dt.datetime | None:
    """When the first server got the message (the last `Received:` line's
    date), for a message whose `Date:` cannot be read."""
    for value in reversed(_raw(message, "Received")):
        found = _parsed_date(_decoded(value).rpartition(";")[2].strip())
        if found is not None:
            return found
    return None


def _message_id(message: EmailMessage, raw_key: str) -> str:
    found = _header(message, "Message-ID")
    if found:
        return found
    # No Message-ID: one made from the message itself, so a re-import matches.
    digest = hashlib.sha256(raw_key.encode("utf-8", "replace")).hexdigest()[:24]
    return f"<{digest}{_MADE_UP}"


_MADE_UP = "@iepjournal.invalid>"  # the end of an ID made for a message with none


def _body(message: EmailMessage, problems: list[Problem], source: str) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return _forwarded_texts(message, problems, source)
    text = part_text(part, problems, source)
    if part.get_content_subtype() == "html":
        text = html_to_markdown(text)
    # Control characters (a NUL makes the entry read as a binary file, and
    # then every re-import would add it again) are left out of the entry;
    # the saved original keeps them.
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not _FORWARDED.search(text) and not _FORWARD_SUBJECT.match(
        _header(message, "Subject")
    ):
        text = fold_quotes(text)  # a forward's quoted text is the evidence
    forwarded = _forwarded_texts(message, problems, source)
    return (text.strip() + "\n\n" + forwarded).strip()


_FORWARDED = re.compile(
    r"^-{2,} ?Forwarded message ?-{2,}|^Begin forwarded message:", re.MULTILINE | re.I
)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|tr|rv|wg)\s*:", re.I)
# Labels mail programs put on text that is in a larger character set.
_SUPERSETS = {"gb2312": "gbk", "ks_c_5601-1987": "cp949", "iso-8859-8-i": "iso-8859-8"}


def part_text(part: MIMEPart, problems: list[Problem], source: str) -> str:
    """A text part's words. UTF-8 that is valid wins over a wrong label, a
    label whose superset is what mail programs write is read as that
    (`gb2312` as GBK), 8-bit text with no label is tried as UTF-8, then
    Windows-1252; whatever was guessed is said."""
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    declared = (part.get_content_charset() or "").lower()
    charset = _SUPERSETS.get(declared, declared)
    if data.isascii():
        return data.decode("ascii")
    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if declared not in ("utf-8", "utf8"):
            label = declared or said("with no character set")
            _guessed(problems, source, said("is labelled {label} but is UTF-8",
                                            label=label))  # fmt: skip
        return text
    if charset and charset not in ("us-ascii", "ascii"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    what = (
        said("has text that cannot be read as {charset}", charset=declared)
        if declared
        else said("has 8-bit text with no character set named")
    )
    _guessed(
        problems,
        source,
        said("{what}; it was read as Windows-1252, so some letters may be wrong",
             what=what),
    )  # fmt: skip
    return data.decode("cp1252", errors="replace")


def _guessed(problems: list[Problem], source: str, what: str) -> None:
    problems.append(
        _problem(
            source,
            what,
            "warning",
            hint=said(
                "Compare the entry with the message in your mail program; "
                "the original is attached."
            ),
        )
    )


def _forwarded_texts(
    message: EmailMessage, problems: list[Problem], source: str
) -> str:
    """The words of each message forwarded as an attachment, after the
    message's own: in this domain the forwarded email is the evidence."""
    said = []
    for part in message.walk():
        if part.get_content_type() != "message/rfc822":
            continue
        inner = part.get_payload()
        if not isinstance(inner, list) or not inner:
            continue
        forwarded = inner[0]
        if not isinstance(forwarded, MIMEPart):
            continue
        body = forwarded.get_body(preferencelist=("plain", "html"))
        if body is None:
            continue
        text = part_text(body, problems, source)
        if body.get_content_subtype() == "html":
            text = html_to_markdown(text)
        text = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()
        who = _header(forwarded, "From") or "someone"
        when = _header(forwarded, "Date")
        subject = _header(forwarded, "Subject")
        quoted = "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
        heading = f"**Forwarded message** from {who}" + (f", {when}" if when else "")
        heading += f": “{subject}”" if subject else ""
        said.append(f"{heading}\n\n{quoted}")
    return "\n\n".join(said)


def html_to_markdown(html: str) -> str:
    """Readable Markdown from an HTML-only email (markdownify, with scripts,
    styles and the head dropped first): what the email said, never its
    markup. Text that reads like HTML stays text (`<` and `&` escaped), so
    no Markdown viewer the family uses runs it; images become their
    description (a tracking pixel, none); a link goes only to a web or mail
    address, else it is its words."""
    from bs4 import BeautifulSoup
    from markdownify import MarkdownConverter

    class Words(MarkdownConverter):
        def escape(self, text: str, parent_tags: Any) -> str:
            escaped: str = super().escape(text, parent_tags)  # type: ignore[misc]
            return escaped.replace("&", "\\&").replace("<", "\\<")

        def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
            alt = " ".join(str(el.attrs.get("alt") or "").split())
            return f"\\[image: {self.escape(alt, parent_tags)}\\]" if alt else ""

        def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
            scheme = urlsplit(str(el.get("href") or "")).scheme.lower()
            if scheme not in ("http", "https", "mailto"):
                return text
            made: str = super().convert_a(el, text, parent_tags)  # type: ignore[misc]
            return made

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title", "meta"]):
        tag.decompose()
    # A table with no header row lays out a newsletter or a signature: its
    # words, row by row, not a grid of pipes.
    for table in reversed(soup.find_all("table")):
        if table.find("th") is None:
            for cell in table.find_all(["td"]):
                cell.append(" ")
                cell.unwrap()
            for row in table.find_all("tr"):
                row.name = "p"
            for tag in table.find_all(["tbody", "thead", "tfoot"]):
                tag.unwrap()
            table.name = "div"
    text = Words(heading_style="ATX").convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", text)


def fold_quotes(text: str) -> str:
    """The message without the earlier messages it quotes (kept in the
    saved original)."""
    lines = text.split("\n")
    end = len(lines)
    while end > 0 and (lines[end - 1].startswith(">") or not lines[end - 1].strip()):
        end -= 1
    text = "\n".join(lines[:end])
    found = _QUOTE_START.search(text)
    if found and found.start() > 0:
        text = text[: found.start()]
    folded = text.rstrip()
    if len(folded) < len("\n".join(lines).rstrip()):
        folded += (
            "\n\n_(The earlier messages it quotes are left out; "
            "the original is attached.)_"
        )
    return folded


def collect(paths: list[Path], problems: list[Problem]) -> list[Message]:
    """Every message in these files and folders."""
    return [m for path in sources(paths) for m in read_messages(path, problems)]


_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def import_messages(
    journal: Journal,
    messages: list[Message],
    since: dt.date | None = None,
    dry_run: bool = False,
    on_message: Callable[[], None] | None = None,
) -> Imported:
    result = Imported()
    known = {
        x.message_id: x.id
        for x in journal.entries
        if isinstance(x, e.Message) and x.message_id
    }
    # A message is the one already in the journal when its Message-ID, its
    # day and its sender all match: some mail programs give one ID to
    # different messages, and those are each kept.
    seen = {
        (x.message_id, x.date, _address(x.sender))
        for x in journal.entries
        if isinstance(x, e.Message) and x.message_id
    }
    # Oldest first, so a reply finds the entry of the message it answers.
    dated = sorted(messages, key=lambda m: _when(m.message) or _EARLIEST)
    taken: set[str] = set()
    for item in dated:
        if on_message:
            on_message()
        saved_before = len(result.attachments)
        try:
            _import_one(journal, item, since, dry_run, result, known, seen, taken)
        except OSError as error:
            # The journal cannot be written (read-only, or the disk is
            # full): this message's files are taken back, and the import
            # stops there, since every other message would fail the same.
            _take_back(journal, result, saved_before, dry_run)
            result.problems.append(_problem(
                item.source, said("could not be saved ({why}); it and the "
                                  "messages after it were not imported",
                                  why=error.strerror or str(error)), "error",
                "journal-unwritable", said("Free some room on the disk, or make "
                "the journal's folder writable, and import again: what was "
                "imported is skipped.")
            ))  # fmt: skip
            result.stopped = True
            break
        except (RecursionError, MemoryError, ValueError, LookupError,
                UnicodeError, AttributeError, TypeError) as error:  # fmt: skip
            # One message the mail package cannot take apart never stops
            # the others; what it had saved is taken back.
            _take_back(journal, result, saved_before, dry_run)
            result.problems.append(_problem(
                item.source, said("could not be imported ({why})",
                                  why=type(error).__name__)
            ))  # fmt: skip
    return result


# Outlook's .msg files are OLE2 compound documents, not MIME.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MSG_HINT = said(
    "Save it as .eml instead: in Outlook on the web or the new Outlook, open "
    "the message, then More actions (...), Save as (or Download); or forward "
    "it to yourself and save it from your web mail."
)


def _take_back(journal: Journal, result: Imported, first: int, dry_run: bool) -> None:
    """Remove the attachment files saved from `first` on (one message's)."""
    if not dry_run:
        for written in result.attachments[first:]:
            with contextlib.suppress(OSError):
                (journal.root / written).unlink()
    del result.attachments[first:]


def _address(sender: str) -> str:
    return email.utils.parseaddr(sender)[1].lower()


def _import_one(
    journal: Journal,
    item: Message,
    since: dt.date | None,
    dry_run: bool,
    result: Imported,
    known: dict[str, str],
    seen: set[tuple[str, dt.date, str]],
    taken: set[str],
) -> None:
    """One message into an entry and its attachments (or the plan of them)."""
    message = item.message
    when = _when(message)
    if when is None:
        when = _received(message)
        if when is not None:
            result.problems.append(
                _problem(
                    item.source,
                    said(
                        "has no `Date:` that can be read; the day a mail server "
                        "received it was used"
                    ),
                    "warning",
                    hint=said("Check the date of this entry against the message."),
                )
            )
    if when is None:
        outlook = item.raw.startswith(_OLE2)
        result.problems.append(
            _problem(
                item.source,
                said(
                    "is an Outlook .msg file, which is not a saved email "
                    "iepjournal can read; it was not imported"
                )
                if outlook
                else said("has no date it could read; it was not imported"),
                hint=_MSG_HINT if outlook else _OPEN_IT_AGAIN,
            )
        )
        return
    if since and when.date() < since:
        return
    header_key = f"{_header(message, 'From')}|{_header(message, 'Subject')}|{when}"
    body_digest = hashlib.sha256(item.raw.partition(b"\n\n")[2]).hexdigest()[:16]
    message_id = _message_id(message, f"{header_key}|{body_digest}")
    senders = _addresses(message, "From")
    sender = _address(senders[0]) if senders else ""
    key = (message_id, when.date(), sender)
    # A message with no Message-ID imported before its text counted in the
    # made-up ID carries the ID made from its headers alone: still the same.
    earlier = (_message_id(message, header_key), when.date(), sender)
    if key in seen or (message_id.endswith(_MADE_UP) and earlier in seen):
        result.skipped += 1
        return
    if message_id in known:
        result.problems.append(
            _problem(
                item.source,
                said(
                    "has the same Message-ID as {entry}, but another day or "
                    "sender; it was imported as a different message",
                    entry=known[message_id],
                ),
                "warning",
                "email-id-reused",
                said("Nothing to do, unless it is the same message: then delete one."),
            )
        )
    seen.add(key)
    if any(HEADER_CUT in str(v) for _, v in message.raw_items()):
        result.problems.append(
            _problem(
                item.source,
                said(
                    "has a header longer than {limit} characters; its beginning "
                    "was read",
                    limit=HEADER_LIMIT,
                ),
                "warning",
                "email-header-cut",
                said("The saved original (message.eml) keeps the whole header."),
            )
        )
    for defect in message.defects[:1]:
        result.problems.append(
            _problem(
                item.source,
                said(
                    "is malformed ({why}); it was imported as well as it could be",
                    why=type(defect).__name__,
                ),
                "warning",
            )
        )
    entry_path = _entry_path(journal, when, _header(message, "Subject"), taken)
    files = _attachments(journal, message, item.raw, when, entry_path, result, dry_run)
    text = _entry_text(message, when, message_id, known, files, result, item.source)
    known[message_id] = entry_path.removesuffix(".md")
    if dry_run:
        result.planned.append((entry_path, text))
        return
    write_new(journal.root / entry_path, text)
    result.written.append(entry_path)


def _entry_path(
    journal: Journal, when: dt.datetime, subject: str, taken: set[str]
) -> str:
    path = free_path(
        journal.root, conventional_path("email", when.date(), subject or "email")
    )
    stem = path.removesuffix(".md")
    number = 2
    while path in taken:
        path = f"{stem}-{number}.md"
        number += 1
    taken.add(path)
    return path


def _attachments(
    journal: Journal,
    message: EmailMessage,
    raw: bytes,
    when: dt.datetime,
    entry_path: str,
    result: Imported,
    dry_run: bool,
) -> list[str]:
    folder = f"{e.ATTACHMENTS}/{Path(entry_path).stem}"
    saved = []
    parts = [("message.eml", raw)] if not dry_run else []
    parts += attached_files(message)
    for name, data in parts:
        safe = _file_name(name)
        relative = f"{folder}/{safe}"
        counter = 2
        while (journal.root / relative).exists():
            stem, dot, suffix = safe.rpartition(".")
            relative = (
                f"{folder}/{stem or suffix}-{counter}{dot}{suffix if stem else ''}"
            )
            counter += 1
        if not dry_run:
            write_bytes_new(journal.root / relative, data)
        saved.append(relative)
        result.attachments.append(relative)
    return saved


def attached_files(message: EmailMessage) -> list[tuple[str, bytes]]:
    """Every file the message carries, wherever it sits in the MIME tree:
    inside a signed (S/MIME) or nested multipart, a message that is one
    attachment, named inline images, and forwarded messages (each saved
    whole as `.eml`, and its own attachments beside it)."""
    body = message.get_body(preferencelist=("plain", "html"))
    found: list[tuple[str, bytes]] = []
    for part in message.walk():
        if part is body or (part is message and part.is_multipart()):
            continue
        kind = part.get_content_type()
        if kind == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], MIMEPart):
                subject = _header(inner[0], "Subject") or "forwarded message"
                found.append((f"{subject}.eml", inner[0].as_bytes()))
            continue
        if part.is_multipart():
            continue
        name = part.get_filename()
        if (
            not name
            and part.get_content_disposition() != "attachment"
            and part.get_content_maintype() in ("text", "multipart", "message")
        ):
            continue  # the text of a forwarded or alternative part
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            found.append((name or f"attachment.{part.get_content_subtype()}", data))
    return found


def _file_name(name: str) -> str:
    """A safe name for a saved attachment; never one ending in `.md`, the
    name of an entry (`notes.md` is saved as `notes.md.txt`)."""
    name = Path(name.replace("\\", "/")).name
    stem, dot, suffix = name.rpartition(".")
    cleaned = _letters(stem or name) or "attachment"
    if _WINDOWS_RESERVED.match(cleaned):  # `con`, `aux.txt`: Windows refuses them
        cleaned += "-file"
    ending = _letters(suffix)
    made = f"{cleaned}.{ending}" if dot and stem and ending else cleaned
    return f"{made}.txt" if made.lower().endswith(".md") else made


def _letters(text: str) -> str:
    """Words of a file name in any alphabet, lower case, hyphens between:
    `Évaluation IEP` -> `évaluation-iep` (letters kept, NFC); nothing that
    leads elsewhere (`/`, `\\`, `..`) or that a file system refuses."""
    plain = unicodedata.normalize("NFC", text).lower()
    words = re.sub(r"[\W_]+", "-", plain).strip("-")
    return words[:60].rstrip("-")


_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)


def write_bytes_new(path: Path, data: bytes) -> None:
    """Create `path` with `data`; never replaces a file, and never leaves a
    part of one (a full disk) behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as out:
        try:
            out.write(data)
            out.flush()
        except BaseException:
            out.close()
            path.unlink()
            raise


def _entry_text(
    message: EmailMessage,
    when: dt.datetime,
    message_id: str,
    known: dict[str, str],
    files: list[str],
    result: Imported,
    source: str,
) -> str:
    parent = _header(message, "In-Reply-To").split()
    reply_to = parent[0] if parent else ""
    sender = ", ".join(_addresses(message, "From")) or _header(message, "From")
    lines = [
        "---",
        "type: email",
        f"date: {when:%Y-%m-%d %H:%M}",
        f"from: {quoted(sender)}",
        f"to: [{', '.join(quoted(a) for a in _addresses(message, 'To'))}]",
    ]
    cc = _addresses(message, "Cc")
    if cc:
        lines.append(f"cc: [{', '.join(quoted(a) for a in cc)}]")
    lines.append(f"subject: {quoted(_header(message, 'Subject'))}")
    lines.append(f"message_id: {quoted(message_id)}")
    if reply_to:
        lines.append(f"in_reply_to: {quoted(known.get(reply_to, reply_to))}")
    if files:
        lines.append(f"attachments: [{', '.join(quoted(f) for f in files)}]")
    zone = when.strftime("%z")
    shown = f"{when:%B} {when.day}, {when.year} at {when:%H:%M}"
    if zone:
        shown += f" (UTC{zone[:3]}:{zone[3:]})"
    lines += ["---", "", f"_Sent {shown}._", ""]
    lines.append(_body(message, result.problems, source))
    return "\n".join(lines).rstrip() + "\n"
