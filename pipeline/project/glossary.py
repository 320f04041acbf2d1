"""The project's glossary: the agreed translation of each term, for every engine and translator.

Rules:

- One UTF-8 CSV file (RFC 4180; a byte-order mark is allowed), by default
  ``po/glossary.csv`` (setting ``glossary`` names another file in the
  project). No file means an empty glossary, and nothing changes anywhere.
- The header row names the columns: the source language (``en``) first,
  then one column per language by any key ``languages.get_language``
  resolves (site code ``cn``, BCP 47 ``zh-Hans``, locale ``zh_CN``), and
  ``note`` (free text for translators). A column that names no language
  of the table is ignored with a warning; a language twice, a header
  without the source language, a file that is not UTF-8 or not CSV are
  errors (``GlossaryError``, ``file:line: what is wrong``).
- One row per term. A cell may hold several accepted forms separated by
  `` | `` (space, bar, space); the first is the preferred one. Inflected
  languages list the forms that occur (``власть | власти | властью``),
  English may list ``therapist | therapists``. An empty cell: no agreed
  term in that language. A row with no source form is skipped with a
  warning; so is a row with more cells than the header has columns.
- Matching (``source_occurs``, ``target_occurs``): case-insensitive. A
  source form counts only as a whole word (or words); so does a target
  form, except in languages written without spaces between words
  (``Language.full_width``: Japanese, Chinese) or whose terms are often
  part of a longer written word (``Language.joins_words``: German
  compounds, ``Machtdynamik``; Arabic attached particles, ``والعميل``,
  "and the client"), where any occurrence counts.
- ``candidates`` finds, quickly, the terms whose source forms occur in a
  text: words are looked up by their first word, then each form is
  checked where it could start, so overlapping terms (``power``,
  ``power dynamic``) are all found.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pipeline.errors import InputError, UsageError
from pipeline.project.languages import Language, get_language
from pipeline.project.settings import Settings
from pipeline.runtime.confine import read_inside
from pipeline.runtime.files import digest_parts

SEPARATOR = " | "
NOTE = "note"
FILENAME = "glossary.csv"
_WORD = re.compile(r"\w+")

Hit = tuple[tuple[str, ...], tuple[str, ...]]
"""A term as a check sees it: (source forms, target forms), preferred form first."""


class GlossaryError(InputError):
    """The glossary file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Term:
    """One row: the accepted forms per language code (preferred first) and the note."""

    line: int
    forms: dict[str, tuple[str, ...]] = field(hash=False)
    note: str = ""

    def get(self, lang: Language) -> tuple[str, ...]:
        return self.forms.get(lang.code, ())


@dataclass(frozen=True)
class Glossary:
    """Every term of the project's glossary, with the warnings reading it gave."""

    path: str
    """The file as shown in messages (relative to the project)."""
    source: Language
    languages: tuple[Language, ...] = ()
    """The language columns, in file order, source first."""
    terms: tuple[Term, ...] = ()
    warnings: tuple[tuple[int, str], ...] = ()
    """(line, what is wrong) for each column or row that was ignored."""

    def __bool__(self) -> bool:
        return bool(self.terms)

    def warning_lines(self) -> list[str]:
        """The warnings as ``file:line: what is wrong``."""
        return [f"{self.path}:{line}: {message}" for line, message in self.warnings]

    @cached_property
    def digest(self) -> str:
        """Changes whenever any term, form or note does."""
        parts = [f"{t.note}\x1f{sorted(t.forms.items())}" for t in self.terms]
        return digest_parts(*parts)

    def source_forms(self, term: Term) -> tuple[str, ...]:
        return term.get(self.source)

    def candidates(self, text: str) -> list[Term]:
        """The terms a source form of which occurs in ``text`` (whole words, any case)."""
        if not self.terms:
            return []
        found: dict[int, Term] = {}
        index = self._index
        for word in _WORD.finditer(text):
            for pattern, number in index.get(word.group().lower(), ()):
                if number not in found and pattern.match(text, word.start()):
                    found[number] = self.terms[number]
        for pattern, number in index.get("", ()):
            if number not in found and pattern.search(text):
                found[number] = self.terms[number]
        return [found[n] for n in sorted(found)]

    def hits(self, text: str, lang: Language) -> tuple[Hit, ...]:
        """``(source forms, target forms)`` of the candidates with forms in ``lang``."""
        return tuple(
            (self.source_forms(term), term.get(lang))
            for term in self.candidates(text)
            if term.get(lang)
        )

    @cached_property
    def _index(self) -> dict[str, list[tuple[re.Pattern[str], int]]]:
        """First word of each source form (lower case; "" if none) → (form pattern, term)."""
        index: dict[str, list[tuple[re.Pattern[str], int]]] = {}
        for number, term in enumerate(self.terms):
            for form in self.source_forms(term):
                first = _WORD.search(form)
                key = first.group().lower() if first and first.start() == 0 else ""
                index.setdefault(key, []).append((_form_pattern(form, True), number))
        return index


def _form_pattern(form: str, whole_word: bool) -> re.Pattern[str]:
    escaped = re.escape(form).replace(r"\ ", r"\s+")
    if whole_word:
        escaped = rf"(?<!\w){escaped}(?!\w)"
    return re.compile(escaped, re.IGNORECASE)


