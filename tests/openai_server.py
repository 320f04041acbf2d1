"""An OpenAI-compatible chat-completions server on 127.0.0.1, for tests and the benchmark.

``POST …/chat/completions`` takes what the ``openai`` SDK sends and answers a
``chat.completion`` object; ``GET …/models`` lists one model. The answer
translates every segment of the JSON user message into the target language
named in the system message (``language tag xx``): a fixed sentence in that
language with the segment's placeholder tokens spread through it, so that
langdetect recognises the language and every token comes back.

Knobs, per server and per segment:

- ``latency``: seconds added to every answer;
- ``mode``: ``ok`` (the JSON object alone) | ``prose`` (in a sentence and a
  code fence) | ``list`` (a bare JSON list) | ``garbage`` (no JSON at all) |
  ``stall`` (never answers) | ``status`` (always HTTP ``status``);
- ``rules``: [needle, mode, times] triples: a segment whose text holds
  ``needle`` is answered in ``mode`` the first ``times`` times it is seen
  (``None``: always). Segment modes: ``missing``, ``duplicate``, ``unknown``
  (one more item with an id nobody sent), ``mangle`` (tokens dropped),
  ``english`` (the text sent back unchanged), ``wrong`` (Spanish, or
  Italian for a Spanish target), ``empty``; request modes above work too;
- ``fail_first``: the first N requests get ``status`` (429 by default) with a
  ``Retry-After: retry_after`` header;
- ``reject_schema``: HTTP 400 for a request with ``response_format``.

It counts requests, keeps every request body, the highest number in flight
at once, and every answer sent with its time. Run as a script it serves in
its own process, prints its URL, and answers ``count``, ``reset`` and
``log`` (requests per article title and language, as JSON) on stdin.
"""

from __future__ import annotations

import json
import re
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from local_server import LocalServer, send_json, serve

TOKEN = re.compile(r"\[X\d+X\]")
TARGET = re.compile(r"language tag ([A-Za-z-]+)")
SENTENCES = {
    "fr": "Voici une traduction française fidèle de ce passage pour nos lecteurs",
    "it": "Ecco una traduzione italiana fedele di questo passaggio per i nostri lettori",
    "de": "Hier ist eine getreue deutsche Übersetzung dieses Abschnitts für unsere Leser",
    "pl": "Oto wierne polskie tłumaczenie tego fragmentu dla naszych czytelników",
    "pt-PT": "Eis uma tradução portuguesa fiel deste excerto para os nossos leitores",
    "ru": "Вот точный русский перевод этого отрывка для наших читателей",
    "ar": "هذه ترجمة عربية أمينة لهذا المقطع من أجل قرائنا",
    "ja": "これは読者のためのこの文章の忠実な日本語訳です",
    "zh-Hans": "这是为读者准备的这段文字的忠实中文译文",
    "es": "Esta es una traducción española fiel de este pasaje para nuestros lectores",
}


def fake_translation(text: str, target: str) -> str:
    """The server's translation of ``text`` into ``target`` (a BCP 47 tag): tokens kept."""
    sentence = SENTENCES[target]
    spaced = " " in sentence
    parts = sentence.split(" ") if spaced else list(sentence)
    tokens = TOKEN.findall(text)
    out: list[str] = []
    for index, part in enumerate(parts):
        out.append(part)
        if index < len(tokens) and index < len(parts) - 1:
            out.append((" " if spaced else "") + tokens[index])
        if spaced and index < len(parts) - 1:
            out.append(" ")
    rest = tokens[len(parts) - 1:]
    if rest:
        out.append(" " + " ".join(rest))
    return "".join(out)


