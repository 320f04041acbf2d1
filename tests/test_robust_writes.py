"""Faults while writing: a full disk, a read-only folder, a path that is not a folder.

Whatever fails, the old file survives byte for byte, no temporary file is
left, and the user reads one line per file naming it; the run exits 1.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from robust_support import MOUNT_HELPERS, in_mount_namespace, leftovers, snapshot
from validate_project import fill

from pipeline.cli import cli
from pipeline.errors import OutputError
from pipeline.extract.stage import extract
from pipeline.mt.engines.offline import PseudoEngine
from pipeline.project.settings import load_settings
from pipeline.runtime import files as fsutil

NEW_PARAGRAPH = "\nA paragraph added after the first extract, so every file must change.\n"


def invoke(runner: CliRunner, project: Path, *args: str):
    return runner.invoke(cli, ["--project", str(project), *args])


def failing(code: int):
    def fail(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


# --- the primitive ------------------------------------------------------------


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EDQUOT])
def test_a_failed_fsync_keeps_the_old_file_and_removes_the_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    target = tmp_path / "fr.po"
    target.write_bytes(b"old content\n")
    monkeypatch.setattr(fsutil.os, "fsync", failing(code))
    with pytest.raises(OutputError) as caught:
        fsutil.atomic_write_bytes(target, b"new content\n")
    assert str(caught.value) == f"{target}: cannot write: {os.strerror(code)}"
    assert target.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fr.po"]


def test_an_interrupt_during_the_write_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "fr.po"
    target.write_bytes(b"old\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fsutil.atomic_write_bytes(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fr.po"]


def test_the_new_file_keeps_the_old_ones_permissions(tmp_path: Path) -> None:
    target = tmp_path / "fr.po"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    fsutil.atomic_write_bytes(target, b"new\n")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_symlink_as_target_is_replaced_not_followed(tmp_path: Path) -> None:
    """Inside the project, a link is replaced by the new file; what it pointed to stays."""
    other = tmp_path / "project" / "other.po"
    link = tmp_path / "project" / "fr.po"
    link.parent.mkdir()
    other.write_bytes(b"keep me\n")
    link.symlink_to(other)
    fsutil.atomic_write_bytes(link, b"new\n", root=tmp_path / "project")
    assert other.read_bytes() == b"keep me\n"
    assert not link.is_symlink() and link.read_bytes() == b"new\n"


def test_a_symlink_leading_outside_is_neither_written_through_nor_replaced(
    tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me\n")
    link = tmp_path / "project" / "fr.po"
    link.parent.mkdir()
    link.symlink_to(outside)
    with pytest.raises(OutputError, match="leads outside the project folder"):
        fsutil.atomic_write_bytes(link, b"new\n", root=tmp_path / "project")
    assert outside.read_bytes() == b"keep me\n"
    assert link.is_symlink()
    assert sorted(p.name for p in link.parent.iterdir()) == ["fr.po"]


def test_compare_before_replace_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    target = tmp_path / "fr.po"
    target.write_bytes(b"as read\n")
    seen = fsutil.digest(target.read_bytes())
    target.write_bytes(b"saved by a translator meanwhile\n")
    with pytest.raises(fsutil.ChangedOnDisk):
        fsutil.write_text_if_changed(target, "ours\n", expected=seen)
    assert target.read_bytes() == b"saved by a translator meanwhile\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fr.po"]
    with pytest.raises(fsutil.ChangedOnDisk):
        fsutil.write_text_if_changed(tmp_path / "new.po", "ours\n", expected=seen)
    assert not (tmp_path / "new.po").exists()
    assert fsutil.write_text_if_changed(tmp_path / "new.po", "ours\n", expected=fsutil.ABSENT)


def test_where_the_c_library_has_no_renameat2_the_checked_write_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Windows (no ``CDLL(None)``: TypeError) or macOS (no such function): the check
    and the replace are two calls, and a changed file is still refused."""
    import ctypes

    def no_library(*args: object, **kwargs: object) -> object:
        raise TypeError("LoadLibrary() argument 1 must be str, not None")

    fsutil._renameat2.cache_clear()
    monkeypatch.setattr(ctypes, "CDLL", no_library)
    try:
        assert fsutil._renameat2() is None
        target = tmp_path / "fr.po"
        target.write_bytes(b"as read\n")
        seen = fsutil.digest(target.read_bytes())
        assert fsutil.write_text_if_changed(target, "ours\n", expected=seen)
        assert target.read_bytes() == b"ours\n"
        with pytest.raises(fsutil.ChangedOnDisk):
            fsutil.write_text_if_changed(target, "again\n", expected=seen)
        assert target.read_bytes() == b"ours\n"
    finally:
        fsutil._renameat2.cache_clear()


# --- the stages, with the fault injected --------------------------------------


def test_extract_on_a_full_disk_reports_each_file_and_changes_none(
    project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PseudoEngine, "instant", False)  # an offline engine that uses the cache
    extract(load_settings(project))
    before = snapshot(project / "po")
    with (project / "source" / "how-we-translate.md").open("a", encoding="utf-8") as handle:
        handle.write(NEW_PARAGRAPH)
    monkeypatch.setattr(fsutil.os, "fsync", failing(errno.ENOSPC))
    result = invoke(runner, project, "extract")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: po/how-we-translate/how-we-translate.pot: cannot write: No space left on device"
    ]
    assert snapshot(project / "po") == before
    assert leftovers(project) == []


