#!/usr/bin/env python3
"""Screenshots of `localize serve`'s translator view on the Arabic and Japanese pages.

Usage:
    .venv/bin/python scripts/translator_screenshots.py [--into docs/screenshots]

Copies this repository's sources and PO files into a temporary project
(the repository's ``po/`` is not touched), marks a few entries there the
way a working translator finds them (one machine translation, one stale,
one flagged by a check), serves it with ``localize serve``'s library
entry point, and takes the pictures with Playwright driving Debian's
Chromium: the view switched on, one paragraph hovered.

Needs: ``apt-get install -y chromium fonts-noto-core fonts-noto-cjk`` and
the test extras (``pip install -e '.[test]'``). No network is used.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium  # noqa: E402

from pipeline.cli.translators import annotated_build  # noqa: E402
from pipeline.po import catalog  # noqa: E402
from pipeline.project.settings import load_settings  # noqa: E402
from pipeline.serve.stage import ServeOptions, Serving  # noqa: E402

ARTICLE = "how-we-translate"
MACHINE = "Each paragraph becomes a separate entry for translators."
STALE = "Who reads us"
CHECKED = "Tell us when a sentence reads awkwardly in your language."
HOVER = {"ar": MACHINE, "ja": STALE}


def _mark(project: Path, lang: str) -> None:
    path = project / "po" / ARTICLE / f"{lang}.po"
    po = catalog.load_po(path)
    for entry in po:
        if entry.msgid == MACHINE:
            entry.flags, entry.tcomment = ["fuzzy"], "mt: google"
        elif entry.msgid == STALE:
            entry.flags, entry.previous_msgid = ["fuzzy"], "Who our readers are"
        elif entry.msgid == CHECKED:
            entry.msgstr = entry.msgstr.rstrip("。.؟?!！") + " (" + entry.msgstr[:1]
    catalog.save_po(po, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--into", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.into.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        project = Path(work)
        shutil.copy(ROOT / "pyproject.toml", project)
        shutil.copytree(ROOT / "source", project / "source")
        shutil.copytree(ROOT / "po", project / "po")
        for lang in HOVER:
            _mark(project, lang)
        server = Serving(load_settings(project), annotated_build, ServeOptions(port=0),
                         say=lambda message: None)
        server.start()
        try:
            with chromium() as browser:
                for lang, hovered in HOVER.items():
                    _shoot(browser, server.url, lang, hovered, args.into)
        finally:
            server.stop()


def _shoot(browser: object, url: str, lang: str, hovered: str, into: Path) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 1200})  # type: ignore[attr-defined]
    page.goto(f"{url}{lang}/{ARTICLE}.html")
    page.get_by_role("button", name="Translator view").click()
    page.wait_for_selector("body[data-l10n-ready]")
    index = page.evaluate(
        "(text) => fetch('/__localize/page.json?path=' + encodeURIComponent(location.pathname))"
        ".then(r => r.json()).then(d => d.segments.find(s => s.english === text).n)", hovered)
    target = page.locator(f'[data-l10n="{index}"]')
    target.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, -260)")
    target.hover()
    page.wait_for_selector("#l10n-tip:not([hidden])")
    out = into / f"translator-view-{lang}.png"
    page.screenshot(path=str(out))
    page.close()
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: "
          f"{out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
