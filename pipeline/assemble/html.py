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
  link with ``lang``/``hreflang`` (and ``dir`` where it differs). A
  language of the site in which the page is not published keeps its place
  in the switcher, as a label that is no link ("not available in this
  language yet"): readers find the bar they know, and learn that this page
  is not translated rather than landing somewhere else.
- Where every paragraph comes from: a translated article page says it is
  translated from English and links the original; a paragraph shown as
  unreviewed machine translation carries ``data-translation="machine"``
  (and ``class="machine"``, a quiet line at its start edge), and a notice
  says how much of the page that is, in percent of its English words.
- Site strings come from the ``site`` PO domain (``chrome``); one shown in
  English on a translated page is wrapped in ``<span lang="en">``.
- On right-to-left pages LTR runs are isolated: ``<bdi>`` in text, FSI … PDI
  in ``<title>`` and attribute values (``bidi``).
- Links between pages are relative, so the output folder works from disk;
  with ``site_url`` set, alternates, the canonical link and ``og:url`` are
  absolute. Every page has a canonical link, a description and Open Graph
  tags (``og:type`` ``article`` for articles), and a skip link to ``main``.
- Exactly one ``<h1>``: the front-matter title; a body that has its own
  ``# Heading`` too has its headings moved one level down, and one without
  a front-matter title has its first ``# Heading`` as the page's title.
- Brand, logo, navigation links and footer come from the settings; a
  navigation label with no URL is text, not a link. A project's
  ``templates_dir`` may replace any template (and the stylesheet); the
  built-in ones stay reachable as ``default/<name>`` to extend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
)
from markupsafe import Markup, escape

from pipeline.assemble.bidi import FSI, PDI, isolate_html, isolate_plain
from pipeline.assemble.chrome import ORIGIN, READ_ORIGINAL, Chrome, page_notices
from pipeline.assemble.meta import local_date, og_locale, parse_date
from pipeline.assemble.policy import Choice, Plan, Shown
from pipeline.assemble.render import (
    ANNOTATION,
    MACHINE_ATTRS,
    Page,
    plain_text,
    render_body,
    render_inline,
)
from pipeline.markdown.document import Document
from pipeline.project.languages import LANGUAGES, Language
from pipeline.project.settings import Settings

STYLESHEET = "static/site.css"
TITLE_SEPARATOR = " – "


@lru_cache(maxsize=4)
def environment(custom: str | None = None) -> Environment:
    """The templates: the project's own folder ``custom`` first, then the built-in ones (also
    as ``default/<name>``, for a project's template that extends the one it replaces)."""
    builtin = PackageLoader("pipeline.assemble", "templates")
    loaders: list[BaseLoader] = [FileSystemLoader(custom)] if custom else []
    return Environment(
        loader=ChoiceLoader([*loaders, builtin, PrefixLoader({"default": builtin})]),
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
    href: str | None
    """``None``: the page is not published in this language (shown, not linked)."""
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
    preview: bool = False
    """A layout preview (``assemble --preview``): said on every article page."""
    annotate: bool = False
    """Pages for ``localize serve``'s translator view (``render.Page.annotate``)."""

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.settings.site_name, *self.settings.do_not_translate)

    def page(self, lang: Language) -> Page:
        return Page(rtl=lang.is_rtl, terms=self.terms, fallback_lang=self.settings.source.bcp47,
                    annotate=self.annotate)

    def original(self, slug: str, suffix: str) -> str:
        """The source-language edition of an article, as linked from a translated one."""
        return self.link(f"{self.settings.source.code}/{slug}{suffix}", 1)

    @property
    def languages(self) -> list[Language]:
        return [self.settings.source, *self.settings.targets]

    def absolute(self, path: str) -> str | None:
        base = self.settings.site_url.rstrip("/")
        return f"{base}/{path}" if base else None

    def link(self, path: str, depth: int) -> str:
        """``path`` (relative to the output folder) as seen from a page ``depth`` folders down."""
        return self.absolute(path) or ("../" * depth + path)

    def template(self, name: str) -> Any:
        folder = self.settings.root / self.settings.templates_dir
        custom = str(self.settings.confine(folder / name).parent) if folder.is_dir() else None
        return environment(custom).get_template(name)