def source_occurs(forms: Iterable[str], text: str) -> bool:
    """Whether one of the source ``forms`` occurs in ``text`` as a whole word, in any case."""
    return any(_cached_pattern(form, True).search(text) for form in forms)


def target_occurs(forms: Iterable[str], text: str, lang: Language) -> bool:
    """Whether one of the target ``forms`` occurs in ``text``, as ``lang`` writes words."""
    whole = not (lang.full_width or lang.joins_words)
    return any(_cached_pattern(form, whole).search(text) for form in forms)


_PATTERNS: dict[tuple[str, bool], re.Pattern[str]] = {}


def _cached_pattern(form: str, whole_word: bool) -> re.Pattern[str]:
    key = (form, whole_word)
    pattern = _PATTERNS.get(key)
    if pattern is None:
        if len(_PATTERNS) > 20_000:
            _PATTERNS.clear()
        pattern = _PATTERNS[key] = _form_pattern(form, whole_word)
    return pattern


# --- reading ------------------------------------------------------------------


def split_forms(cell: str) -> tuple[str, ...]:
    """The accepted forms in one cell, preferred first; ``()`` for an empty cell."""
    forms = (part.strip() for part in cell.split(SEPARATOR.strip()))
    return tuple(dict.fromkeys(form for form in forms if form))


def parse_glossary(text: str, shown: str, source: Language) -> Glossary:
    """The glossary in ``text`` (the file's content); ``GlossaryError`` if it is unusable."""
    rows = _rows(text, shown)
    if not rows or not any(cell.strip() for cell in rows[0][1]):
        raise GlossaryError(shown, "no header row; the first row names the columns "
                            f"({source.code}, then language codes, then {NOTE})", 1)
    header_line, header = rows[0]
    columns, languages, warnings = _columns(header, header_line, shown, source)
    terms: list[Term] = []
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            warnings.append((line, f"{len(cells)} cells but {len(header)} columns; row ignored "
                             "(a comma in a cell needs the cell in double quotes)"))
            continue
        term = _term(cells, columns, line)
        if not term.forms.get(source.code):
            warnings.append((line, f"no {source.english_name} term; row ignored"))
            continue
        terms.append(term)
    return Glossary(shown, source, tuple(languages), tuple(terms), tuple(warnings))


def _rows(text: str, shown: str) -> list[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise GlossaryError(shown, f"not valid CSV: {exc}", reader.line_num or start) from None
    return rows


def _columns(
    header: list[str], line: int, shown: str, source: Language
) -> tuple[dict[int, str], list[Language], list[tuple[int, str]]]:
    """Column index → language code (or ``note``), the languages, and warnings."""
    columns: dict[int, str] = {}
    languages: list[Language] = []
    warnings: list[tuple[int, str]] = []
    for index, raw in enumerate(header):
        name = raw.strip()
        if name.lower() == NOTE:
            columns[index] = NOTE
            continue
        try:
            lang = get_language(name)
        except UsageError:
            warnings.append((line, f"column {name!r} names no language of the language "
                             "table; ignored"))
            continue
        if lang in languages:
            raise GlossaryError(shown, f"column {name!r}: {lang.code} has a column already", line)
        languages.append(lang)
        columns[index] = lang.code
    if source not in languages:
        raise GlossaryError(shown, f"no {source.code!r} column; the header must name the "
                            f"source language ({source.code}) and the languages", line)
    return columns, languages, warnings


def _term(cells: list[str], columns: dict[int, str], line: int) -> Term:
    forms: dict[str, tuple[str, ...]] = {}
    note = ""
    for index, cell in enumerate(cells):
        name = columns.get(index)
        if name == NOTE:
            note = cell.strip()
        elif name is not None and split_forms(cell):
            forms[name] = split_forms(cell)
    return Term(line, forms, note)


def read_glossary(path: Path, shown: str, source: Language, root: Path | None = None
                  ) -> Glossary:
    """The glossary in the file at ``path`` (read only inside ``root``); empty when there is
    none."""
    try:
        data = read_inside(root, path, shown)
    except FileNotFoundError:
        return Glossary(shown, source)
    except IsADirectoryError:
        raise GlossaryError(shown, "is a folder, not a CSV file") from None
    except OSError as exc:
        raise GlossaryError(shown, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(shown, "not UTF-8; save the file as UTF-8 CSV", line) from None
    return parse_glossary(text, shown, source)


# --- writing ------------------------------------------------------------------


def glossary_csv(languages: Iterable[Language], terms: Iterable[Term], newline: str = "\r\n"
                 ) -> str:
    """The CSV text of ``terms`` with a column per language of ``languages`` and ``note``."""
    langs = list(languages)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow([*(lang.code for lang in langs), NOTE])
    for term in terms:
        writer.writerow([*(SEPARATOR.join(term.get(lang)) for lang in langs), term.note])
    return out.getvalue()


def load_glossary(settings: Settings) -> Glossary:
    """The project's glossary (setting ``glossary``, default ``po/glossary.csv``)."""
    path = settings.glossary_path
    return read_glossary(path, settings.display(path), settings.source, settings.root)
