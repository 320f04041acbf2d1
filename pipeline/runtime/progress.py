"""Progress on stderr, per language and in total, with an ETA; silent unless stderr is a terminal.

One line, redrawn at most ten times a second, cleared when done, so
nothing of it ends up in CI logs or in redirected output.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts done/total per language and draws one status line."""

    def __init__(
        self, totals: dict[str, int], stream: TextIO | None = None, enabled: bool | None = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = _is_tty(self.stream) if enabled is None else enabled
        self.totals = dict(totals)
        self.done = dict.fromkeys(totals, 0)
        self.started = time.monotonic()
        self._drawn = 0.0
        self._width = 0

    def advance(self, lang: str, count: int = 1) -> None:
        self.done[lang] = self.done.get(lang, 0) + count
        now = time.monotonic()
        if self.enabled and now - self._drawn >= 0.1:
            self._drawn = now
            self._draw(self.line(now))

    def line(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        done, total = sum(self.done.values()), sum(self.totals.values())
        parts = [f"{lang} {self.done[lang]}/{self.totals[lang]}" for lang in self.totals]
        elapsed = now - self.started
        eta = "--:--"
        if done and total > done:
            eta = _clock(elapsed / done * (total - done))
        elif total and done >= total:
            eta = "0:00"
        return f"translate: {' '.join(parts)} | total {done}/{total} | ETA {eta}"

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()

    def _draw(self, text: str) -> None:
        self._width = max(self._width, len(text))
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
