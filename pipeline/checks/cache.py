"""A results cache for entry checks, so an unchanged entry is never checked twice.

Rules:

- The key is a digest of everything a result depends on: the checks'
  version (their source code and the language table), the language, the
  entry's msgid, msgstr, flags, whether it has a previous msgid, whether it
  is obsolete, the do-not-translate terms and the skipped checks.
- One JSON file, replaced atomically; a file that is missing, unreadable or
  from another checks version is ignored and rebuilt, never an error.
- Results of keys not used in a run are kept (a run may cover only some
  languages), unless the file is from another version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pipeline.checks import Severity, Subject, checks_version
from pipeline.errors import OutputError
from pipeline.fsutil import atomic_write_bytes

Result = tuple[str, Severity, str]


class ResultCache:
    """Check results by entry key; ``path=None`` keeps nothing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = checks_version()
        self.results: dict[str, list[list[str]]] = self._load()
        self.dirty = False
        self.hits = 0

    def _load(self) -> dict[str, list[list[str]]]:
        if self.path is None:
            return {}
        try:
            data: Any = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != self.version:
            return {}
        results = data.get("results")
        return results if isinstance(results, dict) else {}

    def key(self, subject: Subject, skip: tuple[str, ...]) -> str:
        parts = [
            self.version, subject.lang.code, subject.msgid, subject.msgstr,
            sorted(subject.flags), subject.previous_msgid is not None, subject.obsolete,
            list(subject.terms), sorted(skip),
        ]
        return hashlib.sha1(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()

    def get(self, key: str) -> list[Result] | None:
        if self.path is None:
            return None
        stored = self.results.get(key)
        if stored is None:
            return None
        try:
            found = [(check_id, Severity(severity), message) for check_id, severity, message in stored]
        except (ValueError, TypeError):
            return None
        self.hits += 1
        return found

    def put(self, key: str, results: list[Result]) -> None:
        if self.path is None:
            return
        self.results[key] = [[check_id, str(severity), message] for check_id, severity, message in results]
        self.dirty = True

    def save(self) -> None:
        """Write the cache if anything was added; a cache that cannot be written is skipped."""
        if self.path is None or not self.dirty:
            return
        data = json.dumps({"version": self.version, "results": self.results}, ensure_ascii=False)
        try:
            atomic_write_bytes(self.path, data.encode("utf-8"))
        except OutputError:
            return
        self.dirty = False
