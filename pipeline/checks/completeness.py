"""Completeness: which bucket each entry is in, and what share of an article a reader gets.

Rules:

- Every active entry of a translation falls in one bucket: ``translated``
  (reviewed), ``machine`` (machine translation not reviewed yet), ``fuzzy``
  (stale after an English change, or marked by a translator) or
  ``untranslated``; see ``checks.states`` (and ``po.marks``).
  Pseudo-localization counts as untranslated: it is no translation.
- Sizes are counted in entries and in words of the English (msgid prose,
  without code spans or link targets), so every language's figures compare
  with every other's; bucket percentages are by entries.
- *Complete* is what assemble publishes by: the share of an article's
  entries whose verdict (``checks.verdict``) publishes them, that is
  reviewed ones plus machine translations unless ``reviewed_only``, minus
  any with an error-level finding or markup they add, never
  pseudo-localization. Gates and publication thus agree.
- Percentages are shown truncated to one decimal, so "100.0%" means complete.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import polib

from pipeline.checks.markup import OBJECT, inventory
from pipeline.checks.states import State, entry_state
from pipeline.checks.verdict import verdict
from pipeline.errors import LocalizeError
from pipeline.po.marks import Marked, is_pseudo_text, machine_engine, marked
from pipeline.project.languages import Language

Errors = dict[tuple[str | None, str], list[tuple[str, str]]]
"""Error-level findings by (msgctxt, msgid), as ``checks.findings`` gives them."""

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
    """The status bucket of an active entry; pseudo-localization is no translation."""
    if entry.msgstr and is_pseudo_text(machine_engine(entry), entry.msgstr):
        return "untranslated"
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


def published(msgid: str, entry: Marked, reviewed_only: bool,
              errors: list[tuple[str, str]] | tuple[()] = ()) -> bool:
    """Whether assemble shows this entry's translation (``checks.verdict``)."""
    return verdict(msgid, entry, reviewed_only, errors)[0].published


def judge(errors: Errors, reviewed_only: bool) -> Callable[[polib.POEntry], bool]:
    """``published`` for the entries of one file, given its findings."""
    return lambda entry: published(entry.msgid, marked(entry), reviewed_only,
                                   errors.get((entry.msgctxt, entry.msgid), ()))


def tally(po: polib.POFile | None, template: polib.POFile | None,
          shown: Callable[[polib.POEntry], bool] | None) -> Tally:
    """Counts for one PO file, or for a missing one (all of ``template`` untranslated).

    ``shown`` says whether an entry is published (``judge``); ``None``
    leaves ``published`` at 0 for the caller to count (validate does, once
    the checks have run).
    """
    result = Tally()
    for entry in po if po is not None else (template or []):
        if entry.obsolete:
            continue
        result.segments += 1
        if po is None:
            result.add("untranslated", word_count(entry.msgid))
            continue
        result.add(bucket_of(entry), word_count(entry.msgid))
        if shown is not None:
            result.published += shown(entry)
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


def percent(value: float) -> str:
    return f"{math.floor(value * 10 + 1e-9) / 10:.1f}%"


def tally_data(tally: Tally) -> dict[str, Any]:
    data: dict[str, Any] = {
        bucket: {
            "entries": tally.entries[bucket],
            "words": tally.words[bucket],
            "percent": round(tally.percent(bucket), 2),
            "word_percent": round(tally.word_percent(bucket), 2),
        }
        for bucket in BUCKETS
    }
    data["entries"] = tally.total_entries
    data["words"] = tally.total_words
    data["complete"] = round(tally.complete, 2)
    return data


def status_data(status: StatusReport) -> dict[str, Any]:
    return {
        "reviewed_only": status.reviewed_only,
        "articles": [
            {
                "article": row.article,
                "language": row.language.code,
                "file": row.path,
                "missing": row.missing,
                **tally_data(row.tally),
            }
            for row in status.rows
        ],
        "languages": {code: tally_data(t) for code, t in status.by_language().items()},
        "overall": tally_data(status.overall()),
        "errors": [str(error) for error in status.errors],
    }
