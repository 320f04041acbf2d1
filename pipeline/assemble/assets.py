"""The local files an article points to (images, downloads), copied once into ``output/``.

Rules:

- An asset is the target of an image or a link in an article's body that
  is a relative path (no scheme, no leading ``/``, not a fragment) to a
  file that is not another article (``.md``). It is resolved against the
  article's folder, links followed, and must stay inside the project: a
  path or symbolic link that leads out of it is an error, and nothing
  outside is ever read or copied.
- It is copied once, whatever the number of languages, to the same place
  relative to ``output/`` as it has relative to ``source/`` (a file of the
  project outside ``source/`` keeps its place relative to the project), and
  every page's reference is rewritten to reach it from that page.
- A language variant beside it, ``chart.ar.png`` for ``chart.png`` (the
  language's site code), is what that language's pages show, copied the
  same way.
- A missing asset is an error naming ``file:line``; the pages are written
  all the same (the reference stays as written), and the run fails. A link
  to a folder is such an error too, and says so: a folder is not a page; a
  link ending in ``/`` is left as written.
- Only the HTML edition's references are rewritten: the Markdown edition
  stays the source with its text translated.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline.errors import LocalizeError, OutputError, SourceError
from pipeline.markdown.document import Document
from pipeline.project.languages import Language
from pipeline.project.settings import Settings
from pipeline.runtime.confine import read_inside
from pipeline.runtime.files import atomic_write_bytes, read_existing


@dataclass(frozen=True)
class Asset:
    """One referenced file: where it is, where it goes, and its language variants."""

    source: Path
    target: str
    """Relative to the output folder, with ``/``."""
    variants: tuple[tuple[str, Path, str], ...] = ()
    """(language code, file, target) for each variant that exists."""

    def target_for(self, lang: Language) -> str:
        return next((target for code, _, target in self.variants if code == lang.code),
                    self.target)

    def files(self) -> list[tuple[Path, str]]:
        return [(self.source, self.target), *((path, target) for _, path, target in self.variants)]


@dataclass
class Assets:
    """An article's assets by reference as written, and the errors finding them gave."""

    by_reference: dict[str, Asset] = field(default_factory=dict)
    errors: list[LocalizeError] = field(default_factory=list)

    def links(self, lang: Language, depth: int) -> dict[str, str]:
        """Reference as written → the address of its file from a page ``depth`` folders down."""
        up = "../" * depth
        return {ref: up + asset.target_for(lang) for ref, asset in self.by_reference.items()}


def find_assets(settings: Settings, doc: Document, languages: list[Language]) -> Assets:
    """Every asset of ``doc``'s body (``doc.path`` relative to the project root)."""
    found = Assets()
    folder = (settings.root / doc.path).parent
    for reference, line in _references(doc):
        if reference in found.by_reference:
            continue
        try:
            asset = _asset(settings, folder, reference, languages)
        except LocalizeError as exc:
            found.errors.append(exc)
            continue
        if asset is None:
            found.errors.append(SourceError(doc.path, _missing(settings, folder, reference), line))
            continue
        found.by_reference[reference] = asset
    return found


def _missing(settings: Settings, folder: Path, reference: str) -> str:
    path = Path(os.path.normpath(folder / _path(reference)))  # named without its '..'
    if path.is_dir():
        return (f"{reference!r} is a folder ({settings.display(path)}), not a file; link to a "
                f"file in it, or end the link with '/' to keep it as written")
    return f"{reference!r} not found (looked for {settings.display(path)})"


def _references(doc: Document) -> list[tuple[str, int]]:
    """Local file references in the body, in order, with the line of their block."""
    md = _block_parser()
    env: dict[str, Any] = {}
    tokens = md.parse(doc.source, env)
    found = []
    for block in tokens:
        # Every link and image has a ']'; the inline parse of the other blocks is skipped.
        if block.type != "inline" or "]" not in block.content:
            continue
        block.children = []
        md.inline.parse(block.content, md, env, block.children)
        found += local_targets(block)
    return found


def local_targets(block: Token) -> list[tuple[str, int]]:
    """The local file targets of the links and images of a parsed ``inline`` block, in
    order, each with the line the block starts on."""
    line = block.map[0] + 1 if block.map else 1
    found = []
    for token in _walk(block.children or []):
        target = token.attrGet("src") if token.type == "image" else (
            token.attrGet("href") if token.type == "link_open" else None)
        if isinstance(target, str) and _is_local(target):
            found.append((target, line))
    return found


@functools.cache
def _block_parser() -> MarkdownIt:
    """``render.source_parser``'s syntax with the inline pass left to ``_references``."""
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False}).enable("table")
    return md.use(front_matter_plugin).disable("inline")


def _walk(tokens: list[Token]) -> list[Token]:
    result = []
    for token in tokens:
        result.append(token)
        if token.children:
            result.extend(_walk(token.children))
    return result


def _is_local(target: str) -> bool:
    parts = urlsplit(target)
    path = parts.path
    return (not parts.scheme and not parts.netloc and bool(path) and not path.startswith("/")
            and not path.endswith((".md", ".html", "/")))


def _path(reference: str) -> str:
    return unquote(urlsplit(reference).path)


def _asset(settings: Settings, folder: Path, reference: str,
           languages: list[Language]) -> Asset | None:
    path = folder / _path(reference)
    if not path.is_file():
        return None
    source, target = place(settings, path)
    variants = []
    for lang in languages:
        variant = path.with_name(f"{path.stem}.{lang.code}{path.suffix}")
        if variant.is_file():
            variant_source, variant_target = place(settings, variant)
            variants.append((lang.code, variant_source, variant_target))
    return Asset(source, target, tuple(variants))


def place(settings: Settings, path: Path) -> tuple[Path, str]:
    """The real file (inside the project, or an error) and its place under ``output/``."""
    real = path.resolve()
    root = settings.root.resolve()
    if root not in real.parents:
        raise OutputError(f"{settings.display(path)}: leads outside the project folder {root} "
                          f"(to {real}); localize copies only files inside the project")
    source_dir = settings.source_path
    base = source_dir if source_dir in real.parents else root
    return real, real.relative_to(base).as_posix()


def copy_assets(settings: Settings, assets: list[Asset]) -> tuple[list[str], int,
                                                                   list[LocalizeError]]:
    """Copy each asset's files into the output folder: (written, unchanged, errors)."""
    written: list[str] = []
    unchanged = 0
    errors: list[LocalizeError] = []
    done: set[str] = set()
    for asset in assets:
        for source, target in asset.files():
            if target in done:
                continue
            done.add(target)
            destination = settings.output_path / target
            shown = settings.display(destination)
            try:
                settings.confine(destination)
                data = read_inside(settings.root, source, settings.display(source))
                if read_existing(destination, shown, settings.root) == data:
                    unchanged += 1
                    continue
                atomic_write_bytes(destination, data, display=shown, root=settings.root)
                written.append(shown)
            except LocalizeError as exc:
                errors.append(exc)
            except OSError as exc:
                errors.append(OutputError(f"{settings.display(source)}: cannot copy: "
                                          f"{exc.strerror or exc}"))
    return written, unchanged, errors
