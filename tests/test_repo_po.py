"""The PO files the project ships are exactly as GNU gettext writes them, and valid."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

SHIPPED = sorted([*(ROOT / "po").glob("*/*.po"), *(ROOT / "po").glob("*/*.pot")])


def test_project_ships_po_files() -> None:
    assert len(SHIPPED) >= 33


@pytest.mark.parametrize("path", SHIPPED, ids=[p.relative_to(ROOT).as_posix() for p in SHIPPED])
def test_msgcat_changes_nothing(path: Path) -> None:
    result = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
    assert result.stdout == path.read_bytes()


@pytest.mark.parametrize("path", SHIPPED, ids=[p.relative_to(ROOT).as_posix() for p in SHIPPED])
def test_msgfmt_check_accepts(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
