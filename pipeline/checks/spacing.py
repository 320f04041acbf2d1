"""Whitespace, brackets and quotation marks: the mechanics of a translation.

Rules:

- A leading or trailing newline must match the English (``msgfmt -c``
  refuses a file where it does not: an error); other leading or trailing
  whitespace should match too.
- No doubled spaces in the prose unless the English has them.
- Brackets ``() [] {}`` (and their full-width forms) balance, unless the
  English itself does not.
- Quotation marks balance, judged by the language's own pairs from the
  language table (German „…“ closes with “, which opens in English).
"""

from __future__ import annotations

import re

from pipeline.checks.base import ERROR, WARNING, Subject, check
from pipeline.project.languages import Language, get_language

_LEADING = re.compile(r"^\s*")
_TRAILING = re.compile(r"\s*$")
_DOUBLE_SPACE = re.compile(r"[^\S\n]{2,}")
_FULL_WIDTH = str.maketrans("（）［］｛｝【】〔〕", "()[]{}[][]")
_BRACKETS = ("()", "[]", "{}")
STRAIGHT = '"'


def _edge(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(0) if match else ""


@check("newlines", ERROR)
def newlines(subject: Subject) -> str | None:
    """Leading or trailing newline differs from the English (msgfmt refuses the file)."""
    src, tgt = subject.msgid, subject.msgstr
    if src.startswith("\n") != tgt.startswith("\n"):
        return "the English and the translation must both begin with a newline, or neither"
    if src.endswith("\n") != tgt.endswith("\n"):
        return "the English and the translation must both end with a newline, or neither"
    return None


@check("surrounding-whitespace", WARNING)
def surrounding_whitespace(subject: Subject) -> str | None:
    """Leading or trailing spaces differ from the English."""
    src, tgt = subject.msgid, subject.msgstr
    for side, pattern in (("leading", _LEADING), ("trailing", _TRAILING)):
        want, have = _edge(pattern, src), _edge(pattern, tgt)
        if want.strip("\n") != have.strip("\n"):
            return f"{side} whitespace {have!r} where the English has {want!r}"
    return None


@check("double-space", WARNING)
def double_space(subject: Subject) -> str | None:
    """Doubled space inside the translation."""
    if _DOUBLE_SPACE.search(subject.source.prose.strip()):
        return None
    match = _DOUBLE_SPACE.search(subject.target.prose.strip())
    if not match:
        return None
    start = max(0, match.start() - 12)
    return f"doubled space in {subject.target.prose.strip()[start : match.end() + 12]!r}"


def bracket_balance(text: str) -> str | None:
    """The first unbalanced bracket in ``text``, or ``None``."""
    text = text.translate(_FULL_WIDTH)
    for pair in _BRACKETS:
        depth = 0
        for char in text:
            if char == pair[0]:
                depth += 1
            elif char == pair[1]:
                depth -= 1
                if depth < 0:
                    return f"{pair[1]!r} without an opening {pair[0]!r}"
        if depth > 0:
            return f"{pair[0]!r} is never closed"
    return None


@check("brackets", WARNING)
def brackets(subject: Subject) -> str | None:
    """Unbalanced brackets in the translation."""
    if bracket_balance(subject.source.prose) is not None:
        return None
    problem = bracket_balance(subject.target.prose)
    return f"unbalanced brackets: {problem}" if problem else None


def quote_balance(text: str, lang: Language) -> str | None:
    """The first unbalanced quotation mark in ``text`` by ``lang``'s pairs, or ``None``."""
    for opening, closing in lang.quote_pairs:
        if opening in "\u2018\u2019\u201a" or closing in "\u2018\u2019":
            continue  # single quotes double as apostrophes
        opened, closed = text.count(opening), text.count(closing)
        if opened != closed:
            return f"{opened} {opening} but {closed} {closing}"
    if text.count(STRAIGHT) % 2:
        return f"an odd number of {STRAIGHT}"
    return None


@check("quotes-balance", WARNING)
def quotes_balance(subject: Subject) -> str | None:
    """Unbalanced quotation marks in the translation."""
    if quote_balance(subject.source.prose, get_language("en")) is not None:
        return None
    problem = quote_balance(subject.target.prose, subject.lang)
    return f"unbalanced quotation marks: {problem}" if problem else None
