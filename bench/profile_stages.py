"""Where a cold ``localize validate`` and ``localize translate --engine pseudo`` spend their time.

    python bench/profile_stages.py [--corpus readmes|docs] [--docs 200] [--work DIR]
                                   [--stages validate translate] [--top 25]

Builds the benchmark's project (``run_bench.set_up``: the committed corpus,
ten target languages, every PO file filled with a pseudo translation), then
runs each stage under cProfile in one process (``workers = 1`` in the
project's settings, so the worker processes' share is in the profile too;
the normal run spreads the same work over every core):

- validate: the filled PO files, no cache (every check, langdetect included);
- translate: the PO files as extract leaves them (every entry empty), no
  cache, the offline ``pseudo`` engine filling every entry.

Prints, for each stage, the wall time of a normal run (all workers) and of
the profiled one, and the top functions by cumulative and by own (self) time.
The ``.prof`` files stay in the work folder for ``python -m pstats`` or snakeviz.
"""

from __future__ import annotations

import argparse
import io
import json
import pstats
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run_bench  # noqa: E402


def _settings(project: Path, workers: int | None) -> None:
    path = project / "pyproject.toml"
    text = re.sub(r"(?m)^workers = .*\n", "", path.read_text(encoding="utf-8"))
    if workers is not None:
        text = text.replace("[tool.localize]\n", f"[tool.localize]\nworkers = {workers}\n")
    path.write_text(text, encoding="utf-8")


def _prepare(ws: run_bench.Workspace, stage: str) -> None:
    project = ws.project
    shutil.rmtree(project / ".localize-cache", ignore_errors=True)
    shutil.rmtree(project / "output", ignore_errors=True)
    source = ws.state / ("po-filled" if stage == "validate" else "po-empty")
    run_bench.replace_tree(source, project / "po")


def _argv(stage: str) -> list[str]:
    return ["validate"] if stage == "validate" else ["translate", "--engine", "pseudo"]


_WRAPPERS = re.compile(
    r"builtins\.exec|<string>|<frozen runpy>|__main__\.py|click/|pipeline/cli\.py")
"""The command line's own frames, which hold the whole run and say nothing."""


def _table(stats: pstats.Stats, key: str, top: int, root: Path) -> list[str]:
    stream = io.StringIO()
    stats.stream = stream  # type: ignore[attr-defined]
    stats.sort_stats(key).print_stats(top + 20)
    lines = []
    started = False
    for line in stream.getvalue().splitlines():
        if line.lstrip().startswith("ncalls"):
            started = True
            lines.append(line)
            continue
        if started and line.strip() and not _WRAPPERS.search(line):
            lines.append(line.replace(str(root) + "/", "").replace(sys.prefix + "/", "")
                         .replace(".venv/lib/python3.11/site-packages/", "")
                         .replace(sys.base_prefix + "/lib/python3.11/", ""))
    return lines[: top + 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=run_bench.corpus.CORPORA, default="readmes")
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--work", type=Path, default=Path("/tmp/localize-profile"))
    parser.add_argument("--stages", nargs="*", default=("validate", "translate"),
                        choices=("validate", "translate"))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--report-only", action="store_true",
                        help="Print the summary of the last profiles in --work again.")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    record = args.work / "profile.json"
    if args.report_only:
        saved = json.loads(record.read_text(encoding="utf-8"))
        print("\n".join(summary(args.work, saved["facts"], saved["timings"], args.top)))
        return 0
    ws = run_bench.Workspace(args.work.resolve(), args.corpus, args.docs, Path(sys.executable))
    run_bench.set_up(ws)
    timings: dict[str, list[float]] = {}
    for stage in args.stages:
        _settings(ws.project, None)
        _prepare(ws, stage)
        before = run_bench.Snapshot.take()
        subprocess.run([*ws.localize, *_argv(stage)], cwd=ws.project, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, cpu, others, _ = run_bench.between(before, run_bench.Snapshot.take())
        _settings(ws.project, 1)
        _prepare(ws, stage)
        prof = ws.root / f"{stage}.prof"
        before = run_bench.Snapshot.take()
        result = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m",
                                 "pipeline", *_argv(stage)], cwd=ws.project, capture_output=True,
                                text=True)
        pwall, pcpu, pothers, _ = run_bench.between(before, run_bench.Snapshot.take())
        _settings(ws.project, None)
        if result.returncode not in (0, 1):
            print(result.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"{stage}: exit {result.returncode}")
        timings[stage] = [wall, cpu, others, pwall, pcpu, pothers]
    facts = {k: v for k, v in ws.facts.items() if isinstance(v, (int, str, float))}
    record.write_text(json.dumps({"facts": facts, "timings": timings}), encoding="utf-8")
    print("\n".join(summary(args.work, facts, timings, args.top)))
    return 0


def summary(work: Path, f: dict[str, object], timings: dict[str, list[float]],
            top: int) -> list[str]:
    out = [f"Project: {f['documents']} documents of the {f['corpus']} corpus "
           f"(sha256 {str(f['corpus_sha256'])[:16]}), {len(run_bench.TARGETS)} languages, "
           f"{f['po_files']:,} PO files, {f['entries']:,} entries; "
           f"Python {sys.version.split()[0]}, {run_bench.JOBS} cores."]
    for stage, (wall, cpu, others, pwall, pcpu, pothers) in timings.items():
        stats = pstats.Stats(str(work / f"{stage}.prof"))
        command = (f"cd PROJECT && python -m cProfile -o {stage}.prof -m pipeline "
                   f"{' '.join(_argv(stage))}  # workers = 1, no cache")
        out += ["", f"#### {stage}", "",
                f"Normal run (all workers): {wall:.1f} s wall, {cpu:.1f} s CPU "
                f"(others used {100 * others:.0f} % of the machine meanwhile). Profiled, one "
                f"process: {pwall:.1f} s wall, {pcpu:.1f} s CPU, "
                f"{stats.total_tt:.1f} s in the profile "  # type: ignore[attr-defined]
                f"(others {100 * pothers:.0f} %).", "",
                f"Command: `{command}`", "", "Top by cumulative time (the command line's own "
                "frames left out):", "", "```text",
                *_table(stats, "cumulative", top, run_bench.ROOT), "```", "",
                "Top by own (self) time:", "", "```text",
                *_table(stats, "tottime", top, run_bench.ROOT), "```"]
    return out


if __name__ == "__main__":
    sys.exit(main())
