"""Protect markup in a msgid before it goes to a machine translator, and put it back after.

Rules:

- The spans a translator (human or machine) must not change are found by a
  scanner that follows CommonMark's precedence: backslash escapes (and hard
  breaks), code spans, autolinks and raw HTML, entities first; then link
  brackets and targets (``[`` … ``](url "title")``, ``][label]``); then, in
  what is left, bare URLs and e-mail addresses, placeholders a program
  fills in (``{1}``, ``{name}``, ``{{ var }}``, ``%s``, ``%(x)d``,
  ``:emoji:``: ``checks.parity.PLACEHOLDER``, the pattern validate's
  ``placeholders`` check compares), hashtags, do-not-translate terms
  (glossary, site name) and emphasis delimiters (``**``, ``_``).
- Each span becomes a token ``[X0X]``, ``[X1X]`` … in order. This is the
  form Weblate sends to every engine it supports, and it comes back intact
  from Apertium (tested) and from the pseudo engine. Restoring is tolerant
  of what engines do to such tokens (spaces inside, lower-case ``x``,
  full-width brackets and digits) but strict about the count: every token
  must come back exactly once and links must keep their opener before their
  target, otherwise ``PlaceholderError`` is raised and nothing is written.
- Where the source had no space between a bracket or emphasis delimiter and
  the word it belongs to, a space the engine added there is removed again,
  so ``**word**`` does not come back as ``** palabra **``.
- ``protected_spans`` is the same scan for other stages (validate compares
  the spans of msgid and msgstr).
- ``split_chunks`` cuts a text longer than an engine's limit at sentence
  boundaries (then at spaces) and keeps the separators to join it back.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pipeline.checks.parity import PLACEHOLDER

ASCII_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
TOKEN = "[X{}X]"
TOKEN_PATTERN = re.compile(r"[\[［【]\s*[XxＸｘ]\s*([0-9０-９]+)\s*[XxＸｘ]\s*[\]］】]")
"""A token as it may come back from an engine."""

# CommonMark 0.31 raw HTML and autolinks (spec sections 6.5 and 6.6).
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_HTML = re.compile(
    r"<[A-Za-z][A-Za-z0-9-]*" + _ATTRIBUTE + r"*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<!---->|<!--->|<!--[\s\S]*?-->"
    r"|<\?[\s\S]*?\?>"
    r"|<![A-Za-z][^>]*>"
    r"|<!\[CDATA\[[\s\S]*?\]\]>"
)
_AUTOLINK = re.compile(
    r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>"
    r"|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>"
)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_HASHTAG = re.compile(r"(?<![\w&#/])#[^\W\d_][\w-]*")
_EMPHASIS = re.compile(r"\*+|_+")
_INLINE_START = re.compile(r"[\\`<&]")
"""Where an escape, code span, autolink, raw HTML or entity can start."""
_CLOSE_BRACKET = re.compile(r"\]")
_URL_TRAIL = ".,:;!?'\"*_~"

GLUE_KINDS = frozenset({"emphasis", "link-open", "link-target"})
"""Kinds whose distance to the neighbouring word matters to Markdown."""


class PlaceholderError(ValueError):
    """A machine translation did not give every placeholder back exactly once."""


@dataclass(frozen=True)
class Span:
    """One protected piece of a text: what it is and where."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Protected:
    """A text with its protected spans replaced by tokens, and what the tokens stand for."""

    source: str
    text: str
    spans: tuple[Span, ...]
    glue: tuple[tuple[bool, bool], ...]
    """Per token: (no space before it in the source, no space after it) for glue kinds."""
    pairs: tuple[tuple[int, int], ...]
    """Token numbers of link openers and their targets, which must stay in this order."""

    @property
    def has_words(self) -> bool:
        """Whether anything is left to translate once tokens, digits and punctuation are gone."""
        rest = TOKEN_PATTERN.sub(" ", self.text)
        return any(ch.isalpha() for ch in rest)

    def restore(self, translated: str) -> str:
        """The spans put back into ``translated``; ``PlaceholderError`` if they do not fit."""
        return _restore(self, translated)


def protected_spans(text: str, terms: Iterable[str] = ()) -> list[Span]:
    """Every span of ``text`` a translation must keep unchanged, in order, not overlapping."""
    spans = _scan_inline(text)
    spans = _scan_links(text, spans)
    gaps: list[tuple[str, re.Pattern[str]]] = [
        ("token", TOKEN_PATTERN),
        ("url", _URL),
        ("email", _EMAIL),
        ("placeholder", PLACEHOLDER),
        ("hashtag", _HASHTAG),
    ]
    term_pattern = _terms_pattern(tuple(terms))
    if term_pattern is not None:
        gaps.append(("term", term_pattern))
    for kind, pattern in gaps:
        spans = _add_matches(text, spans, kind, pattern)
    spans = _add_emphasis(text, spans)
    return spans


