"""No page that pretends: a language in which an article has nothing translated is not published.

End to end through the CLI on scratch projects: a new article run offline
(every other language empty), a run with Apertium (Spanish only), and the
repository's own content and configuration, which publish every language.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from assemble_support import parse_html, text_of
from click.testing import CliRunner, Result
from conftest import ROOT

from pipeline.cli import cli
from pipeline.project.languages import LANGUAGES
from pipeline.project.settings import Settings

SLUG = "how-we-translate"


def invoke(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(folder), *args])


def new_project(folder: Path) -> Path:
    """What a new user has: an article and an empty ``[tool.localize]`` (every default)."""
    (folder / "source").mkdir(parents=True)
    shutil.copy(ROOT / "source" / f"{SLUG}.md", folder / "source")
    (folder / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    return folder


def test_the_defaults_for_a_new_project() -> None:
    defaults = Settings(root=Path("."))
    assert (defaults.min_complete, defaults.fallback) == (0.0, "english")


def test_an_offline_run_publishes_only_english(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    result = invoke(project, "run", "--offline")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  how-we-translate fr: not published: nothing translated (37 untranslated)" in lines
    assert "validate: 0 error(s)" in result.stdout
    output = project / "output"
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*.*")) == [
        "en/how-we-translate.html", "en/how-we-translate.md", "en/index.html", "index.html",
        "static/site.css"]
    page = parse_html(output / "en" / f"{SLUG}.html")
    alternates = {link.get("hreflang") for link in page.findall("head/link[@rel='alternate']")}
    assert alternates == {"en", "x-default"}
    items = page.findall(".//nav[@class='languages']//li")
    assert [text_of(li) for li in items] == [lang.label for lang in LANGUAGES]
    assert [li.find("a") is not None for li in items] == [True] + [False] * 10
    assert all(li.get("class") == "unavailable" for li in items[1:])
    assert items[1].find("span").get("title") == "Not available in this language yet"
    root = parse_html(output / "index.html")
    assert [a.get("hreflang") for a in root.findall(".//ul[@class='language-list']//a")] == ["en"]


def test_a_page_that_was_published_goes_when_its_translations_go(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    assert invoke(project, "run", "--offline").exit_code == 0
    french = project / "po" / SLUG / "fr.po"
    text = french.read_text(encoding="utf-8")
    heading = 'msgid "Who has written the translations"\nmsgstr "'
    french.write_text(text.replace(heading + '"', heading + 'Qui a rédigé les traductions"'),
                      encoding="utf-8")
    result = invoke(project, "assemble")
    assert f"  {SLUG} fr: published, 3% translated (36 segment(s) in English)" in result.stdout
    assert (project / "output" / "fr" / f"{SLUG}.html").is_file()
    french.write_text(text, encoding="utf-8")
    result = invoke(project, "assemble")
    assert f"  removed output/fr/{SLUG}.html (language not published)" in result.stderr
    assert not (project / "output" / "fr").exists() or not list(
        (project / "output" / "fr").iterdir())


def test_apertium_publishes_the_one_language_it_translates(tmp_path: Path) -> None:
    assert shutil.which("apertium"), "apertium is missing: apt-get install apertium apertium-eng-spa"
    project = new_project(tmp_path)
    result = invoke(project, "run", "--engine", "apertium")
    published = sorted(p.parent.name for p in (project / "output").glob(f"*/{SLUG}.html"))
    assert published == ["en", "es"], result.output
    page = parse_html(project / "output" / "es" / f"{SLUG}.html")
    assert [a.get("hreflang") for a in page.findall(".//nav[@class='languages']//a")] == [
        "en", "es"]
    notice = next(p for p in page.iter("p") if p.get("class") == "notice")
    assert text_of(notice).startswith("100%")  # (the site's strings are Apertium's Spanish too)
    assert page.findall(".//*[@data-translation='machine']")
    original = page.find(".//p[@class='original']/a")
    assert original.get("href") == f"../en/{SLUG}.html" and original.get("hreflang") == "en"
    markdown = (project / "output" / "es" / f"{SLUG}.md").read_text(encoding="utf-8")
    head = markdown.split("---\n", 2)[1]
    assert "translated_from: en\n" in head and f'original: "../en/{SLUG}.md"\n' in head
    assert "machine_translated: true\nmachine_translated_percent: 100\n" in head


@pytest.mark.slow
def test_the_repositorys_own_content_publishes_every_language(tmp_path: Path) -> None:
    for folder in ("source", "po"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    result = invoke(tmp_path, "assemble")
    assert result.exit_code == 0, result.output
    articles = sorted(p.stem for p in (ROOT / "source").glob("*.md"))
    for slug in articles:
        for lang in LANGUAGES:
            assert (tmp_path / "output" / lang.code / f"{slug}.html").is_file(), (slug, lang)
            assert (tmp_path / "output" / lang.code / f"{slug}.md").is_file(), (slug, lang)
    assert "not published" not in result.stdout and "refused" not in result.stdout
