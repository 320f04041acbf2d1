"""validate: run every check on every entry of every PO file, then decide.

Rules:

- Files: each article's template and its translation in each selected
  language. A file that cannot be parsed is one ``po-syntax`` error and is
  otherwise skipped; no file is ever written (only the results cache is).
- Every check runs on every entry it applies to (see ``pipeline.checks``);
  all problems are collected before anything is decided.
- Checks are skipped per run (``--skip``, setting ``skip_checks``) or per
  entry (a translator comment line ``# ignore: <check-id> <reason>``).
- The verdict on each entry (``checks.verdict``: marks, markup safety and
  every error-level finding) is the one assemble publishes by: the report
  counts the translations it will not publish, the completeness figures
  are counted by it, and the verdict table of the cache
  (``checks.cache``) keeps each file's error-level findings for assemble
  and status to find.
- Completeness gates: an article whose complete share in a language
  (``status``, the rule assemble publishes by) is below the language's
  threshold fails the run. Thresholds: ``min_complete_per_language`` for
  the language, else ``min_complete``; flags override settings.
- The site's own strings (``po/site/``) are checked like an article, but
  not gated.
- The run fails on any error-level problem, any failed gate, any file
  that cannot be read, and with ``strict`` on any warning.
- Results are cached (``checks.cache``): a file whose content, template
  and settings are unchanged is not even parsed, an unchanged entry of a
  changed file is not checked again.
- Files are read one after another and their uncached entries checked in
  batches, in worker processes once there are many (``workers`` of them,
  by default one per core; started as ``runtime.parallel`` starts workers:
  forked while this process is small, so that a small project does not pay
  for importing everything again in each, spawned once it is big, so that
  they do not inherit its memory; gone within a second if this process is
  killed): memory stays flat however many files there are, and reading
  overlaps checking.
"""

from __future__ import annotations

import itertools
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline.checks import FileSubject, Severity, Subject, run_entry, run_file, validate_ids
from pipeline.checks.attention import entry_subjects, project_terms
from pipeline.checks.cache import FileFindings, FileRecord, Result, ResultCache
from pipeline.checks.completeness import StatusReport, StatusRow, tally
from pipeline.checks.verdict import Verdict, verdict
from pipeline.errors import LocalizeError, PoFileError
from pipeline.markdown.articles import article_slugs
from pipeline.po import catalog, marks
from pipeline.po.syntax import PoLayout
from pipeline.project.glossary import Glossary, load_glossary
from pipeline.project.languages import Language
from pipeline.project.layout import po_path, template_path
from pipeline.project.settings import Settings
from pipeline.runtime import parallel
from pipeline.runtime.files import ABSENT, digest
from pipeline.runtime.manifest import file_digest
from pipeline.validate.results import Problem, ValidateReport, gates, thresholds

Key = tuple[str | None, str]
_BATCH = 2000
"""Unchecked entries sent at once; also the least that pays for starting worker processes."""
_IN_FLIGHT = 2
"""Batches being checked while the next files are read."""


@dataclass(frozen=True)
class _Queued:
    path: str
    line: int | None
    language: str
    msgid: str
    msgstr: str
    keys: list[str]
    context: str | None = None
    entry: marks.Marked | None = None
    """The entry's marks, for its verdict; ``None``: obsolete, no verdict."""
    fresh: _Fresh | None = None


@dataclass(frozen=True)
class _FileJob:
    slug: str
    path: Path
    lang: Language | None
    template_digest: str


@dataclass
class _Fresh:
    """A file checked in this run (not replayed from the cache)."""

    key: str
    path: str
    entries: int = 0
    row: StatusRow | None = None
    verdicts: str = ""
    """Its key in the verdict table (``""``: none)."""
    errors: FileFindings = field(default_factory=dict)
    """Its entries' error-level findings, filled as their results come in."""
    refused: int = 0


_Job = tuple[list[str], list["Subject"], list[Future[list[list[Result]]]]]
"""A batch: its keys, its subjects (to redo if a worker dies) and the futures of its parts."""


