"""The pages of the site as a whole: each language's index, the start page, the stylesheet
and the logo.

Rules: a language's index lists its published articles, newest first (then
by slug), and exists only while it has one; the start page lists the
languages with pages; the stylesheet is the project's ``templates_dir/site.css``
when it has one, else the built-in one; ``site_logo`` is copied beside it (a
missing logo is an error naming the key). Nothing is rewritten when the
listings, settings and formats are those the manifest recorded.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from pipeline.assemble.assets import Asset, copy_assets, place
from pipeline.assemble.chrome import Chrome
from pipeline.assemble.html import (
    STYLESHEET,
    Listing,
    Site,
    language_index,
    logo_path,
    root_page,
)
from pipeline.assemble.output import AssembleStats, remove_page, write_page
from pipeline.assemble.summary import Summary, listing_json
from pipeline.errors import LocalizeError, OutputError, UsageError
from pipeline.project.languages import Language
from pipeline.project.layout import output_file, output_root_file
from pipeline.project.settings import Settings
from pipeline.runtime.confine import read_inside
from pipeline.runtime.manifest import Manifest, digest


def write_indexes(settings: Settings, manifest: Manifest, common: str,
                   summaries: list[Summary], chromes: dict[Language, Chrome],
                   languages: list[Language], stats: AssembleStats, complete: bool) -> None:
    ordered = _by_date(summaries)
    listed: dict[Language, list[Listing]] = {
        lang: [s.listings[lang.code] for s in ordered if lang.code in s.listings]
        for lang in languages
    }
    with_pages = [lang for lang in languages if listed[lang]]
    shown = [[s.slug, s.date, {code: listing_json(item) for code, item in s.listings.items()}]
             for s in ordered]
    inputs = digest(common, str(complete), json.dumps(shown, sort_keys=True))
    record = manifest.fresh("indexes", inputs)
    if record is not None:
        stats.unchanged += sum(1 for value in record["outputs"].values() if value is not None)
        stats.site_index = settings.display(settings.output_path / "index.html")
        return
    site = Site(settings)
    outputs: list[Path] = []
    absent: list[Path] = []
    errors = len(stats.errors)
    for lang in languages:
        try:
            target = output_file(settings, lang, "index", ".html")
            if lang in with_pages:
                write_page(settings, target, language_index(site, lang, listed[lang], chromes[lang],
                                                        with_pages), stats)
                outputs.append(target)
            elif complete:
                remove_page(settings, target, stats)
                absent.append(target)
        except LocalizeError as exc:
            stats.errors.append(exc)
    try:
        stylesheet = output_root_file(settings, STYLESHEET)
        write_page(settings, stylesheet, _stylesheet(settings), stats)
        outputs.extend(_copy_logo(settings, stats))
        root = output_root_file(settings, "index.html")
        write_page(settings, root, root_page(site, chromes[settings.source], with_pages), stats)
    except LocalizeError as exc:
        stats.errors.append(exc)
        return
    stats.site_index = settings.display(root)
    if len(stats.errors) == errors:
        manifest.record("indexes", inputs, [*outputs, stylesheet, root], absent=absent)


def _stylesheet(settings: Settings) -> str:
    """The project's ``templates_dir/site.css`` if it has one, else the built-in stylesheet."""
    own = settings.root / settings.templates_dir / "site.css"
    if own.is_file():
        try:
            return read_inside(settings.root, own, settings.display(own)).decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise OutputError(f"{settings.display(own)}: cannot read: {exc}") from exc
    return files("pipeline.assemble").joinpath(STYLESHEET).read_text(encoding="utf-8")


def _copy_logo(settings: Settings, stats: AssembleStats) -> list[Path]:
    """Copy ``site_logo`` beside the stylesheet; a missing one is an error naming the key."""
    if not settings.site_logo:
        return []
    logo = settings.root / settings.site_logo
    if not logo.is_file():
        raise UsageError(f"site_logo {settings.site_logo!r}: no such file in the project")
    target = output_root_file(settings, logo_path(settings.site_logo))
    source, _ = place(settings, logo)
    asset = Asset(source, logo_path(settings.site_logo))
    written, unchanged, errors = copy_assets(settings, [asset])
    stats.written.extend(written)
    stats.unchanged += unchanged
    stats.errors.extend(errors)
    return [target]


def _by_date(summaries: list[Summary]) -> list[Summary]:
    """Newest first; articles of the same date by slug."""
    by_slug = sorted(summaries, key=lambda s: s.slug)
    return sorted(by_slug, key=lambda s: s.date, reverse=True)
