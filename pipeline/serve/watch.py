"""Which articles a set of saved files asks to rebuild, and the loop that waits for saves.

Rules:

- Files are watched with ``watchfiles`` (the operating system's change
  notifications, through the Rust ``notify`` library; no polling of our
  own). Saves that come together (an editor writing a file then renaming
  it, as Poedit does) arrive as one set.
- ``source/…/<stem>.md`` rebuilds that article; ``po/<slug>/*.po`` (and
  ``.pot``) the article of that folder; ``po/site/`` (the site's own
  strings), ``pyproject.toml``, a removed article or a folder no article
  owns rebuild everything. Any other file changes nothing.
- A rebuild of a source change does not run ``extract``: serve never
  writes the project's files, so new English shows as English until
  ``localize extract`` merges it into the PO files.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import Change, watch

from pipeline.project.layout import SITE_DOMAIN, source_files
from pipeline.project.settings import Settings

Everything = None
"""What ``affected`` returns when every article must be rebuilt."""


def affected(settings: Settings, changes: Iterable[tuple[Change, str]]
             ) -> tuple[list[str] | None, list[str]]:
    """The article stems to rebuild (``None``: all) and the changed files, as displayed."""
    stems = {p.stem for p in source_files(settings)} if settings.source_path.is_dir() else set()
    wanted: set[str] = set()
    shown: list[str] = []
    everything = False
    for change, name in changes:
        path = Path(name)
        kind = _kind(settings, path)
        if kind is None:
            continue
        shown.append(settings.display(path))
        if kind == "all" or (kind not in stems) or change == Change.deleted:
            everything = True
        else:
            wanted.add(kind)
    return (None if everything else sorted(wanted)), sorted(set(shown))


def _kind(settings: Settings, path: Path) -> str | None:
    """The stem of the article ``path`` belongs to, ``"all"``, or ``None`` (not ours)."""
    if path == settings.root.resolve() / "pyproject.toml":
        return "all"
    if path.suffix == ".md" and settings.source_path in path.parents:
        return path.stem
    if path.suffix in (".po", ".pot") and settings.po_path in path.parents:
        folder = path.relative_to(settings.po_path).parts[0]
        return "all" if folder == SITE_DOMAIN else folder
    return None


def watch_project(settings: Settings, stop: threading.Event,
                  on_change: Callable[[set[tuple[Change, str]]], None]) -> None:
    """Call ``on_change`` with each set of saved files until ``stop`` is set."""
    roots = [p for p in (settings.source_path, settings.po_path) if p.is_dir()]
    pyproject = settings.root / "pyproject.toml"
    targets = [*roots, *([pyproject] if pyproject.is_file() else [])]
    for changes in watch(*targets, stop_event=stop, debounce=400, step=50,
                         raise_interrupt=False):
        on_change({(change, str(Path(name).resolve())) for change, name in changes})
