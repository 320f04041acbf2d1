"""Helpers for validate and status tests: a project holding the repository's articles,
extracted, with PO files filled from the reviewed translations in
``tests/data/validate/translations.yaml``."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import polib
import yaml
from conftest import DATA, ROOT, make_project

from pipeline.extract.stage import extract
from pipeline.po import catalog
from pipeline.project.languages import get_language
from pipeline.project.layout import po_path
from pipeline.project.settings import load_settings

TRANSLATIONS = DATA / "validate" / "translations.yaml"
HOW = "how-we-translate"
POWER = "power-dynamics-in-psychotherapy"


def translations() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(TRANSLATIONS.read_text(encoding="utf-8"))
    return data


def build(folder: Path, languages: Iterable[str], articles: Iterable[str] = (HOW, POWER)) -> Path:
    """A project in ``folder`` with the given articles, extracted (PO files empty)."""
    make_project(folder, tuple(languages))
    for slug in articles:
        shutil.copy(ROOT / "source" / f"{slug}.md", folder / "source" / f"{slug}.md")
    stats = extract(load_settings(folder))
    assert not stats.errors, stats.errors
    return folder


def edit(
    folder: Path, slug: str, lang: str, change: Callable[[polib.POEntry, str | None], None]
) -> None:
    """Apply ``change(entry, key)`` to every entry of one PO file; ``key`` names the English
    entry in the translations file, or is ``None``."""
    settings = load_settings(folder)
    path = po_path(settings, slug, get_language(lang))
    keys = {text: key for key, text in translations()["en"].items()}
    po = catalog.load_po(path)
    for entry in po:
        change(entry, keys.get(entry.msgid))
    catalog.save_po(po, path)


def fill(folder: Path, slug: str, lang: str, leave_english: Iterable[str] = ()) -> None:
    """Translate each entry the translations file knows; ``leave_english`` keys stay English."""
    texts = translations()
    english = set(leave_english)

    def change(entry: polib.POEntry, key: str | None) -> None:
        if key in english:
            entry.msgstr = entry.msgid
        elif key is not None:
            entry.msgstr = texts[lang][key]

    edit(folder, slug, lang, change)