def _switcher(here: Language, targets: Sequence[tuple[Language, str]], depth: int,
              current: bool = True, others: Sequence[Language] = ()) -> list[SwitchItem]:
    """The switcher's items: ``targets`` linked, ``others`` (not published) in their place."""
    paths: dict[Language, str | None] = {lang: None for lang in others}
    paths.update(targets)
    items = []
    for lang in _ordered(list(paths)):
        path = paths[lang]
        direction = lang.direction if lang.direction != here.direction else None
        text = isolate_html(lang.label) if here.is_rtl else escape(lang.label)
        items.append(SwitchItem(lang, None if path is None else "../" * depth + path,
                                current and lang == here, direction, text))
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
    logo = site.settings.site_logo
    return {
        "page_lang": lang.bcp47,
        "page_dir": lang.direction,
        "page_rtl": lang.is_rtl,
        "t": words,
        "ta": words.plain,
        "site_name": isolate_html(name, site.terms) if page.rtl else name,
        "site_name_plain": isolate_plain(name, site.terms) if page.rtl and name else name,
        "stylesheet": "../" * depth + STYLESHEET,
        "logo": "../" * depth + logo_path(logo) if logo else None,
        "nav": [{"label": words(link.label), "href": link.url_for(lang.code) or None}
                for link in site.settings.nav],
        "footer": _footer(site, chrome, page),
        "root": "../" * depth + "index.html",
    }


def logo_path(logo: str) -> str:
    """Where the logo is copied, relative to the output folder (beside the stylesheet)."""
    return f"static/{Path(logo).name}"


def _footer(site: Site, chrome: Chrome, page: Page) -> Markup | None:
    text = site.settings.footer
    if not text:
        return None
    choice = chrome.strings.choice(text)
    return Markup(render_inline(choice.text, choice.shown, page))


def _og(site: Site, lang: Language, others: Sequence[Language], kind: str, path: str,
        title: str) -> dict[str, Any]:
    return {"title": title, "type": kind, "locale": og_locale(lang),
            "alternates": [og_locale(other) for other in others if other != lang],
            "url": site.absolute(path)}


def _canonical(site: Site, path: str, depth: int) -> str:
    """Absolute with ``site_url``; else the page's own address, relative to the page."""
    own = path.rsplit("/", 1)[-1] if depth else path
    return site.absolute(path) or own


def _title(*parts: str) -> str:
    return TITLE_SEPARATOR.join(part for part in parts if part)


def _ordered(langs: Sequence[Language]) -> list[Language]:
    return [lang for lang in LANGUAGES if lang in langs]


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
    """What marks a title shown in English, or as unreviewed machine translation."""
    if shown is Shown.MACHINE:
        return dict(MACHINE_ATTRS)
    return {**page.english_attrs(), "class": "fallback"} if shown is Shown.ENGLISH else {}


def _provenance(site: Site, doc: Document, lang: Language, words: Words) -> dict[str, Any] | None:
    """"Translated from English · Read the original" on a translated page."""
    source = site.settings.source
    if lang == source:
        return None
    return {"text": words(ORIGIN), "link": words(READ_ORIGINAL),
            "href": site.original(doc.slug, ".html"), "hreflang": source.bcp47}


def _title_mark(doc: Document, page: Page) -> dict[str, str]:
    """The title segment's annotation, on annotated pages of an article with a title."""
    if page.annotate:
        for number, segment in enumerate(doc.segments):
            if segment.kind == "Front matter: title":
                return {ANNOTATION: str(number)}
    return {}


