"""Refusing translations that add markup their English text does not have.

Everything in a PO file is untrusted. The HTML edition escapes it anyway
(it is rendered with raw HTML off), but the Markdown edition carries the
text as written to renderers nobody here controls (GitHub, a static-site
generator, a browser extension). One check serves both editions, so the
Markdown edition is as safe as the HTML: a msgstr is refused, whatever
validate said or whether it ran, when it adds

- raw HTML (a tag, comment or processing instruction: ``<script>``,
  ``<img onerror=…>``) that is not, character for character, in the msgid;
  an element whose content is not Markdown (``<script>…</script>``,
  ``<style>``, ``<textarea>`` …) must be in the msgid whole, content and
  closing tag included;
- block structure: a line break the msgid does not have (the Markdown
  edition puts each line of a msgstr on a line of its own), a blank line,
  or a line starting what the msgid's lines do not start: a heading, list
  item, block quote, code fence, indented code, thematic break, setext
  underline, table delimiter row or link reference definition
  (``[d]: https://…``, which would redirect every ``[…][d]`` of the page);
- a link or image target that is not one of the msgid's targets, which
  covers ``javascript:``, ``vbscript:`` and ``data:`` URLs however they are
  spelled or entity-encoded (named in the reason, being the usual attack),
  and autolinks (``<https://…>``);
- a reference the msgid does not use (``[text][label]``, ``[label][]``):
  it could reach another definition of the page;
- a bare URL or e-mail address that is neither in the msgid nor one of its
  link targets, which renderers with GitHub's autolink extension turn into
  a link.

Targets are read with markdown-it with its own link validation switched
off, so a target it would quietly drop still counts. A refused msgstr is
replaced by the English text; the caller reports it.

The msgid is parsed once (it is the same in every language). The inline
part (raw HTML and link targets) is first checked without parsing
(``_surely_safe``): every raw HTML piece and every target markdown-it could
find in the msgstr is looked for, with markdown-it's own patterns, at every
place one could start. Those candidates include all that the parser finds,
so when every candidate is allowed the msgstr is safe, and otherwise the
parser decides (and words the reason). The other parts need no parser: a
line's start, a bracket and a URL are read with regular expressions that
find every one there is (and, in odd texts, more: the answer errs towards
refusing).
"""

from __future__ import annotations

import re
import urllib.parse
from functools import lru_cache
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import normalizeReference, unescapeAll
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
    plain = _INVISIBLE.sub("", urllib.parse.unquote(target))
    match = _DANGEROUS.match(plain)
    return match.group(1).lower() if match else None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def added_markup(msgid: str, msgstr: str) -> str | None:
    """Why ``msgstr`` must not be used in place of ``msgid``, or ``None`` when it is safe.

    Each part runs only where its first character test (a superset of what it
    finds) says it may find something: most translations pass every test.
    """
    reason = None
    if "<" in msgstr or "](" in msgstr:
        reason = added_inline(msgid, msgstr) or _added_raw_text(msgid, msgstr)
    if reason is None and ("\n" in msgstr or "\r" in msgstr
                           or msgstr[:1] in _BLOCK_FIRST and _FIRST_LINE.match(msgstr)):
        reason = _added_blocks(msgid, msgstr)
    if reason is None and "][" in msgstr:
        reason = _added_labels(msgid, msgstr)
    if reason is None and _may_link(msgstr):
        reason = _added_bare_links(msgid, msgstr)
    return reason


def added_inline(msgid: str, msgstr: str) -> str | None:
    """The inline part of ``added_markup``: raw HTML, and link, image and autolink targets."""
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


# --- block structure ----------------------------------------------------------

