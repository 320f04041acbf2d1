"""`localize review`: every entry that needs a person, with its text and file:line."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from validate_project import HOW, build, edit, fill, translations

from pipeline.cli import cli

FR = f"po/{HOW}/fr.po"


def invoke(folder: Path, *args: str, color: bool = False) -> Result:
    return CliRunner().invoke(cli, ["--project", str(folder), "review", *args], color=color)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """French reviewed but for four entries: machine, stale, refused, and lost markup."""
    folder = build(tmp_path, ("fr", "de"), (HOW,))
    fill(folder, HOW, "fr")
    fr = translations()["fr"]

    def change(entry: polib.POEntry, key: str | None) -> None:
        if key == "markdown":
            entry.flags = ["fuzzy"]
            entry.tcomment = "mt: pseudo"
        elif key == "h_who":
            entry.flags = ["fuzzy"]
            entry.previous_msgid = "Who our readers are"
        elif key == "h_help":
            entry.msgstr = "Aidez-nous <script>alert(1)</script>"
        elif key == "contact":
            entry.msgstr = fr["contact"].replace("[page de contact]", "page de contact")

    edit(folder, HOW, "fr", change)
    return folder


def _untranslated(folder: Path, path: str = FR) -> int:
    return sum(1 for e in polib.pofile(str(folder / path)) if not e.msgstr)


def _line(folder: Path, msgid: str) -> int:
    lines = (folder / FR).read_text(encoding="utf-8").splitlines()
    start = lines.index(f'msgid "{msgid}"')
    return next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr")) + 1


def test_json_lists_each_entry_with_its_texts_and_place(project: Path) -> None:
    result = invoke(project, HOW, "--lang", "fr", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (french,) = data["languages"]
    entries = {e["kind"]: e for e in french["entries"] if e["kind"] != "untranslated"}
    assert set(entries) == {"machine", "stale", "refused", "check"}
    untranslated = [e for e in french["entries"] if e["kind"] == "untranslated"]
    assert len(untranslated) == _untranslated(project)
    en, fr = translations()["en"], translations()["fr"]
    machine = entries["machine"]
    assert (machine["file"], machine["line"]) == (FR, _line(project, en["markdown"]))
    assert (machine["engine"], machine["msgid"], machine["msgstr"]) == (
        "pseudo", en["markdown"], fr["markdown"])
    stale = entries["stale"]
    assert (stale["previous_msgid"], stale["msgid"]) == ("Who our readers are", en["h_who"])
    assert "<script>" in entries["refused"]["refusal"]
    checks = {f["check"] for f in entries["check"]["findings"]}
    assert "markup-links" in checks or any("link" in c for c in checks), checks
    assert data["total"] == 4 + len(untranslated)


def test_text_for_a_terminal_and_for_a_pipe(project: Path) -> None:
    en = translations()["en"]
    plain = invoke(project, HOW, "--lang", "fr")
    assert plain.exit_code == 0
    lines = plain.stdout.splitlines()
    untranslated = _untranslated(project)
    assert lines[0] == f"fr (French): {4 + untranslated} entries need you"
    at = lines.index(f"{FR}:{_line(project, en['h_who'])}  stale")
    assert lines[at + 1:at + 4] == [
        "  was: Who our readers are",
        f"  en:  {en['h_who']}",
        f"  fr:  {translations()['fr']['h_who']}",
    ]
    assert "\x1b[" not in plain.stdout
    assert lines[-1] == (f"{4 + untranslated} entries need a person (machine 1, stale 1, "
                         f"refused 1, untranslated {untranslated}, check 1)")
    coloured = invoke(project, HOW, "--lang", "fr", color=True)
    assert "\x1b[33mmachine (pseudo)\x1b[0m" in coloured.stdout


def test_only_one_kind_and_an_untranslated_language(project: Path) -> None:
    stale = json.loads(invoke(project, HOW, "--lang", "fr", "--only", "stale", "--format",
                              "json").stdout)
    assert [e["kind"] for e in stale["languages"][0]["entries"]] == ["stale"]
    german = json.loads(invoke(project, HOW, "--lang", "de", "--format", "json").stdout)
    kinds = {e["kind"] for e in german["languages"][0]["entries"]}
    assert kinds == {"untranslated"}
    assert german["total"] == _untranslated(project, f"po/{HOW}/de.po")


def test_a_broken_po_file_is_one_line_and_exit_1(project: Path) -> None:
    (project / FR).write_text('msgid "x"\nmsgstr "y"\nmsgstr "z"\n', encoding="utf-8")
    result = invoke(project, HOW, "--lang", "fr")
    assert result.exit_code == 1
    assert f"error: {FR}:3: " in result.stderr
    assert "Traceback" not in result.output
