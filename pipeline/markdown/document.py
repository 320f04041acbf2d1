"""A Markdown article as a list of translatable segments that can be put back.

Parsing is done by markdown-it-py (CommonMark, with GFM tables) and YAML
front matter; no regular expression decides what a block is. The rules:

- One segment per leaf block that holds inline text: heading, paragraph
  (inside list items and block quotes too, nested ones separately), each
  table cell, and the text fields of the front matter (``title``,
  ``description`` … see ``TEXT_FIELDS``; the setting ``front_matter_fields``
  changes the list).
- Inline markup stays in the segment's text (``**bold**``, ``[a](url)``,
  ``![alt](src)``) so translators see it. Code blocks, HTML blocks and
  comments, and the other front-matter keys are never segments; nor is a
  block with nothing to translate (``words.has_words``: only inline HTML,
  images without alternative text, URLs, code, numbers, symbols).
- A segment's text joins the block's lines: a soft line break becomes one
  space, a hard break is kept as a backslash and newline (``"\\\\\\n"``).
- Collapsed and shortcut reference links (``[text][]``, ``[text]``) are
  written as full references (``[text][text]``) in the segment's text, so a
  translator can translate the text without breaking the link.
- Hostile input fails cleanly with ``SourceError``: a file over the size
  limit is not read; markdown-it caps block nesting (deeper ``>`` or lists
  become text) and any recursion that still runs too deep is an error, as
  are YAML aliases in the front matter (a "billion laughs" expands a few
  lines into gigabytes).
- The front matter is read when the document is loaded (its errors are
  reported then); the body is parsed when its segments are first asked for,
  inline Markdown only where a rule needs it, so a stage that only needs
  the slug does not pay for it.
- Rebuilding replaces each segment's source span with its translation and
  copies every other byte. A segment whose translation equals its text keeps
  its original lines, so an identity translation gives back the source
  byte for byte.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline.errors import SourceError
from pipeline.markdown.blocks import dispatch_by_first_character
from pipeline.markdown.frontmatter import read_front_matter
from pipeline.markdown.words import has_words
from pipeline.project.settings import TEXT_FIELDS
from pipeline.runtime.confine import OutsideProject, read_inside

_MARKER_PREFIX = re.compile(r"[ \t>*+\-#\d.)]*")
_HARD_BREAK = re.compile(r" {2,}$")
_LINE_END_MARKS = (" ", "\t", "\\")
"""The last characters of a line that make its break more than a soft one (or are trimmed)."""
_LIST_MARKERS = re.compile(r"[*+\-\d.)#]")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)", re.DOTALL)
_SHORT_REFERENCE = re.compile(r"(?<![\]\\])(!?)\[((?:[^\[\]\\]|\\.)+)\](?:\[\])?(?![\[(])")


@dataclass(frozen=True)
class Segment:
    """One translatable piece of a document."""

    text: str
    """The msgid: inline Markdown of the block, lines joined as described above."""
    kind: str
    """What the block is, for the translator (``Heading 2``, ``List item``, ``Table cell``)."""
    line: int
    """1-based line of the block in the source file."""


@dataclass
class _Span:
    """Where a segment lives in the source and how to write a translation back."""

    segment: Segment
    first: int  # 0-based index of the first source line
    count: int  # number of source lines the text occupies
    prefix: str  # what precedes the text on its first line
    suffix: str  # what follows the text on its last line (ATX closing #s)
    cont_prefix: str  # prefix for continuation lines of a translation


@dataclass
class _Row:
    """A table row: its cells are replaced together."""

    index: int
    cells: list[Segment]


@dataclass
class _Field:
    """A front-matter value: a slice of the source text."""

    segment: Segment
    start: int
    end: int


@dataclass
class _Body:
    """What parsing the Markdown gives: the segments and how to put translations back."""

    segments: list[Segment] = field(default_factory=list)
    spans: list[_Span] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)
    fields: list[_Field] = field(default_factory=list)
    blocks: list[Segment | None] = field(default_factory=list)
    """Per inline block of the body, in order: its segment, or None (nothing to translate)."""
    lines: list[str] = field(default_factory=list)
    """The source's lines (with their endings), as rebuilding splits them."""


