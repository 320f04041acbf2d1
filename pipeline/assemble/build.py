"""The assemble stage: write every published edition of every article into ``output/``.

Rules:

- ``output/<lang.code>/<slug>.md`` and ``.html`` (directory names as the
  site labels them, ``cn/``), ``output/<lang.code>/index.html`` per language
  with at least one published article, ``output/index.html`` to pick a
  language, ``output/static/site.css`` (the project's own
  ``templates_dir/site.css`` when it has one) and the logo beside it.
  ``formats`` picks HTML, Markdown or both. The local files an article
  refers to are copied once into ``output/`` (``assets``).
- What each page shows is decided by ``policy`` (``reviewed_only``,
  ``fallback``, ``min_complete``…) from each entry's verdict, the one
  validate reports (``checks.verdict``; the error-level findings come from
  validate's cache when it checked the same bytes, else the checks run
  here: ``checks.findings``), and reported per page in the stats, with
  every refused msgstr and why; a language that is not published has no
  pages, and pages of it left by an earlier run are removed.
- ``preview``: every language published, pseudo-localization shown, as a
  standalone site with relative links only, into ``<output_dir>/_preview/``
  (for a generator layout, ``_preview/`` in the project folder, where the
  generator does not look); the site itself is not touched.
- A PO file that does not exist yet gives an all-English edition; one that
  is broken stops that language of that article with ``file:line`` and
  nothing of it is written. A broken site-strings PO gives English chrome.
- Files are rewritten only when their bytes change, atomically
  (``runtime.files``), and only inside the project (``Settings.confine``: a
  symbolic link in ``output/`` that leads out of it is an error). A file
  that cannot be written (read-only folder, full disk) is an error naming
  it; the other files are still written and the old file stays as it was.
- An article whose source, PO files, site strings, settings and formats
  are unchanged and whose pages still hold the bytes this stage wrote is
  not built again: its report and index entries come from the manifest
  (``runtime.manifest``, ``summary``); the same goes for the index pages.
  Articles to build are spread over worker processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.assemble.assets import Asset, copy_assets, find_assets
from pipeline.assemble.chrome import Chrome, load_chrome
from pipeline.assemble.claims import Claims
from pipeline.assemble.generators import generator_edition, placed
from pipeline.assemble.html import (
    Site,
    article_page,
)
from pipeline.assemble.indexes import write_indexes
from pipeline.assemble.markdown import build_markdown
from pipeline.assemble.output import AssembleStats, remove_page, write_page
from pipeline.assemble.policy import (
    Decision,
    Plan,
    check_policy,
    decide,
    plan_entries,
)
from pipeline.assemble.summary import PageReport, Summary
from pipeline.checks import validate_ids
from pipeline.checks.findings import Findings
from pipeline.errors import LocalizeError, UsageError
from pipeline.markdown.articles import check_segment_sizes
from pipeline.markdown.document import Document
from pipeline.po.marks import Marked
from pipeline.po.scan import read_entries
from pipeline.project.languages import Language
from pipeline.project.layout import (
    SITE_DOMAIN,
    output_file,
    po_path,
    source_files,
)
from pipeline.project.settings import Settings, settings_digest, with_overrides
from pipeline.runtime.confine import read_inside
from pipeline.runtime.files import WriteBehind
from pipeline.runtime.manifest import Manifest, digest, file_digest, version
from pipeline.runtime.memory import few_collections
from pipeline.runtime.parallel import map_batches

FORMATS = ("html", "md")
PREVIEW_DIR = "_preview"
"""Where ``assemble --preview`` writes, inside the output folder."""
__all__ = ["FORMATS", "PREVIEW_DIR", "AssembleStats", "PageReport", "assemble", "output_file"]


@dataclass
class _Article:
    doc: Document
    plans: dict[Language, Plan] = field(default_factory=dict)
    decisions: dict[Language, Decision] = field(default_factory=dict)

    def published(self) -> list[Language]:
        return [lang for lang, d in self.decisions.items() if d.published]


@dataclass(frozen=True)
class _Job:
    """One article to plan, and to write when ``write``; the unit of work of a worker.

    ``doc`` is the source as loaded once by the main process; ``check``:
    the worker checks its segments' sizes (``check_segment_sizes``) and on
    failure reports that in ``_Done.refused`` and does nothing else.
    ``inputs`` is its manifest digest when the main process needed it to
    look for a record; ``None``: the worker computes it from ``common``.
    """

    path: Path
    doc: Document
    formats: tuple[str, ...]
    write: bool
    chromes: dict[Language, Chrome]
    common: str
    inputs: str | None
    check: bool = False
    preview: bool = False
    annotate: bool = False


@dataclass
class _Done:
    stats: AssembleStats
    summary: Summary | None = None
    outputs: list[Path] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    """Of the bytes of each output, for the manifest."""
    absent: list[Path] = field(default_factory=list)
    inputs: str | None = None
    refused: LocalizeError | None = None
    """The source failed the check the job asked for: it is not an article of this run."""
    article: _Article | None = field(default=None, repr=False)
    """The plans, until the pages are written (not sent back from a worker)."""

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "article": None}


def assemble(settings: Settings, only: list[str] | None = None,
             formats: Sequence[str] = FORMATS, preview: bool = False, *,
             annotate: bool = False) -> AssembleStats:
    """Build the HTML and/or Markdown editions of every article (or those in ``only``).

    ``preview``: build the preview instead (every language, pseudo-localization
    shown) into ``<output_dir>/_preview/``. ``annotate``: mark each segment's
    element for ``localize serve``'s translator view (``render.Page.annotate``);
    never for the published site.
    """
    check_policy(settings)
    validate_ids(settings.skip_checks)
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise UsageError(f"format must be html, md or both, not {sorted(unknown) or 'nothing'}")
    if preview:
        settings = with_overrides(settings, output_dir=preview_dir(settings), site_url="",
                                  output_layout="site")
    with few_collections(50_000):
        return _assemble(settings, only, formats, preview, annotate)


def preview_dir(settings: Settings) -> str:
    """Where ``--preview`` builds its standalone site: inside the site's output folder, or
    beside a generator's content folder (which the generator would publish)."""
    if settings.output_layout == "site":
        return f"{settings.output_dir.rstrip('/')}/{PREVIEW_DIR}"
    return PREVIEW_DIR


