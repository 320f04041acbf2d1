"""Ctrl-C (and SIGTERM) held back for the few steps that must not be cut in two.

Rules: inside ``held()``, in the main thread, SIGINT and SIGTERM are noted
instead of acted on; on leaving, the previous handlers come back and a
noted signal is raised as ``KeyboardInterrupt`` there, between two whole
steps. Outside the main thread (where Python delivers no signal) it does
nothing. Meant for steps of microseconds: storing an answer in the cache
and putting it into the entries that wait for it, so that an interrupted
run never holds an answer in one place and not the other.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def held() -> Iterator[None]:
    """Run the block whole; a Ctrl-C or SIGTERM during it interrupts right after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        noted.append(signum)

    previous = {sig: signal.signal(sig, note) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if noted:
        raise KeyboardInterrupt
