"""The prune stage: clear away the catalogs and pages of articles and languages that are gone.

Rules:

- Gone means: a folder of ``po/`` that is no article's slug (nor the
  site's own catalog), a PO file of a language that is no longer a
  target, and in ``output/`` the pages of such articles and the folder of
  a language that is neither the source nor a target.
- A translator's work is never deleted: a PO file with at least one
  translated entry (or one that cannot be read, so nobody can tell) is
  moved to ``archive_dir`` under the same relative path (a second copy
  gets the time it was archived in its name). Templates (``.pot``),
  untranslated PO files and generated pages are deleted; folders left
  empty are removed. Files this stage does not know are left alone.
- Nothing is done while any source cannot be read: its slug would be
  unknown and its translations taken for gone.
- ``plan_prune`` only looks; ``apply_prune`` does what a plan says, inside
  the project only (``Settings.confine``). The command lists the plan and
  asks before applying it (``--yes`` does not ask, ``--dry-run`` only lists).
- A stage: it imports no other stage, only the layers below.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.errors import LocalizeError, OutputError, PoFileError
from pipeline.markdown.articles import article_slugs
from pipeline.po import catalog
from pipeline.project.languages import LANGUAGES
from pipeline.project.layout import SITE_DOMAIN
from pipeline.project.settings import Settings
from pipeline.runtime.confine import inside, remove_inside

ARCHIVE = "archive"
DELETE = "delete"
PAGE_SUFFIXES = (".html", ".md")


@dataclass(frozen=True)
class Action:
    """One file to move to the archive or to delete, and why."""

    kind: str
    path: Path
    reason: str


@dataclass
class PruneStats:
    """What ``apply_prune`` did (paths as shown to the user)."""

    archived: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    errors: list[LocalizeError] = field(default_factory=list)


def plan_prune(settings: Settings) -> list[Action]:
    """Every file that belongs to an article or language that is gone, and what to do with it."""
    errors: list[LocalizeError] = []
    slugs = [s for s in article_slugs(settings, None, errors) if s != SITE_DOMAIN]
    if errors:
        raise errors[0]
    catalogs = {*slugs, SITE_DOMAIN}
    return [*_po_actions(settings, catalogs), *_output_actions(settings, set(slugs))]


def _po_actions(settings: Settings, catalogs: set[str]) -> list[Action]:
    root = settings.po_path
    if not root.is_dir():
        return []
    wanted = {lang.po_filename for lang in settings.targets}
    actions = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        article_gone = folder.name not in catalogs
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            if path.suffix == ".pot" and article_gone:
                actions.append(Action(DELETE, path, f"article {folder.name!r} is gone"))
            elif path.suffix == ".po" and (article_gone or path.name not in wanted):
                why = (f"article {folder.name!r} is gone" if article_gone
                       else f"{path.stem} is not a target language")
                kind = ARCHIVE if _has_translations(settings, path) else DELETE
                actions.append(Action(kind, path, why))
    return actions


def _has_translations(settings: Settings, path: Path) -> bool:
    try:
        po = catalog.load_po(path, settings.display(path), settings.root)
    except PoFileError:
        return True  # cannot tell: keep it
    return any(catalog.is_translated(entry) for entry in po if not entry.obsolete)


def _output_actions(settings: Settings, slugs: set[str]) -> list[Action]:
    root = settings.output_path
    if not root.is_dir():
        return []
    published = {settings.source.code, *(lang.code for lang in settings.targets)}
    known = {lang.code for lang in LANGUAGES}
    actions = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        if folder.name not in known:
            continue  # not a language folder (assets, the stylesheet)
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            if path.suffix not in PAGE_SUFFIXES:
                continue
            if folder.name not in published:
                actions.append(Action(DELETE, path, f"{folder.name} is not a language of the site"))
            elif path.stem != "index" and path.stem not in slugs:
                actions.append(Action(DELETE, path, f"article {path.stem!r} is gone"))
    return actions


def apply_prune(settings: Settings, actions: list[Action]) -> PruneStats:
    """Move or delete what ``actions`` say; an action that fails is an error, the rest go on."""
    stats = PruneStats()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for action in actions:
        shown = settings.display(action.path)
        try:
            path = settings.confine(action.path)
            if action.kind == ARCHIVE:
                target = _archive_target(settings, path, stamp)
                inside(settings.root, path, shown)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)  # a link is moved as a link, never followed
                stats.archived.append(f"{shown} → {settings.display(target)}")
            else:
                remove_inside(settings.root, path, shown)
                stats.deleted.append(shown)
        except LocalizeError as exc:
            stats.errors.append(exc)
            continue
        except OSError as exc:
            stats.errors.append(OutputError(f"{shown}: cannot {action.kind}: "
                                            f"{exc.strerror or exc}"))
            continue
        _remove_if_empty(path.parent)
    return stats


def _archive_target(settings: Settings, path: Path, stamp: str) -> Path:
    """``archive_dir/<slug>/<locale>.po``; ``<locale>.<time>.po`` when that one exists."""
    relative = path.relative_to(settings.po_path)
    target = settings.confine(settings.root / settings.archive_dir / relative)
    if target.exists():
        target = target.with_name(f"{target.stem}.{stamp}{target.suffix}")
    return settings.confine(target)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty, or not ours: either way it stays
        folder.rmdir()
