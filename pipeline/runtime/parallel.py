"""Running one function over many articles on every core.

Rules:

- Small items go to workers in batches (``batches``): a worker waits for
  the disk once per batch, and fetches work once per batch.
- Worker processes only when it pays: at least ``min_items`` items and two
  usable cores (``Settings.workers``: 0 means one per core, 1 means never).
- Results come back in the order of the items, whatever order they ran in;
  the largest items are started first so that the cores finish together.
- The function and its arguments must be picklable (module-level function,
  settings, paths); it reports problems in its result, never by raising.
- Where processes cannot be started (a sandbox, a broken pool), the work is
  done in this process instead: slower, same result.
- Workers are forked while this process is small (they start at once), and
  spawned once it is big (``run`` after validate, say): a forked worker
  carries the whole of its parent's memory, a spawned one only what it
  imports.
- A worker exits within a second once the process that started it is gone
  (killed, say), instead of lingering (``watch_parent``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import repeat
from multiprocessing.context import BaseContext
from typing import Protocol, TypeVar


class Configured(Protocol):
    """What this module needs of the settings it passes on to the workers."""

    @property
    def workers(self) -> int:
        """Processes to use: 0 one per core, 1 none."""


T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S", bound=Configured)

MAX_WORKERS = 8
FORK_BELOW_MB = 100
"""Resident memory under which workers are forked rather than spawned."""


def workers(settings: Configured) -> int:
    """How many processes to use: the setting, or one per usable core."""
    if settings.workers > 0:
        return min(settings.workers, MAX_WORKERS)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def map_items(
    func: Callable[[S, T], R],
    settings: S,
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
        with pool(count) as executor:
            done = list(executor.map(func, repeat(settings), [items[i] for i in order]))
    except (OSError, BrokenProcessPool):
        return [func(settings, item) for item in items]
    results: list[R | None] = [None] * len(items)
    for index, result in zip(order, done, strict=True):
        results[index] = result
    return results  # type: ignore[return-value]


def map_batches(
    func: Callable[[S, tuple[T, ...]], list[R]],
    settings: S,
    items: Sequence[T],
    sizes: Sequence[int],
) -> list[R]:
    """``func`` over the items in ``batches``, in worker processes when it pays.

    ``func`` gives one result per item of its batch; they come back one per
    item, in the order of ``items``.
    """
    grouped = batches(range(len(items)), sizes)
    work = [tuple(items[i] for i in group) for group in grouped]
    weights = [sum(sizes[i] for i in group) for group in grouped]
    results: list[R | None] = [None] * len(items)
    for group, done in zip(grouped, map_items(func, settings, work, weights), strict=True):
        for index, result in zip(group, done, strict=True):
            results[index] = result
    return results  # type: ignore[return-value]


def pool(count: int, context: BaseContext | None = None) -> ProcessPoolExecutor:
    """``count`` worker processes that exit once this one is gone (``watch_parent``).

    ``context``: how to start them; by default ``start_method()``.
    """
    return ProcessPoolExecutor(max_workers=count, mp_context=context or start_method(),
                               initializer=watch_parent, initargs=(os.getpid(),))


BATCH = 4
"""At most this many items in one batch (``batches``)."""


def batches(items: Sequence[T], sizes: Sequence[int], parts: int = 32) -> list[tuple[T, ...]]:
    """The items, largest first, in small batches: a large item alone, smaller ones by ``BATCH``.

    A batch is closed once it holds ``BATCH`` items or a ``parts``-th of the
    total size, so that the cores still finish together.
    """
    order = sorted(range(len(items)), key=lambda i: -sizes[i])
    limit = sum(sizes) / parts
    result: list[tuple[T, ...]] = []
    current: list[T] = []
    weight = 0
    for index in order:
        current.append(items[index])
        weight += sizes[index]
        if len(current) == BATCH or weight >= limit:
            result.append(tuple(current))
            current, weight = [], 0
    if current:
        result.append(tuple(current))
    return result


def start_method() -> BaseContext:
    """fork while this process is small, spawn once it is big (see the module's rules)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _resident_mb() < FORK_BELOW_MB:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _resident_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return float("inf")  # cannot tell: spawn, which is always safe
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def watch_parent(parent: int) -> None:
    """In a worker process: exit as soon as ``parent`` is gone (killed, say), not linger."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="watch-parent").start()
