"""All PO and POT file I/O, and merging a template into a translation.

Rules:

- Loading never trusts the file: anything polib or our own checks reject is
  raised as ``PoFileError`` with ``file:line: what is wrong``; the file is
  never rewritten. A file is only handed to polib if polib will read what
  the file says: no byte-order mark, NUL, BEL (saved as ``\a``, which polib
  cannot read back), CR, or other character ``str.splitlines`` would split
  a line at. The fuzz test (``tests/po_fuzz.py``) holds the loader to this:
  any bytes either load and survive a save unchanged, or are refused with
  a line number. A file in the plain layout gettext tools write is read
  in one pass by ``reader``, with the very result the scanner and polib
  would give; anything else goes through them.
- Saving serializes exactly as GNU gettext does (``writer``), writes
  atomically, and writes nothing when the bytes would not change.
- A translator's edits are never clobbered: whoever rewrites a PO file
  passes the digest of the bytes it read (``load_po_with_digest``) to
  ``save_po``, which refuses to replace a file that changed since
  (``files.ChangedOnDisk``). ``update.update_po`` is the whole read →
  change → compare → replace cycle, redone from the newer file when that
  happens; extract and the site strings use it, translate (``tracked``)
  re-applies its results to the newer file the same way.
- Every file is read and written inside the project (``runtime.confine``:
  the ``root`` argument). CRLF line ends and a byte-order mark are read as
  GNU msgfmt reads them; a file written back keeps its line ends
  (``FileForm``) and loses the mark, which GNU gettext refuses.
- A translation whose header does not fit its language is refused with
  validate's words (``header``), when the caller says which language.
- Merging behaves like ``msgmerge --previous``: translations kept; a changed
  msgid takes the closest old translation as ``#, fuzzy`` with the old
  English in ``#| msgid``; entries gone from the template become obsolete
  (``#~``) if they were translated; translator comments and flags survive.
"""

from __future__ import annotations

import difflib
import heapq
import os
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from pipeline.errors import PoFileError
from pipeline.po import header, reader, syntax
from pipeline.po.reader import new_entry
from pipeline.po.writer import EntryKey, format_po
from pipeline.project.languages import Language
from pipeline.runtime.confine import OutsideProject, read_inside
from pipeline.runtime.files import WriteBehind, digest, write_bytes_if_changed

FUZZY = "fuzzy"
FUZZY_THRESHOLD = 0.6
"""Same similarity threshold as msgmerge's fuzzy matching."""

