"""XLIFF 1.2 and 2.0 documents of PO entries, written and read with translate-toolkit.

The documents, files, units, ids, notes, locations and targets are
translate-toolkit's (``translate.storage.xliff`` and ``xliff2``); the
inline codes inside ``<source>``/``<target>`` and the few parts its 2.0
class gets wrong (it puts ``<notes>`` inside ``<segment>``, which the 2.0
schema forbids) are set with lxml on its elements.

Rules:

- One ``<file>`` per PO file, ``original="po/<slug>/<locale>.po"``; one
  unit per active entry without context or plural (all an article has),
  its id derived from the English, so the same English keeps its id.
- Inline Markdown a CAT tool must not touch (``placeholders``: emphasis
  delimiters, link brackets and targets, code, URLs, hashtags,
  do-not-translate terms) is a placeholder: 1.2 ``<ph id="N">`` holding
  the Markdown (so the unit's plain text is the Markdown again); 2.0
  ``<ph id="N" dataRef="dK" disp="…"/>`` with the Markdown in
  ``<originalData>``. A code of the translation with the same Markdown
  as one of the English gets that code's id.
- States (``Unit.state``): reviewed → 1.2 ``state="translated"``
  ``approved="yes"``, 2.0 ``state="reviewed"``; machine → 1.2
  ``needs-review-translation`` with ``state-qualifier="mt-suggestion"``,
  2.0 ``initial`` with ``subState="localize:machine"``; stale and fuzzy →
  1.2 ``needs-review-translation``, 2.0 ``initial`` with ``subState``
  ``localize:stale`` / ``localize:fuzzy``; untranslated → no target.
  Reading gives the group a CAT tool means: reviewed (1.2 ``translated``,
  ``signed-off``, ``final``, or ``approved="yes"`` without a state; 2.0
  ``translated``, ``reviewed``, ``final``), machine, or needs review.
- Notes: the entry's kind (``#.``) and references (1.2 as location
  context groups), its translator comment, and for stale entries the
  English it was translated from. Every unit also carries the *base*
  (``base_of``: a digest of the entry's translation and marks when it was
  exported: 1.2 a ``<context-group>`` with ``context-type="x-po-base"``,
  2.0 ``<mda:metadata>``), so ``import`` knows whether the PO file
  changed since.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import polib
from lxml import etree
from translate.storage import xliff as xliff1
from translate.storage import xliff2

from pipeline.mt.placeholders import Span
from pipeline.mt.tmx import fill_inline
from pipeline.po import marks
from pipeline.runtime.files import digest_parts

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
REVIEWED, MACHINE, REVIEW = "reviewed", "machine", "needs review"
FINAL_12 = {"translated", "signed-off", "final"}
FINAL_20 = {"translated", "reviewed", "final"}
_SKELETON_12 = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NS12}">'
                '<file original="NoName" source-language="en" datatype="plaintext">'
                "<body></body></file></xliff>")
_SKELETON_20 = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="{NS20}" '
                f'xmlns:mda="{MDA}" srcLang="en"></xliff>')
_TYPES = {"emphasis": "fmt", "escape": "fmt", "entity": "fmt", "html": "fmt", "link-open": "link",
          "link-target": "link", "autolink": "link", "url": "link", "email": "link"}


@dataclass(frozen=True)
class Unit:
    """One PO entry as it is exported."""

    msgid: str
    msgstr: str
    state: str
    """reviewed, machine, stale, fuzzy or untranslated."""
    notes: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    base: str = ""

    @property
    def id(self) -> str:
        return "u" + hashlib.sha1(self.msgid.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class PoFile:
    """The units of one PO file."""

    original: str
    """``po/<slug>/<locale>.po``, as the project displays it."""
    units: list[Unit] = field(default_factory=list)


@dataclass(frozen=True)
class Incoming:
    """One unit read back from a CAT tool."""

    original: str
    language: str
    unit_id: str
    source: str
    target: str | None
    state: str
    """REVIEWED, MACHINE or REVIEW."""
    base: str | None


def entry_state(entry: polib.POEntry) -> str:
    """reviewed, machine, stale, fuzzy or untranslated, by the pipeline's marks."""
    if not entry.msgstr:
        return "untranslated"
    if "fuzzy" not in entry.flags:
        return REVIEWED
    if marks.is_stale(entry):
        return "stale"
    return MACHINE if marks.is_machine(entry) else "fuzzy"


