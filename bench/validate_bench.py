"""Benchmark validate over 200 articles x 10 languages: cold, warm, and after one edit.

    python bench/validate_bench.py [--articles 200] [--out bench/out/validate]

The corpus is built from the reviewed test translations
(``tests/data/validate/translations.yaml``): each article holds every
English entry there with a per-article note appended ("See note 17."), and
every PO file holds the matching translation, so every entry is unique and
every check, langdetect included, has real text to judge. Timings are wall
clock of ``pipeline.validate.validate`` (one process, worker processes for
the cold run), best of ``--repeat`` runs for the warm cases.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract.stage import extract  # noqa: E402
from pipeline.po import catalog  # noqa: E402
from pipeline.project.languages import get_language  # noqa: E402
from pipeline.project.layout import po_path  # noqa: E402
from pipeline.project.settings import load_settings  # noqa: E402
from pipeline.validate.stage import validate  # noqa: E402

NOTE = {
    "en": "See note {n}.",
    "de": "Siehe Anmerkung {n}.",
    "fr": "Voir la note {n}.",
    "it": "Vedi la nota {n}.",
    "pl": "Zobacz przypis {n}.",
    "pt": "Ver a nota {n}.",
    "ru": "См. примечание {n}.",
    "ar": "انظر الملاحظة {n}.",
    "ja": "注{n}を参照。",
    "cn": "见注{n}。",
    "es": "Véase la nota {n}.",
}
HEADINGS = ("h_what", "h_who", "h_help")


def _with_note(text: str, lang: str, n: int) -> str:
    joiner = "" if lang in ("ja", "cn") else " "
    return f"{text}{joiner}{NOTE[lang].format(n=n)}"


def build(out: Path, articles: int, data: dict[str, dict[str, str]]) -> None:
    shutil.rmtree(out, ignore_errors=True)
    (out / "source").mkdir(parents=True)
    languages = [code for code in data if code != "en"]
    (out / "pyproject.toml").write_text(
        "[tool.localize]\nlanguages = [" + ", ".join(f'"{c}"' for c in languages) + "]\n"
        'site_name = "ZeroOpposite"\n',
        encoding="utf-8",
    )
    english = data["en"]
    for n in range(1, articles + 1):
        lines = [
            "---",
            f"title: {_with_note(english['title'], 'en', n)!r}",
            f"slug: article-{n:03}",
            "---",
            "",
        ]
        for key, text in english.items():
            if key == "title":
                continue
            prefix = "## " if key in HEADINGS else ""
            lines += [prefix + _with_note(text, "en", n), ""]
        (out / "source" / f"article-{n:03}.md").write_text("\n".join(lines), encoding="utf-8")


def translate(out: Path, articles: int, data: dict[str, dict[str, str]]) -> str:
    settings = load_settings(out)
    by_english = {text: key for key, text in data["en"].items()}
    for n in range(1, articles + 1):
        lookup = {_with_note(text, "en", n): key for text, key in by_english.items()}
        for lang in settings.targets:
            path = po_path(settings, f"article-{n:03}", lang)
            po = catalog.load_po(path)
            for entry in po:
                key = lookup.get(entry.msgid)
                if key:
                    entry.msgstr = _with_note(data[lang.code][key], lang.code, n)
            catalog.save_po(po, path)
    return "done"


def timed(label: str, func: object, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    print(f"{label:<42} {best:8.2f} s   ({result})", flush=True)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "validate")
    args = parser.parse_args()
    data = yaml.safe_load(
        (ROOT / "tests/data/validate/translations.yaml").read_text(encoding="utf-8")
    )
    out: Path = args.out.resolve()

    build(out, args.articles, data)
    settings = load_settings(out)
    timed("extract (setup, not validate)", lambda: f"{extract(settings).entries} entries")
    timed("fill translations (setup)", lambda: translate(out, args.articles, data))

    def run(cache: bool = True) -> str:
        report = validate(settings, use_cache=cache)
        return f"{report.entries} entries, {len(report.problems)} problems, {report.cached} cached"

    shutil.rmtree(settings.cache_path, ignore_errors=True)
    cold = timed("validate, cold (empty cache)", run)
    warm = timed("validate, warm (nothing changed)", run, args.repeat)
    path = po_path(settings, "article-001", get_language("de"))
    po = catalog.load_po(path)
    po[3].msgstr += " Geändert."
    catalog.save_po(po, path)
    timed("validate, warm after one entry changed", run, 1)
    print(f"warm / cold = {warm / cold:.1%}")


if __name__ == "__main__":
    main()
