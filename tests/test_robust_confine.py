"""Every path the pipeline reads or writes stays inside the project, symbolic links resolved.

The attack: ``ln -s /etc/passwd source/passwd.md; localize run --offline``
published ``output/*/passwd.html`` holding ``root:x:0:0…``; a PO file linked
to a file elsewhere was read by validate and assemble (its text on the
page) and replaced by extract with a regular file holding that text.
Folders were confined; files were not. One rule now covers both
(``pipeline/runtime/confine.py``), for reading and writing.
"""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from test_robust_input import invoke, one_article, refused

from pipeline.errors import OutputError
from pipeline.runtime import confine
from pipeline.runtime.lock import LOCK_NAME

SECRET = "root:x:0:0:root:/root:/bin/bash\nSECRET-OUTSIDE-THE-PROJECT\n"
PO = "po/how-we-translate/de.po"


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder next to the project, holding what no stage may read or write."""
    return tmp_path_factory.mktemp("outside")


def everything_under(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink())


def leads_outside(line: str, shown: str) -> bool:
    return line.startswith(f"error: {shown}: leads outside the project folder ") and \
        line.endswith("; a symbolic link? localize reads and writes only inside the project")


# --- sources ------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/etc/passwd", "secret"])
def test_a_source_linked_outside_is_not_published(
    tmp_path: Path, runner: CliRunner, outside: Path, target: str
) -> None:
    """The exact scenario, with the machine's /etc/passwd and with a file of our own."""
    if target == "secret":
        (outside / "passwd").write_text(SECRET, encoding="utf-8")
        target = str(outside / "passwd")
    assert Path(target).is_file()
    project = one_article(tmp_path / "project", "An article.\n")
    (project / "source" / "passwd.md").symlink_to(target)
    result = invoke(runner, project, "run", "--offline")
    assert result.exit_code == 1
    assert any(leads_outside(line, "source/passwd.md") for line in result.stderr.splitlines())
    assert not list((project / "output").glob("*/passwd.*"))
    assert not (project / "po" / "passwd").exists()
    for command in ("extract", "status", "assemble"):
        errors = refused(runner, project, command)
        assert any(leads_outside(line, "source/passwd.md") for line in errors), (command, errors)
    assert (project / "output" / "en" / "a.html").is_file()  # the other article is published
    assert not list((project / "output").glob("*/passwd.*"))
    assert "root:x:0:0" not in everything_under(project)


def test_a_source_linked_inside_the_project_is_read(tmp_path: Path, runner: CliRunner) -> None:
    project = one_article(tmp_path, "An article.\n")
    (project / "drafts").mkdir()
    (project / "drafts" / "kept-elsewhere.md").write_text("Kept in another folder.\n", "utf-8")
    (project / "source" / "linked.md").symlink_to(Path("..") / "drafts" / "kept-elsewhere.md")
    result = invoke(runner, project, "run", "--offline")
    assert result.exit_code == 0, result.output
    assert "Kept in another folder." in (project / "output" / "en" / "linked.html").read_text(
        encoding="utf-8")


def test_a_fifo_is_an_error_not_a_hang(project: Path, runner: CliRunner) -> None:
    """A FIFO in source/ is no article; one where a PO file should be is refused, not read
    (reading it would wait for a writer forever)."""
    os.mkfifo(project / "source" / "pipe.md")
    assert invoke(runner, project, "extract").exit_code == 0
    (project / "po" / "how-we-translate" / "fr.po").unlink()
    os.mkfifo(project / "po" / "how-we-translate" / "fr.po")
    for command in ("extract", "status", "assemble"):
        errors = refused(runner, project, command)
        assert "error: po/how-we-translate/fr.po: cannot read: not a regular file" in errors, \
            (command, errors)


# --- PO files -----------------------------------------------------------------


@pytest.fixture
def linked_po(project: Path, runner: CliRunner, outside: Path) -> tuple[Path, Path]:
    """The exact scenario: ``po/how-we-translate/de.po`` a link to a PO file elsewhere."""
    (project / "pyproject.toml").write_text(
        '[tool.localize]\nlanguages = ["de", "fr"]\n', encoding="utf-8")
    assert invoke(runner, project, "extract").exit_code == 0
    victim = outside / "victim.po"
    text = (project / PO).read_text(encoding="utf-8")
    victim.write_text(text.replace('msgstr ""\n\n', 'msgstr "VICTIM-TEXT"\n\n'), encoding="utf-8")
    assert "VICTIM-TEXT" in victim.read_text(encoding="utf-8")
    (project / PO).unlink()
    (project / PO).symlink_to(victim)
    return project, victim


