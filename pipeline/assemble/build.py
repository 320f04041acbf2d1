"""The assemble stage: write every published edition of every article into ``output/``.

Rules:

- ``output/<lang.code>/<slug>.md`` and ``.html`` (directory names as the
  site labels them, ``cn/``), ``output/<lang.code>/index.html`` per language
  with at least one published article, ``output/index.html`` to pick a
  language, ``output/static/site.css``. ``formats`` picks HTML, Markdown or
  both.
- What each page shows is decided by ``policy`` (``reviewed_only``,
  ``fallback``, ``min_complete``…) and reported per page in the stats, with
  every refused msgstr; a language that is not published has no pages, and
  pages of it left by an earlier run are removed.
- A PO file that does not exist yet gives an all-English edition; one that
  is broken stops that language of that article with ``file:line`` and
  nothing of it is written. A broken site-strings PO gives English chrome.
- Files are rewritten only when their bytes change, atomically
  (``fsutil``), and only inside the project (``Settings.confine``: a
  symbolic link in ``output/`` that leads out of it is an error). A file
  that cannot be written (read-only folder, full disk) is an error naming
  it; the other files are still written and the old file stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import polib

from pipeline import catalog
from pipeline.assemble.chrome import Chrome, load_chrome
from pipeline.assemble.html import (
    STYLESHEET,
    Listing,
    Site,
    article_page,
    language_index,
    root_page,
)
from pipeline.assemble.markdown import build_markdown
from pipeline.assemble.policy import Decision, Plan, Refusal, check_policy, decide, plan
from pipeline.config import Settings
from pipeline.document import Document
from pipeline.errors import LocalizeError, OutputError, UsageError
from pipeline.extract import claim_slug, load_document, po_path, source_files
from pipeline.fsutil import write_text_if_changed
from pipeline.languages import Language

FORMATS = ("html", "md")


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
            return (f"not published: {d.completeness:.0f}% translated, "
                    f"below {d.threshold:g}% (fallback = omit)")
        if d.lang.code == "en" or (not self.english and not self.counts.get("machine")
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
        for gap in ("stale", "fuzzy", "machine, withheld", "refused"):
            if self.counts.get(gap):
                notes.append(f"{self.counts[gap]} {gap}")
        return state + (f" ({'; '.join(notes)})" if notes else "")


@dataclass
class AssembleStats:
    """What one assemble run did."""

    articles: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    errors: list[LocalizeError] = field(default_factory=list)
    pages: list[PageReport] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    site_index: str | None = None
    """The root page to open in a browser, when HTML was written."""


def output_file(settings: Settings, lang: Language, slug: str, suffix: str) -> Path:
    return settings.confine(settings.output_path / lang.code / f"{slug}{suffix}")


@dataclass
class _Article:
    doc: Document
    plans: dict[Language, Plan] = field(default_factory=dict)
    decisions: dict[Language, Decision] = field(default_factory=dict)

    def published(self) -> list[Language]:
        return [lang for lang, d in self.decisions.items() if d.published]


def assemble(settings: Settings, only: list[str] | None = None,
             formats: Sequence[str] = FORMATS) -> AssembleStats:
    """Build the HTML and/or Markdown editions of every article (or those in ``only``)."""
    check_policy(settings)
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise UsageError(f"format must be html, md or both, not {sorted(unknown) or 'nothing'}")
    stats = AssembleStats()
    languages = [settings.source, *settings.targets]
    articles = _plan_articles(settings, languages, stats)
    chromes = {lang: _chrome(settings, lang, stats) for lang in languages}
    site = Site(settings)
    wanted = {p.stem for p in source_files(settings, only)} if only else None
    for article in articles:
        if wanted is None or article.doc.path.stem in wanted:
            _write_article(settings, site, article, chromes, formats, stats)
    if "html" in formats:
        _write_indexes(settings, site, articles, chromes, languages, stats, only is None)
    return stats


def _plan_articles(settings: Settings, languages: list[Language],
                   stats: AssembleStats) -> list[_Article]:
    articles = []
    owners: dict[str, Path] = {}
    for path in source_files(settings, None):
        try:
            doc = load_document(settings, path)
            claim_slug(doc, owners)
        except LocalizeError as exc:
            stats.errors.append(exc)
            continue
        article = _Article(doc)
        for lang in languages:
            try:
                article.plans[lang] = _article_plan(settings, doc, lang)
            except LocalizeError as exc:
                stats.errors.append(exc)
                continue
            article.decisions[lang] = decide(settings, article.plans[lang])
        articles.append(article)
    return articles


def _article_plan(settings: Settings, doc: Document, lang: Language) -> Plan:
    is_source = lang == settings.source
    path = po_path(settings, doc.slug, lang)
    po: polib.POFile | None = None
    if not is_source and path.exists():
        po = catalog.load_po(path, settings.display(path))
    return plan([s.text for s in doc.segments], po, lang, is_source=is_source,
                reviewed_only=settings.reviewed_only, display=settings.display(path))


def _chrome(settings: Settings, lang: Language, stats: AssembleStats) -> Chrome:
    chrome, error = load_chrome(settings, lang)
    if error is not None:
        stats.errors.append(error)
    for part in chrome.plans():
        stats.refusals.extend(part.refusals)
    return chrome


def _write_article(settings: Settings, site: Site, article: _Article,
                   chromes: dict[Language, Chrome], formats: Sequence[str],
                   stats: AssembleStats) -> None:
    stats.articles += 1
    published = article.published()
    for lang, decision in article.decisions.items():
        plan_ = article.plans[lang]
        stats.refusals.extend(plan_.refusals)
        stats.pages.append(PageReport(article.doc.slug, lang, decision, dict(plan_.counts()),
                                      plan_.english_count, plan_.uses_machine))
        for suffix in (".html", ".md"):
            if suffix.lstrip(".") not in formats:
                continue
            try:
                target = output_file(settings, lang, article.doc.slug, suffix)
                if not decision.published:
                    _remove(settings, target, stats)
                    continue
                text = (article_page(site, article.doc, lang, plan_, chromes[lang], published)
                        if suffix == ".html" else build_markdown(article.doc, plan_))
                _write(settings, target, text, stats)
            except LocalizeError as exc:
                stats.errors.append(exc)


def _write_indexes(settings: Settings, site: Site, articles: list[_Article],
                   chromes: dict[Language, Chrome], languages: list[Language],
                   stats: AssembleStats, complete: bool) -> None:
    listed: dict[Language, list[Listing]] = {}
    for lang in languages:
        listed[lang] = [Listing(a.doc, a.plans[lang]) for a in _by_date(articles)
                        if lang in a.published()]
    with_pages = [lang for lang in languages if listed[lang]]
    for lang in languages:
        try:
            target = output_file(settings, lang, "index", ".html")
            if lang in with_pages:
                _write(settings, target, language_index(site, lang, listed[lang], chromes[lang],
                                                        with_pages), stats)
            elif complete:
                _remove(settings, target, stats)
        except LocalizeError as exc:
            stats.errors.append(exc)
    css = files("pipeline.assemble").joinpath(STYLESHEET).read_text(encoding="utf-8")
    try:
        _write(settings, settings.confine(settings.output_path / STYLESHEET), css, stats)
        root = settings.confine(settings.output_path / "index.html")
        _write(settings, root, root_page(site, chromes[settings.source], with_pages), stats)
    except LocalizeError as exc:
        stats.errors.append(exc)
        return
    stats.site_index = settings.display(root)


def _by_date(articles: list[_Article]) -> list[_Article]:
    """Newest first; articles of the same date by slug."""
    by_slug = sorted(articles, key=lambda a: a.doc.slug)
    return sorted(by_slug, key=lambda a: str(a.doc.front_matter.get("date", "")), reverse=True)


def _write(settings: Settings, path: Path, text: str, stats: AssembleStats) -> None:
    if write_text_if_changed(path, text, display=settings.display(path)):
        stats.written.append(settings.display(path))
    else:
        stats.unchanged += 1


def _remove(settings: Settings, path: Path, stats: AssembleStats) -> None:
    if not path.is_file():
        return
    try:
        path.unlink()
    except OSError as exc:
        reason = exc.strerror or exc
        raise OutputError(f"{settings.display(path)}: cannot remove: {reason}") from exc
    stats.removed.append(settings.display(path))
