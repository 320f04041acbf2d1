"""The error-level findings a verdict needs: computed by the checks once, found again by content.

validate runs every check on every entry; assemble and status must reach
the same verdicts without a second list of rules, and without running
langdetect again on two thousand files. Rules:

- An entry's findings are ``base.errors_of`` of its subject
  (``base.subject_of``) with the project's ``skip_checks``: every
  registered check of error severity, nothing else decides.
- They come from the first of these that has them; each holds what running
  the checks gave on the very same input, by construction of its key
  (``checks.cache``), under the same version of the checks' code:
  1. the verdict table, one record per PO file validate checked: its bytes,
     path, language, skipped checks and terms must match;
  2. the entry table: the entry's language, msgid, msgstr, flags,
     translator comment, previous-msgid presence, terms, the glossary's
     terms it holds and skipped checks must match;
  3. the checks themselves; their results go into the entry table.
- Only entries whose marks leave the verdict open (``verdict.prejudge``)
  and that are not pseudo-localization need findings.
- A cache that is missing, unreadable or of another version costs time,
  never another answer. What keeps markup out of the pages
  (``safety.added_markup``) is not looked up here: ``verdict`` computes it
  every time, so a tampered cache cannot publish it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.checks import checks_version
from pipeline.checks.attention import project_terms, usable_glossary
from pipeline.checks.base import Severity, run_entry, subject_of
from pipeline.checks.cache import (
    ENTRIES_FILENAME,
    VERDICTS_FILENAME,
    EntryStore,
    FileFindings,
    Key,
    VerdictTable,
    entry_key,
)
from pipeline.checks.verdict import prejudge
from pipeline.po.marks import PSEUDO_ENGINE, Marked
from pipeline.project.glossary import Glossary
from pipeline.project.languages import Language
from pipeline.project.settings import Settings


class Findings:
    """Findings for one run over some PO files; ``cache_dir=None`` computes every one."""

    def __init__(self, cache_dir: Path | None, skip: tuple[str, ...],
                 terms: tuple[str, ...], glossary: Glossary | None = None) -> None:
        self.skip = skip
        self.terms = terms
        self.glossary = glossary
        """The glossary's hits are part of an entry's subject, so of its key: without them,
        validate's cached results of an entry that uses a term would never be found."""
        self.version = checks_version()
        self.cache_dir = cache_dir
        self.verdicts = VerdictTable.shared(
            cache_dir / VERDICTS_FILENAME if cache_dir else None, self.version)
        self._store: EntryStore | None = None
        self.computed = 0
        """Entries checked here, for want of a cached answer."""

    @classmethod
    def of(cls, settings: Settings) -> Findings:
        glossary = None if "glossary" in settings.skip_checks else usable_glossary(settings)
        return cls(settings.cache_path, settings.skip_checks, project_terms(settings), glossary)

    def of_file(self, shown: str, lang: Language, content: str | None,
                entries: Iterable[tuple[Key, Marked]], reviewed_only: bool,
                preview: bool = False) -> FileFindings:
        """The findings of the entries of one PO file whose verdict the checks decide.

        ``shown``: the file's path as validate names it; ``content``: the
        digest of its bytes (``runtime.files.digest``), ``None`` if unknown.
        """
        if content is not None:
            record = self.verdicts.get(
                self.verdicts.key(shown, lang.code, content, self.skip, self.terms))
            if record is not None:
                return record
        wanted = [(key, entry) for key, entry in entries
                  if prejudge(entry, reviewed_only, preview) is None
                  and not (entry.engine == PSEUDO_ENGINE and entry.pseudo)]
        return self._check(wanted, lang) if wanted else {}

    def _check(self, wanted: list[tuple[Key, Marked]], lang: Language) -> FileFindings:
        subjects = {}
        for key, entry in wanted:
            hits = self.glossary.hits(key[1], lang) if self.glossary else ()
            subject = subject_of(key[1], entry, lang, self.terms, hits)
            subjects[entry_key(self.version, subject, self.skip)] = (key, subject)
        store = self._entries()
        stored = store.get_many(list(subjects)) if store is not None else {}
        found: FileFindings = {}
        fresh = []
        for digest, (key, subject) in subjects.items():
            errors = _errors(stored.get(digest))
            if errors is None:
                results = [(c.id, c.severity, message)
                           for c, message in run_entry(subject, self.skip)]
                fresh.append((digest, [[i, str(s), m] for i, s, m in results]))
                errors = [(i, m) for i, s, m in results if s is Severity.ERROR]
                self.computed += 1
            if errors:
                found[key] = errors
        if fresh and store is not None:
            store.put_many(fresh)
        return found

    def _entries(self) -> EntryStore | None:
        if self._store is None and self.cache_dir is not None:
            self._store = EntryStore(self.cache_dir / ENTRIES_FILENAME)
        return self._store

    def close(self) -> None:
        """Close the entry table (its rows are pruned by validate, which sees every entry)."""
        if self._store is not None:
            self._store.close(keep=None)
            self._store = None


def _errors(stored: object) -> list[tuple[str, str]] | None:
    """The error-level findings of stored results; ``None`` if there are none or they are odd."""
    if not isinstance(stored, list):
        return None
    errors = []
    try:
        for check_id, severity, message in stored:
            if not isinstance(check_id, str) or not isinstance(message, str):
                return None
            if Severity(severity) is Severity.ERROR:
                errors.append((check_id, message))
    except (TypeError, ValueError):
        return None
    return errors
