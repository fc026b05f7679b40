"""The site: self-contained, escaped, deterministic, and careful with folders."""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from conftest import IEP
from test_services import SETTINGS, iep

from iepjournal import bundled
from iepjournal.cli import main
from iepjournal.journal.loading import load
from iepjournal.render import site, writing

AS_OF = dt.date(2026, 4, 30)  # the sample journal
LATER = dt.date(2026, 10, 30)  # the small journals here

XSS = {
    "iepjournal.toml": SETTINGS.replace('"Maya"', '"Maya <script>alert(1)</script>"'),
    "iep/2026-05-20.md": iep("2 x 30 min weekly"),
    "notes/2026-09-08.md": (
        '---\ntitle: "<script>window.__xss = 1</script><img src=x onerror=alert(1)>"\n'
        'tags: ["<b onmouseover=alert(1)>x</b>", "\\" onclick=\\"alert(1)"]\n'
        'sessions:\n  speech: {status: missed, reason: "<i>sub</i>"}\n---\n'
        "<script>window.__xss = 2</script>\n\n"
        "[js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [data](data:text/html,<b>x</b>)\n"
        "[vb](vbscript:x) [file](file:///etc/passwd) ![remote](https://example.com/x.png)\n"
        '<img src=x onerror=alert(1)> <a href="javascript:alert(1)">raw</a>\n'
        "[ok](https://example.org/a?b=1&c=2) [mail](mailto:rivera@district.example)\n"
    ),
    "emails/2026-09-09-x.md": (
        '---\nfrom: "</a><script>alert(1)</script>"\nsubject: "x"\n'
        'in_reply_to: "<svg onload=alert(1)>"\n---\n'
    ),
}


