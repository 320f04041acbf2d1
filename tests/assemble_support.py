"""A demo project for the assemble tests and the screenshot script.

A temporary copy of the repository's articles with all eleven languages,
PO files made by the extract stage, then filled from
``tests/data/assemble/demo-translations.json``: complete reviewed
translations of ``how-we-translate`` in ar, fr (one entry left out), ja
(one entry machine-translated) and cn; one heading in it, pl, pt, ru and es
(so every language has a page of it, mostly English); machine-translated
German, stale and translator-fuzzy Spanish; a few entries of the other
article in fr, de, ar and ja (the six other languages have nothing of it,
so it is not published in them); the site strings in ar, fr, ja and cn.
Nothing here touches the repository's ``po/``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import polib
from tools import missing, need

from pipeline.extract.stage import extract
from pipeline.po import catalog
from pipeline.po.marks import mark_machine
from pipeline.project.languages import get_language
from pipeline.project.layout import SITE_DOMAIN, po_path
from pipeline.project.settings import DEFAULT_LANGUAGES, Settings, load_settings
from pipeline.project.site import LANGUAGE_CONTEXT

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "assemble"
DEMO = DATA / "demo-translations.json"

PYPROJECT = """\
[tool.localize]
source_dir = "source"
po_dir = "po"
output_dir = "output"
project_name = "ZeroOpposite articles"
site_name = "ZeroOpposite"
nav = [{{ label = "Contact Us" }}, {{ label = "Search" }}]
languages = [{languages}]
{extra}"""


def demo_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO.read_text(encoding="utf-8"))
    return data


def write_config(folder: Path, extra: str = "",
                 languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> None:
    listed = ", ".join(f'"{code}"' for code in languages)
    (folder / "pyproject.toml").write_text(PYPROJECT.format(languages=listed, extra=extra),
                                           encoding="utf-8")


def make_demo_project(folder: Path, extra: str = "") -> Settings:
    """A project in ``folder`` with the repository's articles and the demo translations."""
    (folder / "source").mkdir(parents=True, exist_ok=True)
    for article in sorted((ROOT / "source").glob("*.md")):
        shutil.copy(article, folder / "source" / article.name)
    write_config(folder, extra)
    settings = load_settings(folder)
    stats = extract(settings)
    assert not stats.errors, stats.errors
    data = demo_data()
    for slug, by_lang in data["articles"].items():
        for code, table in by_lang.items():
            fill(po_path(settings, slug, get_language(code)), table)
    for code, table in data["site"].items():
        fill(po_path(settings, SITE_DOMAIN, get_language(code)), table)
    for code, table in data["site_language_names"].items():
        fill(po_path(settings, SITE_DOMAIN, get_language(code)), table, context=LANGUAGE_CONTEXT)
    return settings


def fill(path: Path, table: dict[str, Any], context: str | None = None) -> None:
    """Set msgstr (and flags, previous msgid) of the entries named in ``table``."""
    po = catalog.load_po(path)
    for msgid, value in table.items():
        entry = po.find(msgid, msgctxt=context)
        assert entry is not None, f"{path}: no entry {msgid!r}"
        set_entry(entry, value)
    catalog.save_po(po, path)


def set_entry(entry: polib.POEntry, value: str | dict[str, Any]) -> None:
    if isinstance(value, str):
        value = {"msgstr": value}
    entry.msgstr = value["msgstr"]
    flags = list(value.get("flags", []))
    for engine in [f[3:] for f in flags if f.startswith("mt:")]:
        mark_machine(entry, engine)  # kept as an ``mt:`` comment line, which gettext tools keep
    entry.flags = [f for f in flags if not f.startswith("mt:")]
    entry.previous_msgid = value.get("previous")


def set_translation(settings: Settings, slug: str, code: str, msgid: str,
                    value: str | dict[str, Any]) -> None:
    """Change one entry of an article's PO file."""
    fill(po_path(settings, slug, get_language(code)), {msgid: value})


# --- reading the output -------------------------------------------------------


def parse_html(path: Path) -> Any:
    """The page as an ElementTree element (html5lib, no namespaces)."""
    import html5lib

    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def text_of(element: Any) -> str:
    return "".join(element.itertext())


def vnu_jar() -> Path:
    """The Nu Html Checker's jar: ``$VNU_JAR`` or ``.ci/node_modules``; fail if missing."""
    configured = os.environ.get("VNU_JAR")
    jar = Path(configured) if configured else ROOT / ".ci/node_modules/vnu-jar/build/dist/vnu.jar"
    need("java")
    if not jar.is_file():
        missing("vnu.jar", f" at {jar} (the Nu Html Checker: `npm install --prefix .ci "
                "vnu-jar`, or set VNU_JAR)")
    return jar
