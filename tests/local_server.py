"""What the tests' fake HTTP services share: a threaded server on 127.0.0.1 started and
stopped around a test, a JSON reply that tolerates a client that gave up, and a script
mode that serves in its own process and answers commands on stdin (for the benchmarks)."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

Self = TypeVar("Self", bound="LocalServer")


class LocalServer:
    """A server on 127.0.0.1; subclasses say which handler answers (``handler``)."""

    def __init__(self) -> None:
        self.closing = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``"""
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self: Self, port: int = 0) -> Self:
        server = ThreadingHTTPServer(("127.0.0.1", port), self.handler())
        server.daemon_threads = True
        server.request_queue_size = 256
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self.closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self: Self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def send_json(handler: BaseHTTPRequestHandler, status: int, body: str,
              headers: dict[str, str] | None = None) -> None:
    """Send ``body`` (JSON text) with ``status``; a client that gave up is no error."""
    data = body.encode("utf-8")
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
    except OSError:
        pass  # the client gave up (deadline); nothing to tell it


def serve(description: str, make: Callable[[float], Any],
          commands: dict[str, Callable[[Any], object]]) -> None:
    """Script mode: start ``make(latency)``, print its URL, answer ``commands`` on stdin."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    server = make(args.latency).start(args.port)
    print(server.url, flush=True)
    try:
        for line in sys.stdin:
            command = commands.get(line.strip())
            if command is not None:
                print(command(server), flush=True)
    finally:
        server.stop()
