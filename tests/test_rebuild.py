"""A rebuild from the cache gives the very bytes a build from nothing gives.

Articles are made in the worker processes and kept in the cache; the site's
plan (report, timeline less its articles) is kept while the entries' shapes
do not change. Each test changes the journal one way, rebuilds with the
cache, and compares every file with a build that uses no cache at all.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import IEP

from iepjournal import folder, site, writing
from iepjournal.journal import load

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


def cached(root: Path) -> dict[str, bytes]:
    """Built into the same folder each time (so the timeline is made by
    copying what did not change from the page written before), read back."""
    out = root.parent / f"{root.name}-site"
    site.build(site.load_journal(root), out, AS_OF)
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
    if request.param == "worker processes":
        monkeypatch.setattr(folder, "PARALLEL_FROM", 2)
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


def test_a_new_reply_shows_on_the_entry_it_answers(make_journal, monkeypatch, reading):
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


def test_an_attachment_that_appears_or_goes_is_seen(make_journal, monkeypatch, reading):
    root = make_journal(a_journal())
    first = cached(root)
    assert "files/notes/plan.pdf" not in first
    (root / "notes/plan.pdf").write_bytes(b"%PDF-1.4 plan")
    again = cached(root)
    assert again["files/notes/plan.pdf"] == b"%PDF-1.4 plan"
    assert again == uncached(root, monkeypatch)
    (root / "notes/plan.pdf").unlink()
    assert cached(root) == uncached(root, monkeypatch) == first


def test_a_link_to_an_entry_that_appears_is_seen(make_journal, monkeypatch, reading):
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


def test_a_changed_entry_template_is_used(make_journal, monkeypatch, reading):
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
    before = children()
    result = CliRunner().invoke(main, ["build", str(root), "--as-of", "2026-09-30"])
    assert result.exit_code == 2
    assert children() <= before  # the report's copy was let go
    assert "Traceback" not in result.output
    assert "entry.html, line 1 could not be used" in result.output
    assert "hint: Fix that template" in result.output


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process id of each copy started to make a report (0: none could
    be, it was made in the process itself)."""
    from iepjournal import alongside

    started: list[int] = []
    real_start = alongside.start

    def start(work):  # type: ignore[no-untyped-def]
        job = real_start(work)
        started.append(job.pid)
        return job

    monkeypatch.setattr(alongside, "start", start)
    return started


def test_a_broken_report_template_is_named_though_made_alongside(make_journal, forked):
    """The copy making the report fails; the build makes it again here and
    names the template as ever (and leaves no process behind)."""
    from click.testing import CliRunner

    from iepjournal.cli import main

    report = (
        '{% extends "site/base.html" %}{% block main %}{{ report.nope }}{% endblock %}'
    )
    root = make_journal(a_journal() | {"templates/site/report.html": report})
    before = children()
    result = CliRunner().invoke(main, ["build", str(root), "--as-of", "2026-09-30"])
    assert result.exit_code == 2, result.output
    assert "report.html, line 1 could not be used" in result.output
    assert forked and all(forked)  # it was made alongside first
    assert children() <= before
    # Nothing written: not even the timeline, made before the report failed.
    assert not (root / "_site" / "index.html").exists()


def children() -> set[str]:
    """This process's children (a copy left running, or not reaped, is one)."""
    me = os.getpid()
    with open(f"/proc/{me}/task/{me}/children") as listed:
        return set(listed.read().split())


def test_a_failed_timeline_lets_the_report_copy_go(make_journal):
    from iepjournal import alongside

    index = '{% extends "site/base.html" %}{% block main %}{{ no_such }}{% endblock %}'
    root = make_journal(a_journal() | {"templates/site/index.html": index})
    assert alongside._can_fork()
    before = children()
    with pytest.raises(Exception, match="no_such"):
        cached(root)
    assert children() <= before


def test_the_report_made_alongside_is_the_report_made_here(
    make_journal, monkeypatch, forked
):
    from iepjournal import alongside

    root = make_journal(a_journal())
    made_alongside = uncached(root, monkeypatch)
    assert forked and all(forked)
    monkeypatch.setattr(alongside, "_can_fork", lambda: False)
    assert uncached(root, monkeypatch) == made_alongside
    assert forked[-1] == 0  # made here


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


def test_a_text_edit_neither_computes_the_report_nor_unpickles_entries(
    make_journal, monkeypatch
):
    from iepjournal import report

    root = make_journal(a_journal())
    cached(root)
    edit(root, "notes/2026-09-05.md", note(5, "Day 5, new words."))

    def refused(*args, **kwargs):
        raise AssertionError("the report was computed again")

    monkeypatch.setattr(report, "build", refused)
    journal = site.load_journal(root)
    files = site.render(journal, AS_OF)
    assert "new words" in files["index.html"].decode()
    assert journal._entries is None  # only the edited file's entry was read


