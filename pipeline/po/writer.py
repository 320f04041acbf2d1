"""Write PO/POT catalogs byte for byte as GNU gettext 0.21's ``msgcat`` does.

``format_po`` turns a ``polib.POFile`` into the text ``msgcat`` prints for the
same catalog, so running ``msgcat`` or ``msgmerge`` over our files changes
nothing.  It is a port of ``write-po.c`` (gettext 0.21) and of the line
breaking it uses, ``ulc_width_linebreaks`` from libunistring 1.0.

File layout
    * The header comment (``po.header``), one ``# text`` line per line, ``#``
      for an empty line.
    * The header entry: ``msgid ""`` and a ``msgstr`` made of ``Key: value\\n``
      for each item of ``po.metadata`` in dict order; ``#, fuzzy`` above it if
      ``po.metadata_is_fuzzy``.  It is always written.
    * Every entry that is not obsolete, in order, then every obsolete one.
      One blank line between entries; the file ends with a single newline.

One entry, in this order
    * ``# `` translator comments and ``#. `` extracted comments, one line per
      ``\\n``-separated line (``#`` / ``#.`` alone for an empty line).
    * ``#:`` references, read back as GNU reads ``file:line`` tokens (a name
      with a space is two references), repeated (file, line number) pairs
      dropped, then leading ``./`` removed and line numbers normalised
      (``007`` -> ``7``); as many tokens per line as fit in the page width
      (measured in bytes, as GNU does).
    * ``#,`` flags, normalised as GNU does: ``fuzzy`` (only if the first
      msgstr is not empty), then the ``*-format`` flags in gettext's own
      language order (``possible-X-format`` is written ``X-format``,
      ``impossible-X-format`` is dropped), then ``range: a..b``, then
      ``no-wrap``.  ``wrap`` and unknown flags are dropped.  Obsolete entries
      keep only fuzzy, the format flags and no-wrap.
    * ``#| msgctxt``/``msgid``/``msgid_plural``: the previous strings,
      wrapped like the others with the prefix ``#| `` (``#~| `` if obsolete).
    * ``msgctxt``, ``msgid``, ``msgid_plural``, then ``msgstr`` or
      ``msgstr[0..n]``; obsolete entries prefix these with ``#~ `` and are
      not written at all when their (first) msgstr is empty.  An entry with a
      ``msgid_plural`` but no plural translations gets ``msgstr[0] ""`` and
      ``msgstr[1] ""``, as xgettext writes in a POT file.

Strings
    Escapes: ``\\a \\b \\f \\n \\r \\t \\v \\\\ \\"``; every other character is
    written as is.  A string is cut into portions after each ``\\n``; every
    portion is line-broken on its own with the Unicode line breaking
    algorithm (UAX #14) exactly as libunistring 1.0 implements it, on the
    escaped text, at the page width (79) counting both quotes and the line
    prefix, with East Asian wide characters taking two columns and
    combining marks none.  No break happens inside an escape sequence, right
    before a final ``\\n``, or inside a format directive when the entry is
    flagged ``python-format``, ``c-format`` or ``objc-format`` (parsed as
    gettext 0.21 parses them).  When the string contains a ``\\n`` before
    its end, or its first portion would need a break on the ``msgid "..."``
    line, the keyword line is ``msgid ""`` and the text starts on the next
    line.  ``no-wrap`` entries are only cut at ``\\n``.

Line breaking, as libunistring 1.0 does it (pair table plus rules LB4-LB10,
LB8a, LB21a, LB30a; no dictionary or South East Asian segmentation)
    A line may end after spaces, after hyphens, around dashes, between
    ideographs and kana (so CJK text breaks between characters), after
    ``/``, ``.``, ``:`` or ``,`` followed by a letter (inside URLs and
    ``e.g.``), and before an opening bracket that follows a space; never
    before closing punctuation (``)`` ``」`` ``。`` ``、``) or ``!?;:``,
    after a no-break space (U+00A0, French ``mot\\u00a0:``), inside digit
    groups (``1,234.56``), or before a combining mark that does not follow a
    space.  A line holds as many such pieces as fit; a longer piece
    overflows.  U+2028 and U+2029 reset the column count without a visible
    break.

The line break classes and column widths below were read out of the
libunistring 1.0 that msgcat 0.21 links (Unicode 14.0), one code point at a
time, and are kept as ranges; unlisted code points are class AL, width 1.

Not covered: catalogs in a legacy CJK encoding (where libunistring resolves
ambiguous characters differently), and directives of the format languages
other than python, c and objc: msgcat refuses a break inside, say, a
``tcl-format`` ``% d`` that may happen here.  The output is meant to be
written as UTF-8 (msgcat needs a ``charset=`` in the header for non-ASCII
text anyway).  All of this is gettext 0.21 with libunistring 1.0 (Debian 12);
other versions break lines differently.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeAlias

import polib

__all__ = ["EntryKey", "entry_key", "format_entry", "format_header", "format_po", "is_wrapped",
           "parsed_flags"]

AnyEntry: TypeAlias = polib.POEntry | polib.MOEntry

DEFAULT_WIDTH = 79
_NO_WRAP_WIDTH = 2**31 - 1  # INT_MAX: what GNU uses as the width of no-wrap strings


# ---------------------------------------------------------------------------
# Catalog and entries
# ---------------------------------------------------------------------------


def format_po(po: polib.POFile, *, width: int = DEFAULT_WIDTH,
              known: Mapping[EntryKey, str] | None = None) -> str:
    """Serialize ``po`` exactly as GNU gettext's msgcat would write it.

    ``width`` is msgcat's ``--width``: 0 turns wrapping off, and widths under
    20 count as 20, as in msgcat.  ``known`` maps ``entry_key`` (at this
    width) to text ``format_entry`` is known to give for such an entry; it
    is used instead of formatting again.
    """
    blocks = [_format_header(po, width)]
    live = [entry for entry in po if not entry.obsolete]
    dead = [entry for entry in po if entry.obsolete]
    for entry in live + dead:
        text = known.get(entry_key(entry)) if known else None
        if text is None:
            text = format_entry(entry, width=width)
        if text:
            blocks.append(text)
    return "\n".join(blocks)


EntryKey = tuple[object, ...]


def entry_key(entry: polib.POEntry) -> EntryKey:
    """Everything of ``entry`` that ``format_entry`` reads."""
    plurals = entry.msgstr_plural
    return (
        bool(entry.obsolete),
        entry.tcomment or "",
        entry.comment or "",
        tuple(entry.occurrences or ()),
        tuple(entry.flags),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr or "",
        tuple(sorted((int(k), v) for k, v in plurals.items())) if plurals else (),
    )


def format_entry(entry: AnyEntry, *, width: int = DEFAULT_WIDTH) -> str:
    """One entry as msgcat writes it: its lines, each ending in a newline.

    ``width`` works as in ``format_po``.

    An obsolete entry whose (first) msgstr is empty gives ``""``: msgcat drops it.
    """
    width = _page_width(width)
    obsolete = bool(getattr(entry, "obsolete", False))
    flags = _parsed_flags(tuple(getattr(entry, "flags", ())))
    msgstrs = _msgstrs(entry)
    if obsolete and not msgstrs[0][1]:
        return ""
    lines: list[str] = []
    lines += _comment_lines("#", getattr(entry, "tcomment", "") or "")
    lines += _comment_lines("#.", getattr(entry, "comment", "") or "")
    lines += _known_reference_lines(tuple(getattr(entry, "occurrences", ()) or ()), width)
    lines += flags.lines(translated=bool(msgstrs[0][1]), obsolete=obsolete)

    wrap_width = width if flags.wrap else _NO_WRAP_WIDTH
    fmt = flags.directive_language

    def field(prefix: str, keyword: str, value: str, is_msgstr: bool = False) -> None:
        spans = _directive_spans(fmt, value, is_msgstr)
        lines.extend(_wrap_string(prefix, keyword, value, wrap_width, spans))

    prev_prefix, prefix = ("#~| ", "#~ ") if obsolete else ("#| ", "")
    for keyword, attr in _PREVIOUS_FIELDS:
        value = getattr(entry, attr, None)
        if value is not None:
            field(prev_prefix, keyword, value)
    if entry.msgctxt is not None:
        field(prefix, "msgctxt", entry.msgctxt)
    field(prefix, "msgid", entry.msgid)
    if entry.msgid_plural:
        field(prefix, "msgid_plural", entry.msgid_plural)
    for keyword, value in msgstrs:
        field(prefix, keyword, value, is_msgstr=True)
    return "".join(line + "\n" for line in lines)


def _page_width(width: int) -> int:
    """msgcat's handling of ``--width``: 0 means no wrapping, the minimum is 20."""
    if width < 0:
        raise ValueError(f"width must be 0 (no wrapping) or positive, not {width}")
    return _NO_WRAP_WIDTH if width == 0 else max(width, 20)


_PREVIOUS_FIELDS = (
    ("msgctxt", "previous_msgctxt"),
    ("msgid", "previous_msgid"),
    ("msgid_plural", "previous_msgid_plural"),
)


def format_header(po: polib.POFile, *, width: int = DEFAULT_WIDTH) -> str:
    """The header comment and header entry of ``po``, as ``format_po`` writes them."""
    return _format_header(po, width)


def _format_header(po: polib.POFile, width: int) -> str:
    """The header comment and the header entry (``msgid ""``)."""
    header = polib.POEntry(msgid="", msgstr=_header_msgstr(po.metadata))
    if po.metadata_is_fuzzy:
        header.flags.append("fuzzy")
    header.tcomment = po.header or ""
    return format_entry(header, width=width)


def _header_msgstr(metadata: dict[str, str]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in metadata.items())


