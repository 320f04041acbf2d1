"""A fast reader for PO files in the plain layout gettext tools write.

``catalog.parse_po`` runs the strict scanner (``syntax``) and then polib:
two passes of Python over every line. This reader does both jobs in one
pass, for files that keep to the layout msgcat, msgmerge and our own writer
produce, and gives exactly what those two would give: the same
``polib.POFile`` (entries, header, metadata, line numbers, even polib's
quirks) and the same ``syntax.PoLayout``.

Rules:

- It accepts only what it fully understands: comment lines ``#``, ``# …``,
  ``#. …``, ``#: …``, ``#, …``, previous strings ``#| …``, obsolete lines
  ``#~ …`` and ``#~| …``, keyword lines ``msgctxt``/``msgid``/
  ``msgid_plural``/``msgstr``/``msgstr[N]`` with one space before the
  string, continuation strings, blank lines; strings with only the escapes
  polib and the scanner both decode; entries in gettext's order.
- Anything else, and anything the scanner or polib would refuse or read in
  a way of its own (duplicates, a missing header, wrong plural forms, blanks
  or odd line breaks inside lines), makes it return ``None``: the caller
  then takes the slow path, which words the error.
"""

from __future__ import annotations

import re

import polib

from pipeline.po import syntax

_BODY = re.compile(r'(?:[^"\\]|\\[\\"ntrvbf])*')
_UNESCAPE = re.compile(r'\\([\\"ntrvbf])')
_UNESCAPED = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b",
              "f": "\f"}
# Characters str.splitlines() breaks at besides \n (polib splits there, the scanner does not).
# Blanks at either end of a line (both strip them) are refused line by line.
_AWKWARD = re.compile(r"[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_KEYWORDS = {word: word for word in ("msgid", "msgstr", "msgctxt", "msgid_plural")}
_PREVIOUS = {
    'msgid "': "previous_msgid",
    'msgctxt "': "previous_msgctxt",
    'msgid_plural "': "previous_msgid_plural",
}
# Where each state may go next (gettext's order inside one entry).
_AFTER = {
    "none": {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgid_plural", "msgstr"},
    "msgid_plural": {"msgstr[n]"},
    "msgstr": set(),
    "msgstr[n]": {"msgstr[n]"},
}


_BLANK = polib.POEntry().__dict__
"""The attributes the installed polib gives a new entry."""
_CONTAINERS = tuple(name for name, value in _BLANK.items() if isinstance(value, list | dict))


def new_entry(**fields: object) -> polib.POEntry:
    """``polib.POEntry(**fields)`` without polib's keyword handling (a third of the cost)."""
    entry: polib.POEntry = polib.POEntry.__new__(polib.POEntry)
    attributes = entry.__dict__
    attributes.update(_BLANK)
    for name in _CONTAINERS:
        attributes[name] = type(_BLANK[name])()
    attributes.update(fields)
    return entry


class _Fallback(Exception):
    """The text is not in the plain layout: let the slow path read it."""


def _string(literal: str) -> str:
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        raise _Fallback
    body = literal[1:-1]
    if "\\" in body:
        if _BODY.fullmatch(body) is None:
            raise _Fallback
        return _UNESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], body)
    if '"' in body:
        raise _Fallback
    return body


