"""One writer per project at a time, on any operating system.

Commands that write (extract, translate, assemble, run, prune) hold an
exclusive lock on ``.localize.lock`` in the project folder, taken through
``filelock`` (``flock`` on Unix, ``LockFileEx`` on Windows): the operating
system releases it when the holder exits, however it exits, so a lock left
by a killed process is never stale. The holder then records its pid and
command in ``.localize.lock.holder`` so that a second process can say who
it is waiting for; that file is only ever read while the lock is held by
someone else, so a record left by a killed holder misleads nobody for long.
A project folder where the lock cannot be created (read-only) is a
one-line error; a lock still held after ``--wait`` seconds is
``LockedError``, whose exit code (3) is its own so that CI can retry.
Neither file is ever opened through a symbolic link: taking a lock may
empty its file, and a committed link would empty whatever it points to.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import LocalizeError, OutputError

LOCK_NAME = ".localize.lock"
HOLDER_NAME = ".localize.lock.holder"
LOCKED_EXIT_CODE = 3


class LockedError(LocalizeError):
    """Another localize process holds the project's lock (exit code 3)."""

    exit_code = LOCKED_EXIT_CODE


@contextmanager
def project_lock(root: Path, command: str, wait: float = 0.0) -> Iterator[None]:
    """Hold the project's write lock for the duration of the block.

    Waits up to ``wait`` seconds for another holder to finish, then fails
    with a message naming it.
    """
    path = root / LOCK_NAME
    if path.is_symlink():
        raise OutputError(f"{path}: cannot create the project's lock file: "
                          "it is a symbolic link; remove it")
    lock = FileLock(str(path), timeout=wait)
    try:
        lock.acquire(poll_interval=0.1)
    except Timeout:
        raise LockedError(
            f"{path}: another localize process is working on this project "
            f"({_holder(root)}); wait for it to finish, or pass --wait SECONDS"
        ) from None
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot create the project's lock file: {exc.strerror or exc}"
        ) from exc
    try:
        _record_holder(root, command)
        yield
    finally:
        lock.release()


def _record_holder(root: Path, command: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    with contextlib.suppress(OSError):  # a courtesy to the next process; the lock is held
        fd = os.open(root / HOLDER_NAME, flags, 0o666)
        with open(fd, "w", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {command}\n")


def _holder(root: Path) -> str:
    try:
        text = (root / HOLDER_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "holder unknown"
    pid, _, command = text.strip().partition(" ")
    return f"pid {pid}, `localize {command}`" if pid.isdigit() else "holder unknown"
