"""Importing real .eml and mbox files, built with the standard library."""

from __future__ import annotations

import mailbox
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import IEP

from iepjournal.cli import main
from iepjournal.journal.loading import load

SETTINGS = 'student = "Maya"\nfamily = ["parent@home.example"]\n'


def message(subject: str, date: str, body: str = "Hello.", sender: str = "Ms. Rivera <rivera@district.example>",
            to: str = "Parent <parent@home.example>", message_id: str | None = None,
            reply_to: str | None = None, html: str | None = None, charset: str = "utf-8",
            cte: str | None = None) -> EmailMessage:  # fmt: skip
    made = EmailMessage()
    made["From"] = sender
    made["To"] = to
    made["Subject"] = subject
    made["Date"] = date
    if message_id:
        made["Message-ID"] = message_id
    if reply_to:
        made["In-Reply-To"] = reply_to
    if html is not None:
        made.set_content(html, subtype="html", charset=charset, cte=cte)
    else:
        made.set_content(body, charset=charset, cte=cte)
    return made


def thread() -> list[EmailMessage]:
    ask = message("Speech log, please", "Mon, 14 Sep 2026 21:05:00 -0400",
                  "Could you send the speech log?\n\nThanks", sender="Parent <parent@home.example>",
                  to="Ms. Rivera <rivera@district.example>", message_id="<ask@home.example>")  # fmt: skip
    answer = message("=?UTF-8?B?UmU6IFNwZWVjaCBsb2csIHBsZWFzZSDinJM=?=", "Wed, 16 Sep 2026 10:15:00 -0400",
                     "Here it is.\n\nOn Mon, Sep 14, 2026 at 9:05 PM Parent wrote:\n> Could you send the speech log?\n> Thanks\n",
                     message_id="<answer@district.example>", reply_to="<ask@home.example>", cte="quoted-printable")  # fmt: skip
    answer.add_attachment(
        b"%PDF-1.4 log",
        maintype="application",
        subtype="pdf",
        filename="Speech Log (Sept).pdf",
    )
    html_only = message("Newsletter", "Thu, 17 Sep 2026 08:00:00 +0000",
                        html="<html><head><style>p{}</style><script>alert(1)</script></head><body><p>Hello <b>families</b>"
                             ' and <a href="https://school.example/news">news</a>.</p><ul><li>One</li></ul></body></html>',
                        message_id="<news@district.example>", cte="base64")  # fmt: skip
    odd = message("Caf\u00e9 meeting", "Fri, 18 Sep 2026 09:00:00 +0200", "R\u00e9union \u00e0 9h",
                  message_id="<odd@district.example>", charset="iso-8859-1")  # fmt: skip
    return [ask, answer, html_only, odd]


def journal(make_journal) -> Path:
    return make_journal({"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": IEP})


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_an_mbox_with_a_thread_attachments_html_and_encodings(make_journal, tmp_path):
    root = journal(make_journal)
    box_path = tmp_path / "Takeout.mbox"
    box = mailbox.mbox(str(box_path))
    for made in thread():
        box.add(made)
    box.close()
    code, output = run("import", str(box_path), "--journal", str(root))
    assert code == 0, output
    assert "Imported 4 message(s)" in output
    loaded = load(root)
    assert [p.code for p in loaded.problems] == []
    emails = {x.subject: x for x in loaded.entries if x.type == "email"}
    ask, answer = emails["Speech log, please"], emails["Re: Speech log, please \u2713"]
    # the evening email stays on Sep 14, in the sender's own time zone
    assert (str(ask.date), str(ask.time)) == ("2026-09-14", "21:05:00")
    assert answer.in_reply_to == ask.id and ask.message_id == "<ask@home.example>"
    assert "Here it is." in answer.body and "> Could you send" not in answer.body
    saved = [a for a in answer.attachments if a.endswith(".pdf")]
    assert saved and (root / saved[0]).read_bytes() == b"%PDF-1.4 log"
    assert any(a.endswith("message.eml") for a in answer.attachments)  # the original
    news = emails["Newsletter"]
    assert "Hello **families** and [news](https://school.example/news)." in news.body
    assert "alert" not in news.body and "p{}" not in news.body
    assert "R\u00e9union \u00e0 9h" in emails["Caf\u00e9 meeting"].body


