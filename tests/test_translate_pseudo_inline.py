"""The pseudo engine is instant: called inline, without worker threads, and never cached."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from pipeline.extract.stage import extract
from pipeline.mt.cache import FILENAME
from pipeline.mt.engines.offline import PseudoEngine
from pipeline.po import catalog
from pipeline.po.marks import machine_engine
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate


def started_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []
    real = threading.Thread.start

    def start(self: threading.Thread) -> None:
        names.append(self.name)
        real(self)

    monkeypatch.setattr(threading.Thread, "start", start)
    return names


def cached_rows(project: Path) -> int:
    path = project / ".localize-cache" / FILENAME
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM translations").fetchone()[0])


def test_pseudo_fills_and_marks_every_entry_without_threads_or_cache(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(project)
    extract(settings)
    threads = started_threads(monkeypatch)
    stats = translate(settings, options=TranslateOptions(engine="pseudo", progress=False))
    assert stats.ok and stats.missing > 200
    assert stats.translated + stats.copied + stats.memory == stats.missing
    assert stats.cached == 0 and stats.requests > 0
    assert threads == [] and cached_rows(project) == 0
    marked = 0
    for path in settings.po_path.glob("*/*.po"):
        for entry in catalog.load_po(path):
            if entry.obsolete or not entry.msgid:
                continue
            assert entry.msgstr and catalog.FUZZY in entry.flags
            marked += machine_engine(entry) == "pseudo"
    assert marked == stats.translated


def test_an_instant_engine_that_fails_costs_one_entry(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(project)
    extract(settings)
    real = PseudoEngine.translate

    def translate_but_one(self: PseudoEngine, text: str, *args: object) -> str:
        if len(text) % 5 == 0:
            raise ValueError("a bug")
        return real(self, text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(PseudoEngine, "translate", translate_but_one)
    stats = translate(settings, options=TranslateOptions(
        engine="pseudo", languages=("fr",), progress=False))
    assert stats.failed > 0 and stats.translated > 0
    assert {f.reason for f in stats.failures} == {"unexpected failure (ValueError)"}
    assert stats.failed + stats.translated + stats.copied + stats.memory == stats.missing
