"""The cache (cache.py) can never change a result: a damaged, truncated,
foreign or stale cache file gives every command the output and exit code
of a run without any cache, and never a traceback."""

from __future__ import annotations

import os
import pickle
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import IEP

from iepjournal.cli import main
from iepjournal.journal import cache
from iepjournal.journal.loading import load


def note(day: int, status: str = "held", extra: str = "") -> str:
    return (
        f"---\ntype: note\ndate: 2026-09-{day:02d}\n{extra}sessions:\n"
        f"  speech: {status}\n---\nDay {day}.\n"
    )


def a_journal() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"iep/2026-05-20.md": IEP}
    for day in range(1, 13):
        files[f"notes/2026-09-{day:02d}.md"] = note(
            day, "missed" if day % 4 else "held"
        )
    files["notes/2026-09-13.md"] = note(13, "helt")  # an error, for check's exit code
    files["emails/2026-09-14-ask.md"] = (
        "---\ntype: email\ndate: 2026-09-14\ntitle: Data\nfrom: me@home.example\n"
        "to: rivera@district.example\n---\nCould I have the data?\n"
    )
    return files


COMMANDS = [
    ["check", "{root}"],
    ["check", "{root}", "--format", "json"],
    ["report", "{root}", "--as-of", "2026-10-30"],
    ["report", "{root}", "--as-of", "2026-10-30", "--format", "json"],
    ["report", "{root}", "--as-of", "2026-10-30", "--format", "markdown"],
    ["letter", "missed-services", "--journal", "{root}", "--date", "2026-10-30",
     "--print"],
    ["build", "{root}", "--as-of", "2026-10-30", "--out", "{out}"],
    ["calendar", "--journal", "{root}", "--as-of", "2026-10-30", "--out",
     "{out}.ics"],
]  # fmt: skip


def outputs(root: Path, out: Path) -> list[tuple[int, str, dict[str, bytes]]]:
    """Every command's exit code, output, and the files it wrote."""
    found = []
    for command in COMMANDS:
        args = [a.format(root=root, out=out) for a in command]
        result = CliRunner().invoke(main, args)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        written = {}
        if out.is_dir():
            written = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        ics = Path(f"{out}.ics")
        if ics.exists():
            written["ics"] = ics.read_bytes()
            ics.unlink()
        found.append((result.exit_code, result.output.replace(str(out), "OUT"),
                      written))  # fmt: skip
    return found