def test_importing_again_adds_nothing(make_journal, tmp_path):
    root = journal(make_journal)
    files = []
    for number, made in enumerate(thread()):
        path = tmp_path / f"m{number}.eml"
        path.write_bytes(bytes(made))
        files.append(str(path))
    assert run("import", *files, "--journal", str(root))[0] == 0
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    code, output = run("import", *files, "--journal", str(root))
    assert code == 0 and "4 already in the journal were skipped" in output
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_a_folder_dry_run_and_since(make_journal, tmp_path):
    root = journal(make_journal)
    folder = tmp_path / "Mail"
    folder.mkdir()
    for number, made in enumerate(thread()):
        (folder / f"{number}.eml").write_bytes(bytes(made))
    code, output = run("import", str(folder), "--journal", str(root), "--dry-run")
    assert (
        code == 0
        and output.count("would write") == 4
        and not (root / "emails").exists()
    )
    code, output = run(
        "import", str(folder), "--journal", str(root), "--since", "2026-09-17"
    )
    assert "Imported 2 message(s)" in output


def test_malformed_messages_are_named_and_the_rest_imported(make_journal, tmp_path):
    root = journal(make_journal)
    good = tmp_path / "good.eml"
    good.write_bytes(bytes(thread()[0]))
    undated = tmp_path / "undated.eml"
    undated.write_bytes(b"From: someone@example.org\nSubject: no date\n\nbody\n")
    broken = tmp_path / "broken.eml"
    broken.write_bytes(
        b"From: x@example.org\nDate: Tue, 15 Sep 2026 10:00:00 +0000\nSubject: broken\n"
        b"Content-Type: multipart/mixed\n\nno boundary at all\n"
    )
    code, output = run(
        "import", str(good), str(undated), str(broken), "--journal", str(root)
    )
    assert code == 1
    assert "undated.eml has no date it could read" in output
    assert "broken.eml is malformed" in output
    assert "Imported 2 message(s)" in output
    assert [p.code for p in load(root).problems] == []


def test_imported_threads_link_up_on_the_timeline(make_journal, tmp_path):
    import datetime as dt

    from iepjournal.render import site

    root = journal(make_journal)
    box_path = tmp_path / "Inbox"
    box = mailbox.mbox(str(box_path))  # Thunderbird: an mbox with no extension
    for made in thread():
        box.add(made)
    box.close()
    assert run("import", str(tmp_path), "--journal", str(root))[0] == 0
    index = site.render(load(root), dt.date(2026, 9, 30))["index.html"].decode()
    assert (
        'In reply to: <a href="#e-emails-2026-09-14-speech-log-please">Speech log, please</a>'
        in index
    )
    assert 'Reply: <a href="#e-emails-2026-09-16-re-speech-log-please">' in index


def test_an_attached_markdown_file_never_becomes_an_entry(make_journal, tmp_path):
    """An attached `amendment.md` became the IEP in force, an attached
    `notes.md` added sessions: nothing under attachments/ is an entry, and a
    saved attachment never carries a name the loader reads."""
    root = journal(make_journal)
    made = message(
        "Files", "Mon, 21 Sep 2026 10:00:00 -0400", message_id="<f@d.example>"
    )
    amendment = IEP.replace("2026-05-20", "2026-09-01").replace(
        "2026-06-01", "2026-09-02"
    )
    made.add_attachment(amendment.replace("2 x 30 min weekly", "1 x 10 min monthly")
                        .encode(), maintype="text", subtype="markdown",
                        filename="amendment.md")  # fmt: skip
    made.add_attachment(b"---\ntype: note\ndate: 2026-09-21\nsessions:\n  speech: held\n---\n",
                        maintype="text", subtype="markdown", filename="NOTES.MD")  # fmt: skip
    path = tmp_path / "files.eml"
    path.write_bytes(bytes(made))
    assert run("import", str(path), "--journal", str(root))[0] == 0
    saved = sorted(p.name for p in (root / "attachments").rglob("*") if p.is_file())
    assert saved == ["amendment.md.txt", "message.eml", "notes.md.txt"]
    # A Markdown file put there by hand is not read either.
    (root / "attachments" / "by-hand.md").write_text(amendment, encoding="utf-8")
    loaded = load(root, use_cache=False)
    assert [x.type for x in loaded.entries] == ["iep", "email"]
    assert loaded.ieps[0].services[0].frequency == "2 x 30 min weekly"


def test_an_html_email_is_imported_as_words_not_markup(make_journal, tmp_path):
    """Escaped text stays text; a tracking pixel goes; an image becomes its
    description; a javascript: link becomes its words."""
    from iepjournal.render import markdown

    root = journal(make_journal)
    html = (
        "<p>Look: &lt;img src=x onerror=alert(1)&gt; &amp;amp; "
        '<img src="https://t.example/p.gif" width="1" height="1">'
        '<img src="cid:logo" alt="School logo"> '
        '<a href="javascript:alert(1)">click</a> '
        '<a href="https://ok.example/">ok</a></p>'
    )
    made = message("News", "Tue, 22 Sep 2026 10:00:00 -0400", html=html,
                   message_id="<n@d.example>")  # fmt: skip
    path = tmp_path / "news.eml"
    path.write_bytes(bytes(made))
    assert run("import", str(path), "--journal", str(root))[0] == 0
    (entry,) = [x for x in load(root, use_cache=False).entries if x.type == "email"]
    body = entry.body
    assert "t.example" not in body and "javascript" not in body
    assert "[ok](https://ok.example/)" in body
    shown = markdown.render(body, lambda link: None)
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown and "<img" not in shown
    assert "&amp;amp;" in shown
    assert "[image: School logo]" in shown and "click" in shown