@dataclass
class Document:
    """A Markdown source: its front matter at once, its segments (in order) when first asked for."""

    path: Path
    source: str
    front_matter: dict[str, object] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    """The line of each front-matter key (``slug``: where a reserved slug is reported)."""
    text_fields: tuple[str, ...] = field(default=TEXT_FIELDS, repr=False, compare=False)
    _front: _Body = field(default_factory=_Body, repr=False, compare=False)
    """The segments of the front matter, read at load time."""
    _body: _Body | None = field(default=None, repr=False, compare=False)

    @property
    def slug(self) -> str:
        """The article's slug: the ``slug`` front-matter key, or the file name."""
        value = self.front_matter.get("slug")
        return str(value) if isinstance(value, str) and value else self.path.stem

    @property
    def segments(self) -> list[Segment]:
        return self._parsed().segments

    @property
    def blocks(self) -> list[Segment | None]:
        """markdown-it's inline tokens that have a line map (front matter aside), in order:
        the segment of each, or ``None`` for one with nothing to translate."""
        return self._parsed().blocks

    @property
    def _spans(self) -> list[_Span]:
        return self._parsed().spans

    @property
    def _rows(self) -> list[_Row]:
        return self._parsed().rows

    @property
    def _fields(self) -> list[_Field]:
        return self._parsed().fields

    def _parsed(self) -> _Body:
        if self._body is None:
            self._body = _parse_body(self)
        return self._body

    def rebuild(
        self, translate: Callable[[Segment], str | None], *, rewrite_all: bool = False
    ) -> str:
        """The document with each segment replaced by ``translate(segment)``.

        ``None`` or the segment's own text keeps the source bytes of that
        segment (so untranslated text falls back to the original), unless
        ``rewrite_all`` asks to write every returned text through the
        translation path (the round-trip tests use this).
        """
        return _rebuild(self, translate, rewrite_all)


def parse_file(
    path: Path,
    display: str | None = None,
    text_fields: tuple[str, ...] = TEXT_FIELDS,
    max_bytes: int | None = None,
    root: Path | None = None,
) -> Document:
    """Read and parse a Markdown file; errors name the file and line.

    A file over ``max_bytes`` is refused before it is read into memory; one
    whose real path is not inside ``root`` (the project; default: the folder
    holding it) is not read at all (``runtime.confine``).
    """
    shown = Path(display) if display else path
    try:
        raw = read_inside(root, path, str(shown), max_bytes)
    except OSError as exc:
        raise SourceError(shown, f"cannot read: {exc.strerror or exc}") from exc
    except OutsideProject as exc:
        raise SourceError(shown, str(exc).removeprefix(f"{shown}: ")) from None
    if max_bytes is not None and len(raw) > max_bytes:
        raise SourceError(
            shown,
            f"is larger than {max_bytes:,} bytes; split the article, "
            "or raise max_source_bytes in [tool.localize]",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            shown, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line
        ) from exc
    return parse_text(text, shown, text_fields)


