"""The package's layers: stages side by side on shared layers, imports pointing down only.

``LAYERS`` is the one place the allowed direction is written: a module may
import the modules of its own component (a top-level package or module of
``pipeline``) and of components in lower layers, never one of a higher
layer, nor another component of its own layer (so no stage imports another
stage). Every import counts: at the top of a module, inside a function
(the CLI imports each stage in its command), under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__",),
    ("cli",),
    ("extract", "translate", "validate", "status", "assemble", "review", "serve", "exchange",
     "prune", "init", "glossary"),
    ("mt",),
    ("checks",),
    ("po",),
    ("markdown",),
    ("project",),
    ("runtime",),
    ("errors", "__init__"),
)
"""Top to bottom. ``__init__`` is the package's own: its version string."""

LEVEL = {component: level for level, names in enumerate(LAYERS) for component in names}


def component(module: str) -> str:
    """``pipeline.po.catalog`` → ``po``; ``pipeline`` itself → ``__init__``."""
    parts = module.split(".")
    assert parts[0] == "pipeline", module
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """Every ``pipeline`` module ``path`` imports, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("pipeline")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "pipeline":
                found += [(node.lineno, _submodule(a.name)) for a in node.names]
            elif node.module.startswith("pipeline."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "<relative import>"))
    return found


def _submodule(name: str) -> str:
    """``from pipeline import name``: a module or package of it, else a name of ``__init__``."""
    if (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file():
        return f"pipeline.{name}"
    return "pipeline"


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = component(module_name(path))
        for line, target in imported(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if target == "<relative import>":
                found.append(f"{where}: relative import; write the absolute module name")
                continue
            there = component(target)
            if there == here:
                continue
            if here not in LEVEL or there not in LEVEL:
                found.append(f"{where}: {here!r} or {there!r} is in no layer; add it to LAYERS")
            elif LEVEL[there] == LEVEL[here]:
                found.append(f"{where}: {here} imports {target}, beside it in the same layer")
            elif LEVEL[there] < LEVEL[here]:
                found.append(f"{where}: {here} imports {target}, from a higher layer")
    return found


def test_imports_point_down_only() -> None:
    assert violations() == []


def test_every_component_is_in_a_layer() -> None:
    components = {component(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert components - set(LEVEL) == set()
    assert set(LEVEL) - components == set(), "a layer names a component that does not exist"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from pipeline.extract.stage import extract\n", "validate imports pipeline.extract.stage, "
         "beside it in the same layer"),
        ("from pipeline.assemble import chrome\n", "validate imports pipeline.assemble, "
         "beside it in the same layer"),
        ("import pipeline.cli\n", "validate imports pipeline.cli, from a higher layer"),
        ("from . import stage\n", "relative import"),
    ],
)
def test_a_wrong_import_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  source: str, expected: str) -> None:
    """The check itself: a stage importing another stage, or the CLI, is reported."""
    fake = tmp_path / "pipeline"
    (fake / "validate").mkdir(parents=True)
    (fake / "validate" / "bad.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", fake)
    (message,) = violations()
    assert message.startswith("pipeline/validate/bad.py:1: ")
    assert expected in message


def test_the_package_docstrings_say_what_each_layer_owns() -> None:
    for name in ("runtime", "project", "markdown", "po", "checks", "mt", "extract", "translate",
                 "validate", "assemble", "glossary"):
        init = PACKAGE / name / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"{init}: say what it owns and what it may import"