# CommonMark's line endings; markdown-it reads a lone carriage return as one too.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What a line may start (after up to three spaces of indentation) that makes a new block.
_BLOCK_STARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a blank line", re.compile(r"[ \t]*$")),
    ("indented code", re.compile(r"(?: {4}| {0,3}\t)")),
    ("a heading", re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")),
    ("a thematic break",
     re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")),
    ("a setext underline", re.compile(r" {0,3}(?:=+|-+)[ \t]*$")),
    ("a list item", re.compile(r" {0,3}(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t]|$)")),
    ("a block quote", re.compile(r" {0,3}>")),
    ("a code fence", re.compile(r" {0,3}(?:`{3,}|~{3,})")),
    ("a table delimiter row",
     re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")),
    ("a link reference definition", re.compile(r" {0,3}\[(?:[^\[\]\\]|\\.)*\]:")),
)


def _block_starts(text: str) -> tuple[int, set[str]]:
    """How many line breaks ``text`` has, and what its lines start (the first, then the rest)."""
    lines = _LINE_BREAK.split(text)
    found = set()
    for number, line in enumerate(lines):
        if not _ANY_LINE.match(line):
            continue
        for name, pattern in _BLOCK_STARTS:
            if name == "a setext underline" and number == 0:
                continue  # an underline needs a line above it
            if pattern.match(line):
                found.add(name)
    return len(lines) - 1, found


def _added_blocks(msgid: str, msgstr: str) -> str | None:
    """A line break, or a line starting a block, that ``msgid`` does not have."""
    english = _english(msgid)
    id_breaks, id_starts = english.breaks, english.starts
    str_breaks, str_starts = _block_starts(msgstr)
    if str_breaks > id_breaks:
        return (f"adds a line break the English text does not have ({str_breaks} against "
                f"{id_breaks}); in the Markdown edition a new line can start a new block")
    for name, _ in _BLOCK_STARTS:
        if name in str_starts and name not in id_starts:
            return (f"starts a line with {name}, which the English text does not "
                    "(escape the first character with a backslash if it is text)")
    return None


_BLOCK_FIRST = frozenset(" \t#*-_=+>`~|[0123456789")
"""Every character a line that starts a block can start with (``_FIRST_LINE`` then decides)."""
_ANY_LINE = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _BLOCK_STARTS))
_FIRST_LINE = re.compile("|".join(f"(?:{pattern.pattern})" for name, pattern in _BLOCK_STARTS
                                  if name != "a setext underline"))
"""Any block a text's first line can start: ``_block_starts`` finds none in a one-line text
this does not match."""


# --- reference labels -----------------------------------------------------------

# A bracketed text without brackets inside, its opening bracket not escaped, and the
# bracketed text right after it, if any: ``[text][label]`` and ``[label][]``.
_BRACKETS = re.compile(r"(\\*)\[((?:[^\[\]\\]|\\.)*)\](\[(?:[^\[\]\\]|\\.)*\])?", re.DOTALL)


def _labels(text: str) -> dict[str, str]:
    """Every label ``text`` names in a full or collapsed reference (``[t][label]``,
    ``[label][]``), normalized as markdown-it normalizes labels, with its text as written.

    A superset of the references markdown-it resolves in those forms. A
    shortcut reference (``[label]`` alone) is left out: it is a link only
    where the page defines that label, a definition can come from the
    editor's source only (a msgstr cannot add one, see ``_added_blocks``),
    and translated prose has brackets of its own (``[optional]``, ``[…]``).
    """
    if "][" not in text:
        return {}
    found: dict[str, str] = {}
    for match in _BRACKETS.finditer(text):
        escapes, inner, after = match.groups()
        if len(escapes) % 2 or not after:
            continue  # ``\[``: not a bracket; or no second bracket
        label = after[1:-1] if after != "[]" else inner
        found.setdefault(normalizeReference(label), label)
    return found


def _added_labels(msgid: str, msgstr: str) -> str | None:
    """A reference label ``msgid`` does not use: it may reach another definition of the page."""
    allowed = _english(msgid).labels
    for key, label in _labels(msgstr).items():
        if key not in allowed and key.strip():
            return (f"links to the reference {_short('[' + label + ']')!r}, which the "
                    "English text does not (write \\[ and \\] if the brackets are text)")
    return None


# --- elements whose content is not Markdown ----------------------------------------

_RAW_TEXT = re.compile(
    r"<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)"
    r"(?=[\s/>]|$)", re.IGNORECASE)


def _added_raw_text(msgid: str, msgstr: str) -> str | None:
    """A ``<script>`` (``<style>`` …) element of ``msgstr`` that is not in ``msgid`` whole."""
    if "<" not in msgstr:
        return None
    for match in _RAW_TEXT.finditer(msgstr):
        closing = re.compile(rf"</{match.group(1)}\s*>", re.IGNORECASE).search(msgstr, match.end())
        element = msgstr[match.start():closing.end() if closing else len(msgstr)]
        if element not in msgid:
            return (f"changes the HTML element {_short(element)!r}; its content is not "
                    "Markdown and must stay as in the English text")
    return None


