"""`watch` rebuilds on an edit and serves on 127.0.0.1 only."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import urllib.request

from conftest import IEP

from iepjournal.cli import watch as watching


def wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_replace_on_save_and_a_burst_of_writes_rebuild(make_journal):
    root = make_journal({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": "---\nsessions:\n  speech: held\n---\nFirst words.\n",
    })  # fmt: skip
    out = root / "_site"
    stop = threading.Event()
    builds: list[set[str]] = []
    thread = threading.Thread(
        target=watching.watch,
        args=(
            root,
            out,
            lambda: dt.date(2026, 9, 30),
            lambda w, c: builds.append(c),
            stop,
        ),
        daemon=True,
    )
    thread.start()
    try:
        assert wait_for(lambda: len(builds) == 1)
        server = watching.serve(out, 0)
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        page = urllib.request.urlopen(
            f"http://127.0.0.1:{port}/index.html", timeout=5
        ).read()
        assert b"First words." in page
        time.sleep(0.5)  # let the watcher settle on the first build's own writes
        note = root / "notes" / "2026-09-14.md"
        replacement = root / "notes" / ".2026-09-14.md.swp"
        replacement.write_text("---\nsessions:\n  speech: held\n---\nSecond words.\n")
        os.replace(replacement, note)  # how many editors save
        assert wait_for(lambda: b"Second words." in (out / "index.html").read_bytes())
        # The pages are written before the build is reported: wait for both.
        assert wait_for(lambda: any("notes/2026-09-14.md" in c for c in builds[1:]))
        time.sleep(1.5)
        before = len(builds)
        for day in range(15, 30):  # a sync tool bringing in many files at once
            (root / "notes" / f"2026-09-{day}.md").write_text("---\nmood: ok\n---\n")
        assert wait_for(lambda: b"2026-09-29" in (out / "index.html").read_bytes())
        time.sleep(1.5)
        # one rebuild, or two if the burst straddled the quiet period on a busy machine
        assert 1 <= len(builds) - before <= 2
        server.shutdown()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_broken_template_is_said_and_the_watching_goes_on(make_journal):
    partial = "templates/site/partials/entry.html"
    root = make_journal({
        "iep/2026-05-20.md": IEP,
        "notes/2026-09-14.md": "---\nmood: ok\n---\nFirst words.\n",
        partial: "{% if %}",
    })  # fmt: skip
    out = root / "_site"
    stop = threading.Event()
    troubles: list[Exception] = []
    builds: list[set[str]] = []
    thread = threading.Thread(
        target=watching.watch,
        args=(root, out, lambda: dt.date(2026, 9, 30),
              lambda w, c: builds.append(c), stop, troubles.append),
        daemon=True,
    )  # fmt: skip
    thread.start()
    try:
        assert wait_for(lambda: len(troubles) == 1)
        assert not builds and "jinja2" in type(troubles[0]).__module__
        time.sleep(0.5)
        (root / partial).write_text(
            '<article id="{{ v.anchor }}">{{ v.body }}</article>'
        )
        assert wait_for(lambda: len(builds) == 1)
        assert b"First words." in (out / "index.html").read_bytes()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def request(port: int, path: str, host: str | None = None) -> tuple[int, dict, bytes]:  # type: ignore[type-arg]
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    headers = {"Host": host} if host else {}
    connection.request("GET", path, headers=headers)
    answer = connection.getresponse()
    return answer.status, dict(answer.getheaders()), answer.read()


def test_only_this_computers_names_are_answered_and_nothing_is_listed(tmp_path):
    """A page the parent visits can rebind its own name to 127.0.0.1 and
    read what is served there: only 127.0.0.1:PORT and localhost:PORT are
    answered; folders are not listed; the journal's files are downloads in
    a sandbox."""
    out = tmp_path / "site"
    (out / "files" / "attachments").mkdir(parents=True)
    (out / "index.html").write_text("<p>timeline</p>")
    (out / "files" / "attachments" / "log.pdf").write_bytes(b"%PDF")
    server = watching.serve(out, 0)
    port = server.server_address[1]
    try:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            status, _, body = request(port, "/index.html", host)
            assert status == 200 and body == b"<p>timeline</p>"
        for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}"):
            status, _, body = request(port, "/index.html", host)
            assert status == 421 and b"timeline" not in body
        status, _, body = request(port, "/files/", f"127.0.0.1:{port}")
        assert status == 404 and b"log.pdf" not in body
        status, headers, _ = request(port, "/files/attachments/log.pdf",
                                     f"localhost:{port}")  # fmt: skip
        assert status == 200
        assert headers["Content-Security-Policy"] == "sandbox"
        assert headers["Content-Disposition"] == "attachment"
    finally:
        server.shutdown()
