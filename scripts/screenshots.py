#!/usr/bin/env python3
"""Render the EN, AR, JA and CN pages of an article to PNG with headless Chromium.

Usage:
    python scripts/screenshots.py                 # demo site, into docs/screenshots/
    python scripts/screenshots.py --output DIR    # an already assembled output/ folder

Without ``--output`` it builds the demo project of the tests in a temporary
folder (the repository's articles with the demo translations of
``tests/data/assemble/demo-translations.json``; the repository's ``po/`` is
not touched) and assembles it, so the Arabic and CJK pages show real text.

Needs Debian's Chromium and the Noto fonts for Arabic and CJK:
    apt-get install -y chromium fonts-noto-core fonts-noto-cjk
Runs Chromium as root with ``--no-sandbox``; no network is used.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("en", "ar", "ja", "cn")
ARTICLE = "how-we-translate"
WINDOW = "1200,1600"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("chromium not found; install it with: "
             "apt-get install -y chromium fonts-noto-core fonts-noto-cjk")


def demo_output(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from assemble_support import make_demo_project

    from pipeline.assemble.build import assemble

    settings = make_demo_project(folder)
    stats = assemble(settings)
    if stats.errors:
        sys.exit("\n".join(str(e) for e in stats.errors))
    return settings.output_path


def shoot(browser: str, page: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
            f"--user-data-dir={profile}", f"--screenshot={target}", f"--window-size={WINDOW}",
            page.resolve().as_uri(),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
          f"{target.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--output", type=Path,
                        help="an assembled output/ folder (default: the demo site)")
    parser.add_argument("--article", default=ARTICLE, help=f"slug to render (default {ARTICLE})")
    parser.add_argument("--into", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    browser = chromium()
    args.into.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        output = args.output or demo_output(Path(work))
        for code in PAGES:
            page = output / code / f"{args.article}.html"
            if not page.is_file():
                sys.exit(f"{page}: not found; run `localize assemble` first")
            shoot(browser, page, args.into / f"{args.article}-{code}.png")
        shoot(browser, output / "index.html", args.into / "index.png")


if __name__ == "__main__":
    main()
