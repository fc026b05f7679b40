"""A journal kept in Spanish reads like one kept in English (issue 17):
folder names, entry types, session statuses, sides and moods."""

from __future__ import annotations

import datetime as dt

from conftest import IEP, found
from test_services import SETTINGS

from iepjournal.analyze import report as gap_report
from iepjournal.journal.loading import load


def test_spanish_folders_statuses_sides_and_moods_check_clean(make_journal):
    notes = {
        "notas/2026-09-14.md": "---\ndate: 2026-09-14\nsessions:\n  speech: realizada\n"
        "mood: muy bien\n---\nBuen día.\n",
        "notas/2026-09-16.md": "---\ndate: 2026-09-16\nsessions:\n  speech: "
        "{status: perdida, by: escuela, reason: terapeuta ausente}\n"
        "mood: difícil\n---\n",
        "notas/2026-09-18.md": "---\ndate: 2026-09-18\nsessions:\n  speech: cancelada\n---\n",
        "notas/2026-09-21.md": "---\ndate: 2026-09-21\nsessions:\n  speech: "
        "{status: parcial, minutes: 15}\n  reading: Faltó\n---\n",
        "notas/2026-09-23.md": "---\ndate: 2026-09-23\nsessions:\n  speech: recuperada\n---\n",
        "correos/2026-09-15-horario.md": "---\ndate: 2026-09-15\nfrom: Ms. Kim <kim@x>\n"
        "subject: Horario\n---\nHola.\n",
        "reuniones/2026-09-30.md": "---\ndate: 2026-09-30\ntype: reunión\n---\nNotas.\n",
    }
    root = make_journal(
        {"iepjournal.toml": SETTINGS, "pei/2026-05-20.md": IEP, **notes}
    )
    loaded = load(root)
    assert found(loaded) == []
    kinds = sorted({x.type for x in loaded.entries})
    assert kinds == ["email", "iep", "meeting", "note"]
    sessions = {
        x.date.day: [(s.service, s.status, s.by) for s in x.sessions]
        for x in loaded.entries if x.type == "note"
    }  # fmt: skip
    assert sessions == {
        14: [("speech", "held", "")],
        16: [("speech", "missed", "school")],
        18: [("speech", "missed", "school")],
        21: [("speech", "partial", ""), ("reading", "missed", "")],
        23: [("speech", "made-up", "")],
    }
    moods = {x.date.day: x.mood for x in loaded.entries if x.type == "note"}
    assert (moods[14], moods[16]) == ("great", "hard")
    built = gap_report.build(loaded, dt.date(2026, 9, 30))
    (speech,) = [x for x in built.ledgers if x.service.id == "speech"]
    assert speech.missed_by["school"] == 2 and speech.made_up_sessions == 1