class _Tags(HTMLParser):
    """Every tag and attribute a browser would see."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def page_texts(files: dict[str, bytes]) -> list[str]:
    return [files["index.html"].decode(), files["report.html"].decode()]


def test_user_text_is_escaped_and_links_are_safe(journal_of):
    files = site.render(journal_of(XSS), LATER)
    for html in page_texts(files):
        tags = _Tags(html).found
        assert [t for t, _ in tags if t in ("script", "iframe", "object", "embed")] == (
            ["script"] if "<form" in html else []
        )
        assert not [(t, a) for t, attrs in tags for a, _ in attrs if a.startswith("on")]
        hrefs = [v or "" for _, attrs in tags for a, v in attrs if a in ("href", "src")]
        assert not [
            h
            for h in hrefs
            if re.match(r"\s*(javascript|data|vbscript|file):", h, re.I)
        ]
        assert "https://example.com/x.png" not in html  # no remote image
        assert "&lt;script&gt;" in html
    index = files["index.html"].decode()
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">ok</a>'
        in index
    )
    assert (
        '<a href="mailto:rivera@district.example" rel="noopener noreferrer">mail</a>'
        in index
    )


def test_pages_carry_a_strict_content_security_policy(journal_of):
    files = site.render(journal_of(XSS), LATER)
    for html in page_texts(files):
        (policy,) = re.findall(r'Content-Security-Policy" content="([^"]+)"', html)
        assert "default-src 'none'" in policy and "unsafe-inline" not in policy
        assert re.search(r"style-src 'sha256-[^']+'", policy)
        assert "http" not in policy


def test_the_same_journal_and_day_give_the_same_bytes(tmp_path):
    journal = load(bundled.sample_journal())
    first = site.render(journal, AS_OF)
    again = site.render(load(bundled.sample_journal()), AS_OF)
    assert first == again
    writing.write(first, tmp_path / "a")
    writing.write(again, tmp_path / "b")
    for path in first:
        assert (tmp_path / "a" / path).read_bytes() == (
            tmp_path / "b" / path
        ).read_bytes()
    assert "files/attachments/2025-12-04-neuropsych-summary.pdf" in first


def test_the_site_says_whose_record_the_period_and_the_day():
    files = site.render(load(bundled.sample_journal()), AS_OF)
    for html in page_texts(files):
        assert "Maya" in html and "as of April 30, 2026" in html
        assert "May 20, 2025 to April 30, 2026" in html
    report = files["report.html"].decode()
    assert report.count("<svg") == 8  # four services, four goals
    assert 'href="index.html#e-notes-2026-04-16"' in report


def test_from_and_to_limit_the_timeline():
    files = site.render(
        load(bundled.sample_journal()), AS_OF, dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    )
    index = files["index.html"].decode()
    assert (
        "January 2026" in index
        and "December 2025" not in index
        and "February 2026" not in index
    )


def test_write_refuses_a_folder_it_did_not_make(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    written = writing.write({"index.html": b"x"}, out)
    assert written.refused and not (out / "index.html").exists()
    assert (out / "thesis.docx").read_text() == "precious"


def test_write_replaces_only_what_it_wrote(tmp_path):
    out = tmp_path / "out"
    writing.write({"index.html": b"1", "files/a.pdf": b"a"}, out)
    assert (out / writing.MARKER).is_file() and (
        out / "files" / writing.MARKER
    ).is_file()
    (out / "notes-by-hand.txt").write_text("mine")
    written = writing.write({"index.html": b"2"}, out)
    assert not written.refused
    assert (out / "index.html").read_bytes() == b"2"
    assert not (out / "files" / "a.pdf").exists()  # ours, no longer made
    assert (out / "notes-by-hand.txt").read_text() == "mine"


def test_build_defaults_to_site_in_the_journal_which_the_loader_skips(make_journal):
    root = make_journal(
        {"iepjournal.toml": SETTINGS, "iep/2026-05-20.md": iep("2 x 30 min weekly")}
    )
    result = CliRunner().invoke(main, ["build", str(root), "--as-of", "2026-09-30"])
    assert result.exit_code == 0, result.output
    assert (root / "_site" / "index.html").is_file()
    if os.name == "posix":  # a child's records: readable by the family's account only
        assert (root / "_site" / "index.html").stat().st_mode & 0o777 == 0o600
    assert str((root / "_site" / "index.html").resolve()) in result.output
    assert load(root).files == 1
    again = CliRunner().invoke(main, ["build", str(root), "--as-of", "2026-09-30"])
    assert again.exit_code == 0


def test_build_refuses_politely(make_journal, tmp_path):
    root = make_journal({"iep/2026-05-20.md": iep("2 x 30 min weekly")})
    other = tmp_path / "taken"
    other.mkdir()
    (other / "x.txt").write_text("x")
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(other)])
    assert result.exit_code == 2 and "not made by iepjournal" in result.output


def test_a_path_through_a_missing_folder_reaches_no_family_files(
    make_journal, tmp_path
):
    """`--out ~/nonexist/../docs` is ~/docs: refused like it, written nowhere."""
    root = make_journal({"iep/2026-05-20.md": iep("2 x 30 min weekly")})
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.html").write_text("the family's own page")
    sneaky = f"{tmp_path}/nonexist/../docs"
    result = CliRunner().invoke(main, ["build", str(root), "--out", sneaky])
    assert result.exit_code == 2 and "not made by iepjournal" in result.output
    assert (docs / "index.html").read_text() == "the family's own page"
    assert not (tmp_path / "nonexist").exists()


def test_the_site_is_never_written_among_the_journals_files(make_journal):
    root = make_journal({"iep/2026-05-20.md": iep("2 x 30 min weekly")})
    (root / "notes").mkdir()
    for out in (f"{root}/_site/../notes", f"{root}/notes", str(root),
                f"{root}/emails/site"):  # fmt: skip
        result = CliRunner().invoke(main, ["build", str(root), "--out", out])
        assert result.exit_code == 2, out
        assert "inside the journal" in result.output and "hint:" in result.output
    assert sorted(p.name for p in (root / "notes").iterdir()) == []
    assert not (root / "emails").exists() and not (root / "index.html").exists()
    # The journal's own _site is fine, however it is named.
    result = CliRunner().invoke(main, ["build", str(root), "--out",
                                       f"{root}/notes/../_site"])  # fmt: skip
    assert result.exit_code == 0 and (root / "_site" / "index.html").is_file()


def test_a_folder_that_cannot_be_written_is_said_plainly(make_journal, tmp_path):
    root = make_journal({"iep/2026-05-20.md": iep("2 x 30 min weekly")})
    blocked = tmp_path / "a-file"
    blocked.write_text("x")  # a file where a folder would have to be made
    result = CliRunner().invoke(
        main, ["build", str(root), "--out", str(blocked / "site")]
    )
    assert result.exit_code == 2, result.output
    assert "could not be written" in result.output and "hint:" in result.output
    assert "Traceback" not in result.output


def test_a_journal_can_override_any_template(make_journal):
    root = make_journal({
        "iep/2026-05-20.md": iep("2 x 30 min weekly"),
        "notes/2026-09-08.md": "---\nsessions:\n  speech: held\n---\nHello.\n",
        "templates/site/partials/entry.html": '<article class="entry mine">{{ v.entry.title }}</article>\n',
    })  # fmt: skip
    index = site.render(load(root), LATER)["index.html"].decode()
    assert '<article class="entry mine">Speech held</article>' in index


def test_problems_show_as_a_banner_and_the_site_is_still_built(make_journal):
    root = make_journal({
        "iep/2026-05-20.md": iep("2 x 30 min weekly"),
        "notes/2026-09-08.md": "---\ntitle: Re: x\n---\n",
    })  # fmt: skip
    index = site.render(load(root), LATER)["index.html"].decode()
    assert 'class="banner"' in index and "notes/2026-09-08.md:2" in index


def test_demo_builds_the_sample_site_and_prints_where():
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0
    line = next(
        x for x in result.output.splitlines() if "open " in x and "index.html" in x
    )
    assert line.rsplit("open ", 1)[1].endswith("demo-site/index.html")


def from_a_note(link: str) -> str | None:
    """Where a link written in notes/2026-09-14.md goes on the site."""
    from iepjournal.render import markdown

    target = markdown.local_target(link, "notes/2026-09-14.md")
    return f"files/{target}" if target else None


def test_body_links_and_images_follow_the_rules():
    from iepjournal.render import markdown

    html = markdown.render(
        "[a](../attachments/log.pdf) [b](../../outside.pdf) [c](https://x.org/?a=1&b=2)\n"
        "[d](mailto:a@b.example) [e](javascript:alert(1)) [f](#top)\n"
        "![local](pic.png) ![remote](https://x.org/p.png) <b>raw</b>",
        from_a_note,
    )
    rel = 'rel="noopener noreferrer"'  # on every link (nh3's way)
    assert f'<a href="files/attachments/log.pdf" {rel}>a</a>' in html
    assert f"<a {rel}>b</a>" in html  # would leave the journal: text only
    assert f'<a href="https://x.org/?a=1&amp;b=2" {rel}>c</a>' in html
    assert f'<a href="mailto:a@b.example" {rel}>d</a>' in html
    assert 'href="javascript' not in html and "[e](javascript:alert(1))" in html
    assert f'<a href="#top" {rel}>f</a>' in html
    assert '<img src="files/notes/pic.png" alt="local">' in html
    assert "[image: remote]" in html and "x.org/p.png" not in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html


def test_the_sanitizer_keeps_what_markdown_makes_and_nothing_else():
    from iepjournal.render import markdown

    html = markdown.render(
        'Été ![*Ça* "va" & [x]](https://x.org/a.png) then ![d](data:image/png;base64,AA)'
        " and [![in link](http://x.org/i.png)](https://x.org)\n\n"
        "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\n"
        "3. three\n4. four\n",
        from_a_note,
    )
    assert "Été [image: Ça &quot;va&quot; &amp; [x]] then [image: d]" in html.replace(
        '"', "&quot;"
    )
    assert "x.org/a.png" not in html and "data:" not in html and "i.png" not in html
    assert "[image: in link]</a>" in html
    assert '<th style="text-align:center">a</th>' in html
    assert '<td style="text-align:right">2</td>' in html
    assert '<code class="language-python">' in html
    assert '<ol start="3">' in html


def test_the_first_heading_goes_only_when_it_is_the_title():
    from iepjournal.render import markdown

    body = '# Re: "speech" & more\n\nText.\n'
    kept = markdown.render(body, lambda link: None)
    dropped = markdown.render(body, lambda link: None, 'Re: "speech" & more')
    assert kept.startswith("<h1>") and dropped == "<p>Text.</p>\n"


def test_articles_made_by_worker_processes_are_the_same_bytes(
    make_journal, monkeypatch
):
    """A large journal's articles are rendered by forked workers
    (site.PARALLEL_FROM); the site must be byte for byte the one made here,
    attachments copied included."""
    from iepjournal.render import site

    files = {"iep/2026-05-20.md": IEP, "attachments/plan.pdf": b"%PDF plan"}
    for day in range(1, 29):
        files[f"notes/2026-09-{day:02d}.md"] = (
            f"---\ndate: 2026-09-{day:02d}\nsessions:\n  speech: held\n"
            "attachments: [attachments/plan.pdf]\n---\n"
            f"Day {day}: see [the plan](../attachments/plan.pdf).\n"
        )
    journal = load(make_journal(files), use_cache=False)
    here = site.render(journal, LATER)
    monkeypatch.setattr(site, "PARALLEL_FROM", 2)
    pids = journal.root.parent / "pids"
    real = site._Work.render

    def noted(work, start: int, end: int) -> list[str]:  # type: ignore[no-untyped-def]
        with open(pids, "a") as out:  # from whichever process renders
            out.write(f"{os.getpid()}\n")
        return real(work, start, end)

    monkeypatch.setattr(site._Work, "render", noted)
    forked = site.render(journal, LATER)
    assert forked == here and "files/attachments/plan.pdf" in forked
    renderers = set(pids.read_text().split())
    assert renderers and str(os.getpid()) not in renderers  # all in workers


def test_a_broken_template_is_named_when_workers_render(make_journal, monkeypatch):
    from iepjournal.render import site

    monkeypatch.setattr(site, "PARALLEL_FROM", 2)
    files = {"iep/2026-05-20.md": IEP, "templates/site/partials/entry.html":
             "<article>{{ v.no_such }}</article>"}  # fmt: skip
    for day in range(1, 9):
        files[f"notes/2026-09-{day:02d}.md"] = f"---\ndate: 2026-09-{day:02d}\n---\nx\n"
    result = CliRunner().invoke(main, ["build", str(make_journal(files)), "--as-of",
                                       "2026-09-30"])  # fmt: skip
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "entry.html, line 1 could not be used" in result.output


def test_a_template_changed_in_place_is_compiled_again(make_journal):
    """Compiled templates are kept in memory between builds (`watch`): one
    edited in place, even to the same length, is used as it now is."""
    partial = "templates/site/partials/entry.html"
    root = make_journal({"iep/2026-05-20.md": IEP, partial: "<article>AAAA</article>"})
    first = site.render(load(root), LATER)["index.html"].decode()
    (root / partial).write_text("<article>BBBB</article>")
    again = site.render(load(root), LATER)["index.html"].decode()
    assert "AAAA" in first and "BBBB" in again and "AAAA" not in again


ATTACKS = [
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ v.entry.__class__.__init__.__globals__ }}",
    "{% set x = v.services.append('x') %}",
    "{{ self._TemplateReference__context }}",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_journals_template_runs_no_code(make_journal, tmp_path, monkeypatch, attack):
    """A journal is a synced folder: its templates render in Jinja2's
    sandbox, and an attempt to reach Python is a template error, named."""
    monkeypatch.chdir(tmp_path)
    root = make_journal({"iep/2026-05-20.md": IEP,
                         "templates/site/partials/entry.html": attack})  # fmt: skip
    result = CliRunner().invoke(main, ["build", str(root), "--as-of", "2026-09-30"])
    assert result.exit_code == 2, result.output
    assert "entry.html" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "PWNED").exists() and not (root / "_site").exists()


def test_only_the_familys_documents_are_published(make_journal, tmp_path):
    """A body's links and an entry's attachments publish a file only when it
    is a regular file inside the journal, not the settings, a template, a
    hidden or `_` file, or of a type a browser runs."""
    secret = tmp_path / "outside.txt"
    secret.write_text("not the journal's")
    links = ["../iepjournal.toml", "../.git/config", "../templates/site/base.html",
             "../_site/index.html", "../attachments/page.html",
             "../attachments/drawing.svg", "../attachments/link.txt",
             "../attachments/log.pdf"]  # fmt: skip
    body = " ".join(f"[{n}]({link})" for n, link in enumerate(links))
    root = make_journal({
        "iepjournal.toml": 'student = "Maya"\n',
        ".git/config": "[remote]\nurl = secret\n",
        "templates/site/base.html": "{% block main %}{% endblock %}",
        "iep/2026-05-20.md": IEP,
        "attachments/page.html": "<script>fetch('/index.html')</script>",
        "attachments/drawing.svg": "<svg onload='alert(1)'/>",
        "attachments/log.pdf": b"%PDF log",
        "notes/2026-09-14.md": (
            "---\nattachments: [attachments/link.txt, attachments/page.html, "
            f"attachments/log.pdf]\n---\n{body}\n"
        ),
    })  # fmt: skip
    (root / "attachments" / "link.txt").symlink_to(secret)
    made = site.render(load(root, use_cache=False), LATER)
    assert sorted(p for p in made if p.startswith("files/")) == [
        "files/attachments/log.pdf"
    ]
    index = made["index.html"].decode()
    assert 'href="files/attachments/log.pdf"' in index
    published = set(re.findall(r'href="(files/[^"]*)"', index))
    assert published == {"files/attachments/log.pdf"}
    assert "not the journal's" not in index


def test_compiled_templates_are_kept_per_set_of_options(tmp_path):
    """The same template compiled for escaping HTML and for plain text is
    two different programs; neither is served for the other."""
    from iepjournal.render import templates

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.txt").write_text('{{ "<b>" }}')
    for _ in range(2):
        html = templates.environment(tmp_path, html=True).get_template("x.txt")
        plain = templates.environment(tmp_path, html=False).get_template("x.txt")
        assert html.render() == "&lt;b&gt;" and plain.render() == "<b>"


def test_a_templates_folder_made_after_the_environment_is_not_used(tmp_path):
    """Only a sandboxed environment ever reads a journal's templates."""
    from iepjournal.render import templates

    plain = templates.environment(tmp_path, html=True)
    (tmp_path / "templates" / "site").mkdir(parents=True)
    (tmp_path / "templates" / "site" / "base.html").write_text("{{ ''.__class__ }}")
    assert "{% block" in plain.loader.get_source(plain, "site/base.html")[0]
    sandboxed = templates.environment(tmp_path, html=True)
    assert sandboxed.loader.get_source(sandboxed, "site/base.html")[0].startswith("{{")
    assert type(sandboxed).__name__ == "ImmutableSandboxedEnvironment"


