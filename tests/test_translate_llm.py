"""The `llm` engine through the real `openai` SDK against an OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import math
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openai_server import FakeOpenAI, fake_translation
from validate_project import HOW, POWER, edit, fill, translations

from pipeline.cli import cli
from pipeline.extract.stage import extract
from pipeline.mt.dispatch import RetryPolicy
from pipeline.mt.engines import BadResponse
from pipeline.mt.engines.llm import retry_after
from pipeline.mt.llm import prompt
from pipeline.mt.llm.answer import translations_in
from pipeline.mt.llm.batch import split_by_budget
from pipeline.mt.llm.tokens import estimate_tokens
from pipeline.mt.placeholders import do_not_translate, protect
from pipeline.po import catalog
from pipeline.po.marks import is_machine, machine_engine
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, TranslateStats, translate

ARTICLES = [HOW, POWER]
LANGS = ("fr", "ar", "ja")
TAGS = {"fr": "fr", "ar": "ar", "ja": "ja"}
SENT_PER_LANGUAGE = 48
"""Texts of the two articles per language; each needs the engine."""
HOW_TEXTS = 37
"""Of them in the first article."""
GLOSSARY = """\
en,fr,ar,ja,note
right to left,de droite à gauche,من اليمين إلى اليسار,右から左,the writing direction
translator | translators,traducteur | traducteurs | traductrice,مترجم,翻訳者,
"""
TERMS = do_not_translate((), "ZeroOpposite")


@pytest.fixture
def extracted(project: Path) -> Path:
    extract(load_settings(project))
    return project


@pytest.fixture
def server() -> Any:
    with FakeOpenAI() as fake:
        yield fake


def run(project: Path, server: FakeOpenAI, only: list[str] | None = ARTICLES,
        **overrides: Any) -> tuple[TranslateStats, list[str]]:
    messages: list[str] = []
    values: dict[str, Any] = {
        "engine": "llm", "llm_url": server.url, "llm_model": "fake-model", "workers": 2,
        "timeout": 10.0, "retry": RetryPolicy(attempts=3, base=0.01, cap=0.05),
        "progress": False, "warn": messages.append,
    }
    values.update(overrides)
    stats = translate(load_settings(project), only, TranslateOptions(**values))
    return stats, messages


def setting(project: Path, line: str) -> None:
    path = project / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def entries(project: Path, lang: str = "fr", slug: str = HOW) -> list[Any]:
    code = {"cn": "zh_CN"}.get(lang, lang)
    return [e for e in catalog.load_po(project / "po" / slug / f"{code}.po") if not e.obsolete]


def entry(project: Path, start: str, lang: str = "fr", slug: str = HOW) -> Any:
    return next(e for e in entries(project, lang, slug) if e.msgid.startswith(start))


def expected(msgid: str, lang: str) -> str:
    protected = protect(msgid, TERMS)
    return protected.restore(fake_translation(protected.text, TAGS[lang]))


def pieces_per_article(project: Path, lang: str) -> dict[str, list[str]]:
    """The protected texts each article sends in ``lang`` when nothing is translated."""
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for slug in ARTICLES:
        for e in entries(project, lang, slug):
            text = protect(e.msgid, TERMS)
            if text.has_words and e.msgid not in seen and not e.msgstr:
                found.setdefault(slug, []).append(text.text)
                seen.add(e.msgid)
    return found


# --- filling ----------------------------------------------------------------------


def test_every_missing_entry_is_filled_marked_and_checked(
    extracted: Path, server: FakeOpenAI
) -> None:
    stats, messages = run(extracted, server)
    assert stats.ok and messages == [], (stats.failures, messages)
    assert stats.translated == 3 * SENT_PER_LANGUAGE and stats.copied == 0
    assert stats.requests == server.requests
    assert stats.tokens_in > 0 and stats.tokens_out > 0  # as the server counted them
    who = entry(extracted, "Languages and scripts", "ja")
    assert who.msgstr == expected("Languages and scripts", "ja")
    assert who.flags == ["fuzzy"] and who.tcomment == "mt: llm fake-model"
    assert machine_engine(who) == "llm" and is_machine(who)
    contact = entry(extracted, "If you would like to help", "ar")
    assert "](https://zeroopposite.example/contact \"Contact ZeroOpposite\")" in contact.msgstr
    assert server.bodies[0]["model"] == "fake-model"
    assert server.bodies[0]["response_format"] == prompt.RESPONSE_FORMAT
    assert server.bodies[0]["temperature"] == 0.0


def test_the_request_carries_the_article_around_the_segments(
    extracted: Path, server: FakeOpenAI
) -> None:
    fill(extracted, HOW, "fr")
    edit(extracted, HOW, "fr", lambda e, key: setattr(e, "msgstr", "")
         if key in ("arabic", "awkward") else None)
    (extracted / "po" / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    setting(extracted, 'llm_style = { fr = "Write inclusive French: lecteurs et lectrices." }')
    stats, _ = run(extracted, server, [HOW], languages=("fr",))
    assert stats.ok and server.requests == 1
    (body,) = server.bodies
    (message,) = server.user_messages()
    en, fr = translations()["en"], translations()["fr"]
    assert message["article"] == {
        "title": {"text": en["title"], "translation": fr["title"]},
        "description": {"text": en["description"], "translation": fr["description"]},
    }
    texts = {s["text"] for s in message["segments"]}
    assert protect(en["arabic"], TERMS).text in texts and en["awkward"] in texts
    shown = [item for item in message["document"] if "text" in item]
    # the headings above, and the neighbours after, each with its reviewed translation
    for key, kind in (("h_scripts", "Heading 2"), ("h_checked", "Heading 2"),
                      ("h_help", "Heading 2"), ("word", "List item")):
        assert {"type": kind, "text": en[key], "translation": fr[key]} in shown, key
    # far-away text is not sent
    assert all(item["text"] != en["markdown"] for item in shown)
    ids = [item["id"] for item in message["document"] if "id" in item]
    assert ids == [s["id"] for s in message["segments"]]  # in document order
    # the glossary entries occurring in these segments, and only those
    assert message["glossary"] == [{"term": "right to left", "translation": "de droite à gauche",
                                    "note": "the writing direction"}]
    assert message["do_not_translate"] == ["ZeroOpposite"]
    system = body["messages"][0]["content"]
    assert "from English into French" in system
    assert "Placeholders such as [X0X] and [X1X] stand for markup, links, code" in system
    assert "- Put a no-break space (U+00A0) before ; : ! ?." in system
    assert "- Quotation marks: «…» with a no-break space inside" in system
    assert "- Address the reader formally and politely" in system
    assert system.endswith("- Write inclusive French: lecteurs et lectrices.")


def test_portuguese_and_chinese_style_guides_name_their_variety(tmp_path: Path) -> None:
    from pipeline.project.languages import get_language

    en = get_language("en")
    pt = prompt.system_prompt(en, get_language("pt"), "informal")
    assert "- Use European Portuguese (Portugal) spelling" in pt
    assert "- Address the reader informally" in pt
    cn = prompt.system_prompt(en, get_language("cn"), "formal")
    assert "Simplified Chinese characters" in cn and "full-width punctuation" in cn
    es = prompt.system_prompt(en, get_language("es"), "formal")
    assert "inverted marks: ¿ … ? and ¡ … !" in es


def test_requests_follow_the_token_budget_article_by_article(
    extracted: Path, server: FakeOpenAI
) -> None:
    budget = 120
    setting(extracted, f"llm_budget = {budget}")
    stats, _ = run(extracted, server)
    assert stats.ok, stats.failures
    sent: dict[tuple[str, str], list[list[str]]] = {}
    for message, body in zip(server.user_messages(), server.bodies, strict=True):
        tag = prompt_tag(body)
        title = message["article"]["title"]["text"]
        sent.setdefault((title, tag), []).append([s["text"] for s in message["segments"]])
    titles = {HOW: "How Our Articles Reach Readers in Eleven Languages",
              POWER: entries(extracted, "fr", POWER)[0].msgid}
    for lang in LANGS:
        for slug, texts in pieces_per_article(extracted, lang).items():
            batches = sent[(titles[slug], TAGS[lang])]
            tokens = [estimate_tokens(t) for t in texts]
            assert len(batches) == math.ceil(sum(tokens) / budget) > 1
            assert [t for batch in batches for t in batch] == texts  # document order, once
            for batch in batches:
                assert sum(map(estimate_tokens, batch)) <= budget + max(tokens)


def prompt_tag(body: dict[str, Any]) -> str:
    system = body["messages"][0]["content"]
    return system.split("language tag ", 1)[1].split(")", 1)[0]


@pytest.mark.parametrize("mode", ["prose", "list"])
def test_answers_wrapped_in_prose_and_code_fences_are_read(
    extracted: Path, server: FakeOpenAI, mode: str
) -> None:
    server.mode = mode
    stats, _ = run(extracted, server)
    assert stats.ok and stats.translated == 3 * SENT_PER_LANGUAGE
    assert server.answered[0][3].startswith("Sure!" if mode == "prose" else "[")


def test_a_server_without_json_schema_is_asked_again_without_it(
    extracted: Path, server: FakeOpenAI
) -> None:
    server.reject_schema = True
    stats, _ = run(extracted, server, workers=1)
    assert stats.ok and stats.translated == 3 * SENT_PER_LANGUAGE
    with_schema = [b for b in server.bodies if "response_format" in b]
    assert len(with_schema) == 1 and server.requests == stats.requests + 1


HEADING = "What happens to an article"
JOIN = "If one of the ten languages is your first language"


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("missing", "the model did not return this segment"),
        ("duplicate", "the model returned this segment more than once"),
        ("mangle", "markup did not survive translation: lost "),
        ("english", "the model returned the English unchanged"),
        ("empty", "the model returned an empty translation"),
        ("wrong", "the translation reads as Spanish (es, p="),
    ],
)
def test_a_bad_segment_is_retried_alone_once_then_reported_and_the_rest_kept(
    extracted: Path, server: FakeOpenAI, mode: str, reason: str
) -> None:
    needle = "If you would like to help" if mode in ("mangle", "wrong") else JOIN
    once = "Every article on" if mode == "mangle" else "Suggest a better word"
    server.rules = [(needle, mode, None), (once, mode, 1)]
    stats, messages = run(extracted, server, languages=("fr",))
    assert stats.failed == 1 and not stats.ok and messages == []
    (failure,) = stats.failures
    assert failure.msgid.startswith(needle) and reason in failure.reason
    assert failure.files == (f"po/{HOW}/fr.po",)
    assert not entry(extracted, needle).msgstr
    # the segment bad only once came right when retried alone; every other one at once
    assert entry(extracted, once).msgstr
    assert stats.translated == SENT_PER_LANGUAGE - 1
    alone = [m for m in server.user_messages() if len(m["segments"]) == 1]
    assert sorted(m["segments"][0]["text"][:16] for m in alone) == sorted(
        [protect(needle, TERMS).text[:16], once[:16]]
    )


def test_unknown_ids_are_ignored(extracted: Path, server: FakeOpenAI) -> None:
    server.rules = [(JOIN, "unknown", None)]
    stats, _ = run(extracted, server)
    assert stats.ok and stats.translated == 3 * SENT_PER_LANGUAGE
    assert stats.requests == server.requests == len(server.answered)


def test_an_answer_with_no_json_sends_each_segment_alone(
    extracted: Path, server: FakeOpenAI
) -> None:
    server.rules = [(HEADING, "garbage", 1)]
    stats, _ = run(extracted, server, [HOW], languages=("fr",))
    assert stats.ok and stats.translated == HOW_TEXTS
    assert server.requests == 1 + HOW_TEXTS  # the batch, then each of its segments alone


def test_429_waits_as_long_as_retry_after_says(extracted: Path, server: FakeOpenAI) -> None:
    server.fail_first, server.retry_after = 1, "1.5"
    started = time.monotonic()
    stats, _ = run(extracted, server, [HOW], languages=("fr",), workers=1)
    assert stats.ok and server.requests == stats.requests == 2
    assert time.monotonic() - started >= 1.5  # the backoff alone would be 0.05 s at most


def test_429_asking_for_too_long_is_not_retried(extracted: Path, server: FakeOpenAI) -> None:
    server.fail_first, server.retry_after = 100, "3600"
    stats, _ = run(extracted, server, [HOW], languages=("fr",), workers=1)
    assert server.requests == 1 and stats.failed == HOW_TEXTS
    assert {f.reason for f in stats.failures} == {
        "HTTP 429: too many requests; the server asks to wait 3600 s"
    }


def test_a_server_that_never_answers_costs_one_deadline(
    extracted: Path, server: FakeOpenAI
) -> None:
    server.mode = "stall"
    import openai  # noqa: F401  (imported before the clock starts: it takes seconds)

    started = time.monotonic()
    stats, messages = run(extracted, server, timeout=1.0, workers=3, breaker_threshold=3)
    elapsed = time.monotonic() - started
    # one deadline (1 s), not one per request (3 s) or per segment; the margin is for a
    # loaded machine (CI measured 0.58 s of overhead with a 0.5 s deadline)
    assert elapsed < 2.5
    # languages are sent one after another: the first one's two requests, in flight
    # together, time out; the other languages' requests are never sent
    assert stats.failed == 3 * SENT_PER_LANGUAGE and server.requests == 2
    assert messages == [
        f"engine llm fake-model at {server.url} stopped for the rest of this run: "
        "no answer within 1 s; no more requests are sent to a server that does not answer"
    ]


def test_a_second_run_sends_nothing_and_the_cache_refills_emptied_entries(
    extracted: Path, server: FakeOpenAI
) -> None:
    first, _ = run(extracted, server)
    assert first.ok
    server.reset()
    again, _ = run(extracted, server)
    assert server.requests == 0 and again.missing == 0
    for slug in ARTICLES:
        edit(extracted, slug, "ja", lambda e, key: setattr(e, "msgstr", ""))
    refill, _ = run(extracted, server)
    assert server.requests == 0 and refill.cached == SENT_PER_LANGUAGE and refill.ok
    assert entry(extracted, "Languages and scripts", "ja").tcomment == "mt: llm fake-model"


def test_the_cache_key_follows_model_prompt_and_the_glossary_entries_used(
    extracted: Path, server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = extracted / "po" / "glossary.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    run(extracted, server, languages=("fr",))

    def again(**overrides: Any) -> list[str]:
        for slug in ARTICLES:
            edit(extracted, slug, "fr", lambda e, key: setattr(e, "msgstr", ""))
        server.reset()
        stats, _ = run(extracted, server, languages=("fr",), **overrides)
        assert stats.ok
        return [s["text"] for m in server.user_messages() for s in m["segments"]]

    assert again() == []
    glossary.write_text(GLOSSARY.replace("traducteur |", "translateur |"), encoding="utf-8")
    resent = again()
    assert resent and all("translator" in t.lower() for t in resent)  # only those using it
    glossary.write_text(GLOSSARY.replace("de droite à gauche", "de la droite vers la gauche"),
                        encoding="utf-8")
    assert sorted(t[:30] for t in again()) == [
        protect(translations()["en"]["arabic"], TERMS).text[:30], "Right to left"
    ]
    assert len(again(llm_model="other-model")) == SENT_PER_LANGUAGE
    monkeypatch.setattr(prompt, "PROMPT_VERSION", "test")
    assert len(again()) == SENT_PER_LANGUAGE


def test_a_translators_msgstr_is_never_overwritten(extracted: Path, server: FakeOpenAI) -> None:
    path = extracted / "po" / HOW / "fr.po"
    po = catalog.load_po(path)
    po.find("Languages and scripts").msgstr = "Langues et écritures"
    draft = po.find("How you can help")
    draft.msgstr, draft.flags = "Comment aider", ["fuzzy"]
    catalog.save_po(po, path)
    stats, _ = run(extracted, server, [HOW], languages=("fr",))
    assert stats.ok and stats.translated == HOW_TEXTS - 2
    assert entry(extracted, "Languages and scripts").msgstr == "Langues et écritures"
    assert entry(extracted, "How you can help").msgstr == "Comment aider"
    segments = [s["text"] for m in server.user_messages() for s in m["segments"]]
    assert "Languages and scripts" not in segments and "How you can help" not in segments


def test_dry_run_prints_requests_tokens_and_cost(
    extracted: Path, server: FakeOpenAI, runner: CliRunner
) -> None:
    base = ["--project", str(extracted), "translate", *ARTICLES, "--engine", "llm",
            "--llm-url", server.url, "--llm-model", "fake-model", "--dry-run"]
    plain = runner.invoke(cli, base)
    assert plain.exit_code == 0, plain.output
    assert "would send to llm fake-model:" in plain.stdout
    assert "set llm_price_input and llm_price_output (per million tokens)" in plain.stdout
    setting(extracted, "llm_price_input = 0.15\nllm_price_output = 0.6")
    priced = runner.invoke(cli, base)
    lines = priced.stdout.splitlines()
    assert lines[1].split() == ["language", "entries", "texts", "requests", "tokens", "in",
                                "tokens", "out", "cost"]
    rows = {line.split()[0]: line.split() for line in lines[2:6]}
    assert set(rows) == {"fr", "ar", "ja", "total"}
    entries_, texts, requests, tokens_in, tokens_out, cost = rows["fr"][1:]
    budgeted = sum(math.ceil(sum(map(estimate_tokens, texts_)) / 1500)
                   for texts_ in pieces_per_article(extracted, "fr").values())
    assert (int(entries_), int(texts), int(requests)) == (48, 48, budgeted)
    assert float(cost) == pytest.approx(
        (int(tokens_in) * 0.15 + int(tokens_out) * 0.6) / 1e6, abs=1e-4)
    assert server.requests == 0
    assert not (extracted / ".localize-cache" / "translations.sqlite3").exists()


def test_usage_errors(extracted: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
                      ) -> None:
    base = ["--project", str(extracted), "translate", "--engine", "llm"]
    no_model = runner.invoke(cli, base)
    assert no_model.exit_code == 2
    assert no_model.stderr == (
        "Error: engine 'llm' needs a model: --llm-model NAME, or llm_model in [tool.localize]\n"
    )
    for name in ("LLM_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    hosted = runner.invoke(cli, [*base, "--llm-model", "gpt-4o-mini", "--llm-url",
                                 "https://api.openai.com/v1"])
    assert hosted.exit_code == 2
    assert hosted.stderr == (
        "Error: engine 'llm' at https://api.openai.com/v1 needs an API key in the environment "
        "variable LLM_API_KEY (or OPENAI_API_KEY)\n"
    )
    monkeypatch.setitem(__import__("sys").modules, "openai", None)
    missing = runner.invoke(cli, [*base, "--llm-model", "m"])
    assert missing.exit_code == 2
    assert "needs the openai package: pip install 'article-localize[llm]'" in missing.stderr


def test_the_cache_holds_the_texts_sent_per_model(extracted: Path, server: FakeOpenAI) -> None:
    run(extracted, server, [HOW], languages=("fr",))
    with sqlite3.connect(extracted / ".localize-cache" / "translations.sqlite3") as db:
        rows = list(db.execute("SELECT engine, target, text FROM translations"))
    assert len(rows) == HOW_TEXTS
    assert all(engine.startswith(f"llm fake-model p{prompt.PROMPT_VERSION} ")
               for engine, _, _ in rows)
    assert {target for _, target, _ in rows} == {"fr"}


# --- the parts, one by one ----------------------------------------------------------

@given(st.lists(st.integers(1, 400), min_size=1, max_size=60), st.integers(50, 1500))
def test_split_by_budget_needs_ceil_total_over_budget_runs_at_most(
    tokens: list[int], budget: int
) -> None:
    runs = split_by_budget(tokens, budget)
    assert len(runs) <= math.ceil(sum(tokens) / budget)
    assert [i for run in runs for i in run] == list(range(len(tokens)))  # in order, each once
    for run in runs:
        assert sum(tokens[i] for i in run) <= budget + max(tokens)


@pytest.mark.parametrize(
    "content",
    [
        '{"translations": [{"id": "1", "text": "Bonjour"}]}',
        'Here you go:\n```json\n{"translations": [{"id": "1", "text": "Bonjour"}]}\n```\nEnjoy!',
        'Sure. {"translations": [{"id": 1, "text": "Bonjour"}]} Anything else?',
        '[{"id": "1", "text": "Bonjour"}]',
        '{"segments": [{"id": "1", "text": "Bonjour"}]}',
    ],
)
def test_the_json_is_found_wherever_the_model_put_it(content: str) -> None:
    assert translations_in(content) == [("1", "Bonjour")]


def test_an_answer_without_translations_is_a_bad_response() -> None:
    for content in ("I cannot do that.", '{"answer": 42}', "[X0X] is a placeholder"):
        with pytest.raises(BadResponse, match="the answer holds no JSON list of translations"):
            translations_in(content)
    assert translations_in('{"translations": []}') == []


def test_retry_after_in_seconds_milliseconds_or_a_date() -> None:
    assert retry_after({"retry-after": "2"}) == 2.0
    assert retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    soon = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= (retry_after({"retry-after": soon}) or 0) <= 31
    assert retry_after({}) is None and retry_after({"retry-after": "soon"}) is None