class _Entry:
    """An entry being read: the polib entry and what the scanner would note about it."""

    __slots__ = ("po", "state", "field", "obsolete", "msgid_line", "msgstr_line", "forms", "parts")

    def __init__(self, line: int) -> None:
        self.po = new_entry(linenum=line)
        self.state = "none"
        self.field = ""  # the attribute a continuation line extends
        self.obsolete: bool | None = None
        self.msgid_line = 0
        self.msgstr_line = 0
        self.forms = 0
        self.parts: list[tuple[int, str]] | None = None  # the header's msgstr lines


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.entries: list[_Entry] = []
        self.entry: _Entry | None = None
        self.header_comments: list[str] = []
        self.in_header_comments = True
        self.closed = False  # the scanner has ended the current entry (a comment line)
        self.previous_obsolete: bool | None = None  # the last #| (False) or #~| (True) line

    # --- entries ---------------------------------------------------------

    def current(self, number: int) -> _Entry:
        """The entry a comment or keyword line belongs to, starting a new one after msgstr."""
        entry = self.entry
        if entry is None or entry.state in ("msgstr", "msgstr[n]"):
            entry = self.entry = _Entry(number if self.entries else 0)
            self.entries.append(entry)
            self.closed = False
        return entry

    def comment_target(self, number: int) -> _Entry:
        entry = self.current(number)
        if entry.state != "none":
            raise _Fallback  # a comment inside an entry: the scanner would refuse it
        return entry

    # --- lines -----------------------------------------------------------

    def run(self) -> None:
        lines = self.text.split("\n")
        for number, line in enumerate(lines, 1):
            if not line:
                self.skipped_comment()  # to the scanner a blank line ends the entry too
                continue
            first = line[0]
            if first == "#":
                self.hash_line(line, number)
            elif first == '"':
                self.continuation(line, number, obsolete=False)
            elif first == "m":
                self.keyword(line, number, obsolete=False)
            else:
                raise _Fallback
        last = next((line for line in reversed(lines) if line), "")
        if last.startswith("#") and not last.startswith("#~ "):
            raise _Fallback  # polib then drops the last entry
        if self.entry is None or self.entry.state not in ("msgstr", "msgstr[n]"):
            raise _Fallback  # no entry at all, or trailing lines polib would drop

    def hash_line(self, line: str, number: int) -> None:
        if line[-1].isspace():
            raise _Fallback
        second = line[1:2]
        if second == " " or line == "#":
            self.translator_comment(line, number)
            return
        if line.startswith("#~| ") or line in ("#.", "#:", "#,"):
            self.skipped_comment()
            if line.startswith("#~| "):
                self.previous_obsolete = True
            return
        self.in_header_comments = False
        if second == "~":
            if not line.startswith("#~ "):
                raise _Fallback
            rest = line[3:]
            if rest[:1] == '"':
                self.continuation(rest, number, obsolete=True)
            elif rest[:1] == "m":
                self.keyword(rest, number, obsolete=True)
            else:
                raise _Fallback
            return
        body = line[3:]
        if second == "." and line[2:3] == " ":
            entry = self.comment_target(number)
            entry.po.comment = f"{entry.po.comment}\n{body}" if entry.po.comment else body
        elif second == ":" and line[2:3] == " ":
            self.comment_target(number).po.occurrences.extend(_occurrences(body))
        elif second == "," and line[2:3] == " ":
            self.comment_target(number).po.flags += [flag.strip() for flag in body.split(",")]
        elif second == "|" and line[2:3] == " ":
            self.previous(body, number)
        else:
            raise _Fallback

    def skipped_comment(self) -> None:
        """A line polib ignores that, to the scanner, ends the entry before it."""
        entry = self.entry
        if entry is not None and entry.state != "none":
            if entry.state not in ("msgstr", "msgstr[n]"):
                raise _Fallback
            self.closed = True

    def translator_comment(self, line: str, number: int) -> None:
        text = line.lstrip("#")
        text = text[1:] if text.startswith(" ") else text
        if self.in_header_comments and not self.entries:
            self.header_comments.append(line[2:])
            return
        entry = self.comment_target(number)
        entry.po.tcomment = f"{entry.po.tcomment}\n{text}" if entry.po.tcomment else text

    def previous(self, body: str, number: int) -> None:
        entry = self.comment_target(number)
        self.previous_obsolete = False
        if body[:1] == '"':
            if not entry.field.startswith("previous_"):
                raise _Fallback
            setattr(entry.po, entry.field, getattr(entry.po, entry.field) + _string(body))
            return
        for prefix, name in _PREVIOUS.items():
            if body.startswith(prefix):
                if getattr(entry.po, name) is not None:
                    raise _Fallback
                setattr(entry.po, name, _string(body[len(prefix) - 1:]))
                entry.field = name
                return
        raise _Fallback

    def keyword(self, line: str, number: int, obsolete: bool) -> None:
        self.in_header_comments = False
        space = line.find(" ")
        word = _KEYWORDS.get(line[:space])
        if word is None:
            if line.startswith("msgstr["):
                self.plural_form(line, number, obsolete)
                return
            raise _Fallback
        value = _string(line[space + 1:])
        entry = self.current(number) if word in ("msgctxt", "msgid") else self.entry
        if entry is None or self.closed or word not in _AFTER[entry.state]:
            raise _Fallback
        if entry.state == "none":  # the scanner starts an entry here
            if self.previous_obsolete is not None and self.previous_obsolete != obsolete:
                raise _Fallback  # a #| line before an obsolete entry, or #~| before an active one
            self.previous_obsolete = None
        self.check_obsolete(entry, obsolete)
        entry.state = entry.field = word
        setattr(entry.po, word, value)
        if word == "msgid":
            entry.msgid_line = number
            entry.po.obsolete = 1 if obsolete else 0
        elif word == "msgstr":
            entry.msgstr_line = number
            if len(self.entries) == 1:
                entry.parts = [(number, value)]

    def plural_form(self, line: str, number: int, obsolete: bool) -> None:
        entry = self.entry
        close = line.find('] "', 7)
        index_text = line[7:close]
        if (entry is None or self.closed or close < 0 or not index_text.isdigit()
                or len(index_text) != 1):
            raise _Fallback
        if "msgstr[n]" not in _AFTER[entry.state] or int(index_text) != entry.forms:
            raise _Fallback
        self.check_obsolete(entry, obsolete)
        if entry.forms == 0:
            entry.msgstr_line = number
        entry.po.msgstr_plural[entry.forms] = _string(line[close + 2:])
        entry.field = f"msgstr_plural:{entry.forms}"
        entry.state = "msgstr[n]"
        entry.forms += 1

    def check_obsolete(self, entry: _Entry, obsolete: bool) -> None:
        if entry.obsolete is None:
            entry.obsolete = obsolete
        elif entry.obsolete != obsolete:
            raise _Fallback

    def continuation(self, line: str, number: int, obsolete: bool) -> None:
        entry = self.entry
        if entry is None or self.closed or entry.state == "none" or entry.obsolete != obsolete:
            raise _Fallback
        piece = _string(line)
        name = entry.field
        if name.startswith("msgstr_plural:"):
            index = int(name.split(":")[1])
            entry.po.msgstr_plural[index] += piece
        elif name.startswith("previous_"):
            raise _Fallback  # a #| string continued by a plain one
        else:
            setattr(entry.po, name, getattr(entry.po, name) + piece)
            if entry.parts is not None and name == "msgstr":
                entry.parts.append((number, piece))


