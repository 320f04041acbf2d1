"""SIGKILL translate at 20 random moments: every PO file parses, nothing received is lost.

Each run is a fresh process translating one article against a slow local
LibreTranslate, saving its PO files every few results (so kills land in
saves too), killed at a seeded random moment: after 0 to 16 new answers (at
a random instant in its first 0.3 s for 0), plus up to 60 ms. After each
kill: every PO file parses; every translation that was in a PO file or the
cache before the run is still there; every answer the process reported as
stored (it prints each one after SQLite's commit) is in the cache. Then one
run completes and fills every entry, sending only what the cache lacks.

To keep this fast, the next processes are started (and have imported
everything) while the current one runs; each starts translating on "go".
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, make_project
from libre_server import FakeLibre

from pipeline.extract.stage import extract
from pipeline.mt.placeholders import Protected, do_not_translate, protect
from pipeline.po import catalog
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate

KILLS = 20
SEED = 20261125
LANGS = ("fr", "de", "ja")
PARAGRAPHS = 100
WARM = 2
"""Processes started ahead, importing while the current one runs."""

DRIVER = r"""
import json, sys
from pathlib import Path
from pipeline.mt import cache as mtcache
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate

put = mtcache.TranslationCache.put

def reported_put(self, engine, source, target, text, result):
    put(self, engine, source, target, text, result)
    print(json.dumps([target, text, result]), flush=True)  # after the commit

mtcache.TranslationCache.put = reported_put
settings = load_settings(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
translate(settings, ["kill"], TranslateOptions(
    engine="libre", libre_url=sys.argv[2], workers=2, save_every=7, save_seconds=0.2,
    progress=False, warn=lambda message: None))
"""


def article() -> str:
    paragraphs = [f"Paragraph number {n} says something **worth** reading." for n in range(PARAGRAPHS)]
    return "---\ntitle: Killed many times\n---\n\n" + "\n\n".join(paragraphs) + "\n"


def po_files(project: Path) -> list[Path]:
    return sorted((project / "po" / "kill").glob("*.po"))


def filled(project: Path) -> dict[tuple[str, str], str]:
    """(file, msgid) → msgstr of every translated entry; parsing every PO file on the way."""
    found = {}
    for path in po_files(project):
        for entry in catalog.load_po(path):
            if entry.msgstr and not entry.obsolete:
                found[(path.stem, entry.msgid)] = entry.msgstr
    return found


def cached(project: Path) -> dict[tuple[str, str], str]:
    path = project / ".localize-cache" / "translations.sqlite3"
    if not path.exists():
        return {}
    with sqlite3.connect(path) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'translations'").fetchone():
            return {}  # killed between creating the file and its tables: the next run adds them
        return {(t, q): r for t, q, r in db.execute("SELECT target, text, result FROM translations")}


def start(project: Path, url: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(project), url], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    return process


def wait_for_answers(
    process: subprocess.Popen[str], count: int, pause: float
) -> list[list[str]]:
    """Block until ``process`` has stored ``count`` answers (its report lines); them.

    Kill moments are counted in answers, not seconds, so a busy machine moves them
    in time but not in the work they interrupt.
    """
    assert process.stdout is not None
    if not count:
        time.sleep(pause)
    stored = []
    while len(stored) < count:
        line = process.stdout.readline()
        assert line, "the run finished before it was killed; add work"
        stored.append(json.loads(line))
    return stored


def ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None and process.stdin is not None
    line = process.stdout.readline()
    assert line.strip() == "ready", process.stderr.read() if process.stderr else line


def test_twenty_random_kills_lose_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, LANGS)
    (project / "source" / "kill.md").write_text(article(), encoding="utf-8")
    settings = load_settings(project)
    extract(settings)
    terms = do_not_translate(settings.do_not_translate, settings.site_name)
    sent: dict[str, tuple[str, Protected]] = {}
    """What the engine receives → (msgid, its placeholders)."""
    for entry in catalog.load_po(project / "po" / "kill" / "kill.pot"):
        protected = protect(entry.msgid, terms)
        sent[protected.text] = (entry.msgid, protected)
    stem = {lang.engine_code("libre"): lang.locale for lang in settings.targets}

    def in_po(found: dict[tuple[str, str], str], target: str, text: str, answer: str) -> bool:
        msgid, protected = sent[text]
        return found.get((stem[target], msgid)) == protected.restore(answer)

    rng = random.Random(SEED)
    with FakeLibre(latency=0.05) as server:
        upcoming = [start(project, server.url) for _ in range(WARM)]
        kinds = {"before any answer": 0, "after answers": 0}
        for _ in range(KILLS):
            process, before_po, before_cache = upcoming.pop(0), filled(project), cached(project)
            ready(process)
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write("go\n")
            process.stdin.flush()
            upcoming.append(start(project, server.url))
            stored = wait_for_answers(
                process, rng.choice([0, 0, 0, *range(1, 17)]), rng.uniform(0.0, 0.3))
            time.sleep(rng.uniform(0.0, 0.06))
            assert process.poll() is None, "the run finished before it was killed; add work"
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            stored += [json.loads(line) for line in process.stdout.read().splitlines()]
            after_po, after_cache = filled(project), cached(project)
            assert before_po.items() <= after_po.items(), "a translation left a PO file"
            assert before_cache.items() <= after_cache.items(), "an answer left the cache"
            for target, text, answer in stored:
                assert after_cache.get((target, text)) == answer, f"lost {text[:40]!r} ({target})"
            kinds["after answers" if stored else "before any answer"] += 1
        for spare in upcoming:
            spare.kill()
            spare.wait(10)
        assert kinds["after answers"] >= KILLS // 3, kinds
        known = cached(project)
        server.reset_counters()
        server.latency = 0.0
        stats = translate(settings, ["kill"], TranslateOptions(
            engine="libre", libre_url=server.url, progress=False, warn=lambda message: None))
    assert stats.ok, stats.problems()
    total = len(sent) * len(LANGS)
    assert stats.requests == server.requests == total - len(known)
    final = filled(project)
    assert len(final) == total
    for (target, text), answer in known.items():
        assert in_po(final, target, text, answer), f"lost the {target} answer for {text[:40]!r}"
    assert not [p for p in project.rglob("*.po") if p.name.startswith(".")]
