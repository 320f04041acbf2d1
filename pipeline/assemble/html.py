"""The HTML edition: a page per article and language, an index per language, a root page.

Rules:

- Jinja2 templates (``templates/``) with autoescape on; the only markup
  handed to them comes from ``render`` (PO text parsed with raw HTML off)
  or from this module's own escaping, so every string from a PO file
  reaches the page escaped.
- ``<!doctype html>``, ``<meta charset="utf-8">`` first in ``<head>``,
  ``<html lang dir>`` from the language table (BCP 47: ``zh-Hans``), a
  localized ``<title>`` and meta description.
- Every page links, with ``<link rel="alternate" hreflang>``, itself and
  each other *published* edition of the same page, plus ``x-default``
  (English for articles, the root page for indexes); the language switcher
  links the same set, the current one with ``aria-current="page"``, each
  link with ``lang``/``hreflang`` (and ``dir`` where it differs).
- Site strings come from the ``site`` PO domain (``chrome``); one shown in
  English on a translated page is wrapped in ``<span lang="en">``.
- On right-to-left pages LTR runs are isolated: ``<bdi>`` in text, FSI … PDI
  in ``<title>`` and attribute values (``bidi``).
- Links between pages are relative, so the output folder works from disk;
  with ``site_url`` set, alternates and the canonical link are absolute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from pipeline.assemble.bidi import FSI, PDI, isolate_html, isolate_plain
from pipeline.assemble.chrome import Chrome
from pipeline.assemble.policy import Choice, Plan, Shown
from pipeline.assemble.render import ANNOTATION, Page, plain_text, render_body, render_inline
from pipeline.markdown.document import Document
from pipeline.project.languages import LANGUAGES, Language
from pipeline.project.settings import Settings

STYLESHEET = "static/site.css"
TITLE_SEPARATOR = " – "


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("pipeline.assemble", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str


@dataclass(frozen=True)
class SwitchItem:
    lang: Language
    href: str
    current: bool
    dir: str | None
    """``dir`` attribute, only where the language's direction differs from the page's."""
    text: Markup
    """The label (``FR``), isolated on a right-to-left page."""


class Words:
    """The site strings of one page, escaped (and isolated on right-to-left pages)."""

    def __init__(self, chrome: Chrome, page: Page) -> None:
        self.chrome = chrome
        self.page = page

    def __call__(self, msgid: str) -> Markup:
        return self._html(self.chrome.strings, msgid)

    def plain(self, msgid: str) -> str:
        """For attributes and ``<title>``: no markup, FSI … PDI where needed."""
        choice = self.chrome.strings.choice(msgid)
        if not self.page.rtl:
            return choice.text
        if choice.shown is Shown.ENGLISH:
            return f"{FSI}{choice.text}{PDI}"
        return isolate_plain(choice.text, self.page.terms)

    def language(self, lang: Language) -> Markup:
        return self._html(self.chrome.names, lang.english_name)

    def _html(self, plan: Plan, msgid: str) -> Markup:
        choice = plan.choice(msgid)
        if choice.shown is Shown.ENGLISH:
            attrs = "".join(f' {k}="{v}"' for k, v in self.page.english_attrs().items())
            return Markup(f"<span{attrs}>") + escape(choice.text) + Markup("</span>")
        if self.page.rtl:
            return isolate_html(choice.text, self.page.terms)
        return escape(choice.text)


@dataclass(frozen=True)
class Site:
    """What every page of one run shares."""

    settings: Settings
    annotate: bool = False
    """Pages for ``localize serve``'s translator view (``render.Page.annotate``)."""

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.settings.site_name, *self.settings.do_not_translate)

    def page(self, lang: Language) -> Page:
        return Page(rtl=lang.is_rtl, terms=self.terms, fallback_lang=self.settings.source.bcp47,
                    annotate=self.annotate)

    def absolute(self, path: str) -> str | None:
        base = self.settings.site_url.rstrip("/")
        return f"{base}/{path}" if base else None

    def link(self, path: str, depth: int) -> str:
        """``path`` (relative to the output folder) as seen from a page ``depth`` folders down."""
        return self.absolute(path) or ("../" * depth + path)


def _switcher(here: Language, targets: Sequence[tuple[Language, str]], depth: int,
              current: bool = True) -> list[SwitchItem]:
    items = []
    for lang, path in targets:
        direction = lang.direction if lang.direction != here.direction else None
        text = isolate_html(lang.label) if here.is_rtl else escape(lang.label)
        items.append(SwitchItem(lang, "../" * depth + path, current and lang == here,
                                direction, text))
    return items


def _alternates(site: Site, targets: Sequence[tuple[Language, str]], default: str,
                depth: int) -> list[Alternate]:
    found = [Alternate(lang.bcp47, site.link(path, depth)) for lang, path in targets]
    found.append(Alternate("x-default", site.link(default, depth)))
    return found


def _chrome_context(site: Site, lang: Language, chrome: Chrome, depth: int) -> dict[str, Any]:
    page = site.page(lang)
    words = Words(chrome, page)
    name = site.settings.site_name
    return {
        "page_lang": lang.bcp47,
        "page_dir": lang.direction,
        "page_rtl": lang.is_rtl,
        "t": words,
        "ta": words.plain,
        "site_name": isolate_html(name, site.terms) if page.rtl else name,
        "site_name_plain": isolate_plain(name, site.terms) if page.rtl else name,
        "stylesheet": "../" * depth + STYLESHEET,
        "contact": site.absolute("contact/"),
        "search": site.absolute("search/"),
        "root": "../" * depth + "index.html",
    }


