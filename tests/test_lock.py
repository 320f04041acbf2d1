"""Two localize processes on one project do not interleave."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.runtime.lock import LOCK_NAME, LOCKED_EXIT_CODE

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
    assert result.exit_code == LOCKED_EXIT_CODE == 3
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


def test_wait_after_the_command_name_counts_too(project: Path, runner: CliRunner) -> None:
    holder = hold_lock(project, 1.0)
    try:
        result = runner.invoke(cli, ["extract", "--project", str(project), "--wait", "20"])
    finally:
        holder.wait()
    assert result.exit_code == 0, result.output


def test_lock_does_not_need_fcntl(tmp_path: Path) -> None:
    """Windows has no fcntl: with it made unimportable, every command's help still works and
    the lock is still taken and released."""
    script = (
        "import sys; sys.modules['fcntl'] = None\n"
        "from click.testing import CliRunner\n"
        "from pipeline.cli import cli\n"
        "for name in [None, *cli.commands]:\n"
        "    args = [name, '--help'] if name else ['--help']\n"
        "    result = CliRunner().invoke(cli, args)\n"
        "    assert result.exit_code == 0, (name, result.output, result.exception)\n"
        "from pipeline.runtime.lock import project_lock\n"
        "from pathlib import Path\n"
        f"with project_lock(Path({str(tmp_path)!r}), 'test'):\n"
        "    pass\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip() == "ok", done.stderr
