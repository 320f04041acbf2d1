"""The ``localize`` command: one thin click command per stage, plus ``run``.

Commands parse options, call one library function, print its result. Library
errors (``LocalizeError``) become one-line messages on stderr with their exit
code (1; 2 for usage and configuration errors; 3 when another process holds
the project's lock), and so does any ``OSError`` a stage did not expect;
nothing here lets a traceback through for bad input.
Results go to stdout, progress and diagnostics to stderr.

The options every command takes (``--project``, ``--wait``, ``--quiet``,
``--verbose``) are defined once (``global_options``) and accepted before
the command name and after it alike; given twice, the later one counts.
A command that needs a project and finds no configuration says to run
``localize init`` (exit 2).
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pipeline import __version__
from pipeline.errors import LocalizeError, UsageError
from pipeline.project.settings import (
    OUTPUT_LAYOUTS,
    Settings,
    find_root,
    load_settings,
    require_config,
    with_overrides,
)
from pipeline.runtime.lock import project_lock

# The stages are imported by the commands that run them: this module stays light, and so
# does every worker process that imports it again (a spawned process re-imports the
# ``localize`` script, hence this module).
if TYPE_CHECKING:
    from pipeline.translate.stage import TranslateOptions, TranslateStats

F = TypeVar("F", bound=Callable[..., Any])


class StageFailed(click.ClickException):
    """A stage finished but reported errors; they were already printed."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.message}", err=True)


def _click_error(exc: LocalizeError) -> click.ClickException:
    """The click exception that prints ``exc`` as one line and exits with its code."""
    kind = type(f"Exit{exc.exit_code}", (click.ClickException,), {"exit_code": exc.exit_code})
    error: click.ClickException = kind(str(exc))
    return error


def reports_errors(func: F) -> F:
    """Turn the pipeline's own errors into one-line click errors with the right exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LocalizeError as exc:
            raise _click_error(exc) from exc
        except OSError as exc:
            # The stages turn the I/O errors they expect into LocalizeError; this is the
            # net for any other (a disk that fails under a library), still one line.
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from exc

    return wrapper  # type: ignore[return-value]


def writes_project(func: F) -> F:
    """Hold the project's write lock while the command runs (re-entrant within `run`)."""

    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        obj = ctx.ensure_object(dict)
        if obj.get("locked"):
            return func(ctx, *args, **kwargs)
        settings = _settings(ctx)
        with project_lock(settings.root, ctx.info_name or "", obj.get("wait") or 0.0):
            obj["locked"] = True
            try:
                return func(ctx, *args, **kwargs)
            finally:
                obj["locked"] = False

    return wrapper  # type: ignore[return-value]


def articles_argument(func: F) -> F:
    return click.argument("articles", nargs=-1, metavar="[ARTICLE]...")(func)


def _settings(ctx: click.Context) -> Settings:
    obj = ctx.ensure_object(dict)
    if "settings" not in obj:
        root = (obj.get("project") or find_root(Path.cwd())).resolve()
        config = require_config(root)
        obj["settings"] = load_settings(root)
        _note(f"localize: project {root}, configuration {config.name}", level=2)
    settings: Settings = obj["settings"]
    return settings


def _verbosity() -> int:
    """0 with --quiet, 1 by default, 2 with --verbose."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.ensure_object(dict) if ctx is not None else {}
    if obj.get("quiet"):
        return 0
    return 2 if obj.get("verbose") else 1


def _note(text: str, level: int = 1) -> None:
    """A diagnostic on stderr, shown at ``level`` (1: by default; 2: with --verbose)."""
    if _verbosity() >= level:
        click.echo(text, err=True)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Store a global option in the shared context object, where given (None/False: not)."""
    if value is not None and value is not False and param.name:
        ctx.ensure_object(dict)[param.name] = value
    return value


