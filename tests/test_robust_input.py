"""Hostile and broken input: one line naming the file (and line), exit 1 or 2, nothing changed.

Markdown that is huge or pathological, slugs and language codes that aim
outside ``po/`` or ``output/`` (``../``, absolute paths, symbolic links),
settings of the wrong type, and a validate cache that is not what it should be.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_support import snapshot

from pipeline.cli import cli
from pipeline.extract.stage import extract
from pipeline.mt.engines.offline import PseudoEngine
from pipeline.project.settings import Settings, load_settings
from pipeline.validate.stage import validate


def invoke(runner: CliRunner, project: Path, *args: str):
    return runner.invoke(cli, ["--project", str(project), *args])


def configure(folder: Path, **config: Any) -> Path:
    """A project whose ``[tool.localize]`` holds exactly ``config`` (TOML written as JSON)."""
    (folder / "source").mkdir(parents=True, exist_ok=True)
    lines = ["[tool.localize]", *(f"{key} = {json.dumps(value)}" for key, value in config.items())]
    (folder / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "pyproject.toml"


def one_article(folder: Path, text: str, name: str = "a.md", **config: Any) -> Path:
    configure(folder, **{"languages": ["fr", "ar", "ja"], **config})
    (folder / "source" / name).write_text(text, encoding="utf-8")
    return folder


def refused(runner: CliRunner, project: Path, *args: str, code: int = 1) -> list[str]:
    """Run a command that must fail cleanly; its error lines."""
    result = invoke(runner, project, *args)
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if line.lower().startswith("error")]


# --- pathological Markdown goes through every stage ---------------------------

PATHOLOGICAL = {
    "quotes": ">" * 10_000 + " deep\n\nAfter the quotes.\n",
    "stars": "*" * 100_000 + "\n\nAfter the stars.\n",
    "emphasis": "*a " * 1_500 + "\n",
    "brackets": "[" * 5_000 + "\n",
    "links": "[a](b) " * 700 + "\n",
    "lists": "".join("  " * i + "- item\n" for i in range(300)),
    "nul": "Text with a \0 NUL byte.\n",
    "entities": "&amp;&#0;&#xFFFFFF;&bogus; " * 100 + "\n",
    "table": "| a | b |\n|---|---|\n" + "| x | y |\n" * 1_000,
}


def test_pathological_markdown_passes_every_stage_quickly(tmp_path: Path, runner: CliRunner) -> None:
    make_project(tmp_path, ("fr", "ar"))
    for name, text in PATHOLOGICAL.items():
        (tmp_path / "source" / f"{name}.md").write_text(text, encoding="utf-8")
    started = time.monotonic()
    for command in (["extract"], ["translate", "--engine", "pseudo"], ["validate"], ["assemble"],
                    ["assemble", "--preview"]):
        result = invoke(runner, tmp_path, *command)
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), (command, result.output)
        assert isinstance(result.exception, SystemExit | None), result.exception
    assert time.monotonic() - started < 60
    for name in PATHOLOGICAL:  # pseudo text is shown in the preview only
        assert (tmp_path / "output" / "_preview" / "fr" / f"{name}.html").is_file(), name
        assert (tmp_path / "output" / "en" / f"{name}.html").is_file(), name


@pytest.mark.parametrize(
    ("text", "config", "expected"),
    [
        ("---\ntitle: " + "[" * 5_000 + "\n---\n\nText.\n", {},
         "source/a.md:2: front matter is not valid YAML: exceeded maximum nesting depth"),
        ("---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
         "date: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n\nText.\n", {},
         "source/a.md:3: front matter uses a YAML alias (*name); write the value out"),
        ("Short.\n\n" + "word " * 40 + "\n", {"max_segment_chars": 100},
         "source/a.md:3: paragraph of 199 characters, over the limit of 100 (a pasted data: URL?);"
         " split it, or raise max_segment_chars"),
        ("x" * 2_000 + "\n", {"max_source_bytes": 1_000},
         "source/a.md: is larger than 1,000 bytes; split the article, "
         "or raise max_source_bytes in [tool.localize]"),
        ("Text.\n\n\xff", {}, None),
    ],
    ids=["deep-yaml", "yaml-aliases", "long-paragraph", "large-file", "not-utf8"],
)
def test_hostile_markdown_is_one_line_in_every_stage(
    tmp_path: Path, runner: CliRunner, text: str, config: dict[str, Any], expected: str | None
) -> None:
    one_article(tmp_path, text, **config)
    if expected is None:
        (tmp_path / "source" / "a.md").write_bytes(b"Text.\n\n\xff\n")
        expected = "source/a.md:3: not valid UTF-8 (byte 0xff); save the file as UTF-8"
    for command in (["extract"], ["translate", "--engine", "pseudo", "a"], ["assemble"]):
        errors = refused(runner, tmp_path, *command)
        assert f"error: {expected}" in errors or f"Error: {expected}" in errors, (command, errors)
    assert not (tmp_path / "po" / "a").exists()
    assert not list((tmp_path / "output").glob("*/a.*"))


def test_the_default_size_limit_is_five_megabytes(tmp_path: Path, runner: CliRunner) -> None:
    one_article(tmp_path, "Text.\n")
    (tmp_path / "source" / "big.md").write_bytes(b"Text.\n\n" + b"x" * 4_999_993 + b"\n")
    errors = refused(runner, tmp_path, "extract")
    assert errors[0] == (
        "error: source/big.md: is larger than 5,000,000 bytes; split the article, "
        "or raise max_source_bytes in [tool.localize]"
    )
    assert (tmp_path / "po" / "a" / "fr.po").is_file()


# --- nothing is written outside po/ and output/ -------------------------------


@pytest.mark.parametrize(
    "slug", ["/etc/passwd", "../../outside", "..", ".hidden", "a/b", "a\\\\b", "a\\0b", "x" * 201,
             "-rf"]
)
def test_a_slug_that_is_not_a_file_name_is_refused(
    tmp_path: Path, runner: CliRunner, slug: str
) -> None:
    project = one_article(tmp_path / "project", f'---\nslug: "{slug}"\n---\n\nText.\n')
    errors = refused(runner, project, "extract")
    assert errors[0].startswith("error: source/a.md:2: slug ")
    assert "is not a plain file name" in errors[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
    assert not (project / "po").exists()


def test_two_articles_with_one_slug_are_refused(tmp_path: Path, runner: CliRunner) -> None:
    one_article(tmp_path, "---\nslug: same\n---\n\nFirst.\n", "a.md")
    (tmp_path / "source" / "b.md").write_text("---\nslug: same\n---\n\nSecond.\n", encoding="utf-8")
    errors = refused(runner, tmp_path, "extract")
    assert errors[0] == "error: source/b.md: slug 'same' is already used by source/a.md; " \
        "give one of them another slug"
    assert "First." in (tmp_path / "po" / "same" / "same.pot").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["translate", "validate", "status"])
@pytest.mark.parametrize("code", ["../../x", "/etc/passwd", "fr/../../x", ""])
def test_a_language_code_is_looked_up_never_used_as_a_path(
    tmp_path: Path, runner: CliRunner, command: str, code: str
) -> None:
    one_article(tmp_path, "Text.\n")
    assert invoke(runner, tmp_path, "extract").exit_code == 0
    before = snapshot(tmp_path)
    errors = refused(runner, tmp_path, command, "--lang", code, code=2)
    assert errors[0].startswith(f"Error: unknown language {code!r}; known languages: en, it")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("key", "value"),
    [("po_dir", "/tmp"), ("output_dir", "../elsewhere"), ("source_dir", "source/../.."),
     ("cache_dir", "/var/tmp/cache")],
)
def test_a_folder_outside_the_project_is_a_usage_error(
    tmp_path: Path, runner: CliRunner, key: str, value: str
) -> None:
    project = one_article(tmp_path / "project", "Text.\n", **{key: value})
    errors = refused(runner, project, "run", code=2)
    assert errors == [f"Error: {value!r} points outside the project folder {project}"]


def test_a_symlink_in_output_that_leads_outside_is_not_followed(
    project: Path, runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (project / "output").mkdir()
    (project / "output" / "en").symlink_to(outside, target_is_directory=True)
    errors = refused(runner, project, "run", "--offline")
    assert (f"error: output/en/how-we-translate.html: leads outside the project folder {project} "
            f"(to {outside}/how-we-translate.html); a symbolic link? localize reads and writes only "
            "inside the project") in errors
    assert list(outside.iterdir()) == []
    assert (project / "output" / "index.html").is_file()


def test_a_symlink_in_po_that_leads_outside_is_not_followed(
    project: Path, runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (project / "po").mkdir()
    (project / "po" / "how-we-translate").symlink_to(outside, target_is_directory=True)
    errors = refused(runner, project, "extract")
    assert any(line.startswith("error: po/how-we-translate/how-we-translate.pot: leads outside")
               for line in errors), errors
    assert list(outside.iterdir()) == []
    assert (project / "po" / "power-dynamics-in-psychotherapy" / "fr.po").is_file()


def test_a_cache_database_that_is_a_symlink_is_not_opened(
    project: Path, runner: CliRunner, tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(PseudoEngine, "instant", False)  # an offline engine that uses the cache
    outside = tmp_path_factory.mktemp("outside") / "elsewhere.sqlite3"
    outside.write_bytes(b"")
    (project / ".localize-cache").mkdir()
    (project / ".localize-cache" / "translations.sqlite3").symlink_to(outside)
    assert invoke(runner, project, "extract").exit_code == 0
    result = invoke(runner, project, "translate", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    assert "translations.sqlite3 is a symbolic link; running without the cache" in result.stderr
    assert outside.read_bytes() == b""


# --- settings of the wrong type -------------------------------------------------

WRONG: dict[type, Any] = {str: 5, tuple: [1, 2], float: "ten", bool: "yes", int: 2.5, dict: ["fr"]}
WORDS = {str: "a str, not int 5", tuple: "a list of strings", float: "a float, not str 'ten'",
         bool: "a bool, not str 'yes'", int: "a int, not float 2.5", dict: "a dict, not list ['fr']"}


def _keys() -> list[tuple[str, type]]:
    found = []
    for item in fields(Settings):
        if item.name in ("root", "nav"):  # nav, a list of tables: tests/test_cli_global.py
            continue
        found.append((item.name, dict if item.default is MISSING else type(item.default)))
    return found


@pytest.mark.parametrize(("key", "kind"), _keys(), ids=[k for k, _ in _keys()])
def test_every_setting_of_the_wrong_type_names_the_key(
    tmp_path: Path, runner: CliRunner, key: str, kind: type
) -> None:
    pyproject = configure(tmp_path, **{key: WRONG[kind]})
    errors = refused(runner, tmp_path, "extract", code=2)
    assert errors == [f"Error: {pyproject}: [tool.localize] {key} must be {WORDS[kind]}"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("translate_workers = -1", "translate_workers must be a number from 0 (the engine's "
                                   "default) to 64, not -1"),
        ("translate_timeout = 0", "translate_timeout must be a number of seconds above 0, not 0.0"),
        ("max_source_bytes = 0", "max_source_bytes must be a number of bytes above 0, not 0"),
        ("langauges = ['fr']", None),
    ],
)
def test_settings_out_of_range_or_misspelt(
    tmp_path: Path, runner: CliRunner, line: str, message: str | None
) -> None:
    pyproject = configure(tmp_path)
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    errors = refused(runner, tmp_path, "extract", code=2)
    if message is None:
        assert errors == [f"Error: {pyproject}: unknown key 'langauges' in [tool.localize]; "
                          "did you mean 'languages'?"]
    else:
        assert errors == [f"Error: {pyproject}: [tool.localize] {message}"]


@pytest.mark.parametrize("text", ["tool = 5\n", "[tool]\nlocalize = 'x'\n", "[tool.localize\n"])
def test_a_pyproject_of_the_wrong_shape(tmp_path: Path, runner: CliRunner, text: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    errors = refused(runner, tmp_path, "extract", code=2)
    assert len(errors) == 1 and errors[0].startswith(f"Error: {tmp_path / 'pyproject.toml'}: ")


# --- the validate cache ---------------------------------------------------------


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import ROOT

    folder = make_project(tmp_path_factory.mktemp("validated"), ("fr", "ja"))
    shutil.copy(ROOT / "source" / "how-we-translate.md", folder / "source")
    extract(load_settings(folder))
    validate(load_settings(folder))
    return folder


def _report(folder: Path) -> Any:
    report = validate(load_settings(folder))
    return sorted((p.location, p.check, p.message) for p in report.problems), report.exit_code


@pytest.mark.parametrize("content", [b"", b"\0\1\2garbage", b"[1, 2]", b'{"version": 1}', None])
def test_a_broken_validate_cache_is_rebuilt(validated: Path, tmp_path: Path,
                                            content: bytes | None) -> None:
    project = tmp_path / "p"
    shutil.copytree(validated, project)
    expected = _report(project)
    cache = project / ".localize-cache" / "validate-results.json"
    cache.unlink()
    if content is None:
        cache.mkdir()
    else:
        cache.write_bytes(content)
    assert _report(project) == expected


def _mutations(data: Any) -> st.SearchStrategy[Any]:
    """Replace one value somewhere in ``data`` with something of another shape."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))

    walk(data, ())
    junk = st.recursive(
        st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner,
                                                                    max_size=3),
        max_leaves=6,
    )
    return st.tuples(st.sampled_from(paths[1:]), junk)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_validate_cache_of_the_wrong_shape_never_crashes(
    validated: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    project = tmp_path_factory.mktemp("shape")
    shutil.copytree(validated, project, dirs_exist_ok=True)
    cache = project / ".localize-cache" / "validate-results.json"
    stored = json.loads(cache.read_bytes())
    path, junk = data.draw(_mutations(stored))
    node = stored
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = junk
    cache.write_text(json.dumps(stored), encoding="utf-8")
    problems, code = _report(project)
    assert code in (0, 1)


# --- hostile HTML: the source is the editor's, a PO file is not ---------------


def test_raw_html_reaches_a_page_only_from_the_source(tmp_path: Path, runner: CliRunner) -> None:
    one_article(tmp_path, "<script>editor()</script>\n\nPlain text here.\n\nMore text.\n")
    assert invoke(runner, tmp_path, "extract").exit_code == 0
    fr = tmp_path / "po" / "a" / "fr.po"
    fr.write_text(
        fr.read_text(encoding="utf-8").replace(
            'msgid "Plain text here."\nmsgstr ""',
            'msgid "Plain text here."\nmsgstr "Texte <script>po()</script> [x](javascript:po())"',
        ).replace('msgid "More text."\nmsgstr ""', 'msgid "More text."\nmsgstr "Autre texte."'),
        encoding="utf-8",
    )
    result = invoke(runner, tmp_path, "assemble")
    assert result.exit_code == 0, result.output
    assert "translation refused, adds HTML '<script>'" in result.stderr
    for suffix in (".html", ".md"):
        page = (tmp_path / "output" / "fr" / f"a{suffix}").read_text(encoding="utf-8")
        assert "<script>editor()</script>" in page
        assert "po()" not in page