def _assemble(settings: Settings, only: list[str] | None,
              formats: Sequence[str], preview: bool, annotate: bool) -> AssembleStats:
    stats = AssembleStats(output=settings.display(settings.output_path))
    languages = [settings.source, *settings.targets]
    findings = Findings.of(settings)
    try:
        chromes = {lang: _chrome(settings, lang, stats, findings, preview) for lang in languages}
    finally:
        findings.close()
    manifest = Manifest(settings, "assemble-preview" if preview else "assemble")
    common = _common_inputs(settings, (*formats, *(["annotated"] if annotate else [])), languages)
    wanted = {p.stem for p in source_files(settings, only)} if only else None
    summaries: list[Summary | None] = []
    jobs: list[tuple[int, _Job]] = []
    claims = Claims(settings, source_files(settings, None))
    for path, doc, check in claims.kept:
        write = wanted is None or path.stem in wanted
        inputs = record = None
        if _key(settings, path) in manifest.records:  # else nothing to compare: a worker digests
            inputs = _article_inputs(settings, path, doc, languages, common)
            record = manifest.fresh(_key(settings, path), inputs)
        if record is not None and check and not claims.check(path, doc):
            continue
        if record is None:
            job = _Job(path, doc, tuple(formats), write, chromes, common, inputs, check, preview,
                       annotate)
            jobs.append((len(summaries), job))
            summaries.append(None)
            continue
        summary = Summary.from_json(record["data"])
        if write:
            written = sum(1 for value in record["outputs"].values() if value is not None)
            _replay(summary, written, stats)
        summaries.append(summary)
    errors = len(stats.errors)
    _build(settings, manifest, jobs, summaries, stats, claims)
    stats.errors[errors:errors] = claims.errors()  # where checking them first would put them
    if "html" in formats and settings.output_layout == "site":
        done = [s for s in summaries if s is not None]
        write_indexes(settings, manifest, common, done, chromes, languages, stats, only is None)
    manifest.save()
    return stats


def _build(settings: Settings, manifest: Manifest, jobs: list[tuple[int, _Job]],
           summaries: list[Summary | None], stats: AssembleStats, claims: Claims) -> None:
    dones = map_batches(assemble_batch, settings, [job for _, job in jobs],
                        [len(job.doc.source) for _, job in jobs])
    for (index, job), done in zip(jobs, dones, strict=True):
        if done.refused is not None:
            claims.refused(job.path, done.refused)
            continue
        stats.add(done.stats)
        summaries[index] = done.summary
        inputs = job.inputs or done.inputs
        if job.write and inputs and done.summary is not None and not done.stats.errors:
            manifest.record(_key(settings, job.path), inputs, done.outputs,
                            done.summary.to_json(), done.absent, done.digests)


