"""The committed corpora match their manifests, so they cannot drift silently.

Every document is listed with its hash, size, pinned source and licence, and
every licence's text is committed beside it. (``bench/corpus/fetch.py`` checks
the same documents against the registries' archives; this test needs no network.)
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys

import pytest
from corpus import CORPORA, FOLDERS, ROOT, manifest

_spec = importlib.util.spec_from_file_location("corpus_fetch", ROOT / "bench" / "corpus" / "fetch.py")
assert _spec and _spec.loader
fetch = importlib.util.module_from_spec(_spec)
sys.modules["corpus_fetch"] = fetch  # dataclasses look their module up there
_spec.loader.exec_module(fetch)

MINIMUM = {"readmes": 200, "docs": 100}
_HEX = re.compile(r"[0-9a-f]{64}")


@pytest.mark.parametrize("corpus", CORPORA)
def test_manifest_columns_and_size(corpus: str) -> None:
    rows = manifest(corpus)
    assert len(rows) >= MINIMUM[corpus]
    assert rows and tuple(rows[0]) == fetch.COLUMNS
    assert len({row["file"] for row in rows}) == len(rows)
    assert len({row["sha256"] for row in rows}) == len(rows), "a document is listed twice"


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_document_matches_its_hash(corpus: str) -> None:
    folder = FOLDERS[corpus]
    for row in manifest(corpus):
        data = (folder / row["file"]).read_bytes()
        assert len(data) == int(row["bytes"]), row["file"]
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]
        data.decode("utf-8")


@pytest.mark.parametrize("corpus", CORPORA)
def test_no_document_is_unlisted(corpus: str) -> None:
    listed = {row["file"] for row in manifest(corpus)}
    present = {path.name for path in FOLDERS[corpus].glob("*.md")}
    assert present == listed


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_source_is_pinned_and_licensed(corpus: str) -> None:
    folder = FOLDERS[corpus]
    for row in manifest(corpus):
        assert row["registry"] in ("npm", "pypi"), row["file"]
        assert row["package"] and row["version"] and row["path"].lower().endswith(".md")
        assert row["archive"].endswith((".tgz", ".tar.gz")), row["file"]
        assert _HEX.fullmatch(row["archive_sha256"]), row["file"]
        assert fetch.allowed(row["license"]), f"{row['file']}: licence {row['license']!r}"
        text = (folder / row["license_file"]).read_bytes()
        assert len(text) > 50, f"{row['file']}: empty licence file"
    used = {row["license_file"] for row in manifest(corpus)}
    assert {f"LICENSES/{p.name}" for p in (folder / "LICENSES").iterdir()} == used
