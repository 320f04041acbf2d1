"""SIGKILL in the middle of a translate run loses nothing that had arrived."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from libre_server import FakeLibre
from translate_support import cached_keys, po_translations, sent_texts

from pipeline.extract.stage import extract
from pipeline.po import catalog
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ["how-we-translate", "power-dynamics-in-psychotherapy"]
MARGIN = 0.3
"""An answer sent this long before the kill must have been processed by then."""


def start_translate(project: Path, server: FakeLibre, **popen: Any) -> subprocess.Popen[Any]:
    """``localize translate`` of the test articles against ``server``, in a child process."""
    command = [
        sys.executable, "-m", "pipeline", "--project", str(project), "translate", *ARTICLES,
        "--engine", "libre", "--libre-url", server.url, "--workers", "2",
    ]
    return subprocess.Popen(command, cwd=ROOT, **popen)


def kill_after(project: Path, server: FakeLibre, answers: int) -> float:
    process = start_translate(project, server, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    start = len(server.answered)
    while len(server.answered) - start < answers and process.poll() is None:
        assert time.monotonic() < deadline, "the translate process made no progress"
        time.sleep(0.005)
    assert process.poll() is None, process.stderr.read() if process.stderr else ""
    process.send_signal(signal.SIGKILL)
    killed = time.time()
    process.wait(10)
    return killed


def test_sigkill_keeps_every_translation_received_and_the_next_run_completes(project: Path) -> None:
    settings = load_settings(project)
    extract(settings)
    sent = sent_texts(project)
    with FakeLibre(latency=0.05) as server:
        for answers in (25, 25, 20):
            killed = kill_after(project, server, answers)
            keys = cached_keys(project)
            filled = po_translations(project, "libre")
            checked = 0
            for when, text, target, answer in list(server.answered):
                if when > killed - MARGIN:
                    continue
                checked += 1
                in_cache = (target, text) in keys
                in_po = (target, sent[text].restore(answer)) in filled
                assert in_cache or in_po, f"lost the {target} answer for {text[:40]!r}"
            assert checked > 0
        kept = cached_keys(project)
        server.reset_counters()
        server.latency = 0.0
        stats = translate(
            settings,
            ARTICLES,
            TranslateOptions(engine="libre", libre_url=server.url, progress=False),
        )
    assert stats.ok and stats.failed == 0
    assert stats.translated + stats.cached + stats.copied == stats.missing
    assert stats.requests == server.requests == 3 * 48 - len(kept)
    for path in (project / "po").glob("*/*.po"):
        if path.parent.name == "site":
            continue
        assert [e.msgid for e in catalog.load_po(path) if not e.obsolete and not e.msgstr] == []


def test_ctrl_c_saves_every_translation_received_and_exits_130(project: Path) -> None:
    extract(load_settings(project))
    with FakeLibre(latency=0.05) as server:
        process = start_translate(
            project, server, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 30
        while len(server.answered) < 20:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.005)
        # Slower answers from now on, so that on a loaded machine the run cannot finish in the
        # moment between seeing the 20th answer and the signal (it did once in CI: exit 0).
        server.latency = 0.5
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 130, err
    assert "Error: interrupted; every translation received so far was saved" in err
    # languages are filled one after the other: the summary counts those reached
    counted = re.search(r"translate: (\d+) missing entries in (\d+) file\(s\) "
                        r"\(of the languages reached before the interruption\): ", out)
    assert counted is not None, out
    assert 48 <= int(counted[1]) <= 144 and int(counted[1]) == 24 * int(counted[2])
    keys = cached_keys(project)
    filled = po_translations(project, "libre")
    assert len(filled) >= 20 - 2 and len(keys) >= 20 - 2
    sent = sent_texts(project)
    for _, text, target, answer in server.answered:
        if (target, text) in keys:
            assert (target, sent[text].restore(answer)) in filled
