"""status: how complete each article is in each language.

Rules:

- Every active entry of a translation falls in one bucket: ``translated``
  (reviewed), ``machine`` (machine translation not reviewed yet), ``fuzzy``
  (stale after an English change, or marked by a translator) or
  ``untranslated``; see ``checks.states.classify``.
- Sizes are counted in entries and in words of the English (msgid prose,
  without code spans or link targets), so a language's figures compare
  directly with every other's.
- Percentages are by words (by entries if the English has no words).
  *Complete* is the share a reader gets as a translation: translated,
  plus machine translations unless ``reviewed_only`` is set (the same rule
  assemble publishes by).
- A missing PO file counts as all untranslated (from the template); one that
  cannot be read counts the same and is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import polib

from pipeline import catalog
from pipeline.checks.markup import OBJECT, inventory
from pipeline.checks.states import State, classify
from pipeline.config import Settings
from pipeline.errors import LocalizeError, UsageError
from pipeline.extract import load_document, po_path, source_files, template_path
from pipeline.languages import Language, get_languages

BUCKETS = ("translated", "machine", "fuzzy", "untranslated")
_BUCKET = {
    State.TRANSLATED: "translated",
    State.MACHINE: "machine",
    State.STALE: "fuzzy",
    State.FUZZY: "fuzzy",
    State.UNTRANSLATED: "untranslated",
}
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def word_count(msgid: str) -> int:
    """Words in the prose of ``msgid``."""
    return len(_WORD.findall(inventory(msgid).prose.replace(OBJECT, " ")))


def bucket_of(entry: polib.POEntry) -> str:
    """The status bucket of an active entry."""
    translated = catalog.is_translated(entry)
    return _BUCKET[classify(translated, entry.flags, entry.previous_msgid)]


@dataclass
class Tally:
    """Entries and words per bucket."""

    entries: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)

    def add(self, bucket: str, words: int) -> None:
        self.entries[bucket] += 1
        self.words[bucket] += words

    def update(self, other: Tally) -> None:
        self.entries.update(other.entries)
        self.words.update(other.words)

    @property
    def total_entries(self) -> int:
        return sum(self.entries.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    def percent(self, *buckets: str) -> float:
        """Share of the English in ``buckets``, by words (by entries when there are none)."""
        if self.total_words:
            return 100.0 * sum(self.words[b] for b in buckets) / self.total_words
        if self.total_entries:
            return 100.0 * sum(self.entries[b] for b in buckets) / self.total_entries
        return 100.0

    def complete(self, include_machine: bool) -> float:
        """Percent a reader gets translated; machine translations count if ``include_machine``."""
        return (
            self.percent("translated", "machine") if include_machine else self.percent("translated")
        )


def tally_po(po: polib.POFile) -> Tally:
    tally = Tally()
    for entry in po:
        if not entry.obsolete:
            tally.add(bucket_of(entry), word_count(entry.msgid))
    return tally


def tally_untranslated(pot: polib.POFile) -> Tally:
    tally = Tally()
    for entry in pot:
        if not entry.obsolete:
            tally.add("untranslated", word_count(entry.msgid))
    return tally


@dataclass(frozen=True)
class StatusRow:
    """One article in one language."""

    article: str
    language: Language
    path: str
    tally: Tally
    missing: bool = False


@dataclass
class StatusReport:
    """Completeness of every article in every selected language."""

    rows: list[StatusRow] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    include_machine: bool = True
    errors: list[LocalizeError] = field(default_factory=list)

    def by_language(self) -> dict[str, Tally]:
        totals: dict[str, Tally] = {lang.code: Tally() for lang in self.languages}
        for row in self.rows:
            totals.setdefault(row.language.code, Tally()).update(row.tally)
        return totals

    def overall(self) -> Tally:
        total = Tally()
        for row in self.rows:
            total.update(row.tally)
        return total


def select_languages(settings: Settings, keys: list[str] | None) -> list[Language]:
    """The target languages named by ``keys`` (all when empty); each must be a project target."""
    if not keys:
        return settings.targets
    chosen = get_languages(keys)
    for lang in chosen:
        if lang not in settings.targets:
            targets = ", ".join(t.code for t in settings.targets)
            raise UsageError(f"{lang.code!r} is not a target language of this project ({targets})")
    return chosen


def article_slugs(
    settings: Settings, only: list[str] | None, errors: list[LocalizeError]
) -> list[str]:
    """Slugs of the articles (all, or those in ``only``); unreadable sources go to ``errors``."""
    slugs = []
    for path in source_files(settings, only):
        try:
            slugs.append(load_document(settings, path).slug)
        except LocalizeError as exc:
            errors.append(exc)
    return slugs


def status(
    settings: Settings, only: list[str] | None = None, languages: list[str] | None = None
) -> StatusReport:
    """Completeness of each article (or those in ``only``) in each language."""
    langs = select_languages(settings, languages)
    report = StatusReport(languages=langs, include_machine=not settings.reviewed_only)
    for slug in article_slugs(settings, only, report.errors):
        template = _load_template(settings, slug, report.errors)
        for lang in langs:
            row = _row(settings, slug, lang, template, report.errors)
            if row is not None:
                report.rows.append(row)
    return report


def _load_template(
    settings: Settings, slug: str, errors: list[LocalizeError]
) -> polib.POFile | None:
    path = template_path(settings, slug)
    try:
        return catalog.load_po(path, settings.display(path))
    except LocalizeError as exc:
        errors.append(exc)
        return None


def _row(
    settings: Settings,
    slug: str,
    lang: Language,
    template: polib.POFile | None,
    errors: list[LocalizeError],
) -> StatusRow | None:
    path = po_path(settings, slug, lang)
    shown = settings.display(path)
    if path.exists():
        try:
            return StatusRow(slug, lang, shown, tally_po(catalog.load_po(path, shown)))
        except LocalizeError as exc:
            errors.append(exc)
    if template is None:
        return None
    return StatusRow(slug, lang, shown, tally_untranslated(template), missing=not path.exists())
