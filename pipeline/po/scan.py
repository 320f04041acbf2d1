"""Reading the entries of a PO file for assemble, a block at a time.

``catalog.load_po`` reads every PO file line by line (``po.reader``);
assemble reads two thousand of them and needs little of each entry. This
reader gives, for a file in the plain layout gettext tools and this
pipeline write, the very entries ``catalog.load_po`` gives, with the
fields assemble uses (``msgctxt``, ``msgid``, ``msgstr``, ``flags``,
``tcomment``, ``previous_msgid``…, ``linenum``: all ``marks.Marked``
holds); the others (references, extracted comments) are left empty.

Rules:

- It accepts a file only when ``reader`` would read it the same way: the
  header as ``reader`` reads it, then entries made of comment lines
  (``#``, ``# …``, ``#. …``, ``#: …``, ``#, …``, ``#| …``), an optional
  ``msgctxt``, ``msgid`` and ``msgstr`` with their continuation strings,
  each followed by one blank line (the last by none or one), strings with
  only the escapes both readers decode, no line ending in a blank, no two
  entries with one key, no character ``catalog`` or ``reader`` treats
  specially (NUL, BEL, carriage return, other line breaks).
- Anything else (plural forms, obsolete entries, any other layout, a
  broken file) goes to ``catalog.load_po``, which reads it or words the
  error with ``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

import polib

from pipeline.errors import OutputError, PoFileError
from pipeline.po import catalog, header, reader
from pipeline.po.marks import Marked, marked, marked_entries
from pipeline.project.languages import Language
from pipeline.runtime.confine import read_inside

# Characters either reader refuses or reads in a way of its own: catalog's
# prechecks (NUL, BEL, carriage return, what str.splitlines() breaks at) and
# reader's ``_AWKWARD``. None may be anywhere in a file this reader accepts.
_PLAIN = r"[^\n\x00\x07\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"
_SPECIAL = re.compile(r"[\x00\x07\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BODY = _PLAIN.replace("[^", '[^"\\\\')  # neither quote nor backslash
_STRING = rf'"{_BODY}*(?:\\[\\\\"ntrvbf]{_BODY}*)*"'
# A comment line polib keeps and reader reads, not ending in a blank.
_COMMENT = rf"#(?:[.:,|]? {_PLAIN}*[^\s\x00\x07\x1c\x1d\x1e\x85\u2028\u2029])?\n"
_ENTRY = re.compile(
    rf"(?P<comments>(?:{_COMMENT})*)"
    rf"(?:msgctxt (?P<msgctxt>{_STRING}(?:\n{_STRING})*)\n)?"
    rf"msgid (?P<msgid>{_STRING}(?:\n{_STRING})*)\n"
    rf"msgstr (?P<msgstr>{_STRING}(?:\n{_STRING})*)\n"
    r"(?:\n|\Z)"
)
_UNESCAPE = re.compile(r'\\([\\"ntrvbf])')
_UNESCAPED = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b",
              "f": "\f"}
_PREVIOUS = {'msgid "': "previous_msgid", 'msgctxt "': "previous_msgctxt",
             'msgid_plural "': "previous_msgid_plural"}


class _Unsure(Exception):
    """Not in the layout this reader knows: ``catalog.load_po`` reads the file."""


def read_entries(path: Path, display: str, raw: bytes | None = None,
                 root: Path | None = None, lang: Language | None = None,
                 skip: Collection[str] = ()) -> dict[str, Marked]:
    """``marks.marked_entries(catalog.load_po(path, display, root, lang, skip))``, for the
    same file.

    ``raw``: the file's bytes, if the caller has just read them.
    """
    try:
        raw = read_inside(root, path, display) if raw is None else raw
        text = catalog.normalized(raw).decode("utf-8")
        if lang is not None:
            header.require_text_fits(text, lang, display, skip)
        return _scan(text)
    except (OSError, UnicodeDecodeError, _Unsure, OutputError, PoFileError):
        return marked_entries(catalog.load_po(path, display, root, lang, skip))


def _scan(text: str) -> dict[str, Marked]:
    end = text.find("\n\n") + 1
    if end <= 0 or _SPECIAL.search(text, 0, end) or "#~" in text[:end]:
        raise _Unsure
    header = reader.read(text[:end])
    if header is None or len(header[0]):
        raise _Unsure  # not a header alone, or one reader does not read
    found: dict[str, Marked] = {}
    keys: set[tuple[str | None, str]] = set()
    line = text.count("\n", 0, end) + 2
    pos = end + 1
    for match in _ENTRY.finditer(text, pos):
        if match.start() != pos:
            raise _Unsure  # something between two entries that is not an entry
        comments, context, msgid, msgstr = match.groups()
        msgid = _string(msgid)
        key = (None if context is None else _string(context), msgid)
        if key in keys or not msgid:
            raise _Unsure  # reader leaves duplicates and a second header to polib
        keys.add(key)
        if not key[0]:
            msgstr = _string(msgstr)
            if "#," in comments or "#|" in comments or _TRANSLATOR.search(comments):
                found[msgid] = _commented(comments, msgid, msgstr, line)
            else:
                found[msgid] = Marked(msgstr, False, False, False, line)
        elif "#|" in comments:
            _commented(comments, msgid, "", line)  # only to check the #| lines
        pos = match.end()
        line += text.count("\n", match.start(), pos)
    if pos != len(text):
        raise _Unsure
    return found


def _string(lines: str) -> str:
    """The value of one or more string lines (quotes, line breaks and escapes undone)."""
    body = lines[1:-1]
    if '"' in body:
        body = body.replace('"\n"', "")
    if "\\" in body:
        return _UNESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], body)
    return body


def _commented(comments: str, msgid: str, msgstr: str, line: int) -> Marked:
    """An entry with flags or previous strings, read as polib has it."""
    entry = reader.new_entry(msgid=msgid, msgstr=msgstr, linenum=line)
    field = ""
    for text in comments[:-1].split("\n"):
        kind = text[1:2]
        if kind == " " or text == "#":
            body = text[2:]
            entry.tcomment = f"{entry.tcomment}\n{body}" if entry.tcomment else body
        elif kind == ",":
            entry.flags += [flag.strip() for flag in text[3:].split(",")]
        elif kind == "|":
            field = _previous(entry, text[3:], field)
    return marked(entry)


def _previous(entry: polib.POEntry, body: str, field: str) -> str:
    """One ``#|`` line, as ``reader`` reads it; the field a continuation would extend."""
    if body[:1] == '"':
        if not field or _STRING_LINE.fullmatch(body) is None:
            raise _Unsure
        setattr(entry, field, getattr(entry, field) + _string(body))
        return field
    for prefix, name in _PREVIOUS.items():
        if body.startswith(prefix):
            value = body[len(prefix) - 1:]
            if getattr(entry, name) is not None or _STRING_LINE.fullmatch(value) is None:
                raise _Unsure
            setattr(entry, name, _string(value))
            return name
    raise _Unsure


_STRING_LINE = re.compile(_STRING)
_TRANSLATOR = re.compile(r"^#(?: |$)", re.MULTILINE)
"""A translator comment line (``# …`` or a lone ``#``), where the pipeline's marks live."""
