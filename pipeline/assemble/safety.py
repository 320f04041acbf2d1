"""Refusing translations that add markup their English text does not have.

Everything in a PO file is untrusted. The HTML edition escapes it anyway
(it is rendered with raw HTML off), but the Markdown edition carries the
text as written, and a renderer downstream may not be as careful. So the
assembler refuses, whatever validate said or whether it ran:

- raw HTML (a tag, comment or processing instruction: ``<script>``,
  ``<img onerror=…>``) that is not, character for character, in the msgid;
- a link or image target that is not one of the msgid's targets, which
  covers ``javascript:``, ``vbscript:`` and ``data:`` URLs (named in the
  reason because they are the usual attack).

Targets are read with markdown-it with its own link validation switched
off, so a target it would quietly drop still counts. A refused msgstr is
replaced by the English text; the caller reports it. A msgstr without ``<``
and without ``](`` can hold neither (reference links are not resolved
here), so it is not parsed at all.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

_TAG_LIKE = re.compile(r"<[A-Za-z!?/][^<>]*>?")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
_DANGEROUS = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@lru_cache(maxsize=1)
def _permissive() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _walk(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        if token.children:
            found.extend(_walk(token.children))
    return found


@lru_cache(maxsize=8192)
def _markup(text: str) -> tuple[list[str], list[str]]:
    """The raw HTML pieces and the link/image targets of inline Markdown ``text``."""
    tokens = _walk(_permissive().parseInline(text))
    html = [t.content.strip() for t in tokens if t.type == "html_inline"]
    html.extend(m.group(0) for m in _TAG_LIKE.finditer(_AUTOLINK.sub("", text)))
    targets = [
        str(t.attrGet("href") if t.type == "link_open" else t.attrGet("src"))
        for t in tokens
        if t.type in ("link_open", "image")
    ]
    return html, targets


def _scheme_name(target: str) -> str | None:
    match = _DANGEROUS.match(_INVISIBLE.sub("", target))
    return match.group(1).lower() if match else None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def added_markup(msgid: str, msgstr: str) -> str | None:
    """Why ``msgstr`` must not be used in place of ``msgid``, or ``None`` when it is safe."""
    if "<" not in msgstr and "](" not in msgstr:
        return None  # no tag, comment, autolink or inline link target can be in it
    id_html, id_targets = _markup(msgid)
    str_html, str_targets = _markup(msgstr)
    for piece in str_html:
        if piece not in id_html and piece.strip() not in msgid:
            return f"adds HTML {_short(piece)!r} that the English text does not have"
    for target in str_targets:
        if target in id_targets:
            continue
        scheme = _scheme_name(target)
        if scheme:
            return f"adds a {scheme}: link {_short(target)!r}"
        return f"link target {_short(target)!r} is not one of the English text's targets"
    return None