def _msgstrs(entry: AnyEntry) -> list[tuple[str, str]]:
    """(keyword, text) of each translation: ``msgstr`` or ``msgstr[i]``."""
    plurals = getattr(entry, "msgstr_plural", None) or {}
    if plurals:
        ordered = [plurals[key] for key in sorted(plurals, key=int)]
        return [(f"msgstr[{i}]", text) for i, text in enumerate(ordered)]
    if entry.msgid_plural:
        return [("msgstr[0]", ""), ("msgstr[1]", "")]
    return [("msgstr", entry.msgstr or "")]


def _comment_lines(marker: str, text: str) -> list[str]:
    """``# text`` (or ``#. text``) per line; a bare marker for an empty line."""
    if not text:
        return []
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]


def _known_reference_lines(occurrences: tuple[tuple[str, str], ...], width: int) -> list[str]:
    """``_reference_lines``, remembered: a template and its catalogs repeat the same ones."""
    if len(occurrences) == 1:
        name, line = occurrences[0]
        if (line and line.isascii() and line.isdigit() and name and not name.startswith("./")
                and not any(blank in name for blank in _BLANKS)):
            return [f"#: {name}:{int(line)}"]  # what the general case gives for one "f:12"
    key = (occurrences, width)
    lines = _REFERENCES.get(key)
    if lines is None:
        if len(_REFERENCES) >= _WRAPPED_MAX:
            _REFERENCES.clear()
        lines = _REFERENCES[key] = _reference_lines(occurrences, width)
    return lines


_REFERENCES: dict[tuple[tuple[tuple[str, str], ...], int], list[str]] = {}


def _reference_lines(occurrences: Iterable[tuple[str, str]], width: int) -> list[str]:
    """``#:`` lines holding as many references as fit in ``width`` columns."""
    written = " ".join(
        f"{file_name}:{line}" if line not in (None, "") else file_name
        for file_name, line in occurrences
    )
    # dict.fromkeys keeps the first of each in order, in linear time (a table of 20,000
    # identical cells gives one entry 20,000 references)
    references = list(dict.fromkeys(_read_references(written)))
    if not references:
        return []
    lines: list[str] = []
    current = "#:"
    column = 2
    for file_name, number in references:
        while file_name.startswith("./"):
            file_name = file_name[2:]
        token = file_name if number is None else f"{file_name}:{number}"
        size = len(token.encode("utf-8")) + 1
        if column > 2 and column + size > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + token
        column += size
    lines.append(current)
    return lines


_BLANKS = " \t\n"


def _read_references(text: str) -> list[tuple[str, int | None]]:
    """(file name, line number or None) pairs, as GNU reads the ``#:`` line ``text``.

    A port of ``parse_comment_filepos``: names end at white space (so a file
    name with a space is two references), and ``f:12``, ``f :12``, ``f: 12``
    and ``f : 12`` all mean line 12 of ``f``.
    """
    references: list[tuple[str, int | None]] = []
    end = len(text)

    def skip_blanks(i: int) -> int:
        while i < end and text[i] in _BLANKS:
            i += 1
        return i

    def number_at(i: int) -> tuple[int | None, int]:
        """A line number spanning from ``i`` to a blank or the end, and where it ends."""
        j = i
        while j < end and "0" <= text[j] <= "9":
            j += 1
        if j > i and (j == end or text[j] in _BLANKS):
            return int(text[i:j]), j
        return None, i

    i = skip_blanks(0)
    while i < end:
        start = i
        while i < end and text[i] not in _BLANKS:
            i += 1
        name = text[start:i]
        after = skip_blanks(i)
        if after < end and text[after] == ":":  # "f :12" or "f : 12"
            number, stop = number_at(skip_blanks(after + 1))
            if number is not None:
                references.append((name, number))
                i = skip_blanks(stop)
                continue
        if name.endswith(":"):  # "f: 12"
            number, stop = number_at(after)
            if number is not None:
                references.append((name[:-1], number))
                i = skip_blanks(stop)
                continue
        digits = len(name) - len(name.rstrip("0123456789"))
        if digits > 0 and len(name) - digits >= 2 and name[-digits - 1] == ":":  # "f:12"
            references.append((name[: -digits - 1], int(name[-digits:])))
        else:
            references.append((name, None))
        i = skip_blanks(i)
    return references


# ---------------------------------------------------------------------------
# Flags
# ---------------------------------------------------------------------------

# gettext 0.21's format languages, in the order msgcat writes their flags.
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")
_FORMAT_PREFIXES = (("no-", "no"), ("possible-", "possible"), ("impossible-", "impossible"))
_INT_MAX = 2**31 - 1


@functools.lru_cache(maxsize=1024)
def _parsed_flags(flags: tuple[str, ...]) -> _Flags:
    """``_Flags.parse``, once per distinct set of flags (never modified afterwards)."""
    return _Flags.parse(flags)


def parsed_flags(flags: tuple[str, ...]) -> _Flags:
    """The flags as msgcat reads them: ``.wrap``, ``.directive_language``, ``.lines(…)``."""
    return _parsed_flags(flags)


class _Flags:
    """The ``#,`` flags as GNU reads them (``po_parse_comment_special``)."""

    def __init__(self) -> None:
        self.fuzzy = False
        self.formats: dict[str, str] = {}  # language -> "yes" | "no" | "possible" | "impossible"
        self.range: tuple[int, int] | None = None
        self.wrap = True
        self._lines: dict[tuple[bool, bool], list[str]] = {}

    @classmethod
    def parse(cls, flags: Iterable[str]) -> _Flags:
        result = cls()
        tokens = [t for t in _FLAG_SEPARATORS.split(", ".join(flags)) if t]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            i += 1
            if token == "fuzzy":
                result.fuzzy = True
            elif token.endswith("-format") and result._format_flag(token[: -len("-format")]):
                pass
            elif token == "range:" and i < len(tokens):
                match = _RANGE.match(tokens[i])
                i += 1
                if match:
                    low, high = (min(int(g), _INT_MAX) for g in match.groups())
                    if low <= high:
                        result.range = (low, high)
            elif token == "no-wrap":
                result.wrap = False
            elif token == "wrap":
                result.wrap = True
        return result

    def _format_flag(self, name: str) -> bool:
        value = "yes"
        for prefix, meaning in _FORMAT_PREFIXES:
            if name.startswith(prefix):
                name, value = name[len(prefix) :], meaning
                break
        if name not in FORMAT_LANGUAGES:
            return False
        self.formats[name] = value
        return True

    @functools.cached_property
    def directive_language(self) -> str | None:
        """The language whose directives must not be broken (GNU's first possible one)."""
        for language in FORMAT_LANGUAGES:
            if self.formats.get(language) in ("yes", "possible"):
                return language
        return None

    def lines(self, *, translated: bool, obsolete: bool) -> list[str]:
        """The ``#,`` line (or none) as written for an entry in that state; do not modify."""
        key = (translated, obsolete)
        if key not in self._lines:
            self._lines[key] = self._compute_lines(translated, obsolete)
        return self._lines[key]

    def _compute_lines(self, translated: bool, obsolete: bool) -> list[str]:
        words: list[str] = []
        if self.fuzzy and (translated or obsolete):
            words.append("fuzzy")
        for language in FORMAT_LANGUAGES:
            value = self.formats.get(language)
            if value in ("yes", "possible"):
                words.append(f"{language}-format")
            elif value == "no":
                words.append(f"no-{language}-format")
        if self.range is not None and not obsolete:
            words.append(f"range: {self.range[0]}..{self.range[1]}")
        if not self.wrap:
            words.append("no-wrap")
        return ["#, " + ", ".join(words)] if words else []


# ---------------------------------------------------------------------------
# Format directives (no line break inside one)
# ---------------------------------------------------------------------------


def _directive_spans(language: str | None, value: str, is_msgstr: bool) -> list[tuple[int, int]]:
    """Index ranges ``[start, end]`` of the valid directives of ``value``."""
    if language == "python":
        return _python_directives(value)
    if language in ("c", "objc"):
        return _c_directives(value, translated=is_msgstr, objc=language == "objc")
    return []


def _python_directives(text: str) -> list[tuple[int, int]]:
    """Directives found by gettext's ``format-python.c`` before its first error."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    named = unnamed = 0
    while i < n:
        if text[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        has_name = False
        if i < n and text[i] == "(":
            depth = 0
            i += 1
            while i < n:
                if text[i] == "(":
                    depth += 1
                elif text[i] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                i += 1
            if i >= n:
                return spans
            i += 1
            has_name = True
        while i < n and text[i] in "-+ #0":
            i += 1
        if i < n and text[i] == "*":
            if named:
                return spans
            unnamed += 1
            i += 1
        else:
            while i < n and text[i].isascii() and text[i].isdigit():
                i += 1
        if i < n and text[i] == ".":
            i += 1
            if i < n and text[i] == "*":
                if named:
                    return spans
                unnamed += 1
                i += 1
            else:
                while i < n and text[i].isascii() and text[i].isdigit():
                    i += 1
        if i < n and text[i] in "hlL":
            i += 1
        if i >= n or text[i] not in "%csridouxXeEfgG":
            return spans
        if has_name:
            if unnamed:
                return spans
            named += 1
        elif text[i] != "%":
            if named:
                return spans
            unnamed += 1
        spans.append((start, i))
        i += 1
    return spans


_C_CONVERSIONS = "cCsSiduoxXeEfFgGaApn"
_C99_MACRO = re.compile(r"<PRI[diouxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


def _c_directives(text: str, *, translated: bool, objc: bool) -> list[tuple[int, int]]:
    """Directives found by gettext 0.21's C format parser before its first error.

    ``%[m$][flags][width][.precision][size]conversion`` or ``%...<PRIxNN>``;
    the ``I`` flag counts only in a msgstr, ``%@`` only for objc.  As in 0.21,
    the size is any run of ``hlLqjzZt`` and goes with any conversion.
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    numbered = unnumbered = 0

    def argument_number(i: int) -> tuple[int, int]:
        """(m, index after it) for an "m$" at ``i`` (m may be 0, an error), else (-1, i)."""
        j = i
        while j < n and "0" <= text[j] <= "9":
            j += 1
        if j > i and j < n and text[j] == "$":
            return int(text[i:j]), j + 1
        return -1, i

    i = 0
    while i < n:
        if text[i] != "%":
            i += 1
            continue
        start = i
        number, i = argument_number(i + 1)
        if number == 0:
            return spans
        while i < n and (text[i] in " +-#0'" or (translated and text[i] == "I")):
            i += 1
        for is_precision in (False, True):
            if is_precision:
                if i >= n or text[i] != ".":
                    break
                i += 1
            if i < n and text[i] == "*":
                star_number, i = argument_number(i + 1)
                if star_number == 0:
                    return spans
                if star_number > 0:
                    if unnumbered:
                        return spans
                    numbered += 1
                else:
                    if numbered:
                        return spans
                    unnumbered += 1
            else:
                while i < n and "0" <= text[i] <= "9":
                    i += 1
        takes_argument = True
        if i < n and text[i] == "<":
            macro = _C99_MACRO.match(text, i)
            if macro is None:
                return spans
            i = macro.end() - 1
        else:
            while i < n and text[i] in "hlLqjzZt":  # any run of size letters
                i += 1
            if i >= n:
                return spans
            if text[i] in "%m":
                takes_argument = False
            elif not (text[i] in _C_CONVERSIONS or (objc and text[i] == "@")):
                return spans
        if takes_argument:
            if number > 0:
                if unnumbered:
                    return spans
                numbered += 1
            else:
                if numbered:
                    return spans
                unnumbered += 1
        spans.append((start, i))
        i += 1
    return spans


