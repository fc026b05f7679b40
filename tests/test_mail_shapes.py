"""Real mailbox shapes, built with the standard library's `email` package:
nothing lost, nothing garbled, one bad message never stops the rest
(issue 14)."""

from __future__ import annotations

import email.utils
from email.message import EmailMessage
from pathlib import Path

from click.testing import CliRunner
from conftest import IEP

from iepjournal.cli import main
from iepjournal.journal.loading import load


def _journal(make_journal) -> Path:
    return make_journal({"iep/2026-05-20.md": IEP})


def _message(
    subject: str, date: str, body: str = "Hello.", **headers: str
) -> EmailMessage:
    made = EmailMessage()
    made["From"] = headers.pop("sender", "Ms. Rivera <rivera@district.example>")
    made["To"] = "Parent <parent@home.example>"
    made["Subject"] = subject
    made["Date"] = date
    for name, value in headers.items():
        made[name.replace("_", "-")] = value
    made.set_content(body)
    return made


def _import(root: Path, *paths: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["import", *map(str, paths), "--journal", str(root)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "attachments").rglob("*") if p.is_file())


def _emails(root: Path) -> dict[str, object]:
    return {x.subject: x for x in load(root).entries if x.type == "email"}


def test_a_minus_zero_zone_beside_others_imports_them_all(make_journal, tmp_path):
    root = _journal(make_journal)
    folder = tmp_path / "mail"
    folder.mkdir()
    automated = _message("Attendance", email.utils.formatdate(1790000000),
                         Message_ID="<auto@district.example>")  # fmt: skip
    assert automated["Date"].endswith("-0000")
    (folder / "a.eml").write_bytes(bytes(automated))
    (folder / "b.eml").write_bytes(bytes(_message(
        "Speech", "Mon, 14 Sep 2026 10:00:00 -0400", Message_ID="<b@x>")))  # fmt: skip
    code, output = _import(root, folder)
    assert code == 0 and "Imported 2 message(s)" in output, output


def test_a_signed_message_keeps_the_document_inside(make_journal, tmp_path):
    root = _journal(make_journal)
    signed = EmailMessage()
    for name, value in (("From", "District <sped@district.example>"),
                        ("To", "parent@home.example"), ("Subject", "IEP draft"),
                        ("Date", "Mon, 14 Sep 2026 10:00:00 -0400"),
                        ("Message-ID", "<signed@district.example>")):  # fmt: skip
        signed[name] = value
    inner = EmailMessage()
    inner.set_content("The draft is attached.")
    inner.add_attachment(b"%PDF draft", maintype="application", subtype="pdf",
                         filename="IEP draft.pdf")  # fmt: skip
    signed.set_type("multipart/signed")
    signed.set_param("protocol", "application/pkcs7-signature")
    signed.attach(inner)
    signature = EmailMessage()
    signature.set_content(b"sig", maintype="application", subtype="pkcs7-signature",
                          filename="smime.p7s", disposition="attachment")  # fmt: skip
    signed.attach(signature)
    path = tmp_path / "signed.eml"
    path.write_bytes(bytes(signed))
    assert _import(root, path)[0] == 0
    assert _files(root) == ["iep-draft.pdf", "message.eml", "smime.p7s"]
    assert "The draft is attached." in _emails(root)["IEP draft"].body


def test_a_forward_as_attachment_is_kept_with_its_words_and_files(
    make_journal, tmp_path
):
    root = _journal(make_journal)
    teacher = _message("No OT today", "Mon, 14 Sep 2026 08:00:00 -0400",
                       "OT is cancelled; the therapist is out.",
                       sender="Teacher <teacher@district.example>")  # fmt: skip
    teacher.add_attachment(b"%PDF log", maintype="application", subtype="pdf",
                           filename="OT log.pdf")  # fmt: skip
    forward = _message("Fwd: No OT today", "Mon, 14 Sep 2026 20:00:00 -0400",
                       "For the record.", sender="Parent <parent@home.example>",
                       Message_ID="<fwd@home.example>")  # fmt: skip
    forward.add_attachment(teacher)
    path = tmp_path / "fwd.eml"
    path.write_bytes(bytes(forward))
    assert _import(root, path)[0] == 0
    assert _files(root) == ["message.eml", "no-ot-today.eml", "ot-log.pdf"]
    body = _emails(root)["Fwd: No OT today"].body
    assert "For the record." in body and "> OT is cancelled" in body


