"""Updating a PO file to a new template as text: ``catalog.merge`` without re-reading every entry.

``extract`` merges each article's template into ten or more PO files on every
run, and nearly every entry comes out of the merge as it went in: same
msgid, same translation, only the template's comments and references
replaced. Reading each entry into polib, merging and formatting it again is
most of the cost of an update. ``merge_text`` gives the very bytes of
``format_po(catalog.merge(catalog.parse_po(raw), pot))`` another way:

- The file is cut into entries at its blank lines. An entry whose msgid
  lines are, character for character, the lines the template's entry is
  written with has that msgid (and the template's ``#.``/``#:`` lines
  replace its own). Its translation lines are kept as they are when
  ``writer.is_wrapped`` shows they are exactly what the writer makes of
  them; its translator comments are kept as they are (they read back the
  same), and its flags are merged as ``catalog.merge`` merges them.
- Every other entry (obsolete, with previous strings, plural forms, an
  msgid that changed, lines wrapped otherwise, flags that change wrapping)
  is read by ``reader`` and merged and formatted by the code the slow path
  uses, in the same order, with the same fuzzy matching.
- Anything this module does not fully understand (no header, an entry
  split over a blank line, duplicates, odd line breaks, trailing blanks…)
  gives ``None``: the caller then parses the file as always, which also
  words the errors. A file is never read in a way the slow path would not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import polib

from pipeline.po import catalog, reader, writer

_STRING_START = ('"', "msgstr", '#~ "', "#~ msgstr")
"""How the last line of an entry starts: an entry never ends in a comment or its msgid."""


@dataclass
class Template:
    """A template formatted once, for writing it and for merging it into every language."""

    pot: polib.POFile
    texts: list[str] = field(default_factory=list)
    """``format_entry`` of each entry, in ``format_po``'s order (obsolete ones last)."""
    entries: list[polib.POEntry] = field(default_factory=list)
    """The entries in that order."""
    keys: dict[str, int] = field(default_factory=dict)
    """msgctxt and msgid lines → index, for the entries a PO entry can be matched to as text."""
    heads: dict[int, str] = field(default_factory=dict)
    """Index → the entry's ``#.`` and ``#:`` lines (all that comes before its msgid)."""

    @classmethod
    def of(cls, pot: polib.POFile) -> Template:
        live = [entry for entry in pot if not entry.obsolete]
        dead = [entry for entry in pot if entry.obsolete]
        template = cls(pot, entries=live + dead)
        for index, entry in enumerate(template.entries):
            text = writer.format_entry(entry)
            template.texts.append(text)
            if _plain_template_entry(entry):
                start = 0 if text.startswith("msg") else text.find("\nmsg") + 1
                end = text.rfind("msgstr ")
                template.keys.setdefault(text[start:end], index)
                template.heads[index] = text[:start]
        return template

    def render(self, header: polib.POFile | None = None) -> str:
        """The template file (with ``header``'s header, if given): ``format_po(pot)``."""
        head = writer.format_header(header if header is not None else self.pot)
        return "\n".join([head, *(text for text in self.texts if text)])


def _plain_template_entry(entry: polib.POEntry) -> bool:
    """Whether a fresh PO entry made of ``entry`` is written as ``entry`` itself, and a PO
    entry with the same msgid lines is this one: no flags, plural, comment of a translator,
    previous string or translation."""
    return (not entry.obsolete and not entry.flags and not entry.msgid_plural
            and not entry.tcomment and not entry.msgstr and not entry.msgstr_plural
            and entry.previous_msgid is None and entry.previous_msgctxt is None
            and entry.previous_msgid_plural is None and entry.msgid != "")


def new_text(template: Template, fresh: polib.POFile) -> str:
    """``format_po(catalog.merge(fresh, pot))`` for ``fresh``, a catalog with no entries."""
    texts = [template.texts[index] if index in template.heads
             else writer.format_entry(catalog._fresh(entry))
             for index, entry in enumerate(template.entries) if not entry.obsolete]
    return "\n".join([_header_text(fresh, template), *texts])


