"""`localize export` / `localize import`: XLIFF 1.2, 2.0 and TMX, valid, and round trips."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from lxml import etree
from schemas import errors
from validate_project import HOW, build, edit, fill, translations

from pipeline.cli import cli
from pipeline.mt.memory import translation_memory
from pipeline.project.languages import get_language
from pipeline.project.settings import load_settings

NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
NS20 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
FR = f"po/{HOW}/fr.po"


def invoke(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(folder), *args])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.po"))}


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """This project's own sources and PO files, in a folder of their own."""
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(ROOT / "pyproject.toml", folder)
    shutil.copytree(ROOT / "source", folder / "source")
    shutil.copytree(ROOT / "po", folder / "po")
    return folder


@pytest.fixture
def states(tmp_path: Path) -> Path:
    """French with one entry of each state: machine, stale, fuzzy, untranslated, refused."""
    folder = build(tmp_path / "states", ("fr", "ja"), (HOW,))
    fill(folder, HOW, "fr")
    fill(folder, HOW, "ja")

    def change(entry: polib.POEntry, key: str | None) -> None:
        if key == "markdown":
            entry.flags, entry.tcomment = ["fuzzy"], "mt: pseudo"
        elif key == "h_who":
            entry.flags, entry.previous_msgid = ["fuzzy"], "Who our readers are"
        elif key == "word":
            entry.flags = ["fuzzy"]
        elif key == "h_help":
            entry.msgstr = "Aidez <script>alert(1)</script>"

    edit(folder, HOW, "fr", change)
    return folder


@pytest.mark.parametrize(("fmt", "schemas"), [
    ("xliff", ("xliff-core-1.2-strict", "xliff-core-1.2-transitional")),
    ("xliff2", ("xliff-2.0",)),
    ("tmx", ("tmx",)),
])
@pytest.mark.parametrize("per", ["article", "language"])
def test_exported_files_validate_against_their_schemas(
        repo_copy: Path, states: Path, tmp_path: Path, fmt: str, schemas: tuple[str, ...],
        per: str) -> None:
    for number, folder in enumerate((repo_copy, states)):
        out = tmp_path / f"out-{number}"
        extra = ["--unreviewed"] if fmt == "tmx" else []
        result = invoke(folder, "export", "--format", fmt, "--per", per, "--output", str(out),
                        *extra)
        assert result.exit_code == 0, result.output
        written = sorted(out.iterdir())
        assert written
        for path in written:
            for name in schemas:
                assert errors(path.read_bytes(), name) == [], (path, name)


def test_a_schema_error_is_found(states: Path, tmp_path: Path) -> None:
    """The check itself: a state no XLIFF version knows fails validation."""
    invoke(states, "export", "--lang", "fr", "--output", str(tmp_path / "x"))
    raw = (tmp_path / "x" / f"{HOW}.fr.xlf").read_bytes()
    assert errors(raw.replace(b'state="translated"', b'state="done"'), "xliff-core-1.2-strict")


@pytest.mark.parametrize(("fmt", "per"), [("xliff", "article"), ("xliff", "language"),
                                          ("xliff2", "article"), ("xliff2", "language")])
def test_export_then_import_changes_no_byte(repo_copy: Path, states: Path, tmp_path: Path,
                                            fmt: str, per: str) -> None:
    for number, folder in enumerate((repo_copy, states)):
        before = _snapshot(folder)
        out = tmp_path / f"round-{number}"
        assert invoke(folder, "export", "--format", fmt, "--per", per, "--output",
                      str(out)).exit_code == 0
        files = [str(p) for p in sorted(out.iterdir())]
        result = invoke(folder, "import", *files)
        assert result.exit_code == 0, result.output
        assert " 0 entries changed" in result.stdout
        assert "0 PO file(s) written" in result.stdout
        assert _snapshot(folder) == before


def _xliff(folder: Path, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / fmt
    assert invoke(folder, "export", "--format", fmt, "--lang", "fr", HOW, "--output",
                  str(out)).exit_code == 0
    return out / f"{HOW}.fr.xlf"


def _entry(folder: Path, msgid: str, path: str = FR) -> polib.POEntry:
    return next(e for e in polib.pofile(str(folder / path)) if e.msgid == msgid)


def test_an_edit_in_xliff_12_arrives_marked_as_the_cat_tool_marked_it(
        states: Path, tmp_path: Path) -> None:
    en, fr = translations()["en"], translations()["fr"]
    path = _xliff(states, tmp_path, "xliff")
    tree = etree.parse(str(path))
    units = {"".join(u.find("x:source", NS12).itertext()): u
             for u in tree.iterfind(".//x:trans-unit", NS12)}
    machine = units[en["markdown"]]  # a translator confirms an edited machine translation
    target = machine.find("x:target", NS12)
    target.text = "L’éditeur publie le texte anglais, tel quel."
    target.set("state", "translated")
    del target.attrib["state-qualifier"]
    machine.set("approved", "yes")
    doubt = units[en["awkward"]]  # and has doubts about a reviewed one
    doubt.find("x:target", NS12).set("state", "needs-review-translation")
    doubt.set("approved", "no")
    contact = units[en["contact"]]  # a text with link codes, edited around them
    target = contact.find("x:target", NS12)
    target.text = "Pour aider, écrivez-nous via la "
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    result = invoke(states, "import", str(path))
    assert result.exit_code == 0, result.output

    edited = _entry(states, en["markdown"])
    assert edited.msgstr == "L’éditeur publie le texte anglais, tel quel."
    assert "fuzzy" not in edited.flags  # reviewed, as the CAT tool said
    doubted = _entry(states, en["awkward"])
    assert (doubted.msgstr, doubted.flags) == (fr["awkward"], ["fuzzy"])
    linked = _entry(states, en["contact"]).msgstr
    assert linked.startswith("Pour aider, écrivez-nous via la [")
    assert '](https://zeroopposite.example/contact "' in linked  # the codes came back as Markdown
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{FR}:") and line.endswith(
        "changed: translation updated, machine → reviewed") for line in lines)
    assert any(line.endswith("changed: reviewed → needs review") for line in lines)
    assert "3 entries changed" in lines[-1]


