"""Updating a PO file in place of a translator who may be saving it: read, change, compare, swap.

Rules:

- ``update_po`` reads the file (or finds none), makes the new bytes
  (``catalog.merge`` through the caller's ``change``, or the same merge on
  the file's text), and replaces the file only if it still holds what was
  read (``files.atomic_write_bytes(expected=…)``, an atomic exchange that
  puts back a save it took out of the way).
- On a conflict the cycle starts again from the newer file: the
  translator's save is merged, never overwritten. After ``UPDATE_ATTEMPTS``
  tries in all the file is an error and keeps the other side's last save.
- The cycle runs where the write runs: on a writing thread
  (``files.WriteBehind``) when asked, so that the re-check is made right
  before the replace, by the thread that replaces, and a conflict there is
  retried there.
- The file keeps its line ends (``catalog.FileForm``); an existing file's
  header must fit the language given (``header``), or the file is left
  as it is and reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.errors import PoFileError
from pipeline.po import header
from pipeline.po.catalog import FileForm, normalized, parse_po, precheck, read_if_exists
from pipeline.po.writer import EntryKey, entry_key, format_po
from pipeline.project.languages import Language
from pipeline.runtime.files import ChangedOnDisk, WriteBehind, atomic_write_bytes, digest

UPDATE_ATTEMPTS = 5


def update_po(
    path: Path,
    display: str,
    change: Callable[[polib.POFile | None], polib.POFile],
    written: Callable[[bytes], bool] | None = None,
    behind: WriteBehind | None = None,
    as_text: Callable[[str | None], str | None] | None = None,
    root: Path | None = None,
    done: Callable[[bytes], None] | None = None,
    lang: Language | None = None,
    skip: Collection[str] = (),
) -> bool:
    """Read ``path`` (``None`` if missing), write ``change(old)``; True if the file changed.

    If someone saves the file between the read and the write (a translator
    in Poedit), nothing of theirs is replaced: the write is refused right
    before the replace (``files.ChangedOnDisk``), the newer file is read and
    the change made again from it, up to ``UPDATE_ATTEMPTS`` times in all;
    after that the file is an error and keeps the other side's last save.
    The cycle runs where the write runs: on ``behind``'s thread when given
    (the first read and change are made here, so that errors in them are
    reported at once). The line ends of the file are kept (``FileForm``).

    ``written(bytes)`` says whether this pipeline wrote exactly those bytes
    (``written_entries``). ``as_text(text)``, given the file's text (``None``
    if missing) once it passed the checks of ``parse_po``, gives
    ``format_po(change(old))`` without reading it into polib, or ``None``
    when unsure (``textmerge.merge_text``). ``done(bytes)`` is told what the
    file holds at the end of the cycle, written or not (for a manifest). ``lang``,
    ``skip``: an existing file's header must fit ``lang`` (``header.require_fit``),
    or the file is an error and left as it is.
    """
    update = _Update(path, display, change, written, as_text, root, done, lang, skip)
    raw = read_if_exists(path, display, root)
    new = update.made_from(raw)
    if new == raw:
        update.finished(raw)
        return False
    if behind is None:
        return update.commit(raw, new)
    behind.submit(display, update.commit, raw, new)
    return True


@dataclass
class _Update:
    """One ``update_po`` cycle: read, change, compare and swap, again if it changed meanwhile."""

    path: Path
    display: str
    change: Callable[[polib.POFile | None], polib.POFile]
    written: Callable[[bytes], bool] | None
    as_text: Callable[[str | None], str | None] | None
    root: Path | None
    done: Callable[[bytes], None] | None
    lang: Language | None
    skip: Collection[str]

    def made_from(self, raw: bytes | None) -> bytes:
        """The new bytes of the file, made from ``raw`` (``None``: no file)."""
        form = FileForm.of(raw)
        plain = None if raw is None else normalized(raw)
        if plain is not None:
            precheck(plain, self.display)
            if self.lang is not None:
                header.require_text_fits(plain.decode("utf-8"), self.lang, self.display,
                                         self.skip)
        if self.as_text is not None:
            text = self.as_text(None if plain is None else plain.decode("utf-8"))
            if text is not None:
                return form.encode(text)
        old = None
        known: dict[EntryKey, str] = {}
        if plain is not None:
            old = parse_po(plain, self.display)[0]
            old.fpath = str(self.path)
            if self.written is not None and raw is not None and self.written(raw):
                known = written_entries(plain, old)
        return form.encode(format_po(self.change(old), known=known))

    def commit(self, raw: bytes | None, new: bytes) -> bool:
        """Write ``new`` over the file as ``raw``; redo the change while it keeps changing."""
        for _ in range(UPDATE_ATTEMPTS):
            try:
                atomic_write_bytes(self.path, new, digest(raw), self.display, self.root)
                self.finished(new)
                return True
            except ChangedOnDisk:
                raw = read_if_exists(self.path, self.display, self.root)
                new = self.made_from(raw)
                if new == raw:
                    self.finished(raw)
                    return False
        raise PoFileError(
            self.display,
            f"kept changing on disk while localize was updating it ({UPDATE_ATTEMPTS} tries); "
            "nothing was written, run again once nobody is saving it",
        )

    def finished(self, data: bytes | None) -> None:
        if self.done is not None and data is not None:
            self.done(data)


_LOSSY_LINE = re.compile(r"^(?:#~\||#[.:,]$)", re.MULTILINE)


def written_entries(raw: bytes, po: polib.POFile) -> dict[EntryKey, str]:
    """The text of each entry of ``po``, read from ``raw``, which ``format_po`` wrote.

    A file this pipeline wrote holds exactly what ``format_po`` gives for
    each of its entries, so an entry that comes out of a merge unchanged
    need not be formatted again. Entries with a line polib does not keep
    (``#~|``, an empty ``#.``) would not read back the same and are left out.
    """
    blocks = raw.decode("utf-8").split("\n\n")[1:]
    if len(blocks) != len(po) or not blocks or not blocks[-1].endswith("\n"):
        return {}
    blocks[:-1] = [block + "\n" for block in blocks[:-1]]
    return {entry_key(entry): block for entry, block in zip(po, blocks, strict=True)
            if not _LOSSY_LINE.search(block)}