def group(state: str) -> str:
    """The state as a CAT tool can say it: reviewed, machine or needs review."""
    return state if state in (REVIEWED, MACHINE) else REVIEW


def base_of(entry: polib.POEntry) -> str:
    """A digest of what the entry's translation and marks are now."""
    return digest_parts(entry.msgstr, ",".join(sorted(entry.flags)), entry.previous_msgid or "",
                        marks.machine_engine(entry) or "")[:16]


def unit_of(entry: polib.POEntry) -> Unit:
    notes = [f"{line}" for line in (entry.comment or "").split("\n") if line]
    if entry.tcomment:
        notes.append(f"Translator comment: {entry.tcomment}")
    state = entry_state(entry)
    if state == "stale":
        notes.append(f"The English changed; this was translated from: {entry.previous_msgid}")
    if state == MACHINE:
        notes.append(f"Machine translation ({marks.machine_engine(entry)}), not reviewed yet")
    locations = tuple(f"{path}:{line}" if line else path for path, line in entry.occurrences)
    return Unit(entry.msgid, entry.msgstr, state, tuple(notes), locations, base_of(entry))


# --- writing ---------------------------------------------------------------------------


class _Codes:
    """Code ids and (2.0) original data of one unit, shared by its source and target."""

    def __init__(self, ns: str, v2: bool) -> None:
        self.ns, self.v2 = ns, v2
        self.source: dict[int, str] = {}
        self.free: dict[str, list[str]] = {}
        self.data: dict[str, str] = {}
        self.target = False
        self.next = 1

    def start_target(self) -> None:
        self.target = True
        self.free = {}
        for number, text in self.source.items():
            self.free.setdefault(text, []).append(str(number))

    def _id(self, span: Span) -> str:
        if self.target:
            waiting = self.free.get(span.text)
            if waiting:
                return waiting.pop(0)
        number = self.next
        self.next += 1
        if not self.target:
            self.source[number] = span.text
        return str(number)

    def make(self, parent: etree._Element, number: int, span: Span) -> etree._Element:
        code_id = self._id(span)
        code = etree.SubElement(parent, f"{{{self.ns}}}ph", id=code_id)
        if self.v2:
            ref = next((k for k, v in self.data.items() if v == span.text), None)
            if ref is None:
                ref = f"d{len(self.data) + 1}"
                self.data[ref] = span.text
            code.set("dataRef", ref)
            code.set("disp", span.text)
            code.set("type", _TYPES.get(span.kind, "other"))
        else:
            code.text = span.text
        return code


def _fill(element: etree._Element, text: str, codes: _Codes, terms: tuple[str, ...]) -> None:
    fill_inline(element, text, terms, codes.make)


def write_12(files: Iterable[PoFile], source: str, target: str, terms: tuple[str, ...]) -> bytes:
    """An XLIFF 1.2 document with one ``<file>`` per PO file."""
    store = xliff1.xlifffile.parsestring(_SKELETON_12.encode("utf-8"))
    for po in files:
        store.switchfile(po.original, createifmissing=True)
        node = store.getfilenode(po.original)
        node.set("source-language", source)
        node.set("target-language", target)
        node.set("datatype", "x-markdown")
        for item in po.units:
            _unit_12(store, po.original, item, terms)
    etree.cleanup_namespaces(store.document.getroot())  # units are made in 1.1's namespace
    return bytes(store)


