"""What a new publisher does: an empty folder, `localize init --yes`, an article with an
image and a table, `localize run --offline`, a translator's first entries, `localize run
--offline` again; then the site opens (html5lib, the Nu Html
Checker, headless Chromium), the image shows, and nothing says ZeroOpposite. The same with
each generator layout, built by the real generator (Hugo, MkDocs + mkdocs-static-i18n,
Jekyll + jekyll-polyglot)."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import urljoin

import pytest
from assemble_support import fill, parse_html, text_of, vnu_jar
from click.testing import CliRunner
from tools import need

from pipeline.cli import cli

ARTICLE = """\
---
title: Pour-over coffee
description: How we brew a cup by hand.
date: 2025-03-01
---

# Brewing notes

![A kettle over a cone](images/pour-over.png)

| Coffee (g) | Water (g) | Grind | Time | Temperature | Notes on the cup you get |
|---|---|---|---|---|---|
| 15 | 250 | medium-fine | 3:00 | 94 °C | sweet, bright, a long clean finish |
"""
LANGUAGES = "fr,ar,ja"
TRANSLATED = {
    # What a translator does between two runs: one entry per article and language, so that
    # every language is published (a language with nothing translated is not).
    "pour-over": ("How we brew a cup by hand.", {
        "fr": "Comment nous préparons une tasse à la main.", "ar": "كيف نحضّر فنجانًا باليد.",
        "ja": "一杯を手で淹れる方法。"}),
    "welcome": ("How it works", {"fr": "Comment ça marche", "ar": "كيف يعمل الموقع",
                                 "ja": "仕組み"}),
}


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG file (solid colour), made here so the test needs no image library."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def new_site(folder: Path, layout: str = "site") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    assert list(folder.iterdir()) == []
    runner = CliRunner()
    init = runner.invoke(cli, ["init", str(folder), "--yes", "--languages", LANGUAGES,
                               "--layout", layout])
    assert init.exit_code == 0, init.output
    (folder / "source" / "images").mkdir()
    (folder / "source" / "images" / "pour-over.png").write_bytes(png(120, 60, (190, 110, 40)))
    (folder / "source" / "pour-over.md").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["run", "--project", str(folder), "--offline"])
    assert result.exit_code == 0, result.output
    for slug, (msgid, texts) in TRANSLATED.items():
        for code, text in texts.items():
            fill(folder / "po" / slug / f"{code}.po", {msgid: text})
    result = runner.invoke(cli, ["run", "--project", str(folder), "--offline"])
    assert result.exit_code == 0, result.output
    return folder


def no_brand_anywhere(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file() and ".localize-cache" not in path.parts:
            assert b"ZeroOpposite" not in path.read_bytes(), path


def image_file(page: Path, site_root: Path) -> Path:
    """The file the page's one image points to (root-relative paths from ``site_root``)."""
    (img,) = [i for i in parse_html(page).iter("img") if "kettle" in (i.get("alt") or "")]
    src = img.get("src")
    if src.startswith("/"):
        return site_root / src.lstrip("/")
    return Path(urljoin(page.as_uri(), src).removeprefix("file://"))


@pytest.mark.slow
def test_a_new_site_from_an_empty_folder(tmp_path: Path) -> None:
    project = new_site(tmp_path / "coffee")
    out = project / "output"
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 2 * 4 + 4 + 1  # two articles × 4 languages, 4 indexes, start page
    for page in pages:
        root = parse_html(page)
        assert len(root.findall(".//h1")) == 1, page
        assert root.find("body/a[@class='skip-link']").get("href") == "#content"
        assert root.find("head/link[@rel='canonical']") is not None
        assert root.find("head/meta[@name='description']").get("content")
    fr = parse_html(out / "fr" / "pour-over.html")
    assert image_file(out / "fr" / "pour-over.html", out) == out / "images" / "pour-over.png"
    assert (out / "images" / "pour-over.png").read_bytes()[:4] == b"\x89PNG"
    assert fr.find(".//div[@class='table-wrap']/table") is not None
    assert text_of(fr.find(".//time")) == "1 mars 2025"
    assert fr.find(".//h2") is not None and text_of(fr.find(".//h1")) == "Pour-over coffee"
    assert fr.find("head/meta[@property='og:locale']").get("content") == "fr_FR"
    switcher = {a.get("lang"): a.get("aria-label") for a in fr.iter("a")
                if a.get("hreflang") and a.get("aria-label")}
    assert switcher == {"en": "English", "fr": "Français", "ar": "العربية", "ja": "日本語"}
    no_brand_anywhere(project)
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True, timeout=240, check=False)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages] == []


