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
  the merge is redone from the newer file (``po.update``), on the thread
  that writes it, right before the replace.
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
- An article whose source, settings and pipeline version are unchanged and
  whose template and PO files still hold the bytes this stage last wrote is
  skipped without being read further (``runtime.manifest``). Articles to
  do are spread over worker processes (``runtime.parallel``); an entry a
  merge leaves unchanged in a file this stage wrote is not formatted again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline.errors import LocalizeError
from pipeline.extract.site import extract_site
from pipeline.markdown.articles import (
    check_sizes,
    claim_slug,
    known_sizes,
    load_document,
    size_bound,
    text_key,
)
from pipeline.markdown.document import Document
from pipeline.po import catalog, textmerge, update
from pipeline.po.reader import new_entry
from pipeline.project.languages import Language
from pipeline.project.layout import SITE_DOMAIN, po_path, source_files, template_path
from pipeline.project.settings import Settings, settings_digest
from pipeline.runtime.confine import read_inside
from pipeline.runtime.files import WriteBehind
from pipeline.runtime.manifest import Manifest, digest, version
from pipeline.runtime.memory import few_collections
from pipeline.runtime.parallel import map_batches


@dataclass
class ExtractStats:
    """What one extract run did."""

    articles: int = 0
    entries: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[LocalizeError] = field(default_factory=list)

    def add(self, other: ExtractStats) -> None:
        self.articles += other.articles
        self.entries += other.entries
        self.written.extend(other.written)
        self.unchanged += other.unchanged
        self.errors.extend(other.errors)


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
            entry = new_entry(msgid=segment.text, msgstr="", occurrences=[reference], comment=kind)
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
    manifest = Manifest(settings, "extract")
    claimed = _claimed(settings, source_files(settings, only), stats)
    pending = [ArticleJob(path, _written(manifest, settings, path))
               for path in claimed.paths if not _replay(settings, manifest, path, stats)]
    dones = map_batches(extract_batch, settings, pending, [_size(job.path) for job in pending])
    late: list[tuple[int, list[LocalizeError]]] = []
    for job, done in zip(pending, dones, strict=True):
        if job.path in claimed.unchecked and not done.stats.articles and done.stats.errors:
            # a source that does not load: reported where the claim would have reported it
            late.append((claimed.unchecked[job.path], done.stats.errors))
            continue
        stats.add(done.stats)
        if done.record is not None:
            key, inputs, outputs, data = done.record
            manifest.record(key, inputs, outputs, data, digests=done.digests(outputs))
            known_sizes(settings)[str(data["text"])] = int(data["longest"])
    shift = 0
    for position, errors in late:
        stats.errors[position + shift:position + shift] = errors
        shift += len(errors)
    if stats.articles:
        _extract_site(settings, manifest, stats)
    manifest.save()
    return stats


@dataclass
class _Claimed:
    """The sources that go on to extraction, in order."""

    paths: list[Path] = field(default_factory=list)
    unchecked: dict[Path, int] = field(default_factory=dict)
    """Sources whose segment sizes the worker checks (no other source wants their slug), and
    where in the errors their load error goes."""


def _claimed(settings: Settings, paths: list[Path], stats: ExtractStats) -> _Claimed:
    """The sources whose slug no earlier one has; the others are errors (``claim_slug``).

    A source that may hold a segment over the size limit is only known to
    load once its body is parsed; when no other source has its slug, that
    parse (and the error, if any) is left to the worker that extracts it,
    instead of being done twice, once here on one core.
    """
    loaded: list[tuple[Path, Document | LocalizeError]] = []
    for path in paths:
        try:
            loaded.append((path, load_document(settings, path, check_sizes=False)))
        except LocalizeError as exc:
            loaded.append((path, exc))
    slugs = Counter(doc.slug for _, doc in loaded if isinstance(doc, Document))
    owners: dict[str, Path] = {}
    claimed = _Claimed()
    for path, doc in loaded:
        try:
            if isinstance(doc, LocalizeError):
                raise doc
            if size_bound(settings, doc) > settings.max_segment_chars:
                if slugs[doc.slug] == 1:
                    claimed.unchecked[path] = len(stats.errors)
                else:
                    check_sizes(doc, settings.max_segment_chars)
            claim_slug(doc, owners)
        except LocalizeError as exc:
            stats.errors.append(exc)
            continue
        claimed.paths.append(path)
    return claimed


@dataclass(frozen=True)
class ArticleJob:
    """One article to extract, with the digests of the files this stage last wrote for it."""

    path: Path
    written: dict[str, str | None] = field(default_factory=dict)


