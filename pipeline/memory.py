"""Giving memory back to the system between stages of one process.

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


def release() -> None:
    """Collect garbage and return freed heap memory to the system where the C library can."""
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)
