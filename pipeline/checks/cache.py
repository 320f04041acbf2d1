"""The checks' results cache, so unchanged input is never checked twice.

validate fills it; assemble and status read it (``checks.findings``) to
reach the very verdicts validate reached without checking again. Three
tables, in three files of the cache folder:

- *files* (``validate-results.json``): a PO or POT file whose bytes,
  template, language, skipped checks, do-not-translate terms and
  ``reviewed_only`` are unchanged gets its earlier problems and counts back
  without being parsed (a no-op run reads and hashes files only). This
  table is small (one record per file) and read whole.
- *entries* (``validate-entries.sqlite3``): in a file that changed, an entry
  whose language, msgid, msgstr, flags, translator comment (``mt:`` and
  ``ignore:`` lines), previous-msgid presence and obsolescence are
  unchanged gets its earlier check results back (langdetect is the slow
  part). This table has a row per entry ever checked, so it is an SQLite
  file read row by row, never loaded whole (memory stays flat however
  large the site).
- *verdicts* (``validate-verdicts.json``): per PO file, keyed by its bytes,
  path, language, skipped checks and do-not-translate terms, the
  error-level findings of its entries (the only results a verdict needs).
  Written by validate for every file it checks, so assemble finds a whole
  file's answer with one look-up; small, since most entries have none.

Every key includes the checks' version (their source code and the language
table), so results of older code are never reused. The JSON file is
replaced atomically; the database commits each batch of results as it is
checked, so an interrupted run keeps what it finished. A file that is
missing, unreadable, corrupt or of another version is ignored and rebuilt,
never an error, and a record of the wrong shape is a cache miss. Two
validate runs at once (validate takes no lock) each replace the whole JSON
file (the last one wins, neither corrupts it) and share the database
(a database locked for too long is simply not used). Keys unused in a run
are kept for runs over other languages or articles, but the oldest are
dropped once they outnumber the ones the run needed by far, so neither
file grows without end.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.checks import Severity, Subject, checks_version
from pipeline.checks.completeness import Tally
from pipeline.runtime.cachefile import read_table, write_table

Result = tuple[str, Severity, str]
StoredProblem = tuple[int | None, str, str, str, str | None, str | None]
_KEEP_UNUSED = 2.0
_KEEP_ALWAYS = 2000
ENTRIES_FILENAME = "validate-entries.sqlite3"
VERDICTS_FILENAME = "validate-verdicts.json"
Key = tuple[str | None, str]
"""An entry: its msgctxt and msgid."""
FileFindings = dict[Key, list[tuple[str, str]]]
"""Error-level findings, ``(check id, message)``, of the entries that have any."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    results TEXT NOT NULL,
    used INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS results_used ON results (used);
