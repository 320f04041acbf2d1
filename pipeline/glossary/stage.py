"""``localize glossary``: show the glossary to translators; import TBX termbases into it.

Rules:

- ``show`` lists every term with its forms in each language (or in the
  languages asked for), preferred form first, and its note; as text for
  people, or JSON.
- ``import_tbx`` merges TBX files (``glossary.tbx``) into the project's CSV,
  which stays the working file: a concept whose English matches a row
  (any form, any case) fills that row's empty cells and empty note; a
  cell a translator already filled is kept as it is, and counted when the
  TBX says something else; other concepts become new rows at the end. A
  language the CSV has no column for gets one (in the table's order); the
  file is created if there is none (columns: English and the project's
  languages). It is written atomically, and only if a byte changes.
- A glossary with rows or columns ignored on reading (its warnings) is not
  rewritten: they would be lost. Fix the file first.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import LocalizeError
from pipeline.glossary.tbx import Concept, read_tbx
from pipeline.project.glossary import (
    SEPARATOR,
    Glossary,
    GlossaryError,
    Term,
    glossary_csv,
    load_glossary,
)
from pipeline.project.languages import LANGUAGES, Language
from pipeline.project.settings import Settings
from pipeline.runtime.files import read_existing, write_text_if_changed


def show(glossary: Glossary, languages: list[Language], fmt: str = "text") -> str:
    """The glossary as translators read it: text, or JSON."""
    langs = [lang for lang in glossary.languages if lang != glossary.source and
             (not languages or lang in languages)]
    if fmt == "json":
        rows: list[dict[str, Any]] = []
        for term in glossary.terms:
            row: dict[str, Any] = {glossary.source.code: list(glossary.source_forms(term))}
            row.update({lang.code: list(term.get(lang)) for lang in langs})
            row["note"] = term.note
            rows.append(row)
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if not glossary.terms:
        return f"{glossary.path}: no terms yet (docs/translate.md, \"The glossary\", says how)\n"
    lines = [f"{glossary.path}: {len(glossary.terms)} terms; the first form is the preferred "
             "one, the others are accepted"]
    for term in glossary.terms:
        lines.append("")
        lines.append(SEPARATOR.join(glossary.source_forms(term)))
        for lang in langs:
            forms = term.get(lang)
            shown = SEPARATOR.join(forms) if forms else "(no agreed term)"
            lines.append(f"  {lang.code:<4}{shown}")
        if term.note:
            lines.append(f"  note: {term.note}")
    return "\n".join(lines) + "\n"


@dataclass
class ImportStats:
    """What one import did."""

    path: str
    concepts: int = 0
    added: int = 0
    updated: int = 0
    filled: int = 0
    """Empty cells (and notes) filled in rows that were there."""
    kept: int = 0
    """Cells a translator had filled that the TBX would have changed: kept."""
    no_source: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    written: bool = False


@dataclass
class _Row:
    forms: dict[str, list[str]]
    note: str
    line: int = 0

    def term(self) -> Term:
        return Term(self.line, {code: tuple(f) for code, f in self.forms.items() if f}, self.note)


def import_tbx(settings: Settings, files: list[Path]) -> ImportStats:
    """Merge the TBX ``files`` into the project's glossary (see the module's rules)."""
    glossary = load_glossary(settings)
    if glossary.warnings:
        raise GlossaryError(glossary.path, "has rows or columns that are ignored (`localize "
                            "validate` lists them); fix them first, or the import would drop them")
    path = settings.glossary_path
    stats = ImportStats(glossary.path)
    columns = list(glossary.languages) or [settings.source, *settings.targets]
    rows = [_Row({code: list(f) for code, f in t.forms.items()}, t.note, t.line)
            for t in glossary.terms]
    source = settings.source.code
    for file in files:
        termbase = read_tbx(file, str(file), settings.source)
        stats.skipped.update(termbase.skipped)
        for concept in termbase.concepts:
            stats.concepts += 1
            if not concept.forms.get(source):
                stats.no_source += 1
                continue
            _merge(rows, concept, source, stats)
    used = {code for row in rows for code in row.forms}
    columns += [lang for lang in LANGUAGES if lang.code in used and lang not in columns]
    text = glossary_csv(columns, [row.term() for row in rows], _newline(settings, path))
    stats.written = write_text_if_changed(settings.confine(path), text, display=glossary.path,
                                          root=settings.root)
    return stats


def _merge(rows: list[_Row], concept: Concept, source: str, stats: ImportStats) -> None:
    english = {form.lower() for form in concept.forms[source]}
    row = next((r for r in rows if english & {f.lower() for f in r.forms.get(source, [])}), None)
    if row is None:
        rows.append(_Row({code: list(forms) for code, forms in concept.forms.items()},
                         concept.note))
        stats.added += 1
        return
    changed = 0
    for code, forms in concept.forms.items():
        if code == source:
            continue
        have = row.forms.get(code)
        if not have:
            row.forms[code] = list(forms)
            changed += 1
        elif not set(forms) <= set(have):
            stats.kept += 1
    if concept.note and not row.note:
        row.note = concept.note
        changed += 1
    stats.filled += changed
    stats.updated += 1 if changed else 0


def _newline(settings: Settings, path: Path) -> str:
    """The line ending the file already uses; CRLF (RFC 4180) for a new one."""
    try:
        head = (read_existing(path, settings.display(path), settings.root) or b"")[:4096]
    except LocalizeError:
        return "\r\n"
    if not head:
        return "\r\n"
    return "\r\n" if b"\r\n" in head or b"\n" not in head else "\n"


def import_summary(stats: ImportStats) -> list[str]:
    """The result for people: one line, then what was left out."""
    lines = [
        f"glossary import: {stats.concepts} concept(s); {stats.added} new term(s), "
        f"{stats.updated} updated ({stats.filled} cell(s) filled), {stats.kept} cell(s) kept "
        f"as the glossary has them; {stats.path} "
        + ("written" if stats.written else "unchanged")
    ]
    if stats.no_source:
        lines.append(f"  {stats.no_source} concept(s) without an English term left out")
    for tag, count in sorted(stats.skipped.items()):
        lines.append(f"  {count} term(s) in {tag!r} left out: no language of the project's "
                     "language table")
    return lines
