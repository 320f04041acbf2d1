"""The Markdown edition is as safe as the HTML one: a msgstr cannot add markup to either.

Every payload of issue 14 and of the robustness and assemble suites is
written into a PO file of a scratch project; ``localize assemble`` must
refuse each (``file:line`` and why on stderr), neither edition may carry
it, and the Markdown edition, rendered by markdown-it, by an independent
CommonMark renderer (cmark-gfm, GitHub's, with its table and autolink
extensions and raw HTML allowed) and then loaded in headless Chromium,
must hold no link, image or script but the editor's own.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import chromium_path
from click.testing import CliRunner
from markdown_it import MarkdownIt
from tools import need

from pipeline.cli import cli

SOURCE = """\
---
title: Payloads
---

See [docs][d] for more.

Has a <script>var a = 1;</script> inline script.

{paragraphs}

| Cell one | Cell two |
|---|---|
| Value one | Value two |

[d]: https://docs.example/
"""
EDITOR_LINKS = {"https://docs.example/"}
PAYLOADS = [
    # issue 14: a link reference definition that takes over the source's [docs][d]
    "Premier.\n\n[d]: https://evil.example/\n\n[x]: javascript:alert(1)\n\n[clic][x]",
    # issue 14: the script body of the source's paragraph replaced (set on that paragraph)
    None,
    # the robustness suite's and the assemble suite's hostile msgstrs
    "Texte <script>document.title='pwned'</script> [x](javascript:po())",
    "<script>document.title='pwned'</script>",
    'Texte <img src=x onerror="document.title=\'pwned\'">',
    "<img/src=x onerror=document.title='pwned'>",
    "[انضم](javascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "<JavaScript:alert(1)>",
    "[x](vbscript:msgbox(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "[ici](https://evil.example)",
    "<!-- hidden -->",
    # block structure a paragraph's text must not start or add
    "[d]: https://evil.example/",
    "# Titre",
    "> Citation",
    "- Élément",
    "1. Élément",
    "```html\n<script>document.title='pwned'</script>\n```",
    "    code",
    "Texte\n---",
    "Texte\n\n<div onclick=\"document.title='pwned'\">x</div>",
    "| a | b |\n|---|---|",
    # links by other means
    "Voir <https://evil.example/>",
    "Voir https://evil.example/ ou www.evil.example",
    "Écrire à pirate@evil.example",
    "Voir [docs][autre]",
]
MARKERS = ("evil", "javascript", "JavaScript", "JaVaScRiPt", "vbscript", "msgbox", "data:",
           "pwned", "hidden", "po()", "onerror", "Titre", "Citation", "Élément", "autre",
           "onclick", "&#106;", "&#x09;")
SCRIPT = "Has a <script>var a = 1;</script> inline script."


def _project(folder: Path) -> Path:
    (folder / "source").mkdir(parents=True)
    paragraphs = "\n\n".join(f"Paragraph {n}." for n in range(len(PAYLOADS)))
    (folder / "source" / "t.md").write_text(SOURCE.format(paragraphs=paragraphs),
                                            encoding="utf-8")
    (folder / "pyproject.toml").write_text('[tool.localize]\nlanguages = ["fr", "ar"]\n',
                                           encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["--project", str(folder), "extract"]).exit_code == 0
    for code in ("fr", "ar"):
        po = folder / "po" / "t" / f"{code}.po"
        text = po.read_text(encoding="utf-8")
        for n, payload in enumerate(PAYLOADS):
            if payload is None:
                text = _translate(text, SCRIPT, "Hat ein <script>document.title='pwned'</script> "
                                                 "Skript.")
            else:
                text = _translate(text, f"Paragraph {n}.", payload)
        text = _translate(text, "See [docs][d] for more.", "Voir la [documentation][d].")
        po.write_text(text, encoding="utf-8")
    return folder


def _translate(po: str, msgid: str, msgstr: str) -> str:
    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    old = f"msgid {quoted(msgid)}\nmsgstr \"\""
    assert old in po, msgid
    return po.replace(old, f"msgid {quoted(msgid)}\nmsgstr {quoted(msgstr)}")


class _Targets(HTMLParser):
    """Every link and image target, every script and event handler of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.targets.append(value)
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _parsed(html: str) -> _Targets:
    parser = _Targets()
    parser.feed(html)
    return parser


