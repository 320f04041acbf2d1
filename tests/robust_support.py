"""Helpers for the robustness tests: snapshots of a project, and a private mount namespace.

``in_mount_namespace`` runs a Python script in a new mount namespace
(``unshare --mount``, mapped to root with ``--map-root-user`` when the test
does not run as root), where it may mount a tiny or read-only tmpfs over a
folder of the project: the kernel itself then answers ``ENOSPC`` or
``EROFS``, as a full disk or a read-only file system would, and the mounts
vanish with the script. Root ignores file permissions, so ``chmod`` cannot
make a folder read-only for these tests; a read-only mount can.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tools import need

from pipeline.runtime.lock import LOCK_NAME

ROOT = Path(__file__).resolve().parent.parent


def files(folder: Path) -> list[Path]:
    """Every file under ``folder`` but the lock file (it records each run's pid)."""
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(LOCK_NAME)]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files(folder)}


def leftovers(folder: Path) -> list[str]:
    """Temporary files an atomic write left behind (there must be none)."""
    return [p.relative_to(folder).as_posix() for p in folder.rglob(".*.tmp")]


def in_mount_namespace(script: str, *args: str, timeout: float = 120) -> Any:
    """Run ``script`` (Python, prints one JSON document last) in a private mount namespace."""
    unshare = need("unshare")
    command = [unshare, "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        command.insert(1, "--map-root-user")
    command += [sys.executable, "-c", script, *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if result.returncode != 0:
        raise AssertionError(
            "could not run the test in a private mount namespace with a tmpfs (needs root or "
            f"unprivileged user namespaces): {result.stderr.strip()[-2000:]}"
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


MOUNT_HELPERS = r'''
import json, os, subprocess, sys
from pathlib import Path

def mount_tmpfs(folder, options):
    """Mount a tmpfs over ``folder`` holding what the folder held."""
    folder = Path(folder)
    saved = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)
    for relative, data in sorted(saved.items()):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)

def fill(folder):
    """Fill the file system of ``folder`` to the last byte."""
    with open(Path(folder) / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"x" * 4096)
        except OSError:
            pass
        try:
            while True:
                handle.write(b"x")
        except OSError:
            pass

def localize(project, *args):
    result = subprocess.run([sys.executable, "-m", "pipeline", "--project", str(project), *args],
                            capture_output=True, text=True)
    return {"code": result.returncode, "stdout": result.stdout, "stderr": result.stderr}

def contents(folder):
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes().hex()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "filler"}
'''
