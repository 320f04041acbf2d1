"""assemble finds an article's links and images with a block parse and an inline parse of
only the blocks that can hold one: the same references, in the same order and on the same
lines, as a full parse, on every document of both benchmark corpora."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CORPORA, collect

from pipeline.assemble.assets import _references, local_targets
from pipeline.assemble.render import source_parser
from pipeline.markdown.document import Document

CORPUS = [(f"{corpus}/{name}", text) for corpus in CORPORA
          for name, text in collect(corpus=corpus)]


def full_parse(source: str) -> list[tuple[str, int]]:
    """What ``_references`` gave when it parsed every block's inline content."""
    found = []
    for block in source_parser().parse(source, {}):
        if block.type == "inline" and block.children:
            found += local_targets(block)
    return found


@pytest.mark.parametrize("name,text", CORPUS, ids=[name for name, _ in CORPUS])
def test_references_as_a_full_parse_finds_them(name: str, text: str) -> None:
    doc = Document(path=Path(name), source=text)
    assert _references(doc) == full_parse(text)


def test_reference_links_and_images_are_found() -> None:
    source = ("# T\n\nSee [the guide][g], ![chart](img/c.png) and [x].\n\n"
              "| a | b |\n|---|---|\n| [cell](files/t.csv) | - |\n\n"
              "[g]: docs/guide.pdf\n[x]: ./x.zip\n")
    found = _references(Document(path=Path("a.md"), source=source))
    assert found == [("docs/guide.pdf", 3), ("img/c.png", 3), ("./x.zip", 3),
                     ("files/t.csv", 7)]
    assert found == full_parse(source)