@pytest.mark.parametrize("command", [["extract"], ["translate", "--engine", "pseudo"],
                                     ["status"], ["assemble"], ["run", "--offline"]])
def test_a_po_file_linked_outside_is_neither_read_nor_replaced(
    linked_po: tuple[Path, Path], runner: CliRunner, command: list[str]
) -> None:
    project, victim = linked_po
    before = victim.read_bytes()
    errors = refused(runner, project, *command)
    assert any(leads_outside(line, PO) for line in errors), errors
    assert (project / PO).is_symlink()
    assert victim.read_bytes() == before
    assert "VICTIM-TEXT" not in everything_under(project)
    assert not list(victim.parent.glob(".*.tmp"))


def test_validate_reports_a_po_file_linked_outside(
    linked_po: tuple[Path, Path], runner: CliRunner
) -> None:
    project, _ = linked_po
    result = invoke(runner, project, "validate")
    assert result.exit_code == 1
    assert any(line.startswith(f"{PO}:") and "[po-syntax] leads outside the project folder" in line
               for line in result.stdout.splitlines()), result.stdout
    assert "VICTIM-TEXT" not in result.output


def test_a_template_linked_outside_is_neither_read_nor_replaced(
    project: Path, runner: CliRunner, outside: Path
) -> None:
    assert invoke(runner, project, "extract").exit_code == 0
    template = project / "po" / "how-we-translate" / "how-we-translate.pot"
    victim = outside / "victim.pot"
    shutil.copy(template, victim)
    template.unlink()
    template.symlink_to(victim)
    before = victim.read_bytes()
    errors = refused(runner, project, "extract")
    assert any(leads_outside(line, "po/how-we-translate/how-we-translate.pot") for line in errors)
    assert template.is_symlink() and victim.read_bytes() == before


def test_a_po_file_linked_inside_the_project_is_read_and_replaced_on_write(
    project: Path, runner: CliRunner
) -> None:
    """A link inside the project is followed for reading; a write replaces the link itself,
    so no link can make a stage write over another file of the project."""
    assert invoke(runner, project, "extract").exit_code == 0
    shared = project / "po" / "shared-fr.po"
    target = project / "po" / "how-we-translate" / "fr.po"
    target.rename(shared)
    target.symlink_to(Path("..") / "shared-fr.po")
    before = shared.read_bytes()
    assert invoke(runner, project, "status").exit_code == 0
    with (project / "source" / "how-we-translate.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph.\n")
    assert invoke(runner, project, "extract").exit_code == 0
    assert shared.read_bytes() == before
    assert not target.is_symlink()
    assert 'msgid "A new paragraph."' in target.read_text(encoding="utf-8")


# --- outputs and the lock -----------------------------------------------------


def test_an_output_file_linked_outside_is_not_written_through(
    project: Path, runner: CliRunner, outside: Path
) -> None:
    (outside / "page.html").write_text("KEEP\n", encoding="utf-8")
    (project / "output" / "en").mkdir(parents=True)
    (project / "output" / "en" / "how-we-translate.html").symlink_to(outside / "page.html")
    errors = refused(runner, project, "run", "--offline")
    assert any(leads_outside(line, "output/en/how-we-translate.html") for line in errors)
    assert (outside / "page.html").read_text(encoding="utf-8") == "KEEP\n"
    assert (project / "output" / "en" / "how-we-translate.html").is_symlink()
    assert (project / "output" / "en" / "how-we-translate.md").is_file()


def test_the_lock_file_is_never_opened_through_a_link(
    project: Path, runner: CliRunner, outside: Path
) -> None:
    """Taking the lock empties the lock file: through a link, it emptied the target."""
    (outside / "precious").write_text("KEEP\n", encoding="utf-8")
    (project / LOCK_NAME).symlink_to(outside / "precious")
    errors = refused(runner, project, "extract")
    assert errors == [f"Error: {project / LOCK_NAME}: cannot create the project's lock file: "
                      "it is a symbolic link; remove it"]
    assert (outside / "precious").read_text(encoding="utf-8") == "KEEP\n"


# --- the rule itself ------------------------------------------------------------