def parse_text(text: str, path: Path, text_fields: tuple[str, ...] = TEXT_FIELDS) -> Document:
    """Parse Markdown ``text`` (already decoded) that came from ``path``.

    ``text_fields`` names the front-matter keys whose string values are translated.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    doc = Document(path=path, source=text, text_fields=text_fields)
    try:
        token = _front_matter_token(text)
    except RecursionError:
        raise SourceError(path, "is nested too deeply to be parsed") from None
    if token is not None:
        doc.front_matter = _read_front_matter(doc, token, doc._front)
    return doc


def _parse_body(doc: Document) -> _Body:
    body = _Body(lines=doc.source.splitlines(keepends=True))
    env: dict[str, Any] = {}
    try:
        tokens = _markdown().parse(doc.source, env)
        references = set(env.get("references", {}))
        _collect(doc, body, tokens, body.lines, references, env)
    except RecursionError:
        raise SourceError(doc.path, "is nested too deeply to be parsed") from None
    return body


# A line that may close front matter (``_front_matter_rule`` decides): dashes or
# ``...`` with nothing but blanks around them.
_FRONT_MATTER_END = re.compile(r"^[ \t]*(?:-{3,}|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def _front_matter_token(text: str) -> Token | None:
    """The front matter token a full parse of ``text`` would start with, found cheaply.

    The rule looks at the lines up to the first one that closes the block,
    so parsing the text up to the first line that might close it gives the
    same token when it finds one; otherwise the whole text is parsed.
    """
    if not text.startswith("-"):
        return None  # the rule wants "-" as the very first character
    first_end = text.find("\n")
    candidate = _FRONT_MATTER_END.search(text, first_end + 1) if first_end >= 0 else None
    if candidate is not None:
        end = text.find("\n", candidate.end())
        token = _first_front_matter(text if end < 0 else text[: end + 1])
        if token is not None:
            return token
    return _first_front_matter(text)


def _first_front_matter(text: str) -> Token | None:
    tokens = _markdown().parse(text)
    return tokens[0] if tokens and tokens[0].type == "front_matter" else None


@functools.cache
def _markdown() -> MarkdownIt:
    """The block parser: inline content is parsed only where a rule needs it (images)."""
    _quiet_block_rules()
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("inline")
    return dispatch_by_first_character(md)


_LOGGING_RULES = ("blockquote", "code", "fence", "heading", "hr", "html_block", "lheading", "list",
                  "paragraph", "reference")
"""markdown-it's block rules that call ``LOGGER.debug`` each time they are tried."""


class _Silent:
    """A logger that does nothing, for the block rules while their debug logging is off."""

    @staticmethod
    def debug(*args: object) -> None:
        return None


def _quiet_block_rules() -> None:
    """Every block rule logs, at debug level, each time it is tried on a line: a million
    calls for 200 articles, a tenth of the parse, though nothing is logged. While debug
    logging is off for a rule's module (as in this tool), it gets a logger that does nothing;
    turn debug logging on before the first parse to see markdown-it's messages."""
    for name in _LOGGING_RULES:
        module = importlib.import_module(f"markdown_it.rules_block.{name}")
        logger = getattr(module, "LOGGER", None)
        if isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
            setattr(module, "LOGGER", _Silent)  # noqa: B010 - markdown-it declares no such name


def _collect(
    doc: Document,
    body: _Body,
    tokens: list[Token],
    lines: list[str],
    references: set[str],
    env: dict[str, Any],
) -> None:
    containers: list[str] = []
    row: _Row | None = None
    heading: str | None = None
    for token in tokens:
        if token.type == "front_matter":
            body.segments.extend(doc._front.segments)  # read at load time
            body.fields.extend(doc._front.fields)
        elif token.type in ("list_item_open", "blockquote_open"):
            containers.append("List item" if token.type == "list_item_open" else "Block quote")
        elif token.type in ("list_item_close", "blockquote_close"):
            containers.pop()
        elif token.type == "heading_open":
            heading = f"Heading {token.tag[1:]}"
        elif token.type == "heading_close":
            heading = None
        elif token.type == "tr_open" and token.map:
            row = _Row(index=token.map[0], cells=[])
            body.rows.append(row)
        elif token.type == "tr_close":
            row = None
        elif token.type == "inline" and token.map:
            if row is not None:
                body.blocks.append(_add_cell(body, row, token, references, env))
            else:
                kind = heading or (containers[-1] if containers else _paragraph_kind(token, env))
                body.blocks.append(_add_span(body, token, lines, kind, references, env))


