"""Wrong-language detection on whole PO files: it finds English left behind, and stays
quiet on real translations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, make_project
from validate_project import HOW, POWER, build, fill, translations

from pipeline.checks import Subject, run_entry
from pipeline.project.languages import get_language
from pipeline.project.settings import DEFAULT_LANGUAGES, load_settings
from pipeline.validate.stage import validate

LANGS = ("it", "fr", "de", "pl", "pt", "ru", "ar", "ja", "cn", "es")


def test_at_most_one_false_alarm_on_reviewed_translations() -> None:
    data = translations()
    english = data.pop("en")
    alarms = []
    judged = 0
    for code in LANGS:
        for key, text in data[code].items():
            subject = Subject(
                msgid=english[key], msgstr=text, lang=get_language(code), terms=("ZeroOpposite",)
            )
            judged += 1
            alarms += [
                f"{code} {key}: {m}" for c, m in run_entry(subject) if c.id == "wrong-language"
            ]
    assert judged == 240
    assert len(alarms) <= 1, alarms


@pytest.mark.parametrize("lang", ["de", "ar", "ja"])
def test_english_paragraph_left_in_a_po_file_is_caught(lang: str, tmp_path: Path) -> None:
    folder = build(tmp_path, (lang,))
    fill(folder, HOW, lang, leave_english=["intro"])
    fill(folder, POWER, lang)
    report = validate(load_settings(folder), use_cache=False)
    wrong = [p for p in report.problems if p.check == "wrong-language"]
    assert [(p.path, p.msgid) for p in wrong] == [
        (f"po/{HOW}/{get_language(lang).locale}.po", translations()["en"]["intro"])
    ]
    assert wrong[0].message.startswith("reads as English (en, p=")
    assert report.exit_code == 1
    others = {p.check for p in report.problems} - {"wrong-language", "unchanged", "untranslated"}
    assert others == set()


def test_at_most_one_false_alarm_on_the_repositorys_own_translations(tmp_path: Path) -> None:
    """The PO files under po/ hold the project's reviewed translations (once written)."""
    make_project(tmp_path, DEFAULT_LANGUAGES)
    for article in (ROOT / "source").glob("*.md"):
        shutil.copy(article, tmp_path / "source" / article.name)
    shutil.copytree(ROOT / "po", tmp_path / "po")
    report = validate(load_settings(tmp_path), use_cache=False)
    alarms = [f"{p.location}: {p.message}" for p in report.problems if p.check == "wrong-language"]
    assert len(alarms) <= 1, alarms
