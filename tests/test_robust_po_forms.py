"""PO files as translators' tools leave them: CRLF line ends, a byte-order mark, a header
that does not fit. One reading for every stage.

The attacks: GNU msgfmt accepts a PO file with CRLF line ends (Windows
editors write them) and the pipeline refused it; a header-only PO file with
no ``Language`` failed validate, yet extract and assemble accepted it and
extract rewrote it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from assemble_support import fill
from click.testing import CliRunner
from conftest import DATA
from test_robust_input import invoke, refused

from pipeline.po import catalog

PO = "po/how-we-translate/de.po"
FORMS = DATA / "po-forms"


@pytest.fixture
def german(project: Path, runner: CliRunner) -> Path:
    """The project's articles, extracted for German and French."""
    (project / "pyproject.toml").write_text('[tool.localize]\nlanguages = ["de", "fr"]\n',
                                            encoding="utf-8")
    assert invoke(runner, project, "extract").exit_code == 0
    return project


def crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def msgfmt_accepts(path: Path) -> None:
    result = subprocess.run(["msgfmt", "-c", "--check-format", "-o", os.devnull, str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def as_gnu_writes_it(path: Path, tmp: Path) -> bool:
    """Whether the file, its line ends made LF, is exactly what GNU msgcat writes for it."""
    plain = tmp / "lf.po"
    plain.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
    result = subprocess.run(["msgcat", str(plain)], capture_output=True, check=True)
    return result.stdout == plain.read_bytes()


# --- CRLF -----------------------------------------------------------------------


def test_msgfmt_accepts_the_crlf_sample_and_refuses_the_bom_one() -> None:
    """What the rules below rest on, asked of GNU gettext itself."""
    msgfmt_accepts(FORMS / "crlf.po")
    assert b"\r\n" in (FORMS / "crlf.po").read_bytes()
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(FORMS / "bom.po")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "syntax error" in result.stderr


def test_a_crlf_file_is_read_as_msgfmt_reads_it() -> None:
    with_crlf = catalog.load_po(FORMS / "crlf.po")
    plain = catalog.parse_po((FORMS / "crlf.po").read_bytes().replace(b"\r\n", b"\n"), "x")[0]
    assert [(e.msgid, e.msgstr) for e in with_crlf] == [(e.msgid, e.msgstr) for e in plain]
    assert with_crlf.metadata == plain.metadata
    assert all("\r" not in e.msgstr and "\r" not in e.msgid for e in with_crlf)


def test_every_stage_accepts_a_crlf_file_and_keeps_its_line_ends(
    german: Path, runner: CliRunner, tmp_path: Path
) -> None:
    path = german / PO
    # One entry translated, so that German is published (a language with nothing is not).
    fill(path, {"How Our Articles Reach Readers in Eleven Languages":
                "Wie unsere Artikel ihre Leser in elf Sprachen erreichen"})
    path.write_bytes(crlf(path.read_bytes()))
    unchanged = path.read_bytes()
    # Nothing to change: not rewritten, byte for byte.
    assert invoke(runner, german, "extract").exit_code == 0
    assert path.read_bytes() == unchanged
    for command in (["status"], ["validate"], ["assemble"]):
        result = invoke(runner, german, *command)
        assert "po-syntax" not in result.output and "error: po/" not in result.stderr, result.output
    assert (german / "output" / "de" / "how-we-translate.html").is_file()
    # A change (translate fills every entry): written back with CRLF, accepted by msgfmt.
    assert invoke(runner, german, "translate", "--engine", "pseudo").exit_code == 0
    filled = path.read_bytes()
    assert filled != unchanged and filled.count(b"\n") == filled.count(b"\r\n")
    msgfmt_accepts(path)
    assert as_gnu_writes_it(path, tmp_path)
    # A change of the source: merged, still CRLF, and the LF file would be the same bytes.
    with (german / "source" / "how-we-translate.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph added later.\n")
    fr = german / "po" / "how-we-translate" / "fr.po"
    assert invoke(runner, german, "extract").exit_code == 0
    merged = path.read_bytes()
    assert b'msgid "A paragraph added later."\r\n' in merged
    assert merged.count(b"\n") == merged.count(b"\r\n")
    msgfmt_accepts(path)
    assert as_gnu_writes_it(path, tmp_path)
    assert b"\r" not in fr.read_bytes()


def test_a_file_with_mixed_line_ends_keeps_those_of_its_first_line(
    german: Path, runner: CliRunner
) -> None:
    path = german / PO
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\r\n".join(lines[:5]) + b"\r\n" + b"\n".join(lines[5:]))
    with (german / "source" / "how-we-translate.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph added later.\n")
    assert invoke(runner, german, "extract").exit_code == 0
    merged = path.read_bytes()
    assert merged.count(b"\n") == merged.count(b"\r\n")
    msgfmt_accepts(path)


def test_a_carriage_return_inside_a_line_is_still_refused(
    german: Path, runner: CliRunner
) -> None:
    path = german / PO
    path.write_bytes(path.read_bytes().replace(b'msgid "What happens to an article"',
                                               b'msgid "What happens\r to an article"'))
    before = path.read_bytes()
    errors = refused(runner, german, "extract")
    assert any(line.startswith(f"error: {PO}:") and
               "contains a carriage return (CR) that does not end a line" in line
               for line in errors), errors
    assert path.read_bytes() == before


# --- a byte-order mark ------------------------------------------------------------


def test_a_file_with_a_byte_order_mark_is_read_and_written_back_without_it(
    german: Path, runner: CliRunner
) -> None:
    path = german / PO
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original)
    for command in (["status"], ["assemble"]):
        result = invoke(runner, german, *command)
        assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # reading changes nothing
    assert invoke(runner, german, "extract").exit_code == 0
    assert path.read_bytes() == original  # GNU gettext refuses a BOM: written without it
    msgfmt_accepts(path)


# --- a header that does not fit -----------------------------------------------------

HEADER_ONLY = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
NO_LANGUAGE = 'no Language header; add "Language: de\\n"'


@pytest.mark.parametrize("command", [["extract"], ["translate", "--engine", "pseudo"],
                                     ["status"], ["assemble"]])
def test_a_header_only_file_with_no_language_is_refused_by_every_stage(
    german: Path, runner: CliRunner, command: list[str]
) -> None:
    """The exact scenario: validate's error is every stage's error, with the same words."""
    path = german / PO
    path.write_bytes(HEADER_ONLY)
    validated = invoke(runner, german, "validate")
    assert validated.exit_code == 1
    assert f"{PO}:1: error [header-language] {NO_LANGUAGE}" in validated.stdout.splitlines()
    errors = refused(runner, german, *command)
    assert f"error: {PO}:1: {NO_LANGUAGE}" in errors, errors
    assert path.read_bytes() == HEADER_ONLY  # never rewritten
    assert not (german / "output" / "de" / "how-we-translate.html").exists()


@pytest.mark.parametrize(
    ("replace", "line", "message"),
    [((b'"Language: de\\n"', b'"Language: fr\\n"'), 11, "Language is 'fr'; German files say 'de'"),
     ((b"nplurals=2; plural=(n != 1);", b"nplurals=2; plural=n>1;"), 15,
      "Plural-Forms is 'nplurals=2; plural=n>1;'; German is 'nplurals=2; plural=(n != 1);'"),
     ((b"charset=UTF-8", b"charset=ISO-8859-1"), 13,
      'Content-Type must be "text/plain; charset=UTF-8"')],
    ids=["language", "plural-forms", "charset"],
)
def test_every_header_error_of_validate_is_refused_by_the_other_stages(
    german: Path, runner: CliRunner, replace: tuple[bytes, bytes], line: int, message: str
) -> None:
    path = german / PO
    broken = path.read_bytes().replace(*replace)
    assert broken != path.read_bytes()
    path.write_bytes(broken)
    assert any(text.startswith(f"{PO}:{line}: error [") and text.endswith(message)
               for text in invoke(runner, german, "validate").stdout.splitlines())
    for command in (["extract"], ["status"], ["assemble"]):
        assert f"error: {PO}:{line}: {message}" in refused(runner, german, *command), command
    assert path.read_bytes() == broken


def test_a_header_rule_turned_off_is_off_for_every_stage(
    german: Path, runner: CliRunner
) -> None:
    (german / "pyproject.toml").write_text(
        '[tool.localize]\nlanguages = ["de", "fr"]\n'
        'skip_checks = ["header-language", "header-plural-forms"]\n',
        encoding="utf-8")
    path = german / PO
    path.write_bytes(HEADER_ONLY)
    assert invoke(runner, german, "extract").exit_code == 0
    assert b'msgid "What happens to an article"' in path.read_bytes()
    result = invoke(runner, german, "assemble")
    assert result.exit_code == 0, result.output
    assert "[header-" not in invoke(runner, german, "validate").stdout
