"""A strict reader of PO file structure, run before polib sees the text.

polib accepts much that GNU gettext rejects (an unterminated string, an
unknown escape, a missing ``msgstr[1]``, stray text) and silently keeps
something else than the file says. This scanner follows gettext's grammar
line by line and stops at the first problem with ``PoFileError`` naming the
line, so a broken file is reported and never half-read or rewritten. It
also returns where each entry and header field sits, for messages that point
at the right line.

Rules, beyond the grammar itself:

- The first entry is the header (``msgid ""``); each of its lines is
  ``Name: value``.
- Escapes are limited to those polib round-trips (``\\\\ \\" \\n \\t \\r \\v
  \\b \\f``); anything else would be changed on the next save.
- One ``msgid`` (with its ``msgctxt``) per file, active and obsolete apart.
- A plural entry has exactly ``nplurals`` forms ``msgstr[0]``… in order.
- An entry is all obsolete (``#~``) or not at all, its previous msgid
  included (``#|`` before an active entry, ``#~|`` before an obsolete one),
  as GNU gettext requires: polib would attach a misplaced one to the wrong
  entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.errors import PoFileError

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|$)\s*(.*)")
_HEADER_LINE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*:")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*')
_ESCAPE = re.compile(r"\\(.)")
_BAD_ESCAPE = re.compile(r'\\[^\\"ntrvbf]')
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f"}

Key = tuple[str | None, str]


@dataclass
class EntryPosition:
    """Where one entry's parts are in the file (1-based lines)."""

    msgctxt: str | None
    msgid: str
    obsolete: bool
    msgid_line: int
    msgstr_line: int


@dataclass
class PoLayout:
    """What the scanner learned: entry positions and the header's field lines."""

    entries: list[EntryPosition] = field(default_factory=list)
    header_fields: dict[str, int] = field(default_factory=dict)
    header_line: int = 1
    nplurals: int | None = None

    def lines_by_key(self) -> dict[tuple[str | None, str, bool], EntryPosition]:
        return {(e.msgctxt, e.msgid, e.obsolete): e for e in self.entries}


@dataclass
class _Entry:
    obsolete: bool
    first_line: int
    state: str = "none"  # none, msgctxt, msgid, msgid_plural, msgstr, msgstr[n]
    msgctxt: str | None = None
    msgid: str = ""
    msgid_line: int = 0
    msgstr_line: int = 0
    forms: int = 0
    parts: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def _short(text: str, width: int = 40) -> str:
    """``text`` shortened, with control characters escaped, for a one-line message."""
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return text if len(text) <= width else text[: width - 1] + "…"