def _replay(summary: Summary, outputs: int, stats: AssembleStats) -> None:
    """Report an article that is up to date as if it had been built."""
    stats.articles += 1
    stats.pages.extend(summary.pages)
    stats.refusals.extend(summary.refusals)
    stats.unchanged += outputs


def assemble_batch(settings: Settings, batch: tuple[_Job, ...]) -> list[_Done]:
    """Plan each article of ``batch`` in every language and write its pages if asked."""
    writes: list[tuple[_Done, WriteBehind]] = []
    dones = []
    findings = Findings.of(settings)
    try:
        with few_collections(50_000):
            for job in batch:
                done = _assemble_article(settings, job, findings)
                dones.append(done)
                if job.write and done.refused is None and done.summary is not None:
                    writes.append((done, _start_writing(settings, job, done)))
                done.article = None
    finally:
        findings.close()
        for done, behind in writes:  # every article's writes are over when the batch is
            behind.finish(done.stats.written, done.stats.errors)
    return dones


def _start_writing(settings: Settings, job: _Job, done: _Done) -> WriteBehind:
    """Write the pages of ``done``'s article on threads; the caller waits for them."""
    behind = WriteBehind()
    assert done.article is not None
    try:
        _write_article(settings, Site(settings, preview=job.preview, annotate=job.annotate),
                       done.article, job.chromes,
                       job.formats, done, behind)
    except LocalizeError as exc:
        done.stats.errors.append(exc)
    return behind


def _assemble_article(settings: Settings, job: _Job, findings: Findings) -> _Done:
    """Plan one article in every language (``_start_writing`` writes it)."""
    done = _Done(AssembleStats())
    doc = job.doc
    if job.check:
        try:
            check_segment_sizes(settings, doc)
        except LocalizeError as exc:
            done.refused = exc
            return done
    languages = [settings.source, *settings.targets]
    read: dict[Language, tuple[Path, bytes | None]] = {}
    if job.inputs is None and job.write:
        done.inputs = _article_inputs(settings, job.path, doc, languages, job.common, read)
    checked = findings.computed
    article = _plan_article(settings, doc, languages, done.stats, read, findings, job.preview)
    done.stats.checked += findings.computed - checked
    done.summary = Summary.of(doc, article.plans, article.decisions)
    done.article = article
    return done


def _key(settings: Settings, path: Path) -> str:
    return f"article:{settings.display(path)}"


def _common_inputs(settings: Settings, formats: tuple[str, ...],
                   languages: list[Language]) -> str:
    """What every page depends on: code, settings, formats and the site strings."""
    sites = [file_digest(po_path(settings, SITE_DOMAIN, lang), settings.root) or "missing"
             for lang in languages]
    return digest(version(), settings_digest(settings), ",".join(formats), *sites,
                  *_project_files(settings))


def _project_files(settings: Settings) -> list[str]:
    """What else pages depend on: the project's templates, and the state of every file beside
    the articles (a changed image is copied again)."""
    states = []
    templates = settings.root / settings.templates_dir
    for folder, pattern in ((templates, "*"), (settings.source_path, "**/*")):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(pattern)):
            if path.suffix == ".md" or not path.is_file():
                continue
            if folder == templates:
                states.append(f"{path.name}:{file_digest(path, settings.root)}")
            else:
                info = path.stat()
                states.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return states


def _article_inputs(settings: Settings, path: Path, doc: Document, languages: list[Language],
                    common: str, read: dict[Language, tuple[Path, bytes | None]] | None = None
                    ) -> str:
    """What an article's pages depend on.

    With ``read``, the PO files are read here (not only hashed, as in the
    main process) and ``read`` gets each one's path and bytes (``None``:
    missing or unreadable), for ``_article_plan``: the digest is then of
    the very bytes the pages are made from.
    """
    catalogs = []
    for lang in languages:
        if lang == settings.source:
            continue
        po = po_path(settings, doc.slug, lang)
        if read is None:
            catalogs.append(file_digest(po, settings.root) or "missing")
            continue
        try:
            raw: bytes | None = read_inside(settings.root, po)
        except (OSError, LocalizeError):
            raw = None  # missing, or an error that reading it again reports
        read[lang] = (po, raw)
        catalogs.append("missing" if raw is None else digest(raw))
    return digest(common, settings.display(path), doc.source, *catalogs)


