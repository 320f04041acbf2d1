"""One writer per project at a time.

Commands that write (extract, translate, assemble, run) hold an exclusive
``flock`` on ``.localize.lock`` in the project folder. The kernel releases it
when the holder exits, however it exits, so a lock left by a killed process
is never stale; the file also records the holder's pid and command so the
second process can say who it is waiting for. The lock file is the one file
written in place rather than atomically: it holds no data, only the
holder's name, and must keep its inode for ``flock`` to mean anything. It
is never opened through a symbolic link (taking the lock empties the file,
which would empty whatever the link points to). A project folder where it
cannot be created (read-only) is a one-line error.
"""

from __future__ import annotations

import errno
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
        # never through a symbolic link: taking the lock truncates the file
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        handle = open(fd, "r+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        reason = ("it is a symbolic link; remove it" if exc.errno == errno.ELOOP
                  else exc.strerror or exc)
        raise OutputError(f"{path}: cannot create the project's lock file: {reason}") from exc
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
