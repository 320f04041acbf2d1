"""The pipeline's stages as commands: extract, translate, validate, status, assemble, and run.

Each parses its options, calls one library function and prints its result:
results on stdout, progress and diagnostics on stderr. ``run`` checks every
option and the engine before any stage writes a file.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from pipeline.cli.base import (
    Interrupted,
    StageFailed,
    articles_argument,
    cli,
    engine_option,
    exit_on_errors,
    fail_on_errors,
    format_option,
    global_options,
    interrupt,
    languages_option,
    layout_option,
    note,
    reports_errors,
    reviewed_only_option,
    settings_of,
    text_or_json_option,
    threading_is_main,
    verbosity,
    writes_project,
)
from pipeline.errors import UsageError
from pipeline.project.settings import Settings, with_overrides

# The stages are imported by the commands that run them: these modules stay light, and so
# does every worker process that imports them again (a spawned process re-imports the
# ``localize`` script, hence this package).
if TYPE_CHECKING:
    from pipeline.translate.stage import TranslateOptions, TranslateStats


@cli.command()
@global_options()
@articles_argument
@click.pass_context
@reports_errors
@writes_project
def extract(ctx: click.Context, articles: tuple[str, ...]) -> None:
    """Extract source/*.md into po/<slug>/<slug>.pot and update every PO file."""
    from pipeline.extract.stage import extract as extract_stage

    stats = extract_stage(settings_of(ctx), list(articles) or None)
    click.echo(
        f"extract: {stats.articles} article(s), {stats.entries} entries; "
        f"{len(stats.written)} file(s) written, {stats.unchanged} unchanged"
    )
    for name in stats.written:
        note(f"  wrote {name}")
    fail_on_errors(stats.errors, "extract")


@cli.command()
@global_options()
@articles_argument
@engine_option
@languages_option(
    "Only this target language (repeatable). Default: every target language.")
@click.option("--libre-url", metavar="URL", help="LibreTranslate server for --engine libre.")
@click.option("--llm-url", metavar="URL",
              help="OpenAI-compatible endpoint for --engine llm (default: local Ollama).")
@click.option("--llm-model", metavar="NAME", help="Model for --engine llm.")
@click.option("--workers", type=click.IntRange(1, 64), help="Concurrent calls to the engine.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="S",
              help="Deadline of one call in seconds (default 20).")
@click.option("--dry-run", is_flag=True, help="Only list what would be sent; write nothing.")
@click.option("--retranslate-fuzzy", is_flag=True,
              help="Also replace machine translations nobody has reviewed yet.")
@click.pass_context
@reports_errors
@writes_project
def translate(
    ctx: click.Context, articles: tuple[str, ...], engine: str | None, languages: tuple[str, ...],
    libre_url: str | None, llm_url: str | None, llm_model: str | None, workers: int | None,
    timeout: float | None, dry_run: bool, retranslate_fuzzy: bool,
) -> None:
    """Fill untranslated PO entries by machine translation, marked fuzzy and `mt: <engine>`."""
    from pipeline.translate.stage import TranslateOptions

    options = TranslateOptions(
        engine=engine, languages=languages, libre_url=libre_url, llm_url=llm_url,
        llm_model=llm_model, workers=workers,
        timeout=timeout, dry_run=dry_run, retranslate_fuzzy=retranslate_fuzzy,
        progress=False if verbosity() == 0 else None,
    )
    stats = _translate(settings_of(ctx), articles, options)
    if not stats.ok:
        raise StageFailed(_translate_problem(stats))


def _translate(settings: Settings, articles: tuple[str, ...], options: TranslateOptions
               ) -> TranslateStats:
    """Run the stage with SIGTERM treated like Ctrl-C, then print its results."""
    from pipeline.translate.stage import translate as translate_stage

    previous = None
    if threading_is_main():
        previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        stats = translate_stage(settings, list(articles) or None, options)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    _print_translate(stats, options.dry_run)
    if stats.interrupted:
        raise Interrupted("interrupted; every translation received so far was saved")
    return stats


def _print_translate(stats: TranslateStats, dry_run: bool) -> None:
    from pipeline.translate.report import dry_run_table, problem_lines, summary

    for line in (dry_run_table(stats) if dry_run else [summary(stats)]):
        click.echo(line)
    for line in problem_lines(stats):
        click.echo(f"error: {line}", err=True)


def _translate_problem(stats: TranslateStats) -> str:
    return "translate: " + "; ".join(stats.problems())


@cli.command()
@global_options()
@articles_argument
@format_option
@reviewed_only_option
@layout_option
@click.option("--fallback", type=click.Choice(["english", "omit"]), default=None,
              help="A language below its min_complete threshold: shown with English in the gaps, "
                   "or not published at all. Default: the fallback setting (english).")
@click.option("--preview", is_flag=True,
              help="Build a layout preview instead, into output/_preview/ (_preview/ with a "
                   "generator layout): every language, pseudo-localization shown. The site "
                   "itself is not touched.")
@click.pass_context
@reports_errors
@writes_project
def assemble(ctx: click.Context, articles: tuple[str, ...], output_format: str,
             reviewed_only: bool | None, layout: str | None, fallback: str | None,
             preview: bool = False) -> None:
    """Build output/<lang>/<slug>.html and .md for every published language.

    Exit codes: 0 every page built (translations that fail an error-level check
    or add markup are not published: their English text is shown, and each is
    listed on stderr); 1 a file could not be read or written; 2 usage error.
    """
    from pipeline.assemble.build import assemble as assemble_stage

    settings = with_overrides(settings_of(ctx), reviewed_only=reviewed_only, fallback=fallback,
                              output_layout=layout)
    formats = ("html", "md") if output_format == "both" else (output_format,)
    stats = assemble_stage(settings, list(articles) or None, formats, preview)
    click.echo(
        f"assemble: {stats.articles} article(s); {len(stats.written)} file(s) written, "
        f"{stats.unchanged} unchanged, in {stats.output}/"
    )
    for page in stats.pages:
        click.echo(f"  {page.slug} {page.lang.code}: {page.describe()}")
    for name in stats.removed:
        note(f"  removed {name} (language not published)")
    for refusal in stats.refusals:
        click.echo(f"warning: {refusal}", err=True)
    if stats.refusals:
        click.echo(f"  {len(stats.refusals)} translation(s) not published (an error-level check "
                   "failed, or markup was added; each named above on stderr): the English text "
                   "is shown")
    if stats.checked:
        click.echo(f"assemble: checked {stats.checked} entries validate had not checked", err=True)
    if stats.site_index:
        click.echo(f"Open {stats.site_index} in a browser to see the site.")
    fail_on_errors(stats.errors, "assemble")


def _thresholds(pairs: tuple[str, ...]) -> dict[str, float]:
    """``CODE=N`` options as a dict; anything else is a usage error."""
    result: dict[str, float] = {}
    for pair in pairs:
        code, sep, value = pair.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if not sep or not code.strip() or not 0 <= number <= 100:
            raise UsageError(f"--min-complete-lang wants CODE=N with N from 0 to 100, not {pair!r}")
        result[code.strip()] = number
    return result


@cli.command()
@global_options()
@articles_argument
@languages_option()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "github"]),
              default="text", show_default=True, help="Report format.")
@click.option("--min-complete", type=click.FloatRange(0, 100), metavar="N",
              help="Fail if an article is less than N % complete in a language. "
              "Default: setting min_complete.")
@click.option("--min-complete-lang", multiple=True, metavar="CODE=N",
              help="Threshold for one language (repeatable). Default: min_complete_per_language.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option("--skip", multiple=True, metavar="CHECK", help="Do not run this check (repeatable).")
@click.option("--no-cache", is_flag=True, help="Check every entry again, ignoring cached results.")
@click.option("--list-checks", is_flag=True, help="List every check (a Markdown table) and exit.")
@click.pass_context
@reports_errors
def validate(
    ctx: click.Context, articles: tuple[str, ...], languages: tuple[str, ...], fmt: str,
    min_complete: float | None, min_complete_lang: tuple[str, ...], strict: bool,
    skip: tuple[str, ...], no_cache: bool, list_checks: bool,
) -> None:
    """Check every PO file: syntax, completeness, language, markup, punctuation.

    Exit codes: 0 no errors (warnings allowed unless --strict) and every
    article complete enough in every language; 1 errors, a failed
    completeness gate, or warnings with --strict; 2 usage error.
    """
    from pipeline.checks import all_checks
    from pipeline.validate.report import render, render_checks
    from pipeline.validate.stage import validate as validate_stage

    if list_checks:
        click.echo(render_checks(all_checks(), "json" if fmt == "json" else "text"), nl=False)
        return
    report = validate_stage(
        settings_of(ctx), list(articles) or None, list(languages) or None,
        min_complete=min_complete, min_complete_per_language=_thresholds(min_complete_lang),
        strict=strict, skip=skip, use_cache=not no_cache,
    )
    click.echo(render(report, fmt), nl=False)
    note(f"validate: {report.entries} entries, {report.cached} from cache")
    ctx.exit(report.exit_code)


@cli.command()
@global_options()
@articles_argument
@languages_option()
@text_or_json_option
@click.pass_context
@reports_errors
def status(
    ctx: click.Context, articles: tuple[str, ...], languages: tuple[str, ...], fmt: str
) -> None:
    """Show how complete each article is in each language (entries, words, percent)."""
    from pipeline.status import glossary_line, render_status_json, render_status_text
    from pipeline.status import status as status_stage

    report = status_stage(settings_of(ctx), list(articles) or None, list(languages) or None)
    text = render_status_json(report) if fmt == "json" else render_status_text(report)
    click.echo(text, nl=False)
    line = glossary_line(settings_of(ctx)) if fmt == "text" else None
    if line:
        click.echo(line)
    exit_on_errors(ctx, report.errors)


@cli.command()
@global_options()
@articles_argument
@engine_option
@click.option("--offline", is_flag=True, help="Skip machine translation (same as --engine none).")
@languages_option(
    "Translate and validate only this language (repeatable); every language "
    "is still assembled, so the language switcher stays whole.")
@click.option("--dry-run", is_flag=True,
              help="Write nothing: list what translate would send for the PO files as they "
                   "are, and stop.")
@reviewed_only_option
@format_option
@layout_option
@click.pass_context
@reports_errors
@writes_project
def run(ctx: click.Context, articles: tuple[str, ...], engine: str | None, offline: bool,
        languages: tuple[str, ...], dry_run: bool, reviewed_only: bool | None,
        output_format: str, layout: str | None) -> None:
    """Run every stage in order: extract, translate (missing entries only), validate, assemble.

    Every option and the engine are checked before any stage writes a file.
    The engine is contacted only when an entry is actually missing. Validation
    problems are reported and decide the exit code, but the site is still
    assembled (the publication policy keeps unfit text out of it).
    """
    from pipeline.checks.base import ERROR, WARNING
    from pipeline.runtime.memory import release
    from pipeline.translate.stage import TranslateOptions
    from pipeline.validate.report import render
    from pipeline.validate.stage import validate as validate_stage

    if offline and engine and engine.strip().lower() != "none":
        raise UsageError(f"--offline and --engine {engine} contradict each other; pass one")
    settings = with_overrides(settings_of(ctx), reviewed_only=reviewed_only, output_layout=layout)
    ctx.ensure_object(dict)["settings"] = settings
    options = TranslateOptions(engine="none" if offline else engine, languages=languages,
                               dry_run=dry_run, progress=False if verbosity() == 0 else None)
    _check_run(settings, articles, options)
    if dry_run:
        _translate(settings, articles, options)
        click.echo("run --dry-run: nothing was written (extract, validate and assemble not run)")
        return
    with _timed("extract"):
        ctx.invoke(extract, articles=articles)
    with _timed("translate"):
        stats = _translate(settings, articles, options)
    release()
    with _timed("validate"):
        report = validate_stage(settings, list(articles) or None, list(languages) or None)
    failed = report.exit_code
    if failed:
        click.echo(render(report, "text"), nl=False, err=True)
    click.echo(f"validate: {report.count(ERROR)} error(s), {report.count(WARNING)} warning(s), "
               f"{len(report.failed_gates)} completeness gate(s) failed")
    del report  # printed: its memory is better spent on assemble's workers
    release()
    with _timed("assemble"):
        ctx.invoke(assemble, articles=articles, output_format=output_format,
                   reviewed_only=reviewed_only, fallback=None, layout=layout)
    if not stats.ok:
        raise StageFailed(_translate_problem(stats))
    if failed:
        raise StageFailed("validate found problems (listed above); the site was assembled anyway")


def _check_run(settings: Settings, articles: tuple[str, ...], options: TranslateOptions) -> None:
    """Every problem ``run``'s stages would find in its options, before the first writes."""
    from pipeline.assemble.policy import check_policy
    from pipeline.mt.engines import NO_ENGINE, EngineOptions, get_engine
    from pipeline.project.layout import source_files

    name = (options.engine or settings.engine).strip().lower()
    if name != NO_ENGINE:
        get_engine(name, EngineOptions(settings.libre_url, settings.translate_timeout))
    settings.select_targets(options.languages)
    source_files(settings, list(articles) or None)
    check_policy(settings)


@contextlib.contextmanager
def _timed(stage: str) -> Iterator[None]:
    started = time.monotonic()
    yield
    note(f"run: {stage} took {time.monotonic() - started:.2f} s", level=2)
