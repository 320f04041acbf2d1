"""A corpus of real Markdown documents written outside this project, found on this machine.

Sources: the Markdown long descriptions in installed packages'
``*.dist-info/METADATA`` (every Python installation we can find) and README
and other ``.md`` files under ``/usr/share/doc`` (plain or gzipped). Documents
are deduplicated by content, kept in a stable order, and never committed.

Used by the round-trip tests and by ``bench/``. Run as a script to write the
corpus into a folder: ``python tests/corpus.py OUTDIR [LIMIT]``.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import site
import sys
import sysconfig
from collections.abc import Iterator
from email.parser import BytesHeaderParser
from pathlib import Path

MIN_BYTES = 200
MAX_BYTES = 300_000


def _site_dirs() -> list[Path]:
    found = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    found.update(site.getsitepackages() if hasattr(site, "getsitepackages") else [])
    for pattern in (
        "/usr/lib/python3*/dist-packages",
        "/usr/lib/python3/dist-packages",
        "/usr/local/lib/python3*/*-packages",
        "/root/.pyenv/versions/*/lib/python3*/site-packages",
        "/opt/*/lib/python3*/site-packages",
    ):
        found.update(glob.glob(pattern))
    return sorted(Path(p) for p in found if Path(p).is_dir())


def _metadata_documents() -> Iterator[tuple[str, bytes]]:
    for folder in _site_dirs():
        for meta in sorted(folder.glob("*.dist-info/METADATA")):
            try:
                raw = meta.read_bytes()
            except OSError:
                continue
            head, sep, body = raw.partition(b"\n\n")
            if not sep:
                continue
            headers = BytesHeaderParser().parsebytes(head + b"\n\n")
            kind = headers.get("Description-Content-Type", "") or ""
            if "markdown" in kind.lower():
                yield f"{meta.parent.name}/METADATA", body


def _doc_documents() -> Iterator[tuple[str, bytes]]:
    for path in sorted(glob.glob("/usr/share/doc/**/*.md*", recursive=True)):
        if not (path.endswith(".md") or path.endswith(".md.gz")):
            continue
        try:
            raw = Path(path).read_bytes()
            yield path, gzip.decompress(raw) if path.endswith(".gz") else raw
        except (OSError, EOFError, gzip.BadGzipFile):
            continue


def collect(limit: int = 200) -> list[tuple[str, str]]:
    """Up to ``limit`` distinct (name, text) Markdown documents, UTF-8, in a stable order."""
    seen: set[str] = set()
    documents: list[tuple[str, str]] = []
    for name, raw in (*_metadata_documents(), *_doc_documents()):
        if not MIN_BYTES <= len(raw) <= MAX_BYTES:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        documents.append((name, text))
        if len(documents) >= limit:
            break
    return documents


def write(folder: Path, limit: int = 200) -> int:
    """Write the corpus as ``folder/NNN-name.md``; returns how many documents were written."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = collect(limit)
    for i, (name, text) in enumerate(docs):
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in Path(name).parent.name)
        (folder / f"{i:03d}-{safe or 'doc'}.md").write_text(text, encoding="utf-8")
    return len(docs)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/corpus")
    count = write(out, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
    print(f"{count} documents written to {out}")