def global_options(group: bool = False) -> Callable[[F], F]:
    """``--project``, ``--wait``, ``--quiet``, ``--verbose``: on the group and on every command,
    so that they work before and after the command name (sqlite-utils defines shared
    options once like this)."""

    def decorate(func: F) -> F:
        options = [
            click.option(
                "--project", type=click.Path(file_okay=False, path_type=Path),
                envvar="LOCALIZE_PROJECT" if group else None, expose_value=False,
                callback=_remember, is_eager=True,
                help="Project folder (holding [tool.localize] in pyproject.toml, or "
                     "localize.toml). Default: the nearest one above the current folder."),
            click.option(
                "--wait", type=click.FloatRange(min=0), metavar="SECONDS", expose_value=False,
                callback=_remember,
                help="Seconds to wait for another localize process working on the same "
                     "project (default 0: exit at once with code 3)."),
            click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_remember,
                         help="Only results and errors: no progress, no notes on stderr."),
            click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_remember,
                         help="Also say which configuration is used and how long stages take."),
        ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _report(errors: Sequence[LocalizeError], what: str) -> None:
    for error in errors:
        click.echo(f"error: {error}", err=True)
    if errors:
        raise StageFailed(
            f"{what}: {len(errors)} error(s); nothing was written for the files named above"
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="localize")
@global_options(group=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Localize Markdown articles through gettext PO files.

    Stages: extract → translate → validate → assemble; `run` does them all.
    `init` starts a project; `prune` clears away what is gone.
    Exit codes: 0 success, 1 problems found, 2 usage or configuration error,
    3 another localize process holds the project's lock.
    """
    ctx.ensure_object(dict)


@cli.command()
@global_options()
@articles_argument
@click.pass_context
@reports_errors
@writes_project
def extract(ctx: click.Context, articles: tuple[str, ...]) -> None:
    """Extract source/*.md into po/<slug>/<slug>.pot and update every PO file."""
    from pipeline.extract.stage import extract as extract_stage

    stats = extract_stage(_settings(ctx), list(articles) or None)
    click.echo(
        f"extract: {stats.articles} article(s), {stats.entries} entries; "
        f"{len(stats.written)} file(s) written, {stats.unchanged} unchanged"
    )
    for name in stats.written:
        _note(f"  wrote {name}")
    _report(stats.errors, "extract")


def engine_option(func: F) -> F:
    return click.option(
        "--engine", metavar="NAME",
        help="Machine translation engine: google (default), mymemory, libre, deepl, microsoft, "
             "llm, pseudo, apertium, or none.",
    )(func)


@cli.command()
@global_options()
@articles_argument
@engine_option
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only this target language (repeatable). Default: every target language.")
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
        progress=False if _verbosity() == 0 else None,
    )
    stats = _translate(_settings(ctx), articles, options)
    if not stats.ok:
        raise StageFailed(_translate_problem(stats))


def _translate(settings: Settings, articles: tuple[str, ...], options: TranslateOptions
               ) -> TranslateStats:
    """Run the stage with SIGTERM treated like Ctrl-C, then print its results."""
    from pipeline.translate.stage import translate as translate_stage

    previous = None
    if threading_is_main():
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        stats = translate_stage(settings, list(articles) or None, options)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    _print_translate(stats, options.dry_run)
    if stats.interrupted:
        raise Interrupted("interrupted; every translation received so far was saved")
    return stats


class Interrupted(click.ClickException):
    """Ctrl-C or SIGTERM: what had arrived was saved; exit like a shell does for SIGINT."""

    exit_code = 130


def threading_is_main() -> bool:
    return threading.current_thread() is threading.main_thread()


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _print_translate(stats: TranslateStats, dry_run: bool) -> None:
    from pipeline.translate.report import dry_run_table, problem_lines, summary

    for line in (dry_run_table(stats) if dry_run else [summary(stats)]):
        click.echo(line)
    for line in problem_lines(stats):
        click.echo(f"error: {line}", err=True)


def _translate_problem(stats: TranslateStats) -> str:
    return "translate: " + "; ".join(stats.problems())


def _format_option(func: F) -> F:
    return click.option(
        "--format", "output_format", type=click.Choice(["html", "md", "both"]), default="both",
        show_default=True, help="Which editions to write.")(func)


def _reviewed_only_option(func: F) -> F:
    return click.option(
        "--reviewed-only/--no-reviewed-only", default=None,
        help="Withhold unreviewed machine translation (English is shown instead). "
             "Default: the reviewed_only setting (off).")(func)


def _layout_option(func: F) -> F:
    return click.option(
        "--layout", type=click.Choice(OUTPUT_LAYOUTS), default=None,
        help="Where the editions go: a standalone site (site), or Markdown where Hugo, MkDocs "
             "(mkdocs-static-i18n) or Jekyll (polyglot) reads it. Default: output_layout.")(func)


@cli.command()
@global_options()
@articles_argument
@_format_option
@_reviewed_only_option
@_layout_option
@click.option("--fallback", type=click.Choice(["english", "omit"]), default=None,
              help="A language below its min_complete threshold: shown with English in the gaps, "
                   "or not published at all. Default: the fallback setting (english).")
@click.pass_context
@reports_errors
@writes_project
def assemble(ctx: click.Context, articles: tuple[str, ...], output_format: str,
             reviewed_only: bool | None, layout: str | None, fallback: str | None) -> None:
    """Build output/<lang>/<slug>.html and .md for every published language."""
    from pipeline.assemble.build import assemble as assemble_stage

    settings = with_overrides(_settings(ctx), reviewed_only=reviewed_only, fallback=fallback,
                              output_layout=layout)
    formats = ("html", "md") if output_format == "both" else (output_format,)
    stats = assemble_stage(settings, list(articles) or None, formats)
    click.echo(
        f"assemble: {stats.articles} article(s); {len(stats.written)} file(s) written, "
        f"{stats.unchanged} unchanged, in {settings.display(settings.output_path)}/"
    )
    for page in stats.pages:
        click.echo(f"  {page.slug} {page.lang.code}: {page.describe()}")
    for name in stats.removed:
        _note(f"  removed {name} (language not published)")
    for refusal in stats.refusals:
        click.echo(f"warning: {refusal}", err=True)
    if stats.site_index:
        click.echo(f"Open {stats.site_index} in a browser to see the site.")
    _report(stats.errors, "assemble")


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
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only this language (repeatable). Default: every target language.")
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
        _settings(ctx), list(articles) or None, list(languages) or None,
        min_complete=min_complete, min_complete_per_language=_thresholds(min_complete_lang),
        strict=strict, skip=skip, use_cache=not no_cache,
    )
    click.echo(render(report, fmt), nl=False)
    _note(f"validate: {report.entries} entries, {report.cached} from cache")
    ctx.exit(report.exit_code)


@cli.command()
@global_options()
@articles_argument
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only this language (repeatable). Default: every target language.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
@reports_errors
def status(
    ctx: click.Context, articles: tuple[str, ...], languages: tuple[str, ...], fmt: str
) -> None:
    """Show how complete each article is in each language (entries, words, percent)."""
    from pipeline.status import glossary_line, render_status_json, render_status_text
    from pipeline.status import status as status_stage

    report = status_stage(_settings(ctx), list(articles) or None, list(languages) or None)
    text = render_status_json(report) if fmt == "json" else render_status_text(report)
    click.echo(text, nl=False)
    line = glossary_line(_settings(ctx)) if fmt == "text" else None
    if line:
        click.echo(line)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if report.errors:
        ctx.exit(1)


@cli.group(invoke_without_command=True)
@global_options()
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only this language's terms (repeatable). Default: every language.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
@reports_errors
def glossary(ctx: click.Context, languages: tuple[str, ...], fmt: str) -> None:
    """Show the project's glossary (po/glossary.csv): each term's agreed translations.

    `localize glossary import FILE.tbx...` merges TBX termbases into it.
    """
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.glossary.stage import show
    from pipeline.project.glossary import load_glossary
    from pipeline.project.languages import get_languages

    found = load_glossary(_settings(ctx))
    click.echo(show(found, get_languages(languages), fmt), nl=False)
    for warning in found.warning_lines():
        click.echo(f"warning: {warning}", err=True)


@glossary.command("import")
@global_options()
@click.argument("files", nargs=-1, required=True, metavar="FILE.tbx...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@reports_errors
@writes_project
def glossary_import(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Merge TBX termbases (TBX-Basic, as Weblate, Crowdin and CAT tools export) into the glossary.

    Cells a translator filled are kept; empty ones are filled; new terms are added.
    """
    from pipeline.glossary.stage import import_summary, import_tbx

    for line in import_summary(import_tbx(_settings(ctx), list(files))):
        click.echo(line)


@cli.command()
@global_options()
@articles_argument
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only this language (repeatable). Default: every target language.")
@click.option("--only", "kinds", multiple=True, metavar="KIND",
              type=click.Choice(["machine", "stale", "fuzzy", "refused", "untranslated",
                                 "withheld", "check"]),
              help="Only entries of this kind (repeatable). Default: all.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
@reports_errors
def review(ctx: click.Context, articles: tuple[str, ...], languages: tuple[str, ...],
           kinds: tuple[str, ...], fmt: str) -> None:
    """List, per language, the entries that need a person, with their text and file:line."""
    from pipeline.review import render_review_json, render_review_text
    from pipeline.review import review as review_stage

    report = review_stage(_settings(ctx), list(articles) or None, list(languages) or None, kinds)
    if fmt == "json":
        click.echo(render_review_json(report), nl=False)
    else:  # click.echo drops the colours when stdout is not a terminal
        click.echo(render_review_text(report, click.style), nl=False)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if report.errors:
        ctx.exit(1)


@cli.command()
@global_options()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback lets others read the site.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--editor-url", metavar="TEMPLATE",
              help="Link for po/<slug>/<locale>.po:LINE in the translator view, with {path} "
                   "and {line}. Default: vscode://file{path}:{line}; file://{path} opens the "
                   "file with the system's handler.")
@click.pass_context
@reports_errors
def serve(ctx: click.Context, host: str, port: int, editor_url: str | None) -> None:
    """Serve the site on a local web server, rebuilt and reloaded as files are saved.

    A "Translator view" button shows each paragraph's state (reviewed,
    machine-translated, stale, fallback English, refused) and, on hover or
    keyboard focus, its English, what the checks found and its PO file and
    line. The published output/ folder is not touched.
    """
    from pipeline.serve.overlay import EDITOR
    from pipeline.serve.stage import ServeOptions
    from pipeline.serve.stage import serve as serve_stage

    options = ServeOptions(host=host, port=port, editor=editor_url or EDITOR)
    previous = signal.signal(signal.SIGTERM, _interrupt) if threading_is_main() else None
    try:
        serve_stage(_settings(ctx), _annotated_build, options)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _annotated_build(settings: Settings, only: list[str] | None) -> Any:
    """serve's ``Rebuild``: the assemble stage, HTML only, annotated for the translator view."""
    from pipeline.assemble.build import assemble as assemble_stage
    from pipeline.serve.stage import Built

    stats = assemble_stage(settings, only, ("html",), annotate=True)
    return Built(written=stats.written, errors=[str(e) for e in stats.errors])


@cli.command("export")
@global_options()
@articles_argument
@click.option("--format", "fmt", type=click.Choice(["xliff", "xliff2", "tmx"]), default="xliff",
              show_default=True, help="XLIFF 1.2, XLIFF 2.0, or a TMX 1.4 translation memory.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default="exchange",
              show_default=True, help="Folder to write into (relative to the current one).")
@click.option("--per", type=click.Choice(["article", "language"]), default="article",
              show_default=True, help="XLIFF: one file per article and language, or per language.")
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only this language (repeatable). Default: every target language.")
@click.option("--unreviewed", is_flag=True,
              help="TMX: also machine, stale and fuzzy translations, marked as such.")
@click.pass_context
@reports_errors
def export_command(ctx: click.Context, articles: tuple[str, ...], fmt: str, output: Path,
                   per: str, languages: tuple[str, ...], unreviewed: bool) -> None:
    """Write the PO files as XLIFF (for a CAT tool) or TMX (a translation memory)."""
    from pipeline.exchange.stage import export_files

    stats = export_files(_settings(ctx), output, fmt, list(articles) or None,
                         list(languages) or None, per, unreviewed)
    for name in stats.written:
        click.echo(f"  wrote {name}", err=True)
    click.echo(f"export: {len(stats.written)} file(s), {stats.units} entries, in {output}/")
    _report(stats.errors, "export")


@cli.command("import")
@global_options()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--overwrite", is_flag=True,
              help="Also take units whose entry changed in the PO file since the export.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.pass_context
@reports_errors
@writes_project
def import_command(ctx: click.Context, files: tuple[Path, ...], overwrite: bool,
                   dry_run: bool) -> None:
    """Take XLIFF files back into the PO files, and TMX files into the translation memory.

    Only entries whose English still matches are filled; an entry changed in
    the PO file since the export is kept unless --overwrite. Every change is
    listed.
    """
    from pipeline.exchange.stage import import_files

    report = import_files(_settings(ctx), list(files), overwrite, dry_run)
    for outcome in report.outcomes:
        click.echo(str(outcome))
    for code, added in sorted(report.memory.items()):
        click.echo(f"memory {code}: {added} new pair(s)" + (" (dry run)" if dry_run else ""))
    changed = sum(1 for o in report.outcomes if o.kind == "changed")
    conflicts = sum(1 for o in report.outcomes if o.kind == "conflict")
    skipped = sum(1 for o in report.outcomes if o.kind == "skipped")
    click.echo(f"import: {report.files} file(s): {changed} entr{'y' if changed == 1 else 'ies'} "
               f"changed, {report.unchanged} unchanged, {conflicts} conflict(s), "
               f"{skipped} skipped; {len(report.written)} PO file(s) written"
               + (" (dry run: nothing written)" if dry_run else ""))
    _report(report.errors, "import")
    if conflicts:
        ctx.exit(1)


@cli.command()
@global_options()
@articles_argument
@engine_option
@click.option("--offline", is_flag=True, help="Skip machine translation (same as --engine none).")
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Translate and validate only this language (repeatable); every language "
                   "is still assembled, so the language switcher stays whole.")
@click.option("--dry-run", is_flag=True,
              help="Write nothing: list what translate would send for the PO files as they "
                   "are, and stop.")
@_reviewed_only_option
@_format_option
@_layout_option
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
    settings = with_overrides(_settings(ctx), reviewed_only=reviewed_only, output_layout=layout)
    ctx.ensure_object(dict)["settings"] = settings
    options = TranslateOptions(engine="none" if offline else engine, languages=languages,
                               dry_run=dry_run, progress=False if _verbosity() == 0 else None)
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
    _note(f"run: {stage} took {time.monotonic() - started:.2f} s", level=2)


@cli.command()
@global_options()
@click.option("--yes", "-y", is_flag=True, help="Do it without asking.")
@click.option("--dry-run", is_flag=True, help="Only list what would be moved or removed.")
@click.pass_context
@reports_errors
@writes_project
def prune(ctx: click.Context, yes: bool, dry_run: bool) -> None:
    """Clear away PO files and pages of articles and languages that are gone.

    Translated PO files are moved to the archive folder (setting archive_dir,
    default po-archive/), never deleted; templates, untranslated PO files and
    pages are deleted. Lists what it will do and asks first, unless --yes.
    """
    from pipeline.prune import ARCHIVE, apply_prune, plan_prune

    settings = _settings(ctx)
    actions = plan_prune(settings)
    if not actions:
        click.echo("prune: nothing is gone; nothing to do")
        return
    for action in actions:
        verb = f"archive into {settings.archive_dir}/" if action.kind == ARCHIVE else "delete"
        click.echo(f"  {verb}: {settings.display(action.path)} ({action.reason})")
    if dry_run:
        click.echo(f"prune --dry-run: {len(actions)} file(s) listed; nothing was changed")
        return
    if not yes:
        click.confirm(f"Move or delete these {len(actions)} file(s)?", abort=True, err=True)
    stats = apply_prune(settings, actions)
    click.echo(f"prune: {len(stats.archived)} file(s) archived, {len(stats.deleted)} deleted")
    for line in stats.archived:
        _note(f"  archived {line}")
    _report(stats.errors, "prune")


@cli.command()
@global_options()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Take the default of every question not answered "
              "by an option; ask nothing.")
@click.option("--site-name", help="Name of the site (its brand). Default: My site.")
@click.option("--site-url", help="Address where the site is published (https://…), for "
              "canonical and hreflang links. Default: none (relative links).")
@click.option("--source-language", help="Language the articles are written in. Default: en.")
@click.option("--languages", help="Target languages, comma-separated (fr,de,es,ar,ja,cn …). "
              "Default: fr,de,es.")
@click.option("--engine", help="Machine translation engine (google, libre, deepl, …, none). "
              "Default: google.")
@_layout_option
@click.option("--workflow/--no-workflow", default=None,
              help="Write a GitHub Actions workflow. Default: yes.")
@click.option("--generator/--no-generator", default=None,
              help="With a generator layout, write its configuration. Default: yes.")
@click.pass_context
@reports_errors
def init(ctx: click.Context, folder: Path | None, yes: bool, site_name: str | None,
         site_url: str | None, source_language: str | None, languages: str | None,
         engine: str | None, layout: str | None, workflow: bool | None,
         generator: bool | None) -> None:
    """Start a project: configuration, an example article, .gitignore, CI workflow.

    FOLDER (default: --project, else the current folder) is created if need
    be; no existing file is ever overwritten. Asks for what no option gives,
    unless --yes.
    """
    from pipeline.init.stage import InitOptions, init_project

    default = InitOptions()
    target = folder or ctx.ensure_object(dict).get("project") or Path.cwd()

    def ask(value: Any, question: str, fallback: Any) -> Any:
        if value is not None or yes:
            return fallback if value is None else value
        if isinstance(fallback, bool):
            return click.confirm(question, default=fallback, err=True)
        return click.prompt(question, default=fallback, err=True)

    listed = ask(languages, "Target languages (comma-separated)", ",".join(default.languages))
    options = InitOptions(
        site_name=ask(site_name, "Site name", default.site_name),
        site_url=ask(site_url, "Site URL (https://…, empty for none)", default.site_url),
        source_language=ask(source_language, "Language of the articles", default.source_language),
        languages=tuple(code.strip() for code in str(listed).split(",") if code.strip()),
        engine=ask(engine, "Machine translation engine", default.engine),
        layout=ask(layout, "Output layout (site, hugo, mkdocs, jekyll)", default.layout),
        workflow=ask(workflow, "Write a GitHub Actions workflow?", default.workflow),
        generator=ask(generator, "Write the generator's configuration?", default.generator),
    )
    stats = init_project(target, options)
    for name in stats.written:
        click.echo(f"  wrote {name}")
    for name in stats.kept:
        click.echo(f"  kept {name} (it exists; not overwritten)")
    click.echo(f"init: project ready in {target}; next: add articles to source/, then run "
               "`localize run`")


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="localize")
