"""extract checks segment sizes in its workers, yet reports exactly as if it checked them first.

An article that may hold a segment over ``max_segment_chars`` is parsed by
the worker that extracts it, not first by the main process, unless another
article wants its slug (then whether it loads decides who gets the slug).
Either way the errors come out in the same order, and the same articles
are extracted, with one process or several.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_project

from pipeline.extract.stage import extract
from pipeline.project.settings import load_settings

LONG = "word " * 40 + "\n"


def project(folder: Path, workers: int) -> Path:
    make_project(folder, ("fr",))
    with (folder / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f"max_segment_chars = 100\nworkers = {workers}\n")
    sources = {
        "a": "Short.\n\n" + LONG,  # too long, its slug is its own: checked by its worker
        "b": "---\ntitle: " + "[" * 5_000 + "\n---\n\nText.\n",  # does not load at all
        "c": "---\nslug: shared\n---\n\nShort.\n\n" + LONG,  # too long, and d wants its slug
        "d": "---\nslug: shared\n---\n\nThe article that gets the slug.\n",
        "e": "Short.\n\n" + "Another " + LONG,  # too long, checked by its worker
        **{name: f"Article {name}.\n" for name in ("f", "g", "h", "i")},
    }
    for name, text in sources.items():
        (folder / "source" / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("workers", [1, 2])
def test_size_errors_keep_their_place(tmp_path: Path, workers: int) -> None:
    stats = extract(load_settings(project(tmp_path, workers)))
    messages = [str(error) for error in stats.errors]
    assert [message.split(":")[0] for message in messages] == [
        "source/a.md", "source/b.md", "source/c.md", "source/e.md"]
    assert "paragraph of 199 characters, over the limit of 100" in messages[0]
    assert "paragraph of 207 characters" in messages[3]
    assert stats.articles == 5  # d (as "shared"), f, g, h, i
    po = tmp_path / "po"
    assert sorted(p.name for p in po.iterdir()) == ["f", "g", "h", "i", "shared", "site"]
    assert "The article that gets the slug." in (po / "shared" / "fr.po").read_text("utf-8")
