"""status: how complete each article is in each language.

Rules:

- Every active entry of a translation falls in one bucket: ``translated``
  (reviewed), ``machine`` (machine translation not reviewed yet), ``fuzzy``
  (stale after an English change, or marked by a translator) or
  ``untranslated``; see ``checks.states`` (and ``pipeline.marks``).
- Sizes are counted in entries and in words of the English (msgid prose,
  without code spans or link targets), so every language's figures compare
  with every other's; bucket percentages are by entries.
- *Complete* is what assemble publishes by (``assemble.policy``): the share
  of an article's entries a reader gets translated, that is reviewed ones
  plus machine translations unless ``reviewed_only``, minus any assemble
  refuses for markup they add. Gates and publication thus agree.
- The site's own strings (``po/site/``) are listed like an article, ``site``.
- A missing PO file counts as all untranslated (from the template); one that
  cannot be read is reported and left out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib

from pipeline import catalog
from pipeline.assemble.chrome import DOMAIN as SITE_DOMAIN
from pipeline.assemble.safety import added_markup
from pipeline.checks.markup import OBJECT, inventory
from pipeline.checks.states import State, entry_state
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
    return _BUCKET[entry_state(entry)]


@dataclass
class Tally:
    """Entries and words per bucket, and how many segments an edition would show translated."""

    entries: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)
    segments: int = 0
    published: int = 0

    def add(self, bucket: str, words: int) -> None:
        self.entries[bucket] += 1
        self.words[bucket] += words

    def update(self, other: Tally) -> None:
        self.entries.update(other.entries)
        self.words.update(other.words)
        self.segments += other.segments
        self.published += other.published

    @property
    def total_entries(self) -> int:
        return sum(self.entries.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    def percent(self, *buckets: str) -> float:
        """Share of the entries in ``buckets`` (100 when there are none at all)."""
        total = self.total_entries
        return 100.0 * sum(self.entries[b] for b in buckets) / total if total else 100.0

    def word_percent(self, *buckets: str) -> float:
        """Share of the English words in ``buckets``."""
        total = self.total_words
        return 100.0 * sum(self.words[b] for b in buckets) / total if total else 100.0

    @property
    def complete(self) -> float:
        """Percent of entries a reader gets translated, as assemble decides."""
        return 100.0 * self.published / self.segments if self.segments else 100.0


def published(entry: polib.POEntry, reviewed_only: bool) -> bool:
    """Whether assemble shows this entry's translation (``assemble.policy``): reviewed, or
    machine-translated unless ``reviewed_only``, and not refused for markup it adds."""
    bucket = bucket_of(entry)
    if bucket == "translated" or (bucket == "machine" and not reviewed_only):
        return added_markup(entry.msgid, entry.msgstr) is None
    return False


def tally(po: polib.POFile | None, template: polib.POFile | None, reviewed_only: bool) -> Tally:
    """Counts for one PO file, or for a missing one (all of ``template`` untranslated)."""
    result = Tally()
    for entry in po if po is not None else (template or []):
        if entry.obsolete:
            continue
        result.segments += 1
        if po is None:
            result.add("untranslated", word_count(entry.msgid))
            continue
        result.add(bucket_of(entry), word_count(entry.msgid))
        result.published += published(entry, reviewed_only)
    return result


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
    reviewed_only: bool = False
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
    """The catalogs to look at: the articles' slugs (all, or those in ``only``), then the
    site's own strings when their template exists (and ``only`` names ``site`` or nothing).
    Unreadable sources go to ``errors``."""
    articles = [name for name in only or [] if name != SITE_DOMAIN]
    slugs = []
    if not only or articles:
        for path in source_files(settings, articles or None):
            try:
                slugs.append(load_document(settings, path).slug)
            except LocalizeError as exc:
                errors.append(exc)
    wants_site = not only or SITE_DOMAIN in only
    if wants_site and template_path(settings, SITE_DOMAIN).is_file():
        slugs.append(SITE_DOMAIN)
    return slugs


def status(
    settings: Settings, only: list[str] | None = None, languages: list[str] | None = None
) -> StatusReport:
    """Completeness of each article (or those in ``only``) in each language."""
    langs = select_languages(settings, languages)
    report = StatusReport(languages=langs, reviewed_only=settings.reviewed_only)
    for slug in article_slugs(settings, only, report.errors):
        template = _load(settings, template_path(settings, slug), report.errors)
        for lang in langs:
            path = po_path(settings, slug, lang)
            po = _load(settings, path, report.errors) if path.exists() else None
            if po is None and template is None:
                continue
            counts = tally(po, template, settings.reviewed_only)
            shown = settings.display(path)
            report.rows.append(StatusRow(slug, lang, shown, counts, missing=not path.exists()))
    return report


def _load(settings: Settings, path: Path, errors: list[LocalizeError]) -> polib.POFile | None:
    try:
        return catalog.load_po(path, settings.display(path))
    except LocalizeError as exc:
        errors.append(exc)
        return None