def test_forwarded_text_is_not_folded_like_a_reply(make_journal, tmp_path):
    root = _journal(make_journal)
    text = ("See below.\n\n---------- Forwarded message ---------\n"
            "From: Teacher <teacher@district.example>\nDate: Mon, Sep 14, 2026\n"
            "Subject: No OT\n\nOT was cancelled again today.\n")  # fmt: skip
    path = tmp_path / "f.eml"
    path.write_bytes(bytes(_message("Fwd: No OT", "Mon, 14 Sep 2026 20:00:00 -0400",
                                    text, Message_ID="<f@x>")))  # fmt: skip
    assert _import(root, path)[0] == 0
    assert "OT was cancelled again today." in _emails(root)["Fwd: No OT"].body


def test_a_message_that_is_one_attachment_keeps_it_with_its_letters(
    make_journal, tmp_path
):
    root = _journal(make_journal)
    scan = EmailMessage()
    scan["From"], scan["To"], scan["Subject"] = "copier@district.example", "p@x", "Scan"
    scan["Date"], scan["Message-ID"] = "Mon, 14 Sep 2026 10:00:00 -0400", "<scan@x>"
    scan.set_content(b"%PDF scan", maintype="application", subtype="pdf",
                     filename="\u00c9valuation IEP.pdf", disposition="attachment")  # fmt: skip
    path = tmp_path / "scan.eml"
    path.write_bytes(bytes(scan))
    assert _import(root, path)[0] == 0
    assert _files(root) == ["message.eml", "\u00e9valuation-iep.pdf"]


def test_names_keep_their_accents(make_journal, tmp_path):
    root = _journal(make_journal)
    path = tmp_path / "n.eml"
    path.write_bytes(bytes(_message("Hola", "Mon, 14 Sep 2026 10:00:00 -0400",
                                    sender="Jos\u00e9 N\u00fa\u00f1ez <jose@x.example>",
                                    Message_ID="<n@x>")))  # fmt: skip
    assert _import(root, path)[0] == 0
    assert _emails(root)["Hola"].sender == "Jos\u00e9 N\u00fa\u00f1ez <jose@x.example>"


def _raw_message(charset_line: str, body: bytes, message_id: str) -> bytes:
    return (
        b"From: rivera@district.example\nTo: parent@home.example\nSubject: Notes\n"
        b"Date: Mon, 14 Sep 2026 10:00:00 -0400\nMessage-ID: " + message_id.encode()
        + b"\nMIME-Version: 1.0\n" + charset_line.encode()
        + b"\nContent-Transfer-Encoding: 8bit\n\n" + body
    )  # fmt: skip


def test_mislabelled_and_unlabelled_text_is_read_and_the_guess_said(
    make_journal, tmp_path
):
    root = _journal(make_journal)
    wrong = tmp_path / "wrong.eml"  # UTF-8 under a Latin-1 label
    wrong.write_bytes(_raw_message("Content-Type: text/plain; charset=iso-8859-1",
                                   "Sesión de terapia".encode(), "<w@x>"))  # fmt: skip
    code, output = _import(root, wrong)
    assert code == 0 and "is labelled iso-8859-1 but is UTF-8" in output
    assert "Sesión de terapia" in _emails(root)["Notes"].body


def test_gb2312_is_read_as_gbk(make_journal, tmp_path):
    root = _journal(make_journal)
    text = "\u8a00\u8bed\u6cbb\u7597 \u9555"  # 镕-like characters only GBK has
    path = tmp_path / "gb.eml"
    path.write_bytes(_raw_message("Content-Type: text/plain; charset=gb2312",
                                  text.encode("gbk"), "<gb@x>"))  # fmt: skip
    assert _import(root, path)[0] == 0
    assert text in _emails(root)["Notes"].body


def test_an_outlook_msg_file_is_named_for_what_it_is(make_journal, tmp_path):
    root = _journal(make_journal)
    path = tmp_path / "meeting.eml"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    code, output = _import(root, path)
    assert (
        code == 1
        and "is an Outlook .msg file" in output
        and "Save it as .eml" in output
    )


def test_messages_without_an_id_that_differ_in_text_are_both_kept(
    make_journal, tmp_path
):
    root = _journal(make_journal)
    one, two = tmp_path / "1.eml", tmp_path / "2.eml"
    one.write_bytes(bytes(_message("Log", "Mon, 14 Sep 2026 10:00:00 -0400", "Held.")))
    two.write_bytes(
        bytes(_message("Log", "Mon, 14 Sep 2026 10:00:00 -0400", "Missed."))
    )
    code, output = _import(root, one, two)
    assert code == 0 and "Imported 2 message(s)" in output
    assert "Imported 0 message(s)" in _import(root, one, two)[1]


