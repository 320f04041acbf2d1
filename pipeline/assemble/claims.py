"""Which sources are articles of this assemble run: loaded, checked, each with its own slug.

Rules:

- Every source is loaded in order; one whose front matter or slug is
  wrong, whose segments are over ``max_segment_chars``, or whose slug an
  earlier source took (``extract.claim_slug``) is an error, and not an
  article of this run.
- The errors are reported in the order of the sources, wherever they were
  found (``Claims.errors``).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import LocalizeError
from pipeline.markdown.articles import check_segment_sizes, claim_slug, load_document
from pipeline.markdown.document import Document
from pipeline.project.settings import Settings


class Claims:
    """The sources whose slug no earlier one has; the others are errors (``claim_slug``).

    Checking segment sizes may mean parsing a large article. When no two
    sources have the same slug, a source that fails that check takes no
    slug from another, so the check is left to the worker that parses the
    article anyway (``build._Job.check``); its error is then reported in the
    same place as if it had been found here. Otherwise every source is
    checked here, in order.
    """

    def __init__(self, settings: Settings, paths: list[Path]) -> None:
        self.settings = settings
        self.order = {path: index for index, path in enumerate(paths)}
        self.found: list[tuple[int, LocalizeError]] = []
        loaded: list[tuple[Path, Document]] = []
        for path in paths:
            try:
                loaded.append((path, load_document(settings, path, check_sizes=False)))
            except LocalizeError as exc:
                self.found.append((self.order[path], exc))
        slugs = [doc.slug for _, doc in loaded]
        defer = len(set(slugs)) == len(slugs)
        owners: dict[str, Path] = {}
        self.kept: list[tuple[Path, Document, bool]] = []
        """(source, document, whether its segment sizes are still to be checked)."""
        for path, doc in loaded:
            if defer:
                claim_slug(doc, owners)
                self.kept.append((path, doc, True))
            elif self.check(path, doc):
                try:
                    claim_slug(doc, owners)
                except LocalizeError as exc:
                    self.found.append((self.order[path], exc))
                    continue
                self.kept.append((path, doc, False))

    def check(self, path: Path, doc: Document) -> bool:
        """Check ``doc``'s segment sizes here; False (and an error noted) if one is too long."""
        try:
            check_segment_sizes(self.settings, doc)
        except LocalizeError as exc:
            self.found.append((self.order[path], exc))
            return False
        return True

    def refused(self, path: Path, error: LocalizeError) -> None:
        self.found.append((self.order[path], error))

    def errors(self) -> list[LocalizeError]:
        """Every error found, in the order of the sources."""
        return [error for _, error in sorted(self.found, key=lambda found: found[0])]
