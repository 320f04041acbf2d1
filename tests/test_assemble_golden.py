"""Golden files: the whole HTML of an LTR (fr), an RTL (ar) and a CJK (ja) page.

Regenerate after an intended change with
``LOCALIZE_UPDATE_GOLDEN=1 python -m pytest tests/test_assemble_golden.py``
and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from assemble_support import DATA, make_demo_project

from pipeline.assemble.build import assemble

SLUG = "how-we-translate"
UPDATE = os.environ.get("LOCALIZE_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = make_demo_project(tmp_path_factory.mktemp("golden"))
    assert not assemble(settings, formats=("html",)).errors
    return settings.output_path


@pytest.mark.parametrize("code", ["fr", "ar", "ja"])
def test_page_matches_golden_file(output: Path, code: str) -> None:
    actual = (output / code / f"{SLUG}.html").read_text(encoding="utf-8")
    golden = DATA / f"{SLUG}.{code}.expect.html"
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"{golden} missing; run with LOCALIZE_UPDATE_GOLDEN=1 to create it"
    assert actual == golden.read_text(encoding="utf-8")
