"""Blocks with nothing to translate are no segments, so real documents are not refused.

The attack: webpack's README has a paragraph of 20,798 characters made of
sponsor logos as inline HTML, no words; the default ``max_segment_chars``
(10,000) refused it, and with it the whole document. The README is built
here the way that one is (its lines have the same shape), not copied.
"""

from __future__ import annotations

from pathlib import Path

from assemble_support import fill
from click.testing import CliRunner
from conftest import DATA
from test_robust_input import invoke, one_article, refused

from pipeline.markdown.document import parse_file, parse_text
from pipeline.po import catalog

LOGO = ('<a href="https://opencollective.com/example/backer/{n}/website?requireActive=false" '
        'target="_blank"><img width="30" '
        'src="https://opencollective.com/example/backer/{n}/avatar.svg?requireActive=false"></a>')


def logos(characters: int) -> str:
    """A paragraph of backers' logos, one per line, at least ``characters`` long."""
    lines: list[str] = []
    while len("\n".join(lines)) < characters:
        lines.append(LOGO.format(n=len(lines)))
    return "\n".join(lines)


def readme() -> str:
    return (
        "# example\n\n"
        "Example is a module bundler; it bundles files for usage in a browser.\n\n"
        "```bash\nnpm install --save-dev example\n```\n\n"
        "### Backers\n\n"
        "[Become a backer](https://opencollective.com/example#backer) and get your image on our "
        "README with a link to your site.\n\n"
        f"{logos(20_798)}\n\n"
        "## Special Thanks\n\nTo everyone who helped.\n"
    )


def test_a_readme_with_a_paragraph_of_logos_is_translated(tmp_path: Path, runner: CliRunner) -> None:
    text = readme()
    paragraph = max(text.split("\n\n"), key=len)
    assert len(paragraph) >= 20_798 and paragraph.startswith("<a href=")
    one_article(tmp_path, text, "README.md")
    result = invoke(runner, tmp_path, "run", "--offline")
    assert result.exit_code == 0, result.output
    template = catalog.load_po(tmp_path / "po" / "README" / "README.pot")
    assert [entry.msgid for entry in template] == [
        "example",
        "Example is a module bundler; it bundles files for usage in a browser.",
        "Backers",
        "[Become a backer](https://opencollective.com/example#backer) and get your image on our "
        "README with a link to your site.",
        "Special Thanks",
        "To everyone who helped.",
    ]
    assert all(len(entry.msgid) < 200 for entry in template)
    # A language with nothing translated is not published: translate a heading in three.
    for lang, heading in (("fr", "Remerciements"), ("ar", "شكر خاص"), ("ja", "謝辞")):
        fill(tmp_path / "po" / "README" / f"{lang}.po", {"Special Thanks": heading})
    assert invoke(runner, tmp_path, "assemble").exit_code == 0
    # The logos are copied into every edition as they are.
    assert (tmp_path / "output" / "en" / "README.md").read_text(encoding="utf-8") == text
    for lang in ("fr", "ar", "ja"):
        edition = (tmp_path / "output" / lang / "README.md").read_text(encoding="utf-8")
        assert paragraph in edition
        page = (tmp_path / "output" / lang / "README.html").read_text(encoding="utf-8")
        assert page.count('<img width="30" src="https://opencollective.com/example/backer/') == \
            paragraph.count("<img ")


def test_a_long_paragraph_of_words_is_still_refused(tmp_path: Path, runner: CliRunner) -> None:
    """The limit still protects against pasted data that a translator would have to handle."""
    one_article(tmp_path, "Short.\n\n" + "word " * 2_100 + "\n")
    errors = refused(runner, tmp_path, "extract")
    assert errors[0].startswith("error: source/a.md:3: paragraph of 10,499 characters, over the "
                                "limit of 10,000")


def test_an_image_with_a_description_is_still_a_segment() -> None:
    doc = parse_text("![A described logo](logo.png)\n\n![](bare.png)\n", Path("a.md"))
    assert [(s.kind, s.text) for s in doc.segments] == [("Image", "![A described logo](logo.png)")]


def test_numbers_stay_segments_since_translators_localize_them() -> None:
    """The project's own translators write 41 % in French, German and Spanish."""
    doc = parse_text("| Share |\n|---|\n| 41% |\n\n2024\n\n* * *\n\n&mdash;\n", Path("a.md"))
    assert [s.text for s in doc.segments] == ["Share", "41%", "2024"]


def test_blocks_with_nothing_to_translate_are_copied_byte_for_byte() -> None:
    """The golden case (``tests/data/extract/nothing.md``): identity gives the source back, and
    a translation of every segment leaves every other block as it was."""
    doc = parse_file(DATA / "extract" / "nothing.md")
    assert doc.rebuild(lambda s: s.text) == doc.source
    assert doc.rebuild(lambda s: s.text, rewrite_all=True) == doc.source
    translated = doc.rebuild(lambda s: f"«{s.text}»")
    for kept in ('<a href="https://example.org/sponsor/2/website" target="_blank">',
                 "![](https://example.org/logo-without-description.png) ![][badge]",
                 "[](https://example.org/empty-link) <https://example.org/autolink>",
                 "https://example.org/a-bare-url", "`npm install --save-dev example`",
                 "&copy; &mdash; * * *", "| `pears` | «17%» | — |", "- <img src=",
                 "> **—**", 'subtitle: "—"'):
        assert kept in translated, kept
    assert "«Item with words»" in translated and "«2024»" in translated
