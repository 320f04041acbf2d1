"""The site strings as a PO domain of their own: extracted, merged, translated, refused, broken."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from assemble_support import fill, make_demo_project, parse_html, text_of, write_config
from tools import need

from pipeline.assemble.build import assemble
from pipeline.extract.stage import extract
from pipeline.po import catalog
from pipeline.project.languages import get_language
from pipeline.project.layout import SITE_DOMAIN, po_path, template_path
from pipeline.project.settings import load_settings
from pipeline.project.site import MESSAGES


def test_extract_writes_the_site_template_and_catalogs(project: Path) -> None:
    settings = load_settings(project)
    stats = extract(settings)
    assert not stats.errors
    pot = catalog.load_po(template_path(settings, SITE_DOMAIN))
    assert [e.msgid for e in pot] == [m.msgid for m in MESSAGES]
    assert pot.find("Arabic", msgctxt="language name").comment == (
        "Name of a language, as used in your language.")
    assert "po/site/site.pot" in stats.written
    for code in ("fr", "ar", "ja"):
        po = catalog.load_po(po_path(settings, SITE_DOMAIN, get_language(code)))
        assert po.metadata["Language"] == get_language(code).locale
        assert po.metadata["Plural-Forms"] == get_language(code).plural_forms
        assert len(po) == len(MESSAGES)
    again = extract(settings)
    assert not [name for name in again.written if name.startswith("po/site/")]


def test_site_catalogs_pass_msgfmt(project: Path) -> None:
    msgfmt = need("msgfmt")
    settings = load_settings(project)
    extract(settings)
    for path in sorted((settings.po_path / "site").glob("*.po")):
        result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_translations_survive_a_new_extract(project: Path) -> None:
    settings = load_settings(project)
    extract(settings)
    path = po_path(settings, SITE_DOMAIN, get_language("fr"))
    fill(path, {"Languages": "Langues"})
    extract(settings)
    assert catalog.load_po(path).find("Languages").msgstr == "Langues"


def test_no_site_catalogs_when_no_article_was_extracted(tmp_path: Path) -> None:
    write_config(tmp_path)
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_bytes(b"# Caf\xe9\n")
    stats = extract(load_settings(tmp_path))
    assert stats.errors and not (tmp_path / "po").exists()


def test_site_is_not_an_article_slug(tmp_path: Path) -> None:
    write_config(tmp_path)
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "site.md").write_text("# Site\n", encoding="utf-8")
    stats = extract(load_settings(tmp_path))
    assert [str(e) for e in stats.errors] == [
        "source/site.md:1: slug 'site' (from the file name) is reserved: po/site/ holds the "
        "site's own strings; add `slug: another-name` to the front matter"]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    make_demo_project(tmp_path)
    return tmp_path


def test_machine_translated_site_string_follows_the_policy(demo: Path) -> None:
    settings = load_settings(demo)
    machine = {"msgstr": "Поиск", "flags": ["fuzzy", "mt:google"]}
    fill(po_path(settings, SITE_DOMAIN, get_language("ru")), {"Search": machine})
    assert not assemble(settings, formats=("html",)).errors
    page = parse_html(settings.output_path / "ru" / "how-we-translate.html")
    assert text_of(page.findall(".//nav[@class='site-nav']/span")[1]) == "Поиск"
    strict = load_settings(demo, reviewed_only=True)
    assemble(strict, formats=("html",))
    page = parse_html(settings.output_path / "ru" / "how-we-translate.html")
    search = page.findall(".//nav[@class='site-nav']/span")[1]
    assert text_of(search) == "Search" and search[0].get("lang") == "en"


def test_hostile_site_string_is_refused_and_reported(demo: Path) -> None:
    settings = load_settings(demo)
    fill(po_path(settings, SITE_DOMAIN, get_language("fr")), {"Search": "<img src=x onerror=alert(1)>"})
    stats = assemble(settings, formats=("html",))
    assert [r.where.split(":")[0] for r in stats.refusals] == ["po/site/fr.po"]
    raw = (settings.output_path / "fr" / "how-we-translate.html").read_text(encoding="utf-8")
    assert "onerror" not in raw and '<span lang="en">Search</span>' in raw


def test_broken_site_catalog_gives_english_chrome_and_an_error(demo: Path) -> None:
    settings = load_settings(demo)
    path = po_path(settings, SITE_DOMAIN, get_language("ja"))
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgstr "orphan"\n', encoding="utf-8")
    stats = assemble(settings, formats=("html",))
    assert len(stats.errors) == 1 and str(stats.errors[0]).startswith("po/site/ja.po:")
    page = parse_html(settings.output_path / "ja" / "how-we-translate.html")
    assert text_of(page.find(".//nav[@class='site-nav']/span")) == "Contact Us"
    assert text_of(page.find(".//h1")) == "私たちの記事が11の言語で読者に届くまで"


def test_language_names_are_translated_on_the_language_index(demo: Path) -> None:
    settings = load_settings(demo)
    assemble(settings, formats=("html",))
    page = parse_html(settings.output_path / "cn" / "index.html")
    assert text_of(page.find(".//p[@class='language-name']")) == "简体中文"
    assert page.findtext("head/title") == "文章 – ZeroOpposite"
    english = parse_html(settings.output_path / "pl" / "index.html")
    name = english.find(".//p[@class='language-name']/span")
    assert name.text == "Polish" and name.get("lang") == "en"


def test_polib_entry_has_line_numbers() -> None:
    po = polib.pofile('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n')
    assert po.find("a").linenum == 4
