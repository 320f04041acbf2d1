"""Inputs that crashed a command with a traceback now end in one line and exit 1 or 2.

The attack: ``date: 2026-13-45``, ``date: 2026-02-30`` or ``!!float "abc"`` in
the front matter crashed extract, assemble and status (PyYAML builds the
value and raises whatever ``datetime`` or ``float`` raised); ``--libre-url
'http://127.0.0.1:99999/'`` or ``'http://[x'`` crashed translate (exit 1) in
``public_url``. ``test_robust_fuzz_cli.py`` looks for more of the same.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_robust_input import invoke, one_article, refused

from pipeline.errors import ConfigError, LocalizeError, OutputError, PoFileError, SourceError
from pipeline.mt.engines.online import public_url
from pipeline.runtime.confine import OutsideProject
from pipeline.runtime.files import ChangedOnDisk

VALUES = {
    "date: 2026-13-45": "front matter value '2026-13-45' is not a date (month must be in 1..12)",
    "date: 2026-02-30": "front matter value '2026-02-30' is not a date "
                        "(day is out of range for month)",
    'date: !!float "abc"': "front matter value 'abc' is not a number "
                           "(could not convert string to float: 'abc')",
    "date: !!bool maybe": "front matter value 'maybe' is not true or false",
    'date: !!timestamp "soon"': "front matter value 'soon' is not a date",
    "date: !!int 0x": "front matter value '0x' is not a whole number "
                      "(invalid literal for int() with base 16: '')",
    "tags: [a, {when: 2026-02-30 10:00:00}]": "front matter value '2026-02-30 10:00:00' is not "
                                              "a date (day is out of range for month)",
}


@pytest.mark.parametrize("line", list(VALUES), ids=list(VALUES))
def test_a_front_matter_value_yaml_cannot_build_is_one_line(
    tmp_path: Path, runner: CliRunner, line: str
) -> None:
    one_article(tmp_path, f"---\ntitle: A title\n{line}\n---\n\nText.\n")
    one_article(tmp_path, "Another article.\n", "b.md")
    expected = f"error: source/a.md:3: {VALUES[line]}; correct it, or quote it to keep it as text"
    for command in ("extract", "status", "assemble"):
        errors = refused(runner, tmp_path, command)
        assert errors[0] == expected, command
    result = invoke(runner, tmp_path, "run", "--offline")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (tmp_path / "output" / "en" / "b.html").is_file()
    assert not (tmp_path / "output" / "en" / "a.html").exists()


def test_a_quoted_date_is_text(tmp_path: Path, runner: CliRunner) -> None:
    one_article(tmp_path, '---\ntitle: A title\ndate: "2026-13-45"\n---\n\nText.\n')
    result = invoke(runner, tmp_path, "run", "--offline")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1:99999/", "Port out of range 0-65535"),
        ("http://[x", "Invalid IPv6 URL"),
        ("http://127.0.0.1:port/", "Port could not be cast to integer value as 'port'"),
        ("ftp://127.0.0.1/", "the scheme is not http or https"),
        ("http:///path", "there is no host"),
        ("127.0.0.1:5000", "the scheme is not http or https"),
        ("http://a b/", "it holds blanks or control characters"),
    ],
)
def test_a_bad_libre_url_is_a_usage_error(
    tmp_path: Path, runner: CliRunner, url: str, problem: str
) -> None:
    one_article(tmp_path, "Text to translate.\n")
    assert invoke(runner, tmp_path, "extract").exit_code == 0
    errors = refused(runner, tmp_path, "translate", "--engine", "libre", "--libre-url", url,
                     code=2)
    assert errors[0].startswith("Error: --libre-url (libre_url) must be an http(s) URL with a "
                                "host, not ")
    assert errors[0].endswith(f": {problem}")


def test_a_bad_libre_url_in_the_configuration_is_a_usage_error(
    tmp_path: Path, runner: CliRunner
) -> None:
    one_article(tmp_path, "Text to translate.\n", libre_url="http://user:secret@[x/?key=secret")
    assert invoke(runner, tmp_path, "extract").exit_code == 0
    errors = refused(runner, tmp_path, "translate", "--engine", "libre", code=2)
    assert errors[0] == ("Error: --libre-url (libre_url) must be an http(s) URL with a host, "
                         "not 'http://[x/': Invalid IPv6 URL")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://user:pw@host:5000/p?key=1#f", "http://host:5000/p"),
        ("http://user:pw@host:99999/p?key=1", "http://host:99999/p"),
        ("http://user:pw@[x/p?key=1", "http://[x/p"),
        ("user:pw@[x?key=1", "[x"),
    ],
)
def test_public_url_never_fails_and_never_shows_credentials(url: str, shown: str) -> None:
    assert public_url(url) == shown


# --- errors that come back from worker processes -------------------------------------


@pytest.mark.parametrize("error", [
    SourceError(Path("source/a.md"), "front matter value 'x' is not a date", 3),
    PoFileError("po/a/de.po", "no Language header", 1),
    PoFileError("po/a/de.po", "cannot read: Permission denied"),
    OutputError("output/fr/a.html: cannot write: No space left on device"),
    ConfigError("pyproject.toml: [tool.localize] workers must be a int"),
    ChangedOnDisk(Path("/p/po/a/de.po"), "po/a/de.po"),
    OutsideProject("source/passwd.md", "/p", "/etc/passwd"),
], ids=lambda error: type(error).__name__)
def test_every_error_survives_the_way_back_from_a_worker_process(error: LocalizeError) -> None:
    """Extract and assemble run articles in worker processes: an error that could not be
    rebuilt in the parent broke the pool, and every article was done again in one process
    (an error crossing once was printed as "…: changed on disk…: changed on disk…")."""
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error)
    assert back.exit_code == error.exit_code


def test_broken_articles_come_back_from_the_workers(tmp_path: Path, runner: CliRunner) -> None:
    one_article(tmp_path, "Text.\n", workers=2)
    for number in range(12):
        (tmp_path / "source" / f"bad-{number}.md").write_text(
            f"---\ndate: 2026-13-{number + 10}\n---\n\nText {number}.\n", encoding="utf-8")
    errors = refused(runner, tmp_path, "extract")
    assert sorted(errors[:-1]) == sorted(
        f"error: source/bad-{n}.md:2: front matter value '2026-13-{n + 10}' is not a date "
        "(month must be in 1..12); correct it, or quote it to keep it as text" for n in range(12))