def protect(text: str, terms: Iterable[str] = ()) -> Protected:
    """``text`` with every protected span replaced by a numbered token."""
    spans = protected_spans(text, terms)
    parts: list[str] = []
    glue: list[tuple[bool, bool]] = []
    position = 0
    for number, span in enumerate(spans):
        parts.append(text[position : span.start])
        parts.append(TOKEN.format(number))
        position = span.end
        if span.kind in GLUE_KINDS:
            before = span.start > 0 and not text[span.start - 1].isspace()
            after = span.end < len(text) and not text[span.end].isspace()
            glue.append((before, after))
        else:
            glue.append((False, False))
    parts.append(text[position:])
    return Protected(text, "".join(parts), tuple(spans), tuple(glue), _link_pairs(spans))


def do_not_translate(glossary: Sequence[str], site_name: str) -> tuple[str, ...]:
    """The terms kept as they are: the configured glossary and the site's name."""
    terms = [t for t in (*glossary, site_name) if t.strip()]
    return tuple(dict.fromkeys(terms))


# --- scanning ---------------------------------------------------------------


def _scan_inline(text: str) -> list[Span]:
    """Backslash escapes, code spans, autolinks, raw HTML and entities, left to right."""
    spans: list[Span] = []
    i, n = 0, len(text)
    while i < n:
        special = _INLINE_START.search(text, i)  # other characters start nothing: skip them
        if special is None:
            break
        i = special.start()
        ch = text[i]
        end = None
        kind = ""
        if ch == "\\" and i + 1 < n and (text[i + 1] in ASCII_PUNCT or text[i + 1] == "\n"):
            end, kind = i + 2, "escape"
        elif ch == "`":
            end, run = _code_span_end(text, i)
            if end is None:
                i += run
                continue
            kind = "code"
        elif ch == "<":
            match = _AUTOLINK.match(text, i) or _HTML.match(text, i)
            if match:
                end, kind = match.end(), "autolink" if _AUTOLINK.match(text, i) else "html"
        elif ch == "&":
            match = _ENTITY.match(text, i)
            if match:
                end, kind = match.end(), "entity"
        if end is None:
            i += 1
            continue
        spans.append(Span(kind, i, end, text[i:end]))
        i = end
    return spans


def _code_span_end(text: str, start: int) -> tuple[int | None, int]:
    run = len(text) - start - len(text[start:].lstrip("`"))
    i = start + run
    while True:
        j = text.find("`", i)
        if j < 0:
            return None, run
        k = j
        while k < len(text) and text[k] == "`":
            k += 1
        if k - j == run:
            return k, run
        i = k


def _scan_links(text: str, spans: list[Span]) -> list[Span]:
    """Protect ``[`` / ``![`` openers and the ``](target "title")`` or ``][label]`` closers."""
    result = sorted(spans, key=_start)
    if "]" not in text:
        return result
    for i in [m.start() for m in _CLOSE_BRACKET.finditer(text)]:
        if i + 1 >= len(text) or _covered(result, i):
            continue
        end = _inline_tail(text, i + 1) if text[i + 1] == "(" else _reference_tail(text, i + 1)
        if end is None:
            continue
        opener = _find_opener(text, i, result)
        if opener is None:
            continue
        low = bisect.bisect_left(result, i, key=_start)
        high = bisect.bisect_left(result, end, key=_start)
        result[low:high] = [s for s in result[low:high] if s.end > end]
        opener_end = _opener_end(text, opener)
        opening = Span("link-open", opener, opener_end, text[opener:opener_end])
        bisect.insort(result, Span("link-target", i, end, text[i:end]), key=_start)
        bisect.insort(result, opening, key=_start)
    return result


def _start(span: Span) -> int:
    return span.start


def _opener_end(text: str, opener: int) -> int:
    return opener + (2 if text[opener] == "!" else 1)


def _find_opener(text: str, close: int, spans: list[Span]) -> int | None:
    depth = 0
    for k in range(close - 1, -1, -1):
        if _covered(spans, k):
            continue
        if text[k] == "]":
            depth += 1
        elif text[k] == "[":
            if depth == 0:
                return k - 1 if k > 0 and text[k - 1] == "!" and not _covered(spans, k - 1) else k
            depth -= 1
    return None