class _Scanner:
    def __init__(self, text: str, shown: str) -> None:
        self.text = text
        self.shown = shown
        self.layout = PoLayout()
        self.seen: dict[tuple[str | None, str, bool], int] = {}
        self.entry: _Entry | None = None
        self.count = 0
        self.previous: tuple[int, bool] | None = None
        """A ``#|`` (False) or ``#~|`` (True) line waiting for its entry: (line, obsolete)."""

    def fail(self, line: int, message: str) -> PoFileError:
        return PoFileError(self.shown, message, line)

    # --- strings ----------------------------------------------------------

    def string(self, literal: str, line: int, last: bool) -> str:
        match = _STRING.fullmatch(literal)
        if match and not _BAD_ESCAPE.search(match.group(1)):
            body = match.group(1)
            return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], body) if "\\" in body else body
        return self.string_slowly(literal, line, last)

    def string_slowly(self, literal: str, line: int, last: bool) -> str:
        """Walk the literal character by character to name exactly what is wrong with it."""
        if not literal.startswith('"'):
            raise self.fail(line, f"expected a quoted string, found {_short(literal, 30)!r}")
        out: list[str] = []
        i = 1
        while i < len(literal):
            char = literal[i]
            if char == '"':
                rest = literal[i + 1 :].strip()
                if rest:
                    raise self.fail(
                        line, f"unexpected text after the closing quote: {_short(rest, 30)!r}"
                    )
                return "".join(out)
            if char == "\\":
                code = literal[i + 1 : i + 2]
                if code not in _ESCAPES:
                    shown = f"\\{code}" if code else "\\ at the end of the line"
                    raise self.fail(
                        line,
                        f"invalid escape sequence {shown} in a string; write \\\\ for a backslash",
                    )
                out.append(_ESCAPES[code])
                i += 2
                continue
            out.append(char)
            i += 1
        if last:
            raise self.fail(
                line, "file ends inside a string (truncated?); the closing quote is missing"
            )
        raise self.fail(line, 'string is not closed: missing " at the end of the line')

    # --- entries ----------------------------------------------------------

    def start(self, obsolete: bool, line: int) -> _Entry:
        self.entry = _Entry(obsolete=obsolete, first_line=line)
        return self.entry

    def finish(self, line: int) -> None:
        entry = self.entry
        self.entry = None
        if entry is None or entry.state == "none":
            return
        if entry.state in ("msgctxt", "msgid", "msgid_plural"):
            raise self.fail(entry.msgid_line or entry.first_line, "missing msgstr after this msgid")
        self.count += 1
        if self.count == 1 and not entry.obsolete:
            self.header(entry)
        elif self.count == 1:
            raise self.fail(1, 'no header entry: the file must start with msgid "" and its msgstr')
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in self.seen:
            raise self.fail(
                entry.msgid_line,
                f"duplicate msgid {_short(entry.msgid)!r} (first defined at line {self.seen[key]})",
            )
        self.seen[key] = entry.msgid_line
        self.plural_count(entry)
        self.layout.entries.append(
            EntryPosition(
                entry.msgctxt, entry.msgid, entry.obsolete, entry.msgid_line, entry.msgstr_line
            )
        )

    def header(self, entry: _Entry) -> None:
        if entry.msgid != "" or entry.msgctxt is not None:
            raise self.fail(1, 'no header entry: the file must start with msgid "" and its msgstr')
        self.layout.header_line = entry.msgid_line
        pending = ""
        start = entry.msgstr_line
        for line, piece in entry.parts.get("msgstr", []):
            if not pending:
                start = line
            pending += piece
            while "\n" in pending:
                head, pending = pending.split("\n", 1)
                self.header_line(head, start)
                start = line
        if pending:
            self.header_line(pending, start)

    def header_line(self, text: str, line: int) -> None:
        if not text.strip():
            return
        if len(text.splitlines()) > 1:
            # polib splits the header with str.splitlines(): an escaped \r, \v or \f
            # inside a value would start a line of its own
            raise self.fail(line, f'header line "{_short(text)}" holds a line break; remove it')
        if not _HEADER_LINE.match(text):
            raise self.fail(line, f'header line "{_short(text)}" is not "Name: value"')
        name, value = text.split(":", 1)
        self.layout.header_fields.setdefault(name, line)
        if name == "Plural-Forms":
            found = _NPLURALS.search(value)
            self.layout.nplurals = int(found.group(1)) if found else None

    def plural_count(self, entry: _Entry) -> None:
        nplurals = self.layout.nplurals
        if entry.state != "msgstr[n]" or nplurals is None or entry.obsolete:
            return
        if entry.forms < nplurals:
            raise self.fail(
                entry.msgid_line,
                f"plural entry has {entry.forms} of the {nplurals} forms Plural-Forms asks for "
                f"(msgstr[{entry.forms}] is missing)",
            )

    def keyword(
        self, entry: _Entry | None, obsolete: bool, word: str, index: str | None, line: int
    ) -> _Entry:
        state = entry.state if entry else "none"
        if word in ("msgctxt", "msgid") and state in ("msgstr", "msgstr[n]"):
            self.finish(line)
            entry, state = None, "none"
        if entry is None:
            entry = self.start(obsolete, line)
            if self.previous is not None and self.previous[1] != obsolete:
                raise self.fail(self.previous[0], "entry mixes obsolete (#~) and active lines")
            self.previous = None
        if entry.state != "none" and entry.obsolete != obsolete:
            raise self.fail(line, "entry mixes obsolete (#~) and active lines")
        entry.obsolete = obsolete
        self.transition(entry, state, word, index, line)
        return entry

    def transition(
        self, entry: _Entry, state: str, word: str, index: str | None, line: int
    ) -> None:
        if word == "msgctxt":
            if state != "none":
                raise self.fail(line, f"msgctxt in the middle of an entry (after {state})")
            entry.state = "msgctxt"
        elif word == "msgid":
            if state not in ("none", "msgctxt"):
                raise self.fail(entry.msgid_line, "missing msgstr after this msgid")
            entry.state, entry.msgid_line = "msgid", line
        elif word == "msgid_plural":
            if state != "msgid":
                raise self.fail(line, "msgid_plural must follow a msgid")
            entry.state = "msgid_plural"
        elif index is None:
            if state == "msgid_plural":
                raise self.fail(
                    line, "an entry with msgid_plural needs msgstr[0], msgstr[1] …, not msgstr"
                )
            if state != "msgid":
                raise self.fail(line, "msgstr without a msgid before it")
            entry.state, entry.msgstr_line = "msgstr", line
        else:
            self.plural_form(entry, state, int(index), line)

    def plural_form(self, entry: _Entry, state: str, index: int, line: int) -> None:
        if state == "msgid":
            raise self.fail(line, f"msgstr[{index}] without msgid_plural; use msgstr")
        if state not in ("msgid_plural", "msgstr[n]"):
            raise self.fail(line, f"msgstr[{index}] without a msgid before it")
        nplurals = self.layout.nplurals
        if nplurals is not None and index >= nplurals and not entry.obsolete:
            raise self.fail(
                line, f"msgstr[{index}] is out of range: Plural-Forms says nplurals={nplurals}"
            )
        if index != entry.forms:
            raise self.fail(line, f"expected msgstr[{entry.forms}], found msgstr[{index}]")
        if index == 0:
            entry.msgstr_line = line
        entry.state, entry.forms = "msgstr[n]", entry.forms + 1

    # --- lines ------------------------------------------------------------

    def run(self) -> PoLayout:
        lines = self.text.split("\n")
        last_index = len(lines) - 1
        for number, raw in enumerate(lines, 1):
            self.line(raw.strip(), number, number - 1 == last_index)
        self.finish(len(lines))
        if self.count == 0:
            raise self.fail(1, 'no header entry: the file must start with msgid "" and its msgstr')
        return self.layout

    def line(self, text: str, number: int, last: bool) -> None:
        entry = self.entry
        if not text:
            if entry is not None:
                self.finish(number)
            return
        obsolete = False
        if text.startswith("#~") and not text.startswith("#~|"):
            text, obsolete = text[2:].strip(), True
            if not text:
                return
        elif text.startswith("#"):
            if entry is not None and entry.state != "none":
                self.finish(number)
            if text.startswith(("#|", "#~|")):
                self.previous = (number, text.startswith("#~|"))
            return
        self.content(entry, text, obsolete, number, last)

    def content(
        self, entry: _Entry | None, text: str, obsolete: bool, number: int, last: bool
    ) -> None:
        match = _KEYWORD.match(text)
        if match:
            word, index, rest = match.groups()
            if not rest:
                raise self.fail(
                    number, f'{match.group(1)} has no string; write {match.group(1)} ""'
                )
            entry = self.keyword(
                entry, obsolete, word if index is None else "msgstr", index, number
            )
            self.add(entry, self.string(rest, number, last), number)
        elif text.startswith('"'):
            if entry is None or entry.state == "none":
                raise self.fail(number, "a quoted string outside any entry")
            if entry.obsolete != obsolete:
                raise self.fail(number, "entry mixes obsolete (#~) and active lines")
            self.add(entry, self.string(text, number, last), number)
        else:
            raise self.fail(
                number,
                f"unexpected text {_short(text, 30)!r}: expected a comment, "
                'a keyword (msgid, msgstr …) or a "quoted string"',
            )

    def add(self, entry: _Entry, piece: str, line: int) -> None:
        part = "msgstr" if entry.state.startswith("msgstr") else entry.state
        entry.parts.setdefault(part, []).append((line, piece))
        if entry.state == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + piece
        elif entry.state == "msgid":
            entry.msgid += piece


def scan(text: str, shown: str) -> PoLayout:
    """Check the structure of PO ``text`` from ``shown``; ``PoFileError`` at the first fault."""
    return _Scanner(text, shown).run()
