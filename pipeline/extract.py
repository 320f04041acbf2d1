"""extract: English Markdown in ``source/`` → ``po/<slug>/<slug>.pot`` and one PO per language.

Rules:

- A segment becomes one POT entry; the same text twice in one article is
  one entry with both references (as xgettext does).
- The template's creation date changes only when its entries change, and
  a file is rewritten only when its bytes change: a second run on the same
  input touches nothing.
- Existing PO files are updated with ``catalog.merge``; new ones are
  created with the right header for their language. A PO file that cannot
  be parsed stops the run for that file with ``file:line`` and is left as is.
- The site's own strings (``po/site/``, see ``assemble.chrome``) are updated
  the same way whenever at least one article was extracted; ``site`` is
  therefore not a valid slug.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib

from pipeline import catalog
from pipeline.assemble.chrome import DOMAIN as SITE_DOMAIN
from pipeline.assemble.chrome import extract_site
from pipeline.config import Settings
from pipeline.document import Document, parse_file
from pipeline.errors import LocalizeError, SourceError
from pipeline.languages import Language


@dataclass
class ExtractStats:
    """What one extract run did."""

    articles: int = 0
    entries: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[LocalizeError] = field(default_factory=list)


def source_files(settings: Settings, only: list[str] | None = None) -> list[Path]:
    """The Markdown sources of the project, sorted; ``only`` restricts to these slugs or paths."""
    folder = settings.source_path
    if not folder.is_dir():
        raise SourceError(
            settings.display(folder), "source folder not found; create it and add .md files"
        )
    files = sorted(p for p in folder.glob("**/*.md") if p.is_file())
    if only:
        wanted = {Path(o).stem for o in only}
        files = [p for p in files if p.stem in wanted]
        missing = wanted - {p.stem for p in files}
        if missing:
            raise SourceError(settings.display(folder), f"no article named {sorted(missing)[0]!r}")
    return files


def load_document(settings: Settings, path: Path) -> Document:
    """Parse one source file, naming it relative to the project in messages and references."""
    doc = parse_file(path, settings.display(path), settings.front_matter_fields)
    _check_slug(doc)
    return doc


def _check_slug(doc: Document) -> None:
    slug = doc.slug
    if not slug or slug in {".", ".."} or "/" in slug or "\\" in slug or slug.startswith("."):
        line = next((i + 1 for i, text in enumerate(doc.source.splitlines())
                     if text.startswith("slug:")), None)
        raise SourceError(
            doc.path, f"slug {slug!r} is not a plain file name; use letters, digits and -", line
        )
    if slug == SITE_DOMAIN:
        raise SourceError(
            doc.path, f"slug {slug!r} is reserved for the site's own strings; choose another", 2)


def template_path(settings: Settings, slug: str) -> Path:
    return settings.po_path / slug / f"{slug}.pot"


def po_path(settings: Settings, slug: str, lang: Language) -> Path:
    return settings.po_path / slug / lang.po_filename


def header_info(settings: Settings, doc: Document) -> catalog.HeaderInfo:
    title = doc.front_matter.get("title")
    return catalog.HeaderInfo(
        project=f"{settings.project_name} {doc.slug}".strip(),
        bugs_address=settings.bugs_address,
        title=f"“{title}”" if isinstance(title, str) else doc.slug,
    )


def build_template(doc: Document, info: catalog.HeaderInfo, created: str) -> polib.POFile:
    """The POT of one document, entries in document order."""
    pot = catalog.new_template(info, created)
    by_text: dict[str, polib.POEntry] = {}
    for segment in doc.segments:
        reference = (doc.path.as_posix(), str(segment.line))
        kind = f"type: {segment.kind}"
        entry = by_text.get(segment.text)
        if entry is None:
            entry = polib.POEntry(
                msgid=segment.text, msgstr="", occurrences=[reference], comment=kind
            )
            by_text[segment.text] = entry
            pot.append(entry)
        else:
            if reference not in entry.occurrences:
                entry.occurrences.append(reference)
            if kind not in entry.comment.split("\n"):
                entry.comment += "\n" + kind
    return pot


def extract(settings: Settings, only: list[str] | None = None) -> ExtractStats:
    """Run the extract stage over every source article (or those in ``only``)."""
    stats = ExtractStats()
    for path in source_files(settings, only):
        try:
            extract_one(settings, load_document(settings, path), stats)
        except LocalizeError as exc:
            stats.errors.append(exc)
    if stats.articles:
        _extract_site(settings, stats)
    return stats


def _extract_site(settings: Settings, stats: ExtractStats) -> None:
    """The site's own strings are a PO domain too (``po/site/``), kept up to date here."""
    site = extract_site(settings)
    stats.written.extend(site.written)
    stats.unchanged += site.unchanged
    stats.errors.extend(site.errors)


def extract_one(settings: Settings, doc: Document, stats: ExtractStats) -> polib.POFile:
    """Write the POT of ``doc`` and merge it into each language's PO file."""
    stats.articles += 1
    pot = _stable_template(settings, doc)
    stats.entries += len(pot)
    _save(settings, pot, template_path(settings, doc.slug), stats)
    info = header_info(settings, doc)
    for lang in settings.targets:
        try:
            _update_translation(settings, pot, doc, lang, info, stats)
        except LocalizeError as exc:
            stats.errors.append(exc)
    return pot


def _stable_template(settings: Settings, doc: Document) -> polib.POFile:
    """The new POT, keeping the old creation date unless its entries changed."""
    path = template_path(settings, doc.slug)
    info = header_info(settings, doc)
    old = _existing_template(path)
    created = old.metadata.get("POT-Creation-Date") if old is not None else None
    pot = build_template(doc, info, created or _creation_stamp())
    if created and _entries(old) != _entries(pot):
        pot.metadata["POT-Creation-Date"] = _creation_stamp()
    return pot


def _existing_template(path: Path) -> polib.POFile | None:
    if not path.is_file():
        return None
    try:
        return catalog.load_po(path)
    except LocalizeError:
        return None


def _entries(pot: polib.POFile | None) -> list[tuple[object, ...]]:
    if pot is None:
        return []
    return [(e.msgctxt, e.msgid, e.comment, tuple(e.occurrences)) for e in pot]


def _creation_stamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d %H:%M+0000")
    return catalog.now_stamp()


def _update_translation(
    settings: Settings,
    pot: polib.POFile,
    doc: Document,
    lang: Language,
    info: catalog.HeaderInfo,
    stats: ExtractStats,
) -> None:
    path = po_path(settings, doc.slug, lang)
    if path.exists():
        old = catalog.load_po(path, settings.display(path))
    else:
        old = catalog.new_translation(pot, lang, info)
    _save(settings, catalog.merge(old, pot), path, stats)


def _save(settings: Settings, po: polib.POFile, path: Path, stats: ExtractStats) -> None:
    if catalog.save_po(po, path):
        stats.written.append(settings.display(path))
    else:
        stats.unchanged += 1