def _plan_article(settings: Settings, doc: Document, languages: list[Language],
                  stats: AssembleStats, read: dict[Language, tuple[Path, bytes | None]],
                  findings: Findings, preview: bool) -> _Article:
    article = _Article(doc)
    for lang in languages:
        try:
            article.plans[lang] = _article_plan(settings, doc, lang, findings, read.get(lang),
                                                preview)
        except LocalizeError as exc:
            stats.errors.append(exc)
            continue
        article.decisions[lang] = decide(settings, article.plans[lang], preview)
    return article


def _article_plan(settings: Settings, doc: Document, lang: Language, findings: Findings,
                  read: tuple[Path, bytes | None] | None = None, preview: bool = False) -> Plan:
    """``read``: the PO file of ``lang`` and its bytes, if already read (``_article_inputs``)."""
    is_source = lang == settings.source
    path, raw = read or (po_path(settings, doc.slug, lang), None)
    display = settings.display(path)
    entries: dict[str, Marked] | None = None
    errors = None
    if not is_source and raw is None and path.exists():
        try:
            raw = read_inside(settings.root, path)
        except (OSError, LocalizeError):
            raw = None  # read_entries words the error
    if not is_source and (raw is not None or path.exists()):
        entries = read_entries(path, display, raw, settings.root, lang, settings.skip_checks)
        errors = findings.of_file(display, lang, digest(raw) if raw is not None else None,
                                  (((None, msgid), m) for msgid, m in entries.items()),
                                  settings.reviewed_only, preview)
    return plan_entries([s.text for s in doc.segments], entries, lang, is_source=is_source,
                        reviewed_only=settings.reviewed_only, display=display, errors=errors,
                        preview=preview)


def _chrome(settings: Settings, lang: Language, stats: AssembleStats, findings: Findings,
            preview: bool) -> Chrome:
    chrome, error = load_chrome(settings, lang, findings, preview)
    if error is not None:
        stats.errors.append(error)
    for part in chrome.plans():
        stats.refusals.extend(part.refusals)
    return chrome


def _write_article(settings: Settings, site: Site, article: _Article,
                   chromes: dict[Language, Chrome], formats: Sequence[str], done: _Done,
                   behind: WriteBehind | None = None) -> None:
    stats = done.stats
    stats.articles += 1
    published = article.published()
    assert done.summary is not None
    stats.pages.extend(done.summary.pages)
    stats.refusals.extend(done.summary.refusals)
    assets = find_assets(settings, article.doc, list(article.decisions))
    stats.errors.extend(assets.errors)
    if settings.output_layout != "site":
        _write_generator_editions(settings, article, assets.by_reference, chromes, done,
                                  behind)
        return
    if "html" in formats:
        _copy(settings, list(assets.by_reference.values()), done)
    for lang, decision in article.decisions.items():
        plan_ = article.plans[lang]
        for suffix in (".html", ".md"):
            if suffix.lstrip(".") not in formats:
                continue
            try:
                target = output_file(settings, lang, article.doc.slug, suffix)
                if not decision.published:
                    remove_page(settings, target, stats)
                    done.absent.append(target)
                    continue
                text = (article_page(site, article.doc, lang, plan_, chromes[lang], published,
                                     assets.links(lang, 1))
                        if suffix == ".html" else
                        build_markdown(article.doc, plan_, site.original(article.doc.slug, ".md"),
                                       settings.source.bcp47, site.preview))
                write_page(settings, target, text, stats, behind)
                done.outputs.append(target)
                done.digests.append(digest(text.encode("utf-8")))
            except LocalizeError as exc:
                stats.errors.append(exc)


def _write_generator_editions(settings: Settings, article: _Article, assets: dict[str, Asset],
                              chromes: dict[Language, Chrome], done: _Done,
                              behind: WriteBehind | None) -> None:
    moved = placed(settings, article.doc, assets)
    _copy(settings, list(moved.values()), done)
    for lang, decision in article.decisions.items():
        if not decision.published:
            continue
        try:
            target, text = generator_edition(settings, article.doc, lang, article.plans[lang],
                                             moved, chromes.get(lang))
            write_page(settings, target, text, done.stats, behind)
            done.outputs.append(target)
            done.digests.append(digest(text.encode("utf-8")))
        except LocalizeError as exc:
            done.stats.errors.append(exc)


def _copy(settings: Settings, assets: list[Asset], done: _Done) -> None:
    written, unchanged, errors = copy_assets(settings, assets)
    done.stats.written.extend(written)
    done.stats.unchanged += unchanged
    done.stats.errors.extend(errors)
    for asset in assets:
        for _, target in asset.files():
            path = settings.output_path / target
            done.outputs.append(path)
            done.digests.append(file_digest(path, settings.root) or "missing")
