"""Whatever a file holds, the loader answers with entries or problems."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iepjournal.journal import entry_builder, frontmatter
from iepjournal.journal.loading import read_file

FRAGMENTS = st.sampled_from(
    [
        "---\n",
        "---",
        "\n",
        "type: ",
        "note",
        "iep",
        "date: ",
        "2026-09-14",
        "14/9/2026",
        "sessions:\n",
        "  speech: ",
        "held",
        "partial",
        "{status: partial}",
        "- ",
        "  - id: x\n",
        "services:\n",
        "goals:\n",
        ": ",
        "\t",
        '"',
        "'",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a ",
        "!tag ",
        "<<<<<<< x\n",
        "=======\n",
        ">>>>>>> y\n",
        "# Title\n",
        "\ufeff",
        "\r\n",
        "attachments: [../x]\n",
        "minutes: ",
        "ten",
        "30",
        "mood: ",
        "no",
        "10:00",
        "? ",
    ]
)
JOURNALISH = st.lists(FRAGMENTS | st.text(max_size=8), max_size=40).map("".join)


def assert_well_formed(path: str, text: str) -> None:
    raw = frontmatter.split(path, text)
    entry = entry_builder.build(raw)
    assert entry is not None or raw.problems
    for problem in raw.problems:
        assert problem.line >= 0 and problem.message
        assert problem.code != "internal-error"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JOURNALISH, st.sampled_from(["notes/2026-09-14.md", "iep/x.md", "misc/y.md"]))
def test_journal_like_text_never_raises(text, path):
    assert_well_formed(path, text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text):
    assert_well_formed("progress/2026-11-06.md", "---\n" + text)
    assert_well_formed("notes/2026-11-06.md", text)


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_never_raise(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("bytes")
    (root / "notes").mkdir()
    (root / "notes" / "2026-09-14.md").write_bytes(data)
    entry, problems = read_file(root, "notes/2026-09-14.md")
    assert entry is not None or problems
    assert all(p.code != "internal-error" for p in problems)