class _Checker:
    """Checks batches of subjects, in worker processes for big batches, oldest done first."""

    def __init__(self, skip: tuple[str, ...], workers: int) -> None:
        self.skip = skip
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._broken = self.workers < 2
        self.jobs: deque[_Job] = deque()

    def send(self, batch: dict[str, Subject]) -> None:
        """Start checking ``batch`` (in this process at once when it is small)."""
        keys, subjects = list(batch), list(batch.values())
        futures: list[Future[list[list[Result]]]] = []
        pool = self._start() if len(subjects) >= _BATCH or self._pool is not None else None
        if pool is not None:
            size = max(50, -(-len(subjects) // (self.workers * 2)))
            try:
                futures = [pool.submit(check_subjects, subjects[i : i + size], self.skip)
                           for i in range(0, len(subjects), size)]
            except (OSError, RuntimeError, BrokenProcessPool):
                self._stop()
                futures = []
        if not futures:
            done: Future[list[list[Result]]] = Future()
            done.set_result(check_subjects(subjects, self.skip))
            futures = [done]
        self.jobs.append((keys, subjects, futures))

    def finish_oldest(self) -> tuple[list[str], list[list[Result]]]:
        """The keys and results of the oldest batch, waiting for it if need be."""
        keys, subjects, futures = self.jobs.popleft()
        try:
            return keys, [results for future in futures for results in future.result()]
        except (OSError, BrokenProcessPool):  # a worker died: do it here
            self._stop()
            return keys, check_subjects(subjects, self.skip)

    def close(self) -> None:
        while self.jobs:
            self.finish_oldest()
        self._stop()

    def _start(self) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._broken:
            try:
                self._pool = parallel.pool(self.workers)
            except (OSError, ValueError):  # no processes allowed here: do it in this one
                self._broken = True
        return self._pool

    def _stop(self) -> None:
        self._broken = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


@dataclass
class _Run:
    settings: Settings
    terms: tuple[str, ...]
    skip: tuple[str, ...]
    cache: ResultCache
    checker: _Checker
    glossary: Glossary | None = None
    """Terms for the ``glossary`` check; ``None`` when it is skipped or there are none."""
    pending: dict[str, Subject] = field(default_factory=dict)
    """Keys neither cached nor sent yet, and what to check for each."""
    sent: set[str] = field(default_factory=set)
    known: dict[str, list[Result]] = field(default_factory=dict)
    """Results at hand for entries still queued."""
    queued: deque[_Queued] = field(default_factory=deque)
    fresh: list[_Fresh] = field(default_factory=list)


def validate(
    settings: Settings,
    only: list[str] | None = None,
    languages: list[str] | None = None,
    *,
    min_complete: float | None = None,
    min_complete_per_language: dict[str, float] | None = None,
    strict: bool = False,
    skip: tuple[str, ...] = (),
    use_cache: bool = True,
) -> ValidateReport:
    """Check the PO files of every article (or those in ``only``) in the selected languages."""
    langs = settings.select_targets(languages)
    overall, per_language = thresholds(settings, min_complete, min_complete_per_language)
    skipped = validate_ids((*settings.skip_checks, *skip))
    cache = ResultCache(settings.cache_path / "validate-results.json" if use_cache else None)
    terms = project_terms(settings)
    run = _Run(settings, terms, skipped, cache, _Checker(skipped, parallel.workers(settings)))
    report = ValidateReport(strict=strict)
    if "glossary" not in skipped:
        run.glossary = _glossary(settings, report)
    report.status = StatusReport(languages=langs, reviewed_only=settings.reviewed_only)
    try:
        for slug in article_slugs(settings, only, report.errors):
            _validate_article(run, slug, langs, report)
        _drain(run, report)
    finally:
        run.checker.close()
    _remember(run, report)
    report.cached += cache.hits
    cache.save()
    report.gates = gates(report.status, overall, per_language)
    return report


def _glossary(settings: Settings, report: ValidateReport) -> Glossary | None:
    """The project's glossary; its problems are the ``glossary`` check's (file:line)."""
    try:
        glossary = load_glossary(settings)
    except LocalizeError as exc:
        report.errors.append(exc)
        return None
    for line, message in glossary.warnings:
        report.problems.append(Problem(glossary.path, line, "glossary", Severity.WARNING, message))
    return glossary or None


def _read(path: Path, shown: str, root: Path) -> tuple[bytes | None, PoFileError | None]:
    try:
        return catalog.read_if_exists(path, shown, root), None
    except PoFileError as exc:
        return None, exc


@dataclass
class _Template:
    """An article's template, parsed only if a file that is not cached needs it."""

    shown: str
    data: bytes | None
    parsed: polib.POFile | None = None
    tried: bool = False

    def po(self) -> polib.POFile | None:
        if not self.tried and self.data is not None:
            self.tried = True
            try:
                self.parsed = catalog.parse_po(self.data, self.shown)[0]
            except PoFileError:
                self.parsed = None
        return self.parsed

    def keys(self) -> frozenset[Key] | None:
        pot = self.po()
        return frozenset((e.msgctxt, e.msgid) for e in pot if not e.obsolete) if pot else None


def _validate_article(run: _Run, slug: str, langs: list[Language], report: ValidateReport) -> None:
    settings = run.settings
    pot_path = template_path(settings, slug)
    shown = settings.display(pot_path)
    data, _ = _read(pot_path, shown, settings.root)
    template = _Template(shown, data)
    pot_digest = digest(data)
    _validate_file(run, _FileJob(slug, pot_path, None, ""), template, report)
    for lang in langs:
        _validate_file(
            run, _FileJob(slug, po_path(settings, slug, lang), lang, pot_digest), template, report
        )
        _pump(run, report)


def _validate_file(run: _Run, job: _FileJob, template: _Template, report: ValidateReport) -> None:
    shown = run.settings.display(job.path)
    report.files.append(shown)
    code = job.lang.code if job.lang else ""

    def key_of(content: str) -> str:
        return run.cache.file_key(shown, code, content, job.template_digest, run.skip,
                                  run.terms, run.settings.reviewed_only,
                                  run.glossary.digest if run.glossary else "")

    def verdicts_of(content: str) -> str:
        if job.lang is None or content == ABSENT:
            return ""
        return run.cache.verdicts.key(shown, code, content, run.skip, run.terms)

    # file_digest reuses the digest an earlier stage of the same `run` took of these bytes
    known = file_digest(job.path, run.settings.root)
    content = known
    record = run.cache.get_file(key_of(known)) if known is not None else None
    data: bytes | None = None
    error: PoFileError | None = None
    key = ""
    if record is None:
        data, error = _read(job.path, shown, run.settings.root)
        content = digest(data)  # the bytes checked below, even if the file just changed
        key = key_of(content)
        if content != known and error is None:
            record = run.cache.get_file(key)
    if record is not None:
        _replay(record, job, shown, report)
        run.cache.verdicts.keep(verdicts_of(content or ABSENT))
        run.cache.needed += record.entries
        return
    subject = FileSubject(path=shown, lang=job.lang, exists=data is not None or error is not None)
    subject.error = error
    if data is not None:
        try:
            subject.po, subject.layout = catalog.parse_po(data, shown)
        except PoFileError as exc:
            subject.error = exc
    if subject.po is not None and job.lang is not None:
        subject.template_keys = template.keys()
    for item, issue in run_file(subject, run.skip):
        report.problems.append(
            Problem(shown, issue.line, item.id, item.severity, issue.message, code or None)
        )
    fresh = _Fresh(key if error is None else "", shown)
    if error is None and subject.po is not None:
        fresh.verdicts = verdicts_of(content or ABSENT)
    run.fresh.append(fresh)
    if job.lang is not None:
        fresh.row = _status_row(run, job, shown, subject.po, template, data is None)
        if fresh.row is not None:
            report.status.rows.append(fresh.row)
        if subject.po is not None:
            fresh.entries = _check_entries(run, subject.po, subject.layout, job.lang, fresh,
                                           report)


def _status_row(
    run: _Run,
    job: _FileJob,
    shown: str,
    po: polib.POFile | None,
    template: _Template,
    missing: bool,
) -> StatusRow | None:
    assert job.lang is not None
    pot = template.po()
    if po is None and pot is None:
        return None
    counts = tally(po, pot, None)  # published: counted by _flush, by each entry's verdict
    return StatusRow(job.slug, job.lang, shown, counts, missing=missing and po is None)


def _replay(record: FileRecord, job: _FileJob, shown: str, report: ValidateReport) -> None:
    """Report a file exactly as when it was last checked with the same content."""
    code = job.lang.code if job.lang else None
    for line, check_id, severity, message, msgid, msgstr in record.problems:
        report.problems.append(
            Problem(shown, line, check_id, Severity(severity), message, code, msgid, msgstr)
        )
    report.entries += record.entries
    report.cached += record.entries
    report.refused += record.refused
    if job.lang is not None and record.tally is not None:
        report.status.rows.append(
            StatusRow(job.slug, job.lang, shown, record.tally, record.missing)
        )


def _remember(run: _Run, report: ValidateReport) -> None:
    """Store each freshly checked file's problems and counts under its content key."""
    by_path: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_path.setdefault(problem.path, []).append(problem)
    for fresh in run.fresh:
        if not fresh.key:
            continue
        problems = [
            (p.line, p.check, str(p.severity), p.message, p.msgid, p.msgstr)
            for p in by_path.get(fresh.path, [])
        ]
        row = fresh.row
        run.cache.put_file(
            fresh.key,
            FileRecord(
                problems,
                fresh.entries,
                row.tally if row else None,
                row.missing if row else False,
                fresh.refused,
            ),
        )
        if fresh.verdicts:
            run.cache.verdicts.put(fresh.verdicts, fresh.errors)


def _check_entries(
    run: _Run,
    po: polib.POFile,
    layout: PoLayout | None,
    lang: Language,
    fresh: _Fresh,
    report: ValidateReport,
) -> int:
    """Queue each entry's subjects; results come from the cache or from a batch. The count."""
    shown = fresh.path
    positions = layout.lines_by_key() if layout else {}
    subjects: dict[str, Subject] = {}
    for entry in po:
        report.entries += 1
        place = positions.get((entry.msgctxt, entry.msgid, entry.obsolete))
        line = (place.msgstr_line or place.msgid_line) if place else entry.linenum
        keys = []
        for subject in entry_subjects(entry, lang, run.terms, run.glossary):
            key = run.cache.key(subject, run.skip)
            if key not in run.known and key not in run.pending and key not in run.sent:
                subjects[key] = subject
            keys.append(key)
        marked = None if entry.obsolete else marks.marked(entry)
        run.queued.append(_Queued(shown, line, lang.code, entry.msgid, entry.msgstr, keys,
                                  entry.msgctxt, marked, fresh))
    cached = run.cache.get_many(list(subjects))
    run.known.update(cached)
    run.pending.update((key, subject) for key, subject in subjects.items() if key not in cached)
    run.cache.needed += len(po)
    return len(po)


def _pump(run: _Run, report: ValidateReport) -> None:
    """Send full batches, and take in finished ones while too many are in flight.

    Called after each file, so that what waits in this process (entries to
    check, batches in flight) stays within a few batches however big an
    article is: memory freed by a big article would stay fragmented.
    """
    while len(run.pending) >= _BATCH:
        _send(run, _BATCH)
        while len(run.checker.jobs) > _IN_FLIGHT:
            _take(run, report)


def _drain(run: _Run, report: ValidateReport) -> None:
    """Check what is left and report every queued entry."""
    if run.pending:
        _send(run)
    while run.checker.jobs:
        _take(run, report)
    _flush(run, report)


def _send(run: _Run, limit: int | None = None) -> None:
    """Send the pending subjects to be checked (the first ``limit`` of them, if given)."""
    if limit is None or limit >= len(run.pending):
        batch, run.pending = run.pending, {}
    else:
        keys = list(itertools.islice(run.pending, limit))
        batch = {key: run.pending.pop(key) for key in keys}
    run.checker.send(batch)
    run.sent.update(batch)


def _take(run: _Run, report: ValidateReport) -> None:
    keys, computed = run.checker.finish_oldest()
    run.cache.put_many(zip(keys, computed, strict=True))
    run.known.update(zip(keys, computed, strict=True))
    run.sent.difference_update(keys)
    _flush(run, report)


def _flush(run: _Run, report: ValidateReport) -> None:
    """Turn queued entries whose results are all known into problems, in order."""
    queued, known = run.queued, run.known
    while queued and all(key in known for key in queued[0].keys):
        entry = queued.popleft()
        found: dict[tuple[str, str], Severity] = {}
        for key in entry.keys:
            for check_id, severity, message in known[key]:
                found.setdefault((check_id, message), severity)
        for (check_id, message), severity in found.items():
            report.problems.append(
                Problem(entry.path, entry.line, check_id, severity, message, entry.language,
                        entry.msgid, entry.msgstr)
            )
        if entry.entry is not None and entry.fresh is not None:
            _judge(run, entry, [(c, m) for (c, m), s in found.items() if s is Severity.ERROR],
                   report)
    if not queued:
        known.clear()
    elif len(known) > 8 * _BATCH:  # keep only what queued entries still need
        needed = {key for entry in queued for key in entry.keys}
        run.known = {key: value for key, value in known.items() if key in needed}


def _judge(run: _Run, queued: _Queued, errors: list[tuple[str, str]],
           report: ValidateReport) -> None:
    """The entry's verdict, as assemble will reach it: counted, and its findings kept."""
    fresh, entry = queued.fresh, queued.entry
    assert fresh is not None and entry is not None
    if errors:
        fresh.errors[(queued.context, queued.msgid)] = errors
    state = verdict(queued.msgid, entry, run.settings.reviewed_only, errors)[0]
    if fresh.row is not None and state.published:
        fresh.row.tally.published += 1
    if state is Verdict.REFUSED:
        fresh.refused += 1
        report.refused += 1


def check_subjects(subjects: list[Subject], skip: tuple[str, ...]) -> list[list[Result]]:
    """Every entry check's results for each subject (the unit of work of a worker process)."""
    return [
        [(item.id, item.severity, message) for item, message in run_entry(subject, skip)]
        for subject in subjects
    ]
