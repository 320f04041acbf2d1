"""Where a static-site generator expects each language's edition of an article.

Rules (``output_layout``; the files go under ``output_dir``):

- ``hugo``: a page bundle per article, ``<slug>/index.<key>.md``, where the
  key is the language's site code (``cn``; ``hugo.toml`` gives each key its
  BCP 47 ``languageCode`` and direction); the bundle holds the article's
  files (images), so relative references work in every language.
- ``mkdocs``: the suffix layout of mkdocs-static-i18n, ``<slug>.md`` for the
  source language and ``<slug>.<locale>.md`` beside it, the locale being
  the BCP 47 primary subtag (``zh``), as the plugin accepts.
- ``jekyll``: ``<slug>.<tag>.md`` with ``lang: <BCP 47 tag>`` and the same
  ``permalink`` in every edition, as jekyll-polyglot links them.
- ``site`` is the standalone site (``layout.output_file``), no generator.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.project.languages import Language
from pipeline.project.settings import Settings

GENERATORS = ("hugo", "mkdocs", "jekyll")
DEFAULT_OUTPUT = {"site": "output", "hugo": "content", "mkdocs": "docs", "jekyll": "pages"}
"""The ``output_dir`` ``init`` proposes for each layout."""


def language_key(layout: str, lang: Language) -> str:
    """The language as the generator names it in file names and its configuration."""
    if layout == "hugo":
        return lang.code
    if layout == "mkdocs":
        return lang.bcp47.split("-", 1)[0]
    return lang.bcp47


def edition_path(settings: Settings, layout: str, lang: Language, slug: str) -> Path:
    """The Markdown edition of ``slug`` in ``lang`` for generator ``layout``."""
    key = language_key(layout, lang)
    out = settings.output_path
    if layout == "hugo":
        path = out / slug / f"index.{key}.md"
    elif layout == "mkdocs" and lang == settings.source:
        path = out / f"{slug}.md"
    else:
        path = out / f"{slug}.{key}.md"
    return settings.confine(path)


def asset_folder(settings: Settings, layout: str, slug: str) -> Path:
    """Where an article's files go for ``layout``, so that its relative references work."""
    return settings.output_path / slug if layout == "hugo" else settings.output_path