def test_an_edit_in_xliff_20_arrives_with_its_state(states: Path, tmp_path: Path) -> None:
    en = translations()["en"]
    path = _xliff(states, tmp_path, "xliff2")
    tree = etree.parse(str(path))
    for unit in tree.iterfind(".//x:unit", NS20):
        segment = unit.find("x:segment", NS20)
        if segment.findtext("x:source", namespaces=NS20) == en["h_who"]:  # stale
            segment.find("x:target", NS20).text = "Qui sont nos lecteurs"
            segment.set("state", "final")
            del segment.attrib["subState"]
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert invoke(states, "import", str(path)).exit_code == 0
    entry = _entry(states, en["h_who"])
    assert (entry.msgstr, entry.flags, entry.previous_msgid) == ("Qui sont nos lecteurs", [], None)


def test_a_newer_translation_is_kept_and_said_unless_overwrite(states: Path,
                                                               tmp_path: Path) -> None:
    en = translations()["en"]
    path = _xliff(states, tmp_path, "xliff")
    text = path.read_text(encoding="utf-8").replace(translations()["fr"]["word"], "Mot CAT")
    path.write_text(text, encoding="utf-8")

    def newer(entry: polib.POEntry, key: str | None) -> None:
        if key == "word":
            entry.msgstr = "Mot du traducteur"

    edit(states, HOW, "fr", newer)
    result = invoke(states, "import", str(path))
    assert result.exit_code == 1
    assert "conflict: changed in the PO file since the export; kept the PO file's" in result.stdout
    assert _entry(states, en["word"]).msgstr == "Mot du traducteur"
    assert invoke(states, "import", "--overwrite", str(path)).exit_code == 0
    assert _entry(states, en["word"]).msgstr == "Mot CAT"


def test_units_whose_english_changed_are_skipped_and_files_outside_po_refused(
        states: Path, tmp_path: Path) -> None:
    en = translations()["en"]
    path = _xliff(states, tmp_path, "xliff")
    raw = path.read_text(encoding="utf-8")
    changed = raw.replace(f"<source>{en['offer']}</source>", "<source>Join us.</source>")
    changed = changed.replace(translations()["fr"]["offer"], "Rejoignez-nous.")
    path.write_text(changed, encoding="utf-8")
    result = invoke(states, "import", str(path))
    assert "skipped: unit " in result.stdout and "English is no longer in the file" in result.stdout
    assert _entry(states, en["offer"]).msgstr == translations()["fr"]["offer"]
    path.write_text(raw.replace(f'original="{FR}"', 'original="pyproject.toml"'), "utf-8")
    outside = invoke(states, "import", str(path))
    assert outside.exit_code == 1
    assert "not a PO file in po/" in outside.stderr
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff", encoding="utf-8")
    assert f"{broken}:1: not XML" in invoke(states, "import", str(broken)).stderr


def test_tmx_export_reviewed_only_and_import_into_the_memory(states: Path, tmp_path: Path
                                                             ) -> None:
    en, fr = translations()["en"], translations()["fr"]
    out = tmp_path / "tm"
    assert invoke(states, "export", "--format", "tmx", "--lang", "fr", "--output",
                  str(out)).exit_code == 0
    tmx = (out / "fr.tmx").read_text(encoding="utf-8")
    assert fr["awkward"] in tmx and fr["markdown"] not in tmx  # machine output left out
    assert fr["markdown"] in (invoke(states, "export", "--format", "tmx", "--lang", "fr",
                                   "--unreviewed", "--output", str(tmp_path / "all"))
                            and (tmp_path / "all" / "fr.tmx").read_text(encoding="utf-8"))

    other = build(tmp_path / "other", ("fr",), (HOW,))
    result = invoke(other, "import", str(out / "fr.tmx"))
    assert result.exit_code == 0, result.output
    assert "memory fr: " in result.stdout
    assert (other / "po" / "tm" / "fr.tmx").is_file()
    again = invoke(other, "import", str(out / "fr.tmx"))
    assert "memory fr: 0 new pair(s)" in again.stdout
    settings = load_settings(other)
    found = translation_memory(settings, {get_language("fr"): {en["awkward"], en["markdown"]}},
                               False)
    assert found[("fr", en["awkward"])][0] == fr["awkward"]
    assert ("fr", en["markdown"]) not in found
