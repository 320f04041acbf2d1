"""Editions for a static-site generator (``output_layout`` hugo, mkdocs or jekyll).

Rules:

- Each published language of an article gets its Markdown edition (as
  ``markdown.build_markdown`` makes it: translated front matter, ``lang``,
  ``dir: rtl``, the notices' keys) at the place ``project.generators``
  names, plus what links the editions together: ``translationKey`` for
  Hugo, ``lang``, one ``permalink`` and ``direction`` for jekyll-polyglot (mkdocs-static-i18n
  links them by file name). No HTML is written: the generator makes it.
- A translated edition also carries, in the page's language (the site
  strings of ``po/site/``, as the HTML edition shows them), what the
  templates ``init`` writes show above the text: ``localize_origin``
  ("Translated from English"), ``localize_original`` ("Read the original",
  linked by the template to the source edition) and ``localize_notices``
  (the machine-translation and English-fallback notices). They are plain
  text from PO files: the templates escape them.
  For MkDocs the right-to-left wrapper carries ``markdown="1"`` (its
  ``md_in_html`` extension, which ``init`` turns on).
- The article's files (images) are copied where the generator serves them
  from the edition's relative references (``generators.asset_folder``),
  language variants beside them.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.assemble.assets import Asset
from pipeline.assemble.chrome import ORIGIN, READ_ORIGINAL, Chrome, page_notices
from pipeline.assemble.markdown import build_markdown
from pipeline.assemble.policy import Plan
from pipeline.markdown.document import Document
from pipeline.project.generators import asset_folder, edition_path
from pipeline.project.languages import Language
from pipeline.project.settings import Settings


def generator_edition(settings: Settings, doc: Document, lang: Language, plan: Plan,
                      assets: dict[str, Asset] | None = None,
                      chrome: Chrome | None = None) -> tuple[Path, str]:
    """Where ``doc``'s edition in ``lang`` goes for the project's generator, and its text.
    For Jekyll, whose pages live at ``/<lang>/<slug>/``, references to ``assets`` (as placed
    by ``generator_assets``) become absolute paths from the site's root."""
    layout = settings.output_layout
    extra: list[tuple[str, str]] = []
    if layout == "hugo":
        extra.append(("translationKey", doc.slug))
    elif layout == "jekyll":
        if lang == settings.source:
            extra.append(("lang", lang.bcp47))
        extra.append(("permalink", f"/{doc.slug}/"))
        extra.append(("direction", lang.direction))  # Jekyll's own page.dir is a folder
    if chrome is not None and lang != settings.source:
        extra.extend(_provenance(plan, chrome))
    text = build_markdown(doc, plan, source=settings.source.bcp47, extra=tuple(extra))
    if layout == "jekyll":
        for reference, asset in (assets or {}).items():
            target = f"/{settings.output_dir.strip('/')}/{asset.target_for(lang)}"
            text = text.replace(f"]({reference}", f"]({target}")
    if layout == "mkdocs" and lang.is_rtl:
        # Python-Markdown reads Markdown inside an HTML block only when asked (md_in_html)
        opening = f'<div dir="{lang.direction}" lang="{lang.bcp47}">'
        text = text.replace(opening, opening[:-1] + ' markdown="1">', 1)
    return edition_path(settings, layout, lang, doc.slug), text


def _provenance(plan: Plan, chrome: Chrome) -> list[tuple[str, str]]:
    """The origin line and notices in the page's language, as YAML (JSON is YAML)."""
    def say(msgid: str) -> str:
        return chrome.strings.choice(msgid).text

    return [("localize_origin", json.dumps(say(ORIGIN), ensure_ascii=False)),
            ("localize_original", json.dumps(say(READ_ORIGINAL), ensure_ascii=False)),
            ("localize_notices", json.dumps(page_notices(plan, say), ensure_ascii=False))]


def generator_assets(settings: Settings, doc: Document, assets: list[Asset]) -> list[Asset]:
    """``assets`` placed where the generator's pages find them by their relative references."""
    folder = asset_folder(settings, settings.output_layout, doc.slug)
    base = folder.relative_to(settings.output_path).as_posix()
    article_dir = (settings.root / doc.path).parent.resolve()

    def moved(path: Path) -> str:
        relative = path.relative_to(article_dir).as_posix() if article_dir in path.parents \
            else path.name
        return f"{base}/{relative}" if base != "." else relative

    return [Asset(a.source, moved(a.source),
                  tuple((code, path, moved(path)) for code, path, _ in a.variants))
            for a in assets]


def placed(settings: Settings, doc: Document, assets: dict[str, Asset]) -> dict[str, Asset]:
    """``assets`` by reference, as ``generator_assets`` places them."""
    moved = generator_assets(settings, doc, list(assets.values()))
    return dict(zip(assets, moved, strict=True))
