"""Front matter is read strictly, and its problems point at the right line."""

from __future__ import annotations

import datetime as dt

from conftest import IEP, found

from iepjournal.model import entries as e


def note(front: str, body: str = "Body.\n") -> str:
    return f"---\n{front}---\n{body}"


def test_values_stay_text_unless_the_field_is_typed(journal_of):
    journal = journal_of(
        {
            "iep/2026-05-20.md": IEP,
            "notes/2026-09-14.md": note(
                "title: 10:00\nsessions:\n  speech: held\nmood: ok\nschool_closed: no\n"
                "tags: [no, yes, 10:00]\n"
            ),
        }
    )
    assert found(journal) == []
    entry = journal.entry("notes/2026-09-14")
    assert isinstance(entry, e.Note)
    assert entry.title == "10:00"
    assert entry.tags == ("no", "yes", "10:00")
    assert entry.school_closed is False
    assert entry.date == dt.date(2026, 9, 14)


def test_yaml_error_points_at_the_line_in_the_file(journal_of):
    journal = journal_of({"notes/2026-09-14.md": note("mood: ok\ntitle: Re: speech\n")})
    assert found(journal) == [("notes/2026-09-14.md", 3, "yaml")]
    assert "colon" in journal.problems[0].message
    assert "quotes" in journal.problems[0].hint


def test_missing_colon_points_at_the_line_that_lacks_it(journal_of):
    journal = journal_of(
        {"notes/2026-09-14.md": note("mood: ok\nSpeech was missed today\ntags: [a]\n")}
    )
    assert found(journal) == [("notes/2026-09-14.md", 3, "yaml")]


def test_unclosed_quote(journal_of):
    journal = journal_of({"notes/2026-09-14.md": note('mood: ok\ntitle: "half\n')})
    assert [p.code for p in journal.problems] == ["yaml"]
    assert journal.problems[0].line in (3, 4)


def test_tab_indent_is_named_at_its_line_and_column(journal_of):
    journal = journal_of({"notes/2026-09-14.md": note("sessions:\n\tspeech: held\n")})
    assert found(journal) == [("notes/2026-09-14.md", 3, "tab")]
    assert journal.problems[0].column == 1


def test_unclosed_front_matter(journal_of):
    journal = journal_of({"notes/2026-09-14.md": "---\nmood: ok\nA day.\n"})
    assert found(journal) == [("notes/2026-09-14.md", 1, "unclosed-front-matter")]


def test_missing_front_matter_is_read_from_folder_and_name(journal_of):
    journal = journal_of(
        {
            "notes/2026-09-14.md": "Speech was missed today.\n",
            "misc/thoughts.md": "Just thoughts.\n",
        }
    )
    assert found(journal) == [
        ("misc/thoughts.md", 1, "no-front-matter"),
        ("notes/2026-09-14.md", 1, "no-front-matter"),
    ]
    assert [p.severity for p in journal.problems] == ["error", "warning"]
    assert journal.entry("notes/2026-09-14").date == dt.date(2026, 9, 14)


def test_front_matter_that_is_not_a_mapping(journal_of):
    journal = journal_of({"notes/2026-09-14.md": "---\n- a\n- b\n---\n"})
    assert found(journal) == [("notes/2026-09-14.md", 2, "front-matter-not-mapping")]


def test_empty_file_is_a_warning(journal_of):
    journal = journal_of({"notes/2026-09-14.md": "", "notes/2026-09-15.md": "  \n\n"})
    assert [p.code for p in journal.problems] == ["empty-file", "empty-file"]
    assert all(p.severity == "warning" for p in journal.problems)


def test_binary_file(journal_of):
    journal = journal_of({"notes/2026-09-14.md": b"%PDF-1.4\x00\x01\x02binary"})
    assert [(p.code, p.severity) for p in journal.problems] == [
        ("binary-file", "error")
    ]


def test_windows_1252_is_read_with_a_warning(journal_of):
    text = note("mood: ok\ntitle: Caf\xe9 meeting \u201cnotes\u201d\n").encode("cp1252")
    journal = journal_of({"notes/2026-09-14.md": text})
    assert found(journal) == [("notes/2026-09-14.md", 3, "not-utf8")]
    assert journal.entry("notes/2026-09-14").title == "Café meeting \u201cnotes\u201d"


def test_bom_and_crlf_are_simply_fine(journal_of):
    text = "\ufeff---\r\nmood: ok\r\ntitle: Fine\r\n---\r\nBody\r\n"
    journal = journal_of({"notes/2026-09-14.md": text.encode("utf-8")})
    assert found(journal) == []
    assert journal.entry("notes/2026-09-14").title == "Fine"


def test_crlf_keeps_line_numbers(journal_of):
    text = "---\r\nmood: ok\r\nmood2: [\r\n---\r\n"
    journal = journal_of({"notes/2026-09-14.md": text})
    assert [p.code for p in journal.problems] == ["yaml"]
    assert journal.problems[0].line in (3, 4)


CONFLICT = """\
---
<<<<<<< HEAD
mood: hard
=======
mood: ok
>>>>>>> other
sessions:
  speech: helt
---
"""


def test_git_conflict_is_one_error_not_a_cascade(journal_of):
    journal = journal_of({"notes/2026-09-14.md": CONFLICT})
    assert found(journal) == [("notes/2026-09-14.md", 2, "git-conflict")]


def test_a_bare_equals_line_is_a_heading_underline(journal_of):
    body = "My notes\n=======\n\nA setext heading above.\n"
    journal = journal_of({"notes/2026-09-14.md": note("mood: ok\n", body)})
    assert found(journal) == []
    assert journal.entry("notes/2026-09-14").body.startswith("My notes\n=======")


def test_duplicate_field_is_a_warning_at_the_second(journal_of):
    journal = journal_of({"notes/2026-09-14.md": note("mood: ok\nmood: hard\n")})
    assert found(journal) == [("notes/2026-09-14.md", 3, "duplicate-field")]
    assert journal.entry("notes/2026-09-14").mood == "hard"


def test_yaml_tags_and_aliases_are_problems_not_crashes(journal_of):
    journal = journal_of(
        {
            "notes/2026-09-14.md": note("title: !important\n"),
            "notes/2026-09-15.md": note("title: *starred*\n"),
        }
    )
    assert [p.code for p in journal.problems] == ["yaml", "yaml"]
