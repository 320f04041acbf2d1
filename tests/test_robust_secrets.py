"""API keys never leak: not into PO files, caches, output, messages, or exception text.

deep-translator puts keys where they can escape: LibreTranslate's and
DeepL's in the query string (``?api_key=``, ``auth_key=``), which
``requests`` repeats in its exception messages, and its own
``AuthorizationException`` carries the key as its message. One process
(the real ``localize`` command line) runs translate through every failure
path against local servers with a fake key in the environment; then every
byte it printed and every file of the project is searched for the key.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, make_project
from libre_server import FakeLibre

KEY = "sk-TEST-9f8e7d6c5b4a-SECRET"

DRIVER = r'''
import socket, sys
from urllib.parse import urlsplit, urlunsplit

import requests

real_connect = socket.socket.connect

def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not str(address[0]).startswith("127."):
        raise OSError(f"this test must not use the network ({address[0]})")
    return real_connect(self, address)

socket.socket.connect = connect

REDIRECT = sys.argv[1]
original = requests.sessions.Session.request

def request(self, method, url, **kwargs):
    """Every engine's real service is this test's local server (keys stay in the URL)."""
    parts = urlsplit(url)
    if not parts.hostname.startswith("127."):
        url = urlunsplit(("http", urlsplit(REDIRECT).netloc, parts.path, parts.query, ""))
    return original(self, method, url, **kwargs)

requests.sessions.Session.request = request

from pipeline.mt import dispatch as mtdispatch
from pipeline.cli import cli

mtdispatch.RetryPolicy.delay = lambda self, attempt: 0.01
project = sys.argv[2]
for run in sys.argv[3:]:
    args = run.split(" ")
    print(f"=== {run}", flush=True)
    print(f"=== {run}", file=sys.stderr, flush=True)
    try:
        cli.main(["--project", project, "translate", "--timeout", "0.5", "--workers", "4", *args],
                 prog_name="localize")
    except SystemExit as exit:
        print(f"=== exit {exit.code}", flush=True)
'''


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_no_key_in_any_output_or_file_whatever_fails(tmp_path: Path) -> None:
    make_project(tmp_path, ("fr", "de"))
    (tmp_path / "source" / "a.md").write_text(
        "# Keys stay secret\n\nThe first paragraph.\n\nThe second paragraph, "
        "[with a link](https://example.com/?key=public).\n", encoding="utf-8")
    environment = {
        "PATH": "/usr/bin:/bin", "LIBRE_API_KEY": KEY, "DEEPL_API_KEY": KEY + ":fx",
        "MICROSOFT_API_KEY": KEY, "MICROSOFT_REGION": "westeurope", "LOCALIZE_ENGINE": "none",
    }
    with FakeLibre() as ok, FakeLibre(mode="status", status=500) as failing, \
            FakeLibre(mode="status", status=403) as refusing, \
            FakeLibre(mode="malformed") as malformed, FakeLibre(mode="stall") as stalled:
        runs = [
            f"--engine libre --libre-url {failing.url} --lang fr",
            f"--engine libre --libre-url {refusing.url} --lang fr",
            f"--engine libre --libre-url {malformed.url} --lang fr",
            f"--engine libre --libre-url {stalled.url} --lang fr",
            f"--engine libre --libre-url http://127.0.0.1:{closed_port()}/ --lang fr",
            f"--engine libre --libre-url {ok.url} --dry-run",
            "--engine deepl --lang fr",
            "--engine microsoft --lang de",
            f"--engine libre --libre-url {ok.url}",
        ]
        assert subprocess.run([sys.executable, "-m", "pipeline", "--project", str(tmp_path),
                               "extract"], cwd=ROOT, env=environment).returncode == 0
        done = subprocess.run(
            [sys.executable, "-c", DRIVER, ok.url, str(tmp_path), *runs],
            capture_output=True, text=True, timeout=120, cwd=ROOT, env=environment,
        )
        assert ok.requests and failing.requests and refusing.requests and malformed.requests
        assert ok.api_keys == failing.api_keys == refusing.api_keys == {KEY}
    printed = done.stdout + done.stderr
    assert "Traceback" not in printed, printed
    assert "HTTP 500: server error" in printed
    assert "HTTP 403: the service refused the request" in printed
    assert "the answer is not a translation (malformed or unexpected JSON)" in printed
    assert "no answer within 0.5 s" in printed
    assert "cannot connect to the server" in printed
    assert "HTTP 404: request refused" in printed
    assert printed.count("=== exit 1") >= 7, printed
    assert printed.rstrip().endswith("=== exit 0") or "=== exit 0" in printed, printed
    for needle in (KEY, KEY[3:19], "9f8e7d6c5b4a"):
        assert needle not in printed, f"the key leaked into the output: {printed}"
        for path in sorted(tmp_path.rglob("*")):
            if path.is_file():
                assert needle.encode() not in path.read_bytes(), f"the key leaked into {path}"
    assert (tmp_path / ".localize-cache" / "translations.sqlite3").is_file()
    assert len(list(tmp_path.rglob("*.po"))) >= 4
