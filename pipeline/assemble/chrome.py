"""The site's own strings (``project.site``) on the pages of one language.

The same publication policy as for articles applies (reviewed, machine
unless ``reviewed_only``, never stale or refused); a string without a usable
translation is shown in English and marked so. A PO file that cannot be read
gives English chrome and the error.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib

from pipeline.assemble.policy import Plan, plan
from pipeline.errors import LocalizeError
from pipeline.po import catalog
from pipeline.project.languages import Language
from pipeline.project.layout import SITE_DOMAIN, po_path
from pipeline.project.settings import Settings
from pipeline.project.site import LANGUAGE_CONTEXT, site_messages


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
    path = po_path(settings, SITE_DOMAIN, lang)
    po: polib.POFile | None = None
    error: LocalizeError | None = None
    if not is_source and path.exists():
        try:
            po = catalog.load_po(path, settings.display(path), settings.root, lang,
                                 settings.skip_checks)
        except LocalizeError as exc:
            error = exc
    display = settings.display(path)
    messages = site_messages(settings)
    plain = [m.msgid for m in messages if m.context is None]
    strings = plan(plain, po, lang, is_source=is_source,
                   reviewed_only=settings.reviewed_only, display=display)
    names = plan([m.msgid for m in messages if m.context == LANGUAGE_CONTEXT],
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
