"""Placeholders from the source are sacred: protected from the engine, required back exactly once.

Through ``localize translate`` against a LibreTranslate-compatible server on
127.0.0.1 (``libre_server``): the engine never sees ``{1}``, ``{name}``,
``{{ var }}``, ``%s``, ``%(count)d`` or ``:tada:``, a good answer gives each
back once, and an answer that drops them is not written and counted failed
with its reason; validate's ``placeholders`` check compares the same tokens.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from libre_server import FakeLibre

from pipeline.cli import cli
from pipeline.mt.placeholders import protect
from pipeline.po import catalog

TOKENS = ("{1}", "{2}", "{name}", "{{ var }}", "%s", "%(count)d", ":tada:")
TEXT = "Step {1} of {2}: hello {name}, {{ var }} and %s, %(count)d new :tada: today."


def invoke(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(folder), *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "t.md").write_text(
        f"# Release notes\n\n{TEXT}\n\nNothing else changed in this release.\n",
        encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.localize]\nlanguages = ["fr", "de"]\n',
                                             encoding="utf-8")
    assert invoke(tmp_path, "extract").exit_code == 0
    return tmp_path


def msgstr(project: Path, lang: str) -> str:
    po = catalog.load_po(project / "po" / "t" / f"{lang}.po")
    entry = po.find(TEXT)
    assert entry is not None
    return str(entry.msgstr)


def test_the_scan_protects_every_kind_of_placeholder() -> None:
    protected = protect(TEXT)
    assert [span.text for span in protected.spans] == list(TOKENS)
    assert not any(token in protected.text for token in TOKENS)


def test_the_engine_never_sees_a_placeholder_and_each_comes_back_once(project: Path) -> None:
    with FakeLibre() as server:
        result = invoke(project, "translate", "t", "--engine", "libre", "--libre-url", server.url)
        sent = [q for _, q, _, _ in server.answered]
    assert result.exit_code == 0, result.output
    assert sent and not [q for q in sent for token in TOKENS if token in q]
    for lang in ("fr", "de"):
        text = msgstr(project, lang)
        assert all(text.count(token) == 1 for token in TOKENS), text
    assert invoke(project, "validate", "t", "--skip", "wrong-language").exit_code == 0


def test_an_answer_that_drops_a_placeholder_is_not_written(project: Path) -> None:
    with FakeLibre(rules=[("Step ", "mangle")]) as server:
        result = invoke(project, "translate", "t", "--engine", "libre", "--libre-url", server.url)
    assert result.exit_code == 1
    assert "2 failed" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors[0].startswith("error: po/t/")
    assert "markup did not survive translation: lost {1}, {2}, {name}, {{ var }}, %s, " \
        "%(count)d, :tada:" in errors[0]
    assert msgstr(project, "fr") == "" and msgstr(project, "de") == ""
    assert catalog.load_po(project / "po" / "t" / "fr.po").find(
        "Nothing else changed in this release.").msgstr  # the rest was written
