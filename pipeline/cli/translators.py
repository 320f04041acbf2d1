"""Commands for translators: glossary, review, serve, and export/import (XLIFF, TMX).

``serve`` gets its build, the assemble stage annotated for the translator
view, from here (``annotated_build``): no stage imports another.
"""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import click

from pipeline.cli.base import (
    articles_argument,
    cli,
    exit_on_errors,
    fail_on_errors,
    global_options,
    interrupt,
    languages_option,
    reports_errors,
    settings_of,
    text_or_json_option,
    threading_is_main,
    writes_project,
)
from pipeline.project.settings import Settings


@cli.group(invoke_without_command=True)
@global_options()
@languages_option(
    "Only this language's terms (repeatable). Default: every language.")
@text_or_json_option
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

    found = load_glossary(settings_of(ctx))
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

    for line in import_summary(import_tbx(settings_of(ctx), list(files))):
        click.echo(line)


@cli.command()
@global_options()
@articles_argument
@languages_option()
@click.option("--only", "kinds", multiple=True, metavar="KIND",
              type=click.Choice(["machine", "stale", "fuzzy", "refused", "untranslated",
                                 "withheld", "check"]),
              help="Only entries of this kind (repeatable). Default: all.")
@text_or_json_option
@click.pass_context
@reports_errors
def review(ctx: click.Context, articles: tuple[str, ...], languages: tuple[str, ...],
           kinds: tuple[str, ...], fmt: str) -> None:
    """List, per language, the entries that need a person, with their text and file:line."""
    from pipeline.review import render_review_json, render_review_text
    from pipeline.review import review as review_stage

    report = review_stage(settings_of(ctx), list(articles) or None, list(languages) or None, kinds)
    if fmt == "json":
        click.echo(render_review_json(report), nl=False)
    else:  # click.echo drops the colours when stdout is not a terminal
        click.echo(render_review_text(report, click.style), nl=False)
    exit_on_errors(ctx, report.errors)


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
    previous = signal.signal(signal.SIGTERM, interrupt) if threading_is_main() else None
    try:
        serve_stage(settings_of(ctx), annotated_build, options)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def annotated_build(settings: Settings, only: list[str] | None) -> Any:
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
@languages_option()
@click.option("--unreviewed", is_flag=True,
              help="TMX: also machine, stale and fuzzy translations, marked as such.")
@click.pass_context
@reports_errors
def export_command(ctx: click.Context, articles: tuple[str, ...], fmt: str, output: Path,
                   per: str, languages: tuple[str, ...], unreviewed: bool) -> None:
    """Write the PO files as XLIFF (for a CAT tool) or TMX (a translation memory)."""
    from pipeline.exchange.stage import export_files

    stats = export_files(settings_of(ctx), output, fmt, list(articles) or None,
                         list(languages) or None, per, unreviewed)
    for name in stats.written:
        click.echo(f"  wrote {name}", err=True)
    click.echo(f"export: {len(stats.written)} file(s), {stats.units} entries, in {output}/")
    fail_on_errors(stats.errors, "export")


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

    report = import_files(settings_of(ctx), list(files), overwrite, dry_run)
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
    fail_on_errors(report.errors, "import")
    if conflicts:
        ctx.exit(1)
