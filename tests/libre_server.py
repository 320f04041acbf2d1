"""A LibreTranslate-compatible HTTP server on 127.0.0.1 for tests and the benchmark.

``POST /translate`` (q, source, target, format, api_key as query string,
form or JSON body) answers ``{"translatedText": ...}``; ``GET /languages``
lists the languages. Behaviour is configurable per server and per text:

- ``latency``: seconds added to every answer;
- ``mode``: ``ok`` | ``stall`` (never answers until the server stops) |
  ``malformed`` (not JSON) | ``empty`` (``translatedText`` is "") |
  ``mangle`` (placeholder tokens dropped) | ``status`` (always ``status``);
- ``fail_first``: the first N requests for each text and target get ``status`` (429 by
  default), later ones succeed;
- ``rules``: (substring of q, mode) pairs that override ``mode``;
- ``on_request``: called with the request number before answering.

It counts requests, tracks the highest number of requests in flight at once,
and logs every completed answer with its time. Run as a script it serves in
its own process and prints its URL (used by the benchmark).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local_server import LocalServer, send_json, serve

TOKEN = re.compile(r"\[X\d+X\]")
LANGUAGES = ["en", "it", "fr", "de", "pl", "pt", "ru", "ar", "ja", "zh", "es"]


def fake_translation(text: str, target: str) -> str:
    """The server's answer: a target prefix, then every letter's case swapped; tokens kept."""
    parts = []
    position = 0
    for match in TOKEN.finditer(text):
        parts.append(text[position : match.start()].swapcase())
        parts.append(match.group())
        position = match.end()
    parts.append(text[position:].swapcase())
    return f"{target}: " + "".join(parts)


class FakeLibre(LocalServer):
    """The server and its knobs and counters (see the module docstring)."""

    def __init__(
        self,
        latency: float = 0.0,
        mode: str = "ok",
        fail_first: int = 0,
        status: int = 429,
        rules: list[tuple[str, str]] | None = None,
        on_request: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self.latency = latency
        self.mode = mode
        self.fail_first = fail_first
        self.status = status
        self.rules = rules or []
        self.on_request = on_request
        self.requests = 0
        self.in_flight = 0
        self.max_concurrent = 0
        self.answered: list[tuple[float, str, str, str]] = []
        """(time.time() when the answer was sent, q, target, translatedText)."""
        self.seen: dict[tuple[str, str], int] = {}
        self.api_keys: set[str] = set()
        """Every ``api_key`` a request carried (the secrets tests check keys were sent)."""

    @property
    def url(self) -> str:
        return self.base + "/"

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(_Handler):
            server_state = fake

        return Handler

    def reset_counters(self) -> None:
        with self._lock:
            self.requests = 0
            self.max_concurrent = 0
            self.answered.clear()

    def behaviour(self, text: str, target: str) -> tuple[int, str | None]:
        """The status and JSON body (None: no answer at all) for one request."""
        with self._lock:
            self.seen[(text, target)] = self.seen.get((text, target), 0) + 1
            attempt = self.seen[(text, target)]
        mode = next((m for needle, m in self.rules if needle in text), self.mode)
        if attempt <= self.fail_first:
            return self.status, json.dumps({"error": "try again"})
        if mode == "stall":
            return 0, None
        if mode == "status":
            return self.status, json.dumps({"error": "failure"})
        if mode == "malformed":
            return 200, '{"translatedText": "unterminated'
        if mode == "empty":
            return 200, json.dumps({"translatedText": ""})
        return 200, ""


class _Handler(BaseHTTPRequestHandler):
    server_state: FakeLibre
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if urlsplit(self.path).path.rstrip("/") != "/languages":
            self._send(404, json.dumps({"error": "not found"}))
            return
        body = [{"code": c, "name": c, "targets": LANGUAGES} for c in LANGUAGES]
        self._send(200, json.dumps(body))

    def do_POST(self) -> None:
        state = self.server_state
        params = self._params()
        text, target = params.get("q", ""), params.get("target", "")
        with state._lock:
            if "api_key" in params:
                state.api_keys.add(params["api_key"])
            state.requests += 1
            number = state.requests
            state.in_flight += 1
            state.max_concurrent = max(state.max_concurrent, state.in_flight)
        try:
            if state.on_request is not None:
                state.on_request(number)
            if state.latency:
                state.closing.wait(state.latency)
            status, body = state.behaviour(text, target)
            if body is None:
                state.closing.wait(120)
                return
            if status == 200 and not body:
                answer = fake_translation(text, target)
                mode = next((m for needle, m in state.rules if needle in text), state.mode)
                if mode == "mangle":
                    answer = TOKEN.sub("", answer)
                body = json.dumps({"translatedText": answer})
                self._send(200, body)
                with state._lock:
                    state.answered.append((time.time(), text, target, answer))
            else:
                self._send(status, body)
        finally:
            with state._lock:
                state.in_flight -= 1

    def _params(self) -> dict[str, str]:
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        if raw.startswith("{"):
            query.update({k: str(v) for k, v in json.loads(raw).items()})
        elif raw:
            query.update({k: v[0] for k, v in parse_qs(raw).items()})
        return query

    def _send(self, status: int, body: str) -> None:
        send_json(self, status, body)


def _reset(server: FakeLibre) -> str:
    server.reset_counters()
    return "ok"


if __name__ == "__main__":
    serve(__doc__.splitlines()[0], lambda latency: FakeLibre(latency=latency),
          {"count": lambda server: server.requests, "reset": _reset})
