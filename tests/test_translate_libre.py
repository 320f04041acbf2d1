"""The translate stage driving deep-translator's real LibreTranslator against a fake server."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from libre_server import FakeLibre, fake_translation

from pipeline.cli import cli
from pipeline.extract.stage import extract
from pipeline.mt.dispatch import RetryPolicy
from pipeline.mt.placeholders import do_not_translate, protect
from pipeline.po import catalog
from pipeline.po.marks import is_copy, machine_engine, mark_machine
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, TranslateStats, translate

LANGS = ("fr", "ar", "ja")
SENT_PER_LANGUAGE = 48
"""Entries of the two articles per language; each needs the engine."""
ARTICLES = ["how-we-translate", "power-dynamics-in-psychotherapy"]
"""Named, so the site's own strings (po/site/) stay out of the counts; one test covers them."""
CONTACT = "If you would like to help, write to us through the [contact page]"


@pytest.fixture
def extracted(project: Path) -> Path:
    extract(load_settings(project))
    return project


@pytest.fixture
def server() -> FakeLibre:
    with FakeLibre() as fake:
        yield fake


def run(
    project: Path, server: FakeLibre, only: list[str] | None = ARTICLES, **overrides: object
) -> tuple[TranslateStats, list[str]]:
    messages: list[str] = []
    values: dict[str, object] = {
        "engine": "libre",
        "libre_url": server.url,
        "workers": 4,
        "timeout": 5.0,
        "retry": RetryPolicy(attempts=3, base=0.01, cap=0.05),
        "progress": False,
        "warn": messages.append,
    }
    values.update(overrides)
    stats = translate(load_settings(project), only, TranslateOptions(**values))  # type: ignore[arg-type]
    return stats, messages


def po(project: Path, lang: str = "fr", slug: str = "how-we-translate") -> list:
    code = {"cn": "zh_CN"}.get(lang, lang)
    return list(catalog.load_po(project / "po" / slug / f"{code}.po"))


def entry(project: Path, start: str, lang: str = "fr", slug: str = "how-we-translate"):
    return next(e for e in po(project, lang, slug) if e.msgid.startswith(start))


def expected(msgid: str, lang: str) -> str:
    protected = protect(msgid, do_not_translate((), "ZeroOpposite"))
    return protected.restore(fake_translation(protected.text, lang))


def test_concurrent_calls_overlap_and_every_missing_entry_is_filled(
    extracted: Path, server: FakeLibre
) -> None:
    server.latency = 0.05
    started = time.monotonic()
    stats, messages = run(extracted, server)
    elapsed = time.monotonic() - started
    assert messages == []
    assert stats.ok and stats.failed == 0
    assert stats.translated == server.requests == stats.requests == 3 * SENT_PER_LANGUAGE
    assert stats.copied == 0 and stats.missing == stats.translated
    assert server.max_concurrent > 1
    assert elapsed < 3 * SENT_PER_LANGUAGE * 0.05 / 2
    contact = entry(extracted, CONTACT)
    assert contact.flags == ["fuzzy"] and machine_engine(contact) == "libre"
    assert contact.msgstr == expected(contact.msgid, "fr")
    assert (
        '[CONTACT PAGE](https://zeroopposite.example/contact "Contact ZeroOpposite")'
        in contact.msgstr
    )
    assert entry(extracted, "Arabic pages", "ja").msgstr.startswith("ja: aRABIC")


def test_a_segment_with_nothing_left_to_translate_is_copied_not_sent(
    project: Path, server: FakeLibre
) -> None:
    """A figure has words for extract (it is an entry) but nothing for an engine once
    markup is protected: it is copied, marked for review, and never sent."""
    (project / "source" / "figures.md").write_text(
        "# Our readers\n\n| Share |\n|---|\n| 41 % |\n", encoding="utf-8")
    extract(load_settings(project))
    stats, messages = run(project, server, ["figures"])
    assert messages == [] and stats.ok
    assert stats.copied == len(LANGS)  # "41 %" in each language
    assert stats.translated == server.requests == 2 * len(LANGS)  # the heading and "Share"
    copied = entry(project, "41 %", slug="figures")
    assert copied.msgstr == "41 %" and copied.flags == ["fuzzy"]
    assert machine_engine(copied) == "copy"


