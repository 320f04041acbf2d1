"""status: how complete each article is in each language, as a table or JSON.

Rules:

- Buckets, word counts and *complete* are ``checks.completeness``'s, the
  same figures validate gates on and assemble publishes by: *complete*
  counts each entry by its verdict (``checks.verdict``), whose error-level
  findings come from validate's cache when it checked the same bytes, and
  are checked here otherwise (``checks.findings``).
- The site's own strings (``po/site/``) are listed like an article, ``site``.
- A missing PO file counts as all untranslated (from the template); one that
  cannot be read is reported and left out.
- When the project has a glossary, one line points translators to it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polib

from pipeline.checks import validate_ids
from pipeline.checks.completeness import (
    BUCKETS,
    StatusReport,
    StatusRow,
    Tally,
    judge,
    percent,
    status_data,
    tally,
)
from pipeline.checks.findings import Findings
from pipeline.errors import LocalizeError
from pipeline.markdown.articles import article_slugs
from pipeline.po import catalog
from pipeline.po.marks import marked
from pipeline.project.glossary import load_glossary
from pipeline.project.languages import Language
from pipeline.project.layout import po_path, template_path
from pipeline.project.settings import Settings


def status(
    settings: Settings, only: list[str] | None = None, languages: list[str] | None = None
) -> StatusReport:
    """Completeness of each article (or those in ``only``) in each language."""
    langs = settings.select_targets(languages)
    validate_ids(settings.skip_checks)
    report = StatusReport(languages=langs, reviewed_only=settings.reviewed_only)
    findings = Findings.of(settings)
    try:
        for slug in article_slugs(settings, only, report.errors):
            loaded = _load(settings, template_path(settings, slug), report.errors)
            template = loaded.po if loaded else None
            for lang in langs:
                path = po_path(settings, slug, lang)
                read = _load(settings, path, report.errors, lang) if path.exists() else None
                if read is None and template is None:
                    continue
                shown = settings.display(path)
                po = read.po if read else None
                counts = tally(po, template, _judge(settings, findings, path, lang, read))
                report.rows.append(StatusRow(slug, lang, shown, counts, missing=not path.exists()))
    finally:
        findings.close()
    return report


def _judge(settings: Settings, findings: Findings, path: Path, lang: Language,
           read: catalog.Loaded | None) -> Callable[[polib.POEntry], bool] | None:
    """Whether each entry of the file as ``read`` is published, by its verdict (the findings
    looked up by the digest of the very bytes parsed)."""
    if read is None:
        return None
    entries = [((e.msgctxt, e.msgid), marked(e)) for e in read.po if not e.obsolete]
    errors = findings.of_file(settings.display(path), lang, read.digest, entries,
                              settings.reviewed_only)
    return judge(errors, settings.reviewed_only)


def _load(settings: Settings, path: Path, errors: list[LocalizeError],
          lang: Language | None = None) -> catalog.Loaded | None:
    try:
        return catalog.load_po_with_digest(path, settings.display(path), settings.root, lang,
                                           settings.skip_checks)
    except LocalizeError as exc:
        errors.append(exc)
        return None


def glossary_line(settings: Settings) -> str | None:
    """Where the glossary is and how to read it, when there is one with terms."""
    try:
        found = load_glossary(settings)
    except LocalizeError as exc:
        return f"glossary: {exc}"
    if not found:
        return None
    return (f"glossary: {found.path}, {len(found.terms)} terms to use in every translation; "
            "`localize glossary --lang CODE` lists them")


def render_status_json(status: StatusReport) -> str:
    return json.dumps(status_data(status), ensure_ascii=False, indent=2) + "\n"


def _cell(tally: Tally, bucket: str) -> str:
    entries, words = tally.entries[bucket], tally.words[bucket]
    return f"{entries:>4} {words:>6}w {percent(tally.percent(bucket)):>6}"


def _status_row(article: str, lang: str, tally: Tally, width: int) -> str:
    cells = "  ".join(_cell(tally, bucket) for bucket in BUCKETS)
    return f"{article:<{width}}  {lang:<5} {cells}  {percent(tally.complete):>8}"


def render_status_text(status: StatusReport) -> str:
    names = [r.article for r in status.rows]
    width = max([len("ARTICLE"), len("(all)"), *map(len, names)])
    head = "  ".join(f"{name.upper():<19}" for name in BUCKETS)
    lines = [f"{'ARTICLE':<{width}}  {'LANG':<5} {head}  {'COMPLETE':>8}"]
    for row in status.rows:
        lines.append(_status_row(row.article, row.language.code, row.tally, width))
    if len(set(names)) > 1:
        for code, tally in status.by_language().items():
            lines.append(_status_row("(all)", code, tally, width))
    lines.append(_status_row("(all)", "all", status.overall(), width))
    shown = "reviewed" if status.reviewed_only else "reviewed or machine-translated"
    lines.append(f"entries, English words, share of entries; complete: entries published "
                 f"({shown}, no error-level finding)")
    return "\n".join(line.rstrip() for line in lines) + "\n"
