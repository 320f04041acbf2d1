"""Read back an XLIFF 1.2 or 2.0 file a CAT tool returns: each unit's texts, state and base.

Rules:

- The version is the document's (``version`` attribute, else its
  namespace); translate-toolkit's ``xliff`` or ``xliff2`` class reads it.
  A file that is not XML, or not XLIFF, is one ``file:line`` error.
- Texts are rebuilt as Markdown from the inline content: text as it is,
  a code as the Markdown it stands for (1.2: the code's own content, or,
  for an empty ``<x/>``/``<bx/>``/``<ex/>`` or ``<ph/>``, the source's
  code of the same id; 2.0: its ``dataRef`` in ``<originalData>``, for
  ``<pc>`` its start and end data around its content), any other element
  (``<g>``, ``<mrk>``, ``<sm/>``…) as its content. A unit without a target
  (or an empty one) has nothing to import.
- The state group is ``xliff``'s: reviewed, machine or needs review.
"""

from __future__ import annotations

from lxml import etree
from translate.storage import xliff as xliff1
from translate.storage import xliff2

from pipeline.errors import PoFileError
from pipeline.exchange.xliff import (
    FINAL_12,
    FINAL_20,
    MACHINE,
    MDA,
    NS20,
    REVIEW,
    REVIEWED,
    Incoming,
)

_CODES = {"ph", "x", "bx", "ex", "it", "bpt", "ept", "sc", "ec"}


def read_xliff(raw: bytes, shown: str) -> list[Incoming]:
    """Every unit of an XLIFF file, in order."""
    try:
        root = etree.fromstring(raw, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise PoFileError(shown, f"not XML: {exc.msg}", exc.lineno) from exc
    if etree.QName(root).localname != "xliff":
        raise PoFileError(shown, f"not an XLIFF file (root element <{root.tag}>)")
    version = root.get("version") or ("2.0" if root.nsmap.get(None) == NS20 else "1.2")
    try:
        if version.startswith("2."):
            return _read_20(xliff2.Xliff2File.parsestring(raw), root)
        return _read_12(xliff1.xlifffile.parsestring(raw))
    except (ValueError, StopIteration, etree.XMLSyntaxError) as exc:
        raise PoFileError(shown, f"cannot read this XLIFF {version} file: {exc}") from exc


def _read_12(store: xliff1.xlifffile[xliff1.Xliff1Unit]) -> list[Incoming]:
    found = []
    for unit in store.units:
        element = unit.xmlelement
        file_node = next(element.iterancestors(store.namespaced("file")))
        source = unit.source_dom
        target = unit.get_target_dom()
        known = _source_codes_12(source)
        text = _text(target, {}, known) if target is not None else None
        base = None
        for group in unit.getcontextgroupsbyattribute("purpose", "information"):
            base = next((value for kind, value in group if kind == "x-po-base"), base)
        found.append(Incoming(
            original=file_node.get("original") or "",
            language=file_node.get("target-language") or "",
            unit_id=element.get("id") or "",
            source=_text(source, {}, known),
            target=text or None,
            state=_state_12(element, target),
            base=base,
        ))
    return found


def _state_12(element: etree._Element, target: etree._Element | None) -> str:
    state = target.get("state") if target is not None else None
    qualifier = target.get("state-qualifier") if target is not None else None
    if state in FINAL_12:
        return REVIEWED
    if state is None and element.get("approved") == "yes":
        return REVIEWED
    if qualifier in ("mt-suggestion", "leveraged-mt"):
        return MACHINE
    return REVIEW


def _source_codes_12(source: etree._Element | None) -> dict[str, str]:
    if source is None:
        return {}
    return {code.get("id", ""): "".join(code.itertext()) for code in source.iter()
            if etree.QName(code).localname in _CODES and code.get("id")}


def _read_20(store: xliff2.Xliff2File, root: etree._Element) -> list[Incoming]:
    found = []
    language = root.get("trgLang") or ""
    for unit in store.units:
        segment = unit.xmlelement
        parent = unit.getunitelement()
        file_node = next(parent.iterancestors(f"{{{NS20}}}file"))
        data = {item.get("id", ""): "".join(item.itertext())
                for item in parent.iterfind(f"{{{NS20}}}originalData/{{{NS20}}}data")}
        target = segment.find(f"{{{NS20}}}target")
        text = _text(target, data, {}) if target is not None else None
        base = next((meta.text for meta in parent.iterfind(f".//{{{MDA}}}meta")
                     if meta.get("type") == "po-base"), None)
        state = segment.get("state") or "initial"
        machine = (segment.get("subState") or "") == "localize:machine"
        found.append(Incoming(
            original=file_node.get("original") or file_node.get("id") or "",
            language=language,
            unit_id=unit.getid() or "",
            source=_text(segment.find(f"{{{NS20}}}source"), data, {}),
            target=text or None,
            state=REVIEWED if state in FINAL_20 else (MACHINE if machine else REVIEW),
            base=base,
        ))
    return found


def _text(element: etree._Element | None, data: dict[str, str], known: dict[str, str]) -> str:
    """The Markdown ``element`` holds: its text, each code as its Markdown."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            parts.append(child.tail or "")
            continue
        name = etree.QName(child).localname
        if name == "pc":
            parts.append(data.get(child.get("dataRefStart") or "", ""))
            parts.append(_text(child, data, known))
            parts.append(data.get(child.get("dataRefEnd") or "", ""))
        elif name == "cp":
            parts.append(chr(int(child.get("hex") or "20", 16)))
        elif name in _CODES:
            ref = child.get("dataRef")
            content = "".join(child.itertext())
            if ref is not None and ref in data:
                parts.append(data[ref])
            elif content:
                parts.append(content)
            else:
                parts.append(known.get(child.get("id") or "", ""))
        else:
            parts.append(_text(child, data, known))
        parts.append(child.tail or "")
    return "".join(parts)