def test_a_second_run_sends_nothing_and_the_cache_refills_deleted_files(
    extracted: Path, server: FakeLibre
) -> None:
    run(extracted, server)
    server.reset_counters()
    stats, _ = run(extracted, server)
    assert stats.missing == 0 and server.requests == 0
    for path in (extracted / "po").glob("*/*.po"):
        path.unlink()
    extract(load_settings(extracted))
    stats, _ = run(extracted, server)
    assert server.requests == 0 and stats.requests == 0
    assert stats.cached == 3 * SENT_PER_LANGUAGE and stats.ok
    assert (extracted / ".localize-cache" / "translations.sqlite3").is_file()


def test_identical_texts_are_sent_once_and_reviewed_ones_reused(
    extracted: Path, server: FakeLibre
) -> None:
    source = (extracted / "source" / "how-we-translate.md").read_text(encoding="utf-8")
    (extracted / "source" / "copy.md").write_text(
        source.replace("slug: how-we-translate", "slug: copy"), encoding="utf-8"
    )
    extract(load_settings(extracted))
    path = extracted / "po" / "how-we-translate" / "fr.po"
    catalog_fr = catalog.load_po(path)
    catalog_fr.find("Languages and scripts").msgstr = "Langues et écritures"
    catalog.save_po(catalog_fr, path)
    stats, _ = run(extracted, server, [*ARTICLES, "copy"])
    assert stats.ok
    assert server.requests == 3 * SENT_PER_LANGUAGE - 1
    assert stats.memory == 1
    reused = entry(extracted, "Languages and scripts", slug="copy")
    assert reused.msgstr == "Langues et écritures" and reused.flags == [] and is_copy(reused)
    assert entry(extracted, CONTACT, slug="copy").msgstr == entry(extracted, CONTACT).msgstr


def test_429_then_success_is_retried(extracted: Path, server: FakeLibre) -> None:
    server.fail_first = 1
    stats, messages = run(extracted, server)
    assert stats.ok and stats.translated == 3 * SENT_PER_LANGUAGE
    assert server.requests == stats.requests == 2 * 3 * SENT_PER_LANGUAGE
    assert messages == []


def test_a_stalled_server_costs_one_deadline_per_call_and_trips_the_breaker(
    extracted: Path, server: FakeLibre
) -> None:
    server.mode = "stall"
    started = time.monotonic()
    stats, messages = run(extracted, server, timeout=0.3, workers=2, breaker_threshold=3)
    elapsed = time.monotonic() - started
    assert elapsed < 5.0  # a few deadlines, not one per segment (0.3 s × 3 × SENT_PER_LANGUAGE)
    assert stats.failed == 3 * SENT_PER_LANGUAGE and not stats.ok
    assert server.requests <= 3 + 2
    assert len(messages) == 1
    assert messages[0].startswith("engine libre at http://127.0.0.1:")
    assert "stopped for the rest of this run: 3 calls in a row failed" in messages[0]
    assert "no answer within 0.3 s" in messages[0]
    assert not entry(extracted, CONTACT).msgstr


def test_server_errors_are_retried_then_the_breaker_stops_the_engine(
    extracted: Path, server: FakeLibre
) -> None:
    server.mode, server.status = "status", 500
    stats, messages = run(extracted, server, breaker_threshold=5)
    assert stats.failed == 3 * SENT_PER_LANGUAGE
    assert server.requests <= (5 + 4) * 3
    assert len(messages) == 1 and "HTTP 500" in messages[0]
    reasons = {f.reason for f in stats.failures}
    assert any(r.startswith("engine stopped") for r in reasons)


@pytest.mark.parametrize(
    ("mode", "needle", "reason"),
    [
        ("malformed", "Languages and scripts", "malformed or unexpected JSON"),
        ("empty", "Languages and scripts", "empty translation"),
        ("mangle", CONTACT, "markup did not survive translation"),
    ],
)
def test_bad_answers_leave_the_entry_untranslated_and_reported(
    extracted: Path, server: FakeLibre, mode: str, needle: str, reason: str
) -> None:
    server.rules = [(needle[:25], mode)]
    stats, messages = run(extracted, server)
    assert not stats.ok and stats.failed == 3 and messages == []
    assert sorted(f.language for f in stats.failures) == ["ar", "fr", "ja"]
    assert all(reason in f.reason for f in stats.failures)
    assert not entry(extracted, needle).msgstr
    assert stats.translated == 3 * SENT_PER_LANGUAGE - 3


