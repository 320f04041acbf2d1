"""`localize assemble`: formats, policy switches, output, exit codes, unpublished languages."""

from __future__ import annotations

from pathlib import Path

from assemble_support import make_demo_project, parse_html, set_translation, text_of
from click.testing import CliRunner, Result

from pipeline.cli import cli
from pipeline.project.languages import LANGUAGES

THRESHOLD = 'min_complete = 50\nmin_complete_per_language = { FR = 100 }\n'
OFFER = "If one of the ten languages is your first language, offer to review its translations."


def invoke(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), "assemble", *args])


def test_assemble_prints_every_decision_and_where_to_look(tmp_path: Path) -> None:
    make_demo_project(tmp_path)
    result = invoke(tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # 16 pages (how-we-translate in 11 languages, the other in 5: a language with nothing
    # translated is not published) in two editions, 11 indexes, the root page, the stylesheet
    assert lines[0] == "assemble: 2 article(s); 45 file(s) written, 0 unchanged, in output/"
    assert "  how-we-translate ar: published" in lines
    assert "  how-we-translate fr: published, 97% translated (1 segment(s) in English)" in lines
    assert ("  how-we-translate ja: published, 100% translated (machine-translation notice)"
            in lines)
    assert ("  how-we-translate es: published, 3% translated "
            "(36 segment(s) in English; 1 stale; 1 fuzzy)") in lines
    assert ("  power-dynamics-in-psychotherapy cn: not published: nothing translated "
            "(11 untranslated)") in lines
    assert lines[-1] == "Open output/index.html in a browser to see the site."
    again = invoke(tmp_path)
    assert again.stdout.startswith("assemble: 2 article(s); 0 file(s) written, 45 unchanged")


def test_format_picks_the_editions(tmp_path: Path) -> None:
    make_demo_project(tmp_path)
    result = invoke(tmp_path, "--format", "md")
    assert result.exit_code == 0
    assert not list((tmp_path / "output").rglob("*.html"))
    assert "Open output/index.html" not in result.stdout
    assert invoke(tmp_path, "--format", "html").exit_code == 0
    assert (tmp_path / "output" / "ar" / "how-we-translate.html").is_file()
    assert (tmp_path / "output" / "static" / "site.css").is_file()


def test_reviewed_only_withholds_machine_translation(tmp_path: Path) -> None:
    make_demo_project(tmp_path)
    result = invoke(tmp_path, "--reviewed-only", "--format", "html")
    assert ("  how-we-translate ja: published, 97% translated "
            "(1 segment(s) in English; 1 machine, withheld)") in result.stdout.splitlines()
    page = parse_html(tmp_path / "output" / "ja" / "how-we-translate.html")
    item = next(li for li in page.iter("li") if "awkwardly" in text_of(li))
    assert item[0].get("lang") == "en" and item[0].get("class") == "fallback"
    assert not [p for p in page.iter("p") if p.get("class") == "notice" and "機械" in text_of(p)]


def test_reviewed_only_setting_and_its_override(tmp_path: Path) -> None:
    make_demo_project(tmp_path, extra="reviewed_only = true\n")
    line = ("  how-we-translate ja: published, 97% translated "
            "(1 segment(s) in English; 1 machine, withheld)")
    assert line in invoke(tmp_path, "--format", "md").stdout.splitlines()
    result = invoke(tmp_path, "--format", "md", "--no-reviewed-only")
    assert ("  how-we-translate ja: published, 100% translated (machine-translation notice)"
            in result.stdout.splitlines())


def test_languages_below_threshold_are_not_published_anywhere(tmp_path: Path) -> None:
    make_demo_project(tmp_path, extra=THRESHOLD)
    assert invoke(tmp_path, "--fallback", "english").exit_code == 0
    assert (tmp_path / "output" / "it" / "how-we-translate.html").is_file()
    result = invoke(tmp_path, "--fallback", "omit")
    assert result.exit_code == 0, result.output
    assert ("  how-we-translate it: not published: 3% translated, below 50% "
            "(fallback = omit; 36 untranslated)" in result.stdout.splitlines())
    assert ("  how-we-translate fr: not published: 97% translated, below 100% "
            "(fallback = omit; 1 untranslated)" in result.stdout.splitlines())
    assert "  removed output/it/how-we-translate.html (language not published)" in result.stderr
    published = {"en", "ar", "ja", "cn"}
    output = tmp_path / "output"
    for lang in LANGUAGES:
        assert (output / lang.code / "how-we-translate.html").is_file() == (lang.code in published)
        assert (output / lang.code / "how-we-translate.md").is_file() == (lang.code in published)
    for code in published:
        page = parse_html(output / code / "how-we-translate.html")
        switcher = {a.get("hreflang") for a in page.findall(".//nav[@class='languages']//a")}
        alternates = {link.get("hreflang") for link in page.findall("head/link[@rel='alternate']")}
        assert switcher == {"en", "ar", "ja", "zh-Hans"}
        assert alternates == switcher | {"x-default"}
    assert not (output / "it" / "index.html").exists()
    root = parse_html(output / "index.html")
    assert [a.get("hreflang") for a in root.findall(".//ul[@class='language-list']//a")] == [
        "en", "ar", "ja", "zh-Hans"]


def test_hostile_msgstr_is_escaped_refused_and_reported(tmp_path: Path) -> None:
    settings = make_demo_project(tmp_path)
    slug = "how-we-translate"
    set_translation(settings, slug, "ar", "Languages and scripts", "<script>alert(1)</script>")
    set_translation(settings, slug, "ar", "Language", 'اللغة<img src=x onerror="alert(1)">')
    set_translation(settings, slug, "ar", OFFER, "[راسلنا](javascript:alert(1))")
    set_translation(settings, slug, "fr", "Language", "Langue & <écriture>")
    result = invoke(tmp_path)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 3
    assert warnings[0].startswith("warning: po/how-we-translate/ar.po:")
    assert ("translation refused, adds HTML '<script>' that the English text does not have"
            in warnings[0])
    assert "adds a javascript: link" in result.stderr
    raw = (tmp_path / "output" / "ar" / f"{slug}.html").read_text(encoding="utf-8")
    for bad in ("<script", "onerror", "javascript:", "<img"):
        assert bad not in raw
    page = parse_html(tmp_path / "output" / "ar" / f"{slug}.html")
    heading = next(h for h in page.iter("h2") if text_of(h) == "Languages and scripts")
    assert heading.get("lang") == "en" and heading.get("dir") == "ltr"
    assert "ar: published, 92% translated (3 segment(s) in English; 3 refused)" in result.stdout
    french = (tmp_path / "output" / "fr" / f"{slug}.html").read_text(encoding="utf-8")
    assert "Langue &amp; &lt;écriture&gt;" in french


def test_bad_fallback_is_a_usage_error(tmp_path: Path) -> None:
    make_demo_project(tmp_path)
    result = invoke(tmp_path, "--fallback", "hide")
    assert result.exit_code == 2
    assert "Invalid value for '--fallback'" in result.stderr
    (tmp_path / "pyproject.toml").write_text(
        (tmp_path / "pyproject.toml").read_text() + 'fallback = "hide"\n', encoding="utf-8")
    result = invoke(tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "Error: fallback must be one of english, omit, not 'hide'\n"
