"""The fast PO reader gives exactly what the scanner and polib give, or declines.

Every PO and POT file of the repository and its test data, files written by
polib and by our writer, and thousands of damaged variants of them: for
each, ``poread.read`` either returns ``None`` or the very same POFile
(every attribute of every entry) and layout as ``posyntax.scan`` plus
``polib``; and it never accepts a text the slow path rejects.
"""

from __future__ import annotations

import random
from pathlib import Path

import polib
import pytest
from conftest import ROOT

from pipeline.errors import PoFileError
from pipeline.po import catalog
from pipeline.po import reader as poread
from pipeline.po import syntax as posyntax

FILES = sorted(
    p for p in (*ROOT.glob("po/**/*.po*"), *(ROOT / "tests" / "data").rglob("*.po*"))
    if p.suffix in (".po", ".pot")
)
ODD_LINES = [
    "", "#", "# ", "#.", "#:", "#,", "#~", "#~|", "#| ", '#| "x"', '#| msgid "x"', '"x"',
    'msgid "x"', 'msgstr "y"', 'msgstr[0] "z"', 'msgstr[1] "z"', 'msgid_plural "p"',
    'msgctxt "c"', '#~ msgid "o"', '#~ msgstr "o"', '#~ "o"', "#, fuzzy", "#. note",
    "#: a.md:1", "#:a.md", "#.x", "##x", 'msgid  "x"', 'msgid "a\\qb"', 'msgid "a"b"',
    '"unterminated', "  # indented", "# trailing ", 'msgid "x" ', "garbage", '#~| msgid "o"',
    "msgstr[10] \"z\"", '"Plural-Forms: nplurals=3; plural=0;\\n"', '"Bad header line\\n"',
    '#| msgid_plural "pp"', '#| msgctxt "cc"', "\u2028", "# a\u2028b",
]


def slow(text: str) -> tuple[polib.POFile, posyntax.PoLayout]:
    layout = posyntax.scan(text, "x.po")
    try:
        po = polib.pofile(text, wrapwidth=79)
        if catalog._maybe_duplicates(po):
            po = polib.pofile(text, wrapwidth=79, check_for_duplicates=True)
    except (OSError, ValueError, KeyError, IndexError, UnicodeError) as exc:
        raise PoFileError("x.po", str(exc)) from exc
    return po, layout


def same(fast: tuple[polib.POFile, posyntax.PoLayout], expected: tuple[polib.POFile,
         posyntax.PoLayout]) -> None:
    po, layout = fast
    want, want_layout = expected
    assert layout == want_layout
    for name in ("header", "metadata", "metadata_is_fuzzy", "encoding", "wrapwidth", "fpath",
                 "check_for_duplicates"):
        assert getattr(po, name) == getattr(want, name), name
    assert len(po) == len(want)
    for mine, theirs in zip(po, want, strict=True):
        assert mine.__dict__ == theirs.__dict__


def check(text: str) -> bool:
    """Compare both paths on ``text``; True if the fast one answered."""
    fast = poread.read(text)
    try:
        expected = slow(text)
    except PoFileError:
        assert fast is None, "the fast reader accepted a file the slow path refuses"
        return False
    if fast is not None:
        same(fast, expected)
    return fast is not None


def written_samples() -> list[str]:
    """Files written by polib and by our writer from the repository's catalogs."""
    texts = []
    for path in FILES[:12]:
        try:
            po = catalog.load_po(path)
        except PoFileError:
            continue
        texts.append(catalog.render_po(po))
        texts.append(po.__unicode__())
    return texts


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(ROOT).as_posix() for p in FILES])
def test_repository_files(path: Path) -> None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # refused before either reader runs
        with pytest.raises(PoFileError):
            catalog.parse_po(raw, path.name)
        return
    check(text)


def test_files_written_by_gettext_layouts_are_read_fast() -> None:
    texts = written_samples()
    assert texts
    answered = [check(text) for text in texts]
    assert sum(answered) >= len(texts) // 2


def test_damaged_variants() -> None:
    rnd = random.Random(7)
    sources = [p.read_bytes().decode("utf-8", "replace") for p in FILES] + written_samples()
    answered = 0
    for _ in range(2500):
        lines = rnd.choice(sources).split("\n")
        for _ in range(rnd.randint(1, 3)):
            where = rnd.randrange(len(lines)) if lines else 0
            action = rnd.random()
            if action < 0.35:
                lines.insert(where, rnd.choice(ODD_LINES))
            elif action < 0.6 and lines:
                del lines[where]
            elif action < 0.8 and lines:
                lines.insert(where, lines[rnd.randrange(len(lines))])
            elif lines:
                lines[where] = lines[where].replace(" ", "", 1)
        answered += check("\n".join(lines))
    assert answered > 100  # plenty of variants still take the fast path


def test_new_entry_is_a_polib_entry_like_any_other() -> None:
    fields = {"msgid": "a", "msgstr": "b", "flags": ["fuzzy"], "linenum": 3}
    assert poread.new_entry(**fields).__dict__ == polib.POEntry(**fields).__dict__
    one, two = poread.new_entry(), poread.new_entry()
    one.flags.append("x")
    one.occurrences.append(("f", "1"))
    one.msgstr_plural[0] = "y"
    assert (two.flags, two.occurrences, two.msgstr_plural) == ([], [], {})