def _header_text(old: polib.POFile, template: Template) -> str:
    """The header of ``catalog.merge(old, pot)``, written."""
    merged = polib.POFile()
    merged.header = old.header
    merged.metadata = dict(old.metadata)
    merged.metadata_is_fuzzy = old.metadata_is_fuzzy
    if "POT-Creation-Date" in template.pot.metadata:
        merged.metadata["POT-Creation-Date"] = template.pot.metadata["POT-Creation-Date"]
    return writer.format_header(merged)


# --- merging ----------------------------------------------------------------


_Kept = tuple[str, str, bool]
"""An entry of the old file matched to a template entry by its msgid lines: (the merged
entry as it is written, the entry as it was, whether it is translated)."""


@dataclass
class _Old:
    """What the old file holds, entry by entry, in its order."""

    header: str
    kept: dict[int, _Kept] = field(default_factory=dict)
    """Template index → the entry kept as text."""
    order: list[int | polib.POEntry | None] = field(default_factory=list)
    """Each entry: the template index of a kept one, else the entry read (``None`` until)."""


def merge_text(text: str, template: Template) -> str | None:
    """``format_po(catalog.merge(po, pot))`` for the PO file ``text`` (``None``: not sure).

    ``text`` must have passed ``catalog``'s checks of the raw bytes
    (``parse_po`` would not refuse it before reading): no character that
    ``str.splitlines`` takes for a line break is left but ``\\n``.
    """
    if (not text.endswith("\n") or text.endswith("\n\n") or text.startswith("\n")
            or "\n\n\n" in text):
        return None
    blocks = text[:-1].split("\n\n")
    header = _read(blocks[0])
    if header is None or len(header):
        return None
    old = _Old(blocks[0])
    kept, order = old.kept, old.order
    others: list[str] = []
    for block in blocks[1:]:
        index = _keep(block, template, kept)
        if index is None:
            others.append(block)
        order.append(index)
    if not _read_others(old, others, template):
        return None
    return "\n".join([_header_text(header, template), *_merged(old, template)])


def _read(text: str) -> polib.POFile | None:
    """``reader`` of a header followed by entries (a whole file in the plain layout)."""
    read = reader.read(text + "\n")
    return None if read is None else read[0]


def _keep(block: str, template: Template, kept: dict[int, _Kept]) -> int | None:
    """Merge ``block`` as text into ``kept`` if its msgid lines are a template entry's and
    the rest is plain; the template entry's index, or ``None`` if it must be read."""
    start = 0 if block.startswith("msg") else block.find("\nmsg") + 1
    if start == 0 and not block.startswith("msg"):
        return None
    end = block.find("\nmsgstr ", start) + 1
    if end == 0:
        return None
    index = template.keys.get(block[start:end])
    if index is None or index in kept:
        return None
    section = block[end:]
    if not writer.is_wrapped(section, "msgstr"):
        return None
    translated = section != 'msgstr ""'
    if start and _DROPPED.fullmatch(block, 0, start) is None:
        comments = _comments(block[:start], translated)
        if comments is None:
            return None
        head = comments[0] + template.heads[index] + comments[1]
    else:
        head = template.heads[index]
    kept[index] = (f"{head}{block[start:]}\n", block, translated)
    return index


_DROPPED = re.compile(r"(?:#[.:](?: [^\n]*\S)?\n)*")
"""Comment lines a merge replaces with the template's, written as reader reads them."""


