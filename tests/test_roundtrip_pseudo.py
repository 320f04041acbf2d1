"""Pseudo-translation round trip over the real corpus: markup survives a transformed msgstr.

Every segment goes through the translate stage's own path (placeholders
protect the markup, the ``pseudo`` engine transforms the rest, placeholders
are restored); the rebuilt document must keep every link target, image and
code span of the source.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from corpus import CORPORA, collect
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.markdown.document import Segment, parse_text
from pipeline.mt.engines.offline import pseudo_localize
from pipeline.mt.placeholders import protect

CORPUS = [(f"{corpus}/{name}", text) for corpus in CORPORA
          for name, text in collect(corpus=corpus)]
_MD = MarkdownIt("commonmark").enable("table")


def _walk(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        if token.children:
            found.extend(_walk(token.children))
    return found


def inventory(text: str) -> Counter[tuple[str, str]]:
    """Link targets, image sources and code (inline and blocks) of a rendered document."""
    items: Counter[tuple[str, str]] = Counter()
    for token in _walk(_MD.parse(text)):
        if token.type == "link_open":
            items["link", str(token.attrGet("href"))] += 1
        elif token.type == "image":
            items["image", str(token.attrGet("src"))] += 1
        elif token.type in ("code_inline", "fence", "code_block"):
            items[token.type, token.content] += 1
    return items


def pseudo(segment: Segment) -> str:
    protected = protect(segment.text)
    return protected.restore(pseudo_localize(protected.text))


@pytest.mark.parametrize("name,text", CORPUS, ids=[name for name, _ in CORPUS])
def test_pseudo_translation_keeps_links_images_and_code(name: str, text: str) -> None:
    doc = parse_text(text, Path(name))
    rebuilt = doc.rebuild(pseudo)
    assert inventory(rebuilt) == inventory(text)
    if any(any(c.isalpha() for c in s.text) for s in doc.segments if not s.kind.startswith("Front")):
        assert rebuilt != text
