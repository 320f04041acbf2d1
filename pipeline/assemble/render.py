"""An article's Markdown → HTML, one segment at a time, by markdown-it-py.

Rules:

- The source is parsed once with the same parser the extractor uses
  (CommonMark, GFM tables, front matter), so every inline block lines up
  with its segment; once per article, not per page: a page puts its text
  into copies of the tokens it changes and leaves the parse as it was.
  Source text is the editor's and is trusted: its raw HTML is kept, as in
  the Markdown edition.
- A segment shown translated gets its inline tokens from the msgstr, parsed
  with raw HTML *off*: anything in a PO file reaches the page escaped. Its
  reference links (``[text][label]``) resolve against the article's own
  definitions, as in the Markdown edition (a msgstr can add none:
  ``checks.safety``).
- A segment shown as unreviewed machine translation says so:
  ``data-translation="machine"`` and ``class="machine"`` on its element
  (``MACHINE_ATTRS``), on a ``<span>`` in a tight list.
- A segment of a translated page shown in English keeps the source tokens
  and its element says so: ``lang="en"`` (and ``dir="ltr"`` on a
  right-to-left page) plus ``class="fallback"``; in a tight list, whose
  paragraphs have no element, a ``<span>`` carries the marks.
- A table is wrapped in ``<div class="table-wrap">``, which scrolls
  sideways on a narrow screen instead of the page.
- On a right-to-left page the LTR runs of translated text are isolated
  (``bidi.isolate_html`` on each text token, before escaping), code gets
  ``dir="ltr"``, and image alt texts and link titles get FSI … PDI.
- Only for ``localize serve`` (``Page.annotate``): each segment's element
  carries ``data-l10n="N"``, N its index in ``Document.segments``, so the
  translator view finds its entry; published pages never have it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline.assemble.bidi import FSI, PDI, isolate_html, isolate_plain
from pipeline.assemble.policy import Plan, Shown
from pipeline.errors import SourceError
from pipeline.markdown.document import Document, Segment

ANNOTATION = "data-l10n"
"""The attribute holding a segment's index in ``Document.segments`` on annotated pages."""
ENGLISH_MARK = "english"
"""``Token.meta`` key set on tokens shown in English on a translated page."""
MACHINE_ATTRS = (("class", "machine"), ("data-translation", "machine"))
"""What marks an element shown as unreviewed machine translation (a site may restyle it)."""


@dataclass(frozen=True)
class Page:
    """What rendering needs to know about the page a text goes on."""

    rtl: bool
    terms: tuple[str, ...]
    fallback_lang: str = "en"
    annotate: bool = False
    """Mark each segment's element with its index (``ANNOTATION``), for the translator view."""

    def english_attrs(self) -> dict[str, str]:
        attrs = {"lang": self.fallback_lang}
        if self.rtl:
            attrs["dir"] = "ltr"
        return attrs


def _text(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    page: Page | None = env.get("page")
    if page is not None and page.rtl and not token.meta.get(ENGLISH_MARK):
        return str(isolate_html(token.content, page.terms))
    return escapeHtml(token.content)


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    token.attrSet("alt", _attr_text(alt, token, env))
    return _relinked(self, tokens, idx, options, env, "src")


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any,
               env: dict[str, Any]) -> str:
    return _relinked(self, tokens, idx, options, env, "href")


def _relinked(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any],
              name: str) -> str:
    """The token with its ``name`` attribute pointed at the page's copy of a local file
    (``env["links"]``); the shared token is left as it was."""
    token = tokens[idx]
    links: dict[str, str] = env.get("links") or {}
    original = token.attrs.get(name)
    if not isinstance(original, str) or original not in links:
        return str(self.renderToken(tokens, idx, options, env))
    token.attrSet(name, links[original])
    try:
        return str(self.renderToken(tokens, idx, options, env))
    finally:
        token.attrSet(name, original)


def _attr_text(value: str, token: Token, env: dict[str, Any]) -> str:
    page: Page | None = env.get("page")
    if page is not None and page.rtl and not token.meta.get(ENGLISH_MARK):
        return isolate_plain(value, page.terms)
    return value


def _ltr_pre(default: Any) -> Any:
    """Wrap a code block rule so that ``<pre>`` gets ``dir="ltr"`` on right-to-left pages."""

    def rule(self: Any, tokens: Sequence[Token], idx: int, options: Any,
             env: dict[str, Any]) -> str:
        html = str(default(tokens, idx, options, env))
        page: Page | None = env.get("page")
        if page is not None and page.rtl and html.startswith("<pre"):
            html = '<pre dir="ltr"' + html[len("<pre"):]
        return html

    return rule


