"""File checks: the file exists and parses, its header matches the language table.

Rules:

- A PO or POT file that ``catalog.read_po`` rejects is one ``po-syntax``
  error at the line it names; nothing else is checked in it.
- ``Language`` is the locale the language table gives the file
  (``zh_CN`` for ``cn``); ``Plural-Forms`` is exactly the table's value;
  ``Content-Type`` declares UTF-8 (templates included).
- A translation has the same entries as its template, or merge has not run.
"""

from __future__ import annotations

import re

from pipeline.checks.base import ERROR, WARNING, FileSubject, Issue, check

_CHARSET = re.compile(r"charset\s*=\s*([\w.:-]+)", re.IGNORECASE)


@check("po-syntax", ERROR, scope="file")
def po_syntax(subject: FileSubject) -> Issue | None:
    """PO file cannot be read or parsed."""
    if subject.error is None:
        return None
    return Issue(subject.error.reason, subject.error.line)


@check("file-missing", ERROR, scope="file")
def file_missing(subject: FileSubject) -> Issue | None:
    """Template or translation file does not exist."""
    if subject.exists:
        return None
    return Issue("file not found; run `localize extract` to create it")


@check("header-language", ERROR, scope="file")
def header_language(subject: FileSubject) -> Issue | None:
    """Language header does not match the file's language."""
    if subject.po is None or subject.lang is None:
        return None
    found = subject.po.metadata.get("Language", "")
    want = subject.lang.locale
    if found == want:
        return None
    line = subject.header_line("Language")
    if not found:
        return Issue(f'no Language header; add "Language: {want}\\n"', line)
    return Issue(f"Language is {found!r}; {subject.lang.english_name} files say {want!r}", line)


@check("header-plural-forms", ERROR, scope="file")
def header_plural_forms(subject: FileSubject) -> Issue | None:
    """Plural-Forms header differs from the language table."""
    if subject.po is None or subject.lang is None:
        return None
    found = subject.po.metadata.get("Plural-Forms", "").strip()
    want = subject.lang.plural_forms
    if found == want:
        return None
    line = subject.header_line("Plural-Forms")
    if not found:
        return Issue(f'no Plural-Forms header; add "Plural-Forms: {want}\\n"', line)
    return Issue(f"Plural-Forms is {found!r}; {subject.lang.english_name} is {want!r}", line)


@check("header-charset", ERROR, scope="file")
def header_charset(subject: FileSubject) -> Issue | None:
    """Content-Type header does not declare charset=UTF-8."""
    if subject.po is None:
        return None
    content_type = subject.po.metadata.get("Content-Type", "")
    match = _CHARSET.search(content_type)
    if match and match.group(1).upper().replace("_", "-") in ("UTF-8", "UTF8"):
        return None
    line = subject.header_line("Content-Type")
    return Issue('Content-Type must be "text/plain; charset=UTF-8"', line)


@check("not-merged", WARNING, scope="file")
def not_merged(subject: FileSubject) -> Issue | None:
    """Translation's entries differ from its template (merge has not run)."""
    if subject.po is None or subject.lang is None or subject.template_keys is None:
        return None
    keys = {(entry.msgctxt, entry.msgid) for entry in subject.po if not entry.obsolete}
    missing = len(subject.template_keys - keys)
    extra = len(keys - subject.template_keys)
    if not missing and not extra:
        return None
    return Issue(
        f"out of date with the template ({missing} entries missing, {extra} not in it); "
        "run `localize extract`",
        subject.header_line(""),
    )
