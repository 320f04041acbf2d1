"""translate does not even read a PO file whose bytes it already found holding nothing to fill."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline.extract.stage import extract
from pipeline.po import catalog
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate

PSEUDO = TranslateOptions(engine="pseudo", progress=False)


FILENAME = "manifest-translate.json"
"""Where translate records the files it found with nothing to fill."""


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files catalog.parse_po is asked to read from now on."""
    seen: list[str] = []
    real = catalog.parse_po

    def spy(raw: bytes, shown: str, *args: object) -> tuple[polib.POFile, object]:
        seen.append(shown)
        return real(raw, shown, *args)  # type: ignore[arg-type,return-value]

    monkeypatch.setattr(catalog, "parse_po", spy)
    return seen


def test_a_filled_file_is_not_read_again_until_it_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(project)
    extract(settings)
    first = translate(settings, options=PSEUDO)
    assert first.ok and first.missing > 0
    assert translate(settings, options=PSEUDO).missing == 0  # reads each file once more
    assert (settings.cache_path / FILENAME).is_file()

    seen = _parsed(monkeypatch)
    third = translate(settings, options=PSEUDO)
    assert third.ok and third.missing == 0
    assert [s for s in seen if s.endswith(".po")] == []

    fr = next((project / "po").glob("*/fr.po"))
    po = catalog.load_po(fr)
    emptied = next(e for e in po if e.msgid and not e.obsolete)
    emptied.msgstr = ""
    catalog.save_po(po, fr)
    seen.clear()
    fourth = translate(settings, options=PSEUDO)
    assert fourth.missing == 1
    assert settings.display(fr) in seen
    # Other languages are not read (translation memory reads French files only).
    assert [s for s in seen if s.endswith(".po") and not s.endswith("/fr.po")] == []
    assert catalog.load_po(fr).find(emptied.msgid).msgstr  # type: ignore[union-attr]


def test_the_record_depends_on_retranslating_machine_output(project: Path) -> None:
    settings = load_settings(project)
    extract(settings)
    translate(settings, options=PSEUDO)
    translate(settings, options=PSEUDO)
    again = TranslateOptions(engine="pseudo", progress=False, retranslate_fuzzy=True)
    assert translate(settings, options=again).missing > 0  # machine output is fillable then


@pytest.mark.parametrize("content", [b"", b"[]", b'{"version": 1, "files": 3}', b"\xff"])
def test_a_broken_record_only_costs_reading(project: Path, content: bytes) -> None:
    settings = load_settings(project)
    extract(settings)
    translate(settings, options=PSEUDO)
    (settings.cache_path / FILENAME).write_bytes(content)
    stats = translate(settings, options=PSEUDO)
    assert stats.ok and stats.missing == 0 and not stats.errors