@pytest.mark.slow
def test_the_new_site_renders_in_chromium_at_320_px(tmp_path: Path) -> None:
    """The page as a reader sees it on a narrow phone: the image loads (its natural width is
    read back from the DOM) and the wide table scrolls in its own box, not the page."""
    chromium = need("chromium")
    project = new_site(tmp_path / "coffee")
    page = project / "output" / "fr" / "pour-over.html"
    probe = (
        "<script>addEventListener('load',()=>{const i=document.querySelector('img');"
        "const w=document.querySelector('.table-wrap');document.title=JSON.stringify("
        "{img:i.naturalWidth,page:document.documentElement.scrollWidth,"
        "view:innerWidth,box:w.scrollWidth>w.clientWidth})})</script>")
    probed = page.with_name("probe.html")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"),
                      encoding="utf-8")
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=320,900",
         "--virtual-time-budget=3000", "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    title = parse_html_text(done.stdout)
    facts = json.loads(title)
    assert facts["img"] == 120  # the PNG loaded
    assert facts["page"] <= facts["view"]  # nothing wider than the screen
    assert facts["box"] is True  # the table scrolls inside its box
    shot = tmp_path / "fr-320.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--window-size=320,900", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=False)
    assert shot.read_bytes()[:4] == b"\x89PNG"


def parse_html_text(html: str) -> str:
    import html5lib

    root = html5lib.parse(html, namespaceHTMLElements=False)
    return text_of(root.find("head/title"))


def html_lang(page: Path) -> tuple[str | None, str | None]:
    root = parse_html(page)
    return root.get("lang"), root.get("dir")


def hreflangs(page: Path) -> set[str]:
    return {link.get("hreflang") for link in parse_html(page).iter()
            if link.get("hreflang")}


GENERATED = {
    # layout: (program, build command, output folder, page of each language code)
    "hugo": ("hugo", ["hugo", "--quiet"], "public",
             {"en": "pour-over/index.html", "fr": "fr/pour-over/index.html",
              "ar": "ar/pour-over/index.html", "ja": "ja/pour-over/index.html"}),
    "mkdocs": ("mkdocs", [sys.executable, "-m", "mkdocs", "build", "-q"], "site",
               {"en": "pour-over/index.html", "fr": "fr/pour-over/index.html",
                "ar": "ar/pour-over/index.html", "ja": "ja/pour-over/index.html"}),
    "jekyll": ("jekyll", ["jekyll", "build", "-q"], "_site",
               {"en": "pour-over/index.html", "fr": "fr/pour-over/index.html",
                "ar": "ar/pour-over/index.html", "ja": "ja/pour-over/index.html"}),
}
RTL = {"hugo": True, "mkdocs": False, "jekyll": True}
"""Whether the generator's page carries dir="rtl" on <html> (the MkDocs theme has no such
setting; the article body is wrapped in <div dir="rtl"> there)."""


@pytest.mark.slow
@pytest.mark.parametrize("layout", list(GENERATED))
def test_each_generator_builds_the_new_site(tmp_path: Path, layout: str) -> None:
    program, command, built, pages = GENERATED[layout]
    if layout != "mkdocs":
        need(program)
    project = new_site(tmp_path / "coffee", layout)
    subprocess.run(command, cwd=project, check=True, capture_output=True, timeout=300)
    site = project / built
    for code, relative in pages.items():
        page = site / relative
        assert page.is_file(), f"{layout}: no {relative}"
        lang, direction = html_lang(page)
        assert lang == code, (layout, relative, lang)
        if code == "ar" and RTL[layout]:
            assert direction == "rtl"
        assert {"en", "fr", "ar", "ja"} <= hreflangs(page), (layout, relative)
        picture = image_file(page, site)
        assert picture.is_file() and picture.read_bytes()[:4] == b"\x89PNG", (layout, picture)
    ar = parse_html(site / pages["ar"])
    assert any(div.get("dir") == "rtl" for div in ar.iter("div")) or RTL[layout]
    # where the text comes from, as on the standalone site: the origin line linking the
    # English page, and the notice (the site strings are not translated yet: English)
    fr = parse_html(site / pages["fr"])
    origin = next(p for p in fr.iter("p") if p.get("class") == "original")
    assert text_of(origin).startswith("Translated from English · Read the original"), layout
    link = origin.find("a")
    assert link.get("hreflang") == "en"
    target = site / link.get("href").lstrip("/") if link.get("href").startswith("/") else Path(
        urljoin((site / pages["fr"]).as_uri(), link.get("href")).removeprefix("file://"))
    assert (target / "index.html" if target.is_dir() else target).resolve() == (
        site / pages["en"]).resolve(), (layout, link.get("href"))
    notices = [text_of(p) for p in fr.iter("p") if p.get("class") == "notice"]
    assert notices == [
        "Parts of this page are shown in English because their translation is not ready."]
    assert not any(p.get("class") == "original" for p in parse_html(site / pages["en"]).iter("p"))
    no_brand_anywhere(project)
