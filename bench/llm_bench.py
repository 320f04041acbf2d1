"""Benchmark: the `llm` engine (article by article) against a segment-at-a-time engine.

Builds a throwaway project of ``--articles`` synthetic articles (title,
description, headings, paragraphs and list items made of the sentences of
``source/*.md``, each article's text its own), extracts it, and translates
every missing entry into ten languages twice, in one run, on copies of the
same project with empty caches:

- through ``--engine llm`` against ``tests/openai_server.py`` (an
  OpenAI-compatible chat-completions server, through the real ``openai`` SDK);
- through ``--engine libre`` against ``tests/libre_server.py`` (a
  LibreTranslate-compatible server, through deep-translator), which sends
  one segment per request, as the other engines do.

Both servers run in their own processes with the same ``--latency`` added
to every request, and both runs use ``--workers`` concurrent requests.
Printed: requests sent, wall time, entries filled; then the check that the
`llm` path sent at most ⌈article tokens / budget⌉ requests per article and
language (article tokens: the estimated tokens of the texts it had to send,
``pipeline.mt.llm.tokens``). Exit status 1 if any check fails.

A constant latency per request favours batching: a real model takes longer
to answer a longer request. What this measures is how many requests each
path needs and what that costs when each request has a fixed price in time.

Usage: python bench/llm_bench.py [--articles 200] [--latency 0.05] [--workers 8]
                                 [--budget 1500]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from translate_bench import Server, sentences

from pipeline.extract.stage import extract
from pipeline.mt.llm.tokens import estimate_tokens
from pipeline.mt.placeholders import do_not_translate, protect
from pipeline.po import catalog
from pipeline.project.layout import po_path
from pipeline.project.settings import load_settings
from pipeline.translate.stage import TranslateOptions, TranslateStats, translate

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("it", "fr", "de", "pl", "pt", "ru", "ar", "ja", "cn", "es")


def article(number: int, pool: list[str], rng: random.Random) -> tuple[str, str]:
    """(title, Markdown) of one synthetic article; every text in it is its own."""
    def pick(count: int) -> str:
        return " ".join(rng.choice(pool) for _ in range(count))

    title = f"Article {number}: {pick(1).rstrip('.')}"
    lines = ["---", f"title: {json.dumps(title)}", f"description: {json.dumps(pick(1))}", "---",
             "", f"{pick(2)} (Article {number}.)", ""]
    for section in range(1, 4):
        lines += [f"## Part {section} of article {number}", ""]
        lines += [f"{pick(rng.randint(3, 7))} ({number}.{section}.{p})" + "\n"
                  for p in range(rng.randint(2, 3))]
        lines += [f"- {pick(1)} ({number}.{section}.{i})" for i in range(2)] + [""]
    return title, "\n".join(lines)


def build(folder: Path, articles: int, budget: int) -> dict[str, str]:
    """The project, extracted; its article titles by slug."""
    rng = random.Random(17)
    pool = sentences()
    (folder / "source").mkdir(parents=True)
    listed = ", ".join(f'"{code}"' for code in LANGUAGES)
    (folder / "pyproject.toml").write_text(
        f'[tool.localize]\nlanguages = [{listed}]\nllm_model = "bench-model"\n'
        f"llm_budget = {budget}\n", encoding="utf-8")
    titles = {}
    for number in range(articles):
        slug = f"article-{number:03d}"
        titles[slug], text = article(number, pool, rng)
        (folder / "source" / f"{slug}.md").write_text(text, encoding="utf-8")
    extract(load_settings(folder))
    return titles


def article_tokens(folder: Path, titles: dict[str, str]) -> dict[tuple[str, str], int]:
    """Estimated tokens each article had to send, per language (texts with words)."""
    settings = load_settings(folder)
    terms = do_not_translate(settings.do_not_translate, settings.site_name)
    found: dict[tuple[str, str], int] = {}
    for slug in titles:
        for lang in settings.targets:
            total = 0
            for entry in catalog.load_po(po_path(settings, slug, lang)):
                protected = protect(entry.msgid, terms)
                if entry.msgid and not entry.msgstr and protected.has_words:
                    total += estimate_tokens(protected.text)
            found[(slug, lang.bcp47)] = total
    return found


def run(folder: Path, engine: str, url: str, workers: int) -> tuple[float, TranslateStats]:
    settings = load_settings(folder)
    slugs = sorted(p.stem for p in (folder / "source").glob("*.md"))
    options = TranslateOptions(engine=engine, libre_url=url, llm_url=url, workers=workers,
                               progress=False)
    started = time.perf_counter()
    stats = translate(settings, slugs, options)
    return time.perf_counter() - started, stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--budget", type=int, default=1500)
    args = parser.parse_args()
    llm = Server(args.latency, "openai_server.py")
    libre = Server(args.latency)
    failed = False
    try:
        with tempfile.TemporaryDirectory(prefix="llm-bench-") as tmp:
            base = Path(tmp) / "base"
            titles = build(base, args.articles, args.budget)
            tokens = article_tokens(base, titles)
            for name in ("llm", "libre"):
                shutil.copytree(base, Path(tmp) / name)
            print(f"{args.articles} articles x {len(LANGUAGES)} languages, "
                  f"{args.latency * 1000:.0f} ms per request, {args.workers} workers, "
                  f"budget {args.budget} tokens")
            results = {}
            for name, server in (("llm", llm), ("libre", libre)):
                wall, stats = run(Path(tmp) / name, name, server.url, args.workers)
                results[name] = (wall, stats)
                failed |= not stats.ok
                print(f"  {name:<6} {wall:8.2f} s  {stats.requests:6d} requests  "
                      f"{stats.translated} entries translated, {stats.copied} copied, "
                      f"{stats.failed} failed")
            llm_wall, llm_stats = results["llm"]
            libre_wall, libre_stats = results["libre"]
            print(f"  llm sent {libre_stats.requests / max(1, llm_stats.requests):.1f}x fewer "
                  f"requests and took {libre_wall / llm_wall:.1f}x less time")
            failed |= not check_budget(json.loads(llm.ask("log")), titles, tokens, args.budget)
    finally:
        llm.close()
        libre.close()
    return 1 if failed else 0


def check_budget(log: dict[str, int], titles: dict[str, str],
                 tokens: dict[tuple[str, str], int], budget: int) -> bool:
    """At most ⌈article tokens / budget⌉ requests per article and language; print the result."""
    by_title = {title: slug for slug, title in titles.items()}
    sent: dict[tuple[str, str], int] = {}
    for key, count in log.items():
        title, tag = key.split("\t")
        sent[(by_title[title], tag)] = count
    over = [(key, count, math.ceil(tokens[key] / budget)) for key, count in sent.items()
            if count > math.ceil(tokens[key] / budget)]
    largest = max(tokens.values())
    print(f"  budget check: {len(sent)} article-language pairs, "
          f"{sum(sent.values())} requests, at most {max(sent.values())} per pair "
          f"(largest article: {largest} tokens, ⌈{largest}/{budget}⌉ = "
          f"{math.ceil(largest / budget)}); "
          + ("every pair within ⌈tokens / budget⌉" if not over else f"{len(over)} OVER"))
    missing = len(tokens) - len(sent)
    if missing:
        print(f"  {missing} article-language pairs sent no request at all: FAILED")
    for (slug, tag), count, limit in over[:10]:
        print(f"    {slug} {tag}: {count} requests > {limit}")
    return not over and not missing


if __name__ == "__main__":
    sys.exit(main())
