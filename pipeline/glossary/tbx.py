"""Reading TBX termbases (ISO 30042): TBX 2008 ``martif`` and TBX v3 ``tbx`` (TBX-Basic).

Rules:

- Parsed with ``defusedxml``: a document declaring entities is refused
  (no "billion laughs"), external DTDs and entities are never fetched.
- Element names are read without their namespace, so both versions read
  alike: a concept is a ``termEntry`` (2008) or ``conceptEntry`` (v3); its
  languages are ``langSet`` / ``langSec`` with ``xml:lang``; a term is the
  ``term`` of a ``tig``, ``ntig/termGrp`` or ``termSec``.
- A term whose ``administrativeStatus`` is deprecated, superseded,
  forbidden or obsolete is not an accepted form and is left out; a
  preferred term comes first, then the others in document order.
- The concept's note is its definitions (``descrip``) and notes
  (``note``) at concept level and in the source language, joined by "; ".
- ``xml:lang`` is mapped to the language table (``table_language``): any key
  the table knows (``fr``, ``zh-Hans``, ``zh_CN``), ``zh-CN`` as a locale, and
  a regional tag of a language the site writes without region (``fr-FR`` is
  French, ``en-US`` English). Others (``pt-BR`` where the site writes
  ``pt-PT``, a language the table lacks) are skipped and counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from pipeline.errors import UsageError
from pipeline.project.glossary import GlossaryError
from pipeline.project.languages import LANGUAGES, Language, get_language
from pipeline.runtime.confine import read_inside

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONCEPTS = ("termEntry", "conceptEntry")
LANGUAGE_SETS = ("langSet", "langSec")
TERM_GROUPS = ("tig", "ntig", "termSec")
NOT_ACCEPTED = ("deprecated", "superseded", "forbidden", "obsolete")


@dataclass
class Concept:
    """One concept: accepted terms per language code (preferred first) and its note."""

    forms: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""


@dataclass
class Termbase:
    """What a TBX file held, in our terms."""

    concepts: list[Concept] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    """Language tags the table has no language for, with how many terms each had."""


def table_language(tag: str) -> Language | None:
    """The language of the table that ``tag`` (an ``xml:lang`` value) means, if any."""
    for key in (tag, tag.replace("-", "_")):
        try:
            return get_language(key)
        except UsageError:
            continue
    primary = tag.replace("_", "-").split("-", 1)[0].lower()
    found = [lang for lang in LANGUAGES if lang.bcp47.lower() == primary]
    return found[0] if found else None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def read_tbx(path: Path, shown: str, source: Language) -> Termbase:
    """The concepts of the TBX file at ``path``; ``GlossaryError`` if it is not TBX."""
    try:
        root = fromstring(read_inside(None, path, shown), forbid_dtd=False)  # named by the user
    except OSError as exc:
        raise GlossaryError(shown, f"cannot read: {exc.strerror or exc}") from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise GlossaryError(shown, f"not well-formed XML ({exc.msg})", line) from None
    except DefusedXmlException:
        raise GlossaryError(shown, "declares XML entities, which are refused (unsafe)") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise GlossaryError(shown, f"not a TBX file: the root element is <{_local(root.tag)}>, "
                            "not <martif> or <tbx>")
    termbase = Termbase()
    for element in root.iter():
        if _local(element.tag) in CONCEPTS:
            concept = _concept(element, source, termbase.skipped)
            if concept.forms:
                termbase.concepts.append(concept)
    return termbase


def _concept(entry: Any, source: Language, skipped: Counter[str]) -> Concept:
    concept = Concept()
    notes = _notes(entry)
    for child in entry:
        if _local(child.tag) not in LANGUAGE_SETS:
            continue
        tag = child.get(XML_LANG, "")
        terms = _terms(child)
        lang = table_language(tag) if tag else None
        if lang is None:
            skipped[tag or "(no xml:lang)"] += len(terms)
            continue
        if terms:
            known = concept.forms.setdefault(lang.code, [])
            known.extend(t for t in terms if t not in known)
        if lang == source:
            notes.extend(_notes(child))
    concept.note = "; ".join(dict.fromkeys(notes))
    return concept


def _notes(element: Any) -> list[str]:
    """Definitions and notes directly in ``element`` (or in its ``descripGrp``s)."""
    found: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "descripGrp":
            found.extend(_text(d) for d in child if _local(d.tag) == "descrip")
        elif name in ("descrip", "note") and child.get("type") != "subjectField":
            found.append(_text(child))
    return [note for note in found if note]


def _terms(language_set: Any) -> list[str]:
    preferred: list[str] = []
    others: list[str] = []
    for group in language_set:
        if _local(group.tag) not in TERM_GROUPS:
            continue
        term = next((t for t in group.iter() if _local(t.tag) == "term"), None)
        if term is None or not _text(term):
            continue
        status = " ".join(
            _text(note).lower() for note in group.iter()
            if _local(note.tag) == "termNote" and note.get("type") == "administrativeStatus"
        )
        if any(word in status for word in NOT_ACCEPTED):
            continue
        (preferred if "preferred" in status else others).append(_text(term))
    return list(dict.fromkeys([*preferred, *others]))
