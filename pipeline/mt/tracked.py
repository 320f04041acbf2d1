"""A PO file being filled by a long-running stage, saved without clobbering anyone's edits.

Rules:

- Which entries a machine may fill: no translation at all; or, only when
  asked (``--retranslate-fuzzy``), machine output nobody reviewed yet
  (``marks.is_machine``). A translator's msgstr, reviewed or marked fuzzy by
  hand, is never touched.
- Machine output is marked by ``marks.mark_machine`` (``#, fuzzy`` and a
  ``# mt: <engine>`` line; other comment lines are kept).
- Every save passes the digest of what this process last read or wrote to
  ``catalog.save_po``, which replaces the file only if it still has that
  digest (``files.ChangedOnDisk`` otherwise). If someone else changed it
  (a translator saving in Poedit during the run), it is read again and this
  run's results are merged into the newer file, only into entries that are
  still fillable there; the other side's work always wins. The digest kept
  after a save is that of the bytes written, never a re-read (which could
  adopt a translator's save as our own and clobber it on the next save). A
  file that became unparsable is not written (its results stay in the cache).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline.errors import PoFileError
from pipeline.po import catalog, marks, update
from pipeline.project.languages import Language
from pipeline.runtime.files import ChangedOnDisk

Key = tuple[str | None, str]
"""An entry's (msgctxt, msgid)."""
Marker = Callable[[polib.POEntry], None]
"""Sets the marks of an entry that was just filled (``marked_machine`` …)."""


def is_fillable(entry: polib.POEntry, retranslate_fuzzy: bool) -> bool:
    """Whether a machine may write this entry's msgstr."""
    if entry.obsolete or entry.msgid_plural or not entry.msgid:
        return False
    if not catalog.is_translated(entry):
        return True
    return retranslate_fuzzy and marks.is_machine(entry)


def marked_machine(engine: str) -> Marker:
    """The marker for output of ``engine``."""
    return lambda entry: marks.mark_machine(entry, engine)


reviewed_copy: Marker = marks.mark_copy
"""The marker for a reviewed translation copied from translation memory."""


@dataclass
class Fill:
    msgstr: str
    mark: Marker


@dataclass
class TrackedPo:
    """One PO file, the fills this run made to it, and what is on disk."""

    path: Path
    display: str
    lang: Language
    po: polib.POFile
    digest: str
    retranslate_fuzzy: bool = False
    root: Path | None = None
    """The project folder (``runtime.confine``)."""
    form: catalog.FileForm = field(default_factory=catalog.FileForm)
    """The file's line ends, kept when it is written back."""
    skip: tuple[str, ...] = ()
    """Header rules the project turned off (``po.header``)."""
    fills: dict[Key, Fill] = field(default_factory=dict)
    dirty: bool = False
    loaded_digest: str = ""
    """The digest of the file when this run first read it."""
    merged_foreign: bool = False
    """Whether someone else changed the file during the run (its saves were merged in)."""
    index: dict[Key, polib.POEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, display: str, lang: Language, retranslate_fuzzy: bool,
             root: Path | None = None, skip: Collection[str] = ()) -> TrackedPo:
        """The file, if its header fits ``lang`` (``po.header``, but the rules in ``skip``)."""
        loaded = catalog.load_po_with_digest(path, display, root, lang, skip)
        tracked = cls(path, display, lang, loaded.po, loaded.digest, retranslate_fuzzy, root,
                      loaded.form, tuple(skip), loaded_digest=loaded.digest)
        tracked.reindex()
        return tracked

    def reindex(self) -> None:
        self.index = {(e.msgctxt, e.msgid): e for e in self.po if not e.obsolete}

    def fillable(self) -> list[polib.POEntry]:
        return [e for e in self.index.values() if is_fillable(e, self.retranslate_fuzzy)]

    def fill(self, key: Key, msgstr: str, mark: Marker) -> bool:
        """Write one translation into the loaded file; False if the entry is no longer fillable."""
        fill = Fill(msgstr, mark)
        if not self._apply(key, fill):
            return False
        self.fills[key] = fill
        self.dirty = True
        return True

    def _apply(self, key: Key, fill: Fill) -> bool:
        entry = self.index.get(key)
        if entry is None or not is_fillable(entry, self.retranslate_fuzzy):
            return False
        entry.msgstr = fill.msgstr
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
        fill.mark(entry)
        return True

    def save(self) -> str | None:
        """Write the file if anything changed; merge first if it changed on disk. A note or None."""
        if not self.dirty:
            return None
        note = None
        for _ in range(update.UPDATE_ATTEMPTS):
            try:
                written = catalog.save_po_digest(self.po, self.path, expected=self.digest,
                                                 display=self.display, root=self.root,
                                                 form=self.form)
                break
            except ChangedOnDisk:
                self._reload()
                note = (
                    f"{self.display} changed on disk during the run; "
                    "merged this run's translations into it"
                )
        else:
            raise PoFileError(
                self.display,
                "kept changing on disk during the run; this run's translations for it are "
                "in the cache, run translate again",
            )
        self.digest = written
        self.dirty = False
        return note

    def rewrite(self) -> tuple[str, str] | None:
        """(digest when read, digest now) if only this run changed the file, else None."""
        if self.merged_foreign or self.dirty or self.digest == self.loaded_digest:
            return None
        return self.loaded_digest, self.digest

    def _reload(self) -> None:
        loaded = catalog.load_po_with_digest(self.path, self.display, self.root, self.lang,
                                             self.skip)
        self.po, self.digest, self.form = loaded.po, loaded.digest, loaded.form
        self.merged_foreign = True
        self.reindex()
        for key, fill in self.fills.items():
            self._apply(key, fill)
