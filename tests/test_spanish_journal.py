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


def test_init_in_spanish_writes_spanish_starter_files_that_check(tmp_path):
    from click.testing import CliRunner

    from iepjournal.cli import main
    from iepjournal.render import site

    root = tmp_path / "diario"
    result = CliRunner().invoke(main, ["init", str(root), "--student", "Maya",
                                       "--language", "es"])  # fmt: skip
    assert result.exit_code == 0, result.output
    settings = (root / "iepjournal.toml").read_text()
    assert 'language = "es"' in settings and "Configuración de este diario" in settings
    iep = (root / "iep" / "my-iep.md").read_text()
    assert "Pruebe esto esta noche" in iep and "PEI" in iep
    assert "Diario del PEI de Maya" in (root / "README.md").read_text()
    loaded = load(root)
    assert loaded.settings.language == "es"
    assert [p.code for p in loaded.problems] == ["iep-not-filled-in"]
    # its instructions are never printed on the timeline either
    page = site.render(loaded, dt.date(2026, 9, 30))["index.html"].decode()
    assert "Este es su punto de partida" not in page


def test_a_language_the_tool_does_not_know_is_a_settings_problem(make_journal):
    root = make_journal(
        {"iepjournal.toml": 'language = "fr"\n', "iep/2026-05-20.md": IEP}
    )
    loaded = load(root)
    assert [p.code for p in loaded.problems] == ["bad-setting"]
    assert loaded.settings.language == "en"


def test_a_new_note_in_a_spanish_journal_is_written_in_spanish_and_reads(make_journal):
    from click.testing import CliRunner

    from iepjournal.cli import main

    root = make_journal(
        {"iepjournal.toml": 'language = "es"\n', "iep/2026-05-20.md": IEP}
    )
    result = CliRunner().invoke(main, ["new", "note", "--date", "2026-09-14", "--no-edit",
                                       "--journal", str(root)])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (root / "notes" / "2026-09-14.md").read_text()
    assert "¿Se dio hoy cada servicio?" in text and "#  speech: realizada" in text
    # filled in the way it says, it reads
    text = text.replace("#  speech: realizada", "  speech: realizada", 1)
    (root / "notes" / "2026-09-14.md").write_text(text.replace("mood:", "mood: bien"))
    loaded = load(root)
    assert found(loaded) == []
    (note,) = [x for x in loaded.entries if x.type == "note"]
    assert [(s.service, s.status) for s in note.sessions] == [("speech", "held")]
    assert note.mood == "good"


def test_every_new_entry_of_a_spanish_journal_is_in_spanish_and_reads_as_english(
    make_journal,
):
    """Each `new` template has a Spanish twin: its comments in Spanish, the
    same fields, and the file it writes reads as the English one does."""
    from click.testing import CliRunner

    from iepjournal import bundled
    from iepjournal.cli import main
    from iepjournal.model import entries as e

    english_root = make_journal({"iep/2026-05-20.md": IEP})
    spanish_root = make_journal(
        {"iepjournal.toml": 'language = "es"\n', "iep/2026-05-20.md": IEP}
    )
    shipped = bundled.templates_folder() / "new"
    for kind in e.TYPES:
        assert (shipped / "es" / f"{kind}.md").is_file(), kind
        texts = []
        for root in (english_root, spanish_root):
            before = set(root.rglob("*.md"))
            result = CliRunner().invoke(main, ["new", kind, "--date", "2026-09-14",
                                               "--no-edit", "--journal", str(root),
                                               "--title", "prueba"])  # fmt: skip
            assert result.exit_code == 0, result.output
            (written,) = set(root.rglob("*.md")) - before
            relative = written.relative_to(root).as_posix()
            codes = sorted(p.code for p in load(root, use_cache=False).problems
                           if p.path == relative)  # fmt: skip
            texts.append((written.read_text(), codes))
            written.unlink()
        (english, english_codes), (spanish, spanish_codes) = texts
        assert english != spanish, kind
        assert english_codes == spanish_codes, kind

        def fields(text: str) -> list[str]:
            header = text.split("---")[1]
            return [line.split(":")[0] for line in header.splitlines()
                    if line and not line.startswith(("#", " "))]  # fmt: skip

        assert fields(english) == fields(spanish), kind
