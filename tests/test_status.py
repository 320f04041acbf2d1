"""`localize status`: completeness per article and language, exact table on a small project."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from conftest import DATA
from validate_project import HOW, POWER, build, edit, fill

from pipeline.checks.states import State, classify
from pipeline.cli import cli
from pipeline.po import marks
from pipeline.project.site import MESSAGES

EXPECT = DATA / "validate" / "status.expect.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = build(tmp_path, ("de", "ar", "ja"))
    fill(folder, HOW, "de")
    fill(folder, POWER, "de")

    def mark(entry: polib.POEntry, key: str | None) -> None:
        if key == "markdown":  # translate's unreviewed output
            marks.mark_machine(entry, "google")
        elif key == "translator":  # the English changed after translation
            entry.flags = ["fuzzy"]
            entry.previous_msgid = "A translator writes the translation."
        elif key == "validate":  # a translator is not sure
            entry.flags = ["fuzzy"]
        elif key == "offer":  # reviewed machine translation: fuzzy gone, `# mt: deepl` kept
            marks.mark_machine(entry, "deepl")
            entry.flags = []

    edit(folder, HOW, "de", mark)
    fill(folder, HOW, "ja")
    edit(
        folder,
        HOW,
        "ja",
        lambda entry, key: marks.mark_machine(entry, "google") if key else None,
    )
    return folder


def test_status_table_exact(project: Path) -> None:
    result = CliRunner().invoke(cli, ["--project", str(project), "status"])
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECT.read_text(encoding="utf-8")


def test_status_one_article_one_language(project: Path) -> None:
    result = CliRunner().invoke(cli, ["--project", str(project), "status", HOW, "--lang", "ja"])
    lines = result.stdout.splitlines()
    assert len(lines) == 4  # header, the row, the overall row, the note
    assert lines[1].split()[:2] == [HOW, "ja"]
    assert lines[1].split()[2:] == lines[2].split()[2:]  # one row: the total is the same


def test_status_json(project: Path) -> None:
    result = CliRunner().invoke(cli, ["--project", str(project), "status", "--format", "json"])
    data = json.loads(result.stdout)
    row = next(r for r in data["articles"] if (r["article"], r["language"]) == (HOW, "de"))
    assert row["machine"]["entries"] == 1
    assert row["fuzzy"]["entries"] == 2
    assert row["translated"]["entries"] + row["untranslated"]["entries"] + 3 == row["entries"]
    assert data["languages"]["ar"]["complete"] == 0.0
    assert data["reviewed_only"] is False
    assert data["overall"]["entries"] == 3 * (48 + len(MESSAGES))  # two articles and the site strings


def test_status_reports_a_broken_file_and_exits_1(project: Path) -> None:
    (project / f"po/{HOW}/ar.po").write_text('msgid "x"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(project), "status"])
    assert result.exit_code == 1
    assert f"error: po/{HOW}/ar.po:1: missing msgstr after this msgid" in result.stderr
    assert "Traceback" not in result.output


def test_classify() -> None:
    assert classify(False, ["fuzzy"], None, "google") is State.UNTRANSLATED
    assert classify(True, [], None, None) is State.TRANSLATED
    assert classify(True, [], None, "google") is State.TRANSLATED
    assert classify(True, ["fuzzy"], None, "google") is State.MACHINE
    assert classify(True, ["fuzzy"], "Old English", "google") is State.STALE
    assert classify(True, ["fuzzy"], None, None) is State.FUZZY
