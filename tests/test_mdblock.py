"""The block parser that tries only the rules a line can start (``pipeline.markdown.blocks``)
gives exactly the tokens of markdown-it's own, on real documents and generated ones."""

from __future__ import annotations

import random
from typing import Any

import pytest
from corpus import CORPORA, collect
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline.markdown.blocks import dispatch_by_first_character


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("inline")


STOCK = _parser()
FAST = dispatch_by_first_character(_parser())


def _tokens(md: MarkdownIt, text: str) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    return [_token(t) for t in tokens], env


def _token(t: Token) -> tuple[Any, ...]:
    return (t.type, t.tag, t.map, t.content, t.markup, t.info, t.nesting, t.level, t.attrs,
            t.block, t.hidden, t.meta)


def _same(text: str) -> None:
    assert _tokens(FAST, text) == _tokens(STOCK, text)


CORPUS = [(f"{corpus}/{name}", text) for corpus in CORPORA
          for name, text in collect(corpus=corpus)]


@pytest.mark.parametrize("name,text", CORPUS, ids=[name for name, _ in CORPUS])
def test_real_documents_give_the_same_tokens(name: str, text: str) -> None:
    _same(text)


# Line starts that open (or nearly open) every kind of block, and text that opens none.
_STARTS = [
    "# ", "###### ", "####### ", "#", "> ", ">", "- ", "* ", "+ ", "-", "1. ", "2) ", "1.",
    "12345678901. ", "9. ", "0) ", "3.", "```", "~~~", "```py", "``` a`b", "---", "***", "___", "- - -", "===",
    "<div>", "</div>", "<!-- ", "-->", "<?php", "<![CDATA[", "<pre>", "<x-y a='b'>",
    "[a]: /url", "[a]:", "[", "| a | b |", "|---|---|", "-|-", ":--|--:", "| -", "|",
    "a | b", "    ", "\t", "  ", "   ", "text", "word *em*", "", "\\", "&amp;", "`code`",
]
_ENDS = ["", " text", " | c", " ---", " #", "  ", "\t", " [b]", " <br>", " `x`", ":"]


@st.composite
def _documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(
        st.tuples(st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "> ", "- ", "1. "]),
                  st.sampled_from(_STARTS), st.sampled_from(_ENDS)),
        min_size=1, max_size=30))
    text = "\n".join("".join(parts) for parts in lines)
    return draw(st.sampled_from(["", "---\ntitle: x\n---\n"])) + text


@settings(max_examples=1500, deadline=None)
@given(_documents())
def test_generated_documents_give_the_same_tokens(text: str) -> None:
    _same(text)


def test_random_line_soup_gives_the_same_tokens() -> None:
    rng = random.Random(7)
    pieces = _STARTS + _ENDS + ["\n", "\n\n", "\r\n", "  \n", "\n    ", "\n> ", "\n- "]
    for _ in range(400):
        _same("".join(rng.choice(pieces) for _ in range(rng.randrange(1, 80))))


def test_a_changed_ruler_falls_back_to_the_stock_rules() -> None:
    md = dispatch_by_first_character(_parser())
    text = "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    md.disable("table")
    assert _tokens(md, text) == _tokens(_parser().disable("table"), text)
    assert all(token[0] != "table_open" for token in _tokens(md, text)[0])
