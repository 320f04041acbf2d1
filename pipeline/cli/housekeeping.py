"""Commands that set a project up and tidy it: init and prune."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pipeline.cli.base import (
    cli,
    fail_on_errors,
    global_options,
    layout_option,
    note,
    reports_errors,
    settings_of,
    writes_project,
)


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

    settings = settings_of(ctx)
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
        note(f"  archived {line}")
    fail_on_errors(stats.errors, "prune")


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
@layout_option
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
