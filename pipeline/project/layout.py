"""Where every file of a project lives: sources, templates, PO files, outputs.

Rules:

- ``source/<anything>/<name>.md`` are the articles; an article's slug names
  its catalogs: ``po/<slug>/<slug>.pot`` and ``po/<slug>/<locale>.po``.
- The site's own strings are one more catalog, the domain ``site``
  (``po/site/site.pot``, ``po/site/<locale>.po``); see ``project.site``.
- Outputs are ``output/<lang>/<slug>.html`` and ``.md`` (``lang`` as the site
  labels it: ``output/cn/``), ``output/<lang>/index.html``, and at the top
  ``output/index.html`` and the stylesheet.
- Every path here is confined to the project (``Settings.confine``): no
  symbolic link leads a stage outside it.
- A slug must not name a file or folder the pipeline generates next to the
  articles' own (``reserved_slug``): ``index`` (each language's index page),
  ``static`` (the stylesheet's folder), ``site`` (the site's own catalog),
  and every language's code and locale (the output and PO folders are named
  by them). Compared without case, as some file systems ignore it.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ConfigError, UsageError
from pipeline.project.languages import LANGUAGES, Language
from pipeline.project.settings import Settings

SITE_DOMAIN = "site"
"""The catalog of the site's own strings; therefore not an article slug."""
INDEX_PAGE = "index"
"""``output/<lang>/index.html`` lists a language's articles; ``output/index.html`` picks one."""
STATIC_FOLDER = "static"
"""``output/static/``: the stylesheet."""

_RESERVED: dict[str, str] = {
    INDEX_PAGE: "each language's index page is output/<lang>/index.html",
    STATIC_FOLDER: "output/static/ holds the stylesheet",
    SITE_DOMAIN: "po/site/ holds the site's own strings",
    **{name.casefold(): "output/ and po/ have a folder per language"
       for lang in LANGUAGES for name in (lang.code, lang.locale, lang.bcp47)},
}


def reserved_slug(slug: str) -> str | None:
    """Why ``slug`` cannot name an article (it names a generated file or folder); else None."""
    return _RESERVED.get(slug.casefold())


def source_files(settings: Settings, only: list[str] | None = None) -> list[Path]:
    """The Markdown sources of the project, sorted; ``only`` restricts to these slugs or paths."""
    folder = settings.source_path
    if not folder.is_dir():
        raise ConfigError(
            f"{settings.display(folder)}: source folder not found (source_dir = "
            f"{settings.source_dir!r}); create it and add .md files, or run `localize init`")
    files = sorted(p for p in folder.glob("**/*.md") if p.is_file())
    if only:
        wanted = {Path(o).stem for o in only}
        files = [p for p in files if p.stem in wanted]
        missing = wanted - {p.stem for p in files}
        if missing:
            raise UsageError(f"{settings.display(folder)}: no article named "
                             f"{sorted(missing)[0]!r}")
    return files


def template_path(settings: Settings, slug: str) -> Path:
    """``po/<slug>/<slug>.pot``"""
    return settings.confine(settings.po_path / slug / f"{slug}.pot")


def po_path(settings: Settings, slug: str, lang: Language) -> Path:
    """``po/<slug>/<locale>.po``"""
    return settings.confine(settings.po_path / slug / lang.po_filename)


def output_file(settings: Settings, lang: Language, slug: str, suffix: str) -> Path:
    """``output/<lang>/<slug><suffix>``"""
    return settings.confine(settings.output_path / lang.code / f"{slug}{suffix}")


def output_root_file(settings: Settings, name: str) -> Path:
    """``output/<name>``: the start page and the stylesheet."""
    return settings.confine(settings.output_path / name)
