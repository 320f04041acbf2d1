"""Parity: what the English has, the translation must have too.

Inline markup is compared as markdown-it parses it (see ``markup``): the
number of emphasis and strong spans, link and image targets, code span
contents, HTML tags and hard line breaks. Then bare URLs, numbers (any
script's digits; grouping and decimal separators ignored, since languages
write them differently), printf- and brace-style placeholders, and the
project's do-not-translate terms and hashtags. Targets, code, URLs and
placeholders are compared as multisets: order may change, content may not.
Numbers only fail when one of the English numbers is missing: a translation
may write "ten" as "10".

Placeholders (``PLACEHOLDER``) are printf (``%s``, ``%(name)d``, ``%1$s``),
``str.format`` (``{}``, ``{1}``, ``{name}``), template (``{{ var }}``) and
emoji shortcodes (``:smile:``); machine translation protects the same ones
(``mt.placeholders``).

``added-markup`` is the other way round: what the English lacks, the
translation must not add (``safety.added_markup``). It is mandatory, since
assemble refuses such a translation whatever validate is told to skip.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from pipeline.checks.base import ERROR, WARNING, Subject, check
from pipeline.checks.markup import HASHTAG
from pipeline.checks.safety import added_markup

_NUMBER = re.compile(r"\d+(?:[.,'\u00a0\u202f\u066b\u066c]\d+)*")
PLACEHOLDER = re.compile(
    r"%(?:\(\w+\)|\d+\$)?[-+0#]*\d*(?:\.\d+)?[sdifuxXeEgGcr]"  # printf, Python %(name)s
    r"|\{\{\s*[\w.]+\s*\}\}"  # Jinja-style {{ name }}
    r"|\{[\w.]*(?:![rsa])?(?::[^{}]*)?\}"  # str.format {name} {0} {}
    r"|(?<![\w:]):[a-z0-9_+-]*[a-z][a-z0-9_+-]*:(?![\w:])"  # emoji shortcode :smile:
)
"""A placeholder a program fills in; it must come back from any translation unchanged."""


def _difference(expected: Iterable[str], found: Iterable[str]) -> str | None:
    want, have = Counter(expected), Counter(found)
    missing = sorted((want - have).elements())
    extra = sorted((have - want).elements())
    if not missing and not extra:
        return None
    parts = []
    if missing:
        parts.append("missing " + ", ".join(missing))
    if extra:
        parts.append("extra " + ", ".join(extra))
    return "; ".join(parts)


@check("emphasis", WARNING)
def emphasis(subject: Subject) -> str | None:
    """Emphasis (*…*, **…**) differs from the English."""
    src, tgt = subject.source, subject.target
    if (src.emphasis, src.strong) == (tgt.emphasis, tgt.strong):
        return None
    return (
        f"English has {src.emphasis} *emphasis* and {src.strong} **strong**, the translation "
        f"{tgt.emphasis} and {tgt.strong} (markers next to punctuation may not render)"
    )


@check("links", ERROR)
def links(subject: Subject) -> str | None:
    """Link targets differ from the English."""
    diff = _difference(subject.source.links, subject.target.links)
    return f"link targets differ: {diff}" if diff else None


@check("images", ERROR)
def images(subject: Subject) -> str | None:
    """Images (their sources) differ from the English."""
    diff = _difference(subject.source.images, subject.target.images)
    return f"images differ: {diff}" if diff else None


@check("code-spans", ERROR)
def code_spans(subject: Subject) -> str | None:
    """Code spans (`…`) differ from the English; code is never translated."""
    diff = _difference(
        (f"`{c}`" for c in subject.source.code), (f"`{c}`" for c in subject.target.code)
    )
    return f"code spans differ: {diff}" if diff else None


@check("html-tags", ERROR)
def html_tags(subject: Subject) -> str | None:
    """Inline HTML tags differ from the English."""
    diff = _difference(subject.source.html, subject.target.html)
    return f"HTML tags differ: {diff}" if diff else None


@check("line-breaks", WARNING)
def line_breaks(subject: Subject) -> str | None:
    """Number of hard line breaks differs from the English."""
    src, tgt = subject.source.breaks, subject.target.breaks
    if src == tgt:
        return None
    return f"English has {src} hard line break(s), the translation {tgt}"


@check("urls", ERROR)
def urls(subject: Subject) -> str | None:
    """URLs in the text differ from the English."""
    diff = _difference(subject.source.urls, subject.target.urls)
    return f"URLs differ: {diff}" if diff else None


def numbers_in(prose: str) -> list[str]:
    """The numbers in ``prose`` as ASCII digit strings, separators dropped."""
    found = []
    for match in _NUMBER.finditer(prose):
        digits = "".join(str(unicodedata.digit(c)) for c in match.group(0) if c.isdigit())
        found.append(digits)
    return found


@check("numbers", WARNING)
def numbers(subject: Subject) -> str | None:
    """A number of the English is missing from the translation."""
    want = Counter(numbers_in(subject.source.prose))
    missing = sorted((want - Counter(numbers_in(subject.target.prose))).elements())
    if not missing:
        return None
    return "number(s) missing from the translation: " + ", ".join(missing)


@check("placeholders", ERROR)
def placeholders(subject: Subject) -> str | None:
    """Placeholders (%s, {name}, {{ name }}, :emoji:) differ from the English."""
    diff = _difference(
        PLACEHOLDER.findall(subject.source.prose), PLACEHOLDER.findall(subject.target.prose)
    )
    return f"placeholders differ: {diff}" if diff else None


@check("dnt-terms", ERROR)
def dnt_terms(subject: Subject) -> str | None:
    """A do-not-translate term or hashtag of the English is missing from the translation."""
    wanted = [term for term in subject.terms if term and term in subject.msgid]
    wanted += HASHTAG.findall(subject.source.prose)
    missing = [term for term in dict.fromkeys(wanted) if term not in subject.msgstr]
    if not missing:
        return None
    return "keep unchanged: " + ", ".join(missing)


@check("added-markup", ERROR, mandatory=True)
def added_markup_check(subject: Subject) -> str | None:
    """Translation adds markup the English does not have (HTML, blocks, links); never published."""
    return added_markup(subject.msgid, subject.msgstr)
