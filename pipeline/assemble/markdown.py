"""The Markdown edition of an article: the source with each segment translated.

Rules:

- Each segment shows what the publication policy (``policy.Plan``) chose;
  anything else is the English text of the source, so an edition is always
  complete. With every msgstr equal to its msgid the body is the source,
  byte for byte; the source language's edition *is* the source.
- A translated edition carries ``lang`` (BCP 47) in its front matter, and
  ``dir: rtl`` for a right-to-left language, whose body is wrapped in
  ``<div dir="rtl" lang="…">`` with blank lines around the Markdown inside
  so that it still renders as Markdown.
- Where the text comes from is stated in the front matter, as the HTML
  edition states it on the page: ``translated_from`` (the source language)
  and, in the standalone site, ``original`` (the link to the source
  edition; a site generator links its editions itself) on every translated
  edition; ``machine_translated: true`` and ``machine_translated_percent:
  N`` (the share of the English words shown as unreviewed machine
  translation, as the HTML notice says it) when there is any;
  ``english_segments: N`` when N segments are shown in English;
  ``preview: true`` in a layout preview.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import polib

from pipeline.assemble.policy import Plan, Shown, percent_text
from pipeline.markdown.document import Document, Segment
from pipeline.po.catalog import FUZZY

ADDED_KEYS = ("lang", "dir", "translated_from", "original", "machine_translated",
              "machine_translated_percent", "english_segments", "preview", "translationKey",
              "permalink", "direction", "localize_origin", "localize_original",
              "localize_notices")
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*\r?$")


def translations(po: polib.POFile | None) -> dict[str, str]:
    """msgid → msgstr for every entry that is translated and not fuzzy."""
    if po is None:
        return {}
    return {
        e.msgid: e.msgstr
        for e in po
        if not e.obsolete and e.msgstr and FUZZY not in e.flags and not e.msgctxt
    }


def lookup(table: dict[str, str]) -> Callable[[Segment], str | None]:
    """A translate function for ``Document.rebuild`` backed by ``table``."""
    return lambda segment: table.get(segment.text)


def _chosen(plan: Plan) -> Callable[[Segment], str | None]:
    """The text ``plan`` shows translated for a segment, ``None`` where it shows the English."""
    shown = {msgid: choice.text for msgid, choice in plan.choices.items()
             if choice.shown in (Shown.REVIEWED, Shown.MACHINE)}
    return lambda segment: shown.get(segment.text)


def build_markdown(doc: Document, plan: Plan | None, original: str | None = None,
                   source: str | None = None, preview: bool = False,
                   extra: tuple[tuple[str, str], ...] = ()) -> str:
    """The edition of ``doc`` that ``plan`` describes; no plan or a source plan: the source.

    ``original``: the link to the source edition; ``source``: its language (BCP 47);
    ``extra`` front-matter keys are added too (a site generator's: ``translationKey``…).
    """
    if plan is None or plan.is_source:
        text = doc.rebuild(lambda segment: None)
        return _add_front_matter(text, list(extra)) if extra else text
    text = doc.rebuild(_chosen(plan))
    return _wrap_body(_add_front_matter(text, [*_keys(plan, original, source, preview), *extra]),
                      plan)


def _keys(plan: Plan, original: str | None, source: str | None,
          preview: bool) -> list[tuple[str, str]]:
    keys = [("lang", plan.lang.bcp47)]
    if plan.lang.is_rtl:
        keys.append(("dir", plan.lang.direction))
    if source:
        keys.append(("translated_from", source))
    if original:
        keys.append(("original", json.dumps(original)))
    if plan.uses_machine:
        keys.append(("machine_translated", "true"))
        keys.append(("machine_translated_percent", percent_text(plan.machine_share())))
    if plan.english_count:
        keys.append(("english_segments", str(plan.english_count)))
    if preview:
        keys.append(("preview", "true"))
    return keys


def _front_matter_end(lines: list[str]) -> int | None:
    """Index of the line closing the front matter, if the text starts with one."""
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return index
    return None


def _add_front_matter(text: str, keys: list[tuple[str, str]]) -> str:
    lines = text.splitlines(keepends=True)
    end = _front_matter_end(lines)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    added = [f"{key}: {value}{newline}" for key, value in keys]
    if end is None:
        return "".join(["---" + newline, *added, "---" + newline, newline, *lines])
    ours = re.compile(rf"^({'|'.join(ADDED_KEYS)})[ \t]*:")
    kept = [line for line in lines[1:end] if not ours.match(line)]
    return "".join([lines[0], *kept, *added, *lines[end:]])


def _wrap_body(text: str, plan: Plan) -> str:
    if not plan.lang.is_rtl:
        return text
    lines = text.splitlines(keepends=True)
    end = _front_matter_end(lines)
    head = "".join(lines[: end + 1]) if end is not None else ""
    body = "".join(lines[end + 1:] if end is not None else lines).strip("\r\n")
    opening = f'<div dir="{plan.lang.direction}" lang="{plan.lang.bcp47}">'
    return f"{head}\n{opening}\n\n{body}\n\n</div>\n"
