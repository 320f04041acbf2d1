"""Translation checks: one module per family, one small function per check, one registry.

Families, in the order they run and are listed:

- ``syntax``: the file parses; header Language, Plural-Forms, charset (file checks)
- ``states``: untranslated, fuzzy (stale / machine / translator), unchanged, obsolete
- ``language``: the translation is in the right language (langdetect; its loop made
  faster, same answers, in ``detector``)
- ``parity``: markup, URLs, numbers, placeholders, do-not-translate terms
- ``glossary``: the glossary's agreed term where the English uses one
- ``spacing``: whitespace, brackets, balanced quotes
- ``punctuation``: per-language marks, spacing and quotes
- ``bidi``: bidi control characters, length ratio

Beside the checks: what a reader gets of each entry (``verdict``: the one
rule assemble publishes by, status and validate count by), the error-level
findings it needs, found again by content (``findings``, over the results
cache ``cache`` validate fills), markup a translation may not add
(``safety``), an entry as a translator needs to see it (``attention``,
for review and serve), and completeness (``completeness``).

Every per-language fact a check uses comes from ``pipeline.project.languages``.
``checks_version()`` changes whenever a check or the language table does,
so cached results of an older version are never reused.

May import: ``pipeline.po``, ``pipeline.markdown``, ``pipeline.project``,
``pipeline.runtime``, ``pipeline.errors``.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pipeline.checks import (  # noqa: F401
    bidi,
    glossary,
    language,
    parity,
    punctuation,
    spacing,
    states,
    syntax,
)
from pipeline.checks.base import (
    ERROR,
    REGISTRY,
    WARNING,
    Check,
    FileSubject,
    Issue,
    Severity,
    Subject,
    errors_of,
    ordered_checks,
    run_entry,
    run_file,
    subject_of,
)
from pipeline.errors import UsageError

__all__ = [
    "ERROR",
    "REGISTRY",
    "WARNING",
    "Check",
    "FileSubject",
    "Issue",
    "Severity",
    "Subject",
    "all_checks",
    "checks_version",
    "errors_of",
    "get_check",
    "run_entry",
    "run_file",
    "subject_of",
    "validate_ids",
]


def all_checks() -> list[Check]:
    """Every registered check, by family in running order."""
    return ordered_checks()


def get_check(check_id: str) -> Check:
    try:
        return REGISTRY[check_id]
    except KeyError:
        raise UsageError(
            f"unknown check {check_id!r}; `localize validate --list-checks` lists them"
        ) from None


def validate_ids(ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``ids`` after checking each names a registered check that may be skipped."""
    for check_id in ids:
        if get_check(check_id).mandatory:
            raise UsageError(
                f"check {check_id!r} cannot be skipped: assemble never publishes what it "
                "finds, so validate always reports it"
            )
    return tuple(ids)


@cache
def checks_version() -> str:
    """A digest of the source code of the checks, the PO readers (what a file means, and
    whether its header fits: ``po.header``), the language table and the glossary's rules."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    project = here.parent / "project"
    for path in sorted([*here.glob("*.py"), *(here.parent / "po").glob("*.py"),
                        project / "languages.py", project / "glossary.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