def test_a_translators_msgstr_is_never_overwritten(extracted: Path, server: FakeLibre) -> None:
    path = extracted / "po" / "how-we-translate" / "fr.po"
    fr = catalog.load_po(path)
    fr.find("Languages and scripts").msgstr = "Langues et écritures"
    draft = fr.find("How you can help")
    draft.msgstr, draft.flags = "Comment aider", ["fuzzy"]
    machine = fr.find("What happens to an article")
    machine.msgstr = "ANCIEN"
    mark_machine(machine, "google")
    catalog.save_po(fr, path)

    stats, _ = run(extracted, server)
    assert stats.ok and stats.missing == 3 * SENT_PER_LANGUAGE - 3
    assert entry(extracted, "Languages and scripts").msgstr == "Langues et écritures"
    assert entry(extracted, "How you can help").msgstr == "Comment aider"
    assert entry(extracted, "What happens to an article").msgstr == "ANCIEN"

    server.reset_counters()
    stats, _ = run(extracted, server, retranslate_fuzzy=True)
    assert stats.missing == 3 * SENT_PER_LANGUAGE - 2  # every unreviewed machine entry: the rest come from cache
    assert stats.translated == 1 == server.requests
    retranslated = entry(extracted, "What happens to an article")
    assert retranslated.msgstr == "fr: wHAT HAPPENS TO AN ARTICLE"
    assert retranslated.flags == ["fuzzy"] and machine_engine(retranslated) == "libre"
    assert entry(extracted, "Languages and scripts").msgstr == "Langues et écritures"
    assert entry(extracted, "How you can help").msgstr == "Comment aider"


def test_a_file_edited_during_the_run_is_merged_not_clobbered(
    extracted: Path, server: FakeLibre
) -> None:
    path = extracted / "po" / "how-we-translate" / "fr.po"

    def translator_saves(number: int) -> None:
        if number == 10:
            fr = catalog.load_po(path)
            fr.find("If one of the ten languages is your first language, offer to review its "
                    "translations.").msgstr = "Proposez de relire."
            catalog.save_po(fr, path)

    server.on_request = translator_saves
    stats, messages = run(extracted, server, save_every=10_000, save_seconds=600.0)
    assert messages == [
        "po/how-we-translate/fr.po changed on disk during the run; "
        "merged this run's translations into it"
    ]
    joined = entry(extracted, "If one of the ten languages")
    assert joined.msgstr == "Proposez de relire." and "fuzzy" not in joined.flags
    assert entry(extracted, CONTACT).flags == ["fuzzy"]
    assert machine_engine(entry(extracted, CONTACT)) == "libre"
    assert stats.ok


def test_a_corrupt_cache_is_rebuilt(extracted: Path, server: FakeLibre) -> None:
    cache = extracted / ".localize-cache"
    cache.mkdir(exist_ok=True)  # extract keeps its manifest here
    (cache / "translations.sqlite3").write_bytes(b"this is not a database" * 100)
    stats, messages = run(extracted, server)
    assert stats.ok and stats.translated == 3 * SENT_PER_LANGUAGE
    assert len(messages) == 1 and "was unusable" in messages[0]
    assert (cache / "translations.sqlite3.corrupt").is_file()
    for path in (extracted / "po").glob("*/*.po"):
        path.unlink()
    extract(load_settings(extracted))
    server.reset_counters()
    run(extracted, server)
    assert server.requests == 0


