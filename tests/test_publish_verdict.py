"""One verdict per entry: what validate reports as an error, assemble does not publish.

End to end through the CLI on a scratch copy of the project's articles,
with French and German translated from the reviewed translations of
``tests/data/validate/translations.yaml``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from assemble_support import parse_html, text_of
from click.testing import CliRunner, Result
from conftest import ROOT
from validate_project import HOW, POWER, build, edit, fill

from pipeline.checks.cache import ENTRIES_FILENAME, VERDICTS_FILENAME
from pipeline.cli import cli

CONTACT = "If you would like to help, write to us through the [contact page]"
BROKEN = ("Si vous souhaitez nous aider, écrivez-nous via la page de contact "
          "(https://zeroopposite.example/contactez \"Contacter ZeroOpposite\"). Merci.")


def invoke(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(folder), *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """French and German complete; one French link broken by a translator."""
    folder = build(tmp_path, ("fr", "de"))
    for lang in ("fr", "de"):
        fill(folder, HOW, lang)
        fill(folder, POWER, lang)

    def break_link(entry, key: str | None) -> None:  # type: ignore[no-untyped-def]
        if entry.msgid.startswith(CONTACT):
            entry.msgstr = BROKEN

    edit(folder, HOW, "fr", break_link)
    return folder


def _line_of(folder: Path, needle: str) -> int:
    """Where the entry whose msgid holds ``needle`` starts (its first comment line)."""
    lines = (folder / "po" / HOW / "fr.po").read_text(encoding="utf-8").splitlines()
    found = next(i for i, line in enumerate(lines) if needle in line)
    start = next(i for i in range(found, -1, -1) if lines[i].startswith("msgid"))
    while lines[start - 1].startswith("#"):
        start -= 1
    return start + 1


def test_a_broken_link_is_reported_by_validate_and_not_published(project: Path) -> None:
    validated = invoke(project, "validate", "--format", "json")
    assert validated.exit_code == 1
    report = json.loads(validated.stdout)
    found = {p["check"] for p in report["problems"]
             if p["severity"] == "error" and p["msgid"].startswith(CONTACT)}
    assert found == {"links", "urls", "added-markup"}
    assert report["summary"]["unpublished"] == 1

    result = invoke(project, "assemble")
    assert result.exit_code == 0, result.output
    line = _line_of(project, "If you would like to help")
    warnings = [w for w in result.stderr.splitlines() if w.startswith("warning:")]
    assert warnings == [
        f"warning: po/{HOW}/fr.po:{line}: translation refused, adds the bare URL or address "
        "'https://zeroopposite.example/contactez', which the English text does not have "
        "(renderers make links of them); the English text is shown instead"]
    # 21 of this article's 37 entries are translated (tests/data/validate), one is refused
    assert f"  {HOW} fr: published, 54% translated (17 segment(s) in English; 1 refused)" in (
        result.stdout.splitlines())
    assert ("  1 translation(s) not published (an error-level check failed, or markup was "
            "added; each named above on stderr): the English text is shown") in result.stdout
    page = parse_html(project / "output" / "fr" / f"{HOW}.html")
    shown = next(p for p in page.iter("p") if text_of(p).startswith("If you would like"))
    assert shown.get("class") == "fallback" and shown.get("lang") == "en"
    raw = (project / "output" / "fr" / f"{HOW}.html").read_text(encoding="utf-8")
    assert "contactez" not in raw
    markdown = (project / "output" / "fr" / f"{HOW}.md").read_text(encoding="utf-8")
    assert "contactez" not in markdown and CONTACT in markdown


def test_the_three_stages_count_the_same_entries(project: Path) -> None:
    """status, validate's gate and assemble agree on every article and language."""
    validated = json.loads(invoke(project, "validate", "--format", "json",
                                  "--min-complete", "1").stdout)
    gates = {(g["language"], g["article"]): g["percent"] for g in validated["completeness"]}
    status = json.loads(invoke(project, "status", "--format", "json").stdout)
    shown = {(row["language"], row["article"]): row["complete"] for row in status["articles"]}
    assemble = invoke(project, "assemble")
    assert assemble.exit_code == 0
    published = dict(re.findall(r"^  (\S+ \S+): published, (\d+)% translated",
                                assemble.stdout, re.MULTILINE))
    assert len(gates) == len(published) == 4
    for (lang, article), percent in gates.items():
        assert shown[lang, article] == percent, (lang, article)
        assert published[f"{article} {lang}"] == f"{percent:.0f}", (lang, article)
    assert gates[("fr", HOW)] == round(100 * 20 / 37, 2)  # 21 translated, one refused
    assert gates[("de", HOW)] == round(100 * 21 / 37, 2)


def test_warnings_publish(project: Path) -> None:
    def odd_ending(entry, key: str | None) -> None:  # type: ignore[no-untyped-def]
        if entry.msgid == "Who has written the translations":
            entry.msgstr = "Qui a rédigé les traductions ?"  # end-punctuation: a warning only

    edit(project, HOW, "fr", odd_ending)
    report = json.loads(invoke(project, "validate", "--format", "json").stdout)
    assert {p["severity"] for p in report["problems"] if p["msgid"] == "Who has written the translations"} == {
        "warning"}
    assert invoke(project, "assemble").exit_code == 0
    page = parse_html(project / "output" / "fr" / f"{HOW}.html")
    assert "Qui a rédigé les traductions ?" in [text_of(h) for h in page.iter("h2")]


