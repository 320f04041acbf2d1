"""Completeness states of an entry: untranslated, fuzzy (three kinds), unchanged, obsolete.

The fuzzy kinds follow the project's marking convention (``po.marks``):
*stale* is ``fuzzy`` with a previous msgid (``#|``, set by merge when the
English changed); *machine* is ``fuzzy`` plus a ``# mt: <engine>`` line and
no previous msgid (translate's unreviewed output); any other ``fuzzy`` was
set by a translator. A reviewed machine translation has lost ``fuzzy`` and
counts as translated, whatever ``mt:`` history it keeps. An empty msgstr is
untranslated, fuzzy or not. ``unchanged`` needs two words or more: a single
word is often the same in both languages (German "Tags", French "Articles").

``# ignore: <check-id> <reason>`` lines silence a check for one entry; the
``ignore-marks`` check makes sure each names a real check and gives a reason.

Pseudo-localized entries (``marks.is_pseudo_text``) get no entry check at
all; ``pseudo`` reports them once per file, with their number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

import polib

from pipeline.checks.base import REGISTRY, WARNING, FileSubject, Issue, Subject, check
from pipeline.checks.markup import HASHTAG, OBJECT
from pipeline.po import marks
from pipeline.po.catalog import FUZZY, is_translated

_LETTERS = re.compile(r"[^\W\d_]{2,}")
_IGNORE_LINE = re.compile(r"^ignore:\s*([\w-]+)\s*(.*)$")


class State(StrEnum):
    TRANSLATED = "translated"
    MACHINE = "machine"
    STALE = "stale"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"


def classify(
    translated: bool, flags: Iterable[str], previous_msgid: str | None, engine: str | None
) -> State:
    """The state of an entry from its translation, flags, previous msgid and ``mt:`` engine."""
    if not translated:
        return State.UNTRANSLATED
    if FUZZY not in set(flags):
        return State.TRANSLATED
    if previous_msgid:
        return State.STALE
    if engine:
        return State.MACHINE
    return State.FUZZY


def entry_state(entry: polib.POEntry) -> State:
    """The state of a PO entry (``marks`` reads its ``mt:`` line)."""
    return classify(
        is_translated(entry), entry.flags, entry.previous_msgid, marks.machine_engine(entry)
    )


def _state(subject: Subject) -> State:
    return classify(subject.translated, subject.flags, subject.previous_msgid, subject.engine)


@check("untranslated", WARNING, scope="active")
def untranslated(subject: Subject) -> str | None:
    """Entry has no translation yet."""
    if subject.translated:
        return None
    return "not translated yet"


@check("fuzzy-stale", WARNING, scope="active")
def fuzzy_stale(subject: Subject) -> str | None:
    """English changed since the translation was made (fuzzy with a previous msgid)."""
    if _state(subject) is not State.STALE:
        return None
    return "the English changed since this was translated; update it, then remove the fuzzy flag"


@check("fuzzy-machine", WARNING, scope="active")
def fuzzy_machine(subject: Subject) -> str | None:
    """Machine translation not reviewed yet (fuzzy and a `# mt: <engine>` line)."""
    if _state(subject) is not State.MACHINE:
        return None
    return (
        f"machine translation ({subject.engine}) not reviewed yet; "
        "review it, then remove the fuzzy flag"
    )


@check("fuzzy", WARNING, scope="active")
def fuzzy(subject: Subject) -> str | None:
    """Marked fuzzy by a translator."""
    if _state(subject) is not State.FUZZY:
        return None
    return "marked fuzzy; finish the translation, then remove the fuzzy flag"


@check("unchanged", WARNING)
def unchanged(subject: Subject) -> str | None:
    """Translation is the English text, unchanged."""
    if subject.msgstr != subject.msgid:
        return None
    prose = HASHTAG.sub(OBJECT, subject.target.prose)
    for term in subject.terms:
        prose = prose.replace(term, OBJECT)
    if len(_LETTERS.findall(prose)) < 2:  # one word is often the same (Tags, Articles)
        return None
    return "translation is identical to the English text"


@check("ignore-marks", WARNING, scope="active")
def ignore_marks(subject: Subject) -> str | None:
    """An ignore: line names no check, or gives no reason."""
    for line in subject.comment.split("\n"):
        match = _IGNORE_LINE.match(line.strip())
        if match is None:
            continue
        name, reason = match.groups()
        if name not in REGISTRY:
            return f"'ignore: {name}' names no check (`localize validate --list-checks`)"
        if not reason.strip():
            return f"'ignore: {name}' gives no reason; write it after the check id"
    return None


@check("obsolete", WARNING, scope="obsolete")
def obsolete(subject: Subject) -> str | None:
    """Obsolete entry (#~) left in the file."""
    return "obsolete entry (#~) no longer in the article; delete it when nobody needs it"


@check("pseudo", WARNING, scope="file")
def pseudo(subject: FileSubject) -> Issue | None:
    """Pseudo-localized entries (a layout preview: never published, not checked)."""
    if subject.po is None:
        return None
    found = [e for e in subject.po if not e.obsolete and e.msgstr
             and marks.is_pseudo_text(marks.machine_engine(e), e.msgstr)]
    if not found:
        return None
    return Issue(f"{len(found)} entries hold pseudo-localization (a layout preview: never "
                 "published, not checked); translate them, or fill them with a real engine: "
                 "`localize translate --retranslate-fuzzy --engine NAME`", found[0].linenum)
