"""What a validate run found, and the completeness gates it decides by.

Rules: a problem is one finding of one check, with ``file:line``; a gate is
one article in one language against its threshold (``min_complete_per_language``
for the language, else ``min_complete``; flags over settings), and only
thresholds above 0 make gates; the site's own strings are checked but not
gated, as assemble never withholds a language for them. The run fails
(exit 1) on an error, a failed gate, a file that could not be read, or,
with ``strict``, a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.checks import Severity
from pipeline.checks.completeness import StatusReport
from pipeline.errors import ConfigError, LocalizeError
from pipeline.project.languages import get_language
from pipeline.project.layout import SITE_DOMAIN
from pipeline.project.settings import Settings


@dataclass(frozen=True)
class Problem:
    """One thing a check found."""

    path: str
    line: int | None
    check: str
    severity: Severity
    message: str
    language: str | None = None
    msgid: str | None = None
    msgstr: str | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True)
class Gate:
    """A completeness threshold for one article in one language, and how it did."""

    language: str
    article: str
    path: str
    percent: float
    threshold: float

    @property
    def passed(self) -> bool:
        return self.percent >= self.threshold


@dataclass
class ValidateReport:
    """Everything one validate run found."""

    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    entries: int = 0
    gates: list[Gate] = field(default_factory=list)
    status: StatusReport = field(default_factory=StatusReport)
    strict: bool = False
    errors: list[LocalizeError] = field(default_factory=list)
    cached: int = 0
    refused: int = 0
    """Translations whose verdict is *refused* (an error-level finding, or added markup):
    assemble shows their English text."""

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    @property
    def failed_gates(self) -> list[Gate]:
        return [gate for gate in self.gates if not gate.passed]

    @property
    def failed(self) -> bool:
        return bool(
            self.count(Severity.ERROR)
            or self.failed_gates
            or self.errors
            or (self.strict and self.count(Severity.WARNING))
        )

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def thresholds(
    settings: Settings, min_complete: float | None, per_language: dict[str, float] | None
) -> tuple[float, dict[str, float]]:
    """The overall threshold and the per-language ones (by language code), flags over settings."""
    overall = settings.min_complete if min_complete is None else min_complete
    merged: dict[str, float] = {}
    for source in (settings.min_complete_per_language, per_language or {}):
        for key, value in source.items():
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not 0 <= value <= 100
            ):
                raise ConfigError(
                    f"completeness threshold for {key!r} must be a number from 0 to 100"
                )
            merged[get_language(key).code] = float(value)
    if not 0 <= overall <= 100:
        raise ConfigError(f"min_complete must be a number from 0 to 100, not {overall}")
    return overall, merged


def gates(status: StatusReport, overall: float, per_language: dict[str, float]) -> list[Gate]:
    """One gate per article and language with a threshold, as assemble publishes articles
    one by one; the site's own strings are checked but not gated, as assemble does not
    withhold a language for them."""
    gates = []
    for row in status.rows:
        threshold = per_language.get(row.language.code, overall)
        if row.article == SITE_DOMAIN:
            continue
        if threshold > 0:
            gates.append(
                Gate(row.language.code, row.article, row.path, row.tally.complete, threshold)
            )
    return gates
