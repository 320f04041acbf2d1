"""Completeness states of an entry: untranslated, fuzzy (three kinds), unchanged, obsolete.

The fuzzy kinds follow the project's convention: *stale* is ``fuzzy`` with a
previous msgid (``#|``, set by merge when the English changed); *machine*
is ``fuzzy`` plus an ``mt:<engine>`` flag and no previous msgid (translate's
unreviewed output); any other ``fuzzy`` was set by a translator. A reviewed
machine translation has lost ``fuzzy`` and counts as translated, whatever
``mt:*`` history it keeps. An empty msgstr is untranslated, fuzzy or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from pipeline.checks.base import IGNORE_PREFIX, REGISTRY, WARNING, Subject, check
from pipeline.checks.markup import HASHTAG, OBJECT

FUZZY = "fuzzy"
MACHINE_PREFIX = "mt:"
_LETTERS = re.compile(r"[^\W\d_]{2,}")


class State(StrEnum):
    TRANSLATED = "translated"
    MACHINE = "machine"
    STALE = "stale"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"


def classify(translated: bool, flags: Iterable[str], previous_msgid: str | None) -> State:
    """The state of an entry from its translation, flags and previous msgid."""
    flags = set(flags)
    if not translated:
        return State.UNTRANSLATED
    if FUZZY not in flags:
        return State.TRANSLATED
    if previous_msgid is not None:
        return State.STALE
    if any(flag.startswith(MACHINE_PREFIX) for flag in flags):
        return State.MACHINE
    return State.FUZZY


def machine_engine(flags: Iterable[str]) -> str:
    """The engine named by the first ``mt:<engine>`` flag, or ``""``."""
    for flag in flags:
        if flag.startswith(MACHINE_PREFIX):
            return flag[len(MACHINE_PREFIX) :]
    return ""


def _state(subject: Subject) -> State:
    return classify(subject.translated, subject.flags, subject.previous_msgid)


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
    """Machine translation not reviewed yet (fuzzy + mt:<engine>)."""
    if _state(subject) is not State.MACHINE:
        return None
    engine = machine_engine(subject.flags)
    return f"machine translation ({engine}) not reviewed yet; review it, then remove the fuzzy flag"


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
    if not _LETTERS.search(prose):
        return None
    return "translation is identical to the English text"


@check("ignore-flags", WARNING, scope="active")
def ignore_flags(subject: Subject) -> str | None:
    """An ignore-<check> flag names no check, or has no reason in a translator comment."""
    names = sorted(f[len(IGNORE_PREFIX) :] for f in subject.flags if f.startswith(IGNORE_PREFIX))
    unknown = [name for name in names if name not in REGISTRY]
    if unknown:
        return f"flag ignore-{unknown[0]} names no check (`localize validate --list-checks`)"
    if names and not subject.comment.strip():
        return f"say why ignore-{names[0]} is right in a translator comment (# …)"
    return None


@check("obsolete", WARNING, scope="obsolete")
def obsolete(subject: Subject) -> str | None:
    """Obsolete entry (#~) left in the file."""
    return "obsolete entry (#~) no longer in the article; delete it when nobody needs it"
