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
so because the English changed after it was translated. An entry is
*pseudo* when its ``mt:`` line names the ``pseudo`` engine and its msgstr is
still that engine's output, between ``PSEUDO_OPEN`` and ``PSEUDO_CLOSE``
(a translator who writes over it makes it theirs): a layout preview, never
a translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import polib

FUZZY = "fuzzy"
PSEUDO_ENGINE = "pseudo"
PSEUDO_OPEN = "\u2045"
"""``⁅``: the pseudo engine's output starts with it …"""
PSEUDO_CLOSE = "\u2046"
"""… and ends with ``⁆``."""
_MT = re.compile(r"^mt:\s*(\S+)(?:\s+\S+)?\s*$")
_IGNORE = re.compile(r"^ignore:\s*([\w-]+)")


def _lines(entry: polib.POEntry) -> list[str]:
    return _comment_lines(entry.tcomment)


def _comment_lines(comment: str | None) -> list[str]:
    return comment.split("\n") if comment else []


def _unmarked_lines(entry: polib.POEntry) -> list[str]:
    """The translator comment lines that are not the pipeline's ``mt:`` or ``tm:`` marks."""
    return [
        line for line in _lines(entry) if not (_MT.match(line.strip()) or line.startswith("tm:"))
    ]


def machine_engine(entry: polib.POEntry) -> str | None:
    """The engine named by the entry's ``mt:`` line (or legacy ``mt:<engine>`` flag)."""
    return engine_named(entry.tcomment, entry.flags)


def engine_named(comment: str | None, flags: Iterable[str]) -> str | None:
    """``machine_engine`` from an entry's translator comment and flags."""
    for line in _comment_lines(comment):
        match = _MT.match(line.strip())
        if match:
            return match.group(1)
    for flag in flags:
        if flag.startswith("mt:"):
            return flag[3:] or None
    return None


def is_pseudo_text(engine: str | None, msgstr: str) -> bool:
    """Whether a msgstr marked as ``engine``'s output is still pseudo-localization."""
    return (engine == PSEUDO_ENGINE and msgstr.startswith(PSEUDO_OPEN)
            and msgstr.endswith(PSEUDO_CLOSE))


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
    return checks_ignored(entry.tcomment, entry.flags)


def checks_ignored(comment: str | None, flags: Iterable[str]) -> set[str]:
    """``ignored_checks`` from an entry's translator comment and flags."""
    found = {m.group(1) for line in _comment_lines(comment) if (m := _IGNORE.match(line.strip()))}
    found.update(flag[len("ignore-"):] for flag in flags if flag.startswith("ignore-"))
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
    """One PO entry as a verdict sees it: its msgstr, its marks and what checks need of it."""

    msgstr: str
    fuzzy: bool
    stale: bool
    """Fuzzy with a previous msgid (``#|``): ``is_stale``."""
    machine: bool
    """``is_machine``."""
    line: int
    engine: str | None = None
    """The engine its ``mt:`` line names (``machine_engine``), reviewed or not."""
    flags: tuple[str, ...] = ()
    comment: str = ""
    """The translator comment (``mt:``, ``tm:`` and ``ignore:`` lines live there)."""
    previous_msgid: str | None = None

    @property
    def pseudo(self) -> bool:
        """Pseudo-localization (``is_pseudo_text``): a preview, never a translation."""
        return is_pseudo_text(self.engine, self.msgstr)


def marked(entry: polib.POEntry) -> Marked:
    fuzzy = FUZZY in entry.flags
    engine = machine_engine(entry)
    return Marked(entry.msgstr, fuzzy, fuzzy and bool(entry.previous_msgid),
                  fuzzy and not entry.previous_msgid and engine is not None, entry.linenum,
                  engine, tuple(entry.flags), entry.tcomment or "", entry.previous_msgid)


def marked_entries(po: Iterable[polib.POEntry] | None) -> dict[str, Marked]:
    """msgid → ``Marked`` for the entries a page can show (live, no context, no plural)."""
    if po is None:
        return {}
    return {e.msgid: marked(e) for e in po
            if not e.obsolete and not e.msgctxt and not e.msgid_plural}
