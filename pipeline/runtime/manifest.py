"""Skipping work whose inputs did not change: a manifest of content hashes.

Rules:

- One JSON file per stage, ``<cache_dir>/manifest-<stage>.json``, maps a
  unit of work (an output file, or an article) to the digest of everything
  that work read (source bytes, PO bytes, settings, the pipeline's own
  version), the digest of every file it wrote, and a little data to report
  the result again without redoing it.
- Work is skipped only when its inputs digest to the recorded value *and*
  every file it wrote still holds the recorded bytes (and every file it
  removed is still absent). Content hashes decide, never timestamps.
- A missing, unreadable, corrupt or other-version manifest, or any record
  that does not match, means "do the work"; it is never an error.
- ``version()`` digests the pipeline's source files, templates and the
  versions of the libraries that shape the output, so results of other
  code are never reused.
- The file is replaced atomically (``runtime.files``) at the end of a stage, and
  only when a record changed; records of units not seen in a run are kept
  (a run over some articles must not forget the others).
- A later stage that rewrites an output of an earlier one without undoing
  its work (translate filling entries of the PO files extract wrote) says so
  with ``follow_rewrites``: the earlier stage's records then expect the new
  bytes, so the next run neither redoes that work nor rewrites its manifest.
  A file someone else changed in between (its bytes were not the recorded
  ones when the later stage read it) is not followed.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from pipeline.errors import OutputError
from pipeline.runtime.cachefile import read_table, write_table
from pipeline.runtime.confine import read_inside
from pipeline.runtime.files import digest_parts

FORMAT = 1
_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "polib", "PyYAML", "Jinja2", "MarkupSafe")


digest = digest_parts
"""A short hex digest of parts (``files.digest_parts``); of one part, a file's bytes,
it is ``files.digest`` of them."""


def file_digest(path: Path, root: Path | None = None) -> str | None:
    """Digest of the file's bytes; ``None`` when it does not exist, cannot be read or leads
    outside ``root`` (``confine``).

    Within one process a file is read and hashed once: asked again about the
    same path with the same inode, size and change times (the next stage of
    ``run``, a moment later), the answer is reused. As in git, a file changed
    less than ``_SETTLED_NS`` before it was hashed is not remembered (a second
    change within the clock's granularity would keep its times). Every
    process hashes every file it relies on at least once; no decision rests
    on a timestamp recorded by an earlier run.
    """
    try:
        info = os.stat(path)
    except OSError:
        return None
    key = (str(path), str(root))
    signature = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    known = _SEEN.get(key)
    if known is not None and known[0] == signature:
        return known[1]
    try:
        value = digest(read_inside(root, path))
    except (OSError, OutputError):
        return None
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > _SETTLED_NS:
        _SEEN[key] = (signature, value)
    return value


_SEEN: dict[tuple[str, str], tuple[tuple[int, int, int, int], str]] = {}
_SETTLED_NS = 2_000_000_000


@functools.cache
def version() -> str:
    """The pipeline's version for caching: its own files and the libraries it renders with."""
    package = Path(__file__).resolve().parent.parent  # pipeline/, not runtime/
    parts: list[bytes | str] = [str(FORMAT)]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".css"):
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    installed = _installed()
    for name in _LIBRARIES:
        parts += [name, installed.get(_canonical(name), "-")]
    return digest(*parts)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed() -> dict[str, str]:
    """Distribution name → version, from the ``*.dist-info`` and ``*.egg-info`` folder names
    on ``sys.path`` (the first of a name wins, as for imports).

    Only a cache key: it changes when a library's version does. Listing the
    folders takes a millisecond; ``importlib.metadata`` took a tenth of a
    command's start-up to import.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if dot and kind in ("dist-info", "egg-info"):
                distribution, _, release = stem.partition("-")
                found.setdefault(_canonical(distribution), release)
    return found


class Project(Protocol):
    """What a manifest needs of the project: where it is, where its cache goes."""

    @property
    def root(self) -> Path: ...

    @property
    def cache_path(self) -> Path: ...


class Manifest:
    """The records of one stage, loaded at its start and saved at its end."""

    def __init__(self, settings: Project, stage: str) -> None:
        self.root = settings.root.resolve()
        self.path = settings.cache_path / f"manifest-{stage}.json"
        self.records: dict[str, dict[str, Any]] = read_table(self.path, version(), "records")
        self._changed = False

    def name(self, path: Path) -> str:
        """``path`` as recorded: relative to the project when inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def fresh(self, key: str, inputs: str) -> dict[str, Any] | None:
        """The record of ``key`` if its inputs and outputs are as recorded, else ``None``."""
        record = self.records.get(key)
        if not isinstance(record, dict) or record.get("inputs") != inputs:
            return None
        outputs = record.get("outputs")
        if not isinstance(outputs, dict):
            return None
        for name, expected in outputs.items():
            if file_digest(self.root / name, self.root) != expected:
                return None
        return record

    def record(self, key: str, inputs: str, outputs: Iterable[Path],
               data: dict[str, Any] | None = None, absent: Iterable[Path] = (),
               digests: Iterable[str | None] | None = None) -> None:
        """Remember that ``key`` read ``inputs`` and left ``outputs`` (and ``absent`` removed).

        ``digests``: of the outputs' bytes, when the caller has just written them
        (``digest(data)``); else the files are read and hashed here.
        """
        paths = list(outputs)
        known = (list(digests) if digests is not None
                 else [file_digest(p, self.root) for p in paths])
        written = {self.name(p): value for p, value in zip(paths, known, strict=True)}
        written.update({self.name(p): None for p in absent})
        self.put(key, {"inputs": inputs, "outputs": written, "data": data or {}})

    def put(self, key: str, record: dict[str, Any]) -> None:
        if self.records.get(key) != record:
            self.records[key] = record
            self._changed = True

    def forget(self, key: str) -> None:
        if self.records.pop(key, None) is not None:
            self._changed = True

    def save(self) -> None:
        """Write the manifest if any record changed; a failure to write only costs speed."""
        if self._changed and write_table(self.path, version(), "records", self.records):
            self._changed = False

    def follow(self, rewritten: Mapping[Path, tuple[str, str]]) -> None:
        """Outputs recorded as ``before`` (of ``rewritten[path]``) now expect ``after``."""
        names = {self.name(path): pair for path, pair in rewritten.items()}
        for record in self.records.values():
            outputs = record.get("outputs") if isinstance(record, dict) else None
            if not isinstance(outputs, dict):
                continue
            for name, expected in outputs.items():
                pair = names.get(name)
                if pair is not None and expected == pair[0] != pair[1]:
                    outputs[name] = pair[1]
                    self._changed = True


def follow_rewrites(settings: Project, stage: str,
                    rewritten: Mapping[Path, tuple[str, str]]) -> None:
    """Tell ``stage``'s manifest that files it recorded went from digest ``before`` to ``after``.

    Only for a rewrite after which that stage, run again on the same inputs,
    would leave the file as it now is: its work is still done.
    """
    if rewritten:
        manifest = Manifest(settings, stage)
        manifest.follow(rewritten)
        manifest.save()
