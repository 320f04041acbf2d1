"""How a translate run is shown to people: the summary line, the dry-run table, the problems.

Results go to stdout, problems to stderr (the CLI decides); nothing here
prints. Problems list at most ``limit`` texts, then a count, so a run where
the engine was stopped does not print one line per entry.
"""

from __future__ import annotations

from pipeline.mt.engines import NO_ENGINE
from pipeline.translate.stage import PlanRow, TranslateStats


def summary(stats: TranslateStats) -> str:
    """One line: what the run did, entry by entry."""
    if stats.engine == NO_ENGINE:
        return 'translate: skipped; machine translation is off (--offline or engine = "none")'
    unsupported = f", {stats.unsupported} unsupported" if stats.unsupported else ""
    tokens = ""
    if stats.tokens_in or stats.tokens_out:
        tokens = f" ({stats.tokens_in} tokens in, {stats.tokens_out} out)"
    reached = " (of the languages reached before the interruption)" if stats.interrupted else ""
    return (
        f"translate: {stats.missing} missing entries in {stats.files} file(s){reached}: "
        f"{stats.translated} by {stats.engine}, {stats.cached} from cache, "
        f"{stats.memory} from translation memory, {stats.copied} copied, "
        f"{stats.failed} failed{unsupported}; {stats.requests} request(s){tokens}; "
        f"{len(stats.written)} file(s) written"
    )


def dry_run_table(stats: TranslateStats) -> list[str]:
    """What a dry run would send, per language and engine, as lines of a table."""
    if any(row.requests is not None for row in stats.plan):
        return _request_table(stats)
    lines = [
        f"translate --dry-run: {stats.missing} missing entries in {stats.files} file(s); "
        f"{stats.memory} from translation memory, {stats.cached} from cache, "
        f"{stats.copied} copied; would send:",
        f"  {'language':<9}{'engine':<10}{'entries':>8}{'texts':>7}{'characters':>12}",
    ]
    for row in stats.plan:
        lines.append(
            f"  {row.language:<9}{row.engine:<10}{row.entries:>8}{row.texts:>7}{row.characters:>12}"
        )
    entries = sum(r.entries for r in stats.plan)
    texts = sum(r.texts for r in stats.plan)
    characters = sum(r.characters for r in stats.plan)
    lines.append(f"  {'total':<19}{entries:>8}{texts:>7}{characters:>12}")
    return lines


def _request_table(stats: TranslateStats) -> list[str]:
    """A batching engine's dry run: requests, estimated tokens and, given prices, cost."""
    engine = stats.plan[0].engine if stats.plan else stats.engine
    priced = any(row.cost is not None for row in stats.plan)
    lines = [
        f"translate --dry-run: {stats.missing} missing entries in {stats.files} file(s); "
        f"{stats.memory} from translation memory, {stats.cached} from cache, "
        f"{stats.copied} copied; would send to {engine}:",
        f"  {'language':<9}{'entries':>8}{'texts':>7}{'requests':>10}{'tokens in':>11}"
        f"{'tokens out':>12}" + (f"{'cost':>10}" if priced else ""),
    ]
    for row in [*stats.plan, _total(stats)]:
        line = (f"  {row.language:<9}{row.entries:>8}{row.texts:>7}{row.requests or 0:>10}"
                f"{row.tokens_in:>11}{row.tokens_out:>12}")
        lines.append(line + (f"{row.cost or 0:>10.4f}" if priced else ""))
    lines.append("tokens are estimates (about 4 characters of English a token); "
                 + ("cost from llm_price_input and llm_price_output, per million tokens"
                    if priced else
                    "set llm_price_input and llm_price_output (per million tokens) for the cost"))
    return lines


def _total(stats: TranslateStats) -> PlanRow:
    rows = stats.plan
    costs = [row.cost for row in rows if row.cost is not None]
    return PlanRow(
        "total", "", sum(r.entries for r in rows), sum(r.texts for r in rows),
        sum(r.characters for r in rows), sum(r.requests or 0 for r in rows),
        sum(r.tokens_in for r in rows), sum(r.tokens_out for r in rows),
        sum(costs) if costs else None,
    )


def problem_lines(stats: TranslateStats, limit: int = 10) -> list[str]:
    """The first ``limit`` texts left untranslated with their reason, then file errors."""
    lines = []
    for failure in stats.failures[:limit]:
        more = f" (+{len(failure.files) - 1} more)" if len(failure.files) > 1 else ""
        text = failure.msgid if len(failure.msgid) <= 50 else failure.msgid[:49] + "…"
        lines.append(f"{failure.files[0]}{more}: {text!r}: {failure.reason}")
    if len(stats.failures) > limit:
        lines.append(f"… and {len(stats.failures) - limit} more texts not translated")
    lines.extend(str(error) for error in stats.errors)
    return lines
