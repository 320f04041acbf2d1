"""The Markdown edition: identical English, lang/dir front matter, RTL wrapper, policy notes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from assemble_support import ROOT, make_demo_project, set_translation
from markdown_it import MarkdownIt

from pipeline.assemble.build import assemble
from pipeline.assemble.markdown import build_markdown
from pipeline.assemble.policy import plan
from pipeline.markdown.document import parse_text
from pipeline.project.languages import get_language
from pipeline.project.settings import Settings


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_demo_project(tmp_path_factory.mktemp("md"))
    assert not assemble(settings, formats=("md",)).errors
    return settings


def front_matter(text: str) -> dict[str, object]:
    _, head, _ = text.split("---\n", 2)
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def edition(settings: Settings, code: str, slug: str = "how-we-translate") -> str:
    return (settings.output_path / code / f"{slug}.md").read_text(encoding="utf-8")


def test_english_edition_is_the_source_byte_for_byte(built: Settings) -> None:
    for source in (ROOT / "source").glob("*.md"):
        assert (built.output_path / "en" / source.name).read_bytes() == source.read_bytes()


def test_only_markdown_was_written(built: Settings) -> None:
    assert not list(built.output_path.rglob("*.html"))


def test_translated_edition_carries_lang(built: Settings) -> None:
    text = edition(built, "fr")
    meta = front_matter(text)
    assert meta["lang"] == "fr" and "dir" not in meta
    assert meta["title"] == "Comment nos articles atteignent leurs lecteurs en onze langues"
    assert meta["english_segments"] == 1
    assert meta["tags"] == ["translation", "accessibility", "zeroopposite"]
    assert "- If one of the ten languages is your first language, offer to review its translations.\n" in text
    assert front_matter(edition(built, "cn"))["lang"] == "zh-Hans"


def test_arabic_edition_is_wrapped_and_still_renders_as_markdown(built: Settings) -> None:
    text = edition(built, "ar")
    meta = front_matter(text)
    assert meta["lang"] == "ar" and meta["dir"] == "rtl"
    body = text.split("---\n", 2)[2]
    assert body.startswith('\n<div dir="rtl" lang="ar">\n\n')
    assert body.endswith("\n\n</div>\n")
    html = MarkdownIt("commonmark").enable("table").render(body)
    assert html.startswith('<div dir="rtl" lang="ar">\n<p>يُكتب كل مقال على ZeroOpposite')
    assert "<h2>ما الذي يحدث للمقالة</h2>" in html and "<table>" in html
    assert '<a href="https://zeroopposite.example/contact" title="راسل ZeroOpposite">' in html
    assert html.endswith("</div>\n")


def test_machine_translation_is_stated(built: Settings) -> None:
    assert front_matter(edition(built, "ja"))["machine_translated"] is True
    assert "machine_translated" not in front_matter(edition(built, "ar"))


def test_where_the_text_comes_from_is_stated_as_on_the_page(built: Settings) -> None:
    ja = front_matter(edition(built, "ja"))
    assert ja["translated_from"] == "en"
    assert ja["original"] == "../en/how-we-translate.md"
    assert (built.output_path / "ja" / ja["original"]).resolve() == (
        built.output_path / "en" / "how-we-translate.md").resolve()
    # the HTML notice says 2% (one list item of 10 English words out of about 490), so does this
    assert ja["machine_translated"] is True and ja["machine_translated_percent"] == 2
    fr = front_matter(edition(built, "fr"))
    assert fr["translated_from"] == "en" and "machine_translated_percent" not in fr
    assert "translated_from" not in front_matter(edition(built, "en"))


def test_reviewed_only_withholds_machine_text(tmp_path: Path) -> None:
    settings = make_demo_project(tmp_path, extra="reviewed_only = true\n")
    assert not assemble(settings, formats=("md",)).errors
    text = edition(settings, "ja")
    assert "- Tell us when a sentence reads awkwardly in your language.\n" in text
    assert "machine_translated" not in front_matter(text)


def test_hostile_msgstr_never_reaches_the_markdown(tmp_path: Path) -> None:
    settings = make_demo_project(tmp_path)
    set_translation(settings, "how-we-translate", "ar", "Languages and scripts",
                    'اللغات وأنظمة الكتابة<img src=x onerror="alert(1)">')
    stats = assemble(settings, formats=("md",))
    assert len(stats.refusals) == 1
    text = edition(settings, "ar")
    assert "onerror" not in text and "## Languages and scripts\n" in text


def _doc(text: str) -> object:
    return parse_text(text, Path("source/x.md"))


def test_front_matter_is_added_when_missing_and_never_duplicated() -> None:
    lang = get_language("ar")
    doc = _doc("# Hello\n\nWorld.\n")
    result = build_markdown(doc, plan(["Hello", "World."], None, lang, is_source=False,  # type: ignore[arg-type]
                                      reviewed_only=False, display="x.po"))
    assert result == ('---\nlang: ar\ndir: rtl\nenglish_segments: 2\n---\n\n'
                      '<div dir="rtl" lang="ar">\n\n# Hello\n\nWorld.\n\n</div>\n')
    doc = _doc("---\ntitle: Hi\nlang: en\n---\n\nWorld.\n")
    result = build_markdown(doc, plan(["Hi", "World."], None, get_language("fr"), is_source=False,  # type: ignore[arg-type]
                                      reviewed_only=False, display="x.po"))
    assert result == "---\ntitle: Hi\nlang: fr\nenglish_segments: 2\n---\n\nWorld.\n"
