"""merge: golden files (old PO + new POT → expected PO), checked against GNU msgmerge too."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import DATA
from tools import need

from pipeline.po.catalog import load_po, merge, render_po

CASES = sorted(p for p in (DATA / "merge").iterdir() if p.is_dir())
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def merged(case: Path) -> str:
    return render_po(merge(load_po(case / "old.po"), load_po(case / "new.pot")))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_merge_matches_golden_file(case: Path) -> None:
    actual = merged(case)
    if UPDATE:
        (case / "expect.po").write_text(actual, encoding="utf-8")
    assert actual == (case / "expect.po").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_merge_equals_msgmerge_previous(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "msgmerge.po"
    subprocess.run(
        [need("msgmerge"), "--quiet", "--previous", "-o", str(out), str(case / "old.po"), str(case / "new.pot")],
        check=True,
    )
    assert merged(case) == out.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_merged_file_passes_msgfmt_check(case: Path, tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(merged(case), encoding="utf-8")
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_merge_is_idempotent() -> None:
    case = CASES[0]
    once = merge(load_po(case / "old.po"), load_po(case / "new.pot"))
    twice = merge(once, load_po(case / "new.pot"))
    assert render_po(twice) == render_po(once)
