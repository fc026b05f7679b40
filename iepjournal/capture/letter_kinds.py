"""The kinds of letter `iepjournal letter` drafts, in the order the command
lists them, and what each asks for (its `request:`, which starts the clock
for a reply). Kept apart from `letters.py` so that the command line can
name them without loading the analysis a letter is drafted from."""

from __future__ import annotations

REQUESTS = {
    "meeting-request": "meeting",
    "data-request": "data",
    "records-request": "records",
    "missed-services": "other",
    "follow-up": "other",
    "no-reply": "other",
    "records-correction": "records",
}
KINDS = tuple(REQUESTS)
