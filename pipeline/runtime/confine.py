"""The one rule for every path the pipeline reads or writes: its real path stays inside the project.

Rules:

- A path is followed to its real path: every symbolic link resolved, the
  last component's too. That real path must be the project folder or lie
  inside it; otherwise the path is refused with ``OutsideProject``
  (``output/fr/a.html: leads outside the project folder …``), and nothing
  is read or written through it. So ``source/passwd.md → /etc/passwd``
  publishes nothing and ``po/x/de.po → /elsewhere/victim.po`` is neither
  read nor replaced by a copy of what it points to.
- Links that stay inside the project keep working for reading (a PO file
  shared by two articles, an article kept in another folder). A write never
  goes through a link: the link itself is replaced by the new file (see
  ``files.atomic_write_bytes``), so no link can make a stage write over
  another file of the project.
- The check is made when the file is opened, on the file actually opened:
  ``open_inside`` opens without following a final link (a link is resolved
  and checked first, then its target opened the same way) and then asks
  the kernel where the open file is (``/proc/self/fd``), so a folder swapped
  for a link between a check and the open is caught too. Folders to write
  into are checked the same way (``folder_inside``).
- Only regular files are read: a FIFO, a device or a folder at a file's
  path is an ``OSError`` ("not a regular file"), never a read that blocks.
- Without a project (``root`` is ``None``) the boundary is the folder that
  holds the file: a library caller that names a file gets that file, not
  what a link makes of it.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from pathlib import Path

from pipeline.errors import OutputError

_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_NOFOLLOW", 0))
_LINK_ERRORS = (errno.ELOOP, errno.EMLINK)
"""What ``open`` with ``O_NOFOLLOW`` says of a symbolic link (Linux, the BSDs)."""


class OutsideProject(OutputError):
    """A path whose real path is outside the project; nothing was read or written."""

    def __init__(self, shown: str, root: str, real: str) -> None:
        self.parts = (shown, root, real)
        super().__init__(f"{shown}: leads outside the project folder {root} (to {real}); "
                         "a symbolic link? localize reads and writes only inside the project")

    def __reduce__(self) -> tuple[type[OutsideProject], tuple[str, str, str]]:
        return (type(self), self.parts)  # from a worker process, as it was


@functools.lru_cache(maxsize=64)
def real_root(root: Path | str) -> str:
    """The real path of a project folder (resolved once per process)."""
    return os.path.realpath(root)


def _boundary(root: Path | None, path: Path) -> str:
    return real_root(root if root is not None else Path(os.path.abspath(path)).parent)


def is_within(real: str, root: str) -> bool:
    """Whether the real path ``real`` is ``root`` or lies inside it (both already resolved)."""
    return real == root or real.startswith(root if root.endswith(os.sep) else root + os.sep)


def inside(root: Path | None, path: Path, display: str | None = None) -> str:
    """The real path of ``path`` (links resolved, the last one too), if it is inside ``root``.

    ``path`` need not exist: the part that does is resolved. ``OutsideProject`` otherwise.
    """
    boundary = _boundary(root, path)
    real = os.path.realpath(path)
    if not is_within(real, boundary):
        raise OutsideProject(display or str(path), boundary, real)
    return real


def folder_inside(root: Path | None, path: Path, display: str | None = None) -> None:
    """``OutsideProject`` unless the folder that holds (or will hold) ``path`` is in ``root``."""
    boundary = _boundary(root, path)
    real = os.path.realpath(path.parent)
    if not is_within(real, boundary):
        raise OutsideProject(display or str(path), boundary, os.path.join(real, path.name))


def open_inside(root: Path | None, path: Path, display: str | None = None) -> int:
    """A descriptor of the regular file at ``path``, opened for reading only if it is inside
    ``root``. ``FileNotFoundError`` and other ``OSError`` pass through."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        if exc.errno not in _LINK_ERRORS or not os.path.islink(path):
            raise
        fd = os.open(inside(root, path, display), _READ_FLAGS)
    try:
        check_descriptor(root, fd, path, display)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            code = errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.EINVAL
            raise OSError(code, "not a regular file", str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def check_descriptor(root: Path | None, fd: int, path: Path, display: str | None = None) -> None:
    """``OutsideProject`` unless the file open as ``fd`` (opened as ``path``) is inside ``root``.

    Asks the kernel where the open file is; where it cannot say (no ``/proc``),
    resolves ``path`` again.
    """
    try:
        real = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        real = os.path.realpath(path)
    boundary = _boundary(root, path)
    if not is_within(real, boundary):
        raise OutsideProject(display or str(path), boundary, real)


def read_inside(root: Path | None, path: Path, display: str | None = None,
                limit: int | None = None) -> bytes:
    """The bytes of the file at ``path`` (at most ``limit`` + 1 of them), read only if it is
    inside ``root``. ``FileNotFoundError`` and other ``OSError`` pass through."""
    fd = open_inside(root, path, display)
    with os.fdopen(fd, "rb") as handle:
        return handle.read() if limit is None else handle.read(limit + 1)


def remove_inside(root: Path | None, path: Path, display: str | None = None) -> bool:
    """Remove the file at ``path`` (a link itself, not what it points to); False if there was
    none. Refused like a read when the path leads outside ``root``."""
    folder_inside(root, path, display)
    if not os.path.lexists(path):
        return False
    inside(root, path, display)
    os.unlink(path)
    return True
