"""The official schemas exported files are checked against (``tests/data/schemas/``).

No network: the W3C ``xml.xsd`` the XLIFF schemas import from the web is
resolved to the local copy, and the XLIFF 2.0 core schema is combined with
its metadata module, so a document using both is checked against both.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"


class _Local(etree.Resolver):
    def resolve(self, url: str | None, id: str | None, context: object) -> object:  # noqa: A002
        name = Path(url or "").name
        if (SCHEMAS / name).is_file():
            return self.resolve_filename(str(SCHEMAS / name), context)
        if name.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        raise AssertionError(f"schema tried to load {url} from the network")


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, load_dtd=False)
    parser.resolvers.add(_Local())
    return parser


@cache
def schema(name: str) -> etree.XMLSchema:
    """``xliff-core-1.2-strict``, ``xliff-core-1.2-transitional`` or ``xliff-2.0``."""
    if name == "xliff-2.0":
        wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0"
                     schemaLocation="{SCHEMAS / 'xliff_core_2.0.xsd'}"/>
          <xs:import namespace="urn:oasis:names:tc:xliff:metadata:2.0"
                     schemaLocation="{SCHEMAS / 'metadata_2.0.xsd'}"/>
        </xs:schema>"""
        return etree.XMLSchema(etree.fromstring(wrapper, _parser()))
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"{name}.xsd"), _parser()))


def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(SCHEMAS / "tmx14.dtd"))


def errors(document: bytes, name: str) -> list[str]:
    """Every schema (or, for ``tmx``, DTD) error of ``document``; empty when valid."""
    tree = etree.fromstring(document, etree.XMLParser(no_network=True, resolve_entities=False))
    checker = tmx_dtd() if name == "tmx" else schema(name)
    if checker.validate(tree):
        return []
    return [f"{e.line}: {e.message}" for e in checker.error_log]