# ---------------------------------------------------------------------------
# Strings: write-po.c's wrap()
# ---------------------------------------------------------------------------

_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}

_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_RARE_ESCAPES = re.compile("[\a\b\f\r\t\v]")
_RARE_TABLE = str.maketrans({char: _ESCAPES[char] for char in "\a\b\f\r\t\v"})


def _escaped(text: str) -> str:
    """``text.translate(_ESCAPE_TABLE)``, faster: a few replacements run in C."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")  # first: the others write backslashes
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if _RARE_ESCAPES.search(text):
        text = text.translate(_RARE_TABLE)
    return text

# Break values, as in libunistring's unilbrk.h.
UNDEFINED, PROHIBITED, POSSIBLE, MANDATORY = 0, 1, 2, 3


def _wrap_string(
    prefix: str,
    keyword: str,
    value: str,
    width: int,
    directives: Sequence[tuple[int, int]] = (),
) -> tuple[str, ...]:
    """The lines of ``keyword "value"`` as write-po.c's ``wrap()`` prints them.

    Memoized: a msgid is written in the template and in every language's
    catalog, and a run writes many catalogs of the same article.
    """
    key = (prefix, keyword, value, width, tuple(directives))
    lines = _WRAPPED.get(key)
    if lines is None:
        if len(_WRAPPED) >= _WRAPPED_MAX:
            _WRAPPED.clear()
        lines = _WRAPPED[key] = tuple(_wrap_lines(prefix, keyword, value, width, directives))
    return lines


_WRAPPED: dict[tuple[str, str, str, int, tuple[tuple[int, int], ...]], tuple[str, ...]] = {}
_WRAPPED_MAX = 50_000


def _wrap_lines(
    prefix: str,
    keyword: str,
    value: str,
    width: int,
    directives: Sequence[tuple[int, int]],
) -> list[str]:
    after_break = len(prefix) + 1  # column of the opening quote on later lines
    line_width = width - 1 - after_break  # room for the closing quote
    newline = value.find("\n")
    if newline < 0 or newline == len(value) - 1:  # one portion: it may all fit on the first line
        escaped = _escaped(value)
        if len(keyword) + 1 + _text_width(escaped) <= line_width:
            return [f'{prefix}{keyword} "{escaped}"']
    no_break_at = _inside_directives(directives)
    lines: list[str] = []
    first_line = True
    for begin, end in _portions(value):
        portion = _Portion(value, begin, end, no_break_at)
        while True:
            start_col = len(prefix) + (len(keyword) + 1 if first_line else 0) + 1 - after_break
            cuts = portion.cuts(line_width, start_col)
            if (
                first_line
                and portion.text
                and (end < len(value) or start_col > line_width or cuts)
            ):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
                continue
            break
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        bounds = [0, *cuts, len(portion.text)]
        pieces = [portion.text[i:j] for i, j in itertools.pairwise(bounds)]
        lines.append(f'{head}"{pieces[0]}"')
        lines.extend(f'{prefix}"{piece}"' for piece in pieces[1:])
    return lines


class _Portion:
    """One ``\\n``-terminated piece of a string, escaped, ready for line breaking.

    ``text`` is the escaped piece; ``prohibited`` the indexes before which no
    break may happen whatever UAX #14 says (inside an escape sequence or a
    format directive, right before a final ``\\n``).
    """

    def __init__(self, value: str, begin: int, end: int, no_break_at: set[int]) -> None:
        piece = value[begin:end]
        escapes = [match.start() for match in _NEEDS_ESCAPE.finditer(piece)]
        self.text = _escaped(piece) if escapes else piece
        self.prohibited = _prohibited(piece, begin, no_break_at, escapes, len(self.text))
        unit, self._simple = _classify(self.text)
        self._widths: list[int] | None = None
        if unit:
            self.total_width = len(self.text)
        else:
            widths = map(_WIDTHS.__getitem__, self.text)
            self._widths = list(itertools.accumulate(widths, initial=0))
            self.total_width = self._widths[-1]
        self._opportunities: list[tuple[int, int]] | None = None

    def column(self, index: int) -> int:
        """Columns taken by the characters before ``index``."""
        return index if self._widths is None else self._widths[index]

    def cuts(self, width: int, start_col: int) -> list[int]:
        """Indexes of the characters that start a new line."""
        if start_col + self.total_width <= width:
            return []  # it all fits: libunistring inserts no break
        if self._simple:
            return _greedy_cuts(self, width, start_col)
        if self._opportunities is None:
            self._opportunities = [
                (i, kind) for i, kind in _opportunities(self.text) if i not in self.prohibited
            ]
        return _cut_positions(self, self._opportunities, width, start_col)


# ---------------------------------------------------------------------------
# Strings already written: is a text what _wrap_lines gives?
# ---------------------------------------------------------------------------

_PLAIN_CHARS = r'[^"\\\a\b\f\n\r\t\v]*'
_BODY = f'{_PLAIN_CHARS}(?:\\\\[\\\\"ntrvbf]{_PLAIN_CHARS})*'
"""A string as the writer escapes it: nothing left to escape, and only its escapes."""
_ONE_LINE = re.compile(f'"{_BODY}"')
_CONTINUED = re.compile(f'""(?:\n"(?!"){_BODY}")+')
_ESCAPE_PAIR = re.compile(r"\\.")


def is_wrapped(section: str, keyword: str, *, width: int = DEFAULT_WIDTH) -> bool:
    """Whether ``section`` is exactly what ``format_entry`` writes for the string it holds.

    ``section``: the ``keyword "…"`` line of a live entry and its continuation
    lines, joined by newlines (no final one), for an entry whose flags leave
    wrapping on and name no format language.  Checking is cheaper than
    wrapping again: a cut is right when it is a break opportunity and no
    later one still fits, which looks only at the characters near each
    line's end.  False means "not shown", never "wrong": the caller then
    formats the string itself.
    """
    start = len(keyword) + 1  # the opening quote, and the column after it on the first line
    if not section.startswith(keyword) or section[start - 1:start] != " ":
        return False
    line_width = (DEFAULT_WIDTH if width == DEFAULT_WIDTH else _page_width(width)) - 2
    if "\n" not in section:
        if _ONE_LINE.fullmatch(section, start) is None:
            return False
        piece = section[start + 1:-1]
        if "\\n" in piece and _newline_end(piece) < 0:
            return False
        return start + _text_width(piece) <= line_width
    if _CONTINUED.fullmatch(section, start) is None:
        return False
    pieces = section[start + 4:-1].split('"\n"')
    if "\\n" not in section:
        groups = [(pieces, False)]
    else:
        grouped = _newline_groups(pieces)
        if grouped is None:
            return False
        groups = grouped
    if len(pieces) == 1:
        # one line after `keyword ""`: right only if it does not fit after the keyword
        return _breaks_somewhere(pieces[0], groups[0][1], start, line_width)
    for group, ends_with_newline in groups:
        if not _is_greedy(group, ends_with_newline, line_width):
            return False
    return True


def _newline_end(piece: str) -> int:
    """1 if the escaped ``piece`` ends with ``\\n``, 0 if it holds none, -1 if one is inside."""
    if "\\n" not in piece:
        return 0
    plain = piece.replace("\\\\", "\0\0")
    found = plain.find("\\n")
    if found < 0:
        return 0
    return 1 if found == len(plain) - 2 else -1


def _newline_groups(pieces: list[str]) -> list[tuple[list[str], bool]] | None:
    """The pieces of each portion (cut after every ``\\n``), and whether it ends with one."""
    groups: list[tuple[list[str], bool]] = []
    current: list[str] = []
    for piece in pieces:
        end = _newline_end(piece)
        if end < 0:
            return None
        current.append(piece)
        if end:
            groups.append((current, True))
            current = []
    if current:
        groups.append((current, False))
    return groups


def _text_width(text: str) -> int:
    if _PLAIN.match(text).end() == len(text):  # type: ignore[union-attr]
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


def _facts(text: str, ends_with_newline: bool) -> tuple[list[int] | None, int, set[int]] | None:
    """(column before each index, or None when each character takes one; total width;
    indexes where no break may be), or None for a text ``_greedy_cuts`` does not cut."""
    if _PLAIN.match(text).end() == len(text):  # type: ignore[union-attr]
        columns = None
        total = len(text)
    else:
        unit, simple = _classify(text)
        if not simple:
            return None
        columns = (None if unit else
                   list(itertools.accumulate(map(_WIDTHS.__getitem__, text), initial=0)))
        total = len(text) if columns is None else columns[-1]
    prohibited = ({match.start() + 1 for match in _ESCAPE_PAIR.finditer(text)}
                  if "\\" in text else set())
    if ends_with_newline:
        prohibited.add(len(text) - 2)
    return columns, total, prohibited


def _breaks_somewhere(text: str, ends_with_newline: bool, first_col: int,
                      line_width: int) -> bool:
    """Whether a portion would not stay on the keyword's line, yet fits on the next one."""
    facts = _facts(text, ends_with_newline)
    if facts is None:
        return False
    _, total, prohibited = facts
    if total > line_width or first_col + total <= line_width:
        return False
    return any(index not in prohibited and _breaks_before(text, index)
               for index in range(1, len(text)))


