"""Atomic file writes.

Every file the pipeline writes goes to a temporary file in the same
directory, is flushed to disk and then renamed over the target, so a reader
(or a crash) sees either the old file or the new one, never half of one.
``write_text_if_changed`` also reports whether anything changed, so a run on
unchanged input leaves every file (and its mtime) alone.

Inside ``with write_behind():`` the writes of ``write_text_if_changed`` run
on a few threads, so that waiting for the disk overlaps with the caller's
work; leaving the block waits for all of them and raises the first error.
Whether a file changes is still decided, and reported, at the call.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pipeline.errors import OutputError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, creating parent folders."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def write_text_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` (UTF-8) to ``path`` unless it already holds exactly that; True if written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    pending = getattr(_LOCAL, "pending", None)
    if pending is None:
        atomic_write_bytes(path, data)
    else:
        pending.append(_writer().submit(atomic_write_bytes, path, data))
    return True


_LOCAL = threading.local()


def _writer() -> ThreadPoolExecutor:
    # One pool per process: a forked worker must not inherit its parent's (threadless) pool.
    pool = _POOLS.get(os.getpid())
    if pool is None:
        pool = _POOLS[os.getpid()] = ThreadPoolExecutor(4, thread_name_prefix="write-behind")
    return pool


_POOLS: dict[int, ThreadPoolExecutor] = {}


@contextlib.contextmanager
def write_behind() -> Iterator[None]:
    """Let ``write_text_if_changed`` in this thread write in the background until the block ends."""
    outer = getattr(_LOCAL, "pending", None)
    pending: list[Future[None]] = []
    _LOCAL.pending = pending
    try:
        yield
    finally:
        _LOCAL.pending = outer
        errors = [future.exception() for future in pending]
        first = next((error for error in errors if error is not None), None)
        if first is not None:
            raise first


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
