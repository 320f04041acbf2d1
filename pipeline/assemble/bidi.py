"""Isolating left-to-right runs inside right-to-left text.

Rules:

- Characters are never reordered: the text keeps its logical order and the
  browser's bidi algorithm does the display (python-bidi and arabic-reshaper
  are for renderers without bidi support, not for HTML).
- An *LTR run* is a stretch of text that starts and ends with a strong
  left-to-right character (Latin, Cyrillic, CJK … per Unicode's bidi class
  ``L``) with no strong right-to-left character or line break between:
  exactly what the bidi algorithm would lay out left to right anyway, so
  isolating it only keeps it from mixing with its neighbours. A ``#`` or
  ``@`` right before it (hashtags, handles), digits or ``+`` glued to
  either end (``3D``, ``C++``) and a bracket whose partner is inside
  belong to it. URLs and the project's ``do_not_translate`` terms are runs
  whatever their characters.
- In HTML text the run is wrapped in ``<bdi>…</bdi>``; where markup cannot
  go (``<title>``, attribute values) it is wrapped in FSI … PDI
  (U+2068 … U+2069). Text is escaped piece by piece, so an entity is never
  split and attribute values are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

FSI = "\u2068"
PDI = "\u2069"

_STOPS = frozenset(
    {"R", "AL", "B", "S", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"})
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))
_LEAD = frozenset("#@")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"]+|mailto:[^\s<>\"]+|www\.[^\s<>\"]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}»\"'\u060c\u061b\u061f\u06d4"


def _is_ltr(char: str) -> bool:
    return unicodedata.bidirectional(char) == "L"


def _is_glue(char: str) -> bool:
    return unicodedata.bidirectional(char) not in _STOPS


def _is_digit(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("EN", "AN")


@lru_cache(maxsize=64)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    wanted = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile("|".join(re.escape(t) for t in wanted))


def _protected(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans that are runs whatever their characters: URLs and do-not-translate terms."""
    spans: list[tuple[int, int]] = []
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TAIL:
            end -= 1
        spans.append((match.start(), end))
    pattern = _terms_pattern(terms)
    if pattern is not None:
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    return spans


def _letter_runs(text: str) -> list[tuple[int, int]]:
    """Maximal runs from one strong LTR character to another across glue only."""
    spans: list[tuple[int, int]] = []
    i, size = 0, len(text)
    while i < size:
        if not _is_ltr(text[i]):
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < size:
            if _is_ltr(text[j]):
                end = j
            elif not _is_glue(text[j]):
                break
            j += 1
        spans.append(_widen(text, start, end + 1))
        i = end + 1
    return spans


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in a leading ``#``/``@``, digits or ``+`` glued to either end, split brackets."""
    while start > 0 and (_is_digit(text[start - 1]) or text[start - 1] in _LEAD):
        start -= 1
    while end < len(text) and (_is_digit(text[end]) or text[end] == "+"):
        end += 1
    for opener, closer in _PAIRS:
        inside = text[start:end]
        if inside.count(opener) > inside.count(closer) and text[end:end + 1] == closer:
            end += 1
        elif inside.count(closer) > inside.count(opener) and text[start - 1:start] == opener:
            start -= 1
    return start, end


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def ltr_runs(text: str, terms: Iterable[str] = ()) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the LTR runs in ``text``, in order, not overlapping."""
    return _merge([*_protected(text, tuple(terms)), *_letter_runs(text)])


def isolate_html(text: str, terms: Iterable[str] = ()) -> Markup:
    """``text`` escaped for HTML, each LTR run wrapped in ``<bdi>``."""
    out: list[str] = []
    last = 0
    for start, end in ltr_runs(text, terms):
        out.append(str(escape(text[last:start])))
        out.append(f"<bdi>{escape(text[start:end])}</bdi>")
        last = end
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def isolate_plain(text: str, terms: Iterable[str] = ()) -> str:
    """``text`` with each LTR run between FSI and PDI, for places markup cannot go."""
    out: list[str] = []
    last = 0
    for start, end in ltr_runs(text, terms):
        out.append(text[last:start])
        out.append(f"{FSI}{text[start:end]}{PDI}")
        last = end
    out.append(text[last:])
    return "".join(out)