def test_the_check_is_made_on_the_file_actually_opened(tmp_path: Path, outside: Path) -> None:
    """Where the path looked inside when checked but the open went elsewhere (a folder
    swapped for a link in between), the open file itself is refused."""
    (outside / "x.po").write_text("outside\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    fd = os.open(outside / "x.po", os.O_RDONLY)
    try:
        with pytest.raises(confine.OutsideProject, match="leads outside the project folder"):
            confine.check_descriptor(project, fd, project / "x.po")
    finally:
        os.close(fd)
    (project / "po").symlink_to(outside, target_is_directory=True)
    with pytest.raises(confine.OutsideProject):
        confine.read_inside(project, project / "po" / "x.po")
    with pytest.raises(OutputError):
        confine.remove_inside(project, project / "po" / "x.po")
    assert (outside / "x.po").read_text(encoding="utf-8") == "outside\n"


def test_without_a_project_the_file_s_folder_is_the_boundary(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "real.po").write_text("a\n", encoding="utf-8")
    (tmp_path / "a" / "link.po").symlink_to("real.po")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "link.po").symlink_to(tmp_path / "a" / "real.po")
    assert confine.read_inside(None, tmp_path / "a" / "link.po") == b"a\n"
    with pytest.raises(confine.OutsideProject):
        confine.read_inside(None, tmp_path / "b" / "link.po")
    assert confine.read_inside(tmp_path, tmp_path / "b" / "link.po") == b"a\n"


# --- every read and write goes through the rule ---------------------------------

CONFINED = {
    "load_po", "read_po", "load_po_with_digest", "update_po", "save_po", "save_text",
    "read_file", "read_if_exists", "read_entries", "parse_file", "write_text_if_changed",
    "write_bytes_if_changed", "atomic_write_bytes", "file_digest", "read_existing",
    "current_digest", "read_inside", "remove_inside", "open_inside", "TrackedPo.load",
}
"""Functions that read or write a project's file; each takes the project folder, ``root``."""
ROOT_PARAMETER = {"load_po": 2, "read_po": 2, "load_po_with_digest": 2, "update_po": 6,
                  "save_po": 6, "save_text": 4, "read_file": 2, "read_if_exists": 2,
                  "read_entries": 3, "parse_file": 4, "write_text_if_changed": 5,
                  "write_bytes_if_changed": 5, "atomic_write_bytes": 4, "file_digest": 1,
                  "read_existing": 2, "current_digest": 2, "read_inside": 0,
                  "remove_inside": 0, "open_inside": 0, "TrackedPo.load": 4}
"""The position of ``root`` among each one's positional parameters."""
UNCONFINED = {
    "pipeline/runtime/lock.py": "the lock file, opened with O_NOFOLLOW",
    "pipeline/runtime/parallel.py": "/proc/self/statm",
    "pipeline/runtime/manifest.py": "the pipeline's own source files, for its version",
    "pipeline/checks/__init__.py": "the pipeline's own source files, for its version",
    "pipeline/checks/language.py": "langdetect's profiles, in its package",
    "pipeline/project/settings.py": "pyproject.toml, found before there is a project",
    "pipeline/mt/cache.py": "SQLite's files: a link is refused; unlink removes a name only",
    "pipeline/checks/cache.py": "SQLite's files: a link is refused; unlink removes a name only",
}
"""Modules that read files with ``read_bytes``/``read_text``/``open``, and what they read."""


def _package_resource(call: ast.Call) -> bool:
    """``files("pipeline.x").joinpath(…).read_text()``: the package's own files, not a project's."""
    return any(isinstance(node, ast.Call) and getattr(node.func, "id", "") == "files"
               for node in ast.walk(call.func))


def _calls(tree: ast.AST) -> list[tuple[str, ast.Call]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and not _package_resource(node):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                    and f"{func.value.id}.{name}" in CONFINED:
                name = f"{func.value.id}.{name}"
            found.append((name, node))
    return found


def test_every_read_and_write_in_the_pipeline_names_the_project() -> None:
    """A call that does not pass ``root`` falls back to the file's own folder: safe, but not
    the project's rule. Every call in ``pipeline/`` passes it."""
    missing = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, call in _calls(tree):
            if name not in CONFINED:
                continue
            keywords = {k.arg for k in call.keywords}
            if "root" in keywords or None in keywords or len(call.args) > ROOT_PARAMETER[name]:
                continue
            missing.append(f"{path.relative_to(ROOT)}:{call.lineno}: {name}")
    assert missing == []


def test_files_are_read_only_through_the_rule() -> None:
    found = set()
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in ("pipeline/runtime/confine.py", "pipeline/runtime/files.py"):
            continue
        for name, _ in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if name in ("read_bytes", "read_text", "open", "write_bytes", "write_text", "unlink"):
                found.add(relative)
    assert found <= set(UNCONFINED), found - set(UNCONFINED)