def _renderer(md: MarkdownIt) -> RendererHTML:
    return cast(RendererHTML, md.renderer)


def _table_open(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                env: dict[str, Any]) -> str:
    """A table in a box of its own that scrolls sideways on a narrow screen."""
    return '<div class="table-wrap">\n' + str(self.renderToken(tokens, idx, options, env))


def _table_close(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                 env: dict[str, Any]) -> str:
    return str(self.renderToken(tokens, idx, options, env)) + "</div>\n"


def _install_rules(md: MarkdownIt) -> MarkdownIt:
    md.add_render_rule("text", _text)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    for name in ("code_block", "fence"):
        md.add_render_rule(name, _ltr_pre(_renderer(md).rules[name]))
    return md


@lru_cache(maxsize=1)
def source_parser() -> MarkdownIt:
    """For the editor's source: raw HTML kept, front matter recognised."""
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False}).enable("table")
    return _install_rules(md.use(front_matter_plugin))


@lru_cache(maxsize=1)
def untrusted_parser() -> MarkdownIt:
    """For text from PO files: raw HTML is text, and so escaped."""
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).enable("table")
    return _install_rules(md)


def _inline_children(text: str, trusted: bool,
                     env: dict[str, Any] | None = None) -> list[Token]:
    md = source_parser() if trusted else untrusted_parser()
    tokens = md.parseInline(text, {"references": env["references"]}
                            if env and "references" in env else None)
    return list(tokens[0].children or []) if tokens else []


def _mark_english(children: list[Token]) -> None:
    for child in children:
        child.meta[ENGLISH_MARK] = True
        if child.children:
            _mark_english(child.children)


def _prepare_rtl(children: list[Token], page: Page) -> None:
    for child in children:
        if child.meta.get(ENGLISH_MARK):
            continue
        if child.type == "code_inline":
            child.attrSet("dir", "ltr")
        if child.type == "link_open" and child.attrGet("title"):
            child.attrSet("title", isolate_plain(str(child.attrGet("title")), page.terms))


def _span(attrs: dict[str, str], closing: bool = False) -> Token:
    token = Token("html_inline", "", 0)
    if closing:
        token.content = "</span>"
    else:
        rendered = "".join(f' {k}="{escapeHtml(v)}"' for k, v in attrs.items())
        token.content = f"<span{rendered}>"
    return token


def _copy(token: Token, **changes: Any) -> Token:
    """A copy of ``token`` sharing nothing a page changes (attributes, meta)."""
    fields = {name: getattr(token, name) for name in _TOKEN_FIELDS}
    fields.update(attrs=dict(token.attrs), meta=dict(token.meta))
    fields.update(changes)
    return Token(**fields)


_TOKEN_FIELDS = tuple(Token.__dataclass_fields__)


def _copied(children: list[Token]) -> list[Token]:
    """Deep copies of ``children``, for a page to change."""
    return [_copy(child, children=_copied(child.children) if child.children else child.children)
            for child in children]


@dataclass
class _Source:
    """An article's body parsed once for all its pages, which must not change these tokens."""

    doc: Document
    tokens: list[Token]
    env: dict[str, Any]
    blocks: list[tuple[int, Segment]]
    """Index of each inline token that is a segment, and the segment."""
    verbatim: list[int]
    """Index of each inline token with nothing to translate: every page shows it as it is."""
    english: dict[int, list[Token]]
    """Per block index: its children marked as shown in English (made when first needed)."""


_LAST: list[_Source] = []
_MISSING = object()


def _source(doc: Document) -> _Source:
    """The parsed body of ``doc``; the pages of one article are rendered one after another."""
    if _LAST and _LAST[0].doc is doc:
        return _LAST[0]
    md = source_parser()
    env: dict[str, Any] = {}
    tokens = md.parse(doc.source, env)
    queue = iter(doc.blocks)  # the same inline blocks, in the same order
    blocks = []
    verbatim = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.map:
            continue
        block = next(queue, _MISSING)
        if block is None:
            verbatim.append(index)  # nothing to translate: shown as the source has it
            continue
        segment = block if isinstance(block, Segment) else None
        if segment is None or segment.line != token.map[0] + 1:
            raise SourceError(doc.path, "cannot match this block to its PO entry; "
                              "run `localize extract` again", token.map[0] + 1)
        blocks.append((index, segment))
    _LAST[:] = [_Source(doc, tokens, env, blocks, verbatim, {})]
    return _LAST[0]


