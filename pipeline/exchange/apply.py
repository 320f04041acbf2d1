"""Put what a CAT tool returned into the PO files, saying what changed and what did not.

Rules:

- A unit names its PO file (``original``); it must be a ``.po`` file
  inside the project's ``po/`` folder, of the unit's target language, or
  every unit of it is refused with one error.
- Only an entry whose English is still the unit's source is filled; a
  unit whose English is no longer there is *skipped* (the article
  changed since the export: export again).
- A unit with no target, or with the translation and state the entry
  already has, changes nothing. So export then import with no edits
  changes no byte.
- When the entry changed in the PO file since the export (its base, see
  ``xliff.base_of``, is not the unit's), the PO file's translation is
  kept and the unit is reported as a *conflict*, unless ``overwrite``.
- Otherwise the translation is written and marked as the CAT tool marked
  it: reviewed → ``fuzzy`` and ``#|`` removed; needs review → ``fuzzy``
  (``#|`` kept, ``mt:`` dropped if the text is a person's now); machine →
  ``fuzzy`` and ``mt:`` (the entry's engine, else ``xliff``).
- Every change, conflict and skip is reported with ``file:line``. Files
  are written once, exactly as msgcat writes them, only if an entry
  changed, and not if they changed on disk meanwhile (``save_po``'s
  digest check). ``dry_run`` writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline.errors import LocalizeError, PoFileError
from pipeline.exchange.xliff import MACHINE, REVIEW, REVIEWED, Incoming, base_of, entry_state
from pipeline.exchange.xliff import group as state_group
from pipeline.po import catalog, marks
from pipeline.project.languages import Language, get_language
from pipeline.project.settings import Settings
from pipeline.runtime.files import ChangedOnDisk


@dataclass(frozen=True)
class Outcome:
    """What happened to one unit: ``changed``, ``conflict`` or ``skipped``, and why."""

    kind: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind}: {self.message}"


@dataclass
class Applied:
    outcomes: list[Outcome] = field(default_factory=list)
    unchanged: int = 0
    written: list[str] = field(default_factory=list)
    errors: list[LocalizeError] = field(default_factory=list)


def apply_units(settings: Settings, units: list[Incoming], shown: str, overwrite: bool,
                dry_run: bool, result: Applied) -> None:
    """Fill the PO files ``units`` (read from the file ``shown``) name."""
    by_file: dict[str, list[Incoming]] = defaultdict(list)
    for unit in units:
        by_file[unit.original].append(unit)
    for original, group in by_file.items():
        try:
            path, lang = _po_file(settings, original, group[0].language, shown)
            _apply_file(settings, path, lang, group, overwrite, dry_run, result)
        except LocalizeError as exc:
            result.errors.append(exc)


def _po_file(settings: Settings, original: str, language: str, shown: str
             ) -> tuple[Path, Language]:
    path = (settings.root / original).resolve()
    if path.suffix != ".po" or settings.po_path not in path.parents:
        raise PoFileError(shown, f"names {original!r}, which is not a PO file in "
                                 f"{settings.po_dir}/; export again from this project")
    settings.confine(path)
    if not path.is_file():
        raise PoFileError(shown, f"names {original}, which does not exist")
    lang = next((t for t in settings.targets if t.po_filename == path.name), None)
    try:
        declared = get_language(language) if language else lang
    except LocalizeError:
        declared = None
    if lang is None or declared != lang:
        raise PoFileError(shown, f"target language {language!r} is not the language of "
                                 f"{original}")
    return path, lang


def _apply_file(settings: Settings, path: Path, lang: Language, units: list[Incoming],
                overwrite: bool, dry_run: bool, result: Applied) -> None:
    display = settings.display(path)
    loaded = catalog.load_po_with_digest(path, display, settings.root, lang,
                                         settings.skip_checks)
    po = loaded.po
    index = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt and not e.msgid_plural}
    changed = False
    for unit in units:
        entry = index.get(unit.source)
        if entry is None:
            result.outcomes.append(Outcome("skipped", f"{display}", (
                f"unit {unit.unit_id}: its English is no longer in the file; export again")))
            continue
        where = f"{display}:{entry.linenum}"
        if unit.target is None:
            result.unchanged += 1
            continue
        before = entry_state(entry)
        if unit.target == entry.msgstr and unit.state == state_group(before):
            result.unchanged += 1
            continue
        if unit.base is not None and unit.base != base_of(entry) and not overwrite:
            result.outcomes.append(Outcome("conflict", where, (
                "changed in the PO file since the export; kept the PO file's translation "
                "(import with --overwrite to take the file's)")))
            continue
        message = _describe(entry, unit, before)
        _fill(entry, unit, before)
        result.outcomes.append(Outcome("changed", where, message))
        changed = True
    if changed and not dry_run:
        try:
            catalog.save_po(po, path, expected=loaded.digest, display=display,
                            root=settings.root, form=loaded.form)
        except ChangedOnDisk as exc:
            raise PoFileError(display, "changed on disk during the import; nothing of it was "
                                       "written, import again") from exc
        result.written.append(display)


def _describe(entry: polib.POEntry, unit: Incoming, before: str) -> str:
    parts = []
    if unit.target != entry.msgstr:
        parts.append("translation updated" if entry.msgstr else "translated")
    if unit.state != state_group(before):
        parts.append(f"{before} → {unit.state}")
    else:
        parts.append(f"still {unit.state}")
    return ", ".join(parts)


def _fill(entry: polib.POEntry, unit: Incoming, before: str) -> None:
    edited = unit.target != entry.msgstr
    engine = marks.machine_engine(entry) if before == MACHINE else None
    entry.msgstr = unit.target or ""
    if unit.state == REVIEWED:
        entry.flags = [f for f in entry.flags if f != marks.FUZZY]
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    elif unit.state == MACHINE:
        marks.mark_machine(entry, engine or "xliff")
    elif unit.state == REVIEW:
        if edited or before == MACHINE:
            marks.unmark_machine(entry)
        if marks.FUZZY not in entry.flags:
            entry.flags.insert(0, marks.FUZZY)
