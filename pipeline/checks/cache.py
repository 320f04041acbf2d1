"""A results cache for validate, so unchanged input is never checked twice.

Two levels:

- *files*: a PO or POT file whose bytes, template, language, skipped checks,
  do-not-translate terms and ``reviewed_only`` are unchanged gets its earlier
  problems and counts back without being parsed (a no-op run reads and
  hashes files only);
- *entries*: in a file that changed, an entry whose language, msgid, msgstr,
  flags, translator comment (``mt:`` and ``ignore:`` lines), previous-msgid
  presence and obsolescence are unchanged gets its earlier check results
  back (langdetect is the slow part).

Every key includes the checks' version (their source code and the language
table), so results of older code are never reused. One JSON file, replaced
atomically; a file that is missing, unreadable or of another version is
ignored and rebuilt, never an error, and a record of the wrong shape is a
cache miss. Two validate runs at once (validate takes no lock) each
replace the whole file; the last one wins, neither corrupts it. Keys
unused in a run are kept for runs over other languages or articles, but
dropped once they outnumber the used ones by far, so the file does not
grow without end.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.checks import Severity, Subject, checks_version
from pipeline.errors import OutputError
from pipeline.fsutil import atomic_write_bytes
from pipeline.status import Tally

Result = tuple[str, Severity, str]
StoredProblem = tuple[int | None, str, str, str, str | None]
_KEEP_UNUSED = 2.0
_KEEP_ALWAYS = 2000


def digest(data: bytes | None) -> str:
    """A short content hash; ``"missing"`` for a file that does not exist."""
    return "missing" if data is None else hashlib.sha1(data).hexdigest()


@dataclass(frozen=True)
class FileRecord:
    """What checking one file found."""

    problems: list[StoredProblem]
    entries: int
    tally: Tally | None
    missing: bool
    keys: list[str]
    """The entry results the file's check used: kept while the file is."""


def _tally_json(tally: Tally | None) -> Any:
    if tally is None:
        return None
    return {
        "entries": dict(tally.entries),
        "words": dict(tally.words),
        "segments": tally.segments,
        "published": tally.published,
    }


def _tally_from(data: Any) -> Tally | None:
    if data is None:
        return None
    return Tally(
        _counts(data["entries"]),
        _counts(data["words"]),
        _number(data["segments"]),
        _number(data["published"]),
    )


# What the file holds is checked as strictly as any input: an entry of the right version
# but the wrong shape (edited by hand, another tool) raises TypeError/ValueError here, and
# the callers treat it as missing.


def _number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError("not a count")
    return value


def _counts(value: Any) -> Counter[str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise TypeError("not a table of counts")
    return Counter({key: _number(count) for key, count in value.items()})


def _text(value: Any, optional: bool = False) -> Any:
    if not isinstance(value, str) and not (optional and value is None):
        raise TypeError("not text")
    return value


def _problem(stored: Any) -> StoredProblem:
    line, check_id, severity, message, msgid = stored
    if line is not None:
        _number(line)
    Severity(severity)
    return (line, _text(check_id), _text(severity), _text(message), _text(msgid, optional=True))


def _result(stored: Any) -> Result:
    check_id, severity, message = stored
    return (_text(check_id), Severity(severity), _text(message))


class ResultCache:
    """Check results by key; ``path=None`` keeps nothing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = checks_version()
        data = self._load()
        self.results: dict[str, Any] = data.get("results", {})
        self.files: dict[str, Any] = data.get("files", {})
        self.used: set[str] = set()
        self.dirty = False
        self.hits = 0

    def _load(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            data: Any = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != self.version:
            return {}
        if not isinstance(data.get("results"), dict) or not isinstance(data.get("files"), dict):
            return {}
        return data

    def _key(self, parts: list[Any]) -> str:
        text = json.dumps([self.version, *parts], ensure_ascii=False)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def key(self, subject: Subject, skip: tuple[str, ...]) -> str:
        return self._key(
            [
                subject.lang.code,
                subject.msgid,
                subject.msgstr,
                sorted(subject.flags),
                subject.previous_msgid is not None,
                subject.obsolete,
                subject.comment,
                list(subject.terms),
                sorted(skip),
            ]
        )

    def file_key(
        self,
        shown: str,
        lang: str,
        content: str,
        template: str,
        skip: tuple[str, ...],
        terms: tuple[str, ...],
        reviewed_only: bool,
    ) -> str:
        parts = ["file", shown, lang, content, template, sorted(skip), list(terms), reviewed_only]
        return self._key(parts)

    def get(self, key: str) -> list[Result] | None:
        stored = self.results.get(key) if self.path is not None else None
        if stored is None:
            return None
        try:
            found = [_result(item) for item in stored]
        except (ValueError, TypeError):
            return None
        self.used.add(key)
        self.hits += 1
        return found

    def put(self, key: str, results: list[Result]) -> None:
        if self.path is None:
            return
        self.results[key] = [
            [check_id, str(severity), message] for check_id, severity, message in results
        ]
        self.used.add(key)
        self.dirty = True

    def get_file(self, key: str) -> FileRecord | None:
        stored = self.files.get(key) if self.path is not None else None
        if stored is None:
            return None
        try:
            record = FileRecord(
                [_problem(p) for p in stored["problems"]],
                _number(stored["entries"]),
                _tally_from(stored["tally"]),
                bool(stored["missing"]),
                [_text(k) for k in stored["keys"]],
            )
        except (KeyError, TypeError, ValueError):
            return None
        self.used.add(key)
        self.used.update(record.keys)
        return record

    def put_file(self, key: str, record: FileRecord) -> None:
        if self.path is None:
            return
        self.files[key] = {
            "problems": [list(p) for p in record.problems],
            "entries": record.entries,
            "tally": _tally_json(record.tally),
            "keys": record.keys,
            "missing": record.missing,
        }
        self.used.add(key)
        self.dirty = True

    def _prune(self, table: dict[str, Any]) -> dict[str, Any]:
        used = sum(1 for key in table if key in self.used)
        if len(table) <= max(_KEEP_ALWAYS, _KEEP_UNUSED * used):
            return table
        self.dirty = True
        return {key: value for key, value in table.items() if key in self.used}

    def save(self) -> None:
        """Write the cache if anything changed; a cache that cannot be written is skipped."""
        if self.path is None:
            return
        self.results, self.files = self._prune(self.results), self._prune(self.files)
        if not self.dirty:
            return
        data = {"version": self.version, "results": self.results, "files": self.files}
        try:
            atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OutputError:
            return
        self.dirty = False