def test_a_locked_cache_is_bypassed(extracted: Path, server: FakeLibre) -> None:
    cache = extracted / ".localize-cache"
    cache.mkdir(exist_ok=True)  # extract keeps its manifest here
    holder = sqlite3.connect(cache / "translations.sqlite3", isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        stats, messages = run(extracted, server)
    finally:
        holder.close()
    assert stats.ok and stats.translated == 3 * SENT_PER_LANGUAGE
    assert messages == [
        f"{cache / 'translations.sqlite3'} is locked by another process; running without the cache"
    ]


def test_cli_translate_summary_dry_run_and_exit_codes(
    extracted: Path, server: FakeLibre, runner: CliRunner
) -> None:
    base = [
        "--project",
        str(extracted),
        "translate",
        *ARTICLES,
        "--engine",
        "libre",
        "--libre-url",
        server.url,
    ]
    dry = runner.invoke(cli, [*base, "--dry-run", "--lang", "fr"])
    assert dry.exit_code == 0, dry.output
    assert "  fr       libre           48     48        5726\n" in dry.output
    assert server.requests == 0

    server.rules = [("Languages and scripts", "empty")]
    result = runner.invoke(cli, [*base, "--workers", "3", "--timeout", "2"])
    assert result.exit_code == 1
    assert (
        "translate: 144 missing entries in 6 file(s): 141 by libre, 0 from cache, "
        "0 from translation memory, 0 copied, 3 failed; 144 request(s); 6 file(s) written"
    ) in result.output
    assert (
        "error: po/how-we-translate/ar.po: 'Languages and scripts': the engine returned an empty "
        "translation" in result.output
    )
    assert "Error: translate: 3 entries left untranslated" in result.output


def test_run_needs_no_network_when_nothing_is_missing(extracted: Path, runner: CliRunner) -> None:
    with FakeLibre() as fake:
        run(extracted, fake, None)
        url = fake.url
    offline = runner.invoke(
        cli,
        ["--project", str(extracted), "run", "--engine", "libre"],
        env={"LOCALIZE_LIBRE_URL": url},
    )
    assert "translate: 0 missing entries in 9 file(s)" in offline.output
    assert "; 0 request(s);" in offline.output
    assert (extracted / "output" / "fr" / "how-we-translate.md").is_file()
    # The fake server's "translations" read as English: validate, part of run, says so.
    assert offline.exit_code == 1
    assert "[wrong-language] reads as English" in offline.stderr
    assert "validate found problems (listed above); the site was assembled anyway" in offline.stderr


def test_run_offline_skips_translation(
    extracted: Path, server: FakeLibre, runner: CliRunner
) -> None:
    result = runner.invoke(
        cli,
        ["--project", str(extracted), "run", "--offline"],
        env={"LOCALIZE_ENGINE": "libre", "LOCALIZE_LIBRE_URL": server.url},
    )
    assert result.exit_code == 0, result.output
    assert server.requests == 0
    assert not entry(extracted, CONTACT).msgstr


def test_texts_over_the_engine_limit_are_split_at_sentences_and_joined(
    extracted: Path, server: FakeLibre, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.mt.engines.online import LibreEngine

    monkeypatch.setattr(LibreEngine, "max_chars", 200)
    stats, _ = run(extracted, server, languages=("fr",))
    assert stats.ok
    assert all(len(text) <= 200 for _, text, _, _ in server.answered)
    assert server.requests > SENT_PER_LANGUAGE
    long = entry(extracted, "Every article on ZeroOpposite")
    assert long.msgstr == (
        "fr: eVERY ARTICLE ON ZeroOpposite IS WRITTEN IN eNGLISH FIRST AND THEN TRANSLATED INTO "
        "TEN MORE LANGUAGES, SO THAT A QUESTION ABOUT MENTAL HEALTH DOES NOT GO UNANSWERED "
        "BECAUSE OF THE LANGUAGE IT WAS ASKED IN. "
        "fr: tHIS PAGE EXPLAINS HOW A TRANSLATION IS MADE, WHAT IS CHECKED BEFORE IT IS "
        "PUBLISHED AND WHO HAS WRITTEN THE TRANSLATIONS SO FAR."
    )
    assert long.flags == ["fuzzy"] and machine_engine(long) == "libre"


def test_the_sites_own_strings_are_filled_too(extracted: Path, server: FakeLibre) -> None:
    stats, _ = run(extracted, server, None)
    assert stats.ok and stats.files == 9
    skip = entry(extracted, "Skip to content", slug="site")
    assert skip.msgstr == "fr: sKIP TO CONTENT" and skip.flags == ["fuzzy"]
    assert machine_engine(skip) == "libre"
    french = next(e for e in po(extracted, "ja", "site") if e.msgctxt and e.msgid == "French")
    assert french.msgstr == "ja: fRENCH" and machine_engine(french) == "libre"
