"""One writer per project at a time.

Commands that write (extract, translate, assemble, run) hold an exclusive
``flock`` on ``.localize.lock`` in the project folder. The kernel releases it
when the holder exits, however it exits, so a lock left by a killed process
is never stale; the file also records the holder's pid and command so the
second process can say who it is waiting for. The lock file is the one file
written in place rather than atomically: it holds no data, only the
holder's name, and must keep its inode for ``flock`` to mean anything. A
project folder where it cannot be created (read-only) is a one-line error.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import LocalizeError, OutputError

LOCK_NAME = ".localize.lock"


class LockedError(LocalizeError):
    """Another localize process holds the project's lock."""


@contextmanager
def project_lock(root: Path, command: str, wait: float = 0.0) -> Iterator[None]:
    """Hold the project's write lock for the duration of the block.

    Waits up to ``wait`` seconds for another holder to finish, then fails
    with a message naming it.
    """
    path = root / LOCK_NAME
    try:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot create the project's lock file: {exc.strerror or exc}"
        ) from exc
    try:
        _acquire(handle, path, wait)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {command}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def _acquire(handle: object, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    fd = handle.fileno()  # type: ignore[attr-defined]
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockedError(
                    f"{path}: another localize process is working on this project "
                    f"({_holder(path)}); wait for it to finish, or pass --wait SECONDS"
                ) from None
            time.sleep(0.1)


def _holder(path: Path) -> str:
    try:
        pid, _, command = path.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        return "holder unknown"
    return f"pid {pid}, `localize {command}`" if pid else "holder unknown"
