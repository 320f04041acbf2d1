"""Round trip on real documents: extract → identity translation → rebuild renders the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus import CORPORA, collect
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline.markdown.document import parse_text

CORPUS = [(f"{corpus}/{name}", text) for corpus in CORPORA
          for name, text in collect(corpus=corpus)]
_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def render(text: str) -> str:
    """HTML of ``text``, whitespace runs collapsed (a soft break renders as a space)."""
    return re.sub(r"\s+", " ", _MD.render(text)).strip()


def test_corpus_is_big_enough() -> None:
    # The committed corpora (bench/corpus/, bench/corpus-docs/): the same on every machine.
    assert len(CORPUS) >= 300, f"only {len(CORPUS)} documents in the committed corpora"


@pytest.mark.parametrize("name,text", CORPUS, ids=[name for name, _ in CORPUS])
def test_identity_rebuild_is_byte_identical(name: str, text: str) -> None:
    doc = parse_text(text, Path(name))
    assert doc.rebuild(lambda seg: seg.text) == text.removeprefix("\ufeff")


@pytest.mark.parametrize("name,text", CORPUS, ids=[name for name, _ in CORPUS])
def test_rewritten_identity_renders_the_same(name: str, text: str) -> None:
    doc = parse_text(text, Path(name))
    rebuilt = doc.rebuild(lambda seg: seg.text, rewrite_all=True)
    # The pipeline drops a leading byte-order mark (as GitHub does); markdown-it keeps it
    # as text, which would turn a first heading into a paragraph.
    assert render(rebuilt) == render(text.removeprefix("\ufeff"))


@pytest.mark.parametrize("name,text", CORPUS, ids=[name for name, _ in CORPUS])
def test_every_segment_lands_in_its_block(name: str, text: str) -> None:
    doc = parse_text(text, Path(name))
    numbers = {seg.text: i for i, seg in enumerate(doc.segments)}
    rebuilt = doc.rebuild(lambda seg: f"qz{numbers[seg.text]}qz")
    html = _MD.render(rebuilt)
    front = "".join(t.content for t in _MD.parse(rebuilt) if t.type == "front_matter")
    for seg in doc.segments:
        # The same text in the front matter and the body (a title repeated as the first
        # heading) is one entry: count each place on its own.
        in_front = seg.kind.startswith("Front matter")
        expected = sum(1 for s in doc.segments
                       if s.text == seg.text and s.kind.startswith("Front matter") == in_front)
        where = front if in_front else html
        assert where.count(f"qz{numbers[seg.text]}qz") == expected, seg