def _inline_tail(text: str, i: int) -> int | None:
    """End of ``(destination "title")`` starting at the ``(`` at ``i``, or None."""
    n = len(text)
    i = _skip_space(text, i + 1)
    if i < n and text[i] == "<":
        close = text.find(">", i)
        if close < 0 or "\n" in text[i:close]:
            return None
        i = close + 1
    else:
        depth = 0
        while i < n and not text[i].isspace():
            if text[i] == "\\" and i + 1 < n:
                i += 2
                continue
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
    after_destination = i
    i = _skip_space(text, i)
    if i < n and text[i] in "\"'(" and i > after_destination:
        closing = ")" if text[i] == "(" else text[i]
        j = i + 1
        while j < n and text[j] != closing:
            j += 2 if text[j] == "\\" else 1
        if j >= n:
            return None
        i = _skip_space(text, j + 1)
    return i + 1 if i < n and text[i] == ")" else None


def _reference_tail(text: str, i: int) -> int | None:
    if text[i] != "[":
        return None
    j = i + 1
    while j < len(text) and text[j] != "]":
        if text[j] == "[":
            return None
        j += 2 if text[j] == "\\" else 1
    return j + 1 if j < len(text) else None


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n":
        i += 1
    return i


def _covered(spans: list[Span], index: int) -> bool:
    """Whether ``index`` is inside one of ``spans`` (sorted by start, not overlapping)."""
    i = bisect.bisect_right(spans, index, key=_start) - 1
    return i >= 0 and index < spans[i].end


def _overlap_test(spans: list[Span]) -> Callable[[int, int], bool]:
    """Whether ``[start, end)`` overlaps one of ``spans``, in O(log n), not O(n).

    A linear scan per match made ``*a *a *a …`` (50,000 delimiter runs)
    take minutes; matches of one pattern never overlap each other, so only
    the spans found before need checking.
    """
    ordered = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    reach = list(itertools.accumulate((s.end for s in ordered), max))

    def overlaps(start: int, end: int) -> bool:
        i = bisect.bisect_right(reach, start)
        return i < len(starts) and starts[i] < end

    return overlaps


def _add_matches(text: str, spans: list[Span], kind: str, pattern: re.Pattern[str]) -> list[Span]:
    """``spans`` (sorted by start) with the matches of ``pattern`` they leave free, sorted."""
    matches = list(pattern.finditer(text))
    if not matches:  # the common case: no URL, e-mail, hashtag … in this text
        return spans
    result = list(spans)
    taken = _overlap_test(spans)
    for match in matches:
        start, end = match.start(), match.end()
        if kind == "url":
            end = start + len(_trim_url(match.group()))
        if end <= start or taken(start, end):
            continue
        result.append(Span(kind, start, end, text[start:end]))
    result.sort(key=lambda s: s.start)
    return result


