"""How the pipeline marks PO entries, in a form every gettext tool keeps.

GNU msgcat and msgmerge (and so ``writer``, which writes what they write)
drop flags they do not know, so the pipeline's own marks live in translator
comments, one line each, readable by people and by tools:

- ``mt: <engine>`` – the msgstr is machine translation by ``<engine>``
  (``mt: llm <model>`` for the ``llm`` engine: the engine, then the model). With
  ``#, fuzzy`` and no previous msgid (``#|``) it is machine output nobody
  has reviewed; a translator who reviews it removes ``fuzzy`` (Poedit does)
  and may leave the line as history.
- ``tm: …`` – the msgstr was copied from a reviewed translation of the same
  English in another PO file of the language (translation memory).
- ``ignore: <check-id> <reason>`` – validate does not run that check on
  this entry; the reason is for the next reader.

An entry is *stale* when it is fuzzy and has a previous msgid: merge set it
so because the English changed after it was translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import polib

FUZZY = "fuzzy"
_MT = re.compile(r"^mt:\s*(\S+)(?:\s+\S+)?\s*$")
_IGNORE = re.compile(r"^ignore:\s*([\w-]+)")


def _lines(entry: polib.POEntry) -> list[str]:
    return entry.tcomment.split("\n") if entry.tcomment else []


def _unmarked_lines(entry: polib.POEntry) -> list[str]:
    """The translator comment lines that are not the pipeline's ``mt:`` or ``tm:`` marks."""
    return [
        line for line in _lines(entry) if not (_MT.match(line.strip()) or line.startswith("tm:"))
    ]


def machine_engine(entry: polib.POEntry) -> str | None:
    """The engine named by the entry's ``mt:`` line (or legacy ``mt:<engine>`` flag)."""
    for line in _lines(entry):
        match = _MT.match(line.strip())
        if match:
            return match.group(1)
    for flag in entry.flags:
        if flag.startswith("mt:"):
            return flag[3:] or None
    return None


def mark_machine(entry: polib.POEntry, engine: str) -> None:
    """Mark ``entry`` as unreviewed machine output of ``engine`` (fuzzy + ``mt:`` line)."""
    kept = _unmarked_lines(entry)
    entry.tcomment = "\n".join([*kept, f"mt: {engine}"])
    entry.flags = [f for f in entry.flags if not f.startswith("mt:") and f != "tm"]
    if FUZZY not in entry.flags:
        entry.flags.insert(0, FUZZY)
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.previous_msgctxt = None


def unmark_machine(entry: polib.POEntry) -> None:
    """Drop the ``mt:`` and ``tm:`` lines: a person has since written this msgstr."""
    entry.tcomment = "\n".join(_unmarked_lines(entry))
    entry.flags = [f for f in entry.flags if not f.startswith("mt:") and f != "tm"]


def is_stale(entry: polib.POEntry) -> bool:
    """Fuzzy because the English changed since it was translated."""
    return FUZZY in entry.flags and bool(entry.previous_msgid)


def is_machine(entry: polib.POEntry) -> bool:
    """Machine output nobody has reviewed yet."""
    return FUZZY in entry.flags and not entry.previous_msgid and machine_engine(entry) is not None


def ignored_checks(entry: polib.POEntry) -> set[str]:
    """Ids of the checks silenced for this entry by ``ignore:`` lines (or legacy flags)."""
    found = {m.group(1) for line in _lines(entry) if (m := _IGNORE.match(line.strip()))}
    found.update(flag[len("ignore-"):] for flag in entry.flags if flag.startswith("ignore-"))
    return found


_TM = "tm: reviewed translation of the same English elsewhere"


def mark_copy(entry: polib.POEntry) -> None:
    """Mark a reviewed translation copied from translation memory: not fuzzy, a ``tm:`` line."""
    kept = _unmarked_lines(entry)
    entry.tcomment = "\n".join([*kept, _TM])
    entry.flags = [f for f in entry.flags if f != FUZZY and not f.startswith("mt:") and f != "tm"]


def is_copy(entry: polib.POEntry) -> bool:
    """Filled from translation memory (a reviewed translation of the same English)."""
    return any(line.startswith("tm:") for line in _lines(entry)) or "tm" in entry.flags


class Marked(NamedTuple):
    """What the marks of one PO entry say about its msgstr: all a verdict needs."""

    msgstr: str
    fuzzy: bool
    stale: bool
    """Fuzzy with a previous msgid (``#|``): ``is_stale``."""
    machine: bool
    """``is_machine``."""
    line: int


def marked(entry: polib.POEntry) -> Marked:
    fuzzy = FUZZY in entry.flags
    return Marked(entry.msgstr, fuzzy, fuzzy and bool(entry.previous_msgid),
                  fuzzy and is_machine(entry), entry.linenum)


def marked_entries(po: Iterable[polib.POEntry] | None) -> dict[str, Marked]:
    """msgid → ``Marked`` for the entries a page can show (live, no context, no plural)."""
    if po is None:
        return {}
    return {e.msgid: marked(e) for e in po
            if not e.obsolete and not e.msgctxt and not e.msgid_plural}