"""


@dataclass(frozen=True)
class FileRecord:
    """What checking one file found."""

    problems: list[StoredProblem]
    entries: int
    tally: Tally | None
    missing: bool
    refused: int = 0
    """Entries whose verdict is *refused*."""


def entry_key(version: str, subject: Subject, skip: tuple[str, ...]) -> str:
    """The entry table's key: everything the checks' results on ``subject`` depend on."""
    parts = [
        version,
        subject.lang.code,
        subject.msgid,
        subject.msgstr,
        sorted(subject.flags),
        subject.previous_msgid is not None,
        subject.obsolete,
        subject.comment,
        list(subject.terms),
        [list(map(list, hit)) for hit in subject.glossary],
        sorted(skip),
    ]
    text = json.dumps(parts, ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


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
    line, check_id, severity, message, msgid, msgstr = stored
    if line is not None:
        _number(line)
    Severity(severity)
    return (line, _text(check_id), _text(severity), _text(message), _text(msgid, optional=True),
            _text(msgstr, optional=True))


def _result(stored: Any) -> Result:
    check_id, severity, message = stored
    return (_text(check_id), Severity(severity), _text(message))


class ResultCache:
    """Check results by key; ``path=None`` keeps nothing.

    ``path`` is the JSON file of file records; the entry database lives
    next to it (``ENTRIES_FILENAME``).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = checks_version()
        self.files: dict[str, Any] = (
            read_table(path, self.version, "files") if path is not None else {}
        )
        self.used: set[str] = set()
        self.dirty = False
        self.hits = 0
        self.needed = 0
        """Entries this run stands on (checked or replayed): what pruning keeps room for."""
        self.entries = EntryStore(path.with_name(ENTRIES_FILENAME) if path else None)
        self.verdicts = VerdictTable(path.with_name(VERDICTS_FILENAME) if path else None,
                                     self.version)

    def _key(self, parts: list[Any]) -> str:
        text = json.dumps([self.version, *parts], ensure_ascii=False)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def key(self, subject: Subject, skip: tuple[str, ...]) -> str:
        return entry_key(self.version, subject, skip)

    def file_key(
        self,
        shown: str,
        lang: str,
        content: str,
        template: str,
        skip: tuple[str, ...],
        terms: tuple[str, ...],
        reviewed_only: bool,
        glossary: str = "",
    ) -> str:
        parts = ["file", shown, lang, content, template, sorted(skip), list(terms), reviewed_only]
        if glossary:
            parts.append(glossary)
        return self._key(parts)

    def get_many(self, keys: list[str]) -> dict[str, list[Result]]:
        """The stored results of those ``keys`` that have any (well-formed) ones."""
        found = {}
        for key, stored in self.entries.get_many(keys).items():
            try:
                found[key] = [_result(item) for item in stored]
            except (ValueError, TypeError):
                continue
        self.hits += len(found)
        return found

    def put_many(self, items: Iterable[tuple[str, list[Result]]]) -> None:
        """Store results (committed at once: an interrupted run keeps them)."""
        self.entries.put_many(
            (key, [[check_id, str(severity), message] for check_id, severity, message in results])
            for key, results in items
        )

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
                _number(stored["refused"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        self.used.add(key)
        return record

    def put_file(self, key: str, record: FileRecord) -> None:
        if self.path is None:
            return
        self.files[key] = {
            "problems": [list(p) for p in record.problems],
            "entries": record.entries,
            "tally": _tally_json(record.tally),
            "missing": record.missing,
            "refused": record.refused,
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
        """Write the file records if they changed, prune and close the entry database.

        A cache that cannot be written is skipped, never an error.
        """
        if self.path is None:
            return
        self.entries.close(keep=max(_KEEP_ALWAYS, int(_KEEP_UNUSED * self.needed)))
        self.verdicts.save()
        self.files = self._prune(self.files)
        if self.dirty and write_table(self.path, self.version, "files", self.files):
            self.dirty = False


class EntryStore:
    """Entry results in SQLite: JSON text by key, and the run that last used each row.

    Every failure turns the store off for the rest of the run (a cache miss
    costs time, never a result); a file that is not a database of ours is
    replaced.
    """

    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        self._run = 0
        if path is not None:
            self._db = _open(path)
        if self._db is not None:
            try:
                row = self._db.execute("SELECT max(used) FROM results").fetchone()
                self._run = int(row[0] or 0) + 1
            except (sqlite3.Error, TypeError, ValueError):
                self._off()

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        if self._db is None or not keys:
            return {}
        found: dict[str, Any] = {}
        try:
            for start in range(0, len(keys), _BATCH):
                part = keys[start : start + _BATCH]
                marks = ",".join("?" * len(part))
                for key, text in self._db.execute(
                    f"SELECT key, results FROM results WHERE key IN ({marks})", part
                ):
                    with contextlib.suppress(ValueError):
                        found[key] = json.loads(text)
                with self._db:
                    self._db.execute(
                        f"UPDATE results SET used = ? WHERE key IN ({marks})", [self._run, *part]
                    )
        except sqlite3.Error:
            self._off()
            return {}
        return found

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        if self._db is None:
            return
        rows = [(key, json.dumps(value, ensure_ascii=False), self._run) for key, value in items]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            self._off()

    def close(self, keep: int | None) -> None:
        """Drop the least recently used rows beyond ``keep`` (``None``: none), then close."""
        if self._db is None:
            return
        if keep is None:
            self._off()
            return
        try:
            (count,) = self._db.execute("SELECT count(*) FROM results").fetchone()
            if count > 2 * keep:
                with self._db:
                    self._db.execute(
                        "DELETE FROM results WHERE key IN "
                        "(SELECT key FROM results ORDER BY used LIMIT ?)",
                        (count - keep,),
                    )
        except sqlite3.Error:
            pass
        self._off()

    def _off(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


_BATCH = 500
"""Keys per query (SQLite allows 999 parameters at least)."""


_SHARED: dict[str, Any] = {}
"""The verdict table ``VerdictTable.shared`` last read, and what file it was read from."""


class VerdictTable:
    """Per PO file, the error-level findings of its entries; ``path=None`` keeps nothing.

    A record is the whole answer for one file's bytes under one set of
    checks: an entry it does not list has no error-level finding.
    """

    def __init__(self, path: Path | None, version: str,
                 table: dict[str, Any] | None = None) -> None:
        self.path = path
        self.version = version
        self.table: dict[str, Any] = (
            table if table is not None else read_table(path, version, "files") if path else {})
        self.used: set[str] = set()
        self.dirty = False

    @classmethod
    def shared(cls, path: Path | None, version: str) -> VerdictTable:
        """The table at ``path`` for reading only, read once per process while the file is
        the same (assemble's worker processes each build many articles)."""
        if path is None:
            return cls(None, version)
        try:
            stat = path.stat()
        except OSError:
            return cls(path, version, {})
        mark = (str(path), version, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if _SHARED.get("mark") != mark:
            _SHARED["mark"] = mark
            _SHARED["table"] = read_table(path, version, "files")
        return cls(path, version, _SHARED["table"])

    def key(self, shown: str, lang: str, content: str, skip: tuple[str, ...],
            terms: tuple[str, ...]) -> str:
        text = json.dumps([self.version, "verdicts", shown, lang, content, sorted(skip),
                           list(terms)], ensure_ascii=False)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> FileFindings | None:
        stored = self.table.get(key)
        if not isinstance(stored, list):
            return None
        found: FileFindings = {}
        try:
            for context, msgid, check_id, message in stored:
                item = (_text(context, optional=True), _text(msgid))
                found.setdefault(item, []).append((_text(check_id), _text(message)))
        except (TypeError, ValueError):
            return None
        self.used.add(key)
        return found

    def put(self, key: str, found: FileFindings) -> None:
        if self.path is None:
            return
        rows = [[context, msgid, check_id, message]
                for (context, msgid), errors in found.items() for check_id, message in errors]
        if self.table.get(key) != rows:
            self.table[key] = rows
            self.dirty = True
        self.used.add(key)

    def keep(self, key: str) -> None:
        """Count ``key`` as used by this run (a file replayed from the file records)."""
        if key in self.table:
            self.used.add(key)

    def save(self) -> None:
        """Write the table if it changed, dropping records unused by this run when there are
        too many (as the file records are)."""
        if self.path is None:
            return
        used = sum(1 for key in self.table if key in self.used)
        if len(self.table) > max(_KEEP_ALWAYS, _KEEP_UNUSED * used):
            self.table = {key: value for key, value in self.table.items() if key in self.used}
            self.dirty = True
        if self.dirty and write_table(self.path, self.version, "files", self.table):
            self.dirty = False


def _open(path: Path) -> sqlite3.Connection | None:
    """The entry database, made anew if what is there is not ours; None if impossible."""
    if path.is_symlink():
        return None
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=2.0)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.executescript(_SCHEMA)
                db.execute("SELECT key, results, used FROM results LIMIT 1").fetchall()
            except BaseException:
                db.close()
                raise
            return db
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc) or attempt:
                return None
            _remove(path)
        except (sqlite3.DatabaseError, OSError):
            if attempt:
                return None
            _remove(path)
    return None


def _remove(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        with contextlib.suppress(OSError):
            path.with_name(name).unlink()
