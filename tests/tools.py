"""The external programs some tests run, and what happens when one is missing.

``need(name)`` gives the program's path. When it is not installed the test
is skipped with the reason ``missing tool: …`` (so that the Python-only
tests still run on a machine without apt-get: macOS, Windows, a bare
container), unless the environment variable ``CI`` is set, as ``.ci/run``
runs: there a missing tool fails the test, never skips it. The summary at
the end of a run lists every test skipped for a missing tool
(``conftest.pytest_terminal_summary``).
"""

from __future__ import annotations

import os
import shutil

import pytest

SKIP_PREFIX = "missing tool: "

INSTALL: dict[str, str] = {
    "msgfmt": "apt-get install gettext",
    "msgcat": "apt-get install gettext",
    "msgmerge": "apt-get install gettext",
    "i18nspector": "apt-get install i18nspector",
    "apertium": "apt-get install apertium apertium-en-es",
    "java": "apt-get install default-jre-headless",
    "unshare": "apt-get install util-linux (and root or user namespaces)",
    "hugo": "apt-get install hugo",
    "jekyll": "apt-get install jekyll ruby-jekyll-polyglot",
    "chromium": "apt-get install chromium",
    "cmark-gfm": "apt-get install cmark-gfm",
    "mkdocs": "pip install -e '.[test]'",
}
"""How ``scripts/test`` installs each program (Debian packages, or the test extras)."""


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def missing(name: str, detail: str = "") -> None:
    """Skip the test, or fail it in CI, because ``name`` is not installed."""
    message = f"{name} not found{detail}; install it: {INSTALL.get(name, name)}"
    if in_ci():
        pytest.fail(f"{message} (CI is set: a missing tool is a failure)")
    pytest.skip(SKIP_PREFIX + message)


def need(name: str) -> str:
    """The path of program ``name``; skip (or fail in CI) when it is not installed."""
    found = shutil.which(name)
    if found is None:
        missing(name)
        raise AssertionError("unreachable")  # missing() raised
    return found
