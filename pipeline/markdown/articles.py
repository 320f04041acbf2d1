"""The project's articles: Markdown sources loaded as documents, with their slugs checked.

Rules:

- A slug (``slug:`` in the front matter, else the file name) is a plain
  file name of letters, digits, ``_ . -``, so no article can write outside
  its folders (``../x``, ``/etc/passwd``), and no name the pipeline
  generates (``layout.reserved_slug``: ``index``, ``static``, ``site``, the
  language codes), so no article replaces a generated page or folder. Both
  errors point at the ``slug:`` line, or line 1 for a slug from the file
  name. Two articles with the same slug would share (and overwrite) each
  other's catalogs: the second is an error (``claim_slug``).
- Size limits (settings ``max_source_bytes``, ``max_segment_chars``) keep
  a pathological source (megabytes of ``[`` in one paragraph) from costing
  minutes in every stage: over them, the article is an error naming the
  file and line. Most documents are known to be under the limit without
  parsing their body (``size_bound``): from extract's manifest, or from the
  longest run of lines without a blank one.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import LocalizeError, SourceError
from pipeline.markdown.document import Document, parse_file
from pipeline.project.layout import SITE_DOMAIN, reserved_slug, source_files, template_path
from pipeline.project.settings import Settings
from pipeline.runtime.manifest import Manifest, digest, version

_SLUG = re.compile(r"\w[\w.-]*")
"""A slug is a file name: letters, digits, _ . -, not starting with a dot (or a dash)."""
_SLUG_BYTES = 200


def load_document(settings: Settings, path: Path, *, check_sizes: bool = True) -> Document:
    """Parse one source file, naming it relative to the project in messages and references.

    ``check_sizes=False`` leaves ``check_segment_sizes`` to the caller.
    """
    doc = parse_file(path, settings.display(path), settings.front_matter_fields,
                     settings.max_source_bytes, settings.root)
    _check_slug(doc)
    if check_sizes:
        check_segment_sizes(settings, doc)
    return doc


def check_segment_sizes(settings: Settings, doc: Document) -> None:
    """``SourceError`` for a segment over ``max_segment_chars`` (the body is parsed if need be)."""
    if size_bound(settings, doc) > settings.max_segment_chars:
        check_sizes(doc, settings.max_segment_chars)


def size_bound(settings: Settings, doc: Document) -> int:
    """A bound on the length of ``doc``'s segments known without parsing its body.

    The exact longest segment when an earlier extract recorded it for this
    very text (and code and front-matter fields), else twice the longest run
    of lines without a blank one (``_longest_block``).
    """
    known = known_sizes(settings).get(text_key(doc))
    return known if known is not None else 2 * _longest_block(doc.source)


def text_key(doc: Document) -> str:
    return digest(version(), ",".join(doc.text_fields), doc.source)


def known_sizes(settings: Settings) -> dict[str, int]:
    """Text key → longest segment, from the extract manifest (read once per process)."""
    where = str(settings.cache_path)
    if where not in _SIZES:
        sizes = _SIZES[where] = {}
        for record in Manifest(settings, "extract").records.values():
            data = record.get("data") if isinstance(record, dict) else None
            if isinstance(data, dict) and isinstance(data.get("longest"), int):
                sizes[str(data.get("text"))] = data["longest"]
    return _SIZES[where]


_SIZES: dict[str, dict[str, int]] = {}


_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def _longest_block(source: str) -> int:
    """Characters in the longest run of lines without a blank one (front matter: all of it).

    No segment is longer than twice the run it comes from (a reference
    ``[a]`` is written ``[a][a]``), so below half the limit no segment can
    be over it, and the body need not be parsed to know.
    """
    longest = max((len(block) for block in _BLANK_LINE.split(source)), default=0)
    if source.startswith("-"):
        longest = max(longest, len(source.split("\n---", 1)[0]), source.find("\n...") + 1)
    return longest


def check_sizes(doc: Document, limit: int) -> None:
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
    from_key = doc.front_matter.get("slug") == slug
    line = doc.key_lines.get("slug", 1) if from_key else 1
    origin = "" if from_key else " (from the file name)"
    fix = "change `slug:`" if from_key else "add `slug: another-name` to the front matter"
    if not _SLUG.fullmatch(slug) or len(slug.encode("utf-8")) > _SLUG_BYTES:
        raise SourceError(doc.path, f"slug {_short(slug)!r}{origin} is not a plain file name; "
                          "use letters, digits and - (at most 200 bytes)", line)
    why = reserved_slug(slug)
    if why is not None:
        raise SourceError(doc.path, f"slug {slug!r}{origin} is reserved: {why}; {fix}", line)


def claim_slug(doc: Document, owners: dict[str, Path]) -> None:
    """Record that ``doc`` owns its slug; two articles with one slug would share PO files."""
    other = owners.setdefault(doc.slug, doc.path)
    if other != doc.path:
        raise SourceError(doc.path, f"slug {doc.slug!r} is already used by {other}; "
                          "give one of them another slug")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def article_slugs(
    settings: Settings, only: list[str] | None, errors: list[LocalizeError]
) -> list[str]:
    """The catalogs to look at: the articles' slugs (all, or those in ``only``), then the
    site's own strings when their template exists (and ``only`` names ``site`` or nothing).
    Unreadable sources go to ``errors``."""
    articles = [name for name in only or [] if name != SITE_DOMAIN]
    slugs = []
    if not only or articles:
        for path in source_files(settings, articles or None):
            try:
                slugs.append(load_document(settings, path).slug)
            except LocalizeError as exc:
                errors.append(exc)
    wants_site = not only or SITE_DOMAIN in only
    if wants_site and template_path(settings, SITE_DOMAIN).is_file():
        slugs.append(SITE_DOMAIN)
    return slugs
