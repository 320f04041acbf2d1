"""translate's PO files: which exist, loading one language's at a time, and what a run leaves.

Rules:

- The files of a run are those of the articles (or those named), and the
  site's own strings in ``po/site/`` when no article is named. A missing
  article PO file is an error (run extract first); a missing site file is not.
- ``load_language`` loads the files of one language only, so a run holds
  one language's catalogs in memory at a time. A file the manifest knows
  to hold nothing to fill (same bytes as when it was recorded) is not even
  parsed; a file found so is recorded, and never kept in memory.
- ``remember`` is called when a language is done: files with nothing more
  to fill are recorded (by the digest of the bytes this run wrote), and the
  files only this run changed are collected for extract's manifest to follow
  (``manifest.follow_rewrites``), so the next run neither re-extracts nor
  rewrites anything. ``finish`` writes both manifests once, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import LocalizeError
from pipeline.markdown.articles import load_document
from pipeline.mt.tracked import TrackedPo
from pipeline.project.languages import Language
from pipeline.project.layout import SITE_DOMAIN, po_path, source_files
from pipeline.project.settings import Settings
from pipeline.runtime.manifest import Manifest, file_digest, follow_rewrites

if TYPE_CHECKING:
    from pipeline.translate.stage import TranslateStats

EXTRACT_STAGE = "extract"
"""The manifest of the stage that writes the PO files translate fills."""


@dataclass
class RunFiles:
    """The PO files of one translate run, loaded a language at a time."""

    settings: Settings
    retranslate: bool
    stats: TranslateStats
    skip: Manifest
    slugs: list[tuple[str, bool]] = field(default_factory=list)
    """(slug, whether its file must exist) for every article of the run, then the site's."""
    rewritten: dict[Path, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def collect(cls, settings: Settings, only: list[str] | None, retranslate: bool,
                stats: TranslateStats) -> RunFiles:
        """The run's articles (documents that do not load are counted as errors)."""
        files = cls(settings, retranslate, stats, Manifest(settings, "translate"))
        for source in source_files(settings, only):
            try:
                files.slugs.append((load_document(settings, source).slug, True))
            except LocalizeError as exc:
                stats.errors.append(exc)
        if not only:
            files.slugs.append((SITE_DOMAIN, False))
        return files

    def load_language(self, lang: Language) -> list[TrackedPo]:
        """The PO files of ``lang`` with something to fill, loaded."""
        loaded: list[TrackedPo] = []
        for slug, required in self.slugs:
            path = po_path(self.settings, slug, lang)
            shown = self.settings.display(path)
            if not path.exists():
                if required:
                    self.stats.errors.append(
                        LocalizeError(f"{shown}: not found; run `localize extract` first")
                    )
                continue
            self.stats.files += 1
            key = nothing_key(shown, self.retranslate)
            if self.skip.records and self._known_empty(path, key):
                continue
            try:
                tracked = TrackedPo.load(path, shown, lang, self.retranslate, self.settings.root,
                                         self.settings.skip_checks)
            except LocalizeError as exc:
                self.stats.errors.append(exc)
                self.skip.forget(key)
                continue
            if tracked.fillable():
                loaded.append(tracked)
                self.skip.forget(key)
            else:  # kept out of memory, and not even read next time while its bytes are these
                self.skip.record(key, tracked.digest, [])
        return loaded

    def remember(self, files: list[TrackedPo]) -> None:
        """Note what this run left in ``files`` (one language's, all saved or given up)."""
        for tracked in files:
            change = tracked.rewrite()
            if change is None:
                continue
            self.rewritten[tracked.path] = change
            if not tracked.fillable():
                self.skip.record(nothing_key(tracked.display, self.retranslate), tracked.digest,
                                 [])

    def finish(self) -> None:
        """Write translate's manifest, and make extract's follow the files this run filled."""
        self.skip.save()
        follow_rewrites(self.settings, EXTRACT_STAGE, self.rewritten)

    def _known_empty(self, path: Path, key: str) -> bool:
        # file_digest reuses the digest extract took moments ago in the same `run`
        content = file_digest(path, self.skip.root)
        return content is not None and self.skip.fresh(key, content) is not None


def nothing_key(shown: str, retranslate: bool) -> str:
    """The manifest key of a PO file found with nothing to fill, per kind of run."""
    return f"nothing to fill:{shown}:{'retranslate' if retranslate else 'missing'}"
