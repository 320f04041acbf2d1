"""Broken PO files: one line naming file and line, exit 1, no traceback, the file untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, make_project

from pipeline.cli import cli
from pipeline.errors import PoFileError
from pipeline.po.catalog import load_po

MALFORMED = Path(__file__).parent / "data" / "validate" / "malformed"
PO = "po/how-we-translate/de.po"

EXPECTED = {
    "bad-escape.po": (19, "invalid escape sequence \\q in a string; write \\\\ for a backslash"),
    "bad-header-line.po": (5, 'header line "Language de" is not "Name: value"'),
    "binary-garbage.po": (2, "contains binary data (NUL byte); this is not a PO file"),
    "conflict-markers.po": (19, "contains a merge conflict marker; resolve the conflict first"),
    "duplicate-msgid.po": (
        27,
        "duplicate msgid 'What happens to an article' (first defined at line 13)",
    ),
    "empty.po": (1, "file is empty; delete it or run `localize extract` to recreate it"),
    "header-missing.po": (1, 'no header entry: the file must start with msgid "" and its msgstr'),
    "invalid-utf8.po": (19, "not valid UTF-8 (byte 0xf6)"),
    "lone-cr.po": (14, "contains a carriage return (CR) that does not end a line; remove it"),
    "missing-msgstr.po": (18, "missing msgstr after this msgid"),
    "mixed-obsolete.po": (27, "entry mixes obsolete (#~) and active lines"),
    "msgstr-index-without-plural.po": (14, "msgstr[0] without msgid_plural; use msgstr"),
    "msgstr-without-msgid.po": (18, "msgstr without a msgid before it"),
    "plural-index-out-of-range.po": (31, "msgstr[2] is out of range: Plural-Forms says nplurals=2"),
    "stray-text.po": (
        21,
        "unexpected text 'Jeder Absatz wird übersetzt.': expected a comment, "
        'a keyword (msgid, msgstr …) or a "quoted string"',
    ),
    "text-after-string.po": (14, "unexpected text after the closing quote: 'geschieht'"),
    "truncated.po": (19, "file ends inside a string (truncated?); the closing quote is missing"),
    "unquoted-string.po": (14, "expected a quoted string, found 'Was mit einem Artikel geschie…'"),
    "unterminated-string.po": (19, 'string is not closed: missing " at the end of the line'),
    "wrong-plural-count.po": (
        27,
        "plural entry has 1 of the 2 forms Plural-Forms asks for (msgstr[1] is missing)",
    ),
}


def test_every_malformed_file_has_an_expectation() -> None:
    assert sorted(p.name for p in MALFORMED.glob("*.po")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("malformed"), ("de",))
    shutil.copy(ROOT / "source" / "how-we-translate.md", folder / "source")
    result = CliRunner().invoke(cli, ["--project", str(folder), "extract"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_po_is_one_line_with_file_and_line(
    name: str, extracted: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(extracted, project)
    target = project / PO
    broken = (MALFORMED / name).read_bytes()
    target.write_bytes(broken)
    line, message = EXPECTED[name]

    with pytest.raises(PoFileError) as caught:
        load_po(target, PO)
    assert str(caught.value) == f"{PO}:{line}: {message}"

    result = CliRunner().invoke(
        cli, ["--project", str(project), "validate", "--lang", "de", "--no-cache"]
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    reported = [row for row in result.output.splitlines() if row.startswith(PO)]
    assert reported == [f"{PO}:{line}: error [po-syntax] {message}"]
    assert target.read_bytes() == broken

    extract = CliRunner().invoke(cli, ["--project", str(project), "extract"])
    assert extract.exit_code == 1
    assert f"error: {PO}:{line}: {message}" in extract.output
    assert target.read_bytes() == broken
