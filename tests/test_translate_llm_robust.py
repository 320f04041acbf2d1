"""The `llm` engine as a process: SIGKILL keeps every answer that arrived; the key leaks nowhere."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, make_project
from openai_server import FakeOpenAI
from translate_support import cached_keys, po_translations, sent_texts

from pipeline.extract.stage import extract
from pipeline.po import catalog
from pipeline.project.settings import load_settings
from pipeline.project.site import site_messages
from pipeline.translate.stage import TranslateOptions, translate

ARTICLES = ["how-we-translate", "power-dynamics-in-psychotherapy"]
SENT = 48
"""Texts of the two articles the engine is sent per language."""
MARGIN = 0.3
"""An answer sent this long before the kill must have been processed by then."""
KEY = "sk-llm-TEST-0a1b2c3d4e5f-SECRET"


def command(project: Path, url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "--project", str(project), "translate", *extra,
            "--engine", "llm", "--llm-url", url, "--llm-model", "fake-model"]


@pytest.mark.slow
def test_sigkill_keeps_every_answer_that_arrived_and_the_next_run_sends_only_the_rest(
    project: Path,
) -> None:
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text() + "llm_budget = 80\n", encoding="utf-8")
    settings = load_settings(project)
    extract(settings)
    sent = sent_texts(project)
    with FakeOpenAI(latency=0.1) as server:
        process = subprocess.Popen(command(project, server.url, *ARTICLES, "--workers", "1"),
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while len(server.answered) < 6 and process.poll() is None:
            assert time.monotonic() < deadline, "the translate process made no progress"
            time.sleep(0.005)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        process.send_signal(signal.SIGKILL)
        killed = time.time()
        process.wait(10)
        keys, done = cached_keys(project), po_translations(project, "llm")
        checked = 0
        for when, lang, message, content in list(server.answered):
            if when > killed - MARGIN:
                continue
            answers = {item["id"]: item["text"]
                       for item in json.loads(content)["translations"]}
            for segment in message["segments"]:
                checked += 1
                text = segment["text"]
                in_cache = (lang, text) in keys  # fr, ar, ja: tag and code are the same
                in_po = (lang, sent[text].restore(answers[segment["id"]])) in done
                assert in_cache or in_po, f"lost the {lang} answer for {text[:40]!r}"
        assert checked >= 6
        server.reset()
        server.latency = 0.0
        stats = translate(settings, ARTICLES, TranslateOptions(
            engine="llm", llm_url=server.url, llm_model="fake-model", progress=False))
    assert stats.ok and stats.failed == 0
    again = sum(len(m["segments"]) for m in server.user_messages())
    assert again == stats.translated <= 3 * SENT - checked  # what arrived is not asked again
    for path in (project / "po").glob("*/*.po"):
        if path.parent.name != "site":
            assert [e.msgid for e in catalog.load_po(path) if not e.obsolete and not e.msgstr] == []


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_cli(project: Path, url: str, environment: dict[str, str], *extra: str,
            timeout: str = "5") -> str:
    done = subprocess.run(command(project, url, "--lang", "fr", "--timeout", timeout, *extra),
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    return f"=== exit {done.returncode}\n{done.stdout}{done.stderr}"


@pytest.mark.slow
def test_the_key_appears_in_no_file_and_no_output_whatever_happens(tmp_path: Path) -> None:
    make_project(tmp_path, ("fr",))
    (tmp_path / "source" / "a.md").write_text(
        "# Keys stay secret\n\nThe first paragraph of this article is about trust.\n\n"
        "The second paragraph, [with a link](https://example.com/?key=public).\n",
        encoding="utf-8")
    environment = {"PATH": "/usr/bin:/bin", "LLM_API_KEY": KEY, "LOCALIZE_ENGINE": "none",
                   "OPENAI_LOG": "debug", "HOME": str(tmp_path)}
    assert subprocess.run([sys.executable, "-m", "pipeline", "--project", str(tmp_path),
                           "extract"], cwd=ROOT, env=environment).returncode == 0
    servers: dict[str, Any] = {mode: FakeOpenAI(mode=mode).start()
                               for mode in ("ok", "garbage", "stall")}
    refusing, failing, limited = FakeOpenAI(mode="status"), FakeOpenAI(mode="status"), \
        FakeOpenAI()
    refusing.status, failing.status = 401, 500
    limited.fail_first, limited.retry_after = 1, "0.2"
    for fake in (refusing, failing, limited):
        fake.start()
    try:
        printed = "".join([
            run_cli(tmp_path, refusing.url, environment),
            run_cli(tmp_path, failing.url, environment),
            run_cli(tmp_path, servers["garbage"].url, environment),
            run_cli(tmp_path, servers["stall"].url, environment, timeout="0.5"),
            run_cli(tmp_path, f"http://127.0.0.1:{closed_port()}/v1", environment),
            run_cli(tmp_path, servers["ok"].url, environment, "--dry-run"),
            run_cli(tmp_path, limited.url, environment),
        ])
        authorizations = {value for fake in (refusing, limited) for h in fake.headers
                          for name, value in h.items() if name.lower() == "authorization"}
    finally:
        for fake in (*servers.values(), refusing, failing, limited):
            fake.stop()
    assert authorizations == {f"Bearer {KEY}"}  # the key was sent, to the server only
    assert "Traceback" not in printed, printed
    assert "HTTP 401: the server refused the request (check LLM_API_KEY or OPENAI_API_KEY)" \
        in printed
    assert "HTTP 500: server error" in printed
    assert "the answer holds no JSON list of translations" in printed
    assert "no answer within 0.5 s" in printed
    assert "cannot connect to the server" in printed
    assert printed.count("=== exit 1") == 5 and printed.count("=== exit 0") == 2, printed
    missing = 3 + len(site_messages(load_settings(tmp_path)))  # the article's and the site's
    assert f"translate: {missing} missing entries in 2 file(s): {missing} by llm" in printed, \
        printed
    for needle in (KEY, KEY[3:20], "0a1b2c3d4e5f"):
        assert needle not in printed, f"the key leaked into the output: {printed}"
        for path in sorted(tmp_path.rglob("*")):
            if path.is_file():
                assert needle.encode() not in path.read_bytes(), f"the key leaked into {path}"
    assert (tmp_path / ".localize-cache" / "translations.sqlite3").is_file()
