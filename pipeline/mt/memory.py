"""Translation memory: exact matches already translated in other PO files of the same language.

Rules:

- Every ``po/*/<locale>.po`` of the language is searched (other articles
  and the site's strings), only for the msgids a run needs.
- A reviewed translation (no ``fuzzy``) is offered as reviewed, marked with
  a ``# tm:`` line (``marks.mark_copy``): a translator already approved exactly this English in this
  language. When files disagree, the most common translation wins, ties
  going to the first file in path order.
- Unreviewed machine output (``marks.is_machine``) is offered with the
  same marks, unless the run retranslates machine output.
- Stale and translator-marked fuzzy entries are never offered; a PO file
  that does not parse offers nothing (validate reports it).
- Then the imported memory (``tmx.memory_path``: ``po/tm/<locale>.tmx``,
  filled by ``localize import`` of TMX files): for an English text no PO
  file of the language has reviewed, its reviewed pairs vote the same way
  and are offered as reviewed copies; pairs marked unreviewed are never
  offered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import polib

from pipeline.errors import LocalizeError
from pipeline.mt.tmx import REVIEWED, stored_pairs
from pipeline.mt.tracked import Marker, marked_machine, reviewed_copy
from pipeline.po import catalog
from pipeline.po.marks import is_machine, machine_engine
from pipeline.project.languages import Language
from pipeline.project.settings import Settings

Match = tuple[str, Marker]
"""A msgstr and how to mark the entry it goes into."""


def translation_memory(
    settings: Settings, needed: dict[Language, set[str]], retranslate: bool,
    loaded: Mapping[Path, polib.POFile] | None = None,
) -> dict[tuple[str, str], Match]:
    """Matches keyed by (language code, msgid), for the msgids in ``needed``.

    ``loaded``: PO files the caller has just read, by path, used instead of reading them again.
    """
    result: dict[tuple[str, str], Match] = {}
    for lang, msgids in needed.items():
        reviewed: dict[str, Counter[str]] = {}
        machine: dict[str, tuple[str, str]] = {}
        for path in sorted(settings.po_path.glob(f"*/{lang.po_filename}")):
            po = (loaded or {}).get(path)
            try:
                po = po if po is not None else catalog.load_po(
                    path, settings.display(path), settings.root, lang, settings.skip_checks)
            except LocalizeError:
                continue
            for entry in po:
                if entry.obsolete or entry.msgid not in msgids or not entry.msgstr:
                    continue
                if catalog.FUZZY not in entry.flags:
                    reviewed.setdefault(entry.msgid, Counter())[entry.msgstr] += 1
                elif is_machine(entry) and not retranslate:
                    engine = machine_engine(entry) or "unknown"
                    machine.setdefault(entry.msgid, (entry.msgstr, engine))
        imported: dict[str, Counter[str]] = {}
        for pair in stored_pairs(settings, lang) if msgids else []:
            if pair.state == REVIEWED and pair.source in msgids and pair.source not in reviewed:
                imported.setdefault(pair.source, Counter())[pair.target] += 1
        reviewed.update(imported)
        for msgid, votes in reviewed.items():
            result[(lang.code, msgid)] = (votes.most_common(1)[0][0], reviewed_copy)
        for msgid, (msgstr, engine) in machine.items():
            result.setdefault((lang.code, msgid), (msgstr, marked_machine(engine)))
    return result
