"""The benchmark's corpus and edits are the same every time (issue #19: a reused work folder
grew, and the update step crashed on a document with no paragraph)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import ROOT, collect, write

_spec = importlib.util.spec_from_file_location("run_bench", ROOT / "bench" / "run_bench.py")
assert _spec and _spec.loader
run_bench = importlib.util.module_from_spec(_spec)
sys.modules["run_bench"] = run_bench  # dataclasses look their module up there
_spec.loader.exec_module(run_bench)


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_writing_twice_gives_the_same_folder(tmp_path: Path) -> None:
    assert write(tmp_path, 20) == 20
    first = _folder(tmp_path)
    assert write(tmp_path, 20) == 20
    assert _folder(tmp_path) == first


def test_a_smaller_corpus_leaves_no_old_document(tmp_path: Path) -> None:
    write(tmp_path, 20, "docs")
    write(tmp_path, 5)
    assert sorted(_folder(tmp_path)) == [f"{i:03d}-{name}" for i, (name, _) in
                                          enumerate(collect(5))]


def test_no_copy_into_the_committed_corpus() -> None:
    with pytest.raises(ValueError):
        write(ROOT / "bench" / "corpus", 1)


def test_edits_are_seeded_and_fall_on_paragraphs_that_exist() -> None:
    texts = dict(collect(40))
    paragraphs = {name: run_bench.editable_lines(text, name) for name, text in texts.items()}
    edits = run_bench.choose_edits(paragraphs, 0.05, 19)
    assert edits == run_bench.choose_edits(paragraphs, 0.05, 19)
    total = sum(map(len, paragraphs.values()))
    assert sum(map(len, edits.values())) == max(1, round(total * 0.05))
    for name, lines in edits.items():
        assert set(lines) <= set(paragraphs[name])
        edited = run_bench.apply_edits(texts[name], lines, " (revised)")
        assert edited != texts[name]
        assert edited.count(" (revised)") == texts[name].count(" (revised)") + len(lines)


def test_one_edit_even_when_the_share_rounds_to_nothing() -> None:
    assert run_bench.choose_edits({"a.md": [3], "b.md": []}, 0, 20) == {"a.md": [3]}
    with pytest.raises(run_bench.Failed):
        run_bench.choose_edits({"a.md": []}, 0.05, 19)


def test_the_rebuild_accepts_exactly_the_links_no_file_can_satisfy(tmp_path: Path) -> None:
    """``assembled`` reads assemble's real messages: a missing file and a link to a folder
    pass (the corpus's documents have such links), any other error fails the benchmark."""
    (tmp_path / "source" / "lib").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[tool.localize]\nlanguages = [\"fr\"]\n",
                                             encoding="utf-8")
    (tmp_path / "source" / "a.md").write_text(
        "# A\n\nSee [the code](lib) and [the notes](notes.txt).\n", encoding="utf-8")
    command = [sys.executable, "-m", "pipeline"]
    subprocess.run([*command, "extract"], cwd=tmp_path, check=True, capture_output=True)
    result = subprocess.run([*command, "assemble", "--format", "md"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1 and "is a folder" in result.stderr, result.stderr
    assert "notes.txt' not found" in result.stderr
    assert run_bench.assembled(result) == 0
    (tmp_path / "po" / "a" / "fr.po").write_text('msgid "x\n', encoding="utf-8")
    broken = subprocess.run([*command, "assemble", "--format", "md"], cwd=tmp_path,
                            capture_output=True, text=True)
    with pytest.raises(run_bench.Failed):
        run_bench.assembled(broken)