def _is_greedy(pieces: list[str], ends_with_newline: bool, line_width: int) -> bool:
    """Whether ``pieces`` are the lines ``_greedy_cuts`` makes of their text from column 0."""
    text = "".join(pieces)
    if _PLAIN.match(text).end() != len(text):  # type: ignore[union-attr]
        return _is_greedy_anywhere(text, pieces, ends_with_newline, line_width)
    # one column per character: indexes are columns
    prohibited: set[int] = set()
    if "\\" in text:
        prohibited = {match.start() + 1 for match in _ESCAPE_PAIR.finditer(text)}
        if ends_with_newline:
            prohibited.add(len(text) - 2)
    total = len(text)
    start = 0
    for piece in pieces[:-1]:
        cut = start + len(piece)
        limit = start + line_width
        if (total - start <= line_width or cut > limit or cut in prohibited
                or not _breaks_before(text, cut)):
            return False
        if limit > cut and _UNBREAKABLE.match(text, cut).end() <= limit:  # type: ignore[union-attr]
            for index in range(cut + 1, limit + 1):
                if index not in prohibited and _breaks_before(text, index):
                    return False  # a later opportunity still fits: the line would end there
        start = cut
    return total - start <= line_width


def _is_greedy_anywhere(text: str, pieces: list[str], ends_with_newline: bool,
                        line_width: int) -> bool:
    """``_is_greedy`` for a text with escapes, or characters of other widths."""
    facts = _facts(text, ends_with_newline)
    if facts is None:
        return False
    columns, total, prohibited = facts
    start = 0
    for piece in pieces[:-1]:
        cut = start + len(piece)
        begin = start if columns is None else columns[start]
        if total - begin <= line_width:
            return False  # the rest fits: no cut here
        room = begin + line_width
        limit = room if columns is None else bisect.bisect_right(columns, room) - 1
        if cut > limit or cut in prohibited or not _breaks_before(text, cut):
            return False
        if limit > cut and _UNBREAKABLE.match(text, cut).end() <= limit:  # type: ignore[union-attr]
            for index in range(cut + 1, limit + 1):
                if index not in prohibited and _breaks_before(text, index):
                    return False
        start = cut
    return total - (start if columns is None else columns[start]) <= line_width


def _greedy_cuts(portion: _Portion, width: int, start_col: int) -> list[int]:
    """``_cut_positions`` for a text without stateful classes (``_classify``).

    ``_width_linebreaks`` fills each line greedily: it breaks at the last
    opportunity that still fits, or at the first one after the line's start
    when none fits (the piece overflows).  Looking for that opportunity near
    the end of each line, instead of listing them all, gives the same cuts.
    """
    text, prohibited, columns = portion.text, portion.prohibited, portion._widths
    cuts: list[int] = []
    start, used = 0, start_col
    while portion.total_width - portion.column(start) + used > width:
        room = portion.column(start) + width - used  # columns before the next line's start
        limit = room if columns is None else bisect.bisect_right(columns, room) - 1
        cut = _last_opportunity(text, prohibited, start, limit)
        if cut is None:
            cut = _next_opportunity(text, prohibited, max(start, limit))
            if cut is None:
                break
        cuts.append(cut)
        start, used = cut, 0
    return cuts


def _last_opportunity(text: str, prohibited: set[int], start: int, limit: int) -> int | None:
    first = limit
    space = text.rfind(" ", start, limit) if limit > start else -1  # (a negative end counts back)
    if space >= start and _UNBREAKABLE.match(text, space + 1).end() > limit:  # type: ignore[union-attr]
        first = space + 1  # a run of letters and digits up to the limit: no break inside it
    for index in range(first, start, -1):
        if index not in prohibited and _breaks_before(text, index):
            return index
    return None


def _next_opportunity(text: str, prohibited: set[int], after: int) -> int | None:
    for index in range(after + 1, len(text)):
        if index not in prohibited and _breaks_before(text, index):
            return index
    return None


def _breaks_before(text: str, index: int) -> bool:
    """``_possible_linebreaks(text)[index] == POSSIBLE`` for a text with no stateful class.

    Without the classes that carry state (``_classify``: combining marks, joiners, regional
    indicators, Hebrew letters, mandatory breaks), the answer depends only on
    this character and the last one before it that is not a space.
    """
    char = text[index]
    if char == " ":
        return False
    before = text[index - 1]
    if before != " ":
        return _PAIR_TABLE[_CLASSES[before]][_CLASSES[char]] == "D"
    last = index - 2
    while last >= 0 and text[last] == " ":
        last -= 1
    if last < 0:
        return False  # only spaces before: the start of the text
    return _PAIR_TABLE[_CLASSES[text[last]]][_CLASSES[char]] != "P"


def _prohibited(piece: str, begin: int, no_break_at: set[int], escapes: list[int],
                escaped_length: int) -> set[int]:
    """Escaped-text indexes before which ``_Portion`` must not break.

    ``escapes`` are the indexes in ``piece`` of the characters written as
    two (``\\n``, ``\\"``…): no break before the second one.
    """
    result = {index + shift + 1 for shift, index in enumerate(escapes)}
    if no_break_at:
        shift = 0
        for index, char in enumerate(piece):
            if begin + index in no_break_at:
                result.add(index + shift)
            if char in _ESCAPES:
                shift += 1
    if piece.endswith("\n"):
        result.add(escaped_length - 2)  # no break right before the final \n
    return result


def _cut_positions(
    portion: _Portion, opportunities: list[tuple[int, int]], width: int, start_col: int
) -> list[int]:
    """``_width_linebreaks`` walked from one break opportunity to the next.

    Same decisions, but only the opportunities are visited: a piece is the
    run of columns between two of them.
    """
    cuts: list[int] = []
    column = start_col
    last_break: int | None = None
    piece_start = 0
    for index, kind in opportunities:
        piece = portion.column(index) - portion.column(piece_start)
        if last_break is not None and column + piece > width:
            cuts.append(last_break)
            column = 0
        if kind == MANDATORY:
            last_break = None
            column = 0
            piece_start = index + 1  # the mandatory break character takes no column
            continue
        last_break = index
        column += piece
        piece_start = index
    piece = portion.total_width - portion.column(piece_start)
    if last_break is not None and column + piece > width:
        cuts.append(last_break)
    return cuts


def _portions(value: str) -> list[tuple[int, int]]:
    """``[begin, end)`` of each piece of ``value`` cut after every ``\\n`` (one if empty)."""
    bounds: list[tuple[int, int]] = []
    begin = 0
    while True:
        end = value.find("\n", begin)
        end = len(value) if end < 0 else end + 1
        bounds.append((begin, end))
        if end >= len(value):
            return bounds
        begin = end


def _inside_directives(directives: Sequence[tuple[int, int]]) -> set[int]:
    """Indexes inside a directive, where GNU forbids a break (all but the first)."""
    return {i for start, end in directives for i in range(start + 1, end + 1)}


# ---------------------------------------------------------------------------
# Line breaking: libunistring 1.0 u8_possible_linebreaks / u8_width_linebreaks
# ---------------------------------------------------------------------------


def _width_linebreaks(
    possible: Sequence[int],
    widths: Sequence[int],
    overrides: Sequence[int],
    width: int,
    start_col: int,
) -> list[int]:
    """Where to break a text so that no line exceeds ``width`` columns.

    ``possible`` are its break opportunities (``_possible_linebreaks``),
    ``widths`` the columns of its characters, ``overrides`` forced values
    (UNDEFINED: keep).  The first line starts at column ``start_col``, later
    ones at 0.  Returns one value per character: POSSIBLE where a line break
    goes before it.  As in libunistring, a mandatory break (U+2028 and the
    like) only resets the column count: write-po.c prints no line break there.
    """
    breaks = list(possible)
    last_break: int | None = None
    column = start_col
    piece = 0
    for i, override in enumerate(overrides):
        if override != UNDEFINED:
            breaks[i] = override
        brk = breaks[i]
        if brk in (POSSIBLE, MANDATORY) and last_break is not None and column + piece > width:
            breaks[last_break] = POSSIBLE
            column = 0
        if brk == MANDATORY:
            last_break = None
            column = piece = 0
            continue
        if brk == POSSIBLE:
            last_break = i
            column += piece
            piece = 0
        breaks[i] = PROHIBITED
        piece += widths[i]
    if last_break is not None and column + piece > width:
        breaks[last_break] = POSSIBLE
    return breaks


def _possible_linebreaks(chars: Sequence[str]) -> list[int]:
    """UAX #14 break opportunities before each character, as libunistring 1.0 finds them."""
    return _scan(chars)[0]


