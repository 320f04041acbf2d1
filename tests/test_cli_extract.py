"""The extract, assemble and run commands: exit codes, exact messages, nothing touched on error."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import make_project

from pipeline.cli import cli
from pipeline.runtime.lock import LOCK_NAME


def files(folder: Path) -> list[Path]:
    """Every file of the project but the lock and its holder record (each run's pid)."""
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(LOCK_NAME)]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files(folder)}


def invoke(runner: CliRunner, project: Path, *args: str):
    return runner.invoke(cli, ["--project", str(project), *args])


def test_run_builds_po_files_and_english_edition(project: Path, runner: CliRunner) -> None:
    result = invoke(runner, project, "run")
    assert result.exit_code == 0, result.output
    assert "extract: 2 article(s)" in result.stdout
    for slug in ("power-dynamics-in-psychotherapy", "how-we-translate"):
        assert (project / "po" / slug / f"{slug}.pot").is_file()
        for locale in ("fr", "ar", "ja"):
            assert (project / "po" / slug / f"{locale}.po").is_file()
        english = (project / "output" / "en" / f"{slug}.md").read_bytes()
        assert english == (project / "source" / f"{slug}.md").read_bytes()


def test_second_run_changes_no_byte(project: Path, runner: CliRunner) -> None:
    assert invoke(runner, project, "run").exit_code == 0
    before = snapshot(project)
    mtimes = {p: p.stat().st_mtime_ns for p in files(project)}
    result = invoke(runner, project, "run")
    assert result.exit_code == 0
    assert "0 file(s) written" in result.stdout
    assert snapshot(project) == before
    assert {p: p.stat().st_mtime_ns for p in files(project)} == mtimes


def test_markdown_not_utf8_is_one_line_error(tmp_path: Path, runner: CliRunner) -> None:
    make_project(tmp_path)
    (tmp_path / "source" / "cafe.md").write_bytes(b"# Menu\n\nCaf\xe9 au lait.\n")
    result = invoke(runner, tmp_path, "extract")
    assert result.exit_code == 1
    assert "error: source/cafe.md:3: not valid UTF-8 (byte 0xe9); save the file as UTF-8\n" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "po").exists()


def test_broken_front_matter_is_one_line_error(tmp_path: Path, runner: CliRunner) -> None:
    make_project(tmp_path)
    (tmp_path / "source" / "a.md").write_text("---\ntitle: [a, b\n---\n\nText.\n", encoding="utf-8")
    result = invoke(runner, tmp_path, "extract")
    assert result.exit_code == 1
    assert "error: source/a.md:2: front matter is not valid YAML:" in result.stderr
    assert "Traceback" not in result.output


def test_front_matter_that_is_not_a_mapping(tmp_path: Path, runner: CliRunner) -> None:
    make_project(tmp_path)
    (tmp_path / "source" / "a.md").write_text("---\n- one\n---\n\nText.\n", encoding="utf-8")
    result = invoke(runner, tmp_path, "extract")
    assert result.exit_code == 1
    assert "error: source/a.md:2: front matter must be a YAML mapping (key: value lines)" in result.stderr


def test_slug_that_escapes_po_folder_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    make_project(tmp_path)
    (tmp_path / "source" / "a.md").write_text("---\nslug: ../../etc\n---\n\nText.\n", encoding="utf-8")
    result = invoke(runner, tmp_path, "extract")
    assert result.exit_code == 1
    assert "source/a.md:2: slug '../../etc' is not a plain file name" in result.stderr
    assert not (tmp_path / "po").exists()


def test_unknown_language_in_config_is_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    make_project(tmp_path, languages=("fr", "xx"))
    result = invoke(runner, tmp_path, "extract")
    assert result.exit_code == 2
    assert "unknown language 'xx'" in result.stderr


def test_unknown_config_key_suggests_the_right_one(tmp_path: Path, runner: CliRunner) -> None:
    make_project(tmp_path)
    config = tmp_path / "pyproject.toml"
    config.write_text(config.read_text() + 'sorce_dir = "x"\n', encoding="utf-8")
    result = invoke(runner, tmp_path, "extract")
    assert result.exit_code == 2
    assert "unknown key 'sorce_dir' in [tool.localize]; did you mean 'source_dir'?" in result.stderr


def test_every_command_has_help(runner: CliRunner) -> None:
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0


def test_front_matter_fields_are_configurable(tmp_path: Path, runner: CliRunner) -> None:
    make_project(tmp_path, languages=("fr",))
    config = tmp_path / "pyproject.toml"
    config.write_text(config.read_text() + 'front_matter_fields = ["title", "teaser"]\n', encoding="utf-8")
    (tmp_path / "source" / "a.md").write_text(
        "---\ntitle: A title\ndescription: Not extracted here.\nteaser: A teaser.\n---\n\nBody.\n",
        encoding="utf-8",
    )
    assert invoke(runner, tmp_path, "extract").exit_code == 0
    pot = (tmp_path / "po" / "a" / "a.pot").read_text(encoding="utf-8")
    assert 'msgid "A title"' in pot and 'msgid "A teaser."' in pot
    assert "Not extracted here." not in pot
    assert "#. type: Front matter: teaser" in pot
