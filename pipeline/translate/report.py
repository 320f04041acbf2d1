"""How a translate run is shown to people: the summary line, the dry-run table, the problems.

Results go to stdout, problems to stderr (the CLI decides); nothing here
prints. Problems list at most ``limit`` texts, then a count, so a run where
the engine was stopped does not print one line per entry.
"""

from __future__ import annotations

from pipeline.mt.engines import NO_ENGINE
from pipeline.translate.stage import TranslateStats


def summary(stats: TranslateStats) -> str:
    """One line: what the run did, entry by entry."""
    if stats.engine == NO_ENGINE:
        return 'translate: skipped; machine translation is off (--offline or engine = "none")'
    unsupported = f", {stats.unsupported} unsupported" if stats.unsupported else ""
    return (
        f"translate: {stats.missing} missing entries in {stats.files} file(s): "
        f"{stats.translated} by {stats.engine}, {stats.cached} from cache, "
        f"{stats.memory} from translation memory, {stats.copied} copied, "
        f"{stats.failed} failed{unsupported}; {stats.requests} request(s); "
        f"{len(stats.written)} file(s) written"
    )


def dry_run_table(stats: TranslateStats) -> list[str]:
    """What a dry run would send, per language and engine, as lines of a table."""
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
