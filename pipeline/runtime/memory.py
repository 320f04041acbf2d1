"""Garbage collection around heavy work, and giving memory back between stages.

A stage that parses many documents makes millions of small objects, nearly
all freed by reference counting; Python's cycle collector, run every 700
allocations, spent a tenth of the time walking the ones that stay alive.
``few_collections`` runs it less often (or not at all) for a stretch of
work; memory in cycles is still reclaimed once the stretch is over.

``run`` does every stage in one process. A stage that read many files
leaves freed memory behind that the C allocator keeps for later; worker
processes a later stage starts are then measured, and often forked, against
a larger parent. ``release`` collects garbage and asks glibc's allocator to
return what it can (``malloc_trim``); elsewhere it only collects garbage.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def few_collections(every: int | None) -> Iterator[None]:
    """Look for reference cycles only every ``every`` allocations (``None``: never) meanwhile."""
    old = gc.get_threshold()
    enabled = gc.isenabled()
    if every is None:
        gc.disable()
    else:
        gc.set_threshold(max(old[0], every), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        if enabled:
            gc.enable()


def release() -> None:
    """Collect garbage and return freed heap memory to the system where the C library can."""
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)
