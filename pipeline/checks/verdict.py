"""The verdict on one entry: may its translation be published, and if not, why not.

One function for everyone who needs it: assemble shows what it says
(``assemble.policy``), status and validate count by it
(``checks.completeness``). Rules, from the entry's marks (``po.marks``):

- *reviewed*: a msgstr and no ``fuzzy`` flag. Published.
- *machine*: ``fuzzy``, an ``mt: <engine>`` comment line and no previous
  msgid. Published unless ``reviewed_only`` (then *withheld*).
- *stale*: ``fuzzy`` with a previous msgid (``#|``): the English changed
  since it was translated. Never published.
- any other ``fuzzy`` entry (a translator's doubt): never published.
- *untranslated*: no msgstr.
- a msgstr that would be published but adds markup its msgid lacks
  (``safety.added_markup``) is *refused*, with the reason.
"""

from __future__ import annotations

from enum import StrEnum

from pipeline.checks.safety import added_markup
from pipeline.po.marks import Marked


class Verdict(StrEnum):
    """What a reader gets of one entry."""

    REVIEWED = "reviewed"
    MACHINE = "machine"
    UNTRANSLATED = "untranslated"
    STALE = "stale"
    FUZZY = "fuzzy"
    WITHHELD = "machine, withheld"
    REFUSED = "refused"

    @property
    def published(self) -> bool:
        return self is Verdict.REVIEWED or self is Verdict.MACHINE


def verdict(msgid: str, entry: Marked | None, reviewed_only: bool) -> tuple[Verdict, str | None]:
    """The verdict on ``entry`` (``None``: no entry), and the reason when it is *refused*."""
    if entry is None or not entry.msgstr:
        return Verdict.UNTRANSLATED, None
    if entry.fuzzy:
        if entry.stale:
            return Verdict.STALE, None
        if not entry.machine:
            return Verdict.FUZZY, None
        if reviewed_only:
            return Verdict.WITHHELD, None
    reason = added_markup(msgid, entry.msgstr)
    if reason is not None:
        return Verdict.REFUSED, reason
    return (Verdict.MACHINE if entry.fuzzy else Verdict.REVIEWED), None
