"""Shared test fixtures: a throwaway project folder and a CliRunner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

PYPROJECT = """\
[tool.localize]
source_dir = "source"
po_dir = "po"
output_dir = "output"
languages = {languages}
"""


def make_project(folder: Path, languages: tuple[str, ...] = ("fr", "ar", "ja")) -> Path:
    """A minimal project in ``folder`` with the given target languages and no articles."""
    (folder / "source").mkdir(parents=True, exist_ok=True)
    listed = "[" + ", ".join(f'"{code}"' for code in languages) + "]"
    (folder / "pyproject.toml").write_text(PYPROJECT.format(languages=listed), encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project holding a copy of the repository's own articles."""
    make_project(tmp_path)
    for article in (ROOT / "source").glob("*.md"):
        shutil.copy(article, tmp_path / "source" / article.name)
    return tmp_path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
