"""Which PO files translate found nothing to fill in, by content: skipped next time unread.

Rules:

- A record maps a file (as shown) and the kind of run (``--retranslate-fuzzy``
  or not) to the digest (``files.digest``) of the bytes that were found to hold no fillable
  entry. A file whose bytes still hash to that value is not parsed again:
  what is fillable depends only on those bytes and on the kind of run.
- Content hashes, never timestamps; a file that changes in any way is read.
- One small JSON file in the cache folder (``translate-nothing-to-fill.json``,
  see ``runtime.cachefile``), replaced when it changed. A file that is
  missing, unreadable or of the wrong shape only costs the time of reading
  the PO files; a record that cannot be written is skipped.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.runtime.cachefile import read_table, write_table

FILENAME = "translate-nothing-to-fill.json"
_VERSION = 2


class NothingToFill:
    """The record; ``folder=None`` keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILENAME if folder is not None else None
        self.files: dict[str, str] = self._load()
        self.changed = False

    def _load(self) -> dict[str, str]:
        if self.path is None:
            return {}
        files = read_table(self.path, _VERSION, "files")
        return {k: v for k, v in files.items() if isinstance(v, str)}

    @staticmethod
    def _key(shown: str, retranslate_fuzzy: bool) -> str:
        return f"{shown}\n{'retranslate' if retranslate_fuzzy else 'missing'}"

    def known(self, shown: str, retranslate_fuzzy: bool, digest: str) -> bool:
        """Whether the file with these bytes was found to hold nothing to fill."""
        return self.files.get(self._key(shown, retranslate_fuzzy)) == digest

    def remember(self, shown: str, retranslate_fuzzy: bool, digest: str | None) -> None:
        """Record the file's bytes as holding nothing to fill (``None``: forget the file)."""
        key = self._key(shown, retranslate_fuzzy)
        if digest is None:
            if self.files.pop(key, None) is not None:
                self.changed = True
        elif self.files.get(key) != digest:
            self.files[key] = digest
            self.changed = True

    def save(self) -> None:
        """Write the record if it changed; a record that cannot be written is skipped."""
        if self.path is None or not self.changed:
            return
        if write_table(self.path, _VERSION, "files", self.files):
            self.changed = False
