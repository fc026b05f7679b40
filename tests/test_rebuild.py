"""A rebuild from the cache gives the very bytes a build from nothing gives.

The cache keeps every file as read (see cache.py); here it is written after
every load, not only after a slow one. Each test changes the journal one
way (or in random sequences), rebuilds with the cache, and compares every
file with a build that uses no cache at all.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import IEP

from iepjournal.journal import folder
from iepjournal.journal.loading import load
from iepjournal.render import site, writing

AS_OF = dt.date(2026, 9, 30)


def note(day: int, text: str, session: str = "held") -> str:
    return (
        f"---\ntype: note\ndate: 2026-09-{day:02d}\nsessions:\n"
        f"  - service: speech\n    status: {session}\n    minutes: 30\n---\n{text}\n"
    )


def a_journal(count: int = 12) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"iep/2026-05-20-iep.md": IEP}
    for day in range(1, count + 1):
        files[f"notes/2026-09-{day:02d}.md"] = note(day, f"Day {day}, *fine*.")
    files["notes/2026-09-03.md"] = note(
        3, "See [the plan](plan.pdf) and [day 1](2026-09-01.md)."
    )
    return files


@pytest.fixture(autouse=True)
def always_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every load writes the cache, however quick it was."""
    from iepjournal.journal import cache

    monkeypatch.setattr(cache, "WRITE_AFTER", 0.0)


def cached(root: Path) -> dict[str, bytes]:
    """Built into the same folder each time, with the cache, read back."""
    out = root.parent / f"{root.name}-site"
    site.build(load(root, use_cache=True), out, AS_OF)
    listed = (out / writing.MARKER).read_text(encoding="utf-8").split()
    return {path: (out / path).read_bytes() for path in listed}


