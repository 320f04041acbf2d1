"""review: per language, every entry that needs a person, with its text and ``file:line``.

What ``msgattrib --only-fuzzy`` and ``pofilter`` give a translator, in the
project's own terms.

Rules:

- Files: each article's PO file in each selected language, then the site's
  own strings (``po/site/``). A missing file is skipped (``status`` counts
  it); a broken one is reported as ``file:line`` and skipped.
- An entry is listed when ``checks.attention`` says it needs a person:
  machine output nobody reviewed, stale (with the English it was
  translated from and the English now), a translator's doubt, refused
  (with why), untranslated, withheld, or a check finding something. Each
  comes with its English, its translation and ``file:line`` (the msgstr
  line), and every finding.
- Output: text grouped by language (colour only when the caller paints it:
  the CLI does so on a terminal), or JSON with the texts in full.
- Nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline.checks.attention import EntryView, catalog_views, shorten
from pipeline.checks.verdict import Verdict
from pipeline.errors import LocalizeError
from pipeline.markdown.articles import article_slugs
from pipeline.po import catalog
from pipeline.project.languages import Language
from pipeline.project.layout import po_path
from pipeline.project.settings import Settings

Paint = Callable[..., str]
"""``click.style``'s signature: text and colour keywords; the identity when not a terminal."""

KINDS = ("machine", "stale", "fuzzy", "refused", "untranslated", "withheld", "check")
_KIND = {
    Verdict.MACHINE: "machine",
    Verdict.STALE: "stale",
    Verdict.FUZZY: "fuzzy",
    Verdict.REFUSED: "refused",
    Verdict.UNTRANSLATED: "untranslated",
    Verdict.WITHHELD: "withheld",
}
_COLOUR = {"machine": "yellow", "stale": "magenta", "fuzzy": "yellow", "refused": "red",
           "untranslated": "blue", "withheld": "yellow", "check": "red"}
TEXT_WIDTH = 300
"""Characters of English or translation shown in the text report (JSON has them whole)."""


@dataclass(frozen=True)
class ReviewItem:
    """One entry that needs a person."""

    language: Language
    path: str
    view: EntryView

    @property
    def kind(self) -> str:
        return _KIND.get(self.view.verdict, "check")

    @property
    def location(self) -> str:
        return f"{self.path}:{self.view.line}"


@dataclass
class ReviewReport:
    """What needs a person, language by language."""

    languages: list[Language]
    items: list[ReviewItem] = field(default_factory=list)
    errors: list[LocalizeError] = field(default_factory=list)

    def of(self, lang: Language) -> list[ReviewItem]:
        return [item for item in self.items if item.language == lang]


def review(settings: Settings, only: list[str] | None = None,
           languages: list[str] | None = None, kinds: tuple[str, ...] = ()) -> ReviewReport:
    """The entries of every article (or those in ``only``) that need a person.

    ``kinds``: only entries of these kinds (``KINDS``); all when empty.
    """
    langs = settings.select_targets(languages)
    report = ReviewReport(langs)
    slugs = article_slugs(settings, only, report.errors)
    for lang in langs:
        for slug in slugs:
            _review_file(settings, slug, lang, report, kinds)
    return report


def _review_file(settings: Settings, slug: str, lang: Language, report: ReviewReport,
                 kinds: tuple[str, ...]) -> None:
    path = po_path(settings, slug, lang)
    if not path.exists():
        return
    shown = settings.display(path)
    try:
        po, layout = catalog.read_po(path, shown, settings.root, lang, settings.skip_checks)
    except LocalizeError as exc:
        report.errors.append(exc)
        return
    for view in catalog_views(po, layout, lang, settings):
        item = ReviewItem(lang, shown, view)
        if view.needs_person and (not kinds or item.kind in kinds):
            report.items.append(item)


def _plain(text: str, **_: Any) -> str:
    return text


def render_review_text(report: ReviewReport, paint: Paint = _plain) -> str:
    """Per language: a heading, then each entry with its texts and findings."""
    lines: list[str] = []
    for lang in report.languages:
        items = report.of(lang)
        noun = "entry needs" if len(items) == 1 else "entries need"
        heading = f"{lang.code} ({lang.english_name}): {len(items)} {noun} you"
        lines.append(paint(heading, bold=True))
        for item in items:
            lines.extend(_item_lines(item, paint))
        lines.append("")
    counts = {kind: sum(1 for i in report.items if i.kind == kind) for kind in KINDS}
    detail = ", ".join(f"{kind} {n}" for kind, n in counts.items() if n)
    lines.append(f"{len(report.items)} entries need a person" + (f" ({detail})" if detail else ""))
    return "\n".join(lines) + "\n"


def _item_lines(item: ReviewItem, paint: Paint) -> list[str]:
    view = item.view
    label = item.kind + (f" ({view.engine})" if view.engine else "")
    lines = [f"{paint(item.location, bold=True)}  {paint(label, fg=_COLOUR[item.kind])}"]
    if view.previous_msgid is not None:
        lines.append(f"  was: {shorten(view.previous_msgid, TEXT_WIDTH)}")
    lines.append(f"  en:  {shorten(view.msgid, TEXT_WIDTH)}")
    translation = shorten(view.msgstr, TEXT_WIDTH) if view.msgstr else "(no translation)"
    lines.append(f"  {item.language.code + ':':<4} {translation}")
    if view.refusal:
        lines.append(f"  refused: {view.refusal}")
    for finding in view.problems:
        colour = "red" if finding.severity == "error" else "yellow"
        lines.append(f"  {paint(str(finding.severity), fg=colour)} [{finding.check}] "
                     f"{finding.message}")
    return lines


def render_review_json(report: ReviewReport) -> str:
    """Every entry with its texts in full, by language."""
    data = {
        "languages": [
            {"language": lang.code, "entries": [_item_json(i) for i in report.of(lang)]}
            for lang in report.languages
        ],
        "total": len(report.items),
        "errors": [str(error) for error in report.errors],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _item_json(item: ReviewItem) -> dict[str, Any]:
    view = item.view
    return {
        "file": item.path,
        "line": view.line,
        "kind": item.kind,
        "engine": view.engine,
        "msgid": view.msgid,
        "previous_msgid": view.previous_msgid,
        "msgstr": view.msgstr,
        "refusal": view.refusal,
        "findings": [{"check": f.check, "severity": str(f.severity), "message": f.message}
                     for f in view.problems],
    }
