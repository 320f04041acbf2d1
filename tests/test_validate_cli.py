"""`localize validate` from the command line: formats, gates, exit codes, silencing, caching."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from validate_project import HOW, POWER, build, edit, fill

from pipeline.checks import all_checks
from pipeline.cli import cli
from pipeline.po import marks
from pipeline.validate.report import render_checks

DE = f"po/{HOW}/de.po"


def invoke(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(folder), "validate", *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """German all but complete (one English paragraph left), Japanese untouched."""
    folder = build(tmp_path, ("de", "ja"))
    fill(folder, HOW, "de", leave_english=["intro"])
    fill(folder, POWER, "de")
    return folder


def _intro_line(folder: Path) -> int:
    text = (folder / DE).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(text) if '"Every article on' in line)
    return next(i for i in range(start, len(text)) if text[i].startswith("msgstr")) + 1


def test_text_output_is_grouped_by_file_with_a_summary(project: Path) -> None:
    result = invoke(project, HOW, POWER, "--lang", "de", "--skip", "untranslated")
    assert result.exit_code == 1
    line = _intro_line(project)
    lines = result.stdout.splitlines()
    english = ("Every article on ZeroOpposite is written in English first and then translated "
               "into ten more languages, so that a question about mental health does not go …")
    assert lines[:5] == [
        f"{DE}:{line}: warning [unchanged] translation is identical to the English text",
        f"{DE}:{line}: error [wrong-language] reads as English (en, p=1.00), not German",
        f"    en: {english}",  # the entry's texts once, under its findings, shortened
        f"    de: {english}",
        "",
    ]
    assert lines[5] == "checked 4 file(s), 48 entries"
    assert lines[6] == "problems: 1 error(s), 1 warning(s) (unchanged 1, wrong-language 1)"
    assert lines[-1] == "result: FAILED (1 error(s))"


def test_clean_run_exits_zero_and_strict_fails_on_warnings(project: Path) -> None:
    fill(project, HOW, "de")
    assert invoke(project, "--lang", "de").exit_code == 0  # untranslated entries are warnings
    strict = invoke(project, "--lang", "de", "--strict")
    assert strict.exit_code == 1
    assert "warning(s) in strict mode" in strict.stdout.splitlines()[-1]
    assert invoke(project, "--lang", "de", "--strict", "--skip", "untranslated").exit_code == 0


def test_json_report(project: Path) -> None:
    result = invoke(project, HOW, POWER, "--format", "json", "--min-complete", "30")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["summary"] == {
        "files": 6,
        "entries": 96,
        "errors": 1,
        "warnings": data["summary"]["warnings"],
        "unpublished": 1,  # the English paragraph left in German: error [wrong-language]
    }
    problem = next(p for p in data["problems"] if p["check"] == "wrong-language")
    assert set(problem) == {"file", "line", "severity", "check", "message", "language", "msgid",
                            "msgstr"}
    assert (problem["file"], problem["severity"], problem["language"]) == (DE, "error", "de")
    assert problem["msgid"].startswith("Every article on ZeroOpposite")
    gates = {(g["language"], g["article"]): g for g in data["completeness"]}
    assert len(gates) == 4
    assert gates["ja", HOW] == {
        "language": "ja",
        "article": HOW,
        "file": f"po/{HOW}/ja.po",
        "percent": 0.0,
        "threshold": 30.0,
        "passed": False,
    }
    # segments shown translated: 15 translated, but the English paragraph left in the German
    # file is an error [wrong-language], so it is not published (one verdict for all stages)
    assert gates["de", HOW]["percent"] == round(100 * 20 / 37, 2)
    assert gates["de", HOW]["passed"] is True
    assert gates["de", POWER]["passed"] is False  # 3 of 11 paragraphs
    assert data["status"]["languages"]["ja"]["untranslated"]["entries"] == 48


def test_junit_report(project: Path) -> None:
    result = invoke(project, HOW, POWER, "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert set(suites) == {
        f"po/{HOW}/{HOW}.pot",
        DE,
        f"po/{HOW}/ja.po",
        f"po/{POWER}/{POWER}.pot",
        f"po/{POWER}/de.po",
        f"po/{POWER}/ja.po",
    }
    failures = root.findall(".//failure")
    assert [f.get("type") for f in failures] == ["wrong-language"]
    assert failures[0].text and failures[0].text.startswith(f"{DE}:")
    assert root.get("failures") == "1"
    assert int(root.get("tests", "0")) == sum(int(s.get("tests", "0")) for s in suites.values())
    clean = suites[f"po/{HOW}/{HOW}.pot"].findall("testcase")
    assert [case.get("name") for case in clean] == ["all checks"]
    strict = ET.fromstring(invoke(project, HOW, POWER, "--format", "junit", "--strict").stdout)
    assert len(strict.findall(".//failure")) == len(strict.findall(".//testcase")) - 2


def test_github_annotations(project: Path) -> None:
    edit(
        project,
        HOW,
        "de",
        lambda entry, key: (
            setattr(entry, "msgstr", "Die Redaktion  prüft 100% des Textes.")
            if key == "markdown"
            else None
        ),
    )
    result = invoke(project, HOW, POWER, "--format", "github", "--lang", "de")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    pattern = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,title=[a-z-]+::.+$")
    assert all(pattern.match(line) for line in lines[:-1]), lines
    assert (
        f"::error file={DE},line={_intro_line(project)},title=wrong-language::reads as English"
        in result.stdout
    )
    double = next(line for line in lines if "title=double-space::" in line)
    assert "100%25" in double and "100% " not in double  # % is escaped in annotation data
    assert lines[-1] == "result: FAILED (1 error(s))"
    gate = invoke(project, HOW, "--format", "github", "--lang", "ja", "--min-complete", "10")
    assert (
        f"::error file=po/{HOW}/ja.po,title=min-complete::ja {HOW} 0.0%25 (needs 10%25) FAILED"
        in gate.stdout
    )


def test_min_complete_gates_each_language_article_by_article(project: Path) -> None:
    both = invoke(project, HOW, "--skip", "wrong-language", "--min-complete", "50")
    assert both.exit_code == 1
    assert "completeness de: ok (1 of 1 at least 50%)" in both.stdout
    assert f"completeness ja: FAILED, below 50%: {HOW} 0.0%" in both.stdout
    assert "1 language(s) below the completeness threshold" in both.stdout
    relaxed = invoke(
        project,
        HOW,
        "--skip",
        "wrong-language",
        "--min-complete",
        "50",
        "--min-complete-lang",
        "ja=0",
    )
    assert relaxed.exit_code == 0, relaxed.stdout
    german = invoke(project, HOW, "--skip", "wrong-language", "--min-complete-lang", "de=100")
    assert german.exit_code == 1
    assert f"completeness de: FAILED, below 100%: {HOW} 56.7%" in german.stdout
    every = invoke(project, "--skip", "wrong-language", "--min-complete-lang", "de=50")
    assert f"completeness de: FAILED, below 50%: {POWER} 27.2%\n" in every.stdout  # site: no gate


def test_thresholds_come_from_settings_so_ci_needs_no_flags(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8")
        + 'min_complete = 50\nskip_checks = ["wrong-language"]\n'
        + "[tool.localize.min_complete_per_language]\nja = 0\n",
        encoding="utf-8",
    )
    assert invoke(project, HOW).exit_code == 0
    assert invoke(project, HOW, "--min-complete-lang", "ja=5").exit_code == 1  # a flag overrides
    assert invoke(project).exit_code == 1  # the other article is not there yet


def test_machine_translations_count_unless_reviewed_only(project: Path) -> None:
    def machine(entry: polib.POEntry, key: str | None) -> None:
        entry.msgstr = "翻訳" if key else ""
        if key:
            marks.mark_machine(entry, "google")

    edit(project, HOW, "ja", machine)
    args = (
        HOW,
        "--lang",
        "ja",
        "--skip",
        "untranslated",
        "--skip",
        "fuzzy-machine",
        "--skip",
        "length-ratio",
        "--skip",
        "end-punctuation",
        "--skip",
        "numbers",
        "--skip",
        "code-spans",
        "--skip",
        "links",
        "--skip",
        "dnt-terms",
        "--min-complete",
        "20",
    )
    assert invoke(project, *args).exit_code == 0
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8") + "reviewed_only = true\n", encoding="utf-8"
    )
    assert invoke(project, *args).exit_code == 1


def test_usage_errors_exit_2(project: Path) -> None:
    for args in (
        ["--lang", "xx"],
        ["--lang", "fr"],
        ["--min-complete-lang", "de"],
        ["--min-complete-lang", "de=abc"],
        ["--min-complete", "150"],
        ["--skip", "no-such-check"],
        ["--format", "xml"],
    ):
        result = invoke(project, *args)
        assert result.exit_code == 2, (args, result.stdout)
        assert "Traceback" not in result.stdout


def test_ignore_line_in_the_po_file_silences_one_check(project: Path) -> None:
    def accept(entry: polib.POEntry, key: str | None) -> None:
        if key == "intro":
            entry.tcomment = "ignore: wrong-language Quoted in English on purpose."

    edit(project, HOW, "de", accept)
    result = invoke(project, "--lang", "de")
    assert "[wrong-language]" not in result.stdout
    assert "[unchanged]" in result.stdout
    assert result.exit_code == 0


def test_header_and_file_checks(project: Path) -> None:
    path = project / DE
    text = path.read_text(encoding="utf-8")
    text = text.replace('"Language: de\\n"', '"Language: de_DE\\n"')
    text = text.replace("nplurals=2; plural=(n != 1);", "nplurals=2; plural=n>1;")
    text = text.replace("charset=UTF-8", "charset=ISO-8859-1")
    path.write_text(text, encoding="utf-8")
    (project / f"po/{POWER}/ja.po").unlink()
    lines = [line for line in text.splitlines()]
    lang_line = lines.index('"Language: de_DE\\n"') + 1
    result = invoke(
        project, "--skip", "untranslated", "--skip", "wrong-language", "--skip", "unchanged"
    )
    assert result.exit_code == 1
    out = result.stdout
    assert (
        f"{DE}:{lang_line}: error [header-language] Language is 'de_DE'; German files say 'de'"
        in out
    )
    assert (
        f"{DE}:{lang_line + 4}: error [header-plural-forms] "
        "Plural-Forms is 'nplurals=2; plural=n>1;'" in out
    )
    assert f"{DE}:{lang_line + 2}: error [header-charset]" in out
    assert f"po/{POWER}/ja.po: error [file-missing] file not found; run `localize extract`" in out


def test_obsolete_and_not_merged(project: Path) -> None:
    def retire(entry: polib.POEntry, key: str | None) -> None:
        if key == "offer":
            entry.obsolete = True

    edit(project, HOW, "de", retire)
    result = invoke(project, "--lang", "de", "--skip", "wrong-language")
    assert "warning [obsolete] obsolete entry (#~)" in result.stdout
    assert (
        f"{DE}:3: warning [not-merged] out of date with the template "
        "(1 entries missing, 0 not in it)" in result.stdout
    )


def test_cached_run_reports_exactly_the_same(project: Path) -> None:
    first = invoke(project)
    second = invoke(project)
    assert first.stdout == second.stdout
    assert "142 entries, 0 from cache" in first.stderr  # two articles and the site, 2 languages
    assert "142 entries, 142 from cache" in second.stderr
    edit(
        project,
        HOW,
        "de",
        lambda entry, key: setattr(entry, "msgstr", entry.msgid) if key == "word" else None,
    )
    third = invoke(project)
    assert third.stdout != first.stdout
    assert "[unchanged]" in third.stdout
    assert invoke(project, "--no-cache").stdout == third.stdout


def test_list_checks_matches_the_docs() -> None:
    result = CliRunner().invoke(cli, ["validate", "--list-checks"])
    assert result.exit_code == 0
    assert result.stdout == render_checks(all_checks(), "text")
    docs = (ROOT / "docs" / "validate.md").read_text(encoding="utf-8")
    assert result.stdout in docs, (
        "docs/validate.md is stale: paste `localize validate --list-checks`"
    )
    data = json.loads(
        CliRunner().invoke(cli, ["validate", "--list-checks", "--format", "json"]).stdout
    )
    assert {c["id"] for c in data} == {c.id for c in all_checks()}


def test_validate_never_writes_a_po_file(project: Path) -> None:
    before = {p: p.read_bytes() for p in (project / "po").rglob("*.po*")}
    invoke(project, "--strict")
    assert {p: p.read_bytes() for p in (project / "po").rglob("*.po*")} == before


def test_an_edit_rechecks_only_the_entry_that_changed(project: Path) -> None:
    invoke(project)
    for _ in range(2):  # the entry results survive runs that replay whole files
        assert "142 entries, 142 from cache" in invoke(project).stderr
    edit(
        project,
        HOW,
        "de",
        lambda entry, key: setattr(entry, "msgstr", "Wer hat die Übersetzungen geschrieben?") if key == "h_who" else None,
    )
    assert "142 entries, 141 from cache" in invoke(project).stderr
