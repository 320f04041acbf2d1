"""A translator's edits are never clobbered, and a PO file they broke is never touched.

Every stage that rewrites a PO file (extract, the site strings, translate)
compares the file with what it read just before replacing it; a translator
saving in between makes the stage redo its work from the newer file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from test_validate_malformed import EXPECTED, MALFORMED

from pipeline.cli import cli
from pipeline.errors import PoFileError
from pipeline.extract.stage import extract
from pipeline.mt import tracked
from pipeline.po import catalog, update
from pipeline.po import textmerge as pomerge
from pipeline.project.languages import get_language
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate

HUMAN = "Traduction relue par une personne."
NEW = "A paragraph the editor added while the translator was working."


def translator_saves(path: Path, msgid: str, msgstr: str = HUMAN) -> None:
    """What Poedit does: the whole file rewritten with one more translation."""
    po = catalog.load_po(path)
    found = po.find(msgid)
    assert found is not None, msgid
    found.msgstr = msgstr
    catalog.save_po(po, path)


def first_untranslated(path: Path) -> str:
    return next(e.msgid for e in catalog.load_po(path) if not e.msgstr and not e.obsolete)


def saves_during(
    monkeypatch: pytest.MonkeyPatch, target: Path, msgid: str, times: int = 1
) -> list[int]:
    """Make a translator save ``target`` while ``catalog.merge`` (or the same merge done on
    the file's text, ``pomerge.merge_text``) is working on it."""
    real = catalog.merge
    real_text = pomerge.merge_text
    calls: list[int] = []

    def merge(old: polib.POFile, pot: polib.POFile) -> polib.POFile:
        if getattr(old, "fpath", None) == str(target) and len(calls) < times:
            calls.append(1)
            translator_saves(target, msgid, f"{HUMAN} ({len(calls)})")
        return real(old, pot)

    def merge_text(text: str, template: pomerge.Template) -> str | None:
        if text == target.read_text(encoding="utf-8") and len(calls) < times:
            calls.append(1)
            translator_saves(target, msgid, f"{HUMAN} ({len(calls)})")
        return real_text(text, template)

    monkeypatch.setattr(catalog, "merge", merge)
    monkeypatch.setattr(pomerge, "merge_text", merge_text)
    return calls


def test_extract_redoes_the_merge_when_the_translator_saves_meanwhile(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(project)
    extract(settings)
    target = project / "po" / "how-we-translate" / "fr.po"
    msgid = first_untranslated(target)
    with (project / "source" / "how-we-translate.md").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{NEW}\n")
    calls = saves_during(monkeypatch, target, msgid)
    stats = extract(settings)
    assert calls == [1] and not stats.errors
    po = catalog.load_po(target)
    assert po.find(msgid).msgstr == f"{HUMAN} (1)"
    assert po.find(NEW) is not None
    assert not list(target.parent.glob(".*.tmp"))


def test_site_strings_are_merged_again_too(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(project)
    extract(settings)
    target = project / "po" / "site" / "fr.po"
    msgid = first_untranslated(target)
    shutil.rmtree(project / ".localize-cache")  # else nothing changed and nothing is merged
    calls = saves_during(monkeypatch, target, msgid)
    stats = extract(settings)
    assert calls == [1] and not stats.errors
    assert catalog.load_po(target).find(msgid).msgstr == f"{HUMAN} (1)"


def test_a_file_that_keeps_changing_is_left_to_the_translator(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(project)
    extract(settings)
    target = project / "po" / "how-we-translate" / "fr.po"
    msgid = first_untranslated(target)
    with (project / "source" / "how-we-translate.md").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{NEW}\n")
    saves_during(monkeypatch, target, msgid, times=update.UPDATE_ATTEMPTS)
    stats = extract(settings)
    assert [str(e) for e in stats.errors] == [
        "po/how-we-translate/fr.po: kept changing on disk while localize was updating it "
        f"({update.UPDATE_ATTEMPTS} tries); nothing was written, run again once nobody is saving it"
    ]
    po = catalog.load_po(target)
    assert po.find(msgid).msgstr == f"{HUMAN} ({update.UPDATE_ATTEMPTS})"
    assert po.find(NEW) is None


def test_translate_never_takes_a_save_right_after_its_own_for_its_own(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest kept after a save is that of the bytes written, not of a re-read:
    a re-read just after a translator's save would adopt it and clobber it next time."""
    settings = load_settings(project)
    extract(settings)
    target = project / "po" / "how-we-translate" / "fr.po"
    human = [e.msgid for e in catalog.load_po(target) if not e.msgstr][-1]
    real = catalog.save_po_digest
    saved: list[Path] = []

    def save_po_digest(po: polib.POFile, path: Path, *args: object, **kwargs: object) -> str:
        written = real(po, path, *args, **kwargs)  # type: ignore[arg-type]
        if path == target and not saved:
            saved.append(path)
            translator_saves(target, human)
        return written

    monkeypatch.setattr(catalog, "save_po_digest", save_po_digest)
    messages: list[str] = []
    stats = translate(settings, ["how-we-translate"], TranslateOptions(
        engine="pseudo", languages=("fr",), save_every=1, progress=False, warn=messages.append))
    assert saved and stats.ok
    assert "po/how-we-translate/fr.po changed on disk during the run; " \
        "merged this run's translations into it" in messages
    entry = catalog.load_po(target).find(human)
    assert entry.msgstr == HUMAN and "fuzzy" not in entry.flags


def test_tracked_po_refuses_a_file_that_became_unparsable(project: Path) -> None:
    settings = load_settings(project)
    extract(settings)
    target = project / "po" / "how-we-translate" / "fr.po"
    po = tracked.TrackedPo.load(target, "po/how-we-translate/fr.po", get_language("fr"), False)
    entry = po.fillable()[0]
    assert po.fill((entry.msgctxt, entry.msgid), "Machine", tracked.marked_machine("pseudo"))
    broken = target.read_bytes() + b'\nmsgid "unterminated\n'
    target.write_bytes(broken)
    with pytest.raises(PoFileError, match=r"^po/how-we-translate/fr.po:\d+: "):
        po.save()
    assert target.read_bytes() == broken


# --- a PO file a translator broke: every stage names file:line and leaves it alone ---

PO = "po/how-we-translate/de.po"


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import ROOT, make_project

    folder = make_project(tmp_path_factory.mktemp("broken"), ("de",))
    shutil.copy(ROOT / "source" / "how-we-translate.md", folder / "source")
    assert CliRunner().invoke(cli, ["--project", str(folder), "extract"]).exit_code == 0
    return folder


STAGES: dict[str, Callable[[], list[str]]] = {
    "translate": lambda: ["translate", "--engine", "pseudo"],
    "assemble": lambda: ["assemble"],
    "extract": lambda: ["extract"],
}


@pytest.mark.parametrize("stage", sorted(STAGES))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_po_file_is_named_with_its_line_and_left_untouched(
    name: str, stage: str, german: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(german, project)
    broken = (MALFORMED / name).read_bytes()
    (project / PO).write_bytes(broken)
    line, message = EXPECTED[name]
    result = CliRunner().invoke(cli, ["--project", str(project), *STAGES[stage]()])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert f"error: {PO}:{line}: {message}" in result.stderr.splitlines()
    assert (project / PO).read_bytes() == broken