@dataclass
class ArticleDone:
    """What extracting one article did, and its manifest record when it went well."""

    stats: ExtractStats
    record: tuple[str, str, list[Path], dict[str, int | str]] | None = None
    finals: dict[str, str] = field(default_factory=dict)
    """Path → digest of what each file written (or left as it was) holds at the end: the
    manifest records these, never a later read, which could take a translator's save
    (made since) for this stage's output."""

    def digests(self, paths: list[Path]) -> list[str | None] | None:
        """The digests of ``paths`` in ``finals``; ``None`` if one is not known."""
        found = [self.finals.get(str(path)) for path in paths]
        return None if None in found else found


def extract_article(settings: Settings, job: ArticleJob | Path) -> ArticleDone:
    """Extract one source file."""
    return extract_batch(settings, (job if isinstance(job, ArticleJob) else ArticleJob(job),))[0]


def extract_batch(settings: Settings, batch: tuple[ArticleJob, ...]) -> list[ArticleDone]:
    """Extract a few source files (the unit of work of a worker process).

    Each article's files are written on threads while the next one is
    extracted; all are on disk, and their failures counted, when this returns.
    """
    started: list[tuple[ArticleDone, WriteBehind]] = []
    try:
        # parsing makes hundreds of thousands of objects that die by reference counting
        with few_collections(None):
            for job in batch:
                behind = WriteBehind()
                try:
                    started.append((_extract_article(settings, job, behind), behind))
                except BaseException:
                    behind.wait()
                    raise
    finally:
        for done, behind in started:
            done.stats.unchanged += behind.finish(done.stats.written, done.stats.errors)
            if done.stats.errors:
                done.record = None
    return [done for done, _ in started]


def _extract_article(settings: Settings, job: ArticleJob, behind: WriteBehind) -> ArticleDone:
    """Extract one article, its writes left running on ``behind`` for the caller to wait for."""
    path = job.path
    stats = ExtractStats()
    done = ArticleDone(stats)
    try:
        inputs = _inputs(settings, path, read_inside(settings.root, path))
    except (OSError, LocalizeError):
        inputs = None  # load_document reports it
    try:
        doc = load_document(settings, path)
        pot = extract_one(settings, doc, stats, job.written, behind, done.finals)
    except LocalizeError as exc:
        stats.errors.append(exc)
        return done
    if stats.errors or inputs is None:
        return done
    template, po_paths = _article_paths(settings, doc.slug)
    outputs = [template, *po_paths.values()]
    longest = max((len(segment.text) for segment in doc.segments), default=0)
    data: dict[str, int | str] = {"entries": len(pot), "longest": longest,
                                  "text": text_key(doc)}
    done.record = (_key(settings, path), inputs, outputs, data)
    return done


def _key(settings: Settings, path: Path) -> str:
    return f"article:{settings.display(path)}"


def _inputs(settings: Settings, path: Path, source: bytes) -> str:
    return digest(version(), settings_digest(settings), settings.display(path), source)


def _written(manifest: Manifest, settings: Settings, path: Path) -> dict[str, str | None]:
    """Project-relative name → digest of each file the last extract of ``path`` wrote."""
    record = manifest.records.get(_key(settings, path))
    outputs = record.get("outputs") if isinstance(record, dict) else None
    return dict(outputs) if isinstance(outputs, dict) else {}


def _replay(settings: Settings, manifest: Manifest, path: Path, stats: ExtractStats) -> bool:
    """Count an article whose outputs are up to date as done; False if it needs the work."""
    try:
        inputs = _inputs(settings, path, read_inside(settings.root, path))
    except (OSError, LocalizeError):
        return False
    record = manifest.fresh(_key(settings, path), inputs)
    if record is None:
        return False
    stats.articles += 1
    stats.entries += int(record["data"].get("entries", 0))
    stats.unchanged += len(record["outputs"])
    return True


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _extract_site(settings: Settings, manifest: Manifest, stats: ExtractStats) -> None:
    """The site's own strings are a PO domain too (``po/site/``), kept up to date here."""
    inputs = digest(version(), settings_digest(settings))
    record = manifest.fresh("site", inputs)
    if record is not None:
        stats.unchanged += len(record["outputs"])
        return
    site = extract_site(settings)
    stats.written.extend(site.written)
    stats.unchanged += site.unchanged
    stats.errors.extend(site.errors)
    if not site.errors:
        outputs = [template_path(settings, SITE_DOMAIN),
                   *(po_path(settings, SITE_DOMAIN, lang) for lang in settings.targets)]
        manifest.record("site", inputs, outputs)