def _trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing parentheses, as GFM autolinks do."""
    while url:
        if url[-1] in _URL_TRAIL or url[-1] == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        else:
            break
    return url


@functools.lru_cache(maxsize=8)  # the same few terms for every text of a run
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    unique = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in unique) + r")(?!\w)")


def _add_emphasis(text: str, spans: list[Span]) -> list[Span]:
    """Delimiter runs that can open or close emphasis (CommonMark's flanking rules)."""
    matches = list(_EMPHASIS.finditer(text))
    if not matches:
        return spans
    result = list(spans)
    taken = _overlap_test(spans)
    for match in matches:
        start, end = match.start(), match.end()
        if taken(start, end):
            continue
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        left = _left_flanking(before, after)
        right = _left_flanking(after, before)
        if match.group()[0] == "_":
            can_open = left and (not right or _is_punct(before))
            can_close = right and (not left or _is_punct(after))
        else:
            can_open, can_close = left, right
        if can_open or can_close:
            result.append(Span("emphasis", start, end, match.group()))
    result.sort(key=lambda s: s.start)
    return result


def _left_flanking(before: str, after: str) -> bool:
    if after.isspace():
        return False
    return not _is_punct(after) or before.isspace() or _is_punct(before)


def _is_punct(ch: str) -> bool:
    return ch in ASCII_PUNCT or unicodedata.category(ch).startswith(("P", "S"))


def _link_pairs(spans: Sequence[Span]) -> tuple[tuple[int, int], ...]:
    pairs: list[tuple[int, int]] = []
    open_stack: list[int] = []
    for number, span in enumerate(spans):
        if span.kind == "link-open":
            open_stack.append(number)
        elif span.kind == "link-target" and open_stack:
            pairs.append((open_stack.pop(), number))
    return tuple(pairs)


# --- restoring --------------------------------------------------------------


def token_numbers(text: str) -> list[int]:
    """The numbers of the tokens in ``text``, in order (tolerant of engines' changes)."""
    return [int(_ascii_digits(m.group(1))) for m in TOKEN_PATTERN.finditer(text)]


def _restore(protected: Protected, translated: str) -> str:
    count = len(protected.spans)
    found: dict[int, int] = {}
    for match in TOKEN_PATTERN.finditer(translated):
        number = int(_ascii_digits(match.group(1)))
        if number >= count:
            raise PlaceholderError(f"placeholder {TOKEN.format(number)} was not in the source")
        found[number] = found.get(number, 0) + 1
    missing = [n for n in range(count) if found.get(n, 0) == 0]
    doubled = [n for n, times in found.items() if times > 1]
    if missing or doubled:
        parts = []
        if missing:
            parts.append("lost " + ", ".join(protected.spans[n].text for n in missing))
        if doubled:
            parts.append("repeated " + ", ".join(protected.spans[n].text for n in doubled))
        raise PlaceholderError("markup did not survive translation: " + "; ".join(parts))
    position = {number: i for i, number in enumerate(token_numbers(translated))}
    for opener, target in protected.pairs:
        if position[opener] > position[target]:
            raise PlaceholderError("a link's brackets came back in the wrong order")
    return TOKEN_PATTERN.sub(
        lambda m: _token_text(protected, m, translated), _unglue(protected, translated)
    )


def _unglue(protected: Protected, translated: str) -> str:
    out: list[str] = []
    position = 0
    for match in TOKEN_PATTERN.finditer(translated):
        number = int(_ascii_digits(match.group(1)))
        before, after = protected.glue[number]
        chunk = translated[position : match.start()]
        if before:
            chunk = chunk.rstrip(" ")
        out.append(chunk)
        out.append(match.group(0))
        position = match.end()
        if after:
            while position < len(translated) and translated[position] == " ":
                position += 1
    out.append(translated[position:])
    return "".join(out)


def _token_text(protected: Protected, match: re.Match[str], _: str) -> str:
    return protected.spans[int(_ascii_digits(match.group(1)))].text


_FULLWIDTH_DIGITS = {0xFF10 + d: str(d) for d in range(10)}


def _ascii_digits(digits: str) -> str:
    return digits if digits.isascii() else digits.translate(_FULLWIDTH_DIGITS)


# --- splitting --------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"'”’)\]]*(\s+)")


def split_chunks(text: str, limit: int) -> list[tuple[str, str]]:
    """``text`` cut into pieces of at most ``limit`` characters, each with the separator after it.

    Cuts fall at sentence ends where possible, then at spaces, and only as
    a last resort inside a word. ``"".join(c + s for c, s in result) == text``.
    """
    if limit <= 0 or len(text) <= limit:
        return [(text, "")]
    sentences = _sentences(text)
    chunks: list[tuple[str, str]] = []
    current, current_sep = "", ""
    for sentence, sep in sentences:
        for piece, piece_sep in _fit(sentence, sep, limit):
            if current and len(current) + len(current_sep) + len(piece) <= limit:
                current, current_sep = current + current_sep + piece, piece_sep
            else:
                if current:
                    chunks.append((current, current_sep))
                current, current_sep = piece, piece_sep
    if current:
        chunks.append((current, current_sep))
    return chunks


def _sentences(text: str) -> list[tuple[str, str]]:
    result: list[tuple[str, str]] = []
    position = 0
    for match in _SENTENCE_END.finditer(text):
        result.append((text[position : match.start(1)], match.group(1)))
        position = match.end()
    if position < len(text):
        result.append((text[position:], ""))
    return result


def _fit(sentence: str, sep: str, limit: int) -> list[tuple[str, str]]:
    if len(sentence) <= limit:
        return [(sentence, sep)]
    pieces: list[tuple[str, str]] = []
    rest = sentence
    while len(rest) > limit:
        cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = _safe_hard_cut(rest, limit)
            pieces.append((rest[:cut], ""))
            rest = rest[cut:]
        else:
            pieces.append((rest[:cut], " "))
            rest = rest[cut + 1 :]
    pieces.append((rest, sep))
    return pieces


def _safe_hard_cut(text: str, limit: int) -> int:
    """A cut at or before ``limit`` that does not fall inside a token."""
    for match in TOKEN_PATTERN.finditer(text, 0, limit + 16):
        if match.start() < limit < match.end():
            return match.start() or match.end()
    return limit
