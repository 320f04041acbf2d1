"""Publication policy: what a page may show, and whether a language is published at all.

What each segment shows is the verdict on its entry (``checks.verdict``,
given the entry's error-level findings, ``checks.findings``): published
verdicts show the translation, every other one the English, and a page
showing unreviewed machine translation says how much of it is.

Everything not shown translated is shown in English, and the page marks it
(``lang="en"``). Completeness of a language for one article is the share
of the article's distinct segments shown translated, in percent. Rules for
publishing an article in a language, in order:

- The source language is always published.
- A language in which nothing is translated (no segment shown in a
  translation that differs from the English) is not published: a page of
  English text labelled French would pretend.
- At or above its threshold (``min_complete_per_language[lang]``, else
  ``min_complete``) the language is published; below it, it is published
  with English in the gaps when ``fallback = "english"`` and not published
  at all when ``fallback = "omit"``.
- A preview (``assemble --preview``) publishes every language, with its
  pseudo-localization shown: it is for looking at layouts, not for readers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import polib

from pipeline.checks.cache import FileFindings
from pipeline.checks.completeness import word_count
from pipeline.checks.verdict import Verdict, verdict
from pipeline.errors import ConfigError
from pipeline.po.marks import Marked, marked_entries
from pipeline.project.languages import Language, get_language
from pipeline.project.settings import Settings

FALLBACKS = ("english", "omit")


class Shown(StrEnum):
    """Where the text shown for one segment comes from."""

    ORIGINAL = "original"
    """The source language's own page."""
    REVIEWED = Verdict.REVIEWED.value
    MACHINE = Verdict.MACHINE.value
    ENGLISH = "english"
    """A translated page showing the English text for this segment."""


class Gap(StrEnum):
    """Why a segment of a translated page is shown in English."""

    UNTRANSLATED = Verdict.UNTRANSLATED.value
    STALE = Verdict.STALE.value
    FUZZY = Verdict.FUZZY.value
    WITHHELD = Verdict.WITHHELD.value
    REFUSED = Verdict.REFUSED.value
    PSEUDO = Verdict.PSEUDO.value


@dataclass(frozen=True)
class Choice:
    """The text shown for one msgid on one page."""

    text: str
    shown: Shown
    gap: Gap | None = None

    @property
    def translated(self) -> bool:
        return self.shown in (Shown.REVIEWED, Shown.MACHINE)


@dataclass(frozen=True)
class Refusal:
    """A msgstr the assembler would not publish."""

    where: str
    """``po/<slug>/<locale>.po:LINE``"""
    msgid: str
    reason: str

    def __str__(self) -> str:
        return (f"{self.where}: translation refused, {self.reason}; "
                "the English text is shown instead")


@dataclass
class Plan:
    """The choice for every msgid of one catalog (an article or the site chrome) in one language."""

    lang: Language
    is_source: bool
    choices: dict[str, Choice] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)

    def choice(self, msgid: str) -> Choice:
        found = self.choices.get(msgid)
        if found is not None:
            return found
        if self.is_source:
            return Choice(msgid, Shown.ORIGINAL)
        return Choice(msgid, Shown.ENGLISH, Gap.UNTRANSLATED)

    def counts(self) -> Counter[str]:
        """How many msgids are shown each way (``reviewed``, ``machine``) or why not (gaps)."""
        counter: Counter[str] = Counter()
        for item in self.choices.values():
            counter[item.gap.value if item.gap else item.shown.value] += 1
        return counter

    @property
    def uses_machine(self) -> bool:
        return any(c.shown is Shown.MACHINE for c in self.choices.values())

    @property
    def english_count(self) -> int:
        return sum(1 for c in self.choices.values() if c.shown is Shown.ENGLISH)

    @property
    def completeness(self) -> float:
        """Percent of msgids shown translated (100 for the source language and empty catalogs)."""
        if self.is_source or not self.choices:
            return 100.0
        done = sum(1 for c in self.choices.values() if c.translated)
        return 100.0 * done / len(self.choices)

    @property
    def nothing_translated(self) -> bool:
        """No msgid shown in a translation that differs from it (copies of the English do not
        count): a page of English under another language's name. An article with nothing
        to translate is not one."""
        if self.is_source or not self.choices:
            return False
        return not any(c.translated and c.text != msgid for msgid, c in self.choices.items())

    def machine_share(self) -> float:
        """Percent of the page's English words (its segments if it has none) shown as
        unreviewed machine translation."""
        if not self.uses_machine:
            return 0.0
        words = {msgid: word_count(msgid) for msgid in self.choices}
        total = sum(words.values())
        machine = [m for m, c in self.choices.items() if c.shown is Shown.MACHINE]
        if not total:
            return 100.0 * len(machine) / len(self.choices)
        return 100.0 * sum(words[m] for m in machine) / total


