"""Engines: registry, pseudo-localization, Apertium, how failures are classified; no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from deep_translator import exceptions as dt
from tools import need

from pipeline.cli import cli
from pipeline.errors import UsageError
from pipeline.extract.stage import extract
from pipeline.mt.engines import (
    BadResponse,
    CallTimeout,
    EmptyResult,
    EngineOptions,
    RateLimited,
    Rejected,
    Unavailable,
    engine_names,
    get_engine,
)
from pipeline.mt.engines.offline import expansion, pseudo_localize
from pipeline.mt.engines.online import classify, public_url
from pipeline.po import catalog
from pipeline.po.marks import machine_engine
from pipeline.project.languages import get_language
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate

EN, ES, AR, FR = (get_language(c) for c in ("en", "es", "ar", "fr"))


def test_registry_names_every_engine_and_rejects_unknown_ones() -> None:
    assert engine_names() == [
        "apertium",
        "deepl",
        "google",
        "libre",
        "llm",
        "microsoft",
        "mymemory",
        "pseudo",
    ]
    with pytest.raises(UsageError, match="unknown engine 'bing'; known engines: apertium, deepl"):
        get_engine("bing", EngineOptions())


def test_engine_codes_come_from_the_language_table() -> None:
    google = get_engine("google", EngineOptions())
    assert google.code(get_language("cn")) == "zh-CN"
    assert get_engine("libre", EngineOptions()).code(get_language("cn")) == "zh"
    assert get_engine("deepl", EngineOptions()).lacks(EN, [FR, AR, ES]) == [AR]
    assert google.lacks(EN, [FR, AR]) == []


def test_missing_key_is_a_usage_error_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    with pytest.raises(UsageError, match="DEEPL_API_KEY"):
        get_engine("deepl", EngineOptions()).setup()


def test_failures_are_classified_by_status_and_never_show_the_key() -> None:
    secret = "sk-very-secret-123"
    refused = classify(dt.AuthorizationException(secret), 403, "DEEPL_API_KEY")
    assert isinstance(refused, Rejected) and secret not in str(refused)
    assert "DEEPL_API_KEY" in str(refused)
    assert isinstance(classify(dt.ServerException(429), 429), RateLimited)
    assert isinstance(classify(dt.RequestError(), 503), Unavailable)
    assert isinstance(classify(ValueError("Expecting value"), 200), BadResponse)
    assert isinstance(classify(dt.TranslationNotFound("x"), 200), EmptyResult)
    import requests

    assert isinstance(classify(requests.ReadTimeout(), None), CallTimeout)
    assert isinstance(classify(requests.ConnectionError(), None), Unavailable)
    assert public_url("https://user:pw@host:8080/path?api_key=k") == "https://host:8080/path"


def test_pseudo_accents_expands_brackets_and_keeps_tokens() -> None:
    text = "Read the [X0X]book[X1X] now"
    out = pseudo_localize(text)
    assert out.startswith("⁅Řéåð ţĥé ") and out.endswith("⁆")
    assert "[X0X]ƀööķ[X1X]" in out
    assert len(out) >= len(text) + expansion(len(text))
    assert expansion(8) >= 8 and expansion(200) == 60


def test_pseudo_mirrors_words_for_right_to_left_languages() -> None:
    out = pseudo_localize("Read [X0X] now", rtl=True)
    assert "\u200f\u202eRead\u202c\u200f" in out and "[X0X]" in out
    assert get_engine("pseudo", EngineOptions()).translate("Read", EN, AR).count("\u202e") >= 2


def test_pseudo_through_the_stage_is_markup_safe(project: Path) -> None:
    settings = load_settings(project)
    extract(settings)
    stats = translate(settings, None, TranslateOptions(engine="pseudo", progress=False))
    assert stats.ok and stats.translated > 50 and stats.failed == 0
    po = catalog.load_po(project / "po/how-we-translate/fr.po")
    entry = next(e for e in po if e.msgid.startswith("If you would like to help"))
    assert entry.flags == ["fuzzy"] and machine_engine(entry) == "pseudo"
    assert '](https://zeroopposite.example/contact "Contact ZeroOpposite")' in entry.msgstr
    assert entry.msgstr.startswith("⁅Îƒ ýöû")
    arabic = catalog.load_po(project / "po/how-we-translate/ar.po")
    assert all("\u202e" in e.msgstr for e in arabic if machine_engine(e) == "pseudo")


def test_apertium_translates_english_to_spanish() -> None:
    need("apertium")
    engine = get_engine("apertium", EngineOptions(timeout=30))
    engine.setup()
    assert "gato" in engine.translate("The cat is on the table.", EN, ES)
    assert engine.lacks(EN, [ES, FR, AR]) == [FR, AR]


def test_apertium_stage_fills_spanish_and_reports_the_rest_once(project: Path) -> None:
    need("apertium")
    (project / "pyproject.toml").write_text(
        '[tool.localize]\nlanguages = ["es", "fr", "ar"]\n', encoding="utf-8"
    )
    (project / "source" / "power-dynamics-in-psychotherapy.md").unlink()
    settings = load_settings(project)
    extract(settings)
    messages: list[str] = []
    stats = translate(
        settings,
        ["how-we-translate"],
        TranslateOptions(engine="apertium", warn=messages.append, progress=False),
    )
    assert messages == [
        "engine 'apertium' cannot translate into Arabic (ar), French (fr); "
        "74 missing entries in those are left untranslated"
    ]
    assert stats.unsupported == 74 and stats.failed == 0 and stats.translated > 10
    spanish = catalog.load_po(project / "po/how-we-translate/es.po")
    heading = next(e for e in spanish if e.msgid == "Languages and scripts")
    assert heading.flags == ["fuzzy"] and machine_engine(heading) == "apertium" and heading.msgstr
    assert "`#mentalhealth`" in next(
        e.msgstr for e in spanish if e.msgid.startswith("Arabic pages")
    )
    assert not any(e.msgstr for e in catalog.load_po(project / "po/how-we-translate/fr.po"))


def test_explicit_language_the_engine_lacks_is_a_usage_error(
    project: Path, runner: CliRunner
) -> None:
    extract(load_settings(project))
    result = runner.invoke(
        cli, ["--project", str(project), "translate", "--engine", "deepl", "--lang", "ar"]
    )
    assert result.exit_code == 2
    assert "engine 'deepl' cannot translate into Arabic (ar)" in result.output


def test_dry_run_reports_a_lacking_language_before_any_call(
    project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    extract(load_settings(project))
    result = runner.invoke(
        cli, ["--project", str(project), "translate", "--engine", "deepl", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("cannot translate into Arabic (ar)") == 1
    assert "fr       deepl" in result.output and "ar       deepl" not in result.output
