"""Atomic file writes, and replacing a file only if nobody changed it meanwhile.

Rules:

- Every file the pipeline writes goes to a temporary file in the same
  directory (``.<name>.<random>.tmp``), is flushed and fsynced, and is then
  renamed over the target; the directory is fsynced after the rename. A
  reader (or a crash, or a full disk) sees either the old file or the new
  one, never half of one. Whatever goes wrong before the rename (``ENOSPC``,
  ``EROFS``, Ctrl-C) removes the temporary file and leaves the old file as
  it was; the error is an ``OutputError`` naming the file.
- Every read and write is confined to the project (``confine``): ``root``
  is the project folder. A target that is a symbolic link is replaced
  itself, never written through, and only if it leads inside the project.
- ``write_text_if_changed`` writes nothing when the file already holds
  exactly these bytes, so a run on unchanged input leaves every file (and
  its mtime) alone.
- Compare and swap: a caller that read a file passes the ``digest`` of the
  bytes it read as ``expected`` (``ABSENT`` for a file that did not exist).
  Right before the replace, in the same thread, the file is hashed again;
  if it changed (a translator saved it in Poedit meanwhile) nothing is
  replaced and ``ChangedOnDisk`` is raised, so the caller can read the
  newer file and redo its work. The replace itself is an atomic exchange
  of the two names (Linux ``renameat2(RENAME_EXCHANGE)``): the file it
  takes out of the way is checked once more, and if it is not the one the
  caller read (a save that landed between the check and the exchange), it
  is put back and ``ChangedOnDisk`` raised: no save is ever overwritten
  unseen. Where the system has no exchange, the check and the rename are two
  system calls and a save landing in the microseconds between them is lost;
  an editor that writes in place rather than by renaming can still be caught
  half-way.
- A file that did not exist (``expected=ABSENT``) is created only if it still
  does not (a hard link, which fails if the name is taken).
- ``WriteBehind`` runs writes on a few threads, so that waiting for the disk
  (two fsyncs a file) overlaps with the caller's work. A job there is a
  whole write cycle: a compare-and-swap that fails is redone there, in the
  writing thread, by the job itself (``po.update.update_po`` re-reads and
  re-merges). ``finish(written, errors)`` waits for every job and moves each
  file that could not be written from the caller's list of written files to
  its errors, and each that needed no write after all out of it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.errors import LocalizeError, OutputError
from pipeline.runtime.confine import (
    OutsideProject,
    check_descriptor,
    folder_inside,
    inside,
    read_inside,
)

ABSENT = "absent"
"""The digest of a file that does not exist."""
SWAP_ROUNDS = 5
"""How often a save that landed during an exchange is put back before giving up (each round
needs another save within microseconds)."""

__all__ = ["ABSENT", "ChangedOnDisk", "OutsideProject", "WriteBehind", "atomic_write_bytes",
           "current_digest", "digest", "digest_parts", "read_existing", "write_text_if_changed"]


class ChangedOnDisk(OutputError):
    """The file changed on disk since the caller read it; nothing was written.

    The file on disk is the other side's: whatever they saved last is there.
    """

    def __init__(self, path: Path, display: str | None = None) -> None:
        self.path = path
        self.display = display
        super().__init__(f"{display or path}: changed on disk while localize was updating it")

    def __reduce__(self) -> tuple[type[ChangedOnDisk], tuple[Path, str | None]]:
        return (type(self), (self.path, self.display))  # from a worker process, as it was


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


def read_existing(path: Path, display: str | None = None, root: Path | None = None
                  ) -> bytes | None:
    """The bytes of the file at ``path`` (confined to ``root``), ``None`` if there is none."""
    try:
        return read_inside(root, path, display)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{display or path}: cannot read: {exc.strerror or exc}") from exc


def current_digest(path: Path, display: str | None = None, root: Path | None = None) -> str:
    """The digest of the file at ``path`` now (``ABSENT`` if there is none)."""
    return digest(read_existing(path, display, root))


def atomic_write_bytes(path: Path, data: bytes, expected: str | None = None,
                       display: str | None = None, root: Path | None = None) -> None:
    """Replace ``path`` with ``data`` atomically, creating parent folders inside ``root``.

    With ``expected``, raise ``ChangedOnDisk`` instead if the file's digest
    is no longer ``expected`` (see the module's rules). Messages name the
    file as ``display`` (default: the path as given).
    """
    shown = display or str(path)
    folder_inside(root, path, shown)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except (FileExistsError, NotADirectoryError) as exc:
        raise OutputError(f"{shown}: cannot write: a file is in the way of its folder") from exc
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write: {exc.strerror or exc}") from exc
    ours = os.fstat(fd).st_ino
    try:
        with os.fdopen(fd, "wb") as handle:
            check_descriptor(root, handle.fileno(), Path(tmp), shown)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _check_target(root, path, shown)
        _copy_mode(path, tmp)
        _install(Path(tmp), path, ours, expected, shown, root)
    except BaseException as exc:
        _discard(Path(tmp), ours)
        if isinstance(exc, OSError):
            raise OutputError(f"{shown}: cannot write: {exc.strerror or exc}") from exc
        raise
    _sync_directory(path.parent)


def _discard(tmp: Path, ours: int) -> None:
    """Remove the temporary file, if the name still holds it: after an exchange that went
    wrong half-way it may hold the file taken out of the way, which is not ours to remove."""
    with contextlib.suppress(OSError):
        if os.lstat(tmp).st_ino == ours:
            os.unlink(tmp)


def _check_target(root: Path | None, path: Path, shown: str) -> None:
    """A link at ``path`` is replaced, not followed; but one leading outside is refused."""
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISLNK(os.lstat(path).st_mode):
            inside(root, path, shown)


def _install(tmp: Path, path: Path, ours: int, expected: str | None, shown: str,
             root: Path | None) -> None:
    """Put the written ``tmp`` (inode ``ours``) at ``path``, if the file there is ``expected``."""
    if expected is None:
        os.replace(tmp, path)
        return
    if expected == ABSENT:
        try:
            os.link(tmp, path)  # fails if someone created the file meanwhile
        except FileExistsError:
            raise ChangedOnDisk(path, shown) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
                raise
            _check_then_replace(tmp, path, expected, shown, root)  # no hard links here
        else:
            os.unlink(tmp)
        return
    if current_digest(path, shown, root) != expected:
        raise ChangedOnDisk(path, shown)
    try:
        swapped = _exchange(tmp, path)
    except FileNotFoundError:
        raise ChangedOnDisk(path, shown) from None  # removed meanwhile: the merge starts again
    if not swapped:
        _check_then_replace(tmp, path, expected, shown, root)
        return
    # ``tmp`` now names the file taken out of the way: is it the one the caller read?
    try:
        same = current_digest(tmp, shown, root) == expected
    except BaseException:
        _exchange(tmp, path)  # cannot tell: undo
        raise
    if same:
        os.unlink(tmp)
        return
    _put_back(tmp, path, ours, shown)
    raise ChangedOnDisk(path, shown)


def _check_then_replace(tmp: Path, path: Path, expected: str, shown: str,
                        root: Path | None) -> None:
    if current_digest(path, shown, root) != expected:
        raise ChangedOnDisk(path, shown)
    os.replace(tmp, path)


def _put_back(tmp: Path, path: Path, ours: int, shown: str) -> None:
    """``tmp`` holds a save that landed at ``path`` during the exchange: put it back.

    Each exchange takes out what is at ``path``; once that is a file this
    function (or the write) put there, the newest save is at ``path`` again.
    """
    placed = {ours}
    for _ in range(SWAP_ROUNDS):
        newest = os.lstat(tmp).st_ino
        _exchange(tmp, path)
        taken = os.lstat(tmp).st_ino
        if taken in placed:
            os.unlink(tmp)
            return
        placed.add(newest)  # a save landed again; it goes back on the next round
    kept = tmp.with_name(f"{path.name}.saved-{os.getpid()}-{ours}")
    os.replace(tmp, kept)
    raise OutputError(f"{shown}: saved again and again while localize was replacing it; "
                      f"one of those saves is in {kept.name} next to it, compare the two")


def write_text_if_changed(
    path: Path,
    text: str,
    expected: str | None = None,
    display: str | None = None,
    behind: WriteBehind | None = None,
    root: Path | None = None,
) -> bool:
    """Write ``text`` (UTF-8) to ``path`` unless it already holds exactly that; True if written.

    ``expected``, ``display``, ``root``: see ``atomic_write_bytes``;
    ``behind``: see ``WriteBehind``.
    """
    return write_bytes_if_changed(path, text.encode("utf-8"), expected, display, behind, root)


def write_bytes_if_changed(path: Path, data: bytes, expected: str | None = None,
                           display: str | None = None, behind: WriteBehind | None = None,
                           root: Path | None = None) -> bool:
    """``write_text_if_changed`` for bytes."""
    try:
        if read_inside(root, path, display) == data:
            return False
    except OSError:
        pass  # missing, or unreadable: the write says what is wrong
    if behind is None:
        atomic_write_bytes(path, data, expected, display, root)
        return True
    behind.submit(display or str(path), _written, path, data, expected, display, root)
    return True


def _written(path: Path, data: bytes, expected: str | None, display: str | None,
             root: Path | None) -> bool:
    atomic_write_bytes(path, data, expected, display, root)
    return True


class WriteBehind:
    """Write jobs running on threads, until ``wait`` or ``finish``."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, Future[bool]]] = []
        self.failures: list[tuple[str, BaseException]] = []
        """(file as named to the caller, error) of each job that failed, in order."""
        self.unwritten: list[str] = []
        """Files whose job found, in the end, nothing to write."""

    def submit(self, shown: str, job: Callable[..., bool], *args: Any) -> None:
        """Run ``job(*args)`` (True if it wrote ``shown``) on a writing thread."""
        self.pending.append((shown, _writer().submit(job, *args)))

    def wait(self) -> None:
        for shown, future in self.pending:
            error = future.exception()
            if error is not None:
                self.failures.append((shown, error))
            elif not future.result():
                self.unwritten.append(shown)
        self.pending = []

    def finish(self, written: list[str], errors: list[LocalizeError]) -> int:
        """Wait for every job, then ``report``; how many files needed no write after all."""
        self.wait()
        return self.report(written, errors)

    def report(self, written: list[str], errors: list[LocalizeError]) -> int:
        """Move the files that could not be written from ``written`` to ``errors``, and take
        out those that needed no write after all (their number is returned)."""
        for shown, error in self.failures:
            if shown in written:
                written.remove(shown)
            errors.append(error if isinstance(error, LocalizeError)
                          else OutputError(f"{shown}: cannot write: {error}"))
        unchanged = 0
        for shown in self.unwritten:
            if shown in written:
                written.remove(shown)
                unchanged += 1
        self.failures, self.unwritten = [], []
        return unchanged


def _writer() -> ThreadPoolExecutor:
    # One pool per process: a forked worker must not inherit its parent's (threadless) pool.
    pool = _POOLS.get(os.getpid())
    if pool is None:
        pool = _POOLS[os.getpid()] = ThreadPoolExecutor(4, thread_name_prefix="write-behind")
    return pool


_POOLS: dict[int, ThreadPoolExecutor] = {}


# --- the exchange -------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2() -> Any:
    """glibc's ``renameat2``, or ``None`` where there is none (not Linux, old C library)."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # TypeError: Windows has no CDLL(None)
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Swap the files named ``first`` and ``second`` atomically; False (and nothing done)
    where the system or the file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


# --- permissions and durability ---------------------------------------------


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
