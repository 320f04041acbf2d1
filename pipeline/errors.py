"""One family of exceptions for everything the pipeline reports to a user.

Library code raises these; only ``pipeline.cli`` turns them into click errors, so
a user sees one line saying what is wrong and what to do, never a traceback.
``UsageError`` maps to exit code 2, everything else to 1.
"""

from __future__ import annotations

from pathlib import Path


class LocalizeError(Exception):
    """Base of every error the pipeline reports to its user."""

    exit_code = 1


class UsageError(LocalizeError):
    """The command line or configuration asks for something that cannot be done."""

    exit_code = 2


class ConfigError(UsageError):
    """A setting in ``pyproject.toml`` or the environment is wrong."""


class InputError(LocalizeError):
    """An input file cannot be used; the message names the file and, where known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        super().__init__(one_line(f"{where}: {message}"))

    def __reduce__(self) -> tuple[type[InputError], tuple[Path, str, int | None]]:
        # Rebuilt from its parts when it comes back from a worker process.
        return (type(self), (self.path, self.reason, self.line))


def one_line(message: str) -> str:
    """``message`` with line breaks and other control characters escaped: a message that
    quotes a broken file must still be one line."""
    if message.isprintable():
        return message
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in message)


class SourceError(InputError):
    """A Markdown source file cannot be read or parsed."""


class PoFileError(InputError):
    """A PO or POT file is broken; it is reported and never rewritten."""


class OutputError(LocalizeError):
    """A file cannot be written (permissions, full disk, path outside the project)."""
