"""Publication policy: what a page may show, and whether a language is published at all.

Rules, per PO entry (the machine-translation convention shared with
translate and validate):

- *reviewed*: a msgstr and no ``fuzzy`` flag. Always shown.
- *machine*: ``fuzzy``, an ``mt: <engine>`` comment line and no previous
  msgid (see ``pipeline.marks``).
  Shown unless ``reviewed_only``; a page showing any gets a visible notice.
- *stale*: ``fuzzy`` with a previous msgid (``#|``): the English changed
  since it was translated. Never shown.
- any other ``fuzzy`` entry (a translator's doubt): never shown.
- a msgstr that adds markup (``safety.added_markup``) is *refused*: never
  shown, always reported.

Everything not shown translated is shown in English, and the page marks it
(``lang="en"``). Completeness of a language for one article is the share
of the article's distinct segments shown translated, in percent. At or
above its threshold (``min_complete_per_language[lang]``, else
``min_complete``) the language is published; below it, it is published
with English in the gaps when ``fallback = "english"`` and not published
at all when ``fallback = "omit"``. The source language is always published.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

import polib

from pipeline.assemble.safety import added_markup
from pipeline.catalog import FUZZY
from pipeline.config import Settings
from pipeline.errors import ConfigError
from pipeline.languages import Language, get_language
from pipeline.marks import is_machine

FALLBACKS = ("english", "omit")


class Shown(StrEnum):
    """Where the text shown for one segment comes from."""

    ORIGINAL = "original"
    """The source language's own page."""
    REVIEWED = "reviewed"
    MACHINE = "machine"
    ENGLISH = "english"
    """A translated page showing the English text for this segment."""


class Gap(StrEnum):
    """Why a segment of a translated page is shown in English."""

    UNTRANSLATED = "untranslated"
    STALE = "stale"
    FUZZY = "fuzzy"
    WITHHELD = "machine, withheld"
    REFUSED = "refused"


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


class Entry(NamedTuple):
    """What the policy reads of the PO entry of one msgid."""

    msgstr: str
    fuzzy: bool
    stale: bool
    """Fuzzy with a previous msgid (``#|``)."""
    machine: bool
    """``marks.is_machine``."""
    line: int


def entry_of(entry: polib.POEntry) -> Entry:
    fuzzy = FUZZY in entry.flags
    return Entry(entry.msgstr, fuzzy, fuzzy and bool(entry.previous_msgid),
                 fuzzy and is_machine(entry), entry.linenum)


def entries_of(po: Iterable[polib.POEntry] | None) -> dict[str, Entry]:
    """msgid → entry for the entries a page can show (live, no context, no plural)."""
    if po is None:
        return {}
    return {e.msgid: entry_of(e) for e in po
            if not e.obsolete and not e.msgctxt and not e.msgid_plural}


def _classify(entry: Entry | None, reviewed_only: bool) -> Gap | Shown:
    if entry is None or not entry.msgstr:
        return Gap.UNTRANSLATED
    if not entry.fuzzy:
        return Shown.REVIEWED
    if entry.stale:
        return Gap.STALE
    if entry.machine:
        return Gap.WITHHELD if reviewed_only else Shown.MACHINE
    return Gap.FUZZY


def plan(
    msgids: Iterable[str],
    po: polib.POFile | None,
    lang: Language,
    *,
    is_source: bool,
    reviewed_only: bool,
    display: str,
) -> Plan:
    """Decide, msgid by msgid, what a page in ``lang`` shows; ``display`` names the PO file."""
    return plan_entries(msgids, None if is_source else entries_of(po), lang,
                        is_source=is_source, reviewed_only=reviewed_only, display=display)


def plan_entries(
    msgids: Iterable[str],
    entries: Mapping[str, Entry] | None,
    lang: Language,
    *,
    is_source: bool,
    reviewed_only: bool,
    display: str,
) -> Plan:
    """``plan`` for the entries ``entries_of`` (or ``poscan``) gives."""
    result = Plan(lang=lang, is_source=is_source)
    if is_source:
        return result
    found = (entries or {}).get
    choices = result.choices
    for msgid in dict.fromkeys(msgids):
        entry = found(msgid)
        if entry is None or not entry.msgstr:
            choices[msgid] = Choice(msgid, _ENGLISH, _UNTRANSLATED)
            continue
        state = _classify(entry, reviewed_only) if entry.fuzzy else _REVIEWED
        if isinstance(state, Gap):
            choices[msgid] = Choice(msgid, _ENGLISH, state)
            continue
        reason = added_markup(msgid, entry.msgstr)
        if reason is not None:
            result.refusals.append(Refusal(f"{display}:{entry.line}", msgid, reason))
            choices[msgid] = Choice(msgid, _ENGLISH, Gap.REFUSED)
        else:
            choices[msgid] = Choice(entry.msgstr, state)
    return result


_ENGLISH, _REVIEWED, _UNTRANSLATED = Shown.ENGLISH, Shown.REVIEWED, Gap.UNTRANSLATED


# --- per-language publication -------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """Whether one article is published in one language, and why."""

    lang: Language
    published: bool
    completeness: float
    threshold: float
    fallback: str

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


def decide(settings: Settings, article: Plan) -> Decision:
    """Publish ``article.lang`` or not, by the settings' threshold and fallback."""
    limit = 0.0 if article.is_source else threshold(settings, article.lang)
    complete = article.completeness
    published = complete >= limit or settings.fallback == "english"
    return Decision(article.lang, published, complete, limit, settings.fallback)
