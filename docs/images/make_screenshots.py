"""Make the pictures in docs/site.md from the sample journal, in Debian's
chromium: python docs/images/make_screenshots.py (needs playwright and
the test extras). The printed pages are shown as the print stylesheet lays
them out on a Letter-wide page (816 pixels at 96 per inch)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from iepjournal import bundled
from iepjournal.journal.loading import load
from iepjournal.render import site, writing

HERE = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 4, 30)


def main() -> None:
    out = Path(tempfile.mkdtemp()) / "site"
    writing.write(site.render(load(bundled.sample_journal()), AS_OF), out)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=shutil.which("chromium"))
        for name, page_name, width, height in (
            ("timeline.png", "index.html", 1000, 1300),
            ("timeline-phone.png", "index.html", 390, 1300),
            ("report.png", "report.html", 1000, 1600),
            ("report-grid.png", "report.html#month-by-month", 1000, 1100),
        ):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(
                (out / page_name.split("#")[0]).as_uri()
                + ("#" + page_name.split("#")[1] if "#" in page_name else "")
            )
            page.screenshot(path=str(HERE / name))
            page.close()
        for name, page_name in (
            ("report-print.png", "report.html"),
            ("timeline-print.png", "index.html"),
        ):
            page = browser.new_page(viewport={"width": 816, "height": 1056})
            page.goto((out / page_name).as_uri())
            page.emulate_media(media="print")
            page.screenshot(path=str(HERE / name))
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