def translated(project: Path) -> None:
    """Extract, and fill French, Arabic and Japanese: languages with something translated."""
    extract(load_settings(project))
    for code in ("fr", "ar", "ja"):
        fill(project, "how-we-translate", code)


def test_assemble_where_a_folder_is_a_file_writes_the_rest(project: Path, runner: CliRunner) -> None:
    translated(project)
    (project / "output").mkdir()
    (project / "output" / "fr").write_bytes(b"a file where the French folder should be\n")
    result = invoke(runner, project, "assemble")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "error: output/fr/how-we-translate.html: cannot write: a file is in the way of its folder"
        in result.stderr.splitlines()
    )
    assert (project / "output" / "fr").read_bytes() == b"a file where the French folder should be\n"
    assert (project / "output" / "ja" / "how-we-translate.html").is_file()
    assert (project / "output" / "index.html").is_file()


def test_a_cache_folder_that_is_a_file_only_costs_the_cache(
    project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PseudoEngine, "instant", False)  # an offline engine that uses the cache
    extract(load_settings(project))
    shutil.rmtree(project / ".localize-cache")  # where extract keeps its manifest
    (project / ".localize-cache").write_bytes(b"not a folder\n")
    result = invoke(runner, project, "validate")
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)
    assert "validate:" in result.stderr
    result = invoke(runner, project, "translate", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    assert "running without a cache" in result.stderr
    assert (project / ".localize-cache").read_bytes() == b"not a folder\n"


# --- the kernel's own ENOSPC and EROFS, in a private mount namespace ----------

FULL_DISK = MOUNT_HELPERS + r'''
project = Path(sys.argv[1])
mount_tmpfs(project / "po", "size=1m")
before = contents(project / "po")
fill(project / "po")
with open(project / "source" / "how-we-translate.md", "a", encoding="utf-8") as handle:
    handle.write(sys.argv[2])
run = localize(project, "extract")
after = contents(project / "po")
temporaries = [p.name for p in (project / "po").rglob(".*.tmp")]
print(json.dumps({"run": run, "same": before == after, "temporaries": temporaries,
                  "files": len(before)}))
'''

READ_ONLY = MOUNT_HELPERS + r'''
project = Path(sys.argv[1])
mount_tmpfs(project / "output", "size=8m")
subprocess.run(["mount", "-o", "remount,ro", str(project / "output")], check=True)
before = contents(project / "output")
with open(project / "source" / "how-we-translate.md", "a", encoding="utf-8") as handle:
    handle.write(sys.argv[2])
run = localize(project, "assemble")
after = contents(project / "output")
print(json.dumps({"run": run, "same": before == after, "files": len(before)}))
'''


def test_a_really_full_disk_leaves_every_po_file_as_it_was(project: Path) -> None:
    extract(load_settings(project))
    found = in_mount_namespace(FULL_DISK, str(project), NEW_PARAGRAPH)
    run = found["run"]
    assert run["code"] == 1, run
    assert "Traceback" not in run["stderr"]
    assert run["stderr"].splitlines()[0] == (
        "error: po/how-we-translate/how-we-translate.pot: cannot write: No space left on device"
    )
    assert found["same"] and found["files"] > 6
    assert found["temporaries"] == []


def test_a_read_only_output_folder_is_one_line_per_file(project: Path, runner: CliRunner) -> None:
    translated(project)
    assert invoke(runner, project, "assemble").exit_code == 0
    found = in_mount_namespace(READ_ONLY, str(project), NEW_PARAGRAPH)
    run = found["run"]
    assert run["code"] == 1, run
    assert "Traceback" not in run["stderr"]
    errors = [line for line in run["stderr"].splitlines() if line.startswith("error: ")]
    assert "error: output/fr/how-we-translate.html: cannot write: Read-only file system" in errors
    assert all(line.endswith("cannot write: Read-only file system") for line in errors), errors
    assert found["same"] and found["files"] > 10


def test_the_json_helper_is_wired(tmp_path: Path) -> None:
    assert in_mount_namespace("import json; print(json.dumps({'ok': 1}))") == {"ok": 1}
    assert json.dumps(leftovers(tmp_path)) == "[]"


def test_translate_on_a_full_disk_keeps_its_answers_for_the_next_run(
    project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PseudoEngine, "instant", False)  # an offline engine that uses the cache
    extract(load_settings(project))
    before = snapshot(project / "po")
    with monkeypatch.context() as patched:
        patched.setattr(fsutil.os, "fsync", failing(errno.ENOSPC))
        result = invoke(runner, project, "translate", "--engine", "pseudo", "how-we-translate")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "error: po/how-we-translate/fr.po: cannot write: No space left on device" in (
        result.stderr.splitlines())
    assert snapshot(project / "po") == before
    assert leftovers(project) == []
    again = invoke(runner, project, "translate", "--engine", "pseudo", "how-we-translate")
    assert again.exit_code == 0, again.output
    assert " 0 by pseudo, " in again.stdout and " 0 failed;" in again.stdout, again.stdout
    assert snapshot(project / "po") != before
