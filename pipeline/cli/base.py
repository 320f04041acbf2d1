"""What every command shares: the ``localize`` group, the global options, errors and the lock.

- Library errors (``LocalizeError``) become one-line messages on stderr with
  their exit code (1; 2 for usage and configuration errors; 3 when another
  process holds the project's lock), and so does any ``OSError`` a stage did
  not expect (``reports_errors``); nothing lets a traceback through.
- The options every command takes (``--project``, ``--wait``, ``--quiet``,
  ``--verbose``) are defined once (``global_options``) and accepted before
  the command name and after it alike; given twice, the later one counts.
- A command that needs a project and finds no configuration says to run
  ``localize init`` (exit 2) (``settings_of``).
- A command that writes holds the project's lock (``writes_project``).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline import __version__
from pipeline.errors import LocalizeError
from pipeline.project.settings import (
    OUTPUT_LAYOUTS,
    Settings,
    find_root,
    load_settings,
    require_config,
)
from pipeline.runtime.lock import project_lock

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
        settings = settings_of(ctx)
        with project_lock(settings.root, ctx.info_name or "", obj.get("wait") or 0.0):
            obj["locked"] = True
            try:
                return func(ctx, *args, **kwargs)
            finally:
                obj["locked"] = False

    return wrapper  # type: ignore[return-value]


def articles_argument(func: F) -> F:
    return click.argument("articles", nargs=-1, metavar="[ARTICLE]...")(func)


def settings_of(ctx: click.Context) -> Settings:
    obj = ctx.ensure_object(dict)
    if "settings" not in obj:
        root = (obj.get("project") or find_root(Path.cwd())).resolve()
        config = require_config(root)
        obj["settings"] = load_settings(root)
        note(f"localize: project {root}, configuration {config.name}", level=2)
    settings: Settings = obj["settings"]
    return settings


def verbosity() -> int:
    """0 with --quiet, 1 by default, 2 with --verbose."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.ensure_object(dict) if ctx is not None else {}
    if obj.get("quiet"):
        return 0
    return 2 if obj.get("verbose") else 1


def note(text: str, level: int = 1) -> None:
    """A diagnostic on stderr, shown at ``level`` (1: by default; 2: with --verbose)."""
    if verbosity() >= level:
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


def fail_on_errors(errors: Sequence[LocalizeError], what: str) -> None:
    """Print each error; if there were any, fail the command (exit 1)."""
    for error in errors:
        click.echo(f"error: {error}", err=True)
    if errors:
        raise StageFailed(
            f"{what}: {len(errors)} error(s); nothing was written for the files named above"
        )


def exit_on_errors(ctx: click.Context, errors: Sequence[LocalizeError]) -> None:
    """Print each error after a report that was still printed; exit 1 if there were any."""
    for error in errors:
        click.echo(f"error: {error}", err=True)
    if errors:
        ctx.exit(1)


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


def engine_option(func: F) -> F:
    return click.option(
        "--engine", metavar="NAME",
        help="Machine translation engine: google (default), mymemory, libre, deepl, microsoft, "
             "llm, pseudo, apertium, or none.",
    )(func)


class Interrupted(click.ClickException):
    """Ctrl-C or SIGTERM: what had arrived was saved; exit like a shell does for SIGINT."""

    exit_code = 130


def threading_is_main() -> bool:
    return threading.current_thread() is threading.main_thread()


def interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def languages_option(
    help: str = "Only this language (repeatable). Default: every target language.",
) -> Callable[[F], F]:
    """``--lang CODE``, repeatable, as ``languages``."""
    return click.option("--lang", "languages", multiple=True, metavar="CODE", help=help)


def text_or_json_option(func: F) -> F:
    """``--format text|json`` for a report, as ``fmt``."""
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Output format.")(func)


def format_option(func: F) -> F:
    return click.option(
        "--format", "output_format", type=click.Choice(["html", "md", "both"]), default="both",
        show_default=True, help="Which editions to write.")(func)


def reviewed_only_option(func: F) -> F:
    return click.option(
        "--reviewed-only/--no-reviewed-only", default=None,
        help="Withhold unreviewed machine translation (English is shown instead). "
             "Default: the reviewed_only setting (off).")(func)


def layout_option(func: F) -> F:
    return click.option(
        "--layout", type=click.Choice(OUTPUT_LAYOUTS), default=None,
        help="Where the editions go: a standalone site (site), or Markdown where Hugo, MkDocs "
             "(mkdocs-static-i18n) or Jekyll (polyglot) reads it. Default: output_layout.")(func)
