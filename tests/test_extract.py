"""extract: golden files (``case.md`` → ``case.expect.pot``), gettext acceptance, stability."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import DATA
from tools import need

from pipeline.extract.stage import build_template
from pipeline.markdown.document import parse_file
from pipeline.po.catalog import HeaderInfo, render_po

CASES = sorted((DATA / "extract").glob("*.md"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def template_text(case: Path) -> str:
    doc = parse_file(case, f"source/{case.name}")
    return render_po(build_template(doc, HeaderInfo("test"), "2024-01-01 00:00+0000"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_extract_matches_golden_file(case: Path) -> None:
    expected = case.with_suffix(".expect.pot")
    actual = template_text(case)
    if UPDATE:
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_template_passes_msgfmt_check(case: Path, tmp_path: Path) -> None:
    pot = tmp_path / "t.pot"
    pot.write_text(template_text(case), encoding="utf-8")
    result = subprocess.run(
        [need("msgfmt"), "-c", "--check-format", "-o", os.devnull, str(pot)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 3