def _fill(tokens: list[Token], index: int, source: _Source, segment: Segment, plans: Plan,
          page: Page) -> None:
    """Put the page's text of ``segment`` in ``tokens[index]`` (copies: ``source`` stays)."""
    block = tokens[index]
    choice = plans.choice(segment.text)
    children = block.children or []
    attrs: dict[str, str] = {}
    if choice.shown in (Shown.REVIEWED, Shown.MACHINE):
        children = _inline_children(choice.text, trusted=False, env=source.env)
        if choice.shown is Shown.MACHINE:
            attrs = dict(MACHINE_ATTRS)
    elif choice.shown is Shown.ENGLISH:
        if index not in source.english:
            source.english[index] = _copied(children)
            _mark_english(source.english[index])
        children = source.english[index]
        attrs = {**page.english_attrs(), "class": "fallback"}
    if attrs:
        opener = tokens[index - 1]
        if opener.hidden:
            children = [_span(attrs), *children, _span({}, closing=True)]
        else:
            opener = tokens[index - 1] = _copy(opener)
            for name, value in attrs.items():
                opener.attrSet(name, value)
    elif page.rtl:
        children = _copied(children)  # _prepare_rtl changes them
    if page.rtl:
        _prepare_rtl(children, page)
    if children is not block.children:
        tokens[index] = _copy(block, children=children)


def _annotate(tokens: list[Token], index: int, number: int) -> None:
    """Mark the element of the block at ``index`` (a span where it has none) with ``number``."""
    opener = tokens[index - 1]
    if opener.hidden:
        block = tokens[index]
        marked = [_span({ANNOTATION: str(number)}), *(block.children or []),
                  _span({}, closing=True)]
        tokens[index] = _copy(block, children=marked)
    else:
        opener = tokens[index - 1] = _copy(opener)
        opener.attrSet(ANNOTATION, str(number))


def render_body(doc: Document, plans: Plan, page: Page, shift: int = 0,
                links: dict[str, str] | None = None) -> str:
    """The article body (everything but the front matter) as HTML for one page; headings
    ``shift`` levels down (at most to ``h6``); local file references as in ``links``."""
    md = source_parser()
    source = _source(doc)
    tokens = list(source.tokens)
    numbers = {id(segment): n for n, segment in enumerate(doc.segments)} if page.annotate else {}
    for index, segment in source.blocks:
        _fill(tokens, index, source, segment, plans, page)
        if page.annotate:
            _annotate(tokens, index, numbers[id(segment)])
    if page.rtl:  # code and Latin runs of the blocks nobody translates are isolated too
        for index in source.verbatim:
            children = _copied(tokens[index].children or [])
            _prepare_rtl(children, page)
            tokens[index] = _copy(tokens[index], children=children)
    if shift:
        tokens = [_shifted(token, shift) if token.type in _HEADING_TOKENS else token
                  for token in tokens]
    env = {**source.env, "page": page, "links": links or {}}
    return str(md.renderer.render(tokens, md.options, env))


_HEADING_TOKENS = ("heading_open", "heading_close")


def _shifted(token: Token, shift: int) -> Token:
    level = min(int(token.tag[1:]) + shift, 6)
    return _copy(token, tag=f"h{level}")


def render_inline(text: str, shown: Shown, page: Page) -> str:
    """One line of inline Markdown (a title) as HTML; PO text with raw HTML off."""
    trusted = shown in (Shown.ORIGINAL, Shown.ENGLISH)
    children = _inline_children(text, trusted)
    if shown is Shown.ENGLISH:
        _mark_english(children)
    if page.rtl:
        _prepare_rtl(children, page)
    md = source_parser() if trusted else untrusted_parser()
    return _renderer(md).renderInline(children, md.options, {"page": page})


def plain_text(text: str, shown: Shown, page: Page) -> str:
    """Inline Markdown as plain text (for ``<title>`` and meta), isolated on RTL pages."""
    md = untrusted_parser()
    children = _inline_children(text, trusted=False)
    flat = _renderer(md).renderInlineAsText(children, md.options, {})
    flat = " ".join(flat.split())
    if not page.rtl:
        return flat
    if shown is Shown.ENGLISH:
        return f"{FSI}{flat}{PDI}"
    return isolate_plain(flat, page.terms)
