"""translate holds one language's PO files at a time, so its memory does not grow with languages."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from pipeline.extract.stage import extract
from pipeline.mt.tracked import TrackedPo
from pipeline.po import catalog
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate


def test_languages_are_filled_one_at_a_time(project: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(project)
    extract(settings)
    live: list[weakref.ref[TrackedPo]] = []
    alive_at_load: list[set[str]] = []
    real = TrackedPo.load.__func__  # type: ignore[attr-defined]

    def load(cls: type[TrackedPo], *args: object, **kwargs: object) -> TrackedPo:
        tracked: TrackedPo = real(cls, *args, **kwargs)
        gc.collect()
        others = {t.lang.code for ref in live if (t := ref()) is not None}
        alive_at_load.append(others - {tracked.lang.code})
        live.append(weakref.ref(tracked))
        return tracked

    monkeypatch.setattr(TrackedPo, "load", classmethod(load))
    stats = translate(settings, options=TranslateOptions(engine="pseudo", progress=False))
    languages = {t.code for t in settings.targets}
    assert stats.ok and stats.missing > 200 and len(languages) > 1
    assert len(alive_at_load) == stats.files  # every file was loaded through the hook …
    assert all(not others for others in alive_at_load)  # … with no other language's alive
    for path in settings.po_path.glob("*/*.po"):
        po = catalog.load_po(path)
        assert [e.msgid for e in po if not e.obsolete and not e.msgstr and e.msgid] == []


def test_a_language_the_engine_lacks_is_reported_before_any_file_is_written(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(project)
    extract(settings)
    from pipeline.mt.engines.offline import PseudoEngine

    last = sorted(settings.targets, key=lambda lang: lang.code)[-1]
    monkeypatch.setattr(PseudoEngine, "code",
                        lambda self, lang: None if lang.code == last.code else lang.code)
    events: list[str] = []
    real_save = catalog.save_po_digest

    def save(*args: object, **kwargs: object) -> str:
        events.append("save")
        return real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog, "save_po_digest", save)
    stats = translate(settings, options=TranslateOptions(
        engine="pseudo", progress=False, warn=lambda message: events.append(message)))
    warnings = [e for e in events if e != "save"]
    assert len(warnings) == 1 and f"cannot translate into {last.english_name}" in warnings[0]
    assert events[0] == warnings[0] and "save" in events  # warned first, then filled the others
    assert stats.unsupported > 0 and stats.missing == stats.unsupported + stats.translated + (
        stats.copied + stats.memory + stats.cached)
    assert not any(f"/{last.po_filename}" in shown for shown in stats.written)
