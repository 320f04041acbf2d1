"""The HTTP side of ``localize serve``: the built site, the live-reload events, the view's data.

Rules:

- Files are served from the built site's folder only: a path that leads
  out of it (``..``, a symbolic link) is 404. ``/`` and folders serve
  their ``index.html``.
- Into every HTML page served (never into the files on disk) three tags
  are put before ``</head>``: the number of the build it comes from, the
  translator view's stylesheet and its script, under ``/__localize/``.
- ``/__localize/events?since=N`` is a stream of server-sent events:
  ``build`` with the build's number and its errors after every rebuild
  (at once if build N is already past: nothing built between the page
  and the stream is missed), a comment every 15 seconds to keep the
  connection open.
- ``/__localize/state.json``: the last build's number and errors (a broken
  PO file is shown in the page this way, the server keeps serving);
  ``/__localize/page.json?path=/fr/slug.html``: ``overlay.page_data``.
- Requests are answered on threads; the build state is shared under a
  condition variable that the events wait on.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipeline.runtime.confine import read_inside

PREFIX = "/__localize/"
ASSETS = {"live.js": "text/javascript; charset=utf-8", "overlay.css": "text/css; charset=utf-8"}
INJECTED = ('<meta name="localize-build" content="{build}">'
            f'<link rel="stylesheet" href="{PREFIX}overlay.css">'
            f'<script src="{PREFIX}live.js" defer></script>')
KEEPALIVE = 15.0


@dataclass
class BuildState:
    """The number and errors of the last build, and a condition to wait for the next one."""

    number: int = 0
    errors: list[str] = field(default_factory=list)
    closing: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, errors: list[str]) -> None:
        with self.changed:
            self.number += 1
            self.errors = list(errors)
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def snapshot(self) -> dict[str, Any]:
        with self.changed:
            return {"build": self.number, "errors": list(self.errors)}

    def wait_after(self, number: int, timeout: float) -> dict[str, Any] | None:
        """The state once its number passes ``number``; ``None`` after ``timeout`` or closing."""
        with self.changed:
            self.changed.wait_for(lambda: self.number > number or self.closing, timeout)
            if self.closing or self.number <= number:
                return None
            return {"build": self.number, "errors": list(self.errors)}


PageData = Callable[[str], dict[str, Any]]
"""URL path of a page → the translator view's data for it."""


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server that knows the site folder, the build state and the page data."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], site: Path, state: BuildState,
                 page_data: PageData) -> None:
        self.site = site.resolve()
        self.state = state
        self.page_data = page_data
        super().__init__(address, Handler)


class Handler(SimpleHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: a translator's terminal shows rebuilds, not every request."""

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path.startswith(PREFIX):
            self._own(url.path[len(PREFIX):], parse_qs(url.query))
            return
        target = self._file(url.path)
        if target is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        body = read_inside(self.server.site, target)
        if target.suffix == ".html":
            page = inject(body, self.server.state.snapshot()["build"])
            self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
        else:
            self._send(HTTPStatus.OK, body, self.guess_type(str(target)))

    def _file(self, path: str) -> Path | None:
        site = self.server.site
        relative = path.lstrip("/")
        target = (site / relative).resolve()
        if target != site and site not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _own(self, name: str, query: dict[str, list[str]]) -> None:
        if name in ASSETS:
            body = files("pipeline.serve").joinpath("static", name).read_bytes()
            self._send(HTTPStatus.OK, body, ASSETS[name])
        elif name == "state.json":
            self._json(self.server.state.snapshot())
        elif name == "page.json":
            self._json(self.server.page_data((query.get("path") or [""])[0]))
        elif name == "events":
            since = (query.get("since") or [""])[0]
            self._events(int(since) if since.isdigit() else None)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def _json(self, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self, since: int | None) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        state = self.server.state
        seen = state.snapshot()["build"] if since is None else since
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while not state.closing:
                news = state.wait_after(seen, KEEPALIVE)
                if news is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = news["build"]
                    data = json.dumps(news, ensure_ascii=False)
                    self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded


def inject(page: bytes, build: int) -> bytes:
    """``page`` with the build number, the view's stylesheet and script before ``</head>``."""
    marker = b"</head>"
    at = page.find(marker)
    if at < 0:
        return page
    return page[:at] + INJECTED.format(build=build).encode() + page[at:]