def _scan(chars: Sequence[str]) -> tuple[list[int], int]:
    """``_possible_linebreaks`` of ``chars``, and the class it ends on (``last``)."""
    result = [PROHIBITED] * len(chars)
    last = prev = _BK  # last class not SP/CM; class of the previous character
    seen_space = False
    ri_count = 0
    for i, char in enumerate(chars):
        cls = _line_break_class(char)
        if cls == _BK:
            result[i] = MANDATORY
            last = prev = _BK
            seen_space = False
        else:
            if cls == _SP:
                seen_space = True
            elif cls == _ZW:
                last = _ZW
                seen_space = False
            elif cls in (_CM, _ZWJ):
                if last == _BK:
                    last = _AL
                    seen_space = False
                elif last == _ZW or seen_space:
                    result[i] = POSSIBLE
                    last = _AL
                    seen_space = False
            else:
                if last == _BK or prev in (_ZWJ, _HL_BA):
                    pass  # start of text; LB8a; LB21a
                elif last == _ZW:
                    result[i] = POSSIBLE
                elif last == _RI and cls == _RI:
                    if seen_space or ri_count % 2 == 0:
                        result[i] = POSSIBLE
                else:
                    rule = _PAIR_TABLE[last][cls]
                    if rule == "D" or (rule == "I" and seen_space):
                        result[i] = POSSIBLE
                last = cls
                seen_space = False
            prev = _HL_BA if prev == _HL and cls in (_HY, _BA) else cls
        ri_count = ri_count + 1 if cls == _RI else 0
    return result, last


# Opportunities word by word.  Only U+0020 is class SP, so a text is words
# separated by runs of spaces.  After a space the scanner's state is the same
# whatever came before (prev = SP, no regional-indicator run), except for the
# class ``last`` seen before the spaces, which only decides the break before
# the word's first character.  So the breaks inside a word depend on the word
# alone and are computed once per distinct word.

_WORD = re.compile(r"[^ ]+")
_WordBreaks = tuple[int, tuple[tuple[int, int], ...], int]
_WORD_BREAKS: dict[str, _WordBreaks] = {}
_WORD_BREAKS_MAX = 200_000


def _opportunities(text: str) -> list[tuple[int, int]]:
    """(index, POSSIBLE or MANDATORY) of each break opportunity of ``text``, in order.

    The same answer as ``_possible_linebreaks``, computed word by word.
    """
    found: list[tuple[int, int]] = []
    last = _BK
    for match in _WORD.finditer(text):
        start = match.start()
        first, inside, last_after = _word_breaks(match.group())
        if start and first != _BK and _breaks_after_spaces(last, first):
            found.append((start, POSSIBLE))
        found.extend((start + offset, kind) for offset, kind in inside)
        last = last_after
    return found


def _word_breaks(word: str) -> _WordBreaks:
    """(class of the first character, opportunities inside ``word``, class it ends on)."""
    known = _WORD_BREAKS.get(word)
    if known is None:
        if len(_WORD_BREAKS) >= _WORD_BREAKS_MAX:
            _WORD_BREAKS.clear()
        breaks, last = _scan(word)
        inside = tuple((i, brk) for i, brk in enumerate(breaks) if brk != PROHIBITED)
        known = _WORD_BREAKS[word] = (_line_break_class(word[0]), inside, last)
    return known


def _breaks_after_spaces(last: int, first: int) -> bool:
    """Whether a line may break between spaces following class ``last`` and class ``first``."""
    if first == _ZW:
        return False
    if first in (_CM, _ZWJ):
        return last != _BK
    if last == _BK:
        return False
    if last == _ZW or (last == _RI and first == _RI):
        return True
    return _PAIR_TABLE[last][first] != "P"


# ---------------------------------------------------------------------------
# Character data
# ---------------------------------------------------------------------------

# Classes in the pair table come first so that a class is its own row/column index.
_PAIR_CLASSES = (
    "WJ GL BA BB B2 HY CL CP EX IN NS OP OPW QU IS NU PO PR SY AL ID EB EM H2 H3 HL JL JV JT RI"
)
_CLASS_NAMES = _PAIR_CLASSES.split() + ["BK", "SP", "ZW", "CM", "ZWJ", "HL_BA"]
(_WJ, _GL, _BA, _BB, _B2, _HY, _CL, _CP, _EX, _IN, _NS, _OP, _OPW, _QU, _IS, _NU, _PO, _PR,
 _SY, _AL, _ID, _EB, _EM, _H2, _H3, _HL, _JL, _JV, _JT, _RI,
 _BK, _SP, _ZW, _CM, _ZWJ, _HL_BA) = range(36)  # fmt: skip

# libunistring's pair table (UAX #14 table 7.3): row = class before, column =
# class after; D: break, I: break only across spaces, P: no break.  OPW is OP
# with East Asian width W/F (LB30 does not glue it to a preceding letter).
_PAIR_ROWS = (
    "WJ  PIIIIIPPPIIIIIPIIIPIIIIIIIIIII",
    "GL  PIIIIIPPPIIIIIPIIIPIIIIIIIIIII",
    "BA  PDIDDIPPPIIDDIPDDDPDDDDDDDDDDD",
    "BB  PIIIIIPPPIIIIIPIIIPIIIIIIIIIII",
    "B2  PIIDPIPPPIIDDIPDDDPDDDDDDDDDDD",
    "HY  PDIDDIPPPIIDDIPIDDPDDDDDDDDDDD",
    "CL  PIIDDIPPPIPDDIPDIIPDDDDDDDDDDD",
    "CP  PIIDDIPPPIIDDIPIIIPIDDDDDIDDDD",
    "EX  PIIDDIPPPIIDDIPDDDPDDDDDDDDDDD",
    "IN  PIIDDIPPPIIDDIPDDDPDDDDDDDDDDD",
    "NS  PIIDDIPPPIIDDIPDDDPDDDDDDDDDDD",
    "OP  PPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "OPW PPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "QU  PIIIIIPPPIIPPIPIIIPIIIIIIIIIII",
    "IS  PIIDDIPPPIIDDIPIDDPDDDDDDDDDDD",
    "NU  PIIDDIPPPIIIDIPIIIPIDDDDDIDDDD",
    "PO  PIIDDIPPPIIIIIPIDDPIDDDDDIDDDD",
    "PR  PIIDDIPPPIIIIIPIDDPIIIIIIIIIID",
    "SY  PIIDDIPPPIIDDIPIDDPDDDDDDIDDDD",
    "AL  PIIDDIPPPIIIDIPIIIPIDDDDDIDDDD",
    "ID  PIIDDIPPPIIDDIPDIDPDDDDDDDDDDD",
    "EB  PIIDDIPPPIIDDIPDIDPDDDIDDDDDDD",
    "EM  PIIDDIPPPIIDDIPDIDPDDDDDDDDDDD",
    "H2  PIIDDIPPPIIDDIPDIDPDDDDDDDDIID",
    "H3  PIIDDIPPPIIDDIPDIDPDDDDDDDDDID",
    "HL  PIIDDIPPPIIIDIPIIIPIDDDDDIDDDD",
    "JL  PIIDDIPPPIIDDIPDIDPDDDDIIDIIDD",
    "JV  PIIDDIPPPIIDDIPDIDPDDDDDDDDIID",
    "JT  PIIDDIPPPIIDDIPDIDPDDDDDDDDDID",
    "RI  PIIDDIPPPIIDDIPDDDPDDDDDDDDDDI",
)
_PAIR_TABLE = [row[4:] for row in _PAIR_ROWS]

