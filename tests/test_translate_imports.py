"""A command whose engine is offline (or none) does not import the online engines' libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.mt.engines import _REGISTRY, BUILTIN, engine_names

HEAVY = ("deep_translator", "requests", "bs4", "openai", "pipeline.mt.engines.online",
         "pipeline.mt.engines.llm", "pipeline.mt.llm.batch")
PROBE = f"""
import json, sys
from pipeline.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps({{"code": code, "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def imported_by(project: Path, *args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=project,
                          capture_output=True, text=True, timeout=300, check=False)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("engine", ["pseudo", "none"])
def test_a_run_with_an_offline_engine_imports_no_online_library(project: Path,
                                                                engine: str) -> None:
    cold = imported_by(project, "run", "--engine", engine)
    assert cold == {"code": cold["code"], "loaded": []} and cold["code"] in (0, 1)
    noop = imported_by(project, "run", "--engine", engine)
    assert noop["loaded"] == []


def test_the_online_engine_is_imported_when_used(project: Path) -> None:
    """The probe can see an import: asking for libre loads deep-translator and requests."""
    result = imported_by(project, "translate", "--engine", "libre", "--dry-run")
    loaded = result["loaded"]
    assert isinstance(loaded, list) and {"deep_translator", "requests"} <= set(loaded)
    assert "openai" not in loaded


def test_every_builtin_engine_is_registered_by_the_module_named_for_it() -> None:
    import importlib

    for name, module in BUILTIN.items():
        importlib.import_module(f"pipeline.mt.engines.{module}")
        assert _REGISTRY[name].__module__ == f"pipeline.mt.engines.{module}", name
    assert set(_REGISTRY) == set(BUILTIN) and engine_names() == sorted(BUILTIN)
