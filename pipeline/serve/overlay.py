"""What the translator view shows of one page: per segment, its state, texts, findings and place.

Rules:

- A page is ``/<lang.code>/<slug>.html``; its segments are the article's
  (``Document.segments``), numbered as the annotated page numbers its
  elements (``data-l10n``), so the script pairs them without guessing.
- Each segment's entry is read from the PO file as it is now on disk
  (not from the built page), through ``checks.attention``: the verdict
  assemble publishes by, validate's findings, the msgstr line.
- States shown: *reviewed*, *machine* (machine-translated, with the
  engine), *stale*, *fallback* (English shown: untranslated, a
  translator's doubt, machine output withheld), *refused*. Pages in the
  source language have no states.
- A PO file that does not parse gives ``error`` (``file:line: …``) and no
  segments, never an exception.
- ``editor`` is the link for ``file:line``: a template with ``{path}``
  (absolute, URL-quoted) and ``{line}``; ``vscode://file{path}:{line}``
  by default (VS Code and VSCodium open the file at the line).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pipeline.checks.attention import EntryView, catalog_views
from pipeline.checks.verdict import Verdict
from pipeline.errors import LocalizeError
from pipeline.markdown.articles import load_document
from pipeline.markdown.document import Document
from pipeline.po import catalog
from pipeline.project.languages import Language, get_language
from pipeline.project.layout import po_path, source_files
from pipeline.project.settings import Settings

EDITOR = "vscode://file{path}:{line}"
STATES = {
    Verdict.REVIEWED: "reviewed",
    Verdict.MACHINE: "machine",
    Verdict.STALE: "stale",
    Verdict.REFUSED: "refused",
    Verdict.UNTRANSLATED: "fallback",
    Verdict.FUZZY: "fallback",
    Verdict.WITHHELD: "fallback",
}
LABELS = {
    "reviewed": "reviewed",
    "machine": "machine-translated, not reviewed",
    "stale": "stale: the English changed, English shown",
    "fallback": "fallback: English shown",
    "refused": "refused: English shown",
}


@dataclass(frozen=True)
class PagePath:
    """Which article and language a served page is."""

    slug: str
    lang: Language


def page_of(settings: Settings, url_path: str) -> PagePath | None:
    """``/fr/slug.html`` → the page's slug and language; ``None`` for any other page."""
    parts = url_path.strip("/").split("/")
    if len(parts) != 2 or not parts[1].endswith(".html") or parts[1] == "index.html":
        return None
    try:
        lang = get_language(parts[0])
    except LocalizeError:
        return None
    if lang != settings.source and lang not in settings.targets:
        return None
    return PagePath(parts[1][: -len(".html")], lang)


def _document(settings: Settings, slug: str) -> Document | None:
    for path in source_files(settings):
        if path.stem == slug:
            return load_document(settings, path)
    for path in source_files(settings):  # a front-matter slug that is not the file name
        doc = load_document(settings, path, check_sizes=False)
        if doc.slug == slug:
            return doc
    return None


def page_data(settings: Settings, page: PagePath, editor: str = EDITOR) -> dict[str, Any]:
    """The translator view's data for ``page``, as JSON-ready values."""
    try:
        doc = _document(settings, page.slug)
    except LocalizeError as exc:
        return {"error": str(exc), "segments": []}
    if doc is None:
        return {"error": f"no article {page.slug!r} in {settings.source_dir}/", "segments": []}
    if page.lang == settings.source:
        return {"source": True, "segments": []}
    path = po_path(settings, doc.slug, page.lang)
    shown = settings.display(path)
    views: dict[str, EntryView] = {}
    if path.exists():
        try:
            po, layout = catalog.read_po(path, shown, settings.root, page.lang,
                                          settings.skip_checks)
        except LocalizeError as exc:
            return {"error": str(exc), "file": shown, "segments": []}
        views = {view.msgid: view for view in catalog_views(po, layout, page.lang, settings)}
    segments = [_segment(n, segment.text, views.get(segment.text), shown, path, editor)
                for n, segment in enumerate(doc.segments)]
    return {"file": shown, "language": page.lang.code, "segments": segments}


def _segment(number: int, msgid: str, view: EntryView | None, shown: str, path: Path,
             editor: str) -> dict[str, Any]:
    state = STATES[view.verdict] if view else "fallback"
    data: dict[str, Any] = {
        "n": number,
        "state": state,
        "label": LABELS[state] + (f" ({view.engine})" if view and view.engine else ""),
        "english": msgid,
        "translation": view.msgstr if view else "",
        "previous": view.previous_msgid if view else None,
        "refusal": view.refusal if view else None,
        "findings": [f"{f.severity} [{f.check}] {f.message}" for f in view.problems]
        if view else [],
    }
    if view is not None:
        data["where"] = f"{shown}:{view.line}"
        data["href"] = editor.format(path=quote(str(path.resolve())), line=view.line)
    else:
        data["where"] = f"{shown} (no entry: run `localize extract`)"
    return data