# Line break class of every code point that is not AL (SA, XX and AI are AL
# here, CB is ID).  Hangul syllables U+AC00..U+D7A3 are H2 or H3 by formula.
_LINE_BREAK_CLASSES: dict[str, str] = {
    "BK": "000A-000D 0085 2028-2029",
    "CM": (
        "0000-0008 000E-001F 007F-0084 0086-009F 0300-034E 0350-035B 0363-036F 0483-0489 "
        "0591-05BD 05BF 05C1-05C2 05C4-05C5 05C7 0610-061A 061C 064B-065F 0670 06D6-06DC "
        "06DF-06E4 06E7-06E8 06EA-06ED 0711 0730-074A 07A6-07B0 07EB-07F3 07FD 0816-0819 "
        "081B-0823 0825-0827 0829-082D 0859-085B 0898-089F 08CA-08E1 08E3-0903 093A-093C "
        "093E-094F 0951-0957 0962-0963 0981-0983 09BC 09BE-09C4 09C7-09C8 09CB-09CD 09D7 "
        "09E2-09E3 09FE 0A01-0A03 0A3C 0A3E-0A42 0A47-0A48 0A4B-0A4D 0A51 0A70-0A71 0A75 "
        "0A81-0A83 0ABC 0ABE-0AC5 0AC7-0AC9 0ACB-0ACD 0AE2-0AE3 0AFA-0AFF 0B01-0B03 0B3C "
        "0B3E-0B44 0B47-0B48 0B4B-0B4D 0B55-0B57 0B62-0B63 0B82 0BBE-0BC2 0BC6-0BC8 0BCA-0BCD "
        "0BD7 0C00-0C04 0C3C 0C3E-0C44 0C46-0C48 0C4A-0C4D 0C55-0C56 0C62-0C63 0C81-0C83 0CBC "
        "0CBE-0CC4 0CC6-0CC8 0CCA-0CCD 0CD5-0CD6 0CE2-0CE3 0D00-0D03 0D3B-0D3C 0D3E-0D44 "
        "0D46-0D48 0D4A-0D4D 0D57 0D62-0D63 0D81-0D83 0DCA 0DCF-0DD4 0DD6 0DD8-0DDF 0DF2-0DF3 "
        "0F18-0F19 0F35 0F37 0F39 0F3E-0F3F 0F71-0F7E 0F80-0F84 0F86-0F87 0F8D-0F97 0F99-0FBC "
        "0FC6 135D-135F 1712-1715 1732-1734 1752-1753 1772-1773 180B-180D 180F 1885-1886 18A9 "
        "1920-192B 1930-193B 1A17-1A1B 1A7F 1AB0-1ACE 1B00-1B04 1B34-1B44 1B6B-1B73 1B80-1B82 "
        "1BA1-1BAD 1BE6-1BF3 1C24-1C37 1CD0-1CD2 1CD4-1CE8 1CED 1CF4 1CF7-1CF9 1DC0-1DFF 200C "
        "200E-200F 202A-202E 2066-206F 20D0-20F0 2CEF-2CF1 2D7F 2DE0-2DFF 302A-302F 3035 "
        "3099-309A A66F-A672 A674-A67D A69E-A69F A6F0-A6F1 A802 A806 A80B A823-A827 A82C "
        "A880-A881 A8B4-A8C5 A8E0-A8F1 A8FF A926-A92D A947-A953 A980-A983 A9B3-A9C0 AA29-AA36 "
        "AA43 AA4C-AA4D AAEB-AAEF AAF5-AAF6 ABE3-ABEA ABEC-ABED FB1E FE00-FE0F FE20-FE2F "
        "FFF9-FFFB 101FD 102E0 10376-1037A 10A01-10A03 10A05-10A06 10A0C-10A0F 10A38-10A3A 10A3F "
        "10AE5-10AE6 10D24-10D27 10EAB-10EAC 10F46-10F50 10F82-10F85 11000-11002 11038-11046 "
        "11070 11073-11074 1107F-11082 110B0-110BA 110C2 11100-11102 11127-11134 11145-11146 "
        "11173 11180-11182 111B3-111C0 111C9-111CC 111CE-111CF 1122C-11237 1123E 112DF-112EA "
        "11300-11303 1133B-1133C 1133E-11344 11347-11348 1134B-1134D 11357 11362-11363 "
        "11366-1136C 11370-11374 11435-11446 1145E 114B0-114C3 115AF-115B5 115B8-115C0 "
        "115DC-115DD 11630-11640 116AB-116B7 1182C-1183A 11930-11935 11937-11938 1193B-1193E "
        "11940 11942-11943 119D1-119D7 119DA-119E0 119E4 11A01-11A0A 11A33-11A39 11A3B-11A3E "
        "11A47 11A51-11A5B 11A8A-11A99 11C2F-11C36 11C38-11C3F 11C92-11CA7 11CA9-11CB6 "
        "11D31-11D36 11D3A 11D3C-11D3D 11D3F-11D45 11D47 11D8A-11D8E 11D90-11D91 11D93-11D97 "
        "11EF3-11EF6 16AF0-16AF4 16B30-16B36 16F4F 16F51-16F87 16F8F-16F92 16FF0-16FF1 "
        "1BC9D-1BC9E 1BCA0-1BCA3 1CF00-1CF2D 1CF30-1CF46 1D165-1D169 1D16D-1D182 1D185-1D18B "
        "1D1AA-1D1AD 1D242-1D244 1DA00-1DA36 1DA3B-1DA6C 1DA75 1DA84 1DA9B-1DA9F 1DAA1-1DAAF "
        "1E000-1E006 1E008-1E018 1E01B-1E021 1E023-1E024 1E026-1E02A 1E130-1E136 1E2AE "
        "1E2EC-1E2EF 1E8D0-1E8D6 1E944-1E94A E0001 E0020-E007F E0100-E01EF"
    ),
    "ZW": "200B",
    "ZWJ": "200D",
    "WJ": "2060 FEFF",
    "GL": "00A0 034F 035C-0362 0F08 0F0C 0F12 0FD9-0FDA 180E 2007 2011 202F 13430-13436 16FE4",
    "SP": "0020",
    "BA": (
        "0009 007C 00AD 058A 05BE 0964-0965 0E5A-0E5B 0F0B 0F34 0F7F 0F85 0FBE-0FBF 0FD2 "
        "104A-104B 1361 1400 1680 16EB-16ED 1735-1736 17D4-17D5 17D8 17DA 1804-1805 1B5A-1B5B "
        "1B5D-1B60 1B7D-1B7E 1C3B-1C3F 1C7E-1C7F 2000-2006 2008-200A 2010 2012-2013 2027 2056 "
        "2058-205B 205D-205F 2CFA-2CFC 2CFF 2D70 2E0E-2E15 2E17 2E19 2E2A-2E2D 2E30-2E31 "
        "2E33-2E34 2E3C-2E3E 2E40-2E41 2E43-2E4A 2E4C 2E4E-2E4F 2E5D 3000 A4FE-A4FF A60D A60F "
        "A6F3-A6F7 A8CE-A8CF A92E-A92F A9C7-A9C9 AA5D-AA5F AAF0-AAF1 ABEB 10100-10102 1039F 103D0 "
        "10857 1091F 10A50-10A57 10AF0-10AF5 10B39-10B3F 10EAD 11047-11048 110BE-110C1 "
        "11140-11143 111C5-111C6 111C8 111DD-111DF 11238-11239 1123B-1123C 112A9 1144B-1144E "
        "1145A-1145B 115C2-115C3 115C9-115D7 11641-11642 1173C-1173E 11944-11946 11A41-11A44 "
        "11A9A-11A9C 11AA1-11AA2 11C41-11C45 11FFF 12470-12474 16A6E-16A6F 16AF5 16B37-16B39 "
        "16B44 16E97-16E98 1BC9F 1DA87-1DA8A"
    ),
    "BB": (
        "00B4 02C8 02CC 02DF 0C77 0C84 0F01-0F04 0F06-0F07 0F09-0F0A 0FD0-0FD1 0FD3 1806 1FFD "
        "A874-A875 A8FC 11175 111DB 115C1 11660-1166C 119E2 11A3F 11A45 11A9E-11AA0 11C70"
    ),
    "B2": "2014 2E3A-2E3B",
    "HY": "002D",
    "CL": (
        "007D 0F3B 0F3D 169C 2046 207E 208E 2309 230B 232A 2769 276B 276D 276F 2771 2773 2775 "
        "27C6 27E7 27E9 27EB 27ED 27EF 2984 2986 2988 298A 298C 298E 2990 2992 2994 2996 2998 "
        "29D9 29DB 29FD 2E23 2E25 2E27 2E29 2E56 2E58 2E5A 2E5C 3001-3002 3009 300B 300D 300F "
        "3011 3015 3017 3019 301B 301E-301F FD3E FE11-FE12 FE18 FE36 FE38 FE3A FE3C FE3E FE40 "
        "FE42 FE44 FE48 FE50 FE52 FE5A FE5C FE5E FF09 FF0C FF0E FF3D FF5D FF60-FF61 FF63-FF64 "
        "1325B-1325D 13282 13287 13289 1337A-1337B 13438 145CF"
    ),
    "CP": "0029 005D",
    "EX": (
        "0021 003F 05C6 061B 061D-061F 06D4 07F9 0F0D-0F11 0F14 1802-1803 1808-1809 1944-1945 "
        "2762-2763 2CF9 2CFE 2E2E 2E53-2E54 A60E A876-A877 FE15-FE16 FE56-FE57 FF01 FF1F "
        "115C4-115C5 11C71"
    ),
    "IN": "2024-2026 22EF FE19 10AF6",
    "NS": (
        "17D6 203C-203D 2047-2049 3005 301C 303B-303C 3041 3043 3045 3047 3049 3063 3083 3085 "
        "3087 308E 3095-3096 309B-309E 30A0-30A1 30A3 30A5 30A7 30A9 30C3 30E3 30E5 30E7 30EE "
        "30F5-30F6 30FB-30FE 31F0-31FF A015 FE54-FE55 FF1A-FF1B FF65 FF67-FF70 FF9E-FF9F "
        "16FE0-16FE3 1B150-1B152 1B164-1B167 1F679-1F67B"
    ),
    "OP": (
        "0028 005B 007B 00A1 00BF 0F3A 0F3C 169B 201A 201E 2045 207D 208D 2308 230A 2768 276A "
        "276C 276E 2770 2772 2774 27C5 27E6 27E8 27EA 27EC 27EE 2983 2985 2987 2989 298B 298D "
        "298F 2991 2993 2995 2997 29D8 29DA 29FC 2E18 2E22 2E24 2E26 2E28 2E42 2E55 2E57 2E59 "
        "2E5B FD3F 13258-1325A 13286 13288 13379 13437 145CE 1E95E-1E95F"
    ),
    "OPW": (
        "2329 3008 300A 300C 300E 3010 3014 3016 3018 301A 301D FE17 FE35 FE37 FE39 FE3B FE3D "
        "FE3F FE41 FE43 FE47 FE59 FE5B FE5D FF08 FF3B FF5B FF5F FF62"
    ),
    "QU": (
        "0022 0027 00AB 00BB 2018-2019 201B-201D 201F 2039-203A 275B-2760 2E00-2E0D 2E1C-2E1D "
        "2E20-2E21 1F676-1F678"
    ),
    "IS": "002C 002E 003A-003B 037E 0589 060C-060D 07F8 2044 FE10 FE13-FE14",
    "NU": (
        "0030-0039 0660-0669 066B-066C 06F0-06F9 07C0-07C9 0966-096F 09E6-09EF 0A66-0A6F "
        "0AE6-0AEF 0B66-0B6F 0BE6-0BEF 0C66-0C6F 0CE6-0CEF 0D66-0D6F 0DE6-0DEF 0E50-0E59 "
        "0ED0-0ED9 0F20-0F29 1040-1049 1090-1099 17E0-17E9 1810-1819 1946-194F 19D0-19D9 "
        "1A80-1A89 1A90-1A99 1B50-1B59 1BB0-1BB9 1C40-1C49 1C50-1C59 A620-A629 A8D0-A8D9 "
        "A900-A909 A9D0-A9D9 A9F0-A9F9 AA50-AA59 ABF0-ABF9 104A0-104A9 10D30-10D39 11066-1106F "
        "110F0-110F9 11136-1113F 111D0-111D9 112F0-112F9 11450-11459 114D0-114D9 11650-11659 "
        "116C0-116C9 11730-11739 118E0-118E9 11950-11959 11C50-11C59 11D50-11D59 11DA0-11DA9 "
        "16A60-16A69 16AC0-16AC9 16B50-16B59 1D7CE-1D7FF 1E140-1E149 1E2F0-1E2F9 1E950-1E959 "
        "1FBF0-1FBF9"
    ),
    "PO": (
        "0025 00A2 00B0 0609-060B 066A 09F2-09F3 09F9 0D79 2030-2037 20A7 20B6 20BB 20BE 20C0 "
        "2103 2109 A838 FDFC FE6A FF05 FFE0 11FDD-11FE0 1ECAC 1ECB0"
    ),
    "PR": (
        "0024 002B 005C 00A3-00A5 00B1 058F 07FE-07FF 09FB 0AF1 0BF9 0E3F 17DB 20A0-20A6 "
        "20A8-20B5 20B7-20BA 20BC-20BD 20BF 20C1-20CF 2116 2212-2213 FE69 FF04 FFE1 FFE5-FFE6 "
        "1E2FF"
    ),
    "SY": "002F",
    "ID": (
        "231A-231B 23F0-23F3 2600-2603 2614-2615 2618 261A-261C 261E-261F 2639-263B 2668 267F "
        "26BD-26C8 26CD 26CF-26D1 26D3-26D4 26D8-26D9 26DC 26DF-26E1 26EA 26F1-26F5 26F7-26F8 "
        "26FA 26FD-2704 2708-2709 2764 2E80-2E99 2E9B-2EF3 2F00-2FD5 2FF0-2FFB 3003-3004 "
        "3006-3007 3012-3013 3020-3029 3030-3034 3036-303A 303D-303F 3042 3044 3046 3048 "
        "304A-3062 3064-3082 3084 3086 3088-308D 308F-3094 309F 30A2 30A4 30A6 30A8 30AA-30C2 "
        "30C4-30E2 30E4 30E6 30E8-30ED 30EF-30F4 30F7-30FA 30FF 3105-312F 3131-318E 3190-31E3 "
        "3200-321E 3220-3247 3250-4DBF 4E00-A014 A016-A48C A490-A4C6 F900-FAFF FE30-FE34 "
        "FE45-FE46 FE49-FE4F FE51 FE58 FE5F-FE66 FE68 FE6B FF02-FF03 FF06-FF07 FF0A-FF0B FF0D "
        "FF0F-FF19 FF1C-FF1E FF20-FF3A FF3C FF3E-FF5A FF5C FF5E FF66 FF71-FF9D FFA0-FFBE "
        "FFC2-FFC7 FFCA-FFCF FFD2-FFD7 FFDA-FFDC FFE2-FFE4 FFFC 17000-187F7 18800-18AFF "
        "18D00-18D08 1B000-1B122 1B170-1B2FB 1F000-1F02B 1F030-1F093 1F0A0-1F0AE 1F0B1-1F0BF "
        "1F0C1-1F0CF 1F0D1-1F0F5 1F10D-1F10F 1F16D-1F16F 1F1AD 1F200-1F202 1F210-1F23B "
        "1F240-1F248 1F250-1F251 1F260-1F265 1F300-1F384 1F386-1F39B 1F39E-1F3B4 1F3B7-1F3BB "
        "1F3BD-1F3C1 1F3C5-1F3C6 1F3C8-1F3C9 1F3CD-1F3FA 1F400-1F441 1F444-1F445 1F451-1F465 "
        "1F479-1F47B 1F47D-1F480 1F484 1F488-1F48E 1F490 1F492-1F49F 1F4A1 1F4A3 1F4A5-1F4A9 "
        "1F4AB-1F4AE 1F4B0 1F4B3-1F4FF 1F507-1F516 1F525-1F531 1F54A-1F573 1F576-1F579 "
        "1F57B-1F58F 1F591-1F594 1F597-1F5D3 1F5DC-1F5F3 1F5FA-1F644 1F648-1F64A 1F680-1F6A2 "
        "1F6A4-1F6B3 1F6B7-1F6BF 1F6C1-1F6CB 1F6CD-1F6D7 1F6DD-1F6EC 1F6F0-1F6FC 1F7D5-1F7D8 "
        "1F7E0-1F7EB 1F7F0 1F8B0-1F8B1 1F90D-1F90E 1F910-1F917 1F920-1F925 1F927-1F92F "
        "1F93A-1F93B 1F93F-1F976 1F978-1F9B4 1F9B7 1F9BA 1F9BC-1F9CC 1F9D0 1F9DE-1F9FF "
        "1FA60-1FA6D 1FA70-1FA74 1FA78-1FA7C 1FA80-1FA86 1FA90-1FAAC 1FAB0-1FABA 1FAC0-1FAC2 "
        "1FAD0-1FAD9 1FAE0-1FAE7 20000-2FFFD 30000-3FFFD"
    ),
    "EB": (
        "261D 26F9 270A-270D 1F02C-1F02F 1F094-1F09F 1F0AF-1F0B0 1F0C0 1F0D0 1F0F6-1F0FF "
        "1F1AE-1F1E5 1F203-1F20F 1F23C-1F23F 1F249-1F24F 1F252-1F25F 1F266-1F2FF 1F385 "
        "1F3C2-1F3C4 1F3C7 1F3CA-1F3CC 1F442-1F443 1F446-1F450 1F466-1F478 1F47C 1F481-1F483 "
        "1F485-1F487 1F48F 1F491 1F4AA 1F574-1F575 1F57A 1F590 1F595-1F596 1F645-1F647 "
        "1F64B-1F64F 1F6A3 1F6B4-1F6B6 1F6C0 1F6CC 1F6D8-1F6DC 1F6ED-1F6EF 1F6FD-1F6FF "
        "1F774-1F77F 1F7D9-1F7DF 1F7EC-1F7EF 1F7F1-1F7FF 1F80C-1F80F 1F848-1F84F 1F85A-1F85F "
        "1F888-1F88F 1F8AE-1F8AF 1F8B2-1F8FF 1F90C 1F90F 1F918-1F91F 1F926 1F930-1F939 "
        "1F93C-1F93E 1F977 1F9B5-1F9B6 1F9B8-1F9B9 1F9BB 1F9CD-1F9CF 1F9D1-1F9DD 1FA54-1FA5F "
        "1FA6E-1FA6F 1FA75-1FA77 1FA7D-1FA7F 1FA87-1FA8F 1FAAD-1FAAF 1FABB-1FABF 1FAC3-1FACF "
        "1FADA-1FADF 1FAE8-1FAFF 1FC00-1FFFD"
    ),
    "EM": "1F3FB-1F3FF",
    "HL": (
        "05D0-05EA 05EF-05F2 FB1D FB1F-FB28 FB2A-FB36 FB38-FB3C FB3E FB40-FB41 FB43-FB44 FB46-FB4F"
    ),
    "JL": "1100-115F A960-A97C",
    "JV": "1160-11A7 D7B0-D7C6",
    "JT": "11A8-11FF D7CB-D7FB",
    "RI": "1F1E6-1F1FF",
}

