"""Helpers for the tests that kill a translate run: what reached the cache, what reached
the PO files, and what the engine was sent for each msgid."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.mt.placeholders import Protected, do_not_translate, protect
from pipeline.po import catalog
from pipeline.po.marks import machine_engine
from pipeline.project.settings import load_settings


def cached_keys(project: Path) -> set[tuple[str, str]]:
    """(target, text sent) of every answer in the translation cache."""
    path = project / ".localize-cache" / "translations.sqlite3"
    if not path.exists():
        return set()
    with sqlite3.connect(path) as db:
        return set(db.execute("SELECT target, text FROM translations"))


def po_translations(project: Path, engine: str) -> set[tuple[str, str]]:
    """(language, msgstr) of every entry ``engine`` filled, parsing every PO file on the way."""
    found = set()
    for path in sorted((project / "po").glob("*/*.po")):
        for entry in catalog.load_po(path):
            if machine_engine(entry) == engine:
                found.add((path.stem, entry.msgstr))
    return found


def sent_texts(project: Path) -> dict[str, Protected]:
    """What an engine receives for each msgid of the project, to restore its answers."""
    settings = load_settings(project)
    terms = do_not_translate(settings.do_not_translate, settings.site_name)
    found = {}
    for path in (project / "po").glob("*/*.pot"):
        for entry in catalog.load_po(path):
            protected = protect(entry.msgid, terms)
            found[protected.text] = protected
    return found