def _comments(lines: str, translated: bool) -> tuple[str, str] | None:
    """(translator comment lines, flags line) of a live entry, as ``format_entry`` writes them
    after ``catalog.merge``; ``None`` for any other comment, or flags that change wrapping."""
    mine: list[str] = []
    flags: list[str] = []
    for line in lines[:-1].split("\n"):
        if line[-1].isspace():
            return None  # reader leaves such a file to the slow path
        head = line[:3]
        if head in ("#. ", "#: ") or line in ("#.", "#:", "#,"):
            continue  # the template's replace them
        if head == "#, ":
            flags += [flag.strip() for flag in line[3:].split(",")]
        elif head[:2] == "# ":
            mine.append(line + "\n")
        elif line == "#":
            if not mine:
                return None  # reader drops an empty comment before the first one
            mine.append("#\n")
        else:
            return None
    if not flags:
        return "".join(mine), ""
    parsed = writer.parsed_flags(tuple(catalog._union([], flags)))
    if not parsed.wrap or parsed.directive_language is not None:
        return None
    return "".join(mine), "".join(line + "\n" for line in parsed.lines(
        translated=translated, obsolete=False))


def _read_others(old: _Old, others: list[str], template: Template) -> bool:
    """Read the entries not kept as text; False if the file must take the slow path."""
    if not others:
        return True
    for block in others:
        last = block[block.rfind("\n") + 1:]
        if not last.startswith(_STRING_START):
            return False  # an entry cut by a blank line, or comments reader would join
    po = _read("\n\n".join([old.header, *others]))
    if po is None or len(po) != len(others):
        return False
    kept_keys = {catalog._key(template.entries[index]) for index in old.kept}
    read = iter(po)
    for position, item in enumerate(old.order):
        if item is None:
            entry = next(read)
            if catalog._key(entry) in kept_keys:
                return False  # the same msgid twice: let the slow path judge
            old.order[position] = entry
    return True


def _merged(old: _Old, template: Template) -> Iterator[str]:
    """The merged entries' text, in ``format_po``'s order: ``catalog.merge`` entry by entry."""
    read = [item for item in old.order if isinstance(item, polib.POEntry)]
    active = {catalog._key(e): e for e in read if not e.obsolete}
    obsolete = {catalog._key(e): e for e in read if e.obsolete}
    finder: catalog._Fuzzy | None = None
    used: set[tuple[str | None, str]] = set()
    for index, entry in enumerate(template.entries):
        if entry.obsolete:
            continue
        kept = old.kept.get(index)
        if kept is not None:
            yield kept[0]
            continue
        key = catalog._key(entry)
        previous = active.get(key) or obsolete.get(key)
        if previous is not None:
            used.add(catalog._key(previous))
            yield writer.format_entry(catalog._carry_over(entry, previous, fuzzy_from=None))
            continue
        if finder is None:
            finder = catalog._Fuzzy(_candidates(old, template))
        match = finder.closest(entry.msgid)
        if match is None:
            yield (template.texts[index] if index in template.heads
                   else writer.format_entry(catalog._fresh(entry)))
            continue
        found = _resolve(match, old)
        used.add(catalog._key(found))
        yield writer.format_entry(catalog._carry_over(entry, found, fuzzy_from=found))
    for item in read:
        if catalog._key(item) in used or not catalog.is_translated(item):
            continue
        text = writer.format_entry(catalog._obsoleted(item))
        if text:
            yield text


class _Candidate:
    """A kept entry as fuzzy matching sees it: its msgid."""

    __slots__ = ("block", "msgid")

    def __init__(self, block: str, msgid: str) -> None:
        self.block = block
        self.msgid = msgid


def _candidates(old: _Old, template: Template) -> list[polib.POEntry]:
    """The translated live entries of the old file, in its order (``catalog.merge``'s)."""
    found: list[polib.POEntry] = []
    for item in old.order:
        if isinstance(item, int):
            _, block, translated = old.kept[item]
            if translated:
                found.append(_Candidate(block, template.entries[item].msgid))
        elif item is not None and not item.obsolete and catalog.is_translated(item):
            found.append(item)
    return found


def _resolve(match: polib.POEntry | _Candidate, old: _Old) -> polib.POEntry:
    """The old entry fuzzy matching chose, read in full if it was kept as text."""
    if not isinstance(match, _Candidate):
        return match
    po = _read(f"{old.header}\n\n{match.block}")
    if po is None or len(po) != 1:
        raise AssertionError("an entry kept as text no longer reads")  # _keep checked its lines
    return po[0]
