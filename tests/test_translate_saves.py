"""translate writes each PO file once when its entries are done, not once per batch of results."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polib
import pytest

from pipeline.extract.stage import extract
from pipeline.po import catalog
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate


def count_saves(monkeypatch: pytest.MonkeyPatch) -> Counter[Path]:
    saves: Counter[Path] = Counter()
    real = catalog.save_po_digest

    def save_po_digest(po: polib.POFile, path: Path, *args: object, **kwargs: object) -> str:
        saves[path] += 1
        return real(po, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog, "save_po_digest", save_po_digest)
    return saves


def test_a_pseudo_fill_saves_each_file_once(project: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(project)
    extract(settings)
    saves = count_saves(monkeypatch)
    stats = translate(settings, options=TranslateOptions(engine="pseudo", progress=False))
    assert stats.ok and stats.missing > 200
    assert len(saves) == len(stats.written) == stats.files
    assert set(saves.values()) == {1}


def test_save_every_still_saves_files_while_they_fill(project: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(project)
    extract(settings)
    saves = count_saves(monkeypatch)
    stats = translate(settings, ["how-we-translate"], TranslateOptions(
        engine="pseudo", languages=("fr",), save_every=5, progress=False))
    assert stats.ok and stats.missing > 10
    (path, count), = saves.items()
    assert path.name == "fr.po" and count > 1