def cold(root: Path, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list:  # type: ignore[type-arg]
    with monkeypatch.context() as patch:
        patch.setenv("IEPJOURNAL_NO_CACHE", "1")
        return outputs(root, tmp / "cold-site")


def the_file() -> Path:
    (found,) = cache.cache_folder().glob("journal-*.pickle")
    return found


def kept_items(path: Path) -> tuple[object, dict]:  # type: ignore[type-arg]
    with open(path, "rb") as handle:
        return pickle.load(handle), pickle.load(handle)


def rewritten(path: Path, key: object, kept: object) -> None:
    with open(path, "wb") as handle:
        pickle.dump(key, handle)
        pickle.dump(kept, handle)


def _truncated(path: Path, root: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _garbage(path: Path, root: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _empty(path: Path, root: Path) -> None:
    path.write_bytes(b"")


def _a_folder(path: Path, root: Path) -> None:
    path.unlink()
    path.mkdir()


def _other_code(path: Path, root: Path) -> None:
    key, kept = kept_items(path)
    rewritten(path, (key[0], "another version", key[2]), kept)


def _foreign(path: Path, root: Path) -> None:
    """Another journal's cache, copied over this one's (a restored backup)."""
    key, kept = kept_items(path)
    rewritten(path, (key[0], key[1], "/some/other/journal"), kept)


def _stale(path: Path, root: Path) -> None:
    """Kept entries for bytes the files no longer have."""
    key, kept = kept_items(path)
    for name in list(kept):
        _, entry, problems = kept[name]
        kept[name] = ("0" * 64, entry, problems)
    rewritten(path, key, kept)
    (root / "notes/2026-09-05.md").write_text(note(5, "held"))


def _misshapen(path: Path, root: Path) -> None:
    """The right key, and items of every wrong shape."""
    key, kept = kept_items(path)
    names = sorted(kept)
    kept[names[0]] = "not a tuple"
    kept[names[1]] = (kept[names[1]][0],)  # too short
    digest, entry, problems = kept[names[2]]
    kept[names[2]] = (digest, kept[names[3]][1], problems)  # another file's entry
    kept[names[4]] = (kept[names[4]][0], entry, ["not a problem"])
    kept[7] = ("x", None, [])  # a path that is not a string
    rewritten(path, key, kept)


def _not_a_dict(path: Path, root: Path) -> None:
    key, _ = kept_items(path)
    rewritten(path, key, ["a", "list"])


def _unpicklable(path: Path, root: Path) -> None:
    """A pickle naming a class that does not exist."""
    key, _ = kept_items(path)
    with open(path, "wb") as handle:
        pickle.dump(key, handle)
        handle.write(b"\x80\x04\x95\x1a\x00\x00\x00\x00\x00\x00\x00\x8c\x08iepjournal"
                     b"\x94\x8c\x06NoSuch\x94\x93\x94.")  # fmt: skip


DAMAGE: list[Callable[[Path, Path], None]] = [
    _truncated, _garbage, _empty, _a_folder, _other_code, _foreign, _stale,
    _misshapen, _not_a_dict, _unpicklable,
]  # fmt: skip


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__.strip("_"))
def test_a_damaged_cache_changes_no_output(make_journal, tmp_path, monkeypatch, damage):
    monkeypatch.setattr(cache, "WRITE_AFTER", 0.0)
    root = make_journal(a_journal())
    load(root)
    damage(the_file(), root)
    assert outputs(root, tmp_path / "site") == cold(root, tmp_path, monkeypatch)


def test_a_warm_cache_changes_no_output(make_journal, tmp_path, monkeypatch):
    from iepjournal.journal import folder

    monkeypatch.setattr(cache, "WRITE_AFTER", 0.0)
    root = make_journal(a_journal())
    load(root)
    parsed: list[str] = []
    real = folder.parse_file
    monkeypatch.setattr(folder, "parse_file",
                        lambda path, data, *rest: parsed.append(path) or real(path, data, *rest))  # fmt: skip
    assert outputs(root, tmp_path / "site") == cold(root, tmp_path, monkeypatch)
    load(root)
    (root / "notes/2026-09-05.md").write_text(note(5, "held"))
    load(root)
    # Nothing parsed with the cache warm, then only the file edited; and
    # every file by the cold runs (one per command).
    assert parsed.count("notes/2026-09-05.md") == len(COMMANDS) + 1
    assert parsed.count("notes/2026-09-04.md") == len(COMMANDS)


def test_it_is_written_only_after_a_slow_load(make_journal, monkeypatch):
    root = make_journal(a_journal())
    load(root)  # a dozen files: far quicker than WRITE_AFTER
    assert not list(cache.cache_folder().glob("journal-*"))
    monkeypatch.setattr(cache, "WRITE_AFTER", 0.0)
    load(root)
    assert the_file()
    load(root, use_cache=False)  # IEPJOURNAL_NO_CACHE's way: neither read nor written
    monkeypatch.setenv("IEPJOURNAL_NO_CACHE", "1")
    the_file().unlink()
    load(root)
    assert not list(cache.cache_folder().glob("journal-*"))


def test_it_lives_outside_the_journal_for_the_family_alone(make_journal, monkeypatch):
    monkeypatch.setattr(cache, "WRITE_AFTER", 0.0)
    folder = cache.cache_folder() / "nested"
    monkeypatch.setenv("IEPJOURNAL_CACHE_DIR", str(folder))
    root = make_journal(a_journal())
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    load(root)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(the_file().stat().st_mode) == 0o600


def test_an_edit_that_keeps_size_and_time_is_seen(make_journal, monkeypatch):
    """Sync tools keep modification times: the key is the bytes."""
    monkeypatch.setattr(cache, "WRITE_AFTER", 0.0)
    root = make_journal(a_journal())
    load(root)
    path = root / "notes/2026-09-04.md"
    was = path.stat()
    path.write_text(note(4).replace("Day 4.", "Day 9."))
    assert path.stat().st_size == was.st_size
    os.utime(path, ns=(was.st_atime_ns, was.st_mtime_ns))
    (found,) = [x for x in load(root).entries if x.path == "notes/2026-09-04.md"]
    assert found.body == "Day 9.\n"
