"""Atomic file writes, and replacing a file only if nobody changed it meanwhile.

Rules:

- Every file the pipeline writes goes to a temporary file in the same
  directory (``.<name>.<random>.tmp``), is flushed and fsynced, and is then
  renamed over the target; the directory is fsynced after the rename. A
  reader (or a crash, or a full disk) sees either the old file or the new
  one, never half of one. Whatever goes wrong before the rename (``ENOSPC``,
  ``EROFS``, Ctrl-C) removes the temporary file and leaves the old file as
  it was; the error is an ``OutputError`` naming the file.
- ``write_text_if_changed`` writes nothing when the file already holds
  exactly these bytes, so a run on unchanged input leaves every file (and
  its mtime) alone.
- Compare before replace: a caller that read a file passes the ``digest`` of
  the bytes it read as ``expected``; just before the rename the file on disk
  is hashed again and, if it differs (a translator saved it in Poedit
  meanwhile), nothing is replaced and ``ChangedOnDisk`` is raised, so the
  caller can read the newer file and redo its work. ``ABSENT`` is the digest
  of a file that did not exist. The check and the rename are two system
  calls, not one: a save landing in the microseconds between them is still
  overwritten. No portable file system offers a compare-and-swap rename, and
  editors do not take our lock, so this window is narrowed, not closed.
- The final path component is never followed if it is a symbolic link: the
  rename replaces the link itself. (Directories on the way are the caller's
  business: ``Settings.confine`` keeps them inside the project.)
- ``write_text_if_changed(..., behind=b)``, with ``b`` a ``WriteBehind``,
  runs the write on a few threads, so that waiting for the disk (two
  fsyncs a file) overlaps with the caller's work; ``b.finish(written,
  errors)`` waits for all of them and moves each file that could not be
  written from the caller's list of written files to its errors. Whether a file
  needs writing is decided at the call, and so is a compare-before-replace
  that fails (``ChangedOnDisk``, so the caller can redo its work); the check
  is made again before the rename. Writes without ``behind`` are never
  deferred.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pipeline.errors import LocalizeError, OutputError

ABSENT = "absent"
"""The digest of a file that does not exist."""


class ChangedOnDisk(OutputError):
    """The file changed on disk since the caller read it; nothing was written."""

    def __init__(self, path: Path, display: str | None = None) -> None:
        self.path = path
        super().__init__(f"{display or path}: changed on disk while localize was updating it")


def digest(data: bytes | None) -> str:
    """The digest of a file's bytes ``data``; ``ABSENT`` for a file that does not exist.

    The same as ``digest_parts(data)``, so that it matches ``manifest.file_digest``.
    """
    return ABSENT if data is None else digest_parts(data)


def digest_parts(*parts: bytes | str) -> str:
    """A short hex digest of ``parts`` (each length-prefixed, so boundaries count)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def current_digest(path: Path, display: str | None = None) -> str:
    """The digest of the file at ``path`` now (``ABSENT`` if there is none)."""
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return ABSENT
    except OSError as exc:
        raise OutputError(f"{display or path}: cannot read: {exc.strerror or exc}") from exc


def atomic_write_bytes(
    path: Path, data: bytes, expected: str | None = None, display: str | None = None
) -> None:
    """Replace ``path`` with ``data`` atomically, creating parent folders.

    With ``expected``, raise ``ChangedOnDisk`` instead if the file's digest
    is no longer ``expected``. Messages name the file as ``display``
    (default: the path as given).
    """
    shown = display or str(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except (FileExistsError, NotADirectoryError) as exc:
        raise OutputError(f"{shown}: cannot write: a file is in the way of its folder") from exc
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(path, tmp)
        if expected is not None and current_digest(path, shown) != expected:
            raise ChangedOnDisk(path, shown)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{shown}: cannot write: {exc.strerror or exc}") from exc
        raise
    _sync_directory(path.parent)


def write_text_if_changed(
    path: Path,
    text: str,
    expected: str | None = None,
    display: str | None = None,
    behind: WriteBehind | None = None,
) -> bool:
    """Write ``text`` (UTF-8) to ``path`` unless it already holds exactly that; True if written.

    ``expected``, ``display``: see ``atomic_write_bytes``; ``behind``: see ``WriteBehind``.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    if behind is None:
        atomic_write_bytes(path, data, expected, display)
        return True
    if expected is not None and current_digest(path, display) != expected:
        raise ChangedOnDisk(path, display)
    future = _writer().submit(atomic_write_bytes, path, data, expected, display)
    behind.pending.append((display or str(path), future))
    return True


class WriteBehind:
    """Writes running on threads, until ``wait`` or ``finish``."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, Future[None]]] = []
        self.failures: list[tuple[str, BaseException]] = []
        """(file as named to the caller, error) of each write that failed, in order."""

    def wait(self) -> None:
        for shown, future in self.pending:
            error = future.exception()
            if error is not None:
                self.failures.append((shown, error))
        self.pending = []

    def finish(self, written: list[str], errors: list[LocalizeError]) -> None:
        """Wait for every write, then ``report`` the failures."""
        self.wait()
        self.report(written, errors)

    def report(self, written: list[str], errors: list[LocalizeError]) -> None:
        """Move the files that could not be written from ``written`` to ``errors``."""
        for shown, error in self.failures:
            if shown in written:
                written.remove(shown)
            errors.append(error if isinstance(error, LocalizeError)
                          else OutputError(f"{shown}: cannot write: {error}"))


def _writer() -> ThreadPoolExecutor:
    # One pool per process: a forked worker must not inherit its parent's (threadless) pool.
    pool = _POOLS.get(os.getpid())
    if pool is None:
        pool = _POOLS[os.getpid()] = ThreadPoolExecutor(4, thread_name_prefix="write-behind")
    return pool


_POOLS: dict[int, ThreadPoolExecutor] = {}




def _copy_mode(path: Path, tmp: str) -> None:
    """Give the new file the old one's permissions (mkstemp makes it 0600)."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_UMASK
    os.chmod(tmp, mode)


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable; not every file system allows this, which is harmless."""
    flag = getattr(os, "O_DIRECTORY", None)
    if flag is None:  # Windows: folders cannot be opened, and renames need no sync
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flag)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
"""Read once at import, while there is one thread: ``os.umask`` can only be read by setting it."""