# --- bare URLs ------------------------------------------------------------------

# What GitHub's autolink extension links without brackets: http(s)/ftp URLs, www. hosts,
# mailto: and xmpp: (case does not matter to it), and e-mail addresses; ASCII only, as
# checks.markup.find_urls, so full-width punctuation after a URL is not part of it. Any
# scheme counts here (a superset), and the pattern is written without a case-insensitive
# flag or word boundaries, which makes it twice as fast on long paragraphs.
_URL_CHARS = "[!#-&*-;=?-~]+"
_BARE_URL = re.compile(rf"[A-Za-z][A-Za-z0-9+-]*://{_URL_CHARS}|[Ww][Ww][Ww]\.{_URL_CHARS}"
                       rf"|(?:[Mm][Aa][Ii][Ll][Tt][Oo]|[Xx][Mm][Pp][Pp]):{_URL_CHARS}")
_BARE_TAIL = ".,;:!?)]}*_~'\""
_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")


_SCHEME_ONLY = re.compile(r"mailto:|xmpp:", re.IGNORECASE)
def _may_link(text: str) -> bool:
    """Whether ``text`` may hold a bare URL or address (a superset of ``_bare_links``): a
    ``://``, an ``@``, the ``ww.`` of a ``www.`` host in any case, or ``mailto:``/``xmpp:``."""
    if "://" in text or "@" in text:
        return True
    if "ww." in text or "WW." in text or "Ww." in text or "wW." in text:
        return True
    return ":" in text and _SCHEME_ONLY.search(text) is not None


def _bare_links(text: str) -> set[str]:
    """Bare URLs and e-mail addresses: what GitHub's autolink extension makes links of."""
    if not _may_link(text):
        return set()
    found = {match.group(0).rstrip(_BARE_TAIL) for match in _BARE_URL.finditer(text)}
    if "@" in text:
        found.update(match.group(0).rstrip(".-_") for match in _EMAIL.finditer(text))
    return found


def _link_tokens(text: str) -> list[str]:
    """The whitespace-separated words of ``text`` that may hold a bare URL or address.

    Every match of ``_BARE_URL`` and ``_EMAIL`` lies inside one word (neither
    pattern matches a blank) and depends on that word alone (no anchor, no
    look-around), and a word without a marker holds none: so a text whose
    marked words all are marked words of the msgid has no bare link the
    msgid lacks, and needs no pattern run at all.
    """
    return [word for word in text.split() if "://" in word or "@" in word or "ww." in word
            or "WW." in word or "Ww." in word or "wW." in word
            or (":" in word and _SCHEME_ONLY.search(word) is not None)]


def _added_bare_links(msgid: str, msgstr: str) -> str | None:
    """A bare URL or address that is neither in ``msgid`` nor one of its link targets."""
    english = _english(msgid)
    if all(word in english.link_words for word in _link_tokens(msgstr)):
        return None  # every word that may hold one is a word of the msgid (_link_tokens)
    added = _bare_links(msgstr)
    if added:
        added -= english.bare_links
    if added:
        added -= _allowed(msgid)[1]
    for link in sorted(added):
        scheme = _scheme_name(link)
        if scheme:
            return f"adds a {scheme}: link {_short(link)!r}"
        return (f"adds the bare URL or address {_short(link)!r}, which the English text "
                "does not have (renderers make links of them)")
    return None


class _English(NamedTuple):
    """What a msgid has of the markup the line-, label- and URL-parts look for."""

    breaks: int
    starts: set[str]
    labels: frozenset[str]
    bare_links: frozenset[str]
    link_words: frozenset[str]


@lru_cache(maxsize=4096)
def _english(msgid: str) -> _English:
    """``msgid``'s line breaks, block starts, labels, bare links and the words holding them,
    read once per msgid."""
    breaks, starts = _block_starts(msgid)
    return _English(breaks, starts, frozenset(_labels(msgid)), frozenset(_bare_links(msgid)),
                    frozenset(_link_tokens(msgid)))