def plan(
    msgids: Iterable[str],
    po: polib.POFile | None,
    lang: Language,
    *,
    is_source: bool,
    reviewed_only: bool,
    display: str,
    errors: FileFindings | None = None,
    context: str | None = None,
    preview: bool = False,
) -> Plan:
    """Decide, msgid by msgid, what a page in ``lang`` shows; ``display`` names the PO file."""
    return plan_entries(msgids, None if is_source else marked_entries(po), lang,
                        is_source=is_source, reviewed_only=reviewed_only, display=display,
                        errors=errors, context=context, preview=preview)


def plan_entries(
    msgids: Iterable[str],
    entries: Mapping[str, Marked] | None,
    lang: Language,
    *,
    is_source: bool,
    reviewed_only: bool,
    display: str,
    errors: FileFindings | None = None,
    context: str | None = None,
    preview: bool = False,
) -> Plan:
    """``plan`` for the entries ``marks.marked_entries`` (or ``po.scan``) gives.

    ``errors``: the error-level findings of the PO file's entries (by
    msgctxt and msgid; these entries are in ``context``).
    """
    result = Plan(lang=lang, is_source=is_source)
    if is_source:
        return result
    found = (entries or {}).get
    findings = (errors or {}).get
    choices = result.choices
    for msgid in dict.fromkeys(msgids):
        entry = found(msgid)
        state, reason = verdict(msgid, entry, reviewed_only, findings((context, msgid), ()),
                                preview)
        shown = _SHOWN.get(state)
        if shown is not None and entry is not None:
            choices[msgid] = Choice(entry.msgstr, shown)
            continue
        choices[msgid] = Choice(msgid, Shown.ENGLISH, _GAP[state])
        if reason is not None and entry is not None:
            result.refusals.append(Refusal(f"{display}:{entry.line}", msgid, reason))
    return result


# Looked up, not converted by value: Enum(value) costs a microsecond, once per entry.
_SHOWN = {Verdict.REVIEWED: Shown.REVIEWED, Verdict.MACHINE: Shown.MACHINE}
_GAP = {v: Gap(v.value) for v in Verdict if v not in _SHOWN}




def percent_text(share: float) -> str:
    """A share as a whole percent that is neither 0 nor 100 unless it is exactly that."""
    if 0 < share < 1:
        return "1"
    if 99 < share < 100:
        return "99"
    return f"{share:.0f}"


# --- per-language publication -------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """Whether one article is published in one language, and why."""

    lang: Language
    published: bool
    completeness: float
    threshold: float
    fallback: str
    empty: bool = False
    """Nothing translated (``Plan.nothing_translated``): not published, whatever the settings."""

    @property
    def below_threshold(self) -> bool:
        return self.completeness < self.threshold


def check_policy(settings: Settings) -> None:
    """Fail early on policy settings that make no sense."""
    if settings.fallback not in FALLBACKS:
        raise ConfigError(
            f"fallback must be one of {', '.join(FALLBACKS)}, not {settings.fallback!r}"
        )
    for key, value in {"": settings.min_complete, **settings.min_complete_per_language}.items():
        if key:
            get_language(key)
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 100:
            name = f"min_complete_per_language.{key}" if key else "min_complete"
            raise ConfigError(f"{name} must be a percentage between 0 and 100, not {value!r}")


def threshold(settings: Settings, lang: Language) -> float:
    """The completeness (percent) ``lang`` needs to be published on its own."""
    for key, value in settings.min_complete_per_language.items():
        if get_language(key) == lang:
            return float(value)
    return settings.min_complete


def decide(settings: Settings, article: Plan, preview: bool = False) -> Decision:
    """Publish ``article.lang`` or not: something translated, then threshold and fallback."""
    limit = 0.0 if article.is_source else threshold(settings, article.lang)
    complete = article.completeness
    empty = article.nothing_translated
    published = not empty and (complete >= limit or settings.fallback == "english")
    return Decision(article.lang, published or preview, complete, limit, settings.fallback,
                    empty)
