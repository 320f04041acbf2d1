"""What one assemble run wrote, and the two ways it touches a file.

Rules: a file is rewritten only when its bytes change, atomically and only
inside the project (``runtime.files``, ``runtime.confine``); each write or
removal is counted in ``AssembleStats`` under the name the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.assemble.policy import Refusal
from pipeline.assemble.summary import PageReport
from pipeline.errors import LocalizeError, OutputError
from pipeline.project.settings import Settings
from pipeline.runtime.confine import remove_inside
from pipeline.runtime.files import WriteBehind, write_text_if_changed


@dataclass
class AssembleStats:
    """What one assemble run did."""

    articles: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    errors: list[LocalizeError] = field(default_factory=list)
    pages: list[PageReport] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    site_index: str | None = None
    """The root page to open in a browser, when HTML was written."""
    checked: int = 0
    """Entries whose findings were not in validate's cache, so were checked here."""
    output: str = ""
    """The folder written to, as shown to the user."""

    def add(self, other: AssembleStats) -> None:
        self.articles += other.articles
        self.written.extend(other.written)
        self.unchanged += other.unchanged
        self.removed.extend(other.removed)
        self.errors.extend(other.errors)
        self.pages.extend(other.pages)
        self.refusals.extend(other.refusals)
        self.checked += other.checked


def write_page(settings: Settings, path: Path, text: str, stats: AssembleStats,
           behind: WriteBehind | None = None) -> None:
    if write_text_if_changed(path, text, display=settings.display(path), behind=behind,
                             root=settings.root):
        stats.written.append(settings.display(path))
    else:
        stats.unchanged += 1


def remove_page(settings: Settings, path: Path, stats: AssembleStats) -> None:
    try:
        if not remove_inside(settings.root, path, settings.display(path)):
            return
    except OSError as exc:
        reason = exc.strerror or exc
        raise OutputError(f"{settings.display(path)}: cannot remove: {reason}") from exc
    stats.removed.append(settings.display(path))
