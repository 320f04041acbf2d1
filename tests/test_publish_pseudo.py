"""Pseudo-localization is a preview, not a translation.

``localize run --engine pseudo`` on a fresh project: exit 0, a short
summary, validate neither floods nor fails, and no pseudo text under
``output/`` outside the preview that ``assemble --preview`` writes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from pipeline.cli import cli
from pipeline.po.marks import PSEUDO_CLOSE, PSEUDO_OPEN

SLUG = "how-we-translate"
PSEUDO_MARKS = (PSEUDO_OPEN, PSEUDO_CLOSE, "\u202e")  # brackets, right-to-left override


def invoke(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(folder), *args])


@pytest.fixture
def pseudo_run(tmp_path: Path) -> tuple[Path, Result]:
    (tmp_path / "source").mkdir()
    shutil.copy(ROOT / "source" / f"{SLUG}.md", tmp_path / "source")
    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    return tmp_path, invoke(tmp_path, "run", "--engine", "pseudo")


def pseudo_files(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.*")):
        text = path.read_text(encoding="utf-8")
        if any(mark in text for mark in PSEUDO_MARKS):
            found.append(path.relative_to(folder).as_posix())
    return found


def test_a_pseudo_run_exits_zero_with_a_short_summary(pseudo_run: tuple[Path, Result]) -> None:
    project, result = pseudo_run
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 16  # extract, translate, validate, assemble, 11 pages, where to look
    assert lines[2] == "validate: 0 error(s), 20 warning(s), 0 completeness gate(s) failed"
    assert (f"  {SLUG} ar: not published: nothing translated (37 pseudo-localized: "
            "`localize assemble --preview` shows them)") in lines
    problems = [line for line in result.stderr.splitlines()
                if line.lower().startswith(("error", "warning"))]
    assert problems == []
    assert pseudo_files(project / "output") == []
    assert sorted(p.parent.name for p in (project / "output").glob(f"*/{SLUG}.html")) == ["en"]


def test_validate_reports_pseudo_once_per_file_and_checks_nothing_else(
        pseudo_run: tuple[Path, Result]) -> None:
    project, _ = pseudo_run
    result = invoke(project, "validate", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0
    pseudo = [p for p in report["problems"] if p["check"] == "pseudo"]
    assert len(pseudo) == 20  # ten article files, ten site-string files
    assert all(p["severity"] == "warning" for p in pseudo)
    assert pseudo[0]["message"].startswith("37 entries hold pseudo-localization (a layout preview")
    # and nothing else: pseudo entries are not checked (blocks with no words, "41 %", are no
    # entries at all)
    assert [p for p in report["problems"] if p["check"] != "pseudo"] == []
    status = json.loads(invoke(project, "status", "--format", "json").stdout)
    assert status["overall"]["complete"] < 20  # pseudo text is no translation
    assert invoke(project, "validate", "--strict").exit_code == 1  # never into a release


def test_the_preview_shows_pseudo_text_in_its_own_folder(pseudo_run: tuple[Path, Result]) -> None:
    project, _ = pseudo_run
    result = invoke(project, "assemble", "--preview")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith("in output/_preview/")
    assert result.stdout.splitlines()[-1] == (
        "Open output/_preview/index.html in a browser to see the site.")
    preview = project / "output" / "_preview"
    page = (preview / "ar" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert PSEUDO_OPEN in page and "\u202e" in page
    assert 'data-translation="machine"' in page
    english = (preview / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "Preview with pseudo-localized text: not a translation, not for readers." in english
    assert "preview: true" in (preview / "fr" / f"{SLUG}.md").read_text(encoding="utf-8")
    outside = [name for name in pseudo_files(project / "output")
               if not name.startswith("_preview/")]
    assert outside == []
    site = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert "_preview" not in site
    again = invoke(project, "assemble")
    assert again.stdout.startswith("assemble: 1 article(s); 0 file(s) written")
    assert (preview / "ar" / f"{SLUG}.html").is_file()


@pytest.mark.parametrize("layout", ["site", "hugo"])
def test_a_project_made_by_init_runs_pseudo_cleanly(tmp_path: Path, layout: str) -> None:
    """The issue's case: ``localize init``, then ``run --engine pseudo``; with a generator
    layout the preview stays out of the generator's content folder."""
    made = CliRunner().invoke(cli, ["init", str(tmp_path), "--yes", "--languages", "fr,ar,ja",
                                    "--layout", layout, "--no-workflow"])
    assert made.exit_code == 0, made.output
    result = invoke(tmp_path, "run", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    assert "error" not in result.stderr.lower()
    assert len(result.stdout.splitlines()) < 12
    assert pseudo_files(tmp_path / "po") != []  # the PO files hold it …
    content = tmp_path / ("output" if layout == "site" else "content")
    assert pseudo_files(content) == []  # … the published editions do not
    preview = invoke(tmp_path, "assemble", "--preview")
    assert preview.exit_code == 0, preview.output
    folder = tmp_path / ("output/_preview" if layout == "site" else "_preview")
    assert pseudo_files(folder) != []
    assert pseudo_files(content) == [] or layout == "site" and all(
        name.startswith("_preview/") for name in pseudo_files(content))
