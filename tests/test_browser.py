"""The built site in a real headless browser (Debian's chromium).

Skipped on a machine without chromium, except in CI, where it must run."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest

from iepjournal import bundled
from iepjournal.journal.loading import load
from iepjournal.render import site, writing

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _skip_or_fail(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("the playwright package is not installed")
    if not Path(CHROMIUM).exists():
        _skip_or_fail("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    writing.write(
        site.render(load(bundled.sample_journal()), dt.date(2026, 4, 30)), out
    )
    return out


class Watched:
    """A page with every request, console message and dialog recorded."""

    def __init__(self, browser, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "console",
            lambda m: m.type in ("error", "warning") and self.errors.append(m.text),
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("page", ["index.html", "report.html"])
def test_pages_load_clean_and_ask_nothing_of_the_network(browser, sample_site, page):
    watched = Watched(browser)
    watched.open(sample_site / page)
    assert watched.errors == []
    assert [url for url in watched.requests if not url.startswith("file://")] == []
    assert "Maya" in watched.page.inner_text("header.running")
    watched.close()


def visible(page, selector: str) -> int:
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.offsetParent !== null).length"
    )


def test_filters_hide_and_show_entries(browser, sample_site):
    watched = Watched(browser)
    watched.open(sample_site / "index.html")
    page = watched.page
    total = page.locator("article.entry").count()
    assert visible(page, "article.entry") == total
    page.uncheck("input[name=type][value=note]")
    assert visible(page, "article.entry[data-type=note]") == 0
    assert (
        visible(page, "article.entry")
        == total - page.locator("article.entry[data-type=note]").count()
    )
    page.check("input[name=type][value=note]")
    page.select_option("select[name=service]", "ot")
    shown = page.eval_on_selector_all(
        "article.entry",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.services)",
    )
    assert shown and all("ot" in services.split() for services in shown)
    page.select_option("select[name=service]", "")
    page.select_option("select[name=tag]", "evaluation")
    assert visible(page, "article.entry") == 2
    assert watched.errors == []
    watched.close()


def test_without_javascript_everything_is_visible(browser, sample_site):
    watched = Watched(browser, javascript=False)
    watched.open(sample_site / "index.html")
    page = watched.page
    assert visible(page, "form.filters") == 0
    assert visible(page, "article.entry") == page.locator("article.entry").count() > 100
    watched.close()


def test_an_xss_corpus_stays_inert(browser, journal_of, tmp_path):
    from test_site import XSS

    out = tmp_path / "xss-site"
    writing.write(site.render(journal_of(XSS), dt.date(2026, 10, 30)), out)
    for page_name in ("index.html", "report.html"):
        watched = Watched(browser)
        watched.open(out / page_name)
        page = watched.page
        for link in page.locator("a").all():
            link.hover()
        if page_name == "index.html":
            page.locator("article.entry").first.click()
        assert watched.dialogs == []
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert [url for url in watched.requests if not url.startswith("file://")] == []
        if page_name == "index.html":
            assert "window.__xss" in page.inner_text("body")  # shown as text
        watched.close()


def test_printing_gives_pages_with_the_name_and_every_service(browser, sample_site):
    from pypdf import PdfReader

    watched = Watched(browser)
    watched.open(sample_site / "report.html")
    watched.page.emulate_media(media="print")
    pdf = watched.page.pdf(format="Letter", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    assert all("Maya" in text and "as of April 30, 2026" in text for text in pages)
    everything = "\n".join(pages)
    for service in ("Speech-language therapy", "Specialized reading instruction",
                    "Occupational therapy", "School counseling"):  # fmt: skip
        assert service in everything
    assert "Reasons to request an IEP meeting" in everything
    assert "Timeline" not in pages[0].split("\n")[:3]  # navigation is not printed
    watched.close()


def test_a_tag_with_spaces_filters_only_its_entries(browser, journal_of, tmp_path):
    """The tag filter split tags on spaces: "IEP meeting" hid every entry."""
    from conftest import IEP

    def note(day: int, tags: str) -> str:
        return f"---\ndate: 2026-09-{day:02d}\ntags: {tags}\n---\nDay {day}.\n"

    journal = journal_of({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": note(14, '["IEP meeting", "speech"]'),
        "notes/2026-09-15.md": note(15, "[IEP]"),
        "notes/2026-09-16.md": note(16, '["say \\"hi\\" & <b>"]'),
    })  # fmt: skip
    out = tmp_path / "site"
    writing.write(site.render(journal, dt.date(2026, 9, 30)), out)
    watched = Watched(browser)
    watched.open(out / "index.html")
    page = watched.page
    page.select_option("select[name=tag]", "IEP meeting")
    assert visible(page, "article.entry") == 1
    page.select_option("select[name=tag]", 'say "hi" & <b>')
    assert visible(page, "article.entry") == 1
    page.select_option("select[name=tag]", "IEP")
    assert visible(page, "article.entry") == 1
    assert watched.errors == []
    watched.close()


def test_the_printed_timeline_shows_reasons_goal_words_and_names(browser, sample_site):
    """Issue 15: what a parent hands across the table carries the evidence."""
    from pypdf import PdfReader

    watched = Watched(browser)
    watched.open(sample_site / "index.html")
    watched.page.emulate_media(media="print")
    pdf = watched.page.pdf(format="Letter", print_background=True)
    printed = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf)).pages
    )
    # each session: the service's name, what happened, whose side, the reason
    assert (
        "Speech-language therapy: missed by the school · Ms. Kim out for training"
        in printed
    )
    assert "Speech-language therapy: missed by the student · Maya was sick" in printed
    # what a progress report said of each goal, its value and the aim line
    assert "Currently reads 58 wcpm with 93% accuracy. 58 wcpm 76 wcpm" in printed
    # names, never ids, in titles
    assert "Occupational therapy held" in printed
    assert "Ot held" not in printed and "ot:" not in printed
    assert "The baseline: IEP amendment, January 2026" in printed
    watched.close()


def test_the_report_table_is_labelled_and_scrolls_on_a_phone(browser, sample_site):
    watched = Watched(browser)
    watched.page.set_viewport_size({"width": 360, "height": 740})
    watched.open(sample_site / "report.html")
    page = watched.page
    headers = page.eval_on_selector_all(
        "#services ~ .table-wrap thead th", "cells => cells.map(c => c.textContent)"
    )
    for label in ("Promised", "Held", "sessions", "minutes", "the school",
                  "Short\u00adfall (minutes)", "No record (sessions)"):  # fmt: skip
        assert label in headers, (label, headers)
    # the page itself never scrolls sideways; the table does, inside its box
    assert page.evaluate(
        "document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
    )
    wrap = page.query_selector("#services ~ .table-wrap")
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    # every chart says its unit
    captions = page.eval_on_selector_all(
        "figure:has(svg) figcaption", "cs => cs.map(c => c.textContent)"
    )
    assert captions and all("up:" in c for c in captions)
    assert "ot:" not in page.content()
    # evidence links read by the entries' titles, with names
    assert "Ot missed" not in page.content() and "Ot held" not in page.content()
    watched.close()


def test_the_spanish_report_prints_in_spanish(browser, tmp_path):
    """Issue 17: the report printed in Spanish, its running heads and page
    footer too."""
    from pypdf import PdfReader

    from iepjournal.model.language import language

    out = tmp_path / "sitio"
    journal = load(bundled.sample_journal())
    writing.write(site.render(journal, dt.date(2026, 4, 30), language=language("es")),
                  out)  # fmt: skip
    watched = Watched(browser)
    watched.open(out / "report.html")
    assert watched.page.evaluate("document.documentElement.lang") == "es"
    watched.page.emulate_media(media="print")
    pdf = watched.page.pdf(format="Letter", print_background=True)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2
    assert all("al 30 de abril de 2026" in text for text in pages)
    assert all("página" in text for text in pages)
    everything = "\n".join(pages)
    assert "Razones para solicitar una reunión del PEI" in everything
    assert "Servicios: lo prometido frente a lo que muestran las notas" in everything
    assert "as of April" not in everything and "Reasons to request" not in everything
    assert watched.errors == [] and watched.requests == [(out / "report.html").as_uri()]
    watched.close()
