"""Synthetic journals shaped like the sample: one file per entry in
year/month folders, realistic front matter, 50-400 word Markdown bodies."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

WORDS = [
    "speech",
    "reading",
    "session",
    "teacher",
    "Maya",
    "group",
    "sheet",
    "data",
    "goal",
    "minutes",
    "missed",
    "held",
    "classroom",
    "recess",
    "homework",
    "asked",
    "said",
    "today",
    "tomorrow",
    "because",
    "progress",
    "report",
    "meeting",
    "notice",
    "provider",
    "schedule",
    "worked",
    "practiced",
    "sentence",
    "words",
    "passage",
    "book",
    "frustrated",
    "happy",
    "tired",
    "calm",
    "corner",
    "break",
    "writing",
    "pencil",
    "grip",
    "cycle",
    "week",
    "month",
    "the",
    "a",
    "and",
    "to",
    "of",
    "in",
    "on",
    "with",
    "for",
    "was",
    "she",
    "we",
    "they",
    "it",
    "at",
    "after",
    "before",
    "during",
]

IEP = """---
type: iep
kind: annual
date: {year}-05-20
effective: {year}-06-01
ends: {next}-05-19
case_manager: Ms. Rivera <rivera@district.example>
services:
  - id: speech
    name: Speech-language therapy
    frequency: 2 x 30 min weekly
    setting: pull-out, small group
  - id: reading
    name: Specialized reading instruction
    frequency: 45 minutes daily
    setting: resource room
  - id: ot
    name: Occupational therapy
    frequency: 1 x 30 min per 6-day cycle
    setting: pull-out
goals:
  - id: reading-fluency
    goal: Read a grade-level passage at 90 words correct per minute.
    baseline: 45 wcpm
    target: 90 wcpm
  - id: peer-initiation
    goal: Initiate peer interaction in 80% of opportunities.
    baseline: 30%
    target: 80%
---

# Annual IEP {year}
"""


def _body(rng: random.Random) -> str:
    target = rng.randint(50, 400)
    parts: list[str] = []
    count = 0
    while count < target:
        kind = rng.random()
        size = rng.randint(8, 40)
        words = [rng.choice(WORDS) for _ in range(size)]
        if kind < 0.15:
            parts.append("\n".join(f"- {w} *{rng.choice(WORDS)}*" for w in words[:5]))
            count += 10
            continue
        if kind < 0.2:
            rows = [f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} |" for _ in range(4)]
            parts.append("| what | value |\n|---|---|\n" + "\n".join(rows))
            count += 12
            continue
        words[rng.randrange(size)] = f"**{rng.choice(WORDS)}**"
        if kind < 0.3:
            words[0] = "[service log](https://district.example/log)"
        parts.append(" ".join(words).capitalize() + ".")
        count += size
    return "\n\n".join(parts) + "\n"


def _note(rng: random.Random, day: dt.date) -> str:
    sessions = ["  reading: held"]
    if day.weekday() in (1, 3):
        status = rng.choice(["held", "held", "held", "missed", "unknown"])
        sessions.append(f"  speech: {status}")
    if rng.random() < 0.1:
        sessions.append(
            "  ot: {status: partial, minutes: 20, reason: fire drill}"
            if rng.random() < 0.5
            else '  ot: {status: missed, reason: "provider absent"}'
        )
    mood = rng.choice(["great", "good", "ok", "hard", "very-hard"])
    return (
        "---\nsessions:\n" + "\n".join(sessions) + f"\nmood: {mood}\ntags: [bus]\n---\n"
    )


def _email(rng: random.Random, day: dt.date) -> str:
    hour = rng.randint(6, 21)
    return (
        f"---\ntype: email\ndate: {day.isoformat()} {hour:02d}:15\n"
        "from: Parent <parent@home.example>\n"
        "to: Ms. Rivera <rivera@district.example>\n"
        "cc: [Principal Lee <lee@district.example>]\n"
        f'subject: "Re: speech sessions {rng.randint(1, 999)}"\n'
        "request: data\n---\n"
    )


def _progress(rng: random.Random, day: dt.date) -> str:
    return (
        f"---\ntype: progress\ndate: {day.isoformat()}\nperiod: Q{rng.randint(1, 4)}\n"
        "goals:\n  peer-initiation: Making progress.\n  reading-fluency:\n"
        f"    reported: Reads {rng.randint(40, 90)} wcpm.\n"
        f"    value: {rng.randint(40, 90)} wcpm\n---\n"
    )


def make(root: Path, entries: int, seed: int = 7) -> None:
    """Write a journal of `entries` entries (IEPs included) under `root`."""
    rng = random.Random(seed)
    years = max(1, entries // 3000)
    first = 2026 - years
    for year in range(first, 2026):
        path = root / "iep" / f"{year}-05-20-annual.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(IEP.format(year=year, next=year + 1))
    start = dt.date(first, 6, 1)
    span = (dt.date(2026, 5, 31) - start).days
    for number in range(entries - years):
        day = start + dt.timedelta(days=number * span // max(1, entries - years))
        kind = rng.random()
        if kind < 0.8:
            folder, text = "notes", _note(rng, day)
        elif kind < 0.95:
            folder, text = "emails", _email(rng, day)
        else:
            folder, text = "progress", _progress(rng, day)
        path = root / folder / f"{day:%Y}" / f"{day:%m}" / f"{day}-{number:06d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n" + _body(rng))
