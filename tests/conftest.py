"""Shared test fixtures: a throwaway project folder and a CliRunner."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tools import SKIP_PREFIX

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

PYPROJECT = """\
[tool.localize]
source_dir = "source"
po_dir = "po"
output_dir = "output"
site_name = "ZeroOpposite"
languages = {languages}
"""


def make_project(folder: Path, languages: tuple[str, ...] = ("fr", "ar", "ja")) -> Path:
    """A minimal project in ``folder`` with the given target languages and no articles, named
    as the repository's own articles expect (they mention the brand, a protected term)."""
    (folder / "source").mkdir(parents=True, exist_ok=True)
    listed = "[" + ", ".join(f'"{code}"' for code in languages) + "]"
    (folder / "pyproject.toml").write_text(PYPROJECT.format(languages=listed), encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project holding a copy of the repository's own articles."""
    make_project(tmp_path)
    for article in (ROOT / "source").glob("*.md"):
        shutil.copy(article, tmp_path / "source" / article.name)
    return tmp_path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


_LOOPBACK = ("127.", "::1", "localhost")


def _is_loopback(host: object) -> bool:
    return isinstance(host, str) and (host.startswith(_LOOPBACK) or host == "")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never reach the network: machine translation is off unless a test picks an
    engine, and any name lookup or connection beyond 127.0.0.1 fails loudly."""
    monkeypatch.setenv("LOCALIZE_ENGINE", "none")
    real_connect = socket.socket.connect
    real_lookup = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise OSError(f"tests must not use the network (connect to {address[0]})")
        return real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host):
            raise socket.gaierror(f"tests must not use the network (lookup of {host})")
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Name every test skipped because a tool is missing (``tools.need``), and how to get it."""
    skipped = []
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        if reason.startswith("Skipped: "):
            reason = reason[len("Skipped: "):]
        if reason.startswith(SKIP_PREFIX):
            skipped.append(f"{report.nodeid}: {reason[len(SKIP_PREFIX):]}")
    if skipped:
        terminalreporter.section("skipped for a missing tool")
        for line in skipped:
            terminalreporter.write_line(line)
