"""The article around the segments of one request: title, description, headings, neighbours.

Rules:

- The PO file is the article as its translators see it: its active entries
  in file order are in document order (extract writes them as they appear
  in the Markdown; a text used twice is one entry, at its first place), and
  the ``#. type:`` comment names each one's kind (``Heading 2``,
  ``Paragraph``, ``Front matter: title``).
- The title and description are the ``Front matter: title`` and
  ``description`` entries.
- Around each segment of a request: the headings above it (the nearest one
  of each higher level) and its neighbours, one before and one after, in
  document order; the segments of the request are only referred to by id.
- A translation is shown with an entry only when a translator approved it
  (translated, not fuzzy): new text should match reviewed text, not
  unreviewed machine output or a translation of English that has changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import polib

from pipeline.po import catalog

TITLE = "Front matter: title"
DESCRIPTION = "Front matter: description"
_HEADING = re.compile(r"Heading (\d)")


@dataclass(frozen=True)
class Entry:
    """One entry of the article as context: its kind, English and approved translation."""

    position: int
    msgid: str
    kind: str
    translation: str

    @property
    def level(self) -> int:
        """The heading level (1–6), 0 for anything that is not a heading."""
        match = _HEADING.fullmatch(self.kind)
        return int(match.group(1)) if match else 0

    def shown(self) -> dict[str, str]:
        item = {"type": self.kind, "text": self.msgid}
        if self.translation:
            item["translation"] = self.translation
        return item


def kind_of(entry: polib.POEntry) -> str:
    """The kind extract wrote in the ``#. type:`` comment; ``Text`` when there is none."""
    for line in (entry.comment or "").splitlines():
        if line.startswith("type: "):
            return line[len("type: "):].strip()
    return "Text"


def _approved(entry: polib.POEntry) -> str:
    if catalog.FUZZY in entry.flags or not catalog.is_translated(entry):
        return ""
    return str(entry.msgstr)


class Outline:
    """The entries of one PO file in document order."""

    def __init__(self, po: Iterable[polib.POEntry]) -> None:
        self.entries: list[Entry] = []
        self.position: dict[str, int] = {}
        for entry in po:
            if entry.obsolete or not entry.msgid or entry.msgid_plural:
                continue
            if entry.msgid in self.position:
                continue
            self.position[entry.msgid] = len(self.entries)
            self.entries.append(Entry(len(self.entries), entry.msgid, kind_of(entry),
                                      _approved(entry)))

    def article(self) -> dict[str, dict[str, str]]:
        """``{"title": …, "description": …}``, each with its approved translation if any."""
        found: dict[str, dict[str, str]] = {}
        for entry in self.entries:
            for key, kind in (("title", TITLE), ("description", DESCRIPTION)):
                if entry.kind == kind and key not in found:
                    found[key] = {"text": entry.msgid}
                    if entry.translation:
                        found[key]["translation"] = entry.translation
        return found

    def order(self, msgids: Iterable[str]) -> list[str]:
        """``msgids`` in document order (unknown ones last, as given)."""
        end = len(self.entries)
        return sorted(msgids, key=lambda m: self.position.get(m, end))

    def document(self, ids: Mapping[str, str]) -> list[dict[str, Any]]:
        """The headings above and the neighbours of the segments ``ids`` (msgid → id), in
        document order; segments appear as ``{"id": …, "type": …}``."""
        wanted: set[int] = set()
        for msgid in ids:
            place = self.position.get(msgid)
            if place is None:
                continue
            wanted.update(self._headings_above(place))
            wanted.update(p for p in (place - 1, place, place + 1) if 0 <= p < len(self.entries))
        items: list[dict[str, Any]] = []
        for place in sorted(wanted):
            entry = self.entries[place]
            if entry.kind in (TITLE, DESCRIPTION) and entry.msgid not in ids:
                continue  # given as the article's title and description
            if entry.msgid in ids:
                items.append({"id": ids[entry.msgid], "type": entry.kind})
            else:
                items.append(entry.shown())
        return items

    def _headings_above(self, place: int) -> list[int]:
        found: list[int] = []
        below = 7
        for index in range(place - 1, -1, -1):
            level = self.entries[index].level
            if 0 < level < below:
                found.append(index)
                below = level
                if level == 1:
                    break
        return found