_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_CONFLICT = re.compile(rb"^(<<<<<<<|=======|>>>>>>>)( |$)", re.MULTILINE)
_ODD_BREAK = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""What ``str.splitlines`` takes for a line break besides \n and \r (refused separately)."""
_ODD_BYTES = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")
_ODD_CHARS = ("\x85", "\u2028", "\u2029")
"""Those characters, as bytes and as text: looking for each is much faster than the
expression (the text for those written with several bytes)."""
_CONFLICT_BYTES = (b"<<<<<<<", b"=======", b">>>>>>>")


@dataclass(frozen=True)
class HeaderInfo:
    """What goes into the header of a catalog the pipeline creates."""

    project: str
    bugs_address: str = ""
    title: str = ""


def now_stamp() -> str:
    """The current time in gettext's header format (``2026-11-25 10:00+0000``)."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def creation_stamp() -> str:
    """A new template's creation date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds),
    else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d %H:%M+0000")
    return now_stamp()


# --- loading ----------------------------------------------------------------


def load_po(path: Path, display: str | None = None, root: Path | None = None,
            lang: Language | None = None, skip: Collection[str] = ()) -> polib.POFile:
    """Parse a PO or POT file; every problem becomes ``PoFileError`` with a line.

    ``root``: the project folder, which the file must be in (``runtime.confine``;
    default: the folder holding the file). ``lang``: the language the file is
    for; its header must fit it (``header.require_fit``, except the rules in
    ``skip``).
    """
    return read_po(path, display, root, lang, skip)[0]


def read_po(path: Path, display: str | None = None, root: Path | None = None,
            lang: Language | None = None, skip: Collection[str] = ()
            ) -> tuple[polib.POFile, syntax.PoLayout]:
    """``load_po``, plus where each entry and header field is in the file."""
    shown = display or str(path)
    po, layout = parse_po(read_file(path, shown, root), shown, lang, skip)
    po.fpath = str(path)
    return po, layout


@dataclass(frozen=True)
class Loaded:
    """A PO file as read: its entries, the digest of the exact bytes parsed (for
    ``save_po(expected=…)``) and its line ends (for writing it back)."""

    po: polib.POFile
    digest: str
    form: FileForm


def load_po_with_digest(path: Path, display: str | None = None, root: Path | None = None,
                        lang: Language | None = None, skip: Collection[str] = ()) -> Loaded:
    """``load_po``, plus what it takes to write the file back (``Loaded``)."""
    shown = display or str(path)
    raw = read_file(path, shown, root)
    po, _ = parse_po(raw, shown, lang, skip)
    po.fpath = str(path)
    return Loaded(po, digest(raw), FileForm.of(raw))


def read_file(path: Path, shown: str, root: Path | None = None) -> bytes:
    """The bytes of a PO or POT file, read only inside ``root`` (``runtime.confine``)."""
    try:
        return read_inside(root, path, shown)
    except OSError as exc:
        raise PoFileError(shown, f"cannot read: {exc.strerror or exc}") from exc
    except OutsideProject as exc:
        raise PoFileError(shown, str(exc).removeprefix(f"{shown}: ")) from None


def read_if_exists(path: Path, shown: str, root: Path | None = None) -> bytes | None:
    """``read_file``, or ``None`` when there is no file."""
    try:
        return read_file(path, shown, root)
    except PoFileError as exc:
        if isinstance(exc.__cause__, FileNotFoundError):
            return None
        raise


@dataclass(frozen=True)
class FileForm:
    """How a PO file is laid out on disk beyond what gettext reads: its line ends.

    GNU msgfmt reads a file with Windows line ends (CRLF) as well as one
    with LF; a Windows editor writes them, and the file keeps them when the
    pipeline writes it back. A UTF-8 byte-order mark is read and not written
    back: GNU gettext refuses a file that starts with one.
    """

    crlf: bool = False

    @classmethod
    def of(cls, raw: bytes | None) -> FileForm:
        if not raw:
            return _LF
        end = raw.find(b"\n")
        return _CRLF if end > 0 and raw[end - 1:end] == b"\r" else _LF

    def encode(self, text: str) -> bytes:
        """The bytes of a file holding ``text`` (written with LF line ends) in this form."""
        return (text.replace("\n", "\r\n") if self.crlf else text).encode("utf-8")


_LF = FileForm(False)
_CRLF = FileForm(True)


def normalized(raw: bytes) -> bytes:
    """``raw`` without a byte-order mark and with LF line ends: what every reader reads."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    return raw.replace(b"\r\n", b"\n") if b"\r" in raw else raw


_BOM = b"\xef\xbb\xbf"


def parse_po(raw: bytes, shown: str, lang: Language | None = None,
             skip: Collection[str] = ()) -> tuple[polib.POFile, syntax.PoLayout]:
    """Parse the bytes of a PO or POT file called ``shown`` in messages.

    CRLF line ends and a byte-order mark are read as GNU msgfmt reads them
    (``normalized``). ``lang``, ``skip``: see ``load_po``.
    """
    raw = normalized(raw)
    precheck(raw, shown)
    text = raw.decode("utf-8")
    parsed = reader.read(text) or _slow_parse(text, shown)
    if lang is not None:
        header.require_fit(parsed[0].metadata, parsed[1], lang, shown, skip)
    return parsed


def _slow_parse(text: str, shown: str) -> tuple[polib.POFile, syntax.PoLayout]:
    """The strict scanner, then polib: for a file the one-pass ``reader`` declines."""
    layout = syntax.scan(text, shown)
    try:
        po = polib.pofile(text, wrapwidth=79)
        if _maybe_duplicates(po):
            # polib's own check is quadratic; let it find and word the error.
            po = polib.pofile(text, wrapwidth=79, check_for_duplicates=True)
    except (OSError, ValueError, KeyError, IndexError, UnicodeError) as exc:
        raise _polib_error(exc, shown) from exc
    return po, layout