def _occurrences(body: str) -> list[tuple[str, str]]:
    found = []
    for occurrence in body.split():
        name, _, line = occurrence.rpartition(":")
        if not _ or not line.isdigit():
            found.append((occurrence, ""))
        else:
            found.append((name, line))
    return found


def read(text: str, wrapwidth: int = 79) -> tuple[polib.POFile, syntax.PoLayout] | None:
    """What ``polib.pofile`` and ``syntax.scan`` give for ``text``, or ``None`` if unsure."""
    if _AWKWARD.search(text):
        return None
    reader = _Reader(text)
    try:
        reader.run()
        return _finish(reader, wrapwidth)
    except _Fallback:
        return None


def _finish(reader: _Reader, wrapwidth: int) -> tuple[polib.POFile, syntax.PoLayout]:
    header, *entries = reader.entries
    if bool(header.obsolete) or header.po.msgid != "" or header.po.msgctxt is not None:
        raise _Fallback
    layout = syntax.PoLayout(header_line=header.msgid_line)
    _header_fields(header, layout)
    po = polib.POFile(wrapwidth=wrapwidth, encoding=polib.detect_encoding(reader.text))
    po.header = "\n".join(reader.header_comments)
    po.metadata_is_fuzzy = header.po.flags
    po.metadata = _metadata(header.po.msgstr)
    seen: set[tuple[str | None, str, bool]] = set()
    for entry in reader.entries:
        key = (entry.po.msgctxt, entry.po.msgid, bool(entry.obsolete))
        if key in seen or (entry is not header and entry.po.msgid == ""):
            raise _Fallback
        seen.add(key)
        _check_plurals(entry, layout.nplurals)
        layout.entries.append(syntax.EntryPosition(
            entry.po.msgctxt, entry.po.msgid, bool(entry.obsolete), entry.msgid_line,
            entry.msgstr_line))
    if _polib_duplicates(entries):
        raise _Fallback
    po.extend(entry.po for entry in entries)
    return po, layout


def _polib_duplicates(entries: list[_Entry]) -> bool:
    """polib's own duplicate rule: the key of a live entry seen again later."""
    live: set[tuple[str | None, str]] = set()
    for entry in entries:
        key = (entry.po.msgctxt, entry.po.msgid)
        if key in live:
            return True
        if not entry.obsolete:
            live.add(key)
    return False


def _check_plurals(entry: _Entry, nplurals: int | None) -> None:
    if entry.state != "msgstr[n]" or nplurals is None or entry.obsolete:
        return
    if entry.forms != nplurals:
        raise _Fallback


def _header_fields(header: _Entry, layout: syntax.PoLayout) -> None:
    """The scanner's reading of the header lines (``syntax._Scanner.header``)."""
    pending = ""
    start = header.msgstr_line
    for line, piece in header.parts or []:
        if not pending:
            start = line
        pending += piece
        while "\n" in pending:
            head, pending = pending.split("\n", 1)
            _header_line(head, start, layout)
            start = line
    if pending:
        _header_line(pending, start, layout)


def _header_line(text: str, line: int, layout: syntax.PoLayout) -> None:
    if not text.strip():
        return
    if len(text.splitlines()) > 1 or not syntax._HEADER_LINE.match(text):
        raise _Fallback
    name, value = text.split(":", 1)
    layout.header_fields.setdefault(name, line)
    if name == "Plural-Forms":
        found = syntax._NPLURALS.search(value)
        layout.nplurals = int(found.group(1)) if found else None


def _metadata(msgstr: str) -> dict[str, str]:
    """polib's reading of the header msgstr."""
    metadata: dict[str, str] = {}
    key = None
    for line in msgstr.splitlines():
        try:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        except ValueError:
            if key is not None:
                metadata[key] += "\n" + line.strip()
    return metadata
