"""The assemble stage: write every edition of every article into ``output/``.

``output/<lang>/<slug>.md`` for the source language and each target
language, directory names as the site labels them (``cn/``). A PO file that
does not exist yet gives an all-English edition; one that is broken stops
that language with ``file:line`` and nothing of it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline import catalog
from pipeline.assemble.markdown import build_markdown
from pipeline.config import Settings
from pipeline.document import Document
from pipeline.errors import LocalizeError
from pipeline.extract import load_document, po_path, source_files
from pipeline.fsutil import write_text_if_changed
from pipeline.languages import Language


@dataclass
class AssembleStats:
    """What one assemble run did."""

    articles: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[LocalizeError] = field(default_factory=list)


def output_file(settings: Settings, lang: Language, slug: str, suffix: str) -> Path:
    return settings.output_path / lang.code / f"{slug}{suffix}"


def assemble(settings: Settings, only: list[str] | None = None) -> AssembleStats:
    """Build the Markdown editions of every article (or those in ``only``)."""
    stats = AssembleStats()
    for path in source_files(settings, only):
        try:
            doc = load_document(settings, path)
        except LocalizeError as exc:
            stats.errors.append(exc)
            continue
        stats.articles += 1
        for lang in [settings.source, *settings.targets]:
            try:
                _write(settings, output_file(settings, lang, doc.slug, ".md"),
                       build_markdown(doc, _translation(settings, doc, lang)), stats)
            except LocalizeError as exc:
                stats.errors.append(exc)
    return stats


def _translation(settings: Settings, doc: Document, lang: Language) -> polib.POFile | None:
    if lang == settings.source:
        return None
    path = po_path(settings, doc.slug, lang)
    return catalog.load_po(path, settings.display(path)) if path.exists() else None


def _write(settings: Settings, path: Path, text: str, stats: AssembleStats) -> None:
    if write_text_if_changed(path, text):
        stats.written.append(settings.display(path))
    else:
        stats.unchanged += 1
