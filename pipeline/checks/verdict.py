"""The verdict on one entry: may its translation be published, and if not, why not.

One function for everyone who needs it: assemble shows what it says
(``assemble.policy``), validate and status count by it
(``checks.completeness``). Rules, in this order, from the entry's marks
(``po.marks``) and the checks' findings:

- *untranslated*: no msgstr.
- *stale*: ``fuzzy`` with a previous msgid (``#|``): the English changed
  since it was translated. Never published.
- any other ``fuzzy`` entry that is not machine output (a translator's
  doubt): never published.
- *pseudo*: pseudo-localization (``Marked.pseudo``): a layout preview,
  published only in a preview (``preview``), where it is shown as machine
  text.
- *machine*: ``fuzzy``, an ``mt: <engine>`` line and no previous msgid.
  Published unless ``reviewed_only`` (then *withheld*).
- *reviewed*: a msgstr and no ``fuzzy`` flag. Published.
- A msgstr the marks would publish is *refused* when it adds markup its
  msgid lacks (``safety.added_markup``, computed here every time, never
  taken from a cache) or when any check of error severity finds something
  (``errors``: the entry's error-level findings, ``base.errors_of``, which
  ``checks.findings`` gives), with the reason. Warnings never stop an entry.

``prejudge`` is the part the marks alone decide; ``None`` from it means the
checks decide, so only those entries need findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pipeline.checks.safety import added_markup
from pipeline.po.marks import PSEUDO_ENGINE, Marked


class Verdict(StrEnum):
    """What a reader gets of one entry."""

    REVIEWED = "reviewed"
    MACHINE = "machine"
    UNTRANSLATED = "untranslated"
    STALE = "stale"
    FUZZY = "fuzzy"
    PSEUDO = "pseudo"
    WITHHELD = "machine, withheld"
    REFUSED = "refused"

    @property
    def published(self) -> bool:
        return self is Verdict.REVIEWED or self is Verdict.MACHINE


def prejudge(entry: Marked | None, reviewed_only: bool, preview: bool = False) -> Verdict | None:
    """The verdict the marks give on their own; ``None``: published unless the checks object."""
    if entry is None or not entry.msgstr:
        return Verdict.UNTRANSLATED
    if entry.fuzzy:
        if entry.stale:
            return Verdict.STALE
        if not entry.machine:
            return Verdict.FUZZY
    if entry.engine == PSEUDO_ENGINE and entry.pseudo:
        return None if preview else Verdict.PSEUDO
    if entry.fuzzy and reviewed_only:
        return Verdict.WITHHELD
    return None


def verdict(msgid: str, entry: Marked | None, reviewed_only: bool,
            errors: Sequence[tuple[str, str]] = (), preview: bool = False
            ) -> tuple[Verdict, str | None]:
    """The verdict on ``entry`` (``None``: no entry), and the reason when it is *refused*.

    ``errors``: the entry's error-level findings, ``(check id, message)``.
    """
    found = prejudge(entry, reviewed_only, preview)
    if found is not None:
        return found, None
    assert entry is not None
    reason = added_markup(msgid, entry.msgstr)
    if reason is None and errors:
        reason = "; ".join(f"[{check_id}] {message}" for check_id, message in errors)
    if reason is not None:
        return Verdict.REFUSED, reason
    machine = entry.fuzzy or (entry.engine == PSEUDO_ENGINE and entry.pseudo)
    return (Verdict.MACHINE if machine else Verdict.REVIEWED), None
