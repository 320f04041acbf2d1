"""The ``localize`` command: one thin click command per stage, plus ``run``.

Commands parse options, call one library function, print its result. Library
errors (``LocalizeError``) become one-line messages on stderr with exit code
1 (2 for usage errors), and so does any ``OSError`` a stage did not expect;
nothing here lets a traceback through for bad input.
Results go to stdout, progress and diagnostics to stderr.
"""

from __future__ import annotations

import functools
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pipeline import __version__
from pipeline.errors import LocalizeError, UsageError
from pipeline.project.settings import Settings, load_settings, with_overrides
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


class _UsageProblem(click.ClickException):
    exit_code = 2


def _click_error(exc: LocalizeError) -> click.ClickException:
    """The click exception that prints ``exc`` as one line and exits with its code (1 or 2)."""
    kind = _UsageProblem if exc.exit_code == 2 else click.ClickException
    return kind(str(exc))


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
        with project_lock(settings.root, ctx.info_name or "", obj.get("wait", 0.0)):
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
        obj["settings"] = load_settings(obj.get("project"))
    settings: Settings = obj["settings"]
    return settings


def _report(errors: Sequence[LocalizeError], what: str) -> None:
    for error in errors:
        click.echo(f"error: {error}", err=True)
    if errors:
        raise StageFailed(
            f"{what}: {len(errors)} error(s); nothing was written for the files named above"
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="localize")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LOCALIZE_PROJECT",
    help="Project folder (holding pyproject.toml). "
    "Default: the nearest one above the current folder.",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds to wait for another localize process working on the same project.",
)
@click.pass_context
def cli(ctx: click.Context, project: Path | None, wait: float) -> None:
    """Localize Markdown articles through gettext PO files.

    Stages: extract → translate → validate → assemble; `run` does them all.
    """
    obj = ctx.ensure_object(dict)
    obj["project"] = project
    obj["wait"] = wait


@cli.command()
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
        click.echo(f"  wrote {name}", err=True)
    _report(stats.errors, "extract")


def engine_option(func: F) -> F:
    return click.option(
        "--engine", metavar="NAME",
        help="Machine translation engine: google (default), mymemory, libre, deepl, microsoft, "
             "llm, pseudo, apertium, or none.",
    )(func)


@cli.command()
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


@cli.command()
@articles_argument
@click.option("--format", "output_format", type=click.Choice(["html", "md", "both"]),
              default="both", show_default=True, help="Which editions to write.")
@click.option("--reviewed-only/--no-reviewed-only", default=None,
              help="Withhold unreviewed machine translation (English is shown instead). "
                   "Default: the reviewed_only setting (off).")
@click.option("--fallback", type=click.Choice(["english", "omit"]), default=None,
              help="A language below its min_complete threshold: shown with English in the gaps, "
                   "or not published at all. Default: the fallback setting (english).")
@click.pass_context
@reports_errors
@writes_project
def assemble(ctx: click.Context, articles: tuple[str, ...], output_format: str,
             reviewed_only: bool | None, fallback: str | None) -> None:
    """Build output/<lang>/<slug>.html and .md for every published language."""
    from pipeline.assemble.build import assemble as assemble_stage

    settings = with_overrides(_settings(ctx), reviewed_only=reviewed_only, fallback=fallback)
    formats = ("html", "md") if output_format == "both" else (output_format,)
    stats = assemble_stage(settings, list(articles) or None, formats)
    click.echo(
        f"assemble: {stats.articles} article(s); {len(stats.written)} file(s) written, "
        f"{stats.unchanged} unchanged, in {settings.display(settings.output_path)}/"
    )
    for page in stats.pages:
        click.echo(f"  {page.slug} {page.lang.code}: {page.describe()}")
    for name in stats.removed:
        click.echo(f"  removed {name} (language not published)", err=True)
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
    click.echo(f"validate: {report.entries} entries, {report.cached} from cache", err=True)
    ctx.exit(report.exit_code)


@cli.command()
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
@articles_argument
@engine_option
@click.option("--offline", is_flag=True, help="Skip machine translation (same as --engine none).")
@click.pass_context
@reports_errors
@writes_project
def run(ctx: click.Context, articles: tuple[str, ...], engine: str | None, offline: bool) -> None:
    """Run every stage in order: extract, translate (missing entries only), validate, assemble.

    The engine is contacted only when an entry is actually missing. Validation
    problems are reported and decide the exit code, but the site is still
    assembled (the publication policy keeps unfit text out of it).
    """
    from pipeline.checks.base import ERROR, WARNING
    from pipeline.runtime.memory import release
    from pipeline.translate.stage import TranslateOptions
    from pipeline.validate.report import render
    from pipeline.validate.stage import validate as validate_stage

    ctx.invoke(extract, articles=articles)
    settings = _settings(ctx)
    stats = _translate(settings, articles, TranslateOptions(engine="none" if offline else engine))
    release()
    report = validate_stage(settings, list(articles) or None)
    failed = report.exit_code
    if failed:
        click.echo(render(report, "text"), nl=False, err=True)
    click.echo(f"validate: {report.count(ERROR)} error(s), {report.count(WARNING)} warning(s), "
               f"{len(report.failed_gates)} completeness gate(s) failed")
    del report  # printed: its memory is better spent on assemble's workers
    release()
    ctx.invoke(assemble, articles=articles)
    if not stats.ok:
        raise StageFailed(_translate_problem(stats))
    if failed:
        raise StageFailed("validate found problems (listed above); the site was assembled anyway")


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="localize")
