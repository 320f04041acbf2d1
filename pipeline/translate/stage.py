"""translate: fill the untranslated entries of every target PO file with machine translations.

Rules:

- Every target PO file of the articles (or those named), and the site's
  own strings in ``po/site/`` when no article is named (``translate.files``).
- One language at a time: its PO files are loaded, filled, saved and let go
  before the next language's are read, so memory holds one language's
  catalogs, not every language's. Nothing is lost by it: translation memory
  and sending each text once are per language anyway. The cache, the
  breaker and the engine's setup are shared by the whole run.
- Only entries with no translation are filled (and, with
  ``retranslate_fuzzy``, machine output nobody reviewed); a translator's
  msgstr is never overwritten (see ``mt.tracked``). Results are marked
  ``fuzzy`` with a ``# mt: <engine>`` line (``po.marks``).
- Where a translation comes from, in order: translation memory (the same
  msgid translated in another PO file of the same language: a reviewed
  one is copied as reviewed with a ``# tm:`` line, since a translator already
  approved exactly this English; an unreviewed machine one is copied with
  its marks); a copy of the source when nothing is
  left to translate once markup is protected (``41 %``, a lone code span:
  marked ``fuzzy``, ``mt: copy``); the on-disk cache; and only then the engine.
- Each distinct text is sent once per language, however many files hold
  it; texts over the engine's limit are split at sentence ends.
- Calls run concurrently (``mt.dispatch``); answers are cached as they
  arrive (what a killed run received is in the cache) and written into the
  PO files in memory. An ``instant`` engine (``pseudo``) is called inline
  and neither read from nor written to the cache. A file is saved once,
  when every entry this run had for it is settled; a file still waiting is
  saved once a fill in it is ``save_seconds`` (30) old (and after
  ``save_every`` fills, when set), at the end of its language, and on
  Ctrl-C. A file changed on disk meanwhile is merged, not overwritten.
- An engine lacking a language is reported once, before any call or any
  other language is filled (``engine.lacks`` is asked once for all
  languages; only those with entries to fill are named), and the language is
  skipped; asked for explicitly (``--lang``), it is an error.
- Totals (``missing``, ``files``) count the languages the run reached: all of
  them, unless it was interrupted (the summary then says so). The progress
  line shows each language from the moment it is reached.
- Every entry that could not be filled is counted in ``failed`` with its
  reason; ``ok`` is false when any entry failed or any file had an error.
- The engine is only set up (keys checked) and contacted when at least one
  entry actually needs it, so a run with nothing missing needs no network;
  it is set up once, when the first language that needs it is reached
  (languages filled before it from memory, cache or copies stay filled).
- An engine that works per article (``llm``) gets what the engine needs
  from here: the texts left after memory, copies and cache, each with the
  PO file it belongs to (its article, for context), and the glossary; it
  batches and checks them itself (``mt.llm``), and its answers are cached
  and written like any engine's.
- A PO file found holding nothing to fill, or left so by this run, is
  recorded in the stage's manifest (``runtime.manifest``, per kind of run)
  by the digest of its bytes; while they are the same, later runs do not
  parse it. Filling a file extract wrote leaves extract's work done (the
  merge would give the same file), so extract's manifest follows the new
  bytes (``manifest.follow_rewrites``): a run right after a cold one writes
  nothing. Each language's files are noted when it is done; both manifests
  are written once, at the end (also of an interrupted run).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.errors import LocalizeError, UsageError
from pipeline.mt.cache import TranslationCache
from pipeline.mt.dispatch import Breaker, Dispatcher, Job, Outcome, RetryPolicy
from pipeline.mt.engines import NO_ENGINE, Engine, engine_options, get_engine
from pipeline.mt.memory import translation_memory
from pipeline.mt.placeholders import (
    PlaceholderError,
    Protected,
    do_not_translate,
    protect,
    split_chunks,
    token_numbers,
)
from pipeline.mt.tracked import Marker, TrackedPo, marked_machine
from pipeline.project.languages import Language
from pipeline.project.settings import Settings
from pipeline.runtime.interrupts import held
from pipeline.runtime.progress import Progress
from pipeline.translate.files import RunFiles

if TYPE_CHECKING:
    from pipeline.mt.llm.batch import Done
    from pipeline.translate.articles import Articles

COPY_ENGINE = "copy"


def _stderr(message: str) -> None:
    print(f"translate: {message}", file=sys.stderr, flush=True)


@dataclass
class TranslateOptions:
    """How one translate run behaves; ``None`` means: from the settings."""

    engine: str | None = None
    languages: tuple[str, ...] = ()
    libre_url: str | None = None
    llm_url: str | None = None
    llm_model: str | None = None
    workers: int | None = None
    timeout: float | None = None
    dry_run: bool = False
    retranslate_fuzzy: bool = False
    save_every: int = 0
    """Save every file with fills after this many fills; 0: only as described above."""
    save_seconds: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker_threshold: int = 5
    progress: bool | None = None
    warn: Callable[[str], None] = _stderr


@dataclass(frozen=True)
class Failure:
    """One text that could not be translated, the files that still miss it, and why."""

    language: str
    msgid: str
    files: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class PlanRow:
    """What a run would send for one language: entries, distinct texts, characters;
    for an engine that batches (``llm``) also requests, estimated tokens and cost."""

    language: str
    engine: str
    entries: int
    texts: int
    characters: int
    requests: int | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float | None = None


@dataclass
class TranslateStats:
    """What one translate run did, entry by entry."""

    engine: str
    files: int = 0
    missing: int = 0
    translated: int = 0
    cached: int = 0
    memory: int = 0
    copied: int = 0
    failed: int = 0
    unsupported: int = 0
    requests: int = 0
    characters: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    """Tokens the server counted (engines that report them: ``llm``)."""
    interrupted: bool = False
    written: list[str] = field(default_factory=list)
    plan: list[PlanRow] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    errors: list[LocalizeError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.errors and not self.interrupted

    def problems(self) -> list[str]:
        parts = []
        if self.failed:
            parts.append(f"{self.failed} entries left untranslated")
        if self.errors:
            parts.append(f"{len(self.errors)} file error(s)")
        return parts


@dataclass
class _Segment:
    """One distinct msgid to translate into one language, and the files waiting for it."""

    lang: Language
    msgid: str
    files: list[TrackedPo]
    contexts: list[str | None] = field(default_factory=list)
    """The msgctxt of the entry in each of ``files`` (site strings have some)."""
    protected: Protected | None = None
    chunks: list[tuple[str, str]] = field(default_factory=list)
    results: dict[int, str] = field(default_factory=dict)
    restored: tuple[str, str] | None = None
    """(answer, the answer with its placeholders restored), once checked."""
    finished: bool = False


_Local = tuple[_Segment, str, Marker, str]
"""A segment filled without the engine: (segment, msgstr, marker, which stats counter)."""


def translate(
    settings: Settings, only: list[str] | None = None, options: TranslateOptions | None = None
) -> TranslateStats:
    """Fill the missing entries of the PO files of every article (or those in ``only``)."""
    options = options or TranslateOptions()
    name = (options.engine or settings.engine).strip().lower()
    stats = TranslateStats(engine=name)
    languages = settings.select_targets(options.languages)
    if name == NO_ENGINE:
        return stats
    engine = get_engine(name, engine_options(
        settings, timeout=options.timeout, libre_url=options.libre_url,
        llm_url=options.llm_url, llm_model=options.llm_model,
    ))
    timeout = engine.deadline()
    if timeout <= 0:
        raise UsageError(f"--timeout must be more than 0 seconds, not {timeout:g}")
    files = RunFiles.collect(settings, only, options.retranslate_fuzzy, stats)
    try:
        return _Run(settings, engine, options, stats, timeout).execute(files, languages)
    finally:
        if not options.dry_run:
            files.finish()


class _Run:
    """The state of one translate run over loaded files."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        options: TranslateOptions,
        stats: TranslateStats,
        timeout: float,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.options = options
        self.stats = stats
        self.timeout = timeout
        self.terms = do_not_translate(settings.do_not_translate, settings.site_name)
        self.cache: TranslationCache | None = None
        self.progress: Progress | None = None
        self.files: list[TrackedPo] = []
        self.written: set[str] = set()
        self.unwritable: set[str] = set()
        self.pending: Counter[str] = Counter()
        """Per file, the entries this run may still fill."""
        self.complete: list[TrackedPo] = []
        """Files with nothing more coming, to save at the next ``_maybe_save``."""
        self.dirty_since: dict[str, tuple[float, TrackedPo]] = {}
        """Per file with unsaved fills, when the oldest of them was made (oldest first)."""
        self.since_save = 0
        self.breaker = Breaker(options.breaker_threshold, timeout_stops=engine.per_article)
        self.articles: Articles | None = None
        self.set_up = False
        """Whether ``engine.setup`` ran (once, before the first language that needs the engine)."""

    # --- planning -------------------------------------------------------------

    def execute(self, files: RunFiles, languages: list[Language]) -> TranslateStats:
        """Fill ``languages`` one after the other, holding one language's PO files at a time."""
        try:
            for lang in self._supported(files, languages):
                if self.stats.interrupted:
                    break
                self._language(files, lang)
        except KeyboardInterrupt:  # between two languages, or while loading one
            self.stats.interrupted = True
        finally:
            if self.cache is not None:
                self.cache.close()
            if self.progress is not None:
                self.progress.close()
            self.stats.written = sorted(self.written)
        self.stats.plan.sort(key=lambda row: row.language)
        return self.stats

    def _language(self, files: RunFiles, lang: Language) -> None:
        """Load, fill, save and let go of the PO files of one language."""
        loaded = files.load_language(lang)
        try:
            segments = _segments(loaded)
            self.stats.missing += sum(len(s.files) for s in segments)
            if segments:
                self._fill(loaded, segments)
        finally:
            files.remember(loaded)
            self.files = []
            if self.articles is not None:
                self.articles.planner.outlines.clear()

    def _open_cache(self) -> TranslationCache:
        if self.engine.instant:  # computing its answer again is as cheap as looking it up
            return TranslationCache(None)
        folder = None if self.options.dry_run else self.settings.cache_path
        if self.options.dry_run and (self.settings.cache_path / "translations.sqlite3").exists():
            folder = self.settings.cache_path
        return TranslationCache(folder, self.options.warn, readonly=self.options.dry_run)

    def _cache_name(self, segment: _Segment) -> str:
        if self.articles is None:
            return self.engine.name
        return self.articles.cache_name(segment.lang, segment.msgid)

    def _supported(self, files: RunFiles, languages: list[Language]) -> list[Language]:
        """``languages`` but those the engine lacks; those with entries to fill are reported
        once, before any call (and are an error when asked for with ``--lang``)."""
        wanted = sorted(languages, key=lambda lang: lang.code)
        lacking = self.engine.lacks(self.settings.source, wanted)
        counts: dict[Language, int] = {}
        for lang in lacking:
            count = sum(len(tracked.fillable()) for tracked in files.load_language(lang))
            if count:
                counts[lang] = count
        if counts and self.options.languages:
            names = ", ".join(f"{lang.english_name} ({lang.code})" for lang in counts)
            raise UsageError(f"engine {self.engine.name!r} cannot translate into {names}")
        if counts:
            count = sum(counts.values())
            self.stats.unsupported += count
            self.stats.missing += count
            names = ", ".join(f"{lang.english_name} ({lang.code})" for lang in counts)
            self.options.warn(
                f"engine {self.engine.name!r} cannot translate into {names}; "
                f"{count} missing entries in {'that language' if len(counts) == 1 else 'those'} "
                "are left untranslated"
            )
        return [lang for lang in languages if lang not in lacking]

    def _fill(self, files: list[TrackedPo], segments: list[_Segment]) -> None:
        """Fill one language's ``segments`` (all of ``files``' fillable entries)."""
        self.files = files
        self.pending = Counter(tracked.display for s in segments for tracked in s.files)
        if self.engine.per_article and self.articles is None:
            from pipeline.translate.articles import Articles  # the llm modules, only for llm

            self.articles = Articles(self.settings, self.engine, self.terms, self.options.warn)
        if self.cache is None:
            self.cache = self._open_cache()
        lang = segments[0].lang
        memory = translation_memory(self.settings, {lang: {s.msgid for s in segments}},
                                    self.options.retranslate_fuzzy,
                                    {tracked.path: tracked.po for tracked in files})
        local: list[_Local] = []
        jobs: dict[tuple[str, str], list[tuple[_Segment, int]]] = {}
        for segment in segments:
            found = memory.get((segment.lang.code, segment.msgid))
            if found is not None:
                local.append((segment, found[0], found[1], "memory"))
                continue
            segment.protected = protect(segment.msgid, self.terms)
            if not segment.protected.has_words:
                local.append((segment, segment.msgid, marked_machine(COPY_ENGINE), "copied"))
                continue
            segment.chunks = split_chunks(segment.protected.text, self.engine.max_chars)
            self._lookup_cache(segment, jobs)
            if len(segment.results) == len(segment.chunks):
                local.append((segment, "", marked_machine(self.engine.label()), "cached"))
        if self.options.dry_run:
            self._plan(lang, local, jobs)
            return
        if jobs and not self.set_up:
            self.engine.setup()
            self.set_up = True
        if self.progress is None:
            self.progress = Progress({}, enabled=self.options.progress)
        self.progress.totals[lang.code] = sum(len(s.files) for s in segments)
        self.progress.done.setdefault(lang.code, 0)
        try:
            for segment, msgstr, mark, kind in local:
                if kind == "cached":
                    self._complete(segment, kind)
                else:
                    self._apply(segment, msgstr, mark, kind)
                self._maybe_save()
            if jobs:
                self._dispatch(jobs)
        except KeyboardInterrupt:
            self.stats.interrupted = True
        finally:
            self._save_all()

    def _lookup_cache(
        self, segment: _Segment, jobs: dict[tuple[str, str], list[tuple[_Segment, int]]]
    ) -> None:
        assert self.cache is not None
        name = self._cache_name(segment)
        for index, (chunk, _) in enumerate(segment.chunks):
            hit = self.cache.get(name, self.settings.source.code, segment.lang.code, chunk)
            if hit is not None:
                segment.results[index] = hit
            else:
                jobs.setdefault((segment.lang.code, chunk), []).append((segment, index))

    def _plan(
        self,
        lang: Language,
        local: list[_Local],
        jobs: dict[tuple[str, str], list[tuple[_Segment, int]]],
    ) -> None:
        for kind in ("memory", "copied", "cached"):
            done = sum(len(s.files) for s, _, _, k in local if k == kind)
            setattr(self.stats, kind, getattr(self.stats, kind) + done)
        texts = [text for (_, text) in jobs]
        waiting = {id(seg): seg for waits in jobs.values() for seg, _ in waits}
        entries = sum(len(seg.files) for seg in waiting.values())
        rows = [PlanRow(lang.code, self.engine.name, entries, len(texts),
                        sum(len(t) for t in texts))]
        if self.articles is not None:
            rows = self.articles.plan(rows, jobs)
        self.stats.plan.extend(rows)

    # --- sending --------------------------------------------------------------

    def _dispatcher(self) -> Dispatcher:
        workers = self.options.workers or self.settings.translate_workers or self.engine.workers
        return Dispatcher(
            self.engine,
            workers=workers,
            timeout=self.timeout,
            retry=self.options.retry,
            breaker=self.breaker,
        )

    def _dispatch(self, jobs: dict[tuple[str, str], list[tuple[_Segment, int]]]) -> None:
        if self.articles is not None:
            self._dispatch_articles(jobs)
            return
        by_code = {s.lang.code: s.lang for waits in jobs.values() for s, _ in waits}
        work = [Job(text, self.settings.source, by_code[code]) for code, text in jobs]
        dispatcher = self._dispatcher()
        assert self.cache is not None
        # the cache and the entries get the answer, or neither; with no cache there is
        # nothing to keep in step (an entry filled in some files only is saved all the same)
        whole = held if self.cache.enabled else contextlib.nullcontext
        try:
            for outcome in dispatcher.run(work):
                if outcome is not None:
                    with whole():
                        self._received(outcome, jobs[(outcome.job.target.code, outcome.job.text)])
                self._maybe_save()
        finally:
            dispatcher.stop.set()
            self.stats.requests += dispatcher.requests
            self.stats.characters += dispatcher.characters

    def _dispatch_articles(self, jobs: dict[tuple[str, str], list[tuple[_Segment, int]]]) -> None:
        assert self.articles is not None
        try:
            for settled in self.articles.send(jobs, self._dispatcher):
                if settled is not None:
                    with held():  # the cache and the entries get the answer, or neither
                        self._settled(*settled)
                self._maybe_save()
        finally:  # the planner counts over the whole run
            self.stats.requests = self.articles.requests
            self.stats.characters = self.articles.characters
            self.stats.tokens_in = self.articles.engine.prompt_tokens
            self.stats.tokens_out = self.articles.engine.completion_tokens

    def _settled(self, done: Done, waiting: list[tuple[_Segment, int]]) -> None:
        if done.text is None:
            for segment, _ in waiting:
                self._fail(segment, done.reason)
            return
        assert self.cache is not None
        piece = done.piece
        self.cache.put(self._cache_name(waiting[0][0]), self.settings.source.code,
                       piece.lang.code, piece.protected.text, done.text)
        for segment, index in waiting:
            segment.results[index] = done.text
            if len(segment.results) == len(segment.chunks):
                self._complete(segment, "translated")

    def _received(self, outcome: Outcome, waiting: list[tuple[_Segment, int]]) -> None:
        if outcome.tripped:
            self.options.warn(
                f"engine {self.engine.describe()} stopped for the rest of this run: "
                f"{self.breaker.reason}"
            )
        if outcome.error is not None or outcome.result is None:
            reason = str(outcome.error or "no translation")
            for segment, _ in waiting:
                self._fail(segment, reason)
            return
        problem = _check_answer(waiting[0], outcome.job.text, outcome.result)
        if problem:
            for segment, _ in waiting:
                self._fail(segment, problem)
            return
        assert self.cache is not None
        self.cache.put(
            self.engine.name,
            self.settings.source.code,
            outcome.job.target.code,
            outcome.job.text,
            outcome.result,
        )
        for segment, index in waiting:
            segment.results[index] = outcome.result
            if len(segment.results) == len(segment.chunks):
                self._complete(segment, "translated")

    def _complete(self, segment: _Segment, kind: str) -> None:
        assert segment.protected is not None
        joined = "".join(segment.results[i] + sep for i, (_, sep) in enumerate(segment.chunks))
        if segment.restored is not None and segment.restored[0] == joined:
            restored = segment.restored[1]  # already restored when the answer was checked
        else:
            try:
                restored = segment.protected.restore(joined)
            except PlaceholderError as exc:
                self._fail(segment, str(exc))
                return
        self._apply(segment, restored, marked_machine(self.engine.label()), kind)

    # --- writing --------------------------------------------------------------

    def _apply(
        self, segment: _Segment, msgstr: str, mark: Marker, kind: str
    ) -> None:
        if segment.finished:
            return
        segment.finished = True
        now = time.monotonic()
        for tracked, context in zip(segment.files, segment.contexts, strict=True):
            if tracked.fill((context, segment.msgid), msgstr, mark):
                setattr(self.stats, kind, getattr(self.stats, kind) + 1)
                self.since_save += 1
                self.dirty_since.setdefault(tracked.display, (now, tracked))
        self._settle(segment)

    def _fail(self, segment: _Segment, reason: str) -> None:
        if segment.finished:
            return
        segment.finished = True
        self.stats.failed += len(segment.files)
        self.stats.failures.append(
            Failure(
                segment.lang.code, segment.msgid, tuple(f.display for f in segment.files), reason
            )
        )
        self._settle(segment)

    def _settle(self, segment: _Segment) -> None:
        """``segment`` is done with: each of its files that has nothing else coming is saved
        at the next ``_maybe_save`` (outside the steps Ctrl-C must not cut)."""
        self._advance(segment)
        for tracked in segment.files:
            self.pending[tracked.display] -= 1
            if self.pending[tracked.display] <= 0:
                self.complete.append(tracked)

    def _advance(self, segment: _Segment) -> None:
        if self.progress is not None:
            self.progress.advance(segment.lang.code, len(segment.files))

    def _maybe_save(self) -> None:
        complete, self.complete = self.complete, []
        for tracked in complete:
            self._save(tracked)
        every = self.options.save_every
        if every and self.since_save >= every:
            self._save_all()
            return
        old = time.monotonic() - self.options.save_seconds
        while self.dirty_since:
            since, tracked = next(iter(self.dirty_since.values()))
            if since > old:
                break
            self._save(tracked)

    def _save_all(self) -> None:
        self.complete = []
        for tracked in self.files:
            self._save(tracked)
        self.since_save = 0

    def _save(self, tracked: TrackedPo) -> None:
        self.dirty_since.pop(tracked.display, None)
        if tracked.display in self.unwritable or not tracked.dirty:
            return
        try:
            note = tracked.save()
        except LocalizeError as exc:
            self.unwritable.add(tracked.display)
            self.stats.errors.append(exc)
            return
        self.written.add(tracked.display)
        if note:
            self.options.warn(note)


def _check_answer(waiting: tuple[_Segment, int], sent: str, answer: str) -> str | None:
    """Why an answer cannot be used (and must not be cached), or None."""
    segment, _ = waiting
    if len(segment.chunks) == 1 and segment.protected is not None:
        try:
            segment.restored = (answer, segment.protected.restore(answer))
        except PlaceholderError as exc:
            return str(exc)
    elif Counter(token_numbers(answer)) != Counter(token_numbers(sent)):
        return "markup did not survive translation (placeholders changed)"
    return None


def _segments(files: list[TrackedPo]) -> list[_Segment]:
    found: dict[tuple[str, str], _Segment] = {}
    for tracked in files:
        for entry in tracked.fillable():
            key = (tracked.lang.code, entry.msgid)
            segment = found.get(key)
            if segment is None:
                found[key] = segment = _Segment(tracked.lang, entry.msgid, [])
            segment.files.append(tracked)
            segment.contexts.append(entry.msgctxt)
    return list(found.values())
