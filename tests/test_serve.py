"""`localize serve`: a real browser sees a saved PO file on the page, with the translator view."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from browser import chromium
from playwright.sync_api import Browser, Page, expect
from validate_project import HOW, build, edit, fill, translations

from pipeline.cli.translators import annotated_build
from pipeline.po import catalog
from pipeline.project.settings import load_settings
from pipeline.serve.stage import ServeOptions, Serving

pytestmark = pytest.mark.slow
FR = f"po/{HOW}/fr.po"
TIMEOUT = 20_000
expect.set_options(timeout=TIMEOUT)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = build(tmp_path, ("fr", "ar", "ja"), (HOW,))
    for lang in ("fr", "ar", "ja"):
        fill(folder, HOW, lang)
    return folder


@pytest.fixture
def serving(project: Path) -> Iterator[Serving]:
    messages: list[str] = []
    server = Serving(load_settings(project), annotated_build, ServeOptions(port=0),
                     say=messages.append)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _set(project: Path, key: str, msgstr: str, *, machine: bool = False) -> None:
    def change(entry: polib.POEntry, found: str | None) -> None:
        if found == key:
            entry.msgstr = msgstr
            entry.flags = ["fuzzy"] if machine else []
            entry.tcomment = "mt: pseudo" if machine else ""

    edit(project, HOW, "fr", change)  # written as Poedit would: a new file renamed into place


def _msgstr_line(project: Path, msgid: str) -> int:
    lines = (project / FR).read_text(encoding="utf-8").splitlines()
    start = lines.index(f'msgid "{msgid}"')
    return next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr")) + 1


def _open(browser: Browser, serving: Serving, path: str) -> Page:
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(serving.url + path)
    return page


def test_a_saved_po_file_changes_the_open_page_and_its_overlay(
        project: Path, serving: Serving, browser: Browser) -> None:
    en, fr = translations()["en"], translations()["fr"]
    page = _open(browser, serving, f"fr/{HOW}.html")
    heading = page.locator("h2", has_text=fr["h_who"])
    expect(heading).to_be_visible()
    page.get_by_role("button", name="Translator view").click()
    expect(page.locator("body[data-l10n-ready]")).to_have_count(1)
    expect(heading).to_have_attribute("data-l10n-state", "reviewed")
    loads = []
    page.on("load", lambda _: loads.append(1))

    _set(project, "h_who", "Qui sont nos lecteurs", machine=True)

    new = page.locator("h2", has_text="Qui sont nos lecteurs")
    expect(new).to_be_visible()  # no page.reload(): the server told the page to reload
    assert loads, "the page reloaded itself"
    expect(page.locator("body[data-l10n-ready]")).to_have_count(1)  # the view stayed on
    expect(new).to_have_attribute("data-l10n-state", "machine")

    new.hover()
    tip = page.locator("#l10n-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("machine-translated, not reviewed (pseudo)")
    expect(tip).to_contain_text(f"English: {en['h_who']}")
    where = f"{FR}:{_msgstr_line(project, en['h_who'])}"
    link = tip.get_by_role("link", name=where)
    expect(link).to_have_attribute("href", re.compile(rf"^vscode://file/.*/{re.escape(FR)}:\d+$"))

    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    other = page.locator("h2", has_text=fr["h_help"])
    other.focus()  # keyboard focus shows the same
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(f"English: {en['h_help']}")
    expect(other).to_have_attribute("tabindex", "0")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()


def test_states_stale_fallback_and_refused(project: Path, serving: Serving,
                                           browser: Browser) -> None:
    en = translations()["en"]

    def change(entry: polib.POEntry, key: str | None) -> None:
        if key == "h_who":
            entry.flags, entry.previous_msgid = ["fuzzy"], "Who our readers are"
        elif key == "h_help":
            entry.msgstr = "Aidez <script>alert(1)</script>"
        elif key == "h_what":
            entry.msgstr = ""

    edit(project, HOW, "fr", change)
    page = _open(browser, serving, f"fr/{HOW}.html")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    page.get_by_role("button", name="Translator view").click()
    expect(page.locator("body[data-l10n-ready]")).to_have_count(1)
    expect(page.locator("h2", has_text=en["h_who"])).to_have_attribute("data-l10n-state", "stale")
    expect(page.locator("h2", has_text=en["h_what"])).to_have_attribute(
        "data-l10n-state", "fallback")
    refused = page.locator("h2", has_text=en["h_help"])
    expect(refused).to_have_attribute("data-l10n-state", "refused")
    refused.hover()
    expect(page.locator("#l10n-tip")).to_contain_text("<script>")  # as text, never as markup
    assert dialogs == []
    page.locator("h2", has_text=en["h_who"]).hover()
    expect(page.locator("#l10n-tip")).to_contain_text("was: Who our readers are")


def test_a_broken_po_file_shows_its_error_and_serving_goes_on(
        project: Path, serving: Serving, browser: Browser) -> None:
    fr = translations()["fr"]
    page = _open(browser, serving, f"fr/{HOW}.html")
    expect(page.locator("h2", has_text=fr["h_who"])).to_be_visible()
    good = (project / FR).read_bytes()
    broken = good.replace(b'msgid "Who has written the translations"', b'msgid "Who has written the translations', 1)
    (project / FR).write_bytes(broken)

    errors = page.locator("#l10n-errors")
    expect(errors).to_contain_text(re.compile(rf"{re.escape(FR)}:\d+: "))
    with urllib.request.urlopen(serving.url + f"fr/{HOW}.html", timeout=10) as response:
        assert response.status == 200  # still serving, the last good page

    fixed = good.replace(fr["h_who"].encode(), b"Qui nous lit, enfin")
    (project / FR).write_bytes(fixed)
    expect(page.locator("h2", has_text="Qui nous lit, enfin")).to_be_visible()
    expect(errors).to_have_count(0)


def test_the_published_output_is_not_touched(project: Path, serving: Serving) -> None:
    assert not (project / "output").exists()
    built = project / ".localize-cache" / "serve" / "site" / "fr" / f"{HOW}.html"
    assert 'data-l10n="' in built.read_text(encoding="utf-8")
    with urllib.request.urlopen(serving.url + f"fr/{HOW}.html", timeout=10) as response:
        served = response.read().decode("utf-8")
    assert "/__localize/live.js" in served
    assert "/__localize/live.js" not in built.read_text(encoding="utf-8")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(serving.url + "../pyproject.toml", timeout=10)


def _listening(port: int) -> list[str]:
    """Local addresses of the TCP sockets listening on ``port`` (from /proc/net/tcp, tcp6)."""
    found = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(name).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def _start(project: Path, *args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    command = [sys.executable, "-m", "pipeline", "--project", str(project), "serve", *args]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        lines.append(line)
        if line.startswith("Serving on "):
            return process, line.split()[2], lines
    process.kill()
    raise AssertionError("".join(lines))


def test_listens_on_loopback_only_unless_asked(project: Path) -> None:
    process, url, lines = _start(project, "--port", "0")
    try:
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        assert url.startswith("http://127.0.0.1:")
        assert _listening(port) == ["0100007F"]  # 127.0.0.1, and no other address
        assert not any(line.startswith("warning:") for line in lines)
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
    finally:
        process.terminate()
        assert process.wait(timeout=20) in (0, 130)
    process, url, lines = _start(project, "--port", "0", "--host", "0.0.0.0")
    try:
        assert _listening(int(url.rstrip("/").rsplit(":", 1)[1])) == ["00000000"]
        assert any(line.startswith("warning: serving on 0.0.0.0: anyone who can reach")
                   for line in lines)
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_port_in_use_is_a_usage_error(project: Path, serving: Serving) -> None:
    port = serving.url.rstrip("/").rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(project), "serve", "--port", port],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
    assert catalog.load_po(project / FR)  # nothing of the project was changed
