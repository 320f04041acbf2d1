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
  A PO file a translator saves while it is being merged is not overwritten:
  the merge is redone from the newer file (``catalog.update_po``).
- The site's own strings (``po/site/``, see ``assemble.chrome``) are updated
  the same way whenever at least one article was extracted; ``site`` is
  therefore not a valid slug.
- Size limits (settings ``max_source_bytes``, ``max_segment_chars``) keep
  a pathological source (megabytes of ``[`` in one paragraph) from costing
  minutes in every stage: over them, the article is an error naming the
  file and line.
- A slug (``slug:`` in the front matter, else the file name) is a plain
  file name of letters, digits, ``_ . -``, so no article can write outside
  its folders (``../x``, ``/etc/passwd``); every path is also checked to
  stay inside the project (``Settings.confine``). Two articles with the
  same slug would share (and overwrite) each other's catalogs: the second
  is an error.
"""

from __future__ import annotations

import os
import re
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

_SLUG = re.compile(r"\w[\w.-]*")
"""A slug is a file name: letters, digits, _ . -, not starting with a dot (or a dash)."""
_SLUG_BYTES = 200


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
    doc = parse_file(
        path, settings.display(path), settings.front_matter_fields, settings.max_source_bytes
    )
    _check_slug(doc)
    _check_sizes(doc, settings.max_segment_chars)
    return doc


def _check_sizes(doc: Document, limit: int) -> None:
    for segment in doc.segments:
        if len(segment.text) > limit:
            raise SourceError(
                doc.path,
                f"{segment.kind.lower()} of {len(segment.text):,} characters, over the limit "
                f"of {limit:,} (a pasted data: URL?); split it, or raise max_segment_chars",
                segment.line,
            )


def _check_slug(doc: Document) -> None:
    slug = doc.slug
    if not _SLUG.fullmatch(slug) or len(slug.encode("utf-8")) > _SLUG_BYTES:
        line = next((i + 1 for i, text in enumerate(doc.source.splitlines())
                     if text.startswith("slug:")), None)
        raise SourceError(doc.path, f"slug {_short(slug)!r} is not a plain file name; "
                          "use letters, digits and - (at most 200 bytes)", line)
    if slug == SITE_DOMAIN:
        raise SourceError(
            doc.path, f"slug {slug!r} is reserved for the site's own strings; choose another", 2)


def claim_slug(doc: Document, owners: dict[str, Path]) -> None:
    """Record that ``doc`` owns its slug; two articles with one slug would share PO files."""
    other = owners.setdefault(doc.slug, doc.path)
    if other != doc.path:
        raise SourceError(doc.path, f"slug {doc.slug!r} is already used by {other}; "
                          "give one of them another slug")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def template_path(settings: Settings, slug: str) -> Path:
    return settings.confine(settings.po_path / slug / f"{slug}.pot")


def po_path(settings: Settings, slug: str, lang: Language) -> Path:
    return settings.confine(settings.po_path / slug / lang.po_filename)


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
    # (msgid, reference or kind) pairs already added: a set, as a table of 100,000
    # identical cells must not make this quadratic.
    seen: set[tuple[str, tuple[str, str] | str]] = set()
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
            if (segment.text, reference) not in seen:
                entry.occurrences.append(reference)
            if (segment.text, kind) not in seen:
                entry.comment += "\n" + kind
        seen.update(((segment.text, reference), (segment.text, kind)))
    return pot


def extract(settings: Settings, only: list[str] | None = None) -> ExtractStats:
    """Run the extract stage over every source article (or those in ``only``)."""
    stats = ExtractStats()
    owners: dict[str, Path] = {}
    for path in source_files(settings, only):
        try:
            doc = load_document(settings, path)
            claim_slug(doc, owners)
            extract_one(settings, doc, stats)
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

    def merged(old: polib.POFile | None) -> polib.POFile:
        return catalog.merge(old or catalog.new_translation(pot, lang, info), pot)

    _count(settings, path, catalog.update_po(path, settings.display(path), merged), stats)


def _save(settings: Settings, po: polib.POFile, path: Path, stats: ExtractStats) -> None:
    _count(settings, path, catalog.save_po(po, path, display=settings.display(path)), stats)


def _count(settings: Settings, path: Path, written: bool, stats: ExtractStats) -> None:
    if written:
        stats.written.append(settings.display(path))
    else:
        stats.unchanged += 1