def uncached(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    with monkeypatch.context() as patch:
        patch.setenv("IEPJOURNAL_NO_CACHE", "1")
        return site.render(load(root, use_cache=False), AS_OF)


def touch_later(path: Path) -> None:
    """A new modification time, as an editor's save would give."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


@pytest.fixture(params=["in process", "worker processes"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "worker processes":  # reading and rendering
        monkeypatch.setattr(folder, "PARALLEL_FROM", 2)
        monkeypatch.setattr(site, "PARALLEL_FROM", 2)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    return str(request.param)


def edit(root: Path, path: str, text: str) -> None:
    (root / path).write_text(text, encoding="utf-8")
    touch_later(root / path)


def test_a_cold_build_matches_a_build_without_cache(make_journal, monkeypatch, reading):
    root = make_journal(a_journal())
    assert cached(root) == uncached(root, monkeypatch)


def test_an_edit_to_a_notes_text_rebuilds_the_same(make_journal, monkeypatch, reading):
    root = make_journal(a_journal())
    cached(root)
    edit(root, "notes/2026-09-05.md", note(5, "Day 5, **changed** text."))
    again = cached(root)
    assert "<strong>changed</strong>" in again["index.html"].decode()
    assert again == uncached(root, monkeypatch)


def test_an_edit_to_a_session_rebuilds_the_report(make_journal, monkeypatch, reading):
    root = make_journal(a_journal())
    before = cached(root)
    edit(root, "notes/2026-09-05.md", note(5, "Day 5, *fine*.", "missed"))
    again = cached(root)
    assert again["report.html"] != before["report.html"]
    assert again == uncached(root, monkeypatch)


def test_a_new_reply_shows_on_the_entry_it_answers(make_journal, monkeypatch):
    root = make_journal(a_journal())
    cached(root)
    (root / "emails").mkdir()
    (root / "emails/2026-09-06-reply.md").write_text(
        "---\ntype: email\ndate: 2026-09-06\ntitle: About day 4\n"
        "in_reply_to: notes/2026-09-04.md\n---\nNoted.\n",
        encoding="utf-8",
    )
    again = cached(root)
    assert 'Reply: <a href="#e-' in again["index.html"].decode()
    assert again == uncached(root, monkeypatch)


def test_an_attachment_that_appears_or_goes_is_seen(make_journal, monkeypatch):
    root = make_journal(a_journal())
    first = cached(root)
    assert "files/notes/plan.pdf" not in first
    (root / "notes/plan.pdf").write_bytes(b"%PDF-1.4 plan")
    again = cached(root)
    assert again["files/notes/plan.pdf"] == b"%PDF-1.4 plan"
    assert again == uncached(root, monkeypatch)
    (root / "notes/plan.pdf").unlink()
    assert cached(root) == uncached(root, monkeypatch) == first


def test_a_link_to_an_entry_that_appears_is_seen(make_journal, monkeypatch):
    files = a_journal()
    del files["notes/2026-09-01.md"]
    root = make_journal(files)
    assert (
        'href="index.html#e-notes-2026-09-01"'
        not in cached(root)["index.html"].decode()
    )
    (root / "notes/2026-09-01.md").write_text(note(1, "Back."), encoding="utf-8")
    again = cached(root)
    assert 'href="index.html#e-notes-2026-09-01"' in again["index.html"].decode()
    assert again == uncached(root, monkeypatch)


def test_a_changed_entry_template_is_used(make_journal, monkeypatch):
    root = make_journal(a_journal())
    cached(root)
    partial = root / "templates/site/partials/entry.html"
    partial.parent.mkdir(parents=True)
    partial.write_text(
        '<article id="{{ v.anchor }}">OVERRIDDEN {{ v.entry.title }}</article>'
    )
    again = cached(root)
    assert again["index.html"].decode().count("OVERRIDDEN") == 13
    assert again == uncached(root, monkeypatch)


def test_a_file_that_fails_then_is_fixed(make_journal, monkeypatch, reading):
    root = make_journal(a_journal())
    edit(root, "notes/2026-09-07.md", "---\ntype: note\ndate: 2026-13-40\n---\nOops\n")
    broken = cached(root)
    assert "2026-13-40" in broken["index.html"].decode()  # the banner
    assert broken == uncached(root, monkeypatch)
    edit(root, "notes/2026-09-07.md", note(7, "Fixed."))
    assert cached(root) == uncached(root, monkeypatch)


@pytest.mark.parametrize(
    "broken",
    ["<article>{% if v.entry.title %}</article>", "<article>{{ v.no_such }}</article>"],
)
def test_a_broken_template_is_named_not_a_traceback(make_journal, broken):
    from click.testing import CliRunner

    from iepjournal.cli import main

    root = make_journal(a_journal() | {"templates/site/partials/entry.html": broken})
    result = CliRunner().invoke(main, ["build", str(root), "--as-of", "2026-09-30"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "entry.html, line 1 could not be used" in result.output
    assert "hint: Fix that template" in result.output


def test_a_timeline_template_using_the_report_gets_it(make_journal, monkeypatch):
    index = (
        '{% extends "site/base.html" %}{% block main %}'
        "Reasons: {{ report.meeting_reasons|length }}; charts: "
        "{{ service_charts|length }}{% endblock %}"
    )
    root = make_journal(a_journal() | {"templates/site/index.html": index})
    page = cached(root)["index.html"].decode()
    assert "Reasons: 0; charts: 2" in page  # two services, no reason yet
    assert cached(root) == uncached(root, monkeypatch)


def test_an_unchanged_rebuild_leaves_the_timeline_as_it_is(make_journal):
    root = make_journal(a_journal())
    cached(root)
    page = root.parent / f"{root.name}-site" / "index.html"
    before = page.stat()
    cached(root)
    assert page.stat().st_mtime_ns == before.st_mtime_ns
    assert page.stat().st_ino == before.st_ino


def test_changed_settings_are_seen(make_journal, monkeypatch):
    root = make_journal(a_journal() | {"iepjournal.toml": 'student = "Sam"\n'})
    assert "Sam" in cached(root)["index.html"].decode()
    edit(root, "iepjournal.toml", 'student = "Alex"\n')
    again = cached(root)
    assert "Alex" in again["report.html"].decode()
    assert "Sam" not in again["index.html"].decode()
    assert again == uncached(root, monkeypatch)


def test_an_edit_to_an_email_with_a_reply_rebuilds_the_same(make_journal, monkeypatch):
    email = (
        "---\ntype: email\ndate: 2026-09-{day}\ntitle: {title}\n{extra}---\n{text}\n"
    )
    files = a_journal() | {
        "emails/2026-09-02-ask.md": email.format(
            day="02", title="Asking", extra="", text="Could we meet?"
        ),
        "emails/2026-09-03-reply.md": email.format(
            day="03",
            title='"Re: Asking"',
            extra="in_reply_to: emails/2026-09-02-ask.md\n",
            text="Yes.",
        ),
    }
    root = make_journal(files)
    cached(root)
    for path, title, extra in (
        ("emails/2026-09-02-ask.md", "Asking", ""),
        ("emails/2026-09-03-reply.md", "\"Re: Asking\"",
         "in_reply_to: emails/2026-09-02-ask.md\n"),
    ):  # fmt: skip
        edit(root, path, email.format(day=path[15:17], title=title, extra=extra,
                                      text="Edited words."))  # fmt: skip
        again = cached(root)
        page = again["index.html"].decode()
        assert "Edited words." in page and "Reply: <a" in page
        assert again == uncached(root, monkeypatch)


# Every kind of change a family makes, in any order: after each, a build
# from the cache must give the bytes of a build from nothing.
def _text(root: Path, n: int) -> None:
    edit(root, f"notes/2026-09-{1 + n % 12:02d}.md", note(1 + n % 12, f"Text {n}."))


def _session(root: Path, n: int) -> None:
    day = 1 + n % 12
    edit(root, f"notes/2026-09-{day:02d}.md", note(day, f"Day {day}.", "missed"))


def _add(root: Path, n: int) -> None:
    edit(root, f"notes/2026-09-{13 + n % 10}.md", note(13 + n % 10, f"New {n}."))


def _delete(root: Path, n: int) -> None:
    (root / f"notes/2026-09-{1 + n % 12:02d}.md").unlink(missing_ok=True)


def _reply(root: Path, n: int) -> None:
    (root / "emails").mkdir(exist_ok=True)
    edit(
        root,
        f"emails/2026-09-20-reply-{n}.md",
        "---\ntype: email\ndate: 2026-09-20\ntitle: A reply\n"
        f"in_reply_to: notes/2026-09-{1 + n % 12:02d}.md\n---\nNoted {n}.\n",
    )


def _attach(root: Path, n: int) -> None:
    plan = root / "notes/plan.pdf"
    if plan.exists():
        plan.unlink()
    else:
        plan.write_bytes(b"%PDF plan")
        touch_later(plan)


def _template(root: Path, n: int) -> None:
    partial = root / "templates/site/partials/entry.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text(
        f'<article id="{{{{ v.anchor }}}}">{n} {{{{ v.body|safe }}}}</article>'
    )


def _same_stamp(root: Path, n: int) -> None:
    """New words of the same length, with the modification time put back, as
    a sync tool that keeps times may leave a file."""
    path = root / f"notes/2026-09-{1 + n % 12:02d}.md"
    if not path.exists():
        return
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    swapped = (
        text.replace("Day", "Dya") if "Day" in text else text.replace("Dya", "Day")
    )
    path.write_text(swapped, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


CHANGES = [_text, _session, _add, _delete, _reply, _attach, _template, _same_stamp]


def test_any_sequence_of_changes_rebuilds_the_same(tmp_path_factory, monkeypatch):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=10, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(st.lists(st.tuples(st.sampled_from(CHANGES), st.integers(0, 2)),
                    min_size=1, max_size=5))  # fmt: skip
    def check(changes: list) -> None:
        root = tmp_path_factory.mktemp("journal")
        for path, text in a_journal().items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(str(text))
        cached(root)
        for change, n in changes:
            change(root, n)  # each write a second later, as a person's would be
            assert cached(root) == uncached(root, monkeypatch), changes

    check()


@pytest.mark.parametrize(
    "first", CHANGES, ids=lambda change: change.__name__.strip("_")
)
def test_each_change_then_another_rebuilds_the_same(make_journal, monkeypatch, first):
    """Each kind of change, then the next kind in the list (the random
    sequences above mix them every other way)."""
    then = CHANGES[(CHANGES.index(first) + 1) % len(CHANGES)]
    root = make_journal(a_journal())
    cached(root)
    for change in (first, then):
        change(root, 0)
        assert cached(root) == uncached(root, monkeypatch)