def article_page(site: Site, doc: Document, lang: Language, plan: Plan, chrome: Chrome,
                 published: Sequence[Language], links: dict[str, str] | None = None) -> str:
    """The HTML page of ``doc`` in ``lang``; ``published`` are the languages it exists in;
    ``links``: where the page finds each local file the article refers to."""
    page = site.page(lang)
    context = _chrome_context(site, lang, chrome, depth=1)
    words: Words = context["t"]
    ordered = _ordered(published)
    targets = [(other, f"{other.code}/{doc.slug}.html") for other in ordered]
    heading = page_heading(doc)
    title = plan.choice(heading)
    own_h1 = _field(doc, "title") is None and heading != doc.slug
    description_id = _description_id(doc)
    description = plan.choice(description_id) if description_id else None
    plain_title = plain_text(title.text, title.shown, page)
    described = plain_text(description.text, description.shown, page) if description else None
    path = f"{lang.code}/{doc.slug}.html"
    date = parse_date(doc.front_matter.get("date"))
    context.update(
        title=_title(plain_title, context["site_name_plain"]),
        description=described or plain_title,
        alternates=_alternates(site, targets, f"{site.settings.source.code}/{doc.slug}.html", 1),
        canonical=_canonical(site, path, 1),
        og=_og(site, lang, ordered, "article", path, plain_title),
        home="index.html",
        languages=_switcher(lang, targets, 1,
                            others=[o for o in site.languages if o not in published]),
        h1=None if own_h1 else Markup(render_inline(title.text, title.shown, page)),
        h1_attrs={**_fallback_attrs(title.shown, page), **_title_mark(doc, page)},
        date=date.isoformat() if date else None,
        date_text=local_date(date, lang) if date else None,
        original=_provenance(site, doc, lang, words),
        notices=page_notices(plan, words, site.preview),
        body=Markup(render_body(doc, plan, page, _shift(doc), links).strip("\n")),
        tags=[isolate_html(f"#{tag}", site.terms) if page.rtl else f"#{tag}" for tag in _tags(doc)],
    )
    return str(site.template("article.html").render(context))


def page_heading(doc: Document) -> str:
    """The msgid of the page's title: the front-matter title, else the body's first
    ``# Heading``, else the slug."""
    first = next((s.text for s in doc.segments if s.kind == "Heading 1"), None)
    return _field(doc, "title") or first or doc.slug


def _shift(doc: Document) -> int:
    """1 when the body's headings go one level down: it has a ``# Heading`` besides the
    front-matter title (which is the page's one ``<h1>``)."""
    has_h1 = any(s.kind == "Heading 1" for s in doc.segments)
    return 1 if has_h1 and _field(doc, "title") else 0


def _description_id(doc: Document) -> str | None:
    return _field(doc, "description") or _field(doc, "summary") or _field(doc, "excerpt")


@dataclass(frozen=True)
class Listing:
    """One article on a language's index page: its link, title and description as shown."""

    slug: str
    title: Choice
    description: Choice | None


def listing(doc: Document, plan: Plan) -> Listing:
    """What the index of ``plan.lang`` shows of ``doc``."""
    description_id = _description_id(doc)
    return Listing(doc.slug, plan.choice(page_heading(doc)),
                   plan.choice(description_id) if description_id else None)


def language_index(site: Site, lang: Language, listings: Sequence[Listing], chrome: Chrome,
                   languages: Sequence[Language]) -> str:
    """``output/<lang>/index.html``: the articles published in ``lang``."""
    page = site.page(lang)
    context = _chrome_context(site, lang, chrome, depth=1)
    words: Words = context["t"]
    ordered = _ordered(languages)
    targets = [(other, f"{other.code}/index.html") for other in ordered]
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
    titles = [plain_text(item.title.text, item.title.shown, page) for item in listings]
    page_title = _title(words.plain("Articles"), context["site_name_plain"])
    context.update(
        title=page_title,
        description=_shorten(" · ".join(titles)) or None,
        og=_og(site, lang, ordered, "website", f"{lang.code}/index.html", page_title),
        alternates=_alternates(site, targets, "index.html", 1),
        canonical=_canonical(site, f"{lang.code}/index.html", 1),
        home="index.html",
        languages=_switcher(lang, targets, 1,
                            others=[o for o in site.languages if o not in languages]),
        language_name=words.language(lang),
        entries=entries,
    )
    return str(site.template("language.html").render(context))


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def root_page(site: Site, chrome: Chrome, languages: Sequence[Language]) -> str:
    """``output/index.html``: pick a language (in the source language, the ``x-default``)."""
    lang = site.settings.source
    context = _chrome_context(site, lang, chrome, depth=0)
    ordered = _ordered(languages)
    targets = [(other, f"{other.code}/index.html") for other in ordered]
    title = site.settings.site_name or context["ta"]("Choose a language")
    context.update(
        title=title,
        description=" · ".join(other.native_name for other in ordered),
        og=_og(site, lang, ordered, "website", "index.html", title),
        alternates=_alternates(site, targets, "index.html", 0),
        canonical=site.link("index.html", 0),
        home="index.html",
        choices=_switcher(lang, targets, 0, current=False),
    )
    return str(site.template("root.html").render(context))
