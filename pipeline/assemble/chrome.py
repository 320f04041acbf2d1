"""The site's own strings ("Contact Us", "Search", notices, language names) as a PO domain.

Rules:

- The messages are listed here, once, with a comment for translators; the
  templates ask for them by their English text (language names by their
  English name, in context ``language name``).
- ``po/site/site.pot`` and ``po/site/<locale>.po`` are written by the extract
  stage (``extract_site``) exactly like an article's catalogs: merged with
  ``catalog.merge`` through ``catalog.update_po`` (a file a translator saves
  meanwhile is merged again, never overwritten), rewritten only when their
  bytes change, the template's date kept while its entries stay the same.
- At assemble time the same publication policy as for articles applies
  (reviewed, machine unless ``reviewed_only``, never stale or refused); a
  string without a usable translation is shown in English and marked so.
- ``site`` is therefore not available as an article slug.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib

from pipeline import catalog
from pipeline.assemble.policy import Plan, plan
from pipeline.config import Settings
from pipeline.errors import LocalizeError
from pipeline.languages import LANGUAGES, Language

DOMAIN = "site"
LANGUAGE_CONTEXT = "language name"


@dataclass(frozen=True)
class Message:
    msgid: str
    comment: str
    context: str | None = None


MESSAGES: tuple[Message, ...] = (
    Message("Contact Us", "Header link to the contact page."),
    Message("Search", "Header link to the site search."),
    Message("Languages", "Accessible name of the language switcher (read by screen readers)."),
    Message("Tags", "Label above the hashtags of an article."),
    Message("Articles", "Heading of the list of articles in one language."),
    Message("Choose a language", "Heading of the start page, which lists the site's languages."),
    Message(
        "This page was machine-translated and has not been reviewed yet.",
        "Notice at the top of a page that shows machine translation nobody reviewed.",
    ),
    Message(
        "Parts of this page are shown in English because their translation is not ready.",
        "Notice at the top of a page where some paragraphs are shown in English.",
    ),
    Message(
        "This page is shown in English because its translation is not ready.",
        "Notice at the top of a page where nothing is translated yet.",
    ),
    *(
        Message(lang.english_name, "Name of a language, as used in your language.",
                LANGUAGE_CONTEXT)
        for lang in LANGUAGES
    ),
)


@dataclass
class SiteCatalogs:
    """What ``extract_site`` wrote."""

    entries: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[LocalizeError] = field(default_factory=list)


def template_path(settings: Settings) -> Path:
    return settings.confine(settings.po_path / DOMAIN / f"{DOMAIN}.pot")


def po_path(settings: Settings, lang: Language) -> Path:
    return settings.confine(settings.po_path / DOMAIN / lang.po_filename)


def _info(settings: Settings) -> catalog.HeaderInfo:
    return catalog.HeaderInfo(
        project=f"{settings.project_name} {DOMAIN}".strip(),
        bugs_address=settings.bugs_address,
        title=f"the {settings.site_name} site pages",
    )


def build_template(settings: Settings, created: str) -> polib.POFile:
    pot = catalog.new_template(_info(settings), created)
    for message in MESSAGES:
        pot.append(polib.POEntry(msgid=message.msgid, msgstr="", msgctxt=message.context,
                                 comment=message.comment))
    return pot


def _stable_template(settings: Settings) -> polib.POFile:
    path = template_path(settings)
    old_date = None
    try:
        if path.is_file():
            old_date = catalog.load_po(path).metadata.get("POT-Creation-Date")
    except LocalizeError:
        pass
    if old_date:
        pot = build_template(settings, old_date)
        try:
            if path.read_text(encoding="utf-8") == catalog.render_po(pot):
                return pot
        except (OSError, UnicodeDecodeError):
            pass
    return build_template(settings, _stamp())


def _stamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d %H:%M+0000")
    return catalog.now_stamp()


def extract_site(settings: Settings) -> SiteCatalogs:
    """Write ``po/site/site.pot`` and merge it into ``po/site/<locale>.po`` for every target."""
    result = SiteCatalogs()
    pot = _stable_template(settings)
    result.entries = len(pot)
    _save(settings, pot, template_path(settings), result)
    for lang in settings.targets:
        try:
            path = po_path(settings, lang)
            _count(settings, path, catalog.update_po(path, settings.display(path),
                                                      _merger(settings, pot, lang)), result)
        except LocalizeError as exc:
            result.errors.append(exc)
    return result


def _merger(settings: Settings, pot: polib.POFile, lang: Language
            ) -> Callable[[polib.POFile | None], polib.POFile]:
    def merged(old: polib.POFile | None) -> polib.POFile:
        return catalog.merge(old or catalog.new_translation(pot, lang, _info(settings)), pot)
    return merged


def _save(settings: Settings, po: polib.POFile, path: Path, result: SiteCatalogs) -> None:
    _count(settings, path, catalog.save_po(po, path, display=settings.display(path)), result)


def _count(settings: Settings, path: Path, written: bool, result: SiteCatalogs) -> None:
    if written:
        result.written.append(settings.display(path))
    else:
        result.unchanged += 1


# --- at assemble time -------------------------------------------------------


@dataclass(frozen=True)
class Chrome:
    """The site strings of one language: what to show for each, by English text."""

    lang: Language
    strings: Plan
    names: Plan
    """Language names (context ``language name``)."""

    def plans(self) -> tuple[Plan, Plan]:
        return self.strings, self.names


def load_chrome(settings: Settings, lang: Language) -> tuple[Chrome, LocalizeError | None]:
    """The chrome of ``lang``; a broken PO file gives English chrome and the error."""
    is_source = lang == settings.source
    path = po_path(settings, lang)
    po: polib.POFile | None = None
    error: LocalizeError | None = None
    if not is_source and path.exists():
        try:
            po = catalog.load_po(path, settings.display(path))
        except LocalizeError as exc:
            error = exc
    display = settings.display(path)
    plain = [m.msgid for m in MESSAGES if m.context is None]
    strings = plan(plain, po, lang, is_source=is_source,
                   reviewed_only=settings.reviewed_only, display=display)
    names = plan([m.msgid for m in MESSAGES if m.context == LANGUAGE_CONTEXT],
                 _context_only(po, LANGUAGE_CONTEXT), lang, is_source=is_source,
                 reviewed_only=settings.reviewed_only, display=display)
    return Chrome(lang, strings, names), error


def _context_only(po: polib.POFile | None, context: str) -> polib.POFile | None:
    """The entries of ``po`` in ``context``, with the context dropped so ``plan`` sees them."""
    if po is None:
        return None
    subset = polib.POFile(wrapwidth=79)
    for entry in po:
        if entry.msgctxt == context and not entry.obsolete:
            copy = polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr, flags=list(entry.flags),
                                 previous_msgid=entry.previous_msgid)
            copy.linenum = entry.linenum
            subset.append(copy)
    return subset
