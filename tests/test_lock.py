"""Two localize processes on one project do not interleave."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.runtime.lock import LOCK_NAME

HOLD = """
import sys, time
from pathlib import Path
from pipeline.runtime.lock import project_lock
with project_lock(Path(sys.argv[1]), "translate"):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(project: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_second_process_exits_with_clear_message(project: Path, runner: CliRunner) -> None:
    holder = hold_lock(project, 30)
    try:
        result = runner.invoke(cli, ["--project", str(project), "extract"])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert f"{project / LOCK_NAME}: another localize process is working on this project" in result.stderr
    assert f"pid {holder.pid}, `localize translate`" in result.stderr
    assert not (project / "po").exists()


def test_second_process_waits_when_asked(project: Path, runner: CliRunner) -> None:
    holder = hold_lock(project, 1.0)
    started = time.monotonic()
    try:
        result = runner.invoke(cli, ["--project", str(project), "--wait", "20", "extract"])
    finally:
        holder.wait()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 0.5
    assert (project / "po").is_dir()


def test_lock_of_killed_process_is_not_stale(project: Path, runner: CliRunner) -> None:
    holder = hold_lock(project, 30)
    holder.kill()
    holder.wait()
    assert (project / LOCK_NAME).exists()
    result = runner.invoke(cli, ["--project", str(project), "extract"])
    assert result.exit_code == 0, result.output