def test_an_entry_too_long_to_format_costs_little_and_is_said(make_journal):
    import time

    bold = "word **bold** <script>x</script> " * 40_000  # 1.3 MB, one paragraph
    root = make_journal({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14-bold.md": f"---\ndate: 2026-09-14\n---\n{bold}",
        "notes/2026-09-15-long.md": "---\ndate: 2026-09-15\n---\n"
        + "A paragraph of *notes*.\n\n" * 9_000,  # 225,000 characters
        "notes/2026-09-16-short.md": "---\ndate: 2026-09-16\n---\nHe was **tired**.\n",
    })  # fmt: skip
    loaded = load(root)
    assert sorted((p.path, p.code) for p in loaded.problems) == [
        ("notes/2026-09-14-bold.md", "entry-too-long"),
        ("notes/2026-09-15-long.md", "entry-too-long"),
    ]
    started = time.perf_counter()
    files = site.render(loaded, LATER)
    assert time.perf_counter() - started < 10  # 73 s before, for 1 MB
    page = files["index.html"].decode()
    assert "<strong>tired</strong>" in page  # others are formatted as ever
    assert "**bold**" in page and "<strong>bold</strong>" not in page
    assert "<script>x" not in page and "&lt;script&gt;x" in page
    assert page.count("too long to show formatted") == 2
    assert "whole text is in notes/2026-09-14-bold.md" in page
    assert "whole text is in notes/2026-09-15-long.md" not in page
    assert len(page) < 2_000_000  # a million characters, escaped, and the rest


