"""One consistent CLI: global options anywhere, run's options checked before anything is
written, configuration errors that name their key, a missing configuration, `prune`."""

from __future__ import annotations

from pathlib import Path

import click
import polib
import pytest
from click.testing import CliRunner, Result
from conftest import make_project

from pipeline.cli import cli

ARTICLE = "---\ntitle: Pour-over\n---\n\nGrind the beans.\n\nPour slowly.\n"


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def small_project(folder: Path, languages: tuple[str, ...] = ("fr", "de")) -> Path:
    make_project(folder, languages)
    (folder / "source" / "pour-over.md").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("before", [True, False])
def test_project_and_wait_before_or_after_the_command(tmp_path: Path, before: bool) -> None:
    small_project(tmp_path)
    options = ["--project", str(tmp_path), "--wait", "2"]
    args = [*options, "extract"] if before else ["extract", *options]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "po" / "pour-over" / "fr.po").is_file()


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command of ``group``, those of its subgroups (``glossary import``) included."""
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


def test_every_command_takes_the_global_options() -> None:
    commands = _commands(cli)
    assert "glossary import" in dict(commands)
    for name, command in commands:
        names = {opt for param in command.params for opt in param.opts}
        assert {"--project", "--wait", "--quiet", "--verbose"} <= names, name


def test_quiet_and_verbose(tmp_path: Path) -> None:
    small_project(tmp_path)
    loud = invoke("extract", "--project", str(tmp_path), "-v")
    assert f"localize: project {tmp_path.resolve()}, configuration pyproject.toml" in loud.stderr
    assert "  wrote po/pour-over/fr.po" in loud.stderr
    (tmp_path / "source" / "pour-over.md").write_text(ARTICLE + "\nMore.\n", encoding="utf-8")
    quiet = invoke("--quiet", "--project", str(tmp_path), "extract")
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    assert quiet.stdout.startswith("extract: 1 article(s)")


def test_run_takes_the_options_of_its_stages(tmp_path: Path) -> None:
    small_project(tmp_path)
    result = invoke("run", "--project", str(tmp_path), "--offline", "--lang", "fr",
                    "--format", "md", "--reviewed-only", "-v")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "en" / "pour-over.md").is_file()
    assert not list((tmp_path / "output").rglob("*.html"))
    assert "run: assemble took" in result.stderr


def test_run_dry_run_writes_nothing(tmp_path: Path) -> None:
    small_project(tmp_path)
    result = invoke("run", "--project", str(tmp_path), "--dry-run", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    assert "nothing was written" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".localize")) == [
        "pyproject.toml", "source"]


@pytest.mark.parametrize(("args", "message"), [
    (["--engine", "gogle"], "unknown engine 'gogle'"),
    (["--lang", "xx"], "unknown language 'xx'"),
    (["--lang", "it"], "'it' is not a target language of this project (fr, de)"),
    (["no-such-article"], "no article named 'no-such-article'"),
    (["--offline", "--engine", "pseudo"], "--offline and --engine pseudo contradict"),
])
def test_run_checks_every_option_before_writing(tmp_path: Path, args: list[str],
                                                message: str) -> None:
    small_project(tmp_path)
    result = invoke("run", "--project", str(tmp_path), *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (tmp_path / "po").exists() and not (tmp_path / "output").exists()


def test_no_configuration_suggests_init(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    result = invoke("--project", str(tmp_path), "run")
    assert result.exit_code == 2
    assert "no localize configuration here" in result.stderr
    assert "run `localize init`" in result.stderr


def test_missing_source_folder_is_a_usage_error_naming_the_key(tmp_path: Path) -> None:
    make_project(tmp_path)
    (tmp_path / "source").rmdir()
    result = invoke("--project", str(tmp_path), "run")
    assert result.exit_code == 2
    assert ("source: source folder not found (source_dir = 'source'); create it and add .md "
            "files, or run `localize init`") in result.stderr


def test_localize_toml_is_read_and_both_files_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "localize.toml").write_text('languages = ["ja"]\n', encoding="utf-8")
    result = invoke("--project", str(tmp_path), "extract")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "po" / "a" / "ja.po").is_file()
    (tmp_path / "pyproject.toml").write_text('[tool.localize]\nlanguages = ["fr"]\n',
                                             encoding="utf-8")
    result = invoke("--project", str(tmp_path), "extract")
    assert result.exit_code == 2
    assert "configuration in both pyproject.toml ([tool.localize]) and localize.toml" in result.stderr


@pytest.mark.parametrize(("line", "message"), [
    ('languages = ["fr", "xx"]', "[tool.localize] languages: unknown language 'xx'"),
    ('source_language = "klingon"', "[tool.localize] source_language: unknown language"),
    ('output_layout = "gatsby"', "[tool.localize] output_layout must be one of site, hugo, "
                                 "mkdocs, jekyll, not 'gatsby'"),
    ('nav = "home"', "[tool.localize] nav must be a list of tables"),
    ('nav = [{ label = "A", link = "/" }]', "[tool.localize] nav item 1: unknown key 'link'"),
    ("workers = true", "[tool.localize] workers must be a int, not bool True"),
])
def test_configuration_errors_name_their_key(tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"[tool.localize]\n{line}\n", encoding="utf-8")
    result = invoke("--project", str(tmp_path), "status")
    assert result.exit_code == 2, result.output
    assert message in result.stderr


# --- prune ------------------------------------------------------------------------------


def translate_one(path: Path) -> None:
    po = polib.pofile(str(path))
    po[0].msgstr = "Versez lentement."
    po.save()


def gone_project(tmp_path: Path) -> Path:
    """fr translated, de untranslated; then de is dropped and the article removed."""
    small_project(tmp_path)
    (tmp_path / "source" / "other.md").write_text("# Other\n", encoding="utf-8")
    assert invoke("--project", str(tmp_path), "run", "--offline").exit_code == 0
    translate_one(tmp_path / "po" / "pour-over" / "fr.po")
    other = polib.pofile(str(tmp_path / "po" / "other" / "fr.po"))
    other[0].msgstr = "Autre"
    other.save()
    assert invoke("--project", str(tmp_path), "assemble").exit_code == 0  # fr is published
    # German had been published by an earlier run, when a translation of it existed.
    (tmp_path / "output" / "de").mkdir()
    (tmp_path / "output" / "de" / "index.html").write_text("<!doctype html>\n", encoding="utf-8")
    make_project(tmp_path, ("fr",))
    (tmp_path / "source" / "pour-over.md").unlink()
    return tmp_path


def test_prune_lists_and_asks(tmp_path: Path) -> None:
    project = gone_project(tmp_path)
    result = invoke("prune", "--project", str(project), input="n\n")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert ("  archive into po-archive/: po/pour-over/fr.po (article 'pour-over' is gone)"
            in lines)
    assert "  delete: po/pour-over/de.po (article 'pour-over' is gone)" in lines
    assert "  delete: po/other/de.po (de is not a target language)" in lines
    assert "  delete: output/de/index.html (de is not a language of the site)" in lines
    assert "  delete: output/fr/pour-over.html (article 'pour-over' is gone)" in lines
    assert (project / "po" / "pour-over" / "fr.po").is_file()


def test_prune_archives_translations_and_deletes_the_rest(tmp_path: Path) -> None:
    project = gone_project(tmp_path)
    translated = (project / "po" / "pour-over" / "fr.po").read_bytes()
    result = invoke("prune", "--project", str(project), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("prune: 1 file(s) archived, ")
    assert (project / "po-archive" / "pour-over" / "fr.po").read_bytes() == translated
    assert not (project / "po" / "pour-over").exists()
    assert not (project / "po" / "other" / "de.po").exists()
    assert (project / "po" / "other" / "fr.po").is_file()
    assert not (project / "output" / "de").exists()
    assert not (project / "output" / "fr" / "pour-over.html").exists()
    assert (project / "output" / "fr" / "other.html").is_file()
    again = invoke("prune", "--project", str(project), "--yes")
    assert again.stdout == "prune: nothing is gone; nothing to do\n"


def test_prune_keeps_both_archived_copies(tmp_path: Path) -> None:
    project = gone_project(tmp_path)
    (project / "po-archive" / "pour-over").mkdir(parents=True)
    (project / "po-archive" / "pour-over" / "fr.po").write_text("old\n", encoding="utf-8")
    assert invoke("prune", "--project", str(project), "--yes").exit_code == 0
    kept = sorted(p.name for p in (project / "po-archive" / "pour-over").iterdir())
    assert len(kept) == 2 and "fr.po" in kept
    assert (project / "po-archive" / "pour-over" / "fr.po").read_text(encoding="utf-8") == "old\n"


def test_prune_does_nothing_while_a_source_is_broken(tmp_path: Path) -> None:
    project = gone_project(tmp_path)
    (project / "source" / "broken.md").write_bytes(b"# Caf\xe9\n")
    result = invoke("prune", "--project", str(project), "--yes")
    assert result.exit_code == 1
    assert "source/broken.md" in result.stderr
    assert (project / "po" / "pour-over" / "fr.po").is_file()
