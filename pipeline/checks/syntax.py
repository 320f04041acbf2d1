"""File checks: the file exists and parses, its header matches the language table.

Rules:

- A PO or POT file that ``catalog.read_po`` rejects is one ``po-syntax``
  error at the line it names; nothing else is checked in it.
- ``Language`` is the locale the language table gives the file
  (``zh_CN`` for ``cn``); ``Plural-Forms`` is exactly the table's value;
  ``Content-Type`` declares UTF-8 (templates included). The rules and
  their words are ``po.header``'s: every other stage refuses a file that
  breaks them, with the same message.
- A translation has the same entries as its template, or merge has not run.
"""

from __future__ import annotations

from pipeline.checks.base import ERROR, WARNING, FileSubject, Issue, check
from pipeline.po import header


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


@check(header.LANGUAGE, ERROR, scope="file")
def header_language(subject: FileSubject) -> Issue | None:
    """Language header does not match the file's language."""
    return _header_issue(subject, header.LANGUAGE)


@check(header.PLURAL_FORMS, ERROR, scope="file")
def header_plural_forms(subject: FileSubject) -> Issue | None:
    """Plural-Forms header differs from the language table."""
    return _header_issue(subject, header.PLURAL_FORMS)


@check(header.CHARSET, ERROR, scope="file")
def header_charset(subject: FileSubject) -> Issue | None:
    """Content-Type header does not declare charset=UTF-8."""
    return _header_issue(subject, header.CHARSET)


def _header_issue(subject: FileSubject, check_id: str) -> Issue | None:
    """The problem ``po.header`` finds with one field: the very words every stage uses."""
    if subject.po is None or (subject.lang is None and check_id != header.CHARSET):
        return None
    skip = set(header.CHECKS) - {check_id}
    for problem in header.problems(subject.po.metadata, subject.lang, skip):
        return Issue(problem.message, subject.header_line(problem.field))
    return None


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