def test_assemble_reaches_the_same_answer_with_or_without_validate_results(
        project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The cached path (validate ran first) and the computed one give the same bytes."""
    cold = tmp_path_factory.mktemp("cold")
    shutil.copytree(project, cold, dirs_exist_ok=True)
    assert invoke(project, "validate").exit_code == 1
    assert (project / ".localize-cache" / VERDICTS_FILENAME).is_file()
    warm = invoke(project, "assemble")
    assert "checked" not in warm.stderr  # every finding came from validate's results
    computed = invoke(cold, "assemble")
    checked = re.search(r"assemble: checked (\d+) entries validate had not checked",
                        computed.stderr)
    assert checked and int(checked.group(1)) == 48  # the translated entries: 24 per language
    again = invoke(cold, "assemble", "--format", "md")  # now from the entry table
    assert "checked" not in again.stderr
    for page in sorted((project / "output").rglob("*.*")):
        relative = page.relative_to(project)
        assert (cold / relative).read_bytes() == page.read_bytes(), relative
    assert warm.stdout == computed.stdout
    assert (cold / ".localize-cache" / ENTRIES_FILENAME).is_file()


def test_a_tampered_cache_cannot_publish_markup(project: Path) -> None:
    """What keeps markup out of the pages is computed every time, never taken from a cache."""
    def hostile(entry, key: str | None) -> None:  # type: ignore[no-untyped-def]
        if entry.msgid == "Who has written the translations":
            entry.msgstr = "Qui a rédigé les traductions\n\n[d]: https://evil.example/"

    edit(project, HOW, "fr", hostile)
    assert invoke(project, "validate").exit_code == 1
    verdicts = project / ".localize-cache" / VERDICTS_FILENAME
    table = json.loads(verdicts.read_bytes())
    table["files"] = {key: [] for key in table["files"]}  # "no file has any finding"
    verdicts.write_text(json.dumps(table), encoding="utf-8")
    (project / ".localize-cache" / ENTRIES_FILENAME).unlink()
    result = invoke(project, "assemble")
    assert "translation refused, adds a line break" in result.stderr
    for suffix in (".md", ".html"):
        text = (project / "output" / "fr" / f"{HOW}{suffix}").read_text(encoding="utf-8")
        assert "evil.example" not in text


def test_skip_checks_is_obeyed_by_every_stage_and_added_markup_cannot_be_skipped(
        tmp_path: Path) -> None:
    folder = build(tmp_path, ("de",), (HOW,))
    fill(folder, HOW, "de", leave_english=["intro"])  # an error [wrong-language]
    intro = "Every article on ZeroOpposite is written in English first"
    assert invoke(folder, "validate").exit_code == 1
    assert "1 refused" in invoke(folder, "assemble").stdout
    (folder / "pyproject.toml").write_text(
        (folder / "pyproject.toml").read_text(encoding="utf-8")
        + 'skip_checks = ["wrong-language", "unchanged"]\n', encoding="utf-8")
    assert invoke(folder, "validate").exit_code == 0
    result = invoke(folder, "assemble")
    assert "refused" not in result.stdout
    page = parse_html(folder / "output" / "de" / f"{HOW}.html")
    shown = next(p for p in page.iter("p") if text_of(p).startswith(intro))
    assert shown.get("class") is None  # published as the translation, as validate passed it
    refused = invoke(folder, "validate", "--skip", "added-markup")
    assert refused.exit_code == 2
    assert "check 'added-markup' cannot be skipped" in refused.stderr


@pytest.mark.parametrize("junk", ['{"version": "x", "files": {}}', "not json",
                                  '{"files": {"k": 1}}'])
def test_a_broken_verdict_table_only_costs_time(project: Path, junk: str) -> None:
    assert invoke(project, "validate").exit_code == 1
    cache = project / ".localize-cache"
    table = json.loads((cache / VERDICTS_FILENAME).read_bytes())
    if junk.startswith('{"files"'):
        junk = json.dumps({"version": table["version"],
                           "files": {key: [[1, 2]] for key in table["files"]}})
    (cache / VERDICTS_FILENAME).write_text(junk, encoding="utf-8")
    (cache / ENTRIES_FILENAME).unlink()
    result = invoke(project, "assemble")
    assert result.exit_code == 0, result.output
    assert "checked 48 entries validate had not checked" in result.stderr
    assert f"  {HOW} fr: published, 54% translated (17 segment(s) in English; 1 refused)" in (
        result.stdout.splitlines())


def test_after_validate_an_edit_costs_assemble_only_the_entry_that_changed(
        tmp_path: Path) -> None:
    """assemble finds validate's results entry by entry, glossary terms and all: the same
    key for an entry whether validate read it (polib) or assemble did (``po.scan``)."""
    for folder in ("source", "po"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    assert (tmp_path / "po" / "glossary.csv").is_file()  # terms occur in many entries
    assert invoke(tmp_path, "validate").exit_code == 0
    french = tmp_path / "po" / HOW / "fr.po"
    text = french.read_text(encoding="utf-8")
    assert text.count('msgstr "Qui a rédigé les traductions"') == 1
    french.write_text(text.replace('msgstr "Qui a rédigé les traductions"',
                                   'msgstr "Qui a écrit les traductions"'), encoding="utf-8")
    result = invoke(tmp_path, "assemble")
    assert result.exit_code == 0, result.output
    assert "assemble: checked 1 entries validate had not checked" in result.stderr
