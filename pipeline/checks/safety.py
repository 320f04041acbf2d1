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

The msgid is parsed once (it is the same in every language); a msgstr is
first checked without parsing (``_surely_safe``): every raw HTML piece and
every target markdown-it could find in it is looked for, with markdown-it's
own patterns, at every place one could start. Those candidates include all
that the parser finds, so when every candidate is allowed the msgstr is
safe, and otherwise the parser decides (and words the reason) as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import unescapeAll
from markdown_it.helpers import parseLinkDestination
from markdown_it.rules_inline.autolink import AUTOLINK_RE, EMAIL_RE
from markdown_it.token import Token

_TAG_LIKE = re.compile(r"<[A-Za-z!?/][^<>]*>?")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
_DANGEROUS = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")

# What markdown-it's inline parser runs (``commonmark`` preset, raw HTML on).
# ``_surely_safe`` relies on links, images and HTML coming only from the
# ``link``, ``image``, ``autolink`` and ``html_inline`` rules; with any other
# set of rules (another markdown-it release) every msgstr is parsed.
_INLINE_RULES = ["text", "newline", "escape", "backticks", "emphasis", "link", "image",
                 "autolink", "html_inline", "entity"]
_CORE_RULES = ["normalize", "block", "inline", "text_join"]
# A link destination markdown-it's ``parseLinkDestination`` reads as is, up to
# the first character it treats specially (blank, control, paren, backslash).
_PLAIN_DESTINATION = re.compile(r"[^\x00-\x20\x7f()\\]*")
_LINK_BLANKS = re.compile(r"[ \t\n]*")
_FAST_CHARS = 20_000
_FAST_LINKS = 100


@lru_cache(maxsize=1)
def _permissive() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = _normalized  # type: ignore[method-assign]  # the same, remembered
    return md


@lru_cache(maxsize=1)
def _rules_known() -> bool:
    """Whether the parser's rules are the ones ``_surely_safe`` was written for."""
    md = _permissive()
    inline = [rule.name for rule in md.inline.ruler.__rules__ if rule.enabled]
    core = [rule.name for rule in md.core.ruler.__rules__ if rule.enabled]
    return inline == _INLINE_RULES and core == _CORE_RULES and not md.options.get("linkify")


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
    html.extend(_tag_like(text))
    targets = [
        str(t.attrGet("href") if t.type == "link_open" else t.attrGet("src"))
        for t in tokens
        if t.type in ("link_open", "image")
    ]
    return html, targets


def _tag_like(text: str) -> list[str]:
    """What looks like a tag once autolinks are taken out, even where markdown-it sees none."""
    return [m.group(0) for m in _TAG_LIKE.finditer(_AUTOLINK.sub("", text))]


@lru_cache(maxsize=4096)
def _allowed(msgid: str) -> tuple[frozenset[str], frozenset[str]]:
    """The HTML pieces and the targets of ``msgid``, as sets."""
    html, targets = _markup(msgid)
    return frozenset(html), frozenset(targets)


@lru_cache(maxsize=16384)
def _normalized(url: str) -> str:
    """``MarkdownIt.normalizeLink``: a URL as the parser writes it in a link."""
    return normalize_url.normalizeLink(url)


def _html_candidates(text: str) -> list[str]:
    """Every HTML piece ``html_inline`` could take from ``text`` (stripped), and tag-likes.

    The rule's own cheap refusals are repeated, so that a text with many
    ``<`` costs no more here than in the parser.
    """
    found = []
    ends: dict[str, int] = {}
    start = text.find("<")
    while 0 <= start < len(text) - 2:
        if _may_be_tag(text, start, ends):
            match = HTML_TAG_RE.match(text, start)
            if match is not None:
                found.append(match.group(0).strip())
        start = text.find("<", start + 1)
    found.extend(_tag_like(text))
    return found


