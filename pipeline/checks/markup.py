"""What inline Markdown a segment holds, as markdown-it-py parses it.

``inventory(text)`` lists the things a translation must carry over
unchanged (emphasis, link and image targets, code spans, HTML tags, hard
line breaks, URLs) and the prose a reader sees, which the wording checks
judge. It parses with the same CommonMark rules the site is built with, so
``**「強調」**です`` counts as no emphasis at all, as it renders.

In ``prose`` each code span and bare URL is replaced by ``OBJECT`` (U+FFFC),
so punctuation next to them keeps its place but none of their characters
are taken for words or marks; HTML tags are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

OBJECT = "\ufffc"
URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.|\bmailto:)[!#-&*-;=?-~]+")
_URL_TAIL = ".,;:!?)]}*_"
HASHTAG = re.compile(r"(?<![\w&/#])#\w*[^\W\d]\w*")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_MD = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Inventory:
    """The inline markup of one segment and the prose around it."""

    emphasis: int
    strong: int
    links: tuple[str, ...]
    images: tuple[str, ...]
    code: tuple[str, ...]
    html: tuple[str, ...]
    breaks: int
    urls: tuple[str, ...]
    prose: str


def find_urls(text: str) -> list[str]:
    """Bare URLs in ``text``, without the sentence punctuation that may follow them."""
    return [match.group(0).rstrip(_URL_TAIL) for match in URL.finditer(text)]


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children and token.type == "image":
            yield from _walk(token.children)


def _tag(html: str) -> str:
    match = _TAG_NAME.match(html)
    if not match:
        return html.strip()
    closing = "/" if html.startswith("</") else ""
    return f"<{closing}{match.group(1).lower()}>"


@lru_cache(maxsize=4096)
def inventory(text: str) -> Inventory:
    """Parse ``text`` as inline Markdown and take stock of it."""
    counts = {"em_open": 0, "strong_open": 0, "hardbreak": 0}
    links: list[str] = []
    images: list[str] = []
    code: list[str] = []
    html: list[str] = []
    urls: list[str] = []
    prose: list[str] = []
    tokens = _MD.parseInline(text)[0].children or []
    autolink = False
    for token in _walk(tokens):
        kind = token.type
        if kind in counts:
            counts[kind] += 1
        if kind == "text":
            prose.append(OBJECT if autolink else token.content)
        elif kind == "softbreak":
            prose.append(" ")
        elif kind == "hardbreak":
            prose.append("\n")
        elif kind == "link_open":
            links.append(str(token.attrs.get("href", "")))
            autolink = token.markup == "autolink"
        elif kind == "link_close":
            autolink = False
        elif kind == "image":
            images.append(str(token.attrs.get("src", "")))
        elif kind == "code_inline":
            code.append(token.content)
            prose.append(OBJECT)
        elif kind == "html_inline":
            html.append(_tag(token.content))
            urls.extend(find_urls(token.content))
    plain = "".join(prose)
    urls.extend(find_urls(plain))
    return Inventory(
        emphasis=counts["em_open"],
        strong=counts["strong_open"],
        links=tuple(sorted(links)),
        images=tuple(sorted(images)),
        code=tuple(sorted(code)),
        html=tuple(sorted(html)),
        breaks=counts["hardbreak"],
        urls=tuple(sorted(urls)),
        prose=URL.sub(_blank_url, plain),
    )


def _blank_url(match: re.Match[str]) -> str:
    url = match.group(0)
    return OBJECT + url[len(url.rstrip(_URL_TAIL)) :]
