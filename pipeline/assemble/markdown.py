"""The Markdown edition of an article: the source with each segment translated.

Untranslated and fuzzy entries fall back to the English text of the source,
so a rebuilt edition is always complete. With every msgstr equal to its
msgid the result is the source, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable

import polib

from pipeline.catalog import FUZZY
from pipeline.document import Document, Segment


def translations(po: polib.POFile | None) -> dict[str, str]:
    """msgid → msgstr for every entry that is translated and not fuzzy."""
    if po is None:
        return {}
    return {
        e.msgid: e.msgstr
        for e in po
        if not e.obsolete and e.msgstr and FUZZY not in e.flags and not e.msgctxt
    }


def lookup(table: dict[str, str]) -> Callable[[Segment], str | None]:
    """A translate function for ``Document.rebuild`` backed by ``table``."""
    return lambda segment: table.get(segment.text)


def build_markdown(doc: Document, po: polib.POFile | None) -> str:
    """The translated Markdown of ``doc``; English where ``po`` has no usable translation."""
    return doc.rebuild(lookup(translations(po)))