def test_a_new_journals_iep_is_headed_by_kind_and_its_instructions_never_print(
    tmp_path,
):
    root = tmp_path / "journal"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    text = (root / "iep" / "my-iep.md").read_text()
    for line in ("date: 2026-05-20", "effective: 2026-06-01", "ends: 2027-05-19"):
        text = text.replace(f"# {line}", line)
    (root / "iep" / "my-iep.md").write_text(text)
    made = site.render(load(root), dt.date(2026, 9, 30))
    page = made["index.html"].decode()
    assert "Annual IEP, in force from June 1, 2026 to May 19, 2027" in page
    assert ">my-iep<" not in page and "The baseline: my-iep" not in page
    assert "baseline for tracking the year" not in page


def test_a_note_left_as_its_template_is_not_printed(journal_of, tmp_path):
    root = tmp_path / "j"
    (root / "iep").mkdir(parents=True)
    (root / "iep" / "2026-05-20.md").write_text(IEP)
    CliRunner().invoke(main, ["new", "note", "--date", "2026-09-14", "--journal",
                              str(root)], env={"EDITOR": "", "VISUAL": ""})  # fmt: skip
    notes = list((root / "notes").glob("*.md"))
    assert len(notes) == 1
    made = site.render(load(root), dt.date(2026, 9, 30))
    assert 'data-type="note"' not in made["index.html"].decode()
    # a note with only a title is something the family wrote: it stays
    (root / "notes" / "2026-09-15.md").write_text(
        "---\ndate: 2026-09-15\ntitle: Called the school about speech\n---\n"
    )
    made = site.render(load(root), dt.date(2026, 9, 30))
    assert "Called the school about speech" in made["index.html"].decode()