def _may_be_tag(text: str, pos: int, ends: dict[str, int]) -> bool:
    """``html_inline``'s checks before its pattern (terminators looked for in the whole text)."""
    def last(term: str) -> int:
        if term not in ends:
            ends[term] = text.rfind(term)
        return ends[term]

    second = text[pos + 1]
    if second not in "!?/" and not ("a" <= second.lower() <= "z" and second.isascii()):
        return False
    if text.startswith("<!--", pos):
        if last(">") < pos + 4:
            return False
        return (text.startswith("<!-->", pos) or text.startswith("<!--->", pos)
                or last("-->") >= pos + 4)
    if text.startswith("<![CDATA[", pos):
        return last("]]>") >= pos + 9
    if second == "?":
        return last("?>") >= pos + 2
    if second == "!":
        return last(">") >= pos + 3
    return last(">") >= pos + 2


def _autolink_candidates(text: str) -> list[str]:
    """Every target the ``autolink`` rule could read in ``text`` (``<scheme:…>``, ``<a@b.c>``)."""
    found = []
    end = -1
    start = text.find("<")
    while start >= 0:
        if end <= start:
            end = text.find(">", start + 1)
            if end < 0:
                break
        following = text.find("<", start + 1)
        if following < 0 or following > end:  # the rule reads up to the first < or >
            url = text[start + 1:end]
            if AUTOLINK_RE.search(url) is not None:
                found.append(_normalized(url))
            if EMAIL_RE.search(url) is not None:
                found.append(_normalized("mailto:" + url))
        start = following
    return found


def _destination(text: str, pos: int) -> str | None:
    """The target of a link or image whose ``](`` ends at ``pos``; ``None``: no link there.

    The same reading as the ``link`` and ``image`` rules, to the end of the
    text rather than of the enclosing label (for a link that exists both
    read the same characters: the destination ends before the label does).
    """
    pos = _LINK_BLANKS.match(text, pos).end()  # type: ignore[union-attr]
    if pos >= len(text):
        return None
    if text[pos] == ")":
        return ""  # ``[a]()``: a link without a target
    end = _PLAIN_DESTINATION.match(text, pos).end()  # type: ignore[union-attr]
    if text[pos] != "<" and (end == len(text) or text[end] not in "(\\"):
        return _normalized(unescapeAll(text[pos:end])) if end > pos else None
    result = parseLinkDestination(text, pos, len(text))
    return _normalized(result.str) if result.ok else None


def _target_candidates(text: str) -> list[str]:
    """Every link and image target markdown-it could find in ``text``."""
    found = _autolink_candidates(text) if "<" in text else []
    start = text.find("](")
    while start >= 0:
        target = _destination(text, start + 2)
        if target is not None:
            found.append(target)
        start = text.find("](", start + 1)
    return found


def _surely_safe(msgid: str, msgstr: str) -> bool:
    """True only if ``added_markup`` finds nothing; False means: parse to know."""
    if "\r" in msgstr or "\x00" in msgstr or not _rules_known():
        return False  # markdown-it rewrites these characters before parsing
    if len(msgstr) > _FAST_CHARS or msgstr.count("](") > _FAST_LINKS:
        return False  # the parser's own guards are better placed for an odd text
    id_html, id_targets = _allowed(msgid)
    if "<" in msgstr:
        for piece in _html_candidates(msgstr):
            if piece not in id_html and piece.strip() not in msgid:
                return False
    return all(target in id_targets for target in _target_candidates(msgstr))


def _scheme_name(target: str) -> str | None:
    match = _DANGEROUS.match(_INVISIBLE.sub("", target))
    return match.group(1).lower() if match else None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def added_markup(msgid: str, msgstr: str) -> str | None:
    """Why ``msgstr`` must not be used in place of ``msgid``, or ``None`` when it is safe."""
    if "<" not in msgstr and "](" not in msgstr:
        return None  # no tag, comment, autolink or inline link target can be in it
    if _surely_safe(msgid, msgstr):
        return None
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