# Column widths (uc_width): listed code points take 0 or 2 columns, all others
# (and Hangul syllables, which take 2) 1.  Control characters count 0.
_ZERO_WIDTH = (
    "0000-001F 007F-009F 00AD 0300-036F 0483-0489 0591-05BD 05BF 05C1-05C2 05C4-05C5 05C7 "
    "0600-0605 0610-061A 061C 064B-065F 0670 06D6-06DD 06DF-06E4 06E7-06E8 06EA-06ED 070F "
    "0711 0730-074A 07A6-07B0 07EB-07F3 07FD 0816-0819 081B-0823 0825-0827 0829-082D "
    "0859-085B 0890-0891 0898-089F 08CA-0902 093A 093C 0941-0948 094D 0951-0957 0962-0963 "
    "0981 09BC 09C1-09C4 09CD 09E2-09E3 09FE 0A01-0A02 0A3C 0A41-0A42 0A47-0A48 0A4B-0A4D "
    "0A51 0A70-0A71 0A75 0A81-0A82 0ABC 0AC1-0AC5 0AC7-0AC8 0ACD 0AE2-0AE3 0AFA-0AFF 0B01 "
    "0B3C 0B3F 0B41-0B44 0B4D 0B55-0B56 0B62-0B63 0B82 0BC0 0BCD 0C00 0C04 0C3C 0C3E-0C40 "
    "0C46-0C48 0C4A-0C4D 0C55-0C56 0C62-0C63 0C81 0CBC 0CCC-0CCD 0CE2-0CE3 0D00-0D01 "
    "0D3B-0D3C 0D41-0D44 0D4D 0D62-0D63 0D81 0DCA 0DD2-0DD4 0DD6 0E31 0E34-0E3A 0E47-0E4E "
    "0EB1 0EB4-0EBC 0EC8-0ECD 0F18-0F19 0F35 0F37 0F39 0F71-0F7E 0F80-0F84 0F86-0F87 "
    "0F8D-0F97 0F99-0FBC 0FC6 102D-1030 1032-1037 1039-103A 103D-103E 1058-1059 105E-1060 "
    "1071-1074 1082 1085-1086 108D 109D 1160-11FF 135D-135F 1712-1714 1732-1733 1752-1753 "
    "1772-1773 17B4-17B5 17B7-17BD 17C6 17C9-17D3 17DD 180B-180F 1885-1886 18A9 1920-1922 "
    "1927-1928 1932 1939-193B 1A17-1A18 1A1B 1A56 1A58-1A5E 1A60 1A62 1A65-1A6C 1A73-1A7C "
    "1A7F 1AB0-1ACE 1B00-1B03 1B34 1B36-1B3A 1B3C 1B42 1B6B-1B73 1B80-1B81 1BA2-1BA5 "
    "1BA8-1BA9 1BAB-1BAD 1BE6 1BE8-1BE9 1BED 1BEF-1BF1 1C2C-1C33 1C36-1C37 1CD0-1CD2 "
    "1CD4-1CE0 1CE2-1CE8 1CED 1CF4 1CF8-1CF9 1DC0-1DFF 200B-200F 202A-202E 2060-2064 "
    "2066-206F 20D0-20F0 2CEF-2CF1 2D7F 2DE0-2DFF 302A-302D 3099-309A A66F-A672 A674-A67D "
    "A69E-A69F A6F0-A6F1 A802 A806 A80B A825-A826 A82C A8C4-A8C5 A8E0-A8F1 A8FF A926-A92D "
    "A947-A951 A980-A982 A9B3 A9B6-A9B9 A9BC-A9BD A9E5 AA29-AA2E AA31-AA32 AA35-AA36 AA43 "
    "AA4C AA7C AAB0 AAB2-AAB4 AAB7-AAB8 AABE-AABF AAC1 AAEC-AAED AAF6 ABE5 ABE8 ABED "
    "D7B0-D7C6 D7CB-D7FB FB1E FE00-FE0F FE20-FE2F FEFF FFF9-FFFB 101FD 102E0 10376-1037A "
    "10A01-10A03 10A05-10A06 10A0C-10A0F 10A38-10A3A 10A3F 10AE5-10AE6 10D24-10D27 "
    "10EAB-10EAC 10F46-10F50 10F82-10F85 11001 11038-11046 11070 11073-11074 1107F-11081 "
    "110B3-110B6 110B9-110BA 110BD 110C2 110CD 11100-11102 11127-1112B 1112D-11134 11173 "
    "11180-11181 111B6-111BE 111C9-111CC 111CF 1122F-11231 11234 11236-11237 1123E 112DF "
    "112E3-112EA 11300-11301 1133B-1133C 11340 11366-1136C 11370-11374 11438-1143F "
    "11442-11444 11446 1145E 114B3-114B8 114BA 114BF-114C0 114C2-114C3 115B2-115B5 "
    "115BC-115BD 115BF-115C0 115DC-115DD 11633-1163A 1163D 1163F-11640 116AB 116AD "
    "116B0-116B5 116B7 1171D-1171F 11722-11725 11727-1172B 1182F-11837 11839-1183A "
    "1193B-1193C 1193E 11943 119D4-119D7 119DA-119DB 119E0 11A01-11A06 11A09-11A0A "
    "11A33-11A38 11A3B-11A3E 11A47 11A51-11A56 11A59-11A5B 11A8A-11A96 11A98-11A99 "
    "11C30-11C36 11C38-11C3D 11C92-11CA7 11CAA-11CB0 11CB2-11CB3 11CB5-11CB6 11D31-11D36 "
    "11D3A 11D3C-11D3D 11D3F-11D45 11D47 11D90-11D91 11D95 11D97 11EF3-11EF4 13430-13438 "
    "16AF0-16AF4 16B30-16B36 16F4F 16F8F-16F92 16FE4 1BC9D-1BC9E 1BCA0-1BCA3 1CF00-1CF2D "
    "1CF30-1CF46 1D167-1D169 1D173-1D182 1D185-1D18B 1D1AA-1D1AD 1D242-1D244 1DA00-1DA36 "
    "1DA3B-1DA6C 1DA75 1DA84 1DA9B-1DA9F 1DAA1-1DAAF 1E000-1E006 1E008-1E018 1E01B-1E021 "
    "1E023-1E024 1E026-1E02A 1E130-1E136 1E2AE 1E2EC-1E2EF 1E8D0-1E8D6 1E944-1E94A E0001 "
    "E0020-E007F E0100-E01EF"
)
_DOUBLE_WIDTH = (
    "1100-115F 231A-231B 2329-232A 23E9-23EC 23F0 23F3 25FD-25FE 2614-2615 2648-2653 267F "
    "2693 26A1 26AA-26AB 26BD-26BE 26C4-26C5 26CE 26D4 26EA 26F2-26F3 26F5 26FA 26FD 2705 "
    "270A-270B 2728 274C 274E 2753-2755 2757 2795-2797 27B0 27BF 2B1B-2B1C 2B50 2B55 "
    "2E80-3029 302E-303E 3040-3098 309B-3247 3250-4DBF 4E00-A4CF A960-A97C F900-FAFF "
    "FE10-FE1F FE30-FE6F FF00-FF60 FFE0-FFE6 16FE0-16FE3 16FF0-16FF1 17000-187F7 18800-18CD5 "
    "18D00-18D08 1AFF0-1AFF3 1AFF5-1AFFB 1AFFD-1AFFE 1B000-1B122 1B150-1B152 1B164-1B167 "
    "1B170-1B2FB 1F004 1F0CF 1F18E 1F191-1F19A 1F200-1F320 1F32D-1F335 1F337-1F37C "
    "1F37E-1F393 1F3A0-1F3CA 1F3CF-1F3D3 1F3E0-1F3F0 1F3F4 1F3F8-1F43E 1F440 1F442-1F4FC "
    "1F4FF-1F53D 1F54B-1F54E 1F550-1F567 1F57A 1F595-1F596 1F5A4 1F5FB-1F64F 1F680-1F6C5 "
    "1F6CC 1F6D0-1F6D2 1F6D5-1F6D7 1F6DD-1F6DF 1F6EB-1F6EC 1F6F4-1F6FC 1F7E0-1F7EB 1F7F0 "
    "1F90C-1F93A 1F93C-1F945 1F947-1F9FF 1FA70-1FA74 1FA78-1FA7C 1FA80-1FA86 1FA90-1FAAC "
    "1FAB0-1FABA 1FAC0-1FAC5 1FAD0-1FAD9 1FAE0-1FAE7 1FAF0-1FAF6 20000-3FFFF"
)