def test_titles_made_from_sessions_use_the_services_names(journal_of):
    journal = journal_of({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": "---\ndate: 2026-09-14\nsessions:\n  speech: held\n"
                               "  reading: {status: missed, reason: fire drill}\n---\n",
    })  # fmt: skip
    page = site.render(journal, dt.date(2026, 9, 30))["index.html"].decode()
    assert "Speech-language therapy held, reading missed" in page
    assert ">Speech held" not in page
    assert "<b>reading</b>: missed by the school &middot; fire drill" in page


def test_a_month_grid_shows_each_school_day_and_what_happened(journal_of):
    from iepjournal.analyze import report as gap_report
    from iepjournal.render import charts

    journal = journal_of({
        "iepjournal.toml": SETTINGS,
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": "---\ndate: 2026-09-14\nsessions:\n  speech: "
                               "{status: missed, reason: provider absent}\n---\n",
        "notes/2026-09-16.md": "---\ndate: 2026-09-16\nsessions:\n  speech: held\n---\n",
    })  # fmt: skip
    built = gap_report.build(journal, dt.date(2026, 9, 30))
    (september,) = [r for r in charts.month_grids(built, journal)["speech"]
                    if r.label == "Sep 2026"]  # fmt: skip
    cells = {number: (css, said) for number, css, said in september.cells}
    assert cells[14] == (
        "missed-school",
        "Sep 14: missed by the school (provider absent)",
    )
    assert cells[16][0] == "held"
    assert cells[13][0] == "no-school"  # a Sunday
    assert cells[7][0] == "no-school"  # Labor Day, a day off in the settings
    assert cells[15] == ("no-record", "Sep 15: no note")
    page = site.render(journal, dt.date(2026, 9, 30))["report.html"].decode()
    assert 'title="Sep 14: missed by the school (provider absent)">S</td>' in page
    assert "At a glance" in page and "Month by month" in page
