"""All PO and POT file I/O, and merging a template into a translation.

Rules:

- Loading never trusts the file: anything polib or our own checks reject is
  raised as ``PoFileError`` with ``file:line: what is wrong``; the file is
  never rewritten.
- Saving serializes exactly as GNU gettext does (``poformat``), writes
  atomically, and writes nothing when the bytes would not change.
- Merging behaves like ``msgmerge --previous``: translations kept; a changed
  msgid takes the closest old translation as ``#, fuzzy`` with the old
  English in ``#| msgid``; entries gone from the template become obsolete
  (``#~``) if they were translated; translator comments and flags survive.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from pipeline import posyntax
from pipeline.errors import PoFileError
from pipeline.fsutil import write_text_if_changed
from pipeline.languages import Language
from pipeline.poformat import format_po

FUZZY = "fuzzy"
FUZZY_THRESHOLD = 0.6
"""Same similarity threshold as msgmerge's fuzzy matching."""

_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_CONFLICT = re.compile(rb"^(<<<<<<<|=======|>>>>>>>)( |$)", re.MULTILINE)


@dataclass(frozen=True)
class HeaderInfo:
    """What goes into the header of a catalog the pipeline creates."""

    project: str
    bugs_address: str = ""
    title: str = ""


def now_stamp() -> str:
    """The current time in gettext's header format (``2026-11-25 10:00+0000``)."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


# --- loading ----------------------------------------------------------------


def load_po(path: Path, display: str | None = None) -> polib.POFile:
    """Parse a PO or POT file; every problem becomes ``PoFileError`` with a line."""
    return read_po(path, display)[0]


def read_po(path: Path, display: str | None = None) -> tuple[polib.POFile, posyntax.PoLayout]:
    """``load_po``, plus where each entry and header field is in the file."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PoFileError(shown, f"cannot read: {exc.strerror or exc}") from exc
    po, layout = parse_po(raw, shown)
    po.fpath = str(path)
    return po, layout


def parse_po(raw: bytes, shown: str) -> tuple[polib.POFile, posyntax.PoLayout]:
    """Parse the bytes of a PO or POT file called ``shown`` in messages."""
    _precheck(raw, shown)
    text = raw.decode("utf-8")
    layout = posyntax.scan(text, shown)
    try:
        po = polib.pofile(text, wrapwidth=79, check_for_duplicates=True)
    except (OSError, ValueError, KeyError, IndexError, UnicodeError) as exc:
        raise _polib_error(exc, shown) from exc
    return po, layout


def _precheck(raw: bytes, shown: str) -> None:
    if not raw.strip():
        raise PoFileError(
            shown, "file is empty; delete it or run `localize extract` to recreate it", 1
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise PoFileError(shown, "starts with a byte-order mark; save it as UTF-8 without BOM", 1)
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise PoFileError(shown, "contains binary data (NUL byte); this is not a PO file", line)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PoFileError(shown, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line) from exc
    conflict = _CONFLICT.search(raw)
    if conflict:
        line = raw[: conflict.start()].count(b"\n") + 1
        raise PoFileError(
            shown, "contains a merge conflict marker; resolve the conflict first", line
        )
    if b"\r" in raw:
        line = raw[: raw.index(b"\r")].count(b"\n") + 1
        raise PoFileError(
            shown, "has Windows (CRLF) line endings; convert the file to LF line endings", line
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


def save_po(po: polib.POFile, path: Path) -> bool:
    """Write ``po`` atomically as GNU gettext would; False when the file already matched."""
    return write_text_if_changed(path, format_po(po))


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
    candidates = [e for e in active.values() if is_translated(e)]
    used: set[tuple[str | None, str]] = set()
    for template in pot:
        if template.obsolete:
            continue
        key = _key(template)
        previous = active.get(key) or obsolete.get(key)
        if previous is not None:
            entry = _carry_over(template, previous, fuzzy_from=None)
        else:
            match = _closest(template, candidates)
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
    return polib.POEntry(
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


def _closest(template: polib.POEntry, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    best: polib.POEntry | None = None
    best_ratio = FUZZY_THRESHOLD
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(template.msgid)
    for candidate in candidates:
        matcher.set_seq1(candidate.msgid)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio and (best is None or ratio > best_ratio):
            best, best_ratio = candidate, ratio
    return best


def _obsoleted(entry: polib.POEntry) -> polib.POEntry:
    gone = polib.POEntry(
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
