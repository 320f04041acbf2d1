"""TMX 1.4: the translation memory exchanged with CAT tools, and the project's imported store.

Read and written with translate-toolkit's ``tmx`` storage; the inline
content of a ``<seg>`` with lxml.

Rules:

- A pair is one English text and its translation, as PO entries hold
  them (inline Markdown). In a ``<seg>`` every span the placeholders
  protect (``placeholders.protected_spans``: markup, link targets, code,
  URLs, hashtags, do-not-translate terms) is a ``<ph>`` holding the
  Markdown itself, so a CAT tool shows it as a tag and leaves it alone,
  and the text of the ``<seg>`` is the Markdown again.
- Reading takes the text of every element in a ``<seg>`` (``ph``,
  ``bpt``, ``ept``, ``it``, ``hi``, ``sub`` hold native code or text in
  TMX), so a memory written elsewhere reads as its plain text.
- A pair exported without review carries ``<prop type="x-localize-state">``
  (``machine``, ``stale``, ``fuzzy``); a ``tu`` without it is reviewed.
- The store the translate stage consults is ``po/tm/<locale>.tmx``
  (``memory_path``), next to the PO files, as translators' work is: it
  survives a cleared cache and is committed with the translations.
  Importing adds the pairs it does not hold yet and never removes one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from translate.storage.tmx import tmxfile

from pipeline import __version__
from pipeline.errors import LocalizeError, PoFileError
from pipeline.mt.placeholders import Span, protected_spans
from pipeline.project.languages import Language, get_language
from pipeline.project.settings import Settings
from pipeline.runtime.files import atomic_write_bytes, read_existing

MEMORY_FOLDER = "tm"
STATE_PROP = "x-localize-state"
REVIEWED = "reviewed"
CREATION_TOOL = "article-localize"


@dataclass(frozen=True)
class Pair:
    """An English text, its translation, and whether a person reviewed it."""

    source: str
    target: str
    state: str = REVIEWED


def memory_path(settings: Settings, lang: Language) -> Path:
    """``po/tm/<locale>.tmx``: the imported translation memory of ``lang``."""
    return settings.confine(settings.po_path / MEMORY_FOLDER / f"{lang.po_filename[:-3]}.tmx")


MakeCode = Callable[[etree._Element, int, Span], etree._Element]
"""Appends the element standing for one protected span (numbered from 1) to a parent."""


def tmx_code(parent: etree._Element, number: int, span: Span) -> etree._Element:
    """TMX's ``<ph x="N">`` holding the Markdown of the span."""
    code = etree.SubElement(parent, "ph", x=str(number))
    code.text = span.text
    return code


def fill_inline(parent: etree._Element, text: str, terms: Iterable[str],
                make_code: MakeCode = tmx_code) -> None:
    """``text`` into ``parent``: plain text, and each protected span as ``make_code`` makes it."""
    parent.text = None
    for child in list(parent):
        parent.remove(child)
    position = 0
    last: etree._Element | None = None
    for number, span in enumerate(protected_spans(text, terms), start=1):
        _append_text(parent, last, text[position:span.start])
        last = make_code(parent, number, span)
        position = span.end
    _append_text(parent, last, text[position:])


def _append_text(parent: etree._Element, last: etree._Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def write_tmx(pairs: Iterable[Pair], source: Language, target: Language,
              terms: Iterable[str] = ()) -> bytes:
    """A TMX 1.4 document of ``pairs``, English to ``target``."""
    store = tmxfile(sourcelanguage=source.bcp47, targetlanguage=target.bcp47)
    header = store.document.getroot().find("header")
    assert header is not None
    header.set("creationtool", CREATION_TOOL)
    header.set("creationtoolversion", __version__)
    header.set("datatype", "markdown")
    kept = tuple(terms)
    for pair in pairs:
        unit = store.addsourceunit(pair.source, source.bcp47)
        unit.settarget(pair.target, target.bcp47, append=True)
        if pair.state != REVIEWED:
            prop = etree.Element("prop", type=STATE_PROP)
            prop.text = pair.state
            unit.xmlelement.insert(0, prop)
        for tuv in unit.getlanguageNodes():
            seg = tuv.find("seg")
            assert seg is not None
            fill_inline(seg, "".join(seg.itertext()), kept)
    return bytes(store)


def read_tmx(raw: bytes, shown: str, source: Language) -> dict[Language, list[Pair]]:
    """The pairs of a TMX document from ``source`` into each language it holds."""
    try:
        store = tmxfile.parsestring(raw)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise PoFileError(shown, f"not a TMX file: {exc}") from exc
    found: dict[Language, list[Pair]] = {}
    for unit in store.units:
        texts: dict[Language, str] = {}
        for tuv in unit.getlanguageNodes():
            lang = _language(tuv.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
            seg = tuv.find("seg")
            if lang is not None and seg is not None:
                texts[lang] = "".join(seg.itertext())
        english = texts.pop(source, None)
        if not english:
            continue
        state = next((p.text or REVIEWED for p in unit.xmlelement.iterfind("prop")
                      if p.get("type") == STATE_PROP), REVIEWED)
        for lang, text in texts.items():
            if text:
                found.setdefault(lang, []).append(Pair(english, text, state))
    return found


def _language(tag: str) -> Language | None:
    for key in (tag, tag.split("-")[0]):
        try:
            return get_language(key)
        except LocalizeError:
            continue
    return None


def stored_pairs(settings: Settings, lang: Language) -> list[Pair]:
    """The imported memory of ``lang`` (empty when there is none or it cannot be read)."""
    path = memory_path(settings, lang)
    try:
        raw = read_existing(path, settings.display(path), settings.root)
        if raw is None:
            return []
        return read_tmx(raw, settings.display(path), settings.source).get(lang, [])
    except (OSError, LocalizeError):
        return []


def add_to_store(settings: Settings, lang: Language, pairs: Iterable[Pair]) -> int:
    """Add the pairs ``po/tm/<locale>.tmx`` lacks; how many were added."""
    held = stored_pairs(settings, lang)
    known = set(held)
    new = [pair for pair in dict.fromkeys(pairs) if pair not in known]
    if new:
        path = memory_path(settings, lang)
        terms = (*settings.do_not_translate, settings.site_name)
        raw = write_tmx([*held, *new], settings.source, lang, terms)
        atomic_write_bytes(path, raw, display=settings.display(path), root=settings.root)
    return len(new)