def nested(depth: int) -> bytes:
    """A message whose parts nest `depth` deep, as an attacker writes one."""
    body = "Content-Type: text/plain\n\ndeep\n"
    for n in range(depth):
        body = f"Content-Type: multipart/mixed; boundary=b{n}\n\n--b{n}\n{body}\n--b{n}--\n"
    return (
        "From: x@evil.example\nSubject: Nest\nDate: Mon, 14 Sep 2026 10:00:00 -0400\n"
        "Message-ID: <nest@evil.example>\nMIME-Version: 1.0\n" + body
    ).encode()


def test_a_message_nested_thousands_deep_never_stops_the_others(make_journal, tmp_path):
    root = journal(make_journal)
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "0-nested.eml").write_bytes(nested(1500))
    for number, made in enumerate(thread()[:2], start=2):
        (folder / f"{number}.eml").write_bytes(bytes(made))
    result = CliRunner().invoke(main, ["import", str(folder), "--journal", str(root)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "0-nested.eml could not be read (RecursionError)" in result.output
    emails = sorted(p.name for p in (root / "emails").iterdir())
    assert len([n for n in emails if "speech-log" in n]) == 2


def eml(folder: Path, name: str, made: EmailMessage | bytes) -> str:
    path = folder / name
    path.write_bytes(made if isinstance(made, bytes) else bytes(made))
    return str(path)


def test_a_header_of_a_megabyte_of_encoded_words_costs_little(make_journal, tmp_path):
    root = journal(make_journal)
    words = "=?utf-8?q?ab=C3=A9?= " * 50_000  # about 1 MB
    raw = (
        "From: Ms. Rivera <rivera@district.example>\nTo: " + ", ".join(
            f"=?utf-8?q?N=C3=A9{n}?= <p{n}@home.example>" for n in range(20_000)
        ) + "\nSubject: " + words + "\nDate: Mon, 14 Sep 2026 10:00:00 -0400\n"
        "Message-ID: <big@district.example>\n\nThe log is attached.\n"
    ).encode()  # fmt: skip
    started = time.perf_counter()
    code, output = run("import", eml(tmp_path, "big.eml", raw), "--journal", str(root))
    assert time.perf_counter() - started < 10  # 62 s and 17 GB before
    assert code == 0 and "[email-header-cut]" in output, output
    (entry,) = [x for x in load(root).entries if x.type == "email"]
    assert entry.subject.startswith("ab\u00e9ab\u00e9") and len(entry.subject) < 4_100
    assert entry.subject.endswith("[... cut: too long]")
    # the original is kept whole
    saved = [a for a in entry.attachments if a.endswith("message.eml")]
    assert (root / saved[0]).read_bytes() == raw


def test_an_encoded_line_break_in_a_senders_name_is_imported(make_journal, tmp_path):
    root = journal(make_journal)
    raw = bytes(message("Log", "Mon, 14 Sep 2026 10:00:00 -0400", message_id="<nl@x>"))
    raw = raw.replace(
        b"From: Ms. Rivera <rivera@district.example>",
        b"From: =?utf-8?q?Ms=2E_Rivera=0D=0Atype=3A_iep?= <rivera@district.example>",
    )
    code, output = run("import", eml(tmp_path, "nl.eml", raw), "--journal", str(root))
    assert code == 0, output
    loaded = load(root)
    assert loaded.problems == []
    (entry,) = [x for x in loaded.entries if x.type == "email"]
    assert entry.sender == '"Ms. Rivera type: iep" <rivera@district.example>'


def test_a_name_with_accents_is_written_as_people_write_it(make_journal, tmp_path):
    root = journal(make_journal)
    made = message("Hola", "Mon, 14 Sep 2026 10:00:00 -0400",
                   sender="Mar\u00eda L\u00f3pez <maria@district.example>",
                   to='"Rivera, Ana" <ana@district.example>')  # fmt: skip
    assert run("import", eml(tmp_path, "a.eml", made), "--journal", str(root))[0] == 0
    (entry,) = [x for x in load(root).entries if x.type == "email"]
    assert entry.sender == "Mar\u00eda L\u00f3pez <maria@district.example>"
    assert entry.to == ('"Rivera, Ana" <ana@district.example>',)


def test_a_different_message_reusing_a_message_id_is_kept(make_journal, tmp_path):
    root = journal(make_journal)
    first = message("Log", "Mon, 14 Sep 2026 10:00:00 -0400", message_id="<same@x>")
    other = message("Other", "Tue, 15 Sep 2026 11:00:00 -0400", "Something else.",
                    message_id="<same@x>")  # fmt: skip
    files = [eml(tmp_path, "1.eml", first), eml(tmp_path, "2.eml", other)]
    code, output = run("import", *files, "--journal", str(root))
    assert code == 0 and "[email-id-reused]" in output, output
    assert sorted(x.subject for x in load(root).entries if x.type == "email") == [
        "Log",
        "Other",
    ]
    # and each is still imported once
    code, output = run("import", *files, "--journal", str(root))
    assert "Imported 0 message(s)" in output and "2 already" in output


def test_a_body_with_nul_bytes_is_readable_and_imported_once(make_journal, tmp_path):
    root = journal(make_journal)
    made = message("Log", "Mon, 14 Sep 2026 10:00:00 -0400", "before\x00after\x07 end",
                   message_id="<nul@x>")  # fmt: skip
    path = eml(tmp_path, "nul.eml", made)
    for _ in range(3):
        assert run("import", path, "--journal", str(root))[0] == 0
    loaded = load(root)
    assert loaded.problems == []
    (entry,) = [x for x in loaded.entries if x.type == "email"]
    assert "beforeafter end" in entry.body


def test_an_unescaped_from_line_in_an_mbox_body_does_not_cut_the_message(
    make_journal, tmp_path
):
    root = journal(make_journal)
    body = "He had no OT.\n\nFrom what I saw today, the aide was out.\n\nThanks"
    first = message(
        "Monday", "Mon, 14 Sep 2026 10:00:00 -0400", body, message_id="<a@x>"
    )
    second = message("Tuesday", "Tue, 15 Sep 2026 10:00:00 -0400", message_id="<b@x>")
    box = tmp_path / "Inbox"  # Thunderbird's mbox, with no extension
    box.write_bytes(
        b"".join(
            b"From - Mon Sep 14 10:00:00 2026\n"
            + bytes(m).replace(b"\r\n", b"\n")
            + b"\n"
            for m in (first, second)
        )
    )
    code, output = run("import", str(box), "--journal", str(root))
    assert code == 0 and "Imported 2 message(s)" in output, output
    emails = {x.subject: x for x in load(root).entries if x.type == "email"}
    assert "From what I saw today, the aide was out." in emails["Monday"].body
    assert emails["Monday"].body.rstrip().endswith("Thanks")


@pytest.mark.parametrize(
    ("sent", "saved"),
    [("con", "con-file"), ("NUL", "nul-file"), ("aux.txt", "aux-file.txt"),
     ("lpt1.pdf", "lpt1-file.pdf"), ("report.", "report"), ("Evaluaci\u00f3n.pdf",
     "evaluaci\u00f3n.pdf"), ("console.txt", "console.txt")],
)  # fmt: skip
def test_attachment_names_windows_refuses_are_not_kept(make_journal, tmp_path, sent,
                                                       saved):  # fmt: skip
    root = journal(make_journal)
    made = message("Files", "Mon, 14 Sep 2026 10:00:00 -0400", message_id="<f@x>")
    made.add_attachment(b"data", maintype="application", subtype="octet-stream",
                        filename=sent)  # fmt: skip
    assert run("import", eml(tmp_path, "f.eml", made), "--journal", str(root))[0] == 0
    names = [p.name for p in (root / "attachments").rglob("*") if p.is_file()]
    assert sorted(names) == sorted(["message.eml", saved])


def test_a_full_disk_leaves_nothing_half_written(make_journal, tmp_path, monkeypatch):
    import errno

    from iepjournal.capture import email_import

    root = journal(make_journal)
    made = message("Log", "Mon, 14 Sep 2026 10:00:00 -0400", message_id="<full@x>")
    made.add_attachment(b"%PDF log", maintype="application", subtype="pdf",
                        filename="log.pdf")  # fmt: skip
    real_open = open
    writes = []

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            writes.append(data)
            if len(writes) == 2:  # the attachment after the original
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.handle.write(data)

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(
        email_import, "open", lambda *a, **k: Full(real_open(*a, **k)), raising=False
    )
    code, output = run("import", eml(tmp_path, "m.eml", made), "--journal", str(root))
    assert code == 1 and "No space left on device" in output
    assert "[journal-unwritable]" in output
    assert not (root / "emails").exists()
    assert [p for p in (root / "attachments").rglob("*") if p.is_file()] == []
