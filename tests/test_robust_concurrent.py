"""A translator saving PO files during a run loses nothing, and neither does the run.

The attack: an editor saving random ``po/<slug>/de.po`` every 5 ms during
``localize run --offline`` on 302 articles; 7 files ended with "changed on
disk while localize was updating it", not merged, and in one an older edit
replaced a newer one. The compare was made in the main thread and the
write later on a writing thread, so a conflict could not be retried, and
the compare and the rename were two system calls apart.

Now the whole write cycle (compare, swap, re-read and re-merge on a
conflict, five tries) runs in the writing thread, and the replace is an
atomic exchange that puts back a save it took out of the way
(``runtime/files.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from conftest import make_project

from pipeline.po import catalog, update
from pipeline.runtime import files as fsutil

HERE = Path(__file__).resolve().parent
ARTICLES = 200
PARAGRAPHS = 12


def article(number: int) -> str:
    paragraphs = [f"Paragraph {k} of article {number} says something worth reading."
                  for k in range(PARAGRAPHS)]
    return f"---\ntitle: Article {number}\n---\n\n# Article {number}\n\n" + \
        "\n\n".join(paragraphs) + "\n"


def localize(project: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "--project", str(project), *args],
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_an_editor_saving_every_few_milliseconds_during_a_run_loses_nothing(
    tmp_path: Path
) -> None:
    project = make_project(tmp_path / "project", ("de", "fr"))
    for number in range(ARTICLES):
        (project / "source" / f"article-{number:03}.md").write_text(article(number), "utf-8")
    assert localize(project, "extract").returncode == 0
    for number in range(ARTICLES):  # every PO file must be merged again by the run
        with (project / "source" / f"article-{number:03}.md").open("a", encoding="utf-8") as f:
            f.write(f"\nA paragraph added to article {number} after the first extract.\n")
    stop = tmp_path / "stop"
    editor = subprocess.Popen(
        [sys.executable, str(HERE / "concurrent_editor.py"), str(project), "de.po", "0.005",
         str(stop), "15"], stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)
        run = localize(project, "run", "--offline")
    finally:
        stop.touch()
        out, _ = editor.communicate(timeout=60)
    edits = json.loads(out)
    assert edits["saves"] > 100, edits["saves"]  # it did save during the run

    # Every last save of the editor is in its file.
    lost = []
    for slug, entries in edits["last"].items():
        po = catalog.load_po(project / "po" / slug / "de.po")
        for msgid, token in entries.items():
            found = po.find(msgid)
            if found is None or found.msgstr != token:
                lost.append((slug, msgid, token, found.msgstr if found else None))
    assert lost == []

    # The run merged every file, or says which ones it could not (none of them changed).
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    unmerged = {line.split(":")[1].strip() for line in errors}
    assert all("kept changing on disk while localize was updating it (5 tries)" in line
               for line in errors), errors
    assert run.returncode == (1 if errors else 0), run.stdout + run.stderr
    assert "changed on disk while localize was updating it\n" not in run.stderr
    for shown in unmerged:  # left as the editor last saved it
        data = (project / shown).read_bytes()
        assert hashlib.sha256(data).hexdigest() == edits["saved"][shown.split("/")[1]], shown
    for number in range(ARTICLES):
        slug = f"article-{number:03}"
        for name in ("de.po", "fr.po"):
            shown = f"po/{slug}/{name}"
            po = polib.pofile(str(project / shown))
            added = po.find(f"A paragraph added to article {number} after the first extract.")
            saved_over = slug in edits["last"] and name == "de.po"
            # an editor that read a file before the run replaced it saves it back without the
            # new paragraph: its save wins, and the next run merges the paragraph in again
            assert added is not None or shown in unmerged or saved_over, shown
    assert not list((project / "po").rglob(".*.tmp"))
    again = localize(project, "run", "--offline")
    assert again.returncode == 0, again.stderr
    for number in range(ARTICLES):
        po = polib.pofile(str(project / "po" / f"article-{number:03}" / "de.po"))
        assert po.find(f"A paragraph added to article {number} after the first extract.")


@pytest.mark.parametrize("saves", [[b"the translator's save\n"],
                                   [b"first save\n", b"second save\n"]], ids=["one", "two"])
def test_saves_landing_during_the_exchange_are_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saves: list[bytes]
) -> None:
    """A save between the check and the exchange is taken out of the way by the exchange:
    it is seen and put back; one landing while it is put back too, the newest last."""
    target = tmp_path / "de.po"
    target.write_bytes(b"as read\n")
    seen = fsutil.digest(target.read_bytes())
    real = fsutil._exchange
    pending = list(saves)
    calls: list[int] = []

    def exchange(first: Path, second: Path) -> bool:
        if pending:  # the translator saves right before this exchange
            (tmp_path / "poedit.tmp").write_bytes(pending.pop(0))
            os.replace(tmp_path / "poedit.tmp", target)
        calls.append(1)
        return real(first, second)

    monkeypatch.setattr(fsutil, "_exchange", exchange)
    with pytest.raises(fsutil.ChangedOnDisk):
        fsutil.atomic_write_bytes(target, b"ours, made from what we read\n", expected=seen)
    assert target.read_bytes() == saves[-1]
    assert len(calls) == len(saves) + 1  # swapped in, then each save swapped back
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.po"]


def test_a_file_created_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "de.po"
    target.write_bytes(b"created by a translator after we found no file\n")
    with pytest.raises(fsutil.ChangedOnDisk):
        fsutil.atomic_write_bytes(target, b"ours\n", expected=fsutil.ABSENT)
    assert target.read_bytes() == b"created by a translator after we found no file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.po"]


def test_a_conflict_on_a_writing_thread_is_merged_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """update_po with write-behind: a save after the first merge is merged on the writing
    thread, and the file ends with both sides."""
    path = tmp_path / "de.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "a"\nmsgstr ""\n', "utf-8")

    def change(old: polib.POFile | None) -> polib.POFile:
        assert old is not None
        old.append(polib.POEntry(msgid="b", msgstr=""))
        return old

    real = fsutil.atomic_write_bytes
    saved: list[int] = []

    def write(target: Path, data: bytes, *args: object, **kwargs: object) -> None:
        if not saved:  # the translator saves after our merge, before our write
            saved.append(1)
            target.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "a"\n'
                              'msgstr "A"\n', encoding="utf-8")
        real(target, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(update, "atomic_write_bytes", write)
    behind = fsutil.WriteBehind()
    assert update.update_po(path, "de.po", change, behind=behind)
    written: list[str] = ["de.po"]
    errors: list[object] = []
    assert behind.finish(written, errors) == 0  # type: ignore[arg-type]
    assert errors == [] and written == ["de.po"]
    po = catalog.load_po(path)
    assert po.find("a").msgstr == "A" and po.find("b") is not None