def _ordered(langs: Sequence[Language]) -> list[Language]:
    return [lang for lang in LANGUAGES if lang in langs]


def _notices(plan: Plan, words: Words) -> list[Markup]:
    notices = []
    if plan.uses_machine:
        notices.append(words("This page was machine-translated and has not been reviewed yet."))
    if plan.english_count and plan.english_count == len(plan.choices):
        notices.append(words("This page is shown in English because its translation is not ready."))
    elif plan.english_count:
        notices.append(words(
            "Parts of this page are shown in English because their translation is not ready."))
    return notices


def _field(doc: Document, key: str) -> str | None:
    value = doc.front_matter.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _tags(doc: Document) -> list[str]:
    value = doc.front_matter.get("tags")
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list):
        return []
    return [str(tag).lstrip("#") for tag in value if str(tag).strip("# ")]


def _fallback_attrs(shown: Shown, page: Page) -> dict[str, str]:
    return {**page.english_attrs(), "class": "fallback"} if shown is Shown.ENGLISH else {}


def _title_mark(doc: Document, page: Page) -> dict[str, str]:
    """The title segment's annotation, on annotated pages of an article with a title."""
    if page.annotate:
        for number, segment in enumerate(doc.segments):
            if segment.kind == "Front matter: title":
                return {ANNOTATION: str(number)}
    return {}


def article_page(site: Site, doc: Document, lang: Language, plan: Plan, chrome: Chrome,
                 published: Sequence[Language]) -> str:
    """The HTML page of ``doc`` in ``lang``; ``published`` are the languages it exists in."""
    page = site.page(lang)
    context = _chrome_context(site, lang, chrome, depth=1)
    words: Words = context["t"]
    targets = [(other, f"{other.code}/{doc.slug}.html") for other in _ordered(published)]
    title = plan.choice(_field(doc, "title") or doc.slug)
    description_id = _field(doc, "description")
    description = plan.choice(description_id) if description_id else None
    context.update(
        title=TITLE_SEPARATOR.join((plain_text(title.text, title.shown, page),
                                    context["site_name_plain"])),
        description=plain_text(description.text, description.shown, page) if description else None,
        alternates=_alternates(site, targets, f"{site.settings.source.code}/{doc.slug}.html", 1),
        canonical=site.absolute(f"{lang.code}/{doc.slug}.html"),
        home="index.html",
        languages=_switcher(lang, targets, 1),
        h1=Markup(render_inline(title.text, title.shown, page)),
        h1_attrs={**_fallback_attrs(title.shown, page), **_title_mark(doc, page)},
        notices=_notices(plan, words),
        body=Markup(render_body(doc, plan, page).strip("\n")),
        tags=[isolate_html(f"#{tag}", site.terms) if page.rtl else f"#{tag}" for tag in _tags(doc)],
    )
    return environment().get_template("article.html").render(context)


@dataclass(frozen=True)
class Listing:
    """One article on a language's index page: its link, title and description as shown."""

    slug: str
    title: Choice
    description: Choice | None


def listing(doc: Document, plan: Plan) -> Listing:
    """What the index of ``plan.lang`` shows of ``doc``."""
    description_id = _field(doc, "description")
    return Listing(doc.slug, plan.choice(_field(doc, "title") or doc.slug),
                   plan.choice(description_id) if description_id else None)


def language_index(site: Site, lang: Language, listings: Sequence[Listing], chrome: Chrome,
                   languages: Sequence[Language]) -> str:
    """``output/<lang>/index.html``: the articles published in ``lang``."""
    page = site.page(lang)
    context = _chrome_context(site, lang, chrome, depth=1)
    words: Words = context["t"]
    targets = [(other, f"{other.code}/index.html") for other in _ordered(languages)]
    entries = []
    for item in listings:
        title, description = item.title, item.description
        entries.append({
            "href": f"{item.slug}.html",
            "title": Markup(render_inline(title.text, title.shown, page)),
            "title_attrs": _fallback_attrs(title.shown, page),
            "description": Markup(render_inline(description.text, description.shown, page))
            if description else None,
            "description_attrs": _fallback_attrs(description.shown, page) if description else {},
        })
    context.update(
        title=TITLE_SEPARATOR.join((words.plain("Articles"), context["site_name_plain"])),
        description=None,
        alternates=_alternates(site, targets, "index.html", 1),
        canonical=site.absolute(f"{lang.code}/index.html"),
        home="index.html",
        languages=_switcher(lang, targets, 1),
        language_name=words.language(lang),
        entries=entries,
    )
    return environment().get_template("language.html").render(context)


def root_page(site: Site, chrome: Chrome, languages: Sequence[Language]) -> str:
    """``output/index.html``: pick a language (in the source language, the ``x-default``)."""
    lang = site.settings.source
    context = _chrome_context(site, lang, chrome, depth=0)
    targets = [(other, f"{other.code}/index.html") for other in _ordered(languages)]
    context.update(
        title=site.settings.site_name,
        description=None,
        alternates=_alternates(site, targets, "index.html", 0),
        canonical=site.absolute("index.html"),
        home="index.html",
        choices=_switcher(lang, targets, 0, current=False),
    )
    return environment().get_template("root.html").render(context)