def _paragraph_kind(token: Token, env: dict[str, Any]) -> str:
    """``Image`` for a paragraph made only of images, else ``Paragraph``."""
    if "![" not in token.content:
        return "Paragraph"  # every image starts so
    children: list[Token] = []
    _markdown().inline.parse(token.content, _markdown(), env, children)
    images = [c for c in children if c.type == "image"]
    rest = [c for c in children if c.type not in ("image", "softbreak") and c.content.strip()]
    return "Image" if images and not rest else "Paragraph"


def _segment_text(content: str) -> str:
    """Join a block's lines: soft breaks become spaces, hard breaks become ``\\`` + newline."""
    out_lines = content.split("\n")
    if not any(line[-1:] in _LINE_END_MARKS for line in out_lines[:-1]):
        return " ".join(out_lines).strip()  # soft breaks only (or one line)
    parts: list[str] = []
    for i, line in enumerate(out_lines):
        last = i == len(out_lines) - 1
        if not last and _HARD_BREAK.search(line):
            parts.append(_HARD_BREAK.sub("", line) + "\\\n")
        elif not last and line.endswith("\\"):
            parts.append(line + "\n")
        else:
            parts.append(line if last else line.rstrip(" \t") + " ")
    return "".join(parts).strip()


def _full_references(text: str, references: set[str]) -> str:
    """``[text][]`` and ``[text]`` written as ``[text][text]`` where ``text`` is a defined label."""
    if not references or "[" not in text:
        return text
    # Brackets inside code spans are not link syntax: match on a copy with code masked.
    masked = _CODE_SPAN.sub(lambda m: "\0" * len(m.group(0)), text)
    parts: list[str] = []
    position = 0
    for match in _SHORT_REFERENCE.finditer(masked):
        label = text[match.start(2) : match.end(2)]
        if normalizeReference(label) not in references:
            continue
        parts.append(text[position : match.start()])
        parts.append(f"{match.group(1)}[{label}][{label}]")
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


def _add_span(body: _Body, token: Token, lines: list[str], kind: str, references: set[str],
              env: dict[str, Any]) -> Segment | None:
    assert token.map is not None
    text = _full_references(_segment_text(token.content), references)
    if not has_words(text, env):
        return None  # nothing to translate: the source is copied, as for a code block
    first = token.map[0]
    content_lines = token.content.split("\n")
    segment = Segment(text=text, kind=kind, line=first + 1)
    source_first = lines[first].rstrip("\r\n")
    start = _content_start(source_first, content_lines[0])
    count = len(content_lines)
    source_last = lines[first + count - 1].rstrip("\r\n")
    last_start = start if count == 1 else _content_start(source_last, content_lines[-1])
    end = last_start + len(content_lines[-1])
    suffix = source_last[end:] if kind.startswith("Heading") else ""
    if count > 1:
        second = lines[first + 1].rstrip("\r\n")
        cont_prefix = second[: _content_start(second, content_lines[1])]
    else:
        cont_prefix = _LIST_MARKERS.sub(" ", source_first[:start])
    body.segments.append(segment)
    body.spans.append(_Span(segment, first, count, source_first[:start], suffix, cont_prefix))
    return segment


def _content_start(source_line: str, content_line: str) -> int:
    """Column where ``content_line`` starts in ``source_line`` after block markers."""
    marker_end = _MARKER_PREFIX.match(source_line)
    limit = marker_end.end() if marker_end else 0
    for i in range(min(limit, len(source_line)), -1, -1):
        if source_line.startswith(content_line, i):
            return i
    found = source_line.find(content_line)
    return found if found >= 0 else len(source_line) - len(source_line.lstrip())


def _add_cell(body: _Body, row: _Row, token: Token, references: set[str],
              env: dict[str, Any]) -> Segment | None:
    assert token.map is not None
    text = _full_references(token.content.strip(), references)
    if not has_words(text, env):
        text = ""  # kept in its row as it is, like an empty cell
    segment = Segment(text=text, kind="Table cell", line=token.map[0] + 1)
    row.cells.append(segment)
    if not text:
        return None
    body.segments.append(segment)
    return segment


