"""The site's own strings (``project.site``) as a catalog: ``po/site/site.pot`` and its PO files.

Rules:

- ``po/site/site.pot`` and ``po/site/<locale>.po`` are written exactly like an
  article's catalogs: merged with ``catalog.merge`` through
  ``update.update_po`` (a file a translator saves meanwhile is merged
  again, never overwritten), rewritten only when their bytes change, the
  template's date kept while its entries stay the same.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline.errors import LocalizeError
from pipeline.po import catalog, update
from pipeline.project.languages import Language
from pipeline.project.layout import SITE_DOMAIN, po_path, template_path
from pipeline.project.settings import Settings
from pipeline.project.site import site_messages


@dataclass
class SiteCatalogs:
    """What ``extract_site`` wrote."""

    entries: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[LocalizeError] = field(default_factory=list)


def _info(settings: Settings) -> catalog.HeaderInfo:
    return catalog.HeaderInfo(
        project=f"{settings.project_name} {SITE_DOMAIN}".strip(),
        bugs_address=settings.bugs_address,
        title=f"the {settings.site_name} site pages" if settings.site_name else "the site pages",
    )


def build_template(settings: Settings, created: str) -> polib.POFile:
    pot = catalog.new_template(_info(settings), created)
    for message in site_messages(settings):
        pot.append(polib.POEntry(msgid=message.msgid, msgstr="", msgctxt=message.context,
                                 comment=message.comment))
    return pot


def _stable_template(settings: Settings) -> polib.POFile:
    path = template_path(settings, SITE_DOMAIN)
    old_date = None
    try:
        if path.is_file():
            old_date = catalog.load_po(path, root=settings.root).metadata.get("POT-Creation-Date")
    except LocalizeError:
        pass
    if old_date:
        pot = build_template(settings, old_date)
        with contextlib.suppress(LocalizeError):
            if catalog.read_file(path, settings.display(path), settings.root) == \
                    catalog.render_po(pot).encode("utf-8"):
                return pot
    return build_template(settings, catalog.creation_stamp())


def extract_site(settings: Settings) -> SiteCatalogs:
    """Write ``po/site/site.pot`` and merge it into ``po/site/<locale>.po`` for every target."""
    result = SiteCatalogs()
    pot = _stable_template(settings)
    result.entries = len(pot)
    _save(settings, pot, template_path(settings, SITE_DOMAIN), result)
    for lang in settings.targets:
        try:
            path = po_path(settings, SITE_DOMAIN, lang)
            _count(settings, path, update.update_po(path, settings.display(path),
                                                      _merger(settings, pot, lang),
                                                      root=settings.root, lang=lang,
                                                      skip=settings.skip_checks), result)
        except LocalizeError as exc:
            result.errors.append(exc)
    return result


def _merger(settings: Settings, pot: polib.POFile, lang: Language
            ) -> Callable[[polib.POFile | None], polib.POFile]:
    def merged(old: polib.POFile | None) -> polib.POFile:
        return catalog.merge(old or catalog.new_translation(pot, lang, _info(settings)), pot)
    return merged


def _save(settings: Settings, po: polib.POFile, path: Path, result: SiteCatalogs) -> None:
    _count(settings, path, catalog.save_po(po, path, display=settings.display(path),
                                           root=settings.root), result)


def _count(settings: Settings, path: Path, written: bool, result: SiteCatalogs) -> None:
    if written:
        result.written.append(settings.display(path))
    else:
        result.unchanged += 1
