"""A missing external program: skipped and listed on a developer's machine, a failure in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SELECTION = ["tests/test_extract.py", "-k", "msgfmt", "-p", "no:cacheprovider", "-q"]


def run_without_tools(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(tmp_path)  # no msgfmt, nothing else either
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", *SELECTION], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=300)


@pytest.mark.slow
def test_missing_tool_is_skipped_and_listed(tmp_path: Path) -> None:
    done = run_without_tools(tmp_path, ci=False)
    assert done.returncode == 0, done.stdout
    assert "skipped for a missing tool" in done.stdout
    assert ("test_template_passes_msgfmt_check[blocks]: msgfmt not found; install it: "
            "apt-get install gettext") in done.stdout


@pytest.mark.slow
def test_missing_tool_fails_in_ci(tmp_path: Path) -> None:
    done = run_without_tools(tmp_path, ci=True)
    assert done.returncode == 1, done.stdout
    assert "CI is set: a missing tool is a failure" in done.stdout
    assert "skipped" not in done.stdout.splitlines()[-1]


def test_scripts_test_works_without_apt_get() -> None:
    """The script installs Debian packages only where apt-get exists (checked by reading it:
    running it would install into this machine)."""
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    guard = script.index("if command -v apt-get")
    assert script.index("apt-get install") > guard
    assert script.index("pip install") > script.index("\nfi\n", guard)
