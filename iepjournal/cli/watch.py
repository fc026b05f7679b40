"""`iepjournal watch`: rebuild the site whenever the journal changes, and
serve it on this computer only (127.0.0.1).

watchfiles watches the whole folder, so an editor that saves by writing a
new file and renaming it over the old one is seen, and it gathers a burst of
changes (a sync tool writing many files) into one rebuild.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from iepjournal.journal.loading import load
from iepjournal.render import site


def serve(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve `folder` on 127.0.0.1 in a background thread; port 0 picks one.
    Only requests addressed to 127.0.0.1 or localhost on that port are
    answered (another name that a web page rebinds to 127.0.0.1 gets
    nothing), folders are never listed, and files under `files/` are sent
    as downloads, each in a sandbox of its own."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """The terminal is for the family's messages, not request logs."""

    def send_head(self) -> Any:
        port = self.server.server_port  # type: ignore[attr-defined]
        host = self.headers.get("Host", "")
        if host not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Unknown host")
            return None
        return super().send_head()

    def list_directory(self, path: Any) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "No listing")
        return None

    def end_headers(self) -> None:
        if self.path.split("?")[0].startswith("/files/"):
            self.send_header("Content-Security-Policy", "sandbox")
            self.send_header("Content-Disposition", "attachment")
            self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()


def build(root: Path, out: Path, as_of: dt.date) -> site.Written:
    """One build: the journal as it is now, written into `out`, in the
    journal's language (its settings may change while watched)."""
    from iepjournal.model.language import language

    loaded = load(root)
    return site.build(loaded, out, as_of, language=language(loaded.settings.language))


def watch(
    root: Path,
    out: Path,
    as_of: Callable[[], dt.date],
    on_build: Callable[[site.Written, set[str]], None],
    stop: threading.Event,
    on_trouble: Callable[[Exception], None] | None = None,
) -> None:
    """Build now, then again after each batch of changes, until `stop`.
    With `on_trouble`, a build that fails (a template being edited, a full
    disk) is handed to it and the watching goes on: the next save builds
    again."""
    import watchfiles

    def attempt(changed: set[str]) -> None:
        try:
            on_build(build(root, out, as_of()), changed)
        except Exception as error:
            if on_trouble is None:
                raise
            on_trouble(error)

    attempt(set())
    output = out.resolve()

    def relevant(change: watchfiles.Change, path: str) -> bool:
        resolved = Path(path).resolve()
        if resolved == output or output in resolved.parents:
            return False  # our own pages
        return not any(
            part.startswith(".") for part in resolved.relative_to(root.resolve()).parts
        )

    for changes in watchfiles.watch(
        root,
        watch_filter=relevant,
        stop_event=stop,
        debounce=800,
        rust_timeout=500,
        yield_on_timeout=False,
    ):
        attempt(
            {str(Path(p).resolve().relative_to(root.resolve())) for _, p in changes}
        )
