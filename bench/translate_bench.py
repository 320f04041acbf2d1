"""Benchmark: fill ~2,000 missing entries through a local LibreTranslate-compatible server.

Starts ``tests/libre_server.py`` in its own process on 127.0.0.1 with 50 ms
of added latency per request, builds a throwaway project whose articles
give ``--entries`` distinct missing entries over ten languages, then times,
in one run and on the same texts:

- a plain loop: deep-translator's ``LibreTranslator.translate_batch`` per
  language, one request after another (what a simple script does);
- the pipeline: ``localize translate --engine libre`` (cache empty);
- the pipeline again on the same project after deleting the PO files
  (everything must come from the cache: zero requests).

Usage: python bench/translate_bench.py [--entries 2000] [--latency 0.05] [--workers 16]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deep_translator import LibreTranslator

from pipeline.extract.stage import extract
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, translate

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("it", "fr", "de", "pl", "pt", "ru", "ar", "ja", "cn", "es")
LIBRE_CODES = {"cn": "zh"}


class Server:
    """A fake server of tests/ in a child process, so its work does not share our interpreter
    lock; commands go to it on stdin."""

    def __init__(self, latency: float, script: str = "libre_server.py") -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / script), "--latency", str(latency)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()

    def ask(self, command: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def requests(self) -> int:
        return int(self.ask("count"))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(10)


def sentences() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "source").glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 60 and not line.startswith(("#", "|", "-", "title:", "description:")):
                found.extend(part.strip() + "." for part in line.split(". ") if len(part) > 30)
    return found


def build_project(folder: Path, entries: int) -> list[str]:
    """Articles holding ``entries / 10`` distinct paragraphs; returns those paragraphs."""
    per_language = max(1, entries // len(LANGUAGES))
    pool = sentences()
    paragraphs = [f"{pool[n % len(pool)]} (Note {n + 1}.)" for n in range(per_language)]
    (folder / "source").mkdir(parents=True)
    listed = ", ".join(f'"{code}"' for code in LANGUAGES)
    (folder / "pyproject.toml").write_text(
        f"[tool.localize]\nlanguages = [{listed}]\n", encoding="utf-8"
    )
    articles = 4
    for number in range(articles):
        body = "\n\n".join(paragraphs[number::articles])
        (folder / "source" / f"article-{number}.md").write_text(body + "\n", encoding="utf-8")
    return paragraphs


def plain_loop(url: str, paragraphs: list[str]) -> float:
    started = time.perf_counter()
    for code in LANGUAGES:
        translator = LibreTranslator(
            source="en", target=LIBRE_CODES.get(code, code), api_key="unused", custom_url=url
        )
        translator.api_key = ""
        results = translator.translate_batch(paragraphs)
        assert len(results) == len(paragraphs)
    return time.perf_counter() - started


def pipeline_run(project: Path, url: str, workers: int) -> tuple[float, int, int]:
    settings = load_settings(project)
    started = time.perf_counter()
    articles = sorted(p.stem for p in (project / "source").glob("*.md"))
    stats = translate(
        settings,
        articles,  # the same texts as the plain loop: not the site's own strings
        TranslateOptions(engine="libre", libre_url=url, workers=workers, progress=False),
    )
    elapsed = time.perf_counter() - started
    if not stats.ok:
        raise SystemExit(f"pipeline run failed: {stats.failed} failed, {stats.errors}")
    return elapsed, stats.missing, stats.requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    server = Server(args.latency)
    try:
        with tempfile.TemporaryDirectory(prefix="translate-bench-") as tmp:
            project = Path(tmp)
            paragraphs = build_project(project, args.entries)
            extract(load_settings(project))
            total = len(paragraphs) * len(LANGUAGES)
            print(
                f"{total} missing entries ({len(paragraphs)} texts x {len(LANGUAGES)} languages), "
                f"{args.latency * 1000:.0f} ms per request, server {server.url}"
            )

            plain = plain_loop(server.url, paragraphs)
            plain_requests = server.requests()
            server.ask("reset")
            print(f"plain translate_batch loop : {plain:8.2f} s  {plain_requests} requests")

            first, missing, sent = pipeline_run(project, server.url, args.workers)
            print(
                f"pipeline ({args.workers} workers)     : {first:8.2f} s  {sent} requests, "
                f"{missing} entries filled"
            )
            print(f"speed-up                   : {plain / first:8.1f}x  (target >= 10x)")

            server.ask("reset")
            for path in (project / "po").glob("*/*.po"):
                path.unlink()
            extract(load_settings(project))
            second, missing, sent = pipeline_run(project, server.url, args.workers)
            print(
                f"second run (cache only)    : {second:8.2f} s  {server.requests()} requests "
                f"to the server, {missing} entries filled"
            )
    finally:
        server.close()


if __name__ == "__main__":
    main()
