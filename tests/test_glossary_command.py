"""`localize glossary`: showing the glossary, importing TBX (TBX-Basic v3, and TBX 2008 as
translate-toolkit and Weblate write it) into po/glossary.csv.

``data/glossary/psychotherapy.tbx`` was checked, when written, with
``xmllint --relaxng TBXcoreStructV03_TBX-Basic_integrated.rng`` (the TBX-Basic
dialect's schema, LTAC-Global/TBX-Basic_dialect): it validates. The schema is
not redistributed here, so the check is not repeated by the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import DATA, make_project
from translate.storage import tbx as toolkit_tbx

from pipeline.cli import cli

TBX = DATA / "glossary" / "psychotherapy.tbx"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_project(tmp_path, ("fr", "ar", "ja"))


def invoke(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(folder), "glossary", *args])


def csv_lines(folder: Path) -> list[str]:
    return (folder / "po" / "glossary.csv").read_bytes().decode().split("\r\n")


def test_import_tbx_basic_into_a_new_glossary(folder: Path) -> None:
    result = invoke(folder, "import", str(TBX))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "glossary import: 3 concept(s); 2 new term(s), 0 updated (0 cell(s) filled), "
        "0 cell(s) kept as the glossary has them; po/glossary.csv written",
        "  1 concept(s) without an English term left out",
        "  1 term(s) in 'ko' left out: no language of the project's language table",
        "  1 term(s) in 'pt-BR' left out: no language of the project's language table",
    ]
    assert csv_lines(folder) == [
        "en,fr,ar,ja,de,cn,es,note",
        "therapist | therapists,thérapeute,المعالج,セラピスト,Therapeut | Therapeutin,治疗师,,"
        "The person who treats a client in psychotherapy.",
        'client,patient,,,,,cliente,"Never ""patient"": the publication\'s choice."',
        "",
    ]  # "counsellor" is deprecated in the TBX: not an accepted form
    again = invoke(folder, "import", str(TBX))
    assert again.stdout.splitlines()[0].endswith("po/glossary.csv unchanged")


def test_import_keeps_what_translators_decided_and_fills_the_gaps(folder: Path) -> None:
    (folder / "po").mkdir()
    (folder / "po" / "glossary.csv").write_text(
        "en,fr,ar,note\nclients | client,client | clients,,\npower,pouvoir,القوة,social sense\n",
        encoding="utf-8")
    result = invoke(folder, "import", str(TBX))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "glossary import: 3 concept(s); 1 new term(s), 1 updated (2 cell(s) filled), "
        "1 cell(s) kept as the glossary has them; po/glossary.csv written"
    )
    lines = (folder / "po" / "glossary.csv").read_text(encoding="utf-8").split("\n")
    assert lines[:3] == [
        "en,fr,ar,de,ja,cn,es,note",  # the file's columns first, then the TBX's languages
        "clients | client,client | clients,,,,,cliente,"
        '"Never ""patient"": the publication\'s choice."',
        "power,pouvoir,القوة,,,,,social sense",
    ]  # LF kept as the file had it; the translator's "client" kept, not the TBX's "patient"


def test_import_tbx_2008_as_translate_toolkit_and_weblate_write_it(folder: Path) -> None:
    files = []
    for lang, term in (("fr", "dynamique de pouvoir"), ("ja", "力関係")):
        store = toolkit_tbx.tbxfile(sourcelanguage="en", targetlanguage=lang)
        unit = store.addsourceunit("power dynamic")
        unit.target = term
        unit.addnote("Not \"power relation\"", origin="translator")
        path = folder / f"weblate-{lang}.tbx"
        path.write_bytes(bytes(store))
        files.append(str(path))
    assert b"<martif" in Path(files[0]).read_bytes()
    result = invoke(folder, "import", *files)
    assert result.exit_code == 0, result.output
    assert csv_lines(folder)[1] == 'power dynamic,dynamique de pouvoir,,力関係,"Not ""power relation"""'
    shown = invoke(folder, "--lang", "ja")
    assert shown.stdout == (
        "po/glossary.csv: 1 terms; the first form is the preferred one, the others are accepted\n"
        "\n"
        "power dynamic\n"
        "  ja  力関係\n"
        '  note: Not "power relation"\n'
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "aaaa">]>\n<tbx>&a;</tbx>',
         "declares XML entities, which are refused (unsafe)"),
        (b'<?xml version="1.0"?>\n<tbx>\n<text>\n</tbx>',
         ":4: not well-formed XML (mismatched tag: line 4, column 2)"),
        (b'<?xml version="1.0"?>\n<xliff version="1.2"/>',
         "not a TBX file: the root element is <xliff>, not <martif> or <tbx>"),
    ],
)
def test_bad_tbx_is_a_one_line_error_and_writes_nothing(
    folder: Path, content: bytes, message: str
) -> None:
    path = folder / "bad.tbx"
    path.write_bytes(content)
    result = invoke(folder, "import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}")
    assert result.stderr.rstrip().endswith(message)
    assert not (folder / "po" / "glossary.csv").exists()


def test_a_glossary_with_ignored_rows_is_not_rewritten(folder: Path) -> None:
    (folder / "po").mkdir()
    original = "en,fr,xx\npower,pouvoir,?\n"
    (folder / "po" / "glossary.csv").write_text(original, encoding="utf-8")
    result = invoke(folder, "import", str(TBX))
    assert result.exit_code == 1
    assert "po/glossary.csv: has rows or columns that are ignored" in result.stderr
    assert (folder / "po" / "glossary.csv").read_text(encoding="utf-8") == original


def test_show_lists_terms_for_translators_and_status_points_to_it(folder: Path) -> None:
    assert invoke(folder).stdout == (
        'po/glossary.csv: no terms yet (docs/translate.md, "The glossary", says how)\n'
    )
    invoke(folder, "import", str(TBX))
    text = invoke(folder).stdout
    assert text.splitlines()[2:11] == [
        "therapist | therapists",
        "  fr  thérapeute",
        "  ar  المعالج",
        "  ja  セラピスト",
        "  de  Therapeut | Therapeutin",
        "  cn  治疗师",
        "  es  (no agreed term)",
        "  note: The person who treats a client in psychotherapy.",
        "",
    ]
    data = json.loads(invoke(folder, "--format", "json", "--lang", "fr").stdout)
    assert data[1] == {"en": ["client"], "fr": ["patient"],
                       "note": 'Never "patient": the publication\'s choice.'}
    (folder / "source" / "a.md").write_text("# Title\n\nText.\n", encoding="utf-8")
    CliRunner().invoke(cli, ["--project", str(folder), "extract"])
    status = CliRunner().invoke(cli, ["--project", str(folder), "status"])
    assert status.stdout.splitlines()[-1] == (
        "glossary: po/glossary.csv, 2 terms to use in every translation; "
        "`localize glossary --lang CODE` lists them"
    )