def _read_front_matter(doc: Document, token: Token, front: _Body) -> dict[str, object]:
    """The front matter's data; its text fields become segments of ``front``."""
    matter = read_front_matter(token.content, doc.path, doc.text_fields)
    offset = doc.source.index(token.content) if token.content else 0
    doc.key_lines.update(matter.key_lines)
    for found in matter.fields:
        if not has_words(found.text):
            continue
        segment = Segment(text=found.text, kind=f"Front matter: {found.key}", line=found.line)
        front.segments.append(segment)
        front.fields.append(_Field(segment, offset + found.start, offset + found.end))
    return matter.data


# --- rebuilding -------------------------------------------------------------


def _rebuild(doc: Document, translate: Callable[[Segment], str | None], rewrite_all: bool) -> str:
    def changed(segment: Segment) -> str | None:
        result = translate(segment)
        if result is None or (result == segment.text and not rewrite_all):
            return None
        return result

    text = _replace_fields(doc, changed)
    source_lines = doc._parsed().lines
    lines = source_lines if text is doc.source else text.splitlines(keepends=True)
    shift = len(lines) - len(source_lines)
    replacements: dict[int, tuple[int, list[str]]] = {}
    for span in doc._spans:
        new = changed(span.segment)
        if new is not None:
            replacements[span.first + shift] = (span.count, _span_lines(span, new, lines, shift))
    for row in doc._rows:
        new_row = _row_line(row, changed, lines[row.index + shift])
        if new_row is not None:
            replacements[row.index + shift] = (1, [new_row])
    out: list[str] = []
    i = 0
    for start in sorted(replacements):  # copy the lines between replacements in slices
        if start >= len(lines):
            break
        if start < i:
            continue  # inside a replacement already made (or before the first line)
        out.extend(lines[i:start])
        count, new_lines = replacements[start]
        out.extend(new_lines)
        i = start + count
    out.extend(lines[i:])
    return "".join(out)


def _replace_fields(doc: Document, changed: Callable[[Segment], str | None]) -> str:
    text = doc.source
    for fld in sorted(doc._fields, key=lambda f: f.start, reverse=True):
        new = changed(fld.segment)
        if new is not None:
            text = text[: fld.start] + _yaml_string(new) + text[fld.end :]
    return text


def _yaml_string(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _line_ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :] or "\n"


def _span_lines(span: _Span, new: str, lines: list[str], shift: int) -> list[str]:
    ending = _line_ending(lines[span.first + shift + span.count - 1])
    if "\n" not in new:
        return [span.prefix + new + span.suffix + ending]
    parts = new.split("\n")
    out = [span.prefix + parts[0]]
    out.extend(span.cont_prefix + part for part in parts[1:])
    out[-1] += span.suffix
    return [line + ending for line in out]


def _split_row(line: str) -> list[str]:
    return list(_iter_cells(line.rstrip("\r\n")))


def _iter_cells(body: str) -> Iterator[str]:
    start = 0
    for match in _UNESCAPED_PIPE.finditer(body):
        pipe = match.end() - 1
        yield body[start:pipe]
        start = pipe + 1
    yield body[start:]


def _row_line(row: _Row, changed: Callable[[Segment], str | None], line: str) -> str | None:
    news = [changed(cell) if cell.text else None for cell in row.cells]
    if all(new is None for new in news):
        return None
    raw_cells = _split_row(line)
    lead = raw_cells[0].strip() == ""
    trail = len(raw_cells) > 1 and raw_cells[-1].strip() == ""
    inner = raw_cells[1 if lead else 0 : len(raw_cells) - 1 if trail else None]
    while len(inner) < len(row.cells):
        inner.append("")
    for i, new in enumerate(news):
        if new is not None:
            inner[i] = " " + new.replace("\n", " ").replace("|", "\\|") + " "
    indent = line[: len(line) - len(line.lstrip(" "))] if lead else ""
    text = "|".join(inner)
    if lead:
        text = indent + "|" + text
    if trail:
        text = text + "|"
    return text + _line_ending(line)