def test_a_date_that_cannot_be_read_falls_back_to_received(make_journal, tmp_path):
    root = _journal(make_journal)
    made = _message("Late", "sometime last week", Message_ID="<late@x>")
    made["Received"] = ("from mx.district.example by mx.home.example; "
                        "Tue, 15 Sep 2026 07:30:00 -0400")  # fmt: skip
    path = tmp_path / "late.eml"
    path.write_bytes(bytes(made))
    code, output = _import(root, path)
    assert code == 0 and "the day a mail server received it was used" in output
    assert str(_emails(root)["Late"].date) == "2026-09-15"


def test_a_layout_table_becomes_words(make_journal, tmp_path):
    root = _journal(make_journal)
    made = _message("News", "Mon, 14 Sep 2026 10:00:00 -0400", Message_ID="<t@x>")
    made.set_content("<table><tr><td>Speech is <b>cancelled</b> today.</td>"
                     "<td>Logo</td></tr></table>", subtype="html")  # fmt: skip
    path = tmp_path / "t.eml"
    path.write_bytes(bytes(made))
    assert _import(root, path)[0] == 0
    body = _emails(root)["News"].body
    assert "Speech is **cancelled** today." in body and "|" not in body


def test_a_message_without_an_id_imported_by_an_earlier_version_is_not_added_again(
    make_journal, tmp_path
):
    import hashlib

    root = _journal(make_journal)
    made = _message("Log", "Mon, 14 Sep 2026 10:00:00 -0400", "Held.")
    path = tmp_path / "1.eml"
    path.write_bytes(bytes(made))
    # what an earlier version wrote: an ID made from sender, subject and date
    key = "Ms. Rivera <rivera@district.example>|Log|2026-09-14 10:00:00-04:00"
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    (root / "emails").mkdir()
    (root / "emails" / "2026-09-14-log.md").write_text(
        "---\ntype: email\ndate: 2026-09-14 10:00\n"
        'from: "Ms. Rivera <rivera@district.example>"\nsubject: "Log"\n'
        f'message_id: "<{digest}@iepjournal.invalid>"\n---\nHeld.\n'
    )
    code, output = _import(root, path)
    assert code == 0 and "Imported 0 message(s)" in output and "1 already" in output


def test_eight_bit_text_without_a_charset_is_read_and_the_guess_said(
    make_journal, tmp_path
):
    root = _journal(make_journal)
    path = tmp_path / "plain.eml"  # Windows-1252 bytes, no charset named
    path.write_bytes(_raw_message("Content-Type: text/plain",
                                  b"Sesi\xf3n cancelada \x96 lo siento", "<nc@x>"))  # fmt: skip
    code, output = _import(root, path)
    assert code == 0
    assert "8-bit text with no character set named" in output
    assert "read as Windows-1252" in output
    assert "Sesión cancelada \u2013 lo siento" in _emails(root)["Notes"].body


def _outlook(subject: str, top: str, rule: str, message_id: str) -> EmailMessage:
    """A message as Outlook writes a forward or a reply: its words, a rule,
    then the earlier message's headers as text (From:/Sent:/To:/Subject:)."""
    body = (f"{top}\n\n{rule}\nFrom: Rivera, Ana <rivera@district.example>\n"
            "Sent: Monday, September 14, 2026 3:02 PM\n"
            "To: Parent <parent@home.example>\nSubject: OT schedule\n\n"
            "OT will not be provided until a new therapist is hired.\n")  # fmt: skip
    return _message(subject, "Tue, 15 Sep 2026 09:00:00 -0400", body,
                    Message_ID=message_id)  # fmt: skip


def test_an_outlook_forward_keeps_the_schools_words_a_reply_folds_them(
    make_journal, tmp_path
):
    root = _journal(make_journal)
    paths = []
    for subject, top, rule, ident in [
        ("FW: OT schedule", "See what the school wrote.", "_" * 32, "<fw1@x>"),
        ("Fwd: OT", "For the record.", "-----Original Message-----", "<fw2@x>"),
        ("RE: OT schedule", "Thanks, noted.", "_" * 32, "<re1@x>"),
    ]:
        paths.append(tmp_path / f"{ident[1:4]}.eml")
        paths[-1].write_bytes(bytes(_outlook(subject, top, rule, ident)))
    assert _import(root, *paths)[0] == 0
    emails = _emails(root)
    school = "OT will not be provided until a new therapist is hired."
    for subject in ("FW: OT schedule", "Fwd: OT"):
        assert school in emails[subject].body
        assert "Sent: Monday, September 14, 2026 3:02 PM" in emails[subject].body
    reply = emails["RE: OT schedule"].body
    assert "Thanks, noted." in reply and school not in reply
    assert "the original is attached" in reply
