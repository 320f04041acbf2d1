"""Placeholders: what is protected in real Markdown, and what a translation must give back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tools import need

from pipeline.markdown.document import parse_file
from pipeline.mt.engines.offline import pseudo_localize
from pipeline.mt.placeholders import (
    PlaceholderError,
    do_not_translate,
    protect,
    protected_spans,
    split_chunks,
    token_numbers,
)

ROOT = Path(__file__).resolve().parent.parent
TERMS = do_not_translate(("LibreTranslate",), "ZeroOpposite")

CONTACT = (
    "If you would like to help, write to the editors through the [contact page]"
    '(https://zeroopposite.example/contact "Contact the editors"). Please mention the '
    "language you read and the article you have in mind."
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in protected_spans(text, TERMS)]


def test_link_from_the_article_keeps_brackets_target_and_title() -> None:
    protected = protect(CONTACT, TERMS)
    assert protected.text.startswith(
        "If you would like to help, write to the editors through the "
        "[X0X]contact page[X1X]. Please mention"
    )
    assert kinds(CONTACT) == [
        ("link-open", "["),
        ("link-target", '](https://zeroopposite.example/contact "Contact the editors")'),
    ]
    spanish = (
        "Si desea ayudar, escriba a los editores a través de la [X0X]página de "
        "contacto[X1X]. Indique el idioma que lee."
    )
    assert protected.restore(spanish) == (
        "Si desea ayudar, escriba a los editores a través de la [página de contacto]"
        '(https://zeroopposite.example/contact "Contact the editors"). Indique el idioma que lee.'
    )


def test_site_name_hashtag_in_code_and_bare_hashtag() -> None:
    text = (
        "Arabic pages are laid out from right to left, while names such as ZeroOpposite "
        "and tags such as `#mentalhealth` keep their own direction, like #therapy."
    )
    assert kinds(text) == [
        ("term", "ZeroOpposite"),
        ("code", "`#mentalhealth`"),
        ("hashtag", "#therapy"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Use ``a ` b`` here", [("code", "``a ` b``")]),
        ("See <https://example.org/a?b=1> now", [("autolink", "<https://example.org/a?b=1>")]),
        ("Mail <team@example.org>.", [("autolink", "<team@example.org>")]),
        (
            'A <span class="x">word</span> &amp; &#169; more',
            [
                ("html", '<span class="x">'),
                ("html", "</span>"),
                ("entity", "&amp;"),
                ("entity", "&#169;"),
            ],
        ),
        (
            "Not \\*emphasis\\* and a break\\\nhere",
            [("escape", "\\*"), ("escape", "\\*"), ("escape", "\\\n")],
        ),
        (
            "An ![old photo](img/a.png 'A photo') here",
            [("link-open", "!["), ("link-target", "](img/a.png 'A photo')")],
        ),
        ("A [reference][ref-1] link", [("link-open", "["), ("link-target", "][ref-1]")]),
        (
            "Visit https://example.org/wiki/A_(b). Then www.example.com, or x@y.org.",
            [
                ("url", "https://example.org/wiki/A_(b)"),
                ("url", "www.example.com"),
                ("email", "x@y.org"),
            ],
        ),
        (
            "It is **very** _really_ important",
            [("emphasis", "**"), ("emphasis", "**"), ("emphasis", "_"), ("emphasis", "_")],
        ),
        ("snake_case_name and 5 * 3 stay text", []),
        (
            "A link [with `code` inside](u) ok",
            [("link-open", "["), ("code", "`code`"), ("link-target", "](u)")],
        ),
        ("Literal [X0X] in the source", [("token", "[X0X]")]),
        ("Try LibreTranslate, not LibreTranslator", [("term", "LibreTranslate")]),
    ],
)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected
    assert protect(text, TERMS).restore(protect(text, TERMS).text) == text


def test_every_segment_of_the_real_articles_survives_an_identity_round_trip() -> None:
    count = 0
    for path in sorted((ROOT / "source").glob("*.md")):
        for segment in parse_file(path).segments:
            protected = protect(segment.text, TERMS)
            assert protected.restore(protected.text) == segment.text
            assert token_numbers(protected.text) == list(range(len(protected.spans)))
            count += 1
    assert count > 30


def test_lost_repeated_and_unknown_tokens_are_rejected() -> None:
    protected = protect(CONTACT, TERMS)
    with pytest.raises(PlaceholderError, match=r"lost \["):
        protected.restore("ayuda en la página de contacto[X1X].")
    with pytest.raises(PlaceholderError, match="repeated"):
        protected.restore("[X0X]ayuda[X1X] [X1X]")
    with pytest.raises(PlaceholderError, match="not in the source"):
        protected.restore("[X0X]ayuda[X1X] [X7X]")
    with pytest.raises(PlaceholderError, match="wrong order"):
        protected.restore("[X1X]ayuda[X0X]")


def test_tokens_as_engines_change_them_are_still_recognised() -> None:
    protected = protect("Read **this** now", TERMS)
    assert protected.restore("これを[ X0X ]読む【X1X】") == "これを**読む**"
    assert protected.restore("Lies [x０x]das[X1X] jetzt") == "Lies **das** jetzt"


def test_spaces_an_engine_adds_inside_emphasis_and_links_are_removed() -> None:
    protected = protect("It is **very** important, see [the page](u).", TERMS)
    restored = protected.restore("Es [X0X] muy [X1X] importante, ver [X2X] la página [X3X].")
    assert restored == "Es **muy** importante, ver [la página](u)."


def test_nothing_to_translate_once_markup_is_protected() -> None:
    assert not protect("41%", TERMS).has_words
    assert not protect("`localize run` — https://example.org", TERMS).has_words
    assert protect("English", TERMS).has_words


def test_split_chunks_cuts_at_sentence_ends_and_joins_back() -> None:
    sentence = "Power dynamics are present in many aspects of life, see [X0X]. "
    text = (sentence * 40).strip()
    chunks = split_chunks(text, 300)
    assert len(chunks) > 1
    assert "".join(c + s for c, s in chunks) == text
    assert all(len(c) <= 300 for c, _ in chunks)
    assert all(c.endswith(".") for c, _ in chunks)
    assert sorted(n for c, _ in chunks for n in token_numbers(c)) == [0] * 40


def test_split_chunks_falls_back_to_spaces_then_to_cuts_outside_tokens() -> None:
    words = "word " * 100
    chunks = split_chunks(words.strip(), 50)
    assert "".join(c + s for c, s in chunks) == words.strip()
    assert all(len(c) <= 50 for c, _ in chunks)
    blob = "a" * 45 + "[X12X]" + "b" * 60
    pieces = split_chunks(blob, 50)
    assert "".join(c + s for c, s in pieces) == blob
    assert any("[X12X]" in c for c, _ in pieces)


def test_the_chosen_token_survives_apertium_and_pseudo() -> None:
    need("apertium")
    text = protect("Read the **book** and go to `home` now.", TERMS).text
    assert text == "Read the [X0X]book[X1X] and go to [X2X] now."

    def apertium(*flags: str) -> str:
        return subprocess.run(
            ["apertium", *flags, "eng-spa"], input=text, capture_output=True, text=True, check=True
        ).stdout

    assert "[*X0X]" in apertium()  # unknown words get a star, hence the engine's -u
    assert token_numbers(apertium("-u")) == [0, 1, 2]
    assert token_numbers(pseudo_localize(text)) == [0, 1, 2]
    assert token_numbers(pseudo_localize(text, rtl=True)) == [0, 1, 2]