def extract_one(settings: Settings, doc: Document, stats: ExtractStats,
                written: dict[str, str | None] | None = None,
                behind: WriteBehind | None = None,
                finals: dict[str, str] | None = None) -> polib.POFile:
    """Write the POT of ``doc`` and merge it into each language's PO file.

    ``written``: digests of the files this stage wrote last time, by
    project-relative name; an unchanged one need not be formatted again.
    ``behind``: let the disk writes run in the background (``files.WriteBehind``).
    ``finals``: gets path → digest of what each file holds once its write is done.
    """
    stats.articles += 1
    path, po_paths = _article_paths(settings, doc.slug)
    template = _stable_template(settings, doc, path)
    stats.entries += len(template.pot)
    text = template.render()
    # with languages to merge into, a failure stops the article: no writing behind
    _count(settings, path, catalog.save_text(text, path, settings.display(path),
                                             None if settings.targets else behind,
                                             settings.root), stats)
    if finals is not None:
        finals[str(path)] = digest(text.encode("utf-8"))
    info = header_info(settings, doc)
    for lang in settings.targets:
        try:
            _update_translation(settings, template, po_paths[lang.code], lang, info, stats,
                                written or {}, behind, finals)
        except LocalizeError as exc:
            stats.errors.append(exc)
    return template.pot


def _article_paths(settings: Settings, slug: str) -> tuple[Path, dict[str, Path]]:
    """The template's path and each language's PO path (``template_path``, ``po_path``),
    their common folder checked once (``Settings.confine`` resolves every folder on the way)."""
    template = template_path(settings, slug)
    return template, {lang.code: template.parent / lang.po_filename for lang in settings.targets}


def _stable_template(settings: Settings, doc: Document, path: Path) -> textmerge.Template:
    """The new POT, keeping the old creation date unless its entries changed.

    Its entries are formatted once, for the template and every language's merge;
    when rebuilding it with the date on disk gives the same bytes (nothing
    changed), the old file need not be parsed.
    """
    info = header_info(settings, doc)
    template = textmerge.Template.of(build_template(doc, info, ""))
    metadata = template.pot.metadata
    try:
        text: str | None = read_inside(settings.root, path).decode("utf-8")
    except (OSError, UnicodeDecodeError, LocalizeError):
        text = None
    if text is not None:
        header_end = text.find("\n\n")
        found = _CREATION_DATE.search(text, 0, header_end if header_end >= 0 else len(text))
        if found is not None:
            metadata["POT-Creation-Date"] = found.group(1)
            if template.render() == text:
                return template
    old = _existing_template(settings, path)
    created = old.metadata.get("POT-Creation-Date") if old is not None else None
    metadata["POT-Creation-Date"] = created or catalog.creation_stamp()
    if created and _entries(old) != _entries(template.pot):
        metadata["POT-Creation-Date"] = catalog.creation_stamp()
    return template


_CREATION_DATE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


def _existing_template(settings: Settings, path: Path) -> polib.POFile | None:
    if not path.is_file():
        return None
    try:
        return catalog.load_po(path, root=settings.root)
    except LocalizeError:
        return None


def _entries(pot: polib.POFile | None) -> list[tuple[object, ...]]:
    if pot is None:
        return []
    return [(e.msgctxt, e.msgid, e.comment, tuple(e.occurrences)) for e in pot]


def _update_translation(
    settings: Settings,
    template: textmerge.Template,
    path: Path,
    lang: Language,
    info: catalog.HeaderInfo,
    stats: ExtractStats,
    written: dict[str, str | None],
    behind: WriteBehind | None,
    finals: dict[str, str] | None = None,
) -> None:
    shown = settings.display(path)
    ours = written.get(shown)
    pot = template.pot

    def merged(old: polib.POFile | None) -> polib.POFile:
        return catalog.merge(old or catalog.new_translation(pot, lang, info), pot)

    def as_text(old: str | None) -> str | None:
        if old is None:
            return textmerge.new_text(template, catalog.new_translation(pot, lang, info))
        return textmerge.merge_text(old, template)

    def we_wrote(raw: bytes) -> bool:
        return ours is not None and digest(raw) == ours

    def done(data: bytes) -> None:
        if finals is not None:
            finals[str(path)] = digest(data)

    _count(settings, path,
           update.update_po(path, shown, merged, we_wrote, behind, as_text=as_text,
                             root=settings.root, done=done, lang=lang,
                             skip=settings.skip_checks), stats)


def _count(settings: Settings, path: Path, written: bool, stats: ExtractStats) -> None:
    if written:
        stats.written.append(settings.display(path))
    else:
        stats.unchanged += 1