def _maybe_duplicates(po: polib.POFile) -> bool:
    """Whether polib's duplicate check could fail on ``po`` (same msgctxt and msgid twice).

    polib refuses an entry whose key a live entry before it already has; the
    header (msgid "") was one of those before polib removed it.
    """
    live: set[tuple[str | None, str]] = set()
    for entry in po:
        key = _key(entry)
        if key in live or key == (None, ""):
            return True
        if not entry.obsolete:
            live.add(key)
    return False


def precheck(raw: bytes, shown: str) -> None:
    """``PoFileError`` for what no reader may be given (see the module's rules); ``raw`` as
    ``normalized`` gives it."""
    if not raw or raw.isspace():
        raise PoFileError(
            shown, "file is empty; delete it or run `localize extract` to recreate it", 1
        )
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise PoFileError(shown, "contains binary data (NUL byte); this is not a PO file", line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PoFileError(shown, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line) from exc
    odd = (_ODD_BREAK.search(text)
           if any(mark in raw for mark in _ODD_BYTES) or any(mark in text for mark in _ODD_CHARS)
           else None)
    if odd:
        # polib splits the file with str.splitlines(): it would see a line break here that
        # the scanner (and GNU gettext) do not, and read something else than the file says
        line = text[: odd.start()].count("\n") + 1
        raise PoFileError(
            shown, f"contains U+{ord(odd.group()):04X}, which is read as a line break; remove it",
            line)
    conflict = (_CONFLICT.search(raw)
                if raw.startswith(_CONFLICT_BYTES) or any(b"\n" + mark in raw
                                                         for mark in _CONFLICT_BYTES)
                else None)
    if conflict:
        line = raw[: conflict.start()].count(b"\n") + 1
        raise PoFileError(
            shown, "contains a merge conflict marker; resolve the conflict first", line
        )
    if b"\a" in raw:
        # the writer (as GNU does) would save it as the escape \a, which polib cannot read
        line = raw[: raw.index(b"\a")].count(b"\n") + 1
        raise PoFileError(shown, "contains a control character (BEL, 0x07); remove it", line)
    if b"\r" in raw:
        line = raw[: raw.index(b"\r")].count(b"\n") + 1
        raise PoFileError(
            shown, "contains a carriage return (CR) that does not end a line; remove it", line
        )


def _polib_error(exc: Exception, shown: str) -> PoFileError:
    message = str(exc)
    match = _POLIB_LINE.search(message)
    line = int(match.group(1)) if match else None
    reason = _POLIB_LINE.sub("", message).strip().rstrip(":").strip()
    reason = re.sub(r"^Syntax error in po file", "syntax error", reason)
    reason = re.sub(r"\s*\(?\s*$", "", reason.replace(" None", ""))
    return PoFileError(shown, reason or "cannot parse this PO file", line)


# --- creating and saving ----------------------------------------------------


def new_template(info: HeaderInfo, created: str) -> polib.POFile:
    """An empty POT with a header gettext tools accept."""
    pot = polib.POFile(wrapwidth=79)
    title = info.title or info.project
    pot.header = (
        f"Translation template for {title}.\n"
        f"This file is distributed under the same license as the {info.project} project."
    )
    pot.metadata = {
        "Project-Id-Version": info.project,
        "Report-Msgid-Bugs-To": info.bugs_address,
        "POT-Creation-Date": created,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    pot.metadata_is_fuzzy = True
    return pot


def new_translation(pot: polib.POFile, lang: Language, info: HeaderInfo) -> polib.POFile:
    """An empty PO for ``lang`` made from a template, as ``msginit`` would (but right)."""
    po = polib.POFile(wrapwidth=79)
    title = info.title or info.project
    po.header = (
        f"{lang.english_name} translation of {title}.\n"
        f"This file is distributed under the same license as the {info.project} project."
    )
    created = pot.metadata.get("POT-Creation-Date", "")
    po.metadata = {
        "Project-Id-Version": info.project,
        "Report-Msgid-Bugs-To": info.bugs_address,
        "POT-Creation-Date": created,
        "PO-Revision-Date": created,
        "Last-Translator": "",
        "Language-Team": f"{lang.english_name} <>",
        "Language": lang.locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": lang.plural_forms,
    }
    return po


def save_po(
    po: polib.POFile,
    path: Path,
    expected: str | None = None,
    display: str | None = None,
    known: Mapping[EntryKey, str] | None = None,
    behind: WriteBehind | None = None,
    root: Path | None = None,
    form: FileForm = _LF,
) -> bool:
    """Write ``po`` atomically as GNU gettext would; False when the file already matched.

    ``expected``: the digest of the file as it was read (``files.ABSENT`` if
    it did not exist); if the file changed since, nothing is written and
    ``files.ChangedOnDisk`` is raised. ``display`` names the file in errors.
    ``known``: entries as this pipeline wrote them before (``written_entries``),
    reused where a merge left them unchanged. ``behind``: see ``files.WriteBehind``.
    ``root``: the project folder (``runtime.confine``). ``form``: the line ends
    of the file as read (``load_po_with_digest``), kept.
    """
    data = form.encode(format_po(po, known=known))
    return write_bytes_if_changed(path, data, expected, display, behind, root)


def save_po_digest(po: polib.POFile, path: Path, expected: str | None = None,
                   display: str | None = None, root: Path | None = None,
                   form: FileForm = _LF) -> str:
    """``save_po``, returning the digest of the bytes the file now holds (formatted once)."""
    data = form.encode(format_po(po))
    write_bytes_if_changed(path, data, expected, display, None, root)
    return digest(data)


def save_text(text: str, path: Path, display: str | None = None,
              behind: WriteBehind | None = None, root: Path | None = None) -> bool:
    """``save_po`` for a catalog already written as text (``textmerge.Template.render``)."""
    return write_bytes_if_changed(path, text.encode("utf-8"), None, display, behind, root)


def render_po(po: polib.POFile) -> str:
    """The exact text ``save_po`` would write."""
    return format_po(po)


# --- merging ----------------------------------------------------------------


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """Has a non-empty translation (in every plural form), fuzzy or not."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def merge(old: polib.POFile, pot: polib.POFile) -> polib.POFile:
    """The translation ``old`` updated to template ``pot``, as ``msgmerge --previous`` does."""
    result = polib.POFile(wrapwidth=79)
    result.header = old.header
    result.metadata = dict(old.metadata)
    result.metadata_is_fuzzy = old.metadata_is_fuzzy
    if "POT-Creation-Date" in pot.metadata:
        result.metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    active = {_key(e): e for e in old if not e.obsolete}
    obsolete = {_key(e): e for e in old if e.obsolete}
    finder = _Fuzzy([e for e in active.values() if is_translated(e)])
    used: set[tuple[str | None, str]] = set()
    for template in pot:
        if template.obsolete:
            continue
        key = _key(template)
        previous = active.get(key) or obsolete.get(key)
        if previous is not None:
            entry = _carry_over(template, previous, fuzzy_from=None)
        else:
            match = finder.closest(template.msgid)
            entry = _carry_over(template, match, fuzzy_from=match) if match else _fresh(template)
            previous = match
        if previous is not None:
            used.add(_key(previous))
        result.append(entry)
    for entry in old:
        if _key(entry) in used or not is_translated(entry):
            continue
        result.append(_obsoleted(entry))
    return result


def _fresh(template: polib.POEntry) -> polib.POEntry:
    return new_entry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgid_plural=template.msgid_plural,
        msgstr="",
        msgstr_plural={0: "", 1: ""} if template.msgid_plural else {},
        occurrences=list(template.occurrences),
        comment=template.comment,
        flags=[f for f in template.flags if f != FUZZY],
    )


def _carry_over(
    template: polib.POEntry, old: polib.POEntry, fuzzy_from: polib.POEntry | None
) -> polib.POEntry:
    entry = _fresh(template)
    entry.msgstr = old.msgstr
    if template.msgid_plural and old.msgstr_plural:
        entry.msgstr_plural = dict(old.msgstr_plural)
    entry.tcomment = old.tcomment
    entry.flags = _union(entry.flags, old.flags)
    if fuzzy_from is not None:
        if FUZZY not in entry.flags:
            entry.flags.insert(0, FUZZY)
        entry.previous_msgid = fuzzy_from.previous_msgid or fuzzy_from.msgid
        entry.previous_msgctxt = fuzzy_from.msgctxt or None
        entry.previous_msgid_plural = fuzzy_from.msgid_plural or None
    elif FUZZY in entry.flags:
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid_plural = old.previous_msgid_plural
    return entry


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    merged: list[str] = []
    for flag in (*second, *first):
        if flag not in merged:
            merged.append(flag)
    if FUZZY in merged:
        merged.remove(FUZZY)
        merged.insert(0, FUZZY)
    return merged


class _Fuzzy:
    """msgmerge's fuzzy search: the translated entry whose msgid is most like a new one.

    The answer is difflib's ``ratio`` at least ``FUZZY_THRESHOLD``, the
    highest, and among equals the first candidate. To get there fast,
    candidates wait in a heap under the best bound known for them, first
    difflib's ``real_quick_ratio`` (lengths), then its ``quick_ratio``
    (shared characters, from character counts), then the ratio itself; the
    top one has its bound made exact one step at a time, and the first to
    come out on top with its exact ratio is the answer (every other bound is
    lower, or as high with a later index). A candidate whose length already
    rules it out is never counted, nor compared.
    The same search in the other languages of an article, which have the
    same translated msgids, is answered from memory.
    """

    def __init__(self, candidates: list[polib.POEntry]) -> None:
        self.candidates = candidates
        self.memo = _FUZZY_MEMO.setdefault(tuple(c.msgid for c in candidates), {})
        if len(_FUZZY_MEMO) > _FUZZY_MEMO_MAX:
            _FUZZY_MEMO.clear()
            _FUZZY_MEMO[tuple(c.msgid for c in candidates)] = self.memo
        self.counts: dict[int, Counter[str]] = {}

    def closest(self, msgid: str) -> polib.POEntry | None:
        if msgid not in self.memo:
            self.memo[msgid] = self._search(msgid)
        index = self.memo[msgid]
        return None if index is None else self.candidates[index]

    def _search(self, msgid: str) -> int | None:
        length = len(msgid)
        # (-bound, index, how far the bound is refined): lengths, then counts, then the ratio
        heap = [(-bound, index, 0) for index, candidate in enumerate(self.candidates)
                if (bound := _length_ratio(length, len(candidate.msgid))) >= FUZZY_THRESHOLD]
        heapq.heapify(heap)
        mine: Counter[str] | None = None
        matcher: difflib.SequenceMatcher[str] | None = None
        while heap:
            negative, index, stage = heapq.heappop(heap)
            if -negative < FUZZY_THRESHOLD:
                return None
            if stage == 2:
                return index  # no other bound is higher, nor as high with a smaller index
            candidate = self.candidates[index].msgid
            if stage == 0:
                mine = mine if mine is not None else Counter(msgid)
                bound = _quick_ratio(mine, length, self._counts(index), len(candidate))
            else:
                if matcher is None:
                    matcher = difflib.SequenceMatcher(autojunk=False)
                    matcher.set_seq2(msgid)
                matcher.set_seq1(candidate)
                bound = matcher.ratio()
            heapq.heappush(heap, (-bound, index, stage + 1))
        return None

    def _counts(self, index: int) -> Counter[str]:
        counts = self.counts.get(index)
        if counts is None:
            counts = self.counts[index] = Counter(self.candidates[index].msgid)
        return counts


_FUZZY_MEMO: dict[tuple[str, ...], dict[str, int | None]] = {}
_FUZZY_MEMO_MAX = 64


def _length_ratio(first: int, second: int) -> float:
    """difflib's ``real_quick_ratio``: the best ``ratio`` two strings of these lengths can have."""
    total = first + second
    return 2.0 * min(first, second) / total if total else 1.0


def _quick_ratio(first: Counter[str], first_length: int, second: Counter[str],
                 second_length: int) -> float:
    """difflib's ``quick_ratio`` of two strings, from their character counts."""
    total = first_length + second_length
    if not total:
        return 1.0
    if len(first) > len(second):
        first, second = second, first
    shared = sum(min(count, second[char]) for char, count in first.items() if char in second)
    return 2.0 * shared / total


def _obsoleted(entry: polib.POEntry) -> polib.POEntry:
    gone = new_entry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural),
        tcomment=entry.tcomment,
        flags=list(entry.flags),
        obsolete=True,
    )
    return gone