def _unit_12(store: xliff1.xlifffile[xliff1.Xliff1Unit], original: str, item: Unit,
             terms: tuple[str, ...]) -> None:
    unit = store.addsourceunit(item.msgid, filename=original)
    unit.setid(item.id)
    codes = _Codes(NS12, v2=False)
    _fill(unit.source_dom, item.msgid, codes, terms)
    element = unit.xmlelement
    if item.state != "untranslated":
        unit.target = item.msgstr
        target = unit.get_target_dom()
        codes.start_target()
        _fill(target, item.msgstr, codes, terms)
        if item.state == REVIEWED:
            target.set("state", "translated")
            element.set("approved", "yes")
        else:
            target.set("state", "needs-review-translation")
            element.set("approved", "no")
            if item.state == MACHINE:
                target.set("state-qualifier", "mt-suggestion")
    for note in item.notes:
        unit.addnote(note, origin="developer")
    # context-group names are unique in a <file>: toolkit's addlocation names them all ""
    for number, location in enumerate(item.locations, start=1):
        path, _, line = location.rpartition(":") if location[-1:].isdigit() else (location, "", "")
        contexts = [("sourcefile", path)] + ([("linenumber", line)] if line else [])
        unit.createcontextgroup(f"{item.id}-location-{number}", contexts, "location")
    unit.createcontextgroup(f"{item.id}-localize", [("x-po-base", item.base)], "information")


def write_20(files: Iterable[PoFile], source: str, target: str, terms: tuple[str, ...]) -> bytes:
    """An XLIFF 2.0 document with one ``<file>`` per PO file."""
    store = xliff2.Xliff2File.parsestring(_SKELETON_20.encode("utf-8"))
    root = store.document.getroot()
    root.set("srcLang", source)
    root.set("trgLang", target)
    for empty in root.findall(f"{{{NS20}}}file"):  # the class adds one; ours are below
        root.remove(empty)
    for number, po in enumerate(files, start=1):
        store.body = etree.SubElement(root, f"{{{NS20}}}file", id=f"f{number}",
                                      original=po.original)
        for item in po.units:
            _unit_20(store, item, terms)
    return bytes(store)


def _unit_20(store: xliff2.Xliff2File, item: Unit, terms: tuple[str, ...]) -> None:
    unit = store.UnitClass(item.msgid)
    store.addunit(unit)
    unit.setid(item.id)
    segment = unit.xmlelement
    codes = _Codes(NS20, v2=True)
    _fill(unit.source_dom, item.msgid, codes, terms)
    if item.state == "untranslated":
        segment.set("state", "initial")
    else:
        unit.target = item.msgstr
        codes.start_target()
        _fill(unit.get_target_dom(), item.msgstr, codes, terms)
        segment.set("state", "reviewed" if item.state == REVIEWED else "initial")
        if item.state != REVIEWED:
            segment.set("subState", f"localize:{item.state}")
    parent = unit.getunitelement()
    space = "{http://www.w3.org/XML/1998/namespace}space"
    del segment.attrib[space]  # toolkit's place for it, which the 2.0 schema does not allow
    parent.set(space, "preserve")
    ahead = [_metadata(item.base)]
    if item.notes or item.locations:
        notes = etree.Element(f"{{{NS20}}}notes")
        for text in (*item.notes, *(f"Source: {where}" for where in item.locations)):
            etree.SubElement(notes, f"{{{NS20}}}note", category="developer").text = text
        ahead.append(notes)
    if codes.data:
        original = etree.Element(f"{{{NS20}}}originalData")
        for ref, text in codes.data.items():
            etree.SubElement(original, f"{{{NS20}}}data", id=ref).text = text
        ahead.append(original)
    for position, element in enumerate(ahead):
        parent.insert(position, element)


def _metadata(base: str) -> etree._Element:
    metadata = etree.Element(f"{{{MDA}}}metadata")
    group_ = etree.SubElement(metadata, f"{{{MDA}}}metaGroup", category="localize")
    etree.SubElement(group_, f"{{{MDA}}}meta", type="po-base").text = base
    return metadata
