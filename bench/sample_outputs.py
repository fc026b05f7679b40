"""Write everything the tool produces on the bundled sample journal into one
folder, so two versions of the code can be compared byte for byte:

    python bench/sample_outputs.py /tmp/before
    ... change the code ...
    python bench/sample_outputs.py /tmp/after
    diff -r /tmp/before /tmp/after

Each command runs as its own process, through the installed `iepjournal`
command, twice: once without the cache and once with a warm one (both must
write the same). Paths that differ from run to run (temporary folders) are
written as <TMP>.
"""

from __future__ import annotations

import email.message
import json
import mailbox
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

AS_OF = "2026-04-30"
FREQUENCIES = [
    "2 x 30 min weekly",
    "30 minutes two times per week",
    "45 minutes daily",
    "OT 30 min 1x weekly, consult 15 min monthly",
    "1 1/2 hours weekly",
    "60 min/month",
    "3 x 20 min per 6-day cycle",
    "as needed",
    "20-30 minutes weekly",
    "300 minutes per week",
    "banana",
]


def sample() -> Path:
    from iepjournal import bundled

    return bundled.sample_journal()


def run(args: list[str], env: dict[str, str], cwd: Path, tmp: Path) -> str:
    done = subprocess.run(
        ["iepjournal", *args], env=env, cwd=cwd, capture_output=True, text=True
    )
    text = f"$ iepjournal {' '.join(args)}\nexit {done.returncode}\n"
    text += "--- stdout\n" + done.stdout + "--- stderr\n" + done.stderr
    return text.replace(str(tmp), "<TMP>").replace(str(sample()), "<SAMPLE>")


def mbox(path: Path) -> None:
    box = mailbox.mbox(path)
    for number, subject in enumerate(["Speech schedule", "Re: Speech schedule"]):
        made = email.message.EmailMessage()
        made["From"] = "Ms. Rivera <rivera@district.example>"
        made["To"] = "parent@home.example"
        made["Subject"] = subject
        made["Date"] = f"Mon, {number + 4} May 2026 10:00:00 -0400"
        made["Message-ID"] = f"<m{number}@district.example>"
        made.set_content("Hello,\n\nSpeech moves to Tuesdays.\n\nMs. Rivera")
        made.add_attachment(b"a,b\n1,2\n", maintype="text", subtype="csv",
                            filename="log.csv")  # fmt: skip
        made.set_boundary(f"boundary-{number}")  # the same bytes every run
        box.add(made)
    box.flush()


def outputs(out: Path, cached: bool) -> None:
    tmp = Path(tempfile.mkdtemp())
    env = dict(os.environ, IEPJOURNAL_CACHE_DIR=str(tmp / "cache"))
    env.pop("IEPJOURNAL_NO_CACHE", None)
    if not cached:
        env["IEPJOURNAL_NO_CACHE"] = "1"
    journal = tmp / "journal"
    shutil.copytree(sample(), journal)
    texts: dict[str, str] = {}

    def command(name: str, *args: str, cwd: Path = journal) -> None:
        texts[name] = run(list(args), env, cwd, tmp)

    rounds = 2 if cached else 1  # the second round reads a warm cache
    for _ in range(rounds):
        command("demo", "demo")
        command("check", "check", str(journal))
        command("check-json", "check", str(journal), "--format", "json")
        for form in ("text", "markdown", "json"):
            command(f"report-{form}", "report", "--as-of", AS_OF, "--format", form)
        command("report-from", "report", "--as-of", AS_OF, "--from", "2026-02-01")
        command("report-early", "report", "--as-of", "2025-10-15")
        for kind in ("meeting-request", "data-request", "records-request",
                     "missed-services", "follow-up"):  # fmt: skip
            command(f"letter-{kind}", "letter", kind, "--date", AS_OF, "--print")
        command("calendar", "calendar", "--out", str(tmp / "deadlines.ics"),
                "--as-of", AS_OF)  # fmt: skip
        command("build", "build", "--as-of", AS_OF, "--out", str(tmp / "site"))
        command("build-range", "build", "--as-of", AS_OF, "--from", "2026-01-01",
                "--to", "2026-03-31", "--out", str(tmp / "site-range"))  # fmt: skip
    for number, text in enumerate(FREQUENCIES):
        command(f"frequency-{number}", "frequency", text)
        command(f"frequency-{number}-json", "frequency", text, "--json")
    command("init", "init", str(tmp / "new-journal"), "--student", "Sam", cwd=tmp)
    for kind in ("iep", "note", "email", "letter", "progress", "meeting", "notice",
                 "change", "evaluation"):  # fmt: skip
        command(f"new-{kind}", "new", kind, "--date", "2026-05-04", "--no-edit",
                "--title", f"A {kind}")  # fmt: skip
    command("log", "log", "speech", "partial", "--minutes", "20", "--reason",
            "fire drill", "--date", "2026-05-05")  # fmt: skip
    mbox(tmp / "mail.mbox")
    command("import", "import", str(tmp / "mail.mbox"))
    command("import-again", "import", str(tmp / "mail.mbox"))
    command("report-after", "report", "--as-of", "2026-05-31", "--format", "json")
    command("check-after", "check")

    label = "cached" if cached else "cold"
    target = out / label
    target.mkdir(parents=True)
    for name, text in texts.items():
        (target / f"{name}.txt").write_text(text, encoding="utf-8")
    shutil.copy(tmp / "deadlines.ics", target / "deadlines.ics")
    for site in ("site", "site-range"):
        shutil.copytree(tmp / site, target / site)
    for written in ("journal", "new-journal"):
        for path in sorted((tmp / written).rglob("*")):
            relative = path.relative_to(tmp)
            if path.is_file() and (
                written == "new-journal"
                or not (sample() / path.relative_to(journal)).exists()
            ):
                copy = target / "files" / relative
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(path.read_bytes())
    shutil.rmtree(tmp)


def main() -> None:
    out = Path(sys.argv[1])
    if out.exists():
        sys.exit(f"{out} exists; give a new folder.")
    outputs(out, cached=False)
    outputs(out, cached=True)
    (out / "README.json").write_text(json.dumps({"as_of": AS_OF}) + "\n")
    print(f"Wrote {out}; compare two such folders with diff -r.")


if __name__ == "__main__":
    main()
