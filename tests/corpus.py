"""The committed corpora of real Markdown documents written outside this project.

Two corpora, fetched once from the package registries with pinned versions and
committed with their provenance (``bench/corpus/fetch.py`` made them and
checks them again):

- ``readmes`` (``bench/corpus/``): 240 package READMEs (npm and PyPI);
- ``docs`` (``bench/corpus-docs/``): 215 documentation pages and changelogs.

Each folder's ``MANIFEST.tsv`` lists its documents in a fixed order with the
package, version, path inside the package's archive, hashes and licence, so
the corpus is the same on every machine and nothing here touches the network.

Used by the round-trip tests and by ``bench/``. Run as a script to write a
corpus into a folder: ``python tests/corpus.py OUTDIR [LIMIT] [readmes|docs]``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"readmes": ROOT / "bench" / "corpus", "docs": ROOT / "bench" / "corpus-docs"}
CORPORA = tuple(FOLDERS)


def manifest(corpus: str = "readmes") -> list[dict[str, str]]:
    """The rows of a corpus's ``MANIFEST.tsv``, in order."""
    with (FOLDERS[corpus] / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def collect(limit: int | None = None, corpus: str = "readmes") -> list[tuple[str, str]]:
    """The first ``limit`` (name, text) documents of ``corpus`` (all when None), in manifest order."""
    folder = FOLDERS[corpus]
    rows = manifest(corpus)[:limit]
    return [(row["file"], (folder / row["file"]).read_bytes().decode("utf-8")) for row in rows]


def write(folder: Path, limit: int | None = None, corpus: str = "readmes") -> int:
    """Write the corpus into ``folder`` as ``NNN-name.md``, removing any other ``.md`` there.

    Returns how many documents were written. Writing twice gives the same folder.
    """
    if folder.resolve() in {f.resolve() for f in FOLDERS.values()}:
        raise ValueError(f"{folder} holds a committed corpus; write the copy somewhere else")
    folder.mkdir(parents=True, exist_ok=True)
    docs = collect(limit, corpus)
    wanted = {f"{i:03d}-{name}": text for i, (name, text) in enumerate(docs)}
    for old in folder.glob("*.md"):
        if old.name not in wanted:
            old.unlink()
    for name, text in wanted.items():
        path = folder / name
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return len(docs)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/corpus")
    count = write(out, int(sys.argv[2]) if len(sys.argv) > 2 else None,
                  sys.argv[3] if len(sys.argv) > 3 else "readmes")
    print(f"{count} documents written to {out}")
