"""The on-disk cache of machine translations: never pay for the same text twice.

Rules:

- One SQLite file, ``<cache_dir>/translations.sqlite3`` (``.localize-cache/``
  by default, ignored by git). A row is keyed by engine, source and target
  language codes and the exact text sent (placeholders included), and holds
  the engine's raw answer. Only answers that restored cleanly are stored.
- Each answer is committed as soon as it arrives (WAL journal), so a run
  killed at any moment keeps every answer it had processed.
- The cache never stops a run: a file that is not a database (or has a
  schema we do not know) is moved aside to ``*.corrupt`` and rebuilt; a
  database another process holds locked, or any later SQLite error, turns
  the cache off for the rest of the run with one warning.
- The cache is never opened through a symbolic link (SQLite would write
  wherever it points, possibly outside the project).
- Only the thread that opened the cache uses it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

FILENAME = "translations.sqlite3"
SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    result TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (engine, source, target, text)
) WITHOUT ROWID;
"""


class TranslationCache:
    """Get and put machine translations; silently a no-op once disabled."""

    def __init__(
        self,
        folder: Path | None,
        warn: Callable[[str], None] = lambda _: None,
        readonly: bool = False,
    ) -> None:
        self.path = folder / FILENAME if folder is not None else None
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        self.readonly = readonly
        self.hits = 0
        self.stored = 0
        if self.path is not None:
            self._db = self._open_readonly(self.path) if readonly else self._open(self.path)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT result FROM translations"
                " WHERE engine=? AND source=? AND target=? AND text=?",
                (engine, source, target, text),
            ).fetchone()
        except sqlite3.Error as exc:
            self._disable(f"cannot read the translation cache ({exc}); continuing without it")
            return None
        if row is None:
            return None
        self.hits += 1
        return str(row[0])

    def put(self, engine: str, source: str, target: str, text: str, result: str) -> None:
        if self._db is None or self.readonly:
            return
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?)",
                    (engine, source, target, text, result, time.time()),
                )
            self.stored += 1
        except sqlite3.Error as exc:
            self._disable(f"cannot write the translation cache ({exc}); continuing without it")

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._warn(f"cannot create {path.parent} ({exc.strerror}); running without a cache")
            return None
        if path.is_symlink():
            self._warn(f"{path} is a symbolic link; running without the cache")
            return None
        try:
            return _connect(path)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                self._warn(f"{path} is locked by another process; running without the cache")
                return None
            return self._rebuild(path, exc)
        except (sqlite3.DatabaseError, _SchemaMismatch) as exc:
            return self._rebuild(path, exc)

    def _open_readonly(self, path: Path) -> sqlite3.Connection | None:
        """For a dry run: read what is there, create and repair nothing."""
        if not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=2.0)
            db.execute("SELECT count(*) FROM translations LIMIT 1").fetchone()
        except sqlite3.Error:
            return None
        return db

    def _rebuild(self, path: Path, reason: Exception) -> sqlite3.Connection | None:
        aside = path.with_name(path.name + ".corrupt")
        try:
            for suffix in ("-wal", "-shm"):
                sidecar = path.with_name(path.name + suffix)
                if sidecar.exists():
                    sidecar.unlink()
            path.replace(aside)
            connection = _connect(path)
        except (OSError, sqlite3.Error) as exc:
            self._warn(
                f"{path} is unusable ({reason}) and cannot be rebuilt ({exc}); "
                "running without the cache"
            )
            return None
        self._warn(
            f"{path} was unusable ({reason}); moved it to {aside.name} and started a new cache"
        )
        return connection

    def _disable(self, message: str) -> None:
        self._warn(message)
        self.close()


class _SchemaMismatch(Exception):
    pass


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=2.0, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif row[0] != SCHEMA_VERSION:
            raise _SchemaMismatch(f"schema version {row[0]}, expected {SCHEMA_VERSION}")
        db.execute("SELECT count(*) FROM translations LIMIT 1").fetchone()
    except BaseException:
        db.close()
        raise
    db.isolation_level = "DEFERRED"
    return db
