"""Whether a segment holds anything to translate, or only markup and symbols.

A block made only of inline HTML (a wall of sponsor logos), images without
alternative text, links without text, autolinks and bare URLs, code spans,
entities and punctuation reads the same in every language: like a code
block, it is no segment at all. Its bytes are copied into every
edition, no translator sees it, and the segment size limit does not apply
to it (the 20,000-character paragraph of logos in webpack's README is no
reason to refuse the document).

Rules:

- Something to translate is a letter or a digit (Unicode categories L and
  N) in what a reader sees as text. Numbers count: translators localize
  them (``41%`` is ``41 %`` in French, German and Spanish, and Arabic may
  use its own digits). What a reader sees as text: the text between the
  markup, emphasised or linked text, and the alternative text of an image.
  Not: the tags and attributes of inline HTML, the target and title of a
  link or image, the content of a code span, an autolink, a bare URL or an
  e-mail address.
- What is markup is decided by markdown-it's inline parser, with the
  document's link reference definitions; a quick look first settles the
  common cases without it: no letter or digit at all (nothing to
  translate), or one left once everything that could be markup is blanked out
  (text).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

_TEXT_CHAR = re.compile(r"[^\W_]")
"""A letter or a digit, in any script."""
_MAYBE_MARKUP = re.compile(
    r"<[^>]*>?"  # HTML and autolinks (an unclosed < to the end, to be safe)
    r"|`[\s\S]*`"  # from the first backtick to the last: every code span in between
    r"|\]\s*[(\[][\s\S]*"  # a link or image target or reference label, and all after it
    r"|&#?\w+;"  # entities
    r"|\S*(?:://|@|www\.)\S*"  # URLs and e-mail addresses
)
"""A superset of the inline markup that can hold letters nobody translates: a letter or
digit left once all of it is blanked out is text for sure."""
_BARE_ADDRESS = re.compile(r"\S*(?:://|@|www\.)\S*")


def has_words(text: str, env: dict[str, Any] | None = None) -> bool:
    """Whether inline Markdown ``text`` holds a letter or digit a translator would translate.

    ``env``: markdown-it's environment of the document (its link references).
    """
    if not _TEXT_CHAR.search(text):
        return False
    if _TEXT_CHAR.search(_MAYBE_MARKUP.sub(" ", text)):
        return True
    tokens: list[Token] = []
    md = _inline_parser()
    md.inline.parse(text, md, dict(env or {}), tokens)
    return _TEXT_CHAR.search(_BARE_ADDRESS.sub(" ", "".join(_visible_text(tokens)))) is not None


def _visible_text(tokens: list[Token]) -> list[str]:
    """The text a reader sees in ``tokens``: text and image descriptions, not markup or code."""
    parts: list[str] = []
    autolink = False
    for token in tokens:
        if token.type == "link_open":
            autolink = token.markup in ("autolink", "linkify")
        elif token.type == "link_close":
            autolink = False
        elif token.type == "text" and not autolink:
            parts.append(token.content)
        elif token.type == "image":
            parts.extend(_visible_text(token.children or []))
        parts.append(" ")
    return parts


@functools.cache
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark")