def _assert_only_the_editors_markup(html: str, where: str) -> None:
    found = _parsed(html)
    assert set(found.targets) <= EDITOR_LINKS, (where, found.targets)
    assert found.scripts == ["var a = 1;"], (where, found.scripts)
    assert found.handlers == [], (where, found.handlers)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = _project(tmp_path_factory.mktemp("payloads"))
    result = CliRunner().invoke(cli, ["--project", str(folder), "assemble"])
    assert result.exit_code == 0, result.output
    return folder, result.stderr


def test_every_payload_is_refused_with_file_and_line(built: tuple[Path, str]) -> None:
    folder, stderr = built
    warnings = [line for line in stderr.splitlines() if line.startswith("warning: ")]
    for code in ("fr", "ar"):
        mine = [w for w in warnings if w.startswith(f"warning: po/t/{code}.po:")]
        assert len(mine) == len(PAYLOADS), "\n".join(mine)
        assert all(re.match(rf"warning: po/t/{code}\.po:\d+: translation refused, ", w)
                   and w.endswith("; the English text is shown instead") for w in mine)
    text = (folder / "output" / "fr" / "t.md").read_text(encoding="utf-8")
    assert "Voir la [documentation][d]." in text  # a safe translation is still published


@pytest.mark.parametrize("code", ["fr", "ar"])
@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_neither_edition_carries_a_payload(built: tuple[Path, str], code: str,
                                           suffix: str) -> None:
    folder, _ = built
    text = (folder / "output" / code / f"t{suffix}").read_text(encoding="utf-8")
    for marker in MARKERS:
        assert marker not in text, marker
    assert "<script>var a = 1;</script>" in text  # the editor's own raw HTML is kept


@pytest.mark.parametrize("code", ["fr", "ar"])
def test_markdown_it_renders_no_injected_link(built: tuple[Path, str], code: str) -> None:
    folder, _ = built
    text = (folder / "output" / code / "t.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    _assert_only_the_editors_markup(html, f"markdown-it {code}")
    assert 'href="https://docs.example/"' in html


def _cmark_gfm(markdown: Path) -> str:
    binary = need("cmark-gfm")
    result = subprocess.run(
        [binary, "--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough",
         str(markdown)], capture_output=True, text=True, check=True, timeout=60)
    return result.stdout


@pytest.mark.parametrize("code", ["fr", "ar"])
def test_cmark_gfm_renders_no_injected_link(built: tuple[Path, str], code: str) -> None:
    folder, _ = built
    html = _cmark_gfm(folder / "output" / code / "t.md")
    _assert_only_the_editors_markup(html, f"cmark-gfm {code}")
    assert 'href="https://docs.example/"' in html


@pytest.mark.slow
@pytest.mark.parametrize("code", ["fr", "ar"])
def test_a_browser_runs_nothing_injected(built: tuple[Path, str], code: str,
                                         tmp_path: Path) -> None:
    """cmark-gfm's HTML of the edition, loaded in headless Chromium: its DOM after scripts ran."""
    chromium = chromium_path()
    folder, _ = built
    body = _cmark_gfm(folder / "output" / code / "t.md")
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html><head><meta charset=utf-8><title>clean</title>"
                    f"</head><body>{body}</body></html>", encoding="utf-8")
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
         "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    dom = result.stdout
    assert "<title>clean</title>" in dom, result.stderr[-2000:]  # no script changed it
    _assert_only_the_editors_markup(dom, f"chromium {code}")
    assert "var a = 1;" in dom