def _parse_ranges(text: str) -> Iterable[tuple[int, int]]:
    for token in text.split():
        first, _, last = token.partition("-")
        yield int(first, 16), int(last or first, 16)


def _range_index(tables: Iterable[tuple[str, int]]) -> tuple[list[int], list[int], list[int]]:
    """Sorted (starts, ends, values) for bisecting."""
    rows = sorted((lo, hi, value) for text, value in tables for lo, hi in _parse_ranges(text))
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


_CLASS_INDEX = _range_index(
    (text, _CLASS_NAMES.index(name)) for name, text in _LINE_BREAK_CLASSES.items()
)
_WIDTH_INDEX = _range_index(((_ZERO_WIDTH, 0), (_DOUBLE_WIDTH, 2)))


def _lookup(index: tuple[list[int], list[int], list[int]], code: int, default: int) -> int:
    starts, ends, values = index
    i = bisect.bisect_right(starts, code) - 1
    return values[i] if i >= 0 and code <= ends[i] else default


def _class_of_code(code: int) -> int:
    """Line break class (index into ``_CLASS_NAMES``) of a code point."""
    if 0xAC00 <= code <= 0xD7A3:  # Hangul syllables: LV every 28th, else LVT
        return _H2 if (code - 0xAC00) % 28 == 0 else _H3
    return _lookup(_CLASS_INDEX, code, _AL)


def _ranges_class(text: str) -> str:
    return "".join(
        re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "")
        for lo, hi in _parse_ranges(text)
    )



def _bmp_class(text: str) -> str:
    """``_ranges_class`` of the ranges below U+10000: a regular expression tests those at once,
    where one range above makes every test walk the whole list."""
    return _ranges_class(" ".join(token for token in text.split()
                                  if int(token.partition("-")[0], 16) < 0x10000))


_ABOVE_BMP = "\U00010000-\U0010ffff"
_UNBREAKABLE = re.compile(
    "[^"
    + "".join(_bmp_class(text) for name, text in _LINE_BREAK_CLASSES.items() if name != "NU")
    + f"\uac00-\ud7a3{_ABOVE_BMP}]*"
)
"""A run of AL and NU characters (of the BMP): no break opportunity between any two of them."""

_STATEFUL_CLASSES = ("BK", "CM", "ZWJ", "ZW", "RI", "HL")
_PLAIN = re.compile(
    "[^"
    + "".join(_bmp_class(_LINE_BREAK_CLASSES[name]) for name in _STATEFUL_CLASSES)
    + _bmp_class(_ZERO_WIDTH) + _bmp_class(_DOUBLE_WIDTH)
    + f"\uac00-\ud7a3{_ABOVE_BMP}]*"
)
"""A run of characters of one column each and no stateful class (of the BMP)."""


def _classify(text: str) -> tuple[bool, bool]:
    """(every character takes one column, no character of a stateful class: see
    ``_breaks_before``).  For ASCII both mean no control character (tab and
    newline are escaped by then)."""
    if text.isascii():
        printable = text.isprintable()
        return printable, printable
    chars = set(text)
    return all(map(_UNIT.__getitem__, chars)), not any(map(_STATEFUL.__getitem__, chars))


def _width_of_code(code: int) -> int:
    """Columns a code point takes (libunistring's uc_width, control characters 0)."""
    return 2 if 0xAC00 <= code <= 0xD7A3 else _lookup(_WIDTH_INDEX, code, 1)


# At most one entry per distinct character seen.
_CLASS_CACHE: dict[str, int] = {}
_WIDTH_CACHE: dict[str, int] = {}


class _Table(dict[str, int]):
    """Per-character values, computed on first use."""

    def __init__(self, compute: Callable[[int], int | bool]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, char: str) -> int:
        value = self[char] = self.compute(ord(char))
        return value


_WIDTHS = _Table(_width_of_code)
_CLASSES = _Table(_class_of_code)
_UNIT = _Table(lambda code: _width_of_code(code) == 1)
_STATEFUL = _Table(lambda code: _CLASS_NAMES[_class_of_code(code)] in _STATEFUL_CLASSES)


def _line_break_class(char: str) -> int:
    cls = _CLASS_CACHE.get(char)
    if cls is None:
        cls = _CLASS_CACHE[char] = _class_of_code(ord(char))
    return cls


def _char_width(char: str) -> int:
    width = _WIDTH_CACHE.get(char)
    if width is None:
        width = _WIDTH_CACHE[char] = _width_of_code(ord(char))
    return width
