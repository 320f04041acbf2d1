"""The ``localize`` command: one thin click command per stage, plus ``run``.

Commands parse options, call one library function, print its result; what
they share (the group, global options, errors, the lock) is ``base``. The
commands live by audience: ``stages`` (extract, translate, validate, status,
assemble, run), ``translators`` (glossary, review, serve, export, import),
``housekeeping`` (init, prune). Importing this package registers them all.

May import: every stage (inside the command that runs it), and the layers
below them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pipeline.cli import housekeeping, stages, translators  # noqa: F401  (registers commands)
from pipeline.cli.base import cli

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="localize")
