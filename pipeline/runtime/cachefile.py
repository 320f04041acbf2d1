"""A versioned JSON table in the cache folder: read whole, replaced atomically.

Rules:

- The file holds ``{"version": …, <name>: {…}}``. A file that is missing,
  unreadable, not JSON, of another version or of the wrong shape reads as an
  empty table: a cache only ever costs time, never an error.
- Writing replaces the file atomically (``files.atomic_write_bytes``); a file
  that cannot be written is skipped, reported only by the return value.
- The file is read and written only inside its folder (``confine``): a table
  that is a symbolic link to elsewhere reads as empty and is never written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.errors import OutputError
from pipeline.runtime.confine import read_inside
from pipeline.runtime.files import atomic_write_bytes


def read_table(path: Path, version: object, name: str) -> dict[str, Any]:
    """The table ``name`` of the file at ``path`` if it was written for ``version``, else ``{}``."""
    try:
        data: Any = json.loads(read_inside(path.parent, path))
    except (OSError, ValueError, OutputError):
        return {}
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    table = data.get(name)
    return table if isinstance(table, dict) else {}


def write_table(path: Path, version: object, name: str, table: dict[str, Any]) -> bool:
    """Replace the file with ``table`` for ``version``; False if it could not be written."""
    data = {"version": version, name: table}
    try:
        atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode(),
                           root=path.parent)
    except OutputError:
        return False
    return True
