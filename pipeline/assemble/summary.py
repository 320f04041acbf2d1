"""What assemble remembers of an article to report and list it again without redoing it.

Rules:

- A ``Summary`` holds everything the stage reports about an article (one
  ``PageReport`` per language, every refused msgstr) and everything the
  index pages show of it (slug, date, and per published language the
  title and description as shown), nothing else.
- It round-trips through JSON exactly (``to_json`` / ``from_json``), so an
  article skipped by the manifest is reported as if it had been built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.assemble.html import Listing, listing
from pipeline.assemble.policy import Choice, Decision, Gap, Plan, Refusal, Shown
from pipeline.markdown.document import Document
from pipeline.project.languages import Language, get_language


@dataclass(frozen=True)
class PageReport:
    """What was decided for one article in one language."""

    slug: str
    lang: Language
    decision: Decision
    counts: dict[str, int]
    english: int
    machine: bool

    def describe(self) -> str:
        d = self.decision
        if not d.published:
            return self._unpublished()
        if d.empty:
            state = "preview, nothing translated"
        elif d.lang.code == "en" or (not self.english and not self.counts.get("machine")
                                     and d.completeness >= 100.0):
            state = "published"
        else:
            state = f"published, {d.completeness:.0f}% translated"
        notes = []
        if d.below_threshold:
            notes.append(f"below {d.threshold:g}%, English fallback")
        if self.english:
            notes.append(f"{self.english} segment(s) in English")
        if self.machine:
            notes.append("machine-translation notice")
        notes += self._gaps(("stale", "fuzzy", "machine, withheld", "refused", "pseudo"))
        return state + (f" ({'; '.join(notes)})" if notes else "")

    def _unpublished(self) -> str:
        d = self.decision
        notes = []
        if d.empty:
            state = "not published: nothing translated"
        else:
            state = f"not published: {d.completeness:.0f}% translated, below {d.threshold:g}%"
            notes.append("fallback = omit")
        notes += self._gaps(("untranslated", "stale", "fuzzy", "machine, withheld", "refused"))
        if self.counts.get("pseudo"):
            notes.append(f"{self.counts['pseudo']} pseudo-localized: "
                         "`localize assemble --preview` shows them")
        return state + (f" ({'; '.join(notes)})" if notes else "")

    def _gaps(self, names: tuple[str, ...]) -> list[str]:
        return [f"{self.counts[gap]} {gap}" for gap in names if self.counts.get(gap)]


def page_report(slug: str, plan: Plan, decision: Decision) -> PageReport:
    return PageReport(slug, plan.lang, decision, dict(plan.counts()), plan.english_count,
                      plan.uses_machine)


@dataclass(frozen=True)
class Summary:
    """An article as the reports and the index pages see it."""

    slug: str
    date: str
    pages: list[PageReport]
    refusals: list[Refusal]
    listings: dict[str, Listing]
    """Per published language code."""

    @classmethod
    def of(cls, doc: Document, plans: dict[Language, Plan],
           decisions: dict[Language, Decision]) -> Summary:
        pages = [page_report(doc.slug, plans[lang], d) for lang, d in decisions.items()]
        refusals = [r for lang in decisions for r in plans[lang].refusals]
        listings = {lang.code: listing(doc, plans[lang])
                    for lang, d in decisions.items() if d.published}
        return cls(doc.slug, str(doc.front_matter.get("date", "")), pages, refusals, listings)

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "date": self.date,
            "pages": [_page_json(p) for p in self.pages],
            "refusals": [[r.where, r.msgid, r.reason] for r in self.refusals],
            "listings": {code: listing_json(item) for code, item in self.listings.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        return cls(
            data["slug"],
            data["date"],
            [_page_from(p) for p in data["pages"]],
            [Refusal(*r) for r in data["refusals"]],
            {code: _listing_from(item) for code, item in data["listings"].items()},
        )


def _page_json(page: PageReport) -> dict[str, Any]:
    d = page.decision
    return {"slug": page.slug, "lang": page.lang.code, "published": d.published,
            "completeness": d.completeness, "threshold": d.threshold, "fallback": d.fallback,
            "empty": d.empty, "counts": page.counts, "english": page.english,
            "machine": page.machine}


def _page_from(data: dict[str, Any]) -> PageReport:
    lang = get_language(data["lang"])
    decision = Decision(lang, data["published"], data["completeness"], data["threshold"],
                        data["fallback"], data["empty"])
    return PageReport(data["slug"], lang, decision, dict(data["counts"]), data["english"],
                      data["machine"])


def _choice_json(choice: Choice | None) -> list[str | None] | None:
    if choice is None:
        return None
    return [choice.text, choice.shown.value, choice.gap.value if choice.gap else None]


def _choice_from(data: list[str | None] | None) -> Choice | None:
    if data is None:
        return None
    text, shown, gap = data
    return Choice(str(text), Shown(str(shown)), Gap(gap) if gap else None)


def listing_json(item: Listing) -> dict[str, Any]:
    return {"slug": item.slug, "title": _choice_json(item.title),
            "description": _choice_json(item.description)}


def _listing_from(data: dict[str, Any]) -> Listing:
    title = _choice_from(data["title"])
    assert title is not None
    return Listing(data["slug"], title, _choice_from(data["description"]))
