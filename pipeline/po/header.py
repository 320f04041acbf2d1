"""Whether a PO file's header fits its language: one reading of a file's validity for every stage.

A file whose header validate calls an error is refused, with the same
words and line, by every stage that uses the file for a language: extract
does not merge into it (and so does not rewrite it), translate does not
fill it, assemble does not publish it, status does not count it. A
header-only file with no ``Language`` is such a file.

Rules:

- ``Language`` is the locale the language table gives the file (``zh_CN``
  for ``cn``), ``Plural-Forms`` exactly the table's value, and
  ``Content-Type`` declares UTF-8. Each rule is a validate check
  (``CHECKS``: ``header-language`` …); a project that turns one off
  (``skip_checks``) turns it off for every stage.
- Only the header is read for this (its first block), so a stage that
  reads the rest of the file another way pays little for the check.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import polib

from pipeline.errors import PoFileError
from pipeline.po import reader, syntax
from pipeline.project.languages import Language

LANGUAGE, PLURAL_FORMS, CHARSET = "header-language", "header-plural-forms", "header-charset"
CHECKS = {LANGUAGE: "Language", PLURAL_FORMS: "Plural-Forms", CHARSET: "Content-Type"}
"""Each rule's validate check, and the header field it is about."""
_CHARSET = re.compile(r"charset\s*=\s*([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """What is wrong with one header field."""

    check: str
    message: str

    @property
    def field(self) -> str:
        return CHECKS[self.check]


def problems(metadata: Mapping[str, str], lang: Language | None,
             skip: Collection[str] = ()) -> list[Problem]:
    """What is wrong with a header for ``lang`` (``None``: a template), by the rules not in
    ``skip``."""
    found: list[Problem] = []
    if lang is not None and LANGUAGE not in skip:
        value, want = metadata.get("Language", ""), lang.locale
        if not value:
            found.append(Problem(LANGUAGE, f'no Language header; add "Language: {want}\\n"'))
        elif value != want:
            found.append(Problem(LANGUAGE, f"Language is {value!r}; {lang.english_name} files "
                                           f"say {want!r}"))
    if lang is not None and PLURAL_FORMS not in skip:
        value, want = metadata.get("Plural-Forms", "").strip(), lang.plural_forms
        if not value:
            found.append(Problem(PLURAL_FORMS,
                                 f'no Plural-Forms header; add "Plural-Forms: {want}\\n"'))
        elif value != want:
            found.append(Problem(PLURAL_FORMS, f"Plural-Forms is {value!r}; "
                                               f"{lang.english_name} is {want!r}"))
    if CHARSET not in skip:
        match = _CHARSET.search(metadata.get("Content-Type", ""))
        if not match or match.group(1).upper().replace("_", "-") not in ("UTF-8", "UTF8"):
            found.append(Problem(CHARSET, 'Content-Type must be "text/plain; charset=UTF-8"'))
    return found


def require_fit(metadata: Mapping[str, str], layout: syntax.PoLayout, lang: Language,
                shown: str, skip: Collection[str] = ()) -> None:
    """``PoFileError``, at its line, for the first problem of a parsed header for ``lang``."""
    found = problems(metadata, lang, skip)
    if found:
        line = layout.header_fields.get(found[0].field, layout.header_line)
        raise PoFileError(shown, found[0].message, line)


def require_text_fits(text: str, lang: Language, shown: str, skip: Collection[str] = ()) -> None:
    """``require_fit`` for the header of ``text`` (a PO file's text, as ``catalog.parse_po``
    reads it), read alone when it is in the plain layout."""
    end = text.find("\n\n")
    quick = reader.read(text[: end + 1]) if end > 0 else None
    if quick is not None and not len(quick[0]):
        require_fit(quick[0].metadata, quick[1], lang, shown, skip)
        return
    layout = syntax.scan(text, shown)  # words any error in the file
    try:
        metadata = polib.pofile(text, wrapwidth=79).metadata
    except (OSError, ValueError, KeyError, IndexError, UnicodeError):
        return  # the reader that reads the file next words what is wrong
    require_fit(metadata, layout, lang, shown, skip)
