"""init never overwrites; assets: missing is file:line, outside the project is refused,
language variants; a project's template replaces a block."""

from __future__ import annotations

from pathlib import Path

from assemble_support import fill, parse_html
from click.testing import CliRunner, Result
from test_new_site import png

from pipeline.cli import cli


def invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_init_appends_to_a_python_project_and_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / ".gitignore").write_text("/dist/\n", encoding="utf-8")
    first = CliRunner().invoke(cli, ["init", str(tmp_path), "--yes", "--site-name", "Café"])
    assert first.exit_code == 0, first.output
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith('[project]\nname = "x"\n') and 'site_name = "Café"' in text
    assert not (tmp_path / "localize.toml").exists()
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").startswith("/dist/\n")
    (tmp_path / "source" / "welcome.md").write_text("# Mine\n", encoding="utf-8")
    again = CliRunner().invoke(cli, ["init", str(tmp_path), "--yes"])
    assert again.exit_code == 0
    assert "  kept pyproject.toml ([tool.localize] is there already)" in again.stdout
    assert (tmp_path / "source" / "welcome.md").read_text(encoding="utf-8") == "# Mine\n"
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == text


def test_init_checks_its_answers_before_writing(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path), "--yes", "--languages", "fr,xx"])
    assert result.exit_code == 2
    assert "languages: unknown language 'xx'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def project_with(tmp_path: Path, body: str) -> Path:
    assert CliRunner().invoke(cli, ["init", str(tmp_path), "--yes", "--languages", "fr,ar",
                                    "--no-workflow"]).exit_code == 0
    (tmp_path / "source" / "welcome.md").unlink()
    (tmp_path / "source" / "a.md").write_text(f"---\ntitle: A\n---\n\n{body}\n",
                                              encoding="utf-8")
    return tmp_path


def run(project: Path) -> Result:
    """``run --offline``, then ``Text.`` translated into French and Arabic, so that both are
    published (a language with nothing translated is not), and assembled."""
    result = CliRunner().invoke(cli, ["run", "--project", str(project), "--offline"])
    if result.exit_code != 0:
        return result
    for code, text in (("fr", "Texte."), ("ar", "نص.")):
        fill(next(project.rglob(f"a/{code}.po")), {"Text.": text})
    return CliRunner().invoke(cli, ["assemble", "--project", str(project)])


def test_missing_asset_names_file_and_line(tmp_path: Path) -> None:
    project = project_with(tmp_path, "Text.\n\n![Chart](images/chart.png)")
    result = run(project)
    assert result.exit_code == 1
    assert "source/a.md:7: 'images/chart.png' not found" in result.stderr


def test_link_to_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    project = project_with(tmp_path, "Text.\n\nSee [the tests](tests) and [the docs](docs/).")
    (project / "source" / "tests").mkdir()
    result = run(project)
    assert result.exit_code == 1
    assert ("source/a.md:7: 'tests' is a folder (source/tests), not a file; link to a file in "
            "it, or end the link with '/' to keep it as written") in result.stderr
    assert "docs/" not in result.stderr


def test_missing_asset_outside_the_project_is_named_plainly(tmp_path: Path) -> None:
    project = project_with(tmp_path / "p", "Text.\n\n![x](../../images/x.png)")
    result = run(project)
    assert result.exit_code == 1
    assert f"'../../images/x.png' not found (looked for {tmp_path / 'images' / 'x.png'})" \
        in result.stderr


def test_asset_outside_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(png(2, 2, (0, 0, 0)))
    project = project_with(tmp_path / "p", "![x](images/link.png)")
    (project / "source" / "images").mkdir()
    (project / "source" / "images" / "link.png").symlink_to(outside)
    result = run(project)
    assert result.exit_code == 1
    assert "leads outside the project folder" in result.stderr
    assert not list((project / "output").rglob("*.png"))


def test_language_variant_is_used_for_its_language(tmp_path: Path) -> None:
    project = project_with(tmp_path, "Text.\n\n![Chart](images/chart.png)")
    images = project / "source" / "images"
    images.mkdir()
    (images / "chart.png").write_bytes(png(4, 4, (0, 0, 255)))
    (images / "chart.ar.png").write_bytes(png(4, 4, (255, 0, 0)))
    assert run(project).exit_code == 0
    out = project / "output"
    src = {code: parse_html(out / code / "a.html").find(".//img").get("src")
           for code in ("en", "fr", "ar")}
    assert src == {"en": "../images/chart.png", "fr": "../images/chart.png",
                   "ar": "../images/chart.ar.png"}
    assert (out / "images" / "chart.ar.png").read_bytes() == (images / "chart.ar.png").read_bytes()


def test_project_template_replaces_a_block_and_stylesheet(tmp_path: Path) -> None:
    project = project_with(tmp_path, "Text.")
    (project / "templates").mkdir()
    (project / "templates" / "base.html").write_text(
        '{% extends "default/base.html" %}\n'
        '{% block footer %}<footer class="site-footer"><p>Roasted with care.</p></footer>'
        '{% endblock %}\n', encoding="utf-8")
    (project / "templates" / "site.css").write_text("body { color: teal; }\n", encoding="utf-8")
    assert run(project).exit_code == 0
    page = (project / "output" / "fr" / "a.html").read_text(encoding="utf-8")
    assert "<p>Roasted with care.</p>" in page
    assert (project / "output" / "static" / "site.css").read_text() == "body { color: teal; }\n"


def test_nav_links_footer_and_no_brand_by_default(tmp_path: Path) -> None:
    project = project_with(tmp_path, "Text.")
    config = project / "localize.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('site_name = "My site"',
                      'site_name = ""') + 'nav = [{ label = "Shop", url = { fr = "/fr/shop/" } },'
                      ' { label = "About", url = "/about/" }]\nfooter = "Made by *us*"\n',
                      encoding="utf-8")
    assert run(project).exit_code == 0
    fr = parse_html(project / "output" / "fr" / "a.html")
    links = [(a.tag, a.get("href")) for a in fr.find(".//nav[@class='site-nav']")]
    assert links == [("a", "/fr/shop/"), ("a", "/about/")]
    en = parse_html(project / "output" / "en" / "a.html")
    assert [(a.tag, a.get("href")) for a in en.find(".//nav[@class='site-nav']")] == [
        ("span", None), ("a", "/about/")]
    assert fr.find(".//a[@class='logo']") is None
    assert fr.find("head/title").text == "A"
    assert fr.find(".//footer[@class='site-footer']/p/em").text == "us"
