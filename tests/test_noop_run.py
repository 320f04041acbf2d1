"""A `localize run` right after a cold one writes no file at all, caches and manifests included."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.extract.stage import extract
from pipeline.project.settings import load_settings
from pipeline.runtime import manifest


def state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder`` (the cache too, not the lock): SHA-256 and mtime."""
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                           p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".localize.lock")
    }


def localize_run(project: Path) -> None:
    manifest._SEEN.clear()  # as a new process: nothing hashed yet
    result = CliRunner().invoke(cli, ["--project", str(project), "run", "--engine", "pseudo"])
    # pseudo translations fail validate's language check (exit 1); the run still completes
    assert result.exit_code in (0, 1) and "assemble:" in result.output, result.output


def test_a_run_right_after_a_cold_run_writes_nothing(project: Path) -> None:
    localize_run(project)
    cold = state(project)
    assert any(name.startswith(".localize-cache/manifest-extract") for name in cold)
    assert any(name.endswith("/fr.po") for name in cold)
    localize_run(project)
    assert state(project) == cold


def test_extract_redone_after_the_fill_would_change_no_po_file(project: Path) -> None:
    """What makes it right for extract's manifest to follow translate's fills."""
    localize_run(project)
    before = state(project / "po")
    shutil.rmtree(project / ".localize-cache")
    manifest._SEEN.clear()
    stats = extract(load_settings(project))
    assert stats.written == []
    assert state(project / "po") == before


def test_a_file_edited_after_translate_is_merged_again(project: Path) -> None:
    localize_run(project)
    po = project / "po" / "how-we-translate" / "fr.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr ""\n"', 'msgstr "', 1), encoding="utf-8")
    manifest._SEEN.clear()
    stats = extract(load_settings(project))
    assert "po/how-we-translate/fr.po" in stats.written
    assert po.read_text(encoding="utf-8") == text
