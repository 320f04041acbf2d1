"""A slug that names a generated file or folder is refused with ``file:line``.

The attack: ``slug: index`` made the article's HTML ``output/<lang>/index.html``,
which the language's index page then replaced (exit 0, "published").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_robust_input import invoke, one_article, refused

from pipeline.project.languages import LANGUAGES
from pipeline.project.layout import reserved_slug

RESERVED = ["index", "static", "site", "Index", "INDEX", "STATIC", "en", "fr", "cn", "zh_CN",
            "zh-Hans", "pt-PT", "ar", "AR"]


def test_every_generated_name_is_reserved() -> None:
    for lang in LANGUAGES:
        for name in (lang.code, lang.label, lang.locale, lang.bcp47):
            assert reserved_slug(name), name
    for name in ("index", "static", "site"):
        assert reserved_slug(name), name
    for name in ("indexes", "site-map", "french", "static-typing", "fr-notes", "a"):
        assert reserved_slug(name) is None, name


def test_slug_index_is_refused_and_the_index_page_survives(
    tmp_path: Path, runner: CliRunner
) -> None:
    """The exact scenario: ``slug: index`` next to an ordinary article."""
    one_article(tmp_path, "---\ntitle: Ordinary\n---\n\nAn ordinary article.\n", "ordinary.md")
    (tmp_path / "source" / "evil.md").write_text(
        "---\ntitle: Evil\nslug: index\n---\n\nThis must not become the index page.\n",
        encoding="utf-8")
    expected = ("error: source/evil.md:3: slug 'index' is reserved: each language's index page "
                "is output/<lang>/index.html; change `slug:`")
    for command in ("extract", "assemble", "status"):
        errors = refused(runner, tmp_path, command)
        assert expected in errors, (command, errors)
    result = invoke(runner, tmp_path, "validate")  # its report goes to stdout
    assert result.exit_code == 1
    assert expected in result.stdout.splitlines()
    result = invoke(runner, tmp_path, "run", "--offline")
    assert result.exit_code == 1
    assert not (tmp_path / "po" / "index").exists()
    for lang in ("en",):  # the one language with something published (nothing is translated)
        page = (tmp_path / "output" / lang / "index.html").read_text(encoding="utf-8")
        assert "must not become" not in page
        assert "ordinary.html" in page


@pytest.mark.parametrize("slug", RESERVED)
def test_a_reserved_slug_in_the_front_matter_is_refused_at_its_line(
    tmp_path: Path, runner: CliRunner, slug: str
) -> None:
    one_article(tmp_path, f"---\ntitle: T\ndate: 2026-01-01\nslug: {slug}\n---\n\nText.\n")
    errors = refused(runner, tmp_path, "extract")
    assert errors[0].startswith(f"error: source/a.md:4: slug {slug!r} is reserved: ")
    assert not (tmp_path / "po").exists()


@pytest.mark.parametrize("name", ["index", "static", "fr", "site"])
def test_a_reserved_file_name_is_refused_at_line_one(
    tmp_path: Path, runner: CliRunner, name: str
) -> None:
    one_article(tmp_path, "Text.\n", f"{name}.md")
    errors = refused(runner, tmp_path, "extract")
    assert errors[0].startswith(f"error: source/{name}.md:1: slug {name!r} (from the file name) "
                                "is reserved: ")
    assert errors[0].endswith("; add `slug: another-name` to the front matter")


def test_a_file_named_index_with_another_slug_is_fine(tmp_path: Path, runner: CliRunner) -> None:
    one_article(tmp_path, "---\nslug: home-page\n---\n\nText.\n", "index.md")
    result = invoke(runner, tmp_path, "run", "--offline")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "en" / "home-page.html").is_file()
    assert "home-page.html" in (tmp_path / "output" / "en" / "index.html").read_text("utf-8")
