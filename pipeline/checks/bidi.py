"""Invisible bidirectional controls, and translations of an unusual length.

Rules:

- A translation may hold only the bidi controls its language uses
  (``Language.bidi_controls``: marks and isolates for right-to-left
  languages, none for the others), or ones the English already has. The
  overrides (LRO, RLO) reorder text visually and are never right in a
  translation; they are how "Trojan Source" text hides its meaning.
- Embeddings and isolates that are opened are closed in the same entry
  (PDF, PDI), or they spill into the rest of the page.
- The translation's length, against the English, falls in the language's
  usual range (``Language.length_ratio``); judged on prose of 40+ characters.
"""

from __future__ import annotations

import unicodedata

from pipeline.checks.base import ERROR, WARNING, Subject, check

BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_OPENERS = {
    "\u202a": "\u202c",
    "\u202b": "\u202c",
    "\u202d": "\u202c",
    "\u202e": "\u202c",
    "\u2066": "\u2069",
    "\u2067": "\u2069",
    "\u2068": "\u2069",
}
_CLOSERS = ("\u202c", "\u2069")
_MIN_LENGTH = 40


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control')}"


@check("bidi-controls", ERROR)
def bidi_controls(subject: Subject) -> str | None:
    """Bidi control character the language does not use."""
    allowed = subject.lang.bidi_controls + subject.msgid
    for char in subject.msgstr:
        if char in BIDI_CONTROLS and char not in allowed:
            return f"contains {_named(char)}, which {subject.lang.english_name} text does not use"
    return None


def bidi_nesting(text: str) -> str | None:
    """The first embedding or isolate left open, or closed without opening, in ``text``."""
    stack: list[str] = []
    for char in text:
        if char in _OPENERS:
            stack.append(char)
        elif char in _CLOSERS:
            if not stack or _OPENERS[stack[-1]] != char:
                return f"{_named(char)} closes nothing"
            stack.pop()
    if stack:
        return f"{_named(stack[-1])} is never closed"
    return None


@check("bidi-balance", ERROR)
def bidi_balance(subject: Subject) -> str | None:
    """Bidi embedding or isolate not closed within the entry."""
    if not any(char in BIDI_CONTROLS for char in subject.msgstr):
        return None
    return bidi_nesting(subject.msgstr)


@check("length-ratio", WARNING)
def length_ratio(subject: Subject) -> str | None:
    """Translation much shorter or longer than usual for the language."""
    source = len(subject.source.prose.strip())
    if source < _MIN_LENGTH:
        return None
    ratio = len(subject.target.prose.strip()) / source
    low, high = subject.lang.length_ratio
    if low <= ratio <= high:
        return None
    return (
        f"translation is {ratio:.2f}× the length of the English; "
        f"{subject.lang.english_name} is usually {low:g}–{high:g}×"
    )
