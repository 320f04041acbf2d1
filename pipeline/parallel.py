"""Running one function over many articles on every core.

Rules:

- Worker processes only when it pays: at least ``min_items`` items and two
  usable cores (``Settings.workers``: 0 means one per core, 1 means never).
- Results come back in the order of the items, whatever order they ran in;
  the largest items are started first so that the cores finish together.
- The function and its arguments must be picklable (module-level function,
  settings, paths); it reports problems in its result, never by raising.
- Where processes cannot be started (a sandbox, a broken pool), the work is
  done in this process instead: slower, same result.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import repeat
from typing import TypeVar

from pipeline.config import Settings

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 8


def workers(settings: Settings) -> int:
    """How many processes to use: the setting, or one per usable core."""
    if settings.workers > 0:
        return min(settings.workers, MAX_WORKERS)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def map_items(
    func: Callable[[Settings, T], R],
    settings: Settings,
    items: Sequence[T],
    sizes: Sequence[int] | None = None,
    min_items: int = 4,
) -> list[R]:
    """``[func(settings, item) for item in items]``, in worker processes when it pays."""
    count = min(workers(settings), len(items))
    if count < 2 or len(items) < min_items:
        return [func(settings, item) for item in items]
    order = sorted(range(len(items)), key=lambda i: -(sizes[i] if sizes else 0))
    try:
        with ProcessPoolExecutor(max_workers=count) as pool:
            done = list(pool.map(func, repeat(settings), [items[i] for i in order]))
    except (OSError, BrokenProcessPool):
        return [func(settings, item) for item in items]
    results: list[R | None] = [None] * len(items)
    for index, result in zip(order, done, strict=True):
        results[index] = result
    return results  # type: ignore[return-value]