def test_entries_come_from_the_snapshot_and_the_rows_of_files_changed_since(
    make_journal, monkeypatch
):
    from iepjournal import journal as journal_module

    root = make_journal(a_journal())
    cached(root)
    for day in (4, 6):
        edit(root, f"notes/2026-09-{day:02d}.md", note(day, "Moved.", "missed"))
    from_rows: list[set[str]] = []
    real = journal_module._cached_entries

    def counted(root: Path, wanted: dict) -> list:  # type: ignore[type-arg]
        from_rows.append(set(wanted))
        return real(root, wanted)

    monkeypatch.setattr(journal_module, "_cached_entries", counted)
    assert cached(root) == uncached(root, monkeypatch)
    # Read now: the two edited files; from the snapshot: all the others
    # (without it, the ten others would come from their rows).
    assert from_rows and not set().union(*from_rows)


@pytest.mark.parametrize("behind", [1, 50])
def test_a_snapshot_fallen_behind_is_written_anew(make_journal, monkeypatch, behind):
    from iepjournal import cache
    from iepjournal import journal as journal_module

    monkeypatch.setattr(journal_module, "_BEHIND", behind)
    root = make_journal(a_journal())
    cached(root)
    for day in (4, 6):
        edit(root, f"notes/2026-09-{day:02d}.md", note(day, "Moved.", "missed"))
    assert cached(root) == uncached(root, monkeypatch)
    stamps, entries = cache.kept_entries(root)
    now = {x.path: stamp for x, stamp in zip(entries, stamps, strict=True)}
    edited = root / "notes/2026-09-04.md"
    current = (edited.stat().st_size, edited.stat().st_mtime_ns)
    # Two files changed: more than 1 is behind, fewer than 50 is not.
    assert (now["notes/2026-09-04.md"] == current) == (behind == 1)
    assert len(entries) == len(a_journal())


def test_a_damaged_cache_file_only_costs_time(make_journal, monkeypatch):
    from iepjournal import cache

    root = make_journal(a_journal())
    cached(root)
    for kept in cache.cache_folder().glob("kept-*.pickle"):
        kept.write_bytes(kept.read_bytes()[:-100])
    edit(root, "notes/2026-09-05.md", note(5, "Day 5, new words.", "missed"))
    assert cached(root) == uncached(root, monkeypatch)


@pytest.mark.parametrize("change", ["text", "session", "add"])
def test_a_rebuild_copies_the_rest_of_the_timeline(make_journal, monkeypatch, change):
    root = make_journal(a_journal())
    size = len(cached(root)["index.html"])
    copied: list[int] = []
    real_copy = writing._copy

    def counted(old: int, out: int, start: int, end: int) -> None:
        copied.append(end - start)
        real_copy(old, out, start, end)

    monkeypatch.setattr(writing, "_copy", counted)
    {"text": _text, "session": _session, "add": _add}[change](root, 4)
    again = cached(root)
    # A few runs of unchanged articles, most of the page.
    assert len(copied) <= 3 and sum(copied) > 0.8 * size
    assert again == uncached(root, monkeypatch)


def test_a_timeline_changed_by_hand_is_not_copied_from(make_journal, monkeypatch):
    root = make_journal(a_journal())
    cached(root)
    page = root.parent / f"{root.name}-site" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Day 7", b"Day 8"))
    edit(root, "notes/2026-09-05.md", note(5, "Day 5, new words."))
    again = cached(root)
    assert again == uncached(root, monkeypatch)
    assert b"Day 7" in again["index.html"]


def test_an_unchanged_rebuild_leaves_the_timeline_as_it_is(make_journal):
    root = make_journal(a_journal())
    cached(root)
    page = root.parent / f"{root.name}-site" / "index.html"
    before = page.stat()
    cached(root)
    assert page.stat().st_mtime_ns == before.st_mtime_ns
    assert page.stat().st_ino == before.st_ino


def test_a_new_version_replaces_the_layout_it_keeps(make_journal, monkeypatch):
    from iepjournal import cache

    root = make_journal(a_journal())
    kept: list[set[Path]] = []
    for version in ("1", "2"):
        monkeypatch.setattr(cache, "code_version", lambda v=version: v)
        assert cached(root) == uncached(root, monkeypatch)
        kept.append(set(cache.cache_folder().glob("kept-*.pickle")))
    # The layout (one per journal and output folder), the snapshot of the
    # entries (one per journal), the names the timeline's templates use:
    # replaced by a new version, not kept beside the old one.
    assert len(kept[0]) == 3 and kept[1] == kept[0]


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


CHANGES = [_text, _session, _add, _delete, _reply, _attach, _template]


def test_any_sequence_of_changes_rebuilds_the_same(tmp_path_factory, monkeypatch):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from iepjournal import journal as journal_module

    # The snapshot of the entries is written anew whenever two files changed:
    # sequences mix entries from a snapshot, from rows and read anew.
    monkeypatch.setattr(journal_module, "_BEHIND", 1)

    @settings(max_examples=15, deadline=None,
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
    ("first", "then"),
    [(a, b) for a in CHANGES for b in CHANGES],
    ids=lambda change: change.__name__.strip("_"),
)
def test_every_pair_of_changes_rebuilds_the_same(
    make_journal, monkeypatch, first, then
):
    root = make_journal(a_journal())
    cached(root)
    for change in (first, then):
        change(root, 0)
        assert cached(root) == uncached(root, monkeypatch)
