"""Punctuation by the rules of the target language, all facts from the language table.

Rules (each language's data decides whether a rule applies to it):

- ``native_marks``: a text in the language's script that ends with an ASCII
  mark the language writes differently is an error (Arabic ``?`` for ``؟``,
  CJK ``.`` for ``。``); the same marks inside the text are warnings.
- The end of the translation matches the end of the English: a statement,
  question, exclamation, colon or ellipsis stays one, whatever its glyph.
- ``inverted_marks``: every ``?`` and ``!`` has its opening ``¿`` ``¡``.
- ``nbsp_before``: French ``; : ! ?`` take a no-break space (U+00A0 or the
  narrow U+202F) before them; every other language takes no space there.
- Quotation marks are the language's (``quotes`` and ``other_quotes``);
  where the table puts a no-break space inside them (French « … »), it is
  required.
- ``full_width`` (CJK): no spaces between two CJK characters.

House styles differ on most of these, so all but the ASCII end mark are
warnings.
"""

from __future__ import annotations

import re

from pipeline.checks.base import ERROR, WARNING, Subject, check
from pipeline.checks.markup import OBJECT
from pipeline.project.languages import Language

NO_BREAK = "\u00a0\u202f"
_CLOSERS = "\"'”’»」』)]）】*_ \t\n" + OBJECT
_END_CLASSES = {
    ".": "statement",
    "。": "statement",
    "…": "ellipsis",
    "?": "question",
    "؟": "question",
    "？": "question",
    "!": "exclamation",
    "！": "exclamation",
    ":": "colon",
    "：": "colon",
}
_SPACED_MARKS = ";:!?\u061f\u061b\u060c\uff1f\uff01\uff1a\uff1b\u3002\u3001\uff0c"
_QUOTE_CHARS = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f'
_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"[{_CJK}][ \t\u00a0]+[{_CJK}]")
_TIME = re.compile(r"\d:\d")


def _trimmed(prose: str) -> str:
    return prose.rstrip(_CLOSERS)


def end_class(prose: str) -> str:
    """How a text ends: ``statement``, ``question``, … or ``none``."""
    text = _trimmed(prose)
    if text.endswith("...") or text.endswith("…"):
        return "ellipsis"
    return _END_CLASSES.get(text[-1:], "none")


def _writes_script(text: str, lang: Language) -> bool:
    return re.search(f"[{lang.letters}]", text) is not None


@check("ascii-end-mark", ERROR)
def ascii_end_mark(subject: Subject) -> str | None:
    """Text ends with an ASCII mark where the language has its own (Arabic ?, CJK .)."""
    marks = subject.lang.native_marks
    text = _trimmed(subject.target.prose)
    if not marks or text.endswith("...") or not _writes_script(text, subject.lang):
        return None
    last = text[-1:]
    if last not in marks:
        return None
    return f"ends with ASCII {last!r}; {subject.lang.english_name} writes {marks[last]!r}"


@check("native-marks", WARNING)
def native_marks(subject: Subject) -> str | None:
    """ASCII punctuation after a letter where the language has its own mark."""
    marks = subject.lang.native_marks
    if not marks:
        return None
    text = _trimmed(subject.target.prose)[:-1]
    pattern = re.compile(f"(?<=[{subject.lang.letters}])[{re.escape(''.join(marks))}](?!\\d)")
    found = sorted(set(pattern.findall(text)))
    if not found:
        return None
    wanted = ", ".join(f"{marks[m]!r} for {m!r}" for m in found)
    return f"{subject.lang.english_name} writes {wanted}"


@check("end-punctuation", WARNING)
def end_punctuation(subject: Subject) -> str | None:
    """Translation ends differently from the English (statement, question, colon …)."""
    want, have = end_class(subject.source.prose), end_class(subject.target.prose)
    if want == have:
        return None
    return f"the English ends {_describe(want)}, the translation {_describe(have)}"


def _describe(end: str) -> str:
    if end == "none":
        return "without an end mark"
    article = "an" if end[0] in "aeiou" else "a"
    return f"as {article} {end}"


@check("inverted-marks", WARNING)
def inverted_marks(subject: Subject) -> str | None:
    """Question or exclamation without its opening mark (Spanish ¿ ¡)."""
    text = subject.target.prose
    for closing, opening in subject.lang.inverted_marks.items():
        if text.count(opening) < text.count(closing):
            return f"{closing!r} without its opening {opening!r}"
    return None


def _spacing_problem(text: str, index: int, lang: Language) -> str | None:
    mark, before = text[index], text[index - 1]
    if lang.nbsp_before and mark in lang.nbsp_before:
        if before in NO_BREAK:
            return None
        if before.isspace():
            return f"use a no-break space before {mark!r}, not an ordinary space"
        if before.isalnum() or before in _QUOTE_CHARS or before in ")]" + OBJECT:
            return f"missing no-break space before {mark!r}"
        return None
    if before.isspace():
        return f"no space before {mark!r} in {lang.english_name}"
    return None


@check("space-before-marks", WARNING)
def space_before_marks(subject: Subject) -> str | None:
    """Space before ; : ! ? wrong for the language (French needs a no-break space)."""
    text = subject.target.prose
    for index, char in enumerate(text):
        if index == 0 or char not in _SPACED_MARKS or _TIME.match(text, index - 1):
            continue
        problem = _spacing_problem(text, index, subject.lang)
        if problem:
            return problem
    return None


def _quote_problem(text: str, lang: Language) -> str | None:
    allowed = "".join(a + b for a, b in lang.quote_pairs)
    primary = "…".join(lang.quote_pairs[0])
    for char in text:
        if char in _QUOTE_CHARS and char not in allowed:
            kind = "straight quotes" if char == '"' else repr(char)
            return f"{kind} where {lang.english_name} uses {primary}"
    if lang.quotes_spaced:
        opening, closing = lang.quote_pairs[0]
        for i, char in enumerate(text):
            if char == opening and text[i + 1 : i + 2] not in tuple(NO_BREAK):
                return f"{opening!r} needs a no-break space after it"
            if char == closing and (i == 0 or text[i - 1] not in NO_BREAK):
                return f"{closing!r} needs a no-break space before it"
    return None


@check("quote-style", WARNING)
def quote_style(subject: Subject) -> str | None:
    """Quotation marks are not the language's own."""
    return _quote_problem(subject.target.prose, subject.lang)


@check("cjk-spacing", WARNING)
def cjk_spacing(subject: Subject) -> str | None:
    """Space between two CJK characters."""
    if not subject.lang.full_width:
        return None
    match = _CJK_GAP.search(subject.target.prose)
    if not match:
        return None
    return f"no space between CJK characters: {match.group(0)!r}"
