"""The site's own strings (``project.site``) on the pages of one language.

The same publication policy as for articles applies, by the same verdict
(reviewed, machine unless ``reviewed_only``, never stale, pseudo or
refused, never with an error-level finding); a string without a usable
translation is shown in English and marked so. A PO file that cannot be
read gives English chrome and the error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import polib

from pipeline.assemble.policy import Plan, percent_text, plan
from pipeline.checks.findings import Findings
from pipeline.errors import LocalizeError
from pipeline.po import catalog
from pipeline.po.marks import marked
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


def load_chrome(settings: Settings, lang: Language, findings: Findings,
                preview: bool = False) -> tuple[Chrome, LocalizeError | None]:
    """The chrome of ``lang``; a broken PO file gives English chrome and the error."""
    is_source = lang == settings.source
    path = po_path(settings, SITE_DOMAIN, lang)
    display = settings.display(path)
    po: polib.POFile | None = None
    error: LocalizeError | None = None
    errors = None
    if not is_source and path.exists():
        try:
            loaded = catalog.load_po_with_digest(path, display, settings.root, lang,
                                                 settings.skip_checks)
        except LocalizeError as exc:
            error = exc
        else:
            po = loaded.po
            entries = (((e.msgctxt, e.msgid), marked(e)) for e in po if not e.obsolete)
            errors = findings.of_file(display, lang, loaded.digest, entries,
                                      settings.reviewed_only, preview)

    def plan_of(msgids: list[str], entries: polib.POFile | None, context: str | None) -> Plan:
        return plan(msgids, entries, lang, is_source=is_source, display=display,
                    reviewed_only=settings.reviewed_only, errors=errors, context=context,
                    preview=preview)

    messages = site_messages(settings)
    strings = plan_of([m.msgid for m in messages if m.context is None], po, None)
    names = plan_of([m.msgid for m in messages if m.context == LANGUAGE_CONTEXT],
                    _context_only(po, LANGUAGE_CONTEXT), LANGUAGE_CONTEXT)
    return Chrome(lang, strings, names), error


def _context_only(po: polib.POFile | None, context: str) -> polib.POFile | None:
    """The entries of ``po`` in ``context``, with the context dropped so ``plan`` sees them."""
    if po is None:
        return None
    subset = polib.POFile(wrapwidth=79)
    for entry in po:
        if entry.msgctxt == context and not entry.obsolete:
            copy = polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr, flags=list(entry.flags),
                                 previous_msgid=entry.previous_msgid, tcomment=entry.tcomment)
            copy.linenum = entry.linenum
            subset.append(copy)
    return subset


MACHINE_NOTICE = "{percent}% of this page was translated by machine and has not been reviewed yet."
PREVIEW_NOTICE = "Preview with pseudo-localized text: not a translation, not for readers."
ORIGIN = "Translated from English"
READ_ORIGINAL = "Read the original"

T = TypeVar("T", bound=str)


def page_notices(plan: Plan, say: Callable[[str], T], preview: bool = False) -> list[T]:
    """The notices at the top of a page of ``plan``, each worded by ``say`` (a site string
    in the page's language: escaped Markup for HTML, plain text for front matter)."""
    notices: list[T] = []
    if preview:
        notices.append(say(PREVIEW_NOTICE))
    if plan.uses_machine:
        share = percent_text(plan.machine_share())
        notices.append(say(MACHINE_NOTICE).replace("{percent}", share))  # type: ignore[arg-type]
    if plan.english_count and plan.english_count == len(plan.choices):
        notices.append(say("This page is shown in English because its translation is not ready."))
    elif plan.english_count:
        notices.append(say(
            "Parts of this page are shown in English because their translation is not ready."))
    return notices
