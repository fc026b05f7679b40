"""How fast `iepjournal check` reads a journal, next to the parse floor.

Run: python bench/bench_check.py [--sizes 1000,10000,100000] [--repeat 3]

For each size it writes a synthetic journal (bench/journal_maker.py) and
times, each in its own process (peak memory counts every process a run
starts, see `measure`):

- floor: read every file and parse its front matter with PyYAML's C loader,
  the least any tool must do;
- load: iepjournal.journal.load with no cache;
- check cold: `iepjournal check` with an empty cache;
- check warm: `iepjournal check` again, nothing changed.

Medians of --repeat runs. Prints a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from journal_maker import make

FLOOR = r"""
import os, sys, yaml
def files(root):
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(('.', '_'))]
        for name in names:
            if name.endswith('.md'):
                yield os.path.join(folder, name)
n = 0
for path in files(sys.argv[1]):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if text.startswith('---\n'):
        end = text.find('\n---\n', 4)
        yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        n += 1
"""

LOAD = r"""
import sys
from pathlib import Path
from iepjournal.journal.loading import load
load(Path(sys.argv[1]), use_cache=False)
"""


def measure(
    command: list[str], env: dict[str, str], ok: tuple[int, ...] = (0, 1)
) -> tuple[float, float]:
    """Wall seconds and peak memory in MB of one command, counting every
    process it starts (iepjournal's worker processes too): the most of the
    process's own peak (getrusage) and of the summed proportional set size
    of the whole process tree, sampled every 20 ms by a thread (Linux;
    elsewhere the first alone), while this one waits for the end, so the
    time is not rounded up to a sampling step. An exit status outside `ok`
    stops the benchmark: a failed run is no yardstick."""
    import threading

    sampled = [0.0]
    done = threading.Event()
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )

        def sample() -> None:
            while not done.wait(0.02):
                sampled[0] = max(sampled[0], tree_memory(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        errors.seek(0)
        said = errors.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{' '.join(command)} failed (exit {code}):\n{said[-2000:]}")
    return wall, max(usage.ru_maxrss / 1024, sampled[0])


def tree_memory(root: int) -> float:
    """MB in use by a process and its descendants (proportional set size,
    so pages shared after a fork count once). Cheap to ask: each process's
    own list of children, not a scan of every process on the machine,
    which would take the measured run's CPU."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/task/{pid}/children", "rb") as children:
                pending += [int(child) for child in children.read().split()]
            with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError):  # not Linux, or the process just ended
            continue
    return total / 1024


def installed_env() -> dict[str, str]:
    """The environment for the runs, with iepjournal's modules compiled to
    bytecode first, as `pip install` leaves them: a machine that sets
    PYTHONDONTWRITEBYTECODE would otherwise have every run compile them
    again (60 ms), which no installed copy does."""
    import compileall

    import iepjournal

    compileall.compile_dir(Path(iepjournal.__file__).parent, quiet=1)
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_of(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def bench(size: int, repeat: int, work: Path) -> dict[str, tuple[float, float]]:
    """Each repeat runs all four one after the other (paired runs), so a
    busy moment on the machine hits the floor and the check alike."""
    root = work / f"journal-{size}"
    if not root.exists():
        make(root, size)
    python = sys.executable
    base = installed_env()
    check = [python, "-m", "iepjournal", "check", str(root)]
    runs: dict[str, list[tuple[float, float]]] = {
        "floor": [],
        "load": [],
        "check cold": [],
        "check warm": [],
    }
    for _ in range(repeat):
        runs["floor"].append(measure([python, "-c", FLOOR, str(root)], base))
        runs["load"].append(measure([python, "-c", LOAD, str(root)], base))
        env = base | {"IEPJOURNAL_CACHE_DIR": tempfile.mkdtemp(dir=work)}
        runs["check cold"].append(measure(check, env))
        runs["check warm"].append(measure(check, env))
    return {what: median_of(found) for what, found in runs.items()}


def options(description: str, sizes: str) -> tuple[argparse.Namespace, Path]:
    """The command line both benchmarks take, and the folder to work in."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", default=sizes)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", help="where to keep the synthetic journals")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="iepjournal-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    return args, work


def main() -> None:
    args, work = options(__doc__.split("\n")[0], "1000,10000,100000")
    import yaml

    print(
        f"python {sys.version.split()[0]}, libyaml: {yaml.__with_libyaml__}, "
        f"cores: {os.cpu_count()}, repeat: {args.repeat} (median time, max memory)"
    )
    header = (
        f"{'entries':>8} {'what':<11} {'wall s':>8} {'us/entry':>9} "
        f"{'peak MB':>8} {'vs floor':>9}"
    )
    print(header)
    print("-" * len(header))
    for size in (int(s) for s in args.sizes.split(",")):
        results = bench(size, args.repeat, work)
        floor = results["floor"][0]
        for what, (wall, memory) in results.items():
            print(
                f"{size:>8} {what:<11} {wall:>8.2f} {wall / size * 1e6:>9.0f} "
                f"{memory:>8.0f} {wall / floor:>8.2f}x"
            )
        cold, warm = results["check cold"][0], results["check warm"][0]
        ratios = f"warm/cold {warm / cold:.2f}x; cold check/floor {cold / floor:.2f}x"
        print(f"{size:>8} {ratios}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