class FakeOpenAI(LocalServer):
    """The server and its knobs and counters (see the module docstring)."""

    def __init__(self, latency: float = 0.0, mode: str = "ok") -> None:
        super().__init__()
        self.latency = latency
        self.mode = mode
        self.status = 429
        self.retry_after = "1"
        self.fail_first = 0
        self.reject_schema = False
        self.rules: list[tuple[str, str, int | None]] = []
        self.requests = 0
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.answered: list[tuple[float, str, dict[str, Any], str]] = []
        """(time.time() when sent, target tag, the user message, the answer's content)."""
        self.in_flight = 0
        self.max_concurrent = 0
        self.seen: dict[str, int] = {}

    @property
    def url(self) -> str:
        return self.base + "/v1"

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(_Handler):
            state = fake

        return Handler

    def reset(self) -> None:
        with self._lock:
            self.requests = 0
            self.bodies.clear()
            self.answered.clear()
            self.max_concurrent = 0

    def user_messages(self) -> list[dict[str, Any]]:
        """The JSON user message of every request received, in order of arrival."""
        return [user_message(body) for body in self.bodies]

    # --- answering ---------------------------------------------------------------

    def segment_mode(self, text: str) -> str:
        with self._lock:
            for needle, mode, times in self.rules:
                if needle in text:
                    seen = self.seen.get(needle, 0)
                    self.seen[needle] = seen + 1
                    if times is None or seen < times:
                        return mode
        return "ok"

    def content(self, body: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        """(target tag, the user message, the answer's content) for one request."""
        system = next(m["content"] for m in body["messages"] if m["role"] == "system")
        found = TARGET.search(system)
        target = found.group(1) if found else "fr"
        message = user_message(body)
        items: list[dict[str, str]] = []
        request_mode = self.mode
        for segment in message.get("segments", []):
            mode = self.segment_mode(segment["text"])
            if mode in ("prose", "list", "garbage"):
                request_mode = mode
            items.extend(self.items(segment, target, mode))
        answer: Any = {"translations": items}
        if request_mode == "list":
            answer = items
        text = json.dumps(answer, ensure_ascii=False)
        if request_mode == "prose":
            text = f"Sure! Here are the translations:\n\n```json\n{text}\n```\n\nHope this helps."
        elif request_mode == "garbage":
            text = "I am sorry, I can only translate one sentence at a time."
        return target, message, text

    def items(self, segment: dict[str, str], target: str, mode: str) -> list[dict[str, str]]:
        sid, text = segment["id"], segment["text"]
        if mode == "missing":
            return []
        translated = fake_translation(text, target)
        if mode == "mangle":
            translated = TOKEN.sub("", translated)
        elif mode == "english":
            translated = text
        elif mode == "wrong":
            translated = fake_translation(text, "it" if target == "es" else "es")
        elif mode == "empty":
            translated = ""
        item = {"id": sid, "text": translated}
        if mode == "duplicate":
            return [item, dict(item)]
        if mode == "unknown":
            return [item, {"id": "999", "text": "?"}]
        return [item]

    def counts(self) -> dict[str, int]:
        """Requests per (article title, target) as ``title\\ttarget``."""
        found: dict[str, int] = {}
        for _, target, message, _ in self.answered:
            title = message.get("article", {}).get("title", {}).get("text", "")
            key = f"{title}\t{target}"
            found[key] = found.get(key, 0) + 1
        return found


def user_message(body: dict[str, Any]) -> dict[str, Any]:
    text = next(m["content"] for m in body["messages"] if m["role"] == "user")
    data: dict[str, Any] = json.loads(text)
    return data


class _Handler(BaseHTTPRequestHandler):
    state: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._send(200, {"object": "list", "data": [
                {"id": "fake-model", "object": "model", "created": 0, "owned_by": "tests"}]})
        else:
            self._send(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        state = self.state
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length).decode("utf-8"))
        with state._lock:
            state.requests += 1
            number = state.requests
            state.bodies.append(body)
            state.headers.append(dict(self.headers.items()))
            state.in_flight += 1
            state.max_concurrent = max(state.max_concurrent, state.in_flight)
        try:
            if state.latency:
                state.closing.wait(state.latency)
            self._answer(state, body, number)
        finally:
            with state._lock:
                state.in_flight -= 1

    def _answer(self, state: FakeOpenAI, body: dict[str, Any], number: int) -> None:
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, {"error": {"message": "not found"}})
            return
        if number <= state.fail_first:
            self._send(state.status, {"error": {"message": "slow down"}},
                       {"Retry-After": state.retry_after})
            return
        if state.mode == "stall":
            state.closing.wait(120)
            return
        if state.mode == "status":
            self._send(state.status, {"error": {"message": "failure"}})
            return
        if state.reject_schema and "response_format" in body:
            self._send(400, {"error": {"message": "response_format is not supported"}})
            return
        target, message, content = state.content(body)
        self._send(200, {
            "id": f"chatcmpl-{number}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", ""),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": length_tokens(body), "completion_tokens":
                      len(content) // 4, "total_tokens": length_tokens(body) + len(content) // 4},
        })
        with state._lock:
            state.answered.append((time.time(), target, message, content))

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        send_json(self, status, json.dumps(body, ensure_ascii=False), headers)


def length_tokens(body: dict[str, Any]) -> int:
    return sum(len(m["content"]) for m in body["messages"]) // 4


def _reset(server: FakeOpenAI) -> str:
    server.reset()
    return "ok"


if __name__ == "__main__":
    serve(__doc__.splitlines()[0], lambda latency: FakeOpenAI(latency=latency), {
        "count": lambda server: server.requests,
        "reset": _reset,
        "log": lambda server: json.dumps(server.counts(), ensure_ascii=False),
    })
