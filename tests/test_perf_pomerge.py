"""The merge as text (``pomerge``) writes exactly what parse + ``catalog.merge`` + ``format_po`` write.

Every PO file of the repository and the test data, merged into templates
made from the repository's own and from edited copies of them (msgids
changed, added, removed, reordered), then thousands of variants of the PO
files (fuzzy, obsolete, previous strings, flags, translator comments,
translations wrapped otherwise, damaged lines): ``merge_text`` either
declines (``None``) or gives the very bytes of the slow path, and it never
accepts a file the slow path refuses. ``poformat.is_wrapped`` is checked
alone too: it never calls a text wrapped that the writer would wrap
otherwise.
"""

from __future__ import annotations

import random

import polib
import pytest
from conftest import ROOT

from pipeline.errors import PoFileError
from pipeline.po import catalog
from pipeline.po import textmerge as pomerge
from pipeline.po import writer as poformat
from pipeline.project.languages import get_language

PO_FILES = sorted(
    p for p in (*ROOT.glob("po/**/*.po"), *(ROOT / "tests" / "data").rglob("*.po"))
)
TEMPLATES = sorted(p for p in ROOT.glob("po/**/*.pot") if p.parent.name != "site")
WORDS = ["alpha", "beta", "gamma", "x", "déjà", "日本語の文", "mot\u00a0:", "e.g.", "(note)",
         "a-b", "https://example.org/a/b", "1,234.56", '"quoted"', "back\\slash", "tab\there",
         "شكرا", "combining\u0301", "\u05e9\u05dc\u05d5\u05dd", "emoji\U0001f600", "%s", "%(x)d"]


def slow(raw: bytes, pot: polib.POFile) -> str | None:
    """What extract writes today: parse, merge, format (``None`` if the file is refused)."""
    try:
        old = catalog.parse_po(raw, "x.po")[0]
    except PoFileError:
        return None
    return poformat.format_po(catalog.merge(old, pot))


def fast(raw: bytes, template: pomerge.Template) -> str | None:
    try:
        catalog.precheck(raw, "x.po")
    except PoFileError:
        return None
    return pomerge.merge_text(raw.decode("utf-8"), template)


def sentence(rnd: random.Random) -> str:
    text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 40)))
    return text + ("\n" + sentence(rnd) if rnd.random() < 0.1 else "")


def edited(pot: polib.POFile, rnd: random.Random) -> polib.POFile:
    """A template after an edit of its article: some msgids changed, added, dropped, moved."""
    entries = [e for e in pot if rnd.random() > 0.1]
    for entry in rnd.sample(entries, k=min(len(entries), 5)):
        entry.msgid = entry.msgid[: len(entry.msgid) // 2] + " " + sentence(rnd)
    for _ in range(rnd.randint(0, 3)):
        entries.insert(rnd.randint(0, len(entries)), polib.POEntry(
            msgid=sentence(rnd), comment="type: Paragraph", occurrences=[("a.md", "9")]))
    if entries and rnd.random() < 0.3:
        entries.append(entries.pop(0))
    result = polib.POFile(wrapwidth=79)
    result.metadata = dict(pot.metadata)
    result.header = pot.header
    keys: set[tuple[str | None, str]] = set()
    for entry in entries:
        if (entry.msgctxt, entry.msgid) not in keys:
            keys.add((entry.msgctxt, entry.msgid))
            result.append(entry)
    return result


def check(raw: bytes, pot: polib.POFile, template: pomerge.Template | None = None) -> bool:
    """Assert the two paths agree; True if the fast one answered."""
    text = fast(raw, template or pomerge.Template.of(pot))
    if text is None:
        return False
    assert text == slow(raw, pot)
    return True


def test_repository_catalogs_merge_alike() -> None:
    rnd = random.Random(7)
    answered = 0
    for path in TEMPLATES:
        pot = catalog.load_po(path)
        for po in sorted(path.parent.glob("*.po")):
            raw = po.read_bytes()
            answered += check(raw, pot)
            for _ in range(3):
                answered += check(raw, edited(catalog.load_po(path), rnd))
    assert answered > 3 * len(TEMPLATES)  # the fast path is taken, not only declined


def test_any_po_file_merges_alike_or_is_declined() -> None:
    pot = catalog.load_po(TEMPLATES[0])
    template = pomerge.Template.of(pot)
    for po in PO_FILES:
        check(po.read_bytes(), pot, template)


VARIANTS = [
    lambda e: setattr(e, "flags", ["fuzzy"]),
    lambda e: setattr(e, "flags", ["fuzzy", "python-format"]),
    lambda e: setattr(e, "flags", ["no-wrap"]),
    lambda e: setattr(e, "flags", ["c-format", "range: 1..3"]),
    lambda e: setattr(e, "tcomment", "checked by\nsomeone"),
    lambda e: setattr(e, "tcomment", ""),
    lambda e: setattr(e, "msgstr", ""),
    lambda e: setattr(e, "msgstr", "a\nb\n"),
    lambda e: setattr(e, "previous_msgid", "older text"),
    lambda e: setattr(e, "obsolete", True),
    lambda e: setattr(e, "msgctxt", "ctx"),
]


def damaged(text: str, rnd: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rnd.randint(1, 3)):
        where = rnd.randrange(len(lines))
        choice = rnd.random()
        if choice < 0.25:
            del lines[where]
        elif choice < 0.5:
            lines.insert(where, rnd.choice(['"x"', "", "#", "# c ", "#. n", "#, fuzzy",
                                            '#| msgid "p"', '#~ msgid "o"', '#~ msgstr "o"',
                                            'msgstr "y"', "#,", "  ", '"a\\qb"']))
        elif choice < 0.75 and lines[where].endswith('"') and len(lines[where]) > 4:
            cut = rnd.randrange(2, len(lines[where]) - 1)
            line = lines[where]
            lines[where: where + 1] = [line[:cut] + '"', '"' + line[cut:]]  # wrapped otherwise
        elif where + 1 < len(lines) and lines[where + 1].startswith('"'):
            lines[where: where + 2] = [lines[where][:-1] + lines[where + 1][1:]]  # joined
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_variants_merge_alike(seed: int) -> None:
    rnd = random.Random(seed)
    path = TEMPLATES[seed % len(TEMPLATES)]
    pot = catalog.load_po(path)
    pos = sorted(path.parent.glob("*.po"))
    for _ in range(60):
        po = catalog.load_po(rnd.choice(pos))
        for entry in rnd.sample(list(po), k=min(len(po), 6)):
            rnd.choice(VARIANTS)(entry)
        for _ in range(rnd.randint(0, 4)):
            po.append(polib.POEntry(msgid=sentence(rnd), msgstr=sentence(rnd),
                                    occurrences=[("b.md", "3")]))
        text = poformat.format_po(po)
        new = edited(catalog.load_po(path), rnd) if rnd.random() < 0.7 else pot
        template = pomerge.Template.of(new)
        check(text.encode("utf-8"), new, template)
        for _ in range(8):
            check(damaged(text, rnd).encode("utf-8"), new, template)


def test_new_catalog_is_the_merge_of_an_empty_one() -> None:
    pot = catalog.load_po(TEMPLATES[0])
    template = pomerge.Template.of(pot)
    info = catalog.HeaderInfo("p", "bugs@example.org", "Title")
    fresh = catalog.new_translation(pot, get_language("fr"), info)
    assert pomerge.new_text(template, fresh) == poformat.format_po(catalog.merge(fresh, pot))
    assert template.render() == poformat.format_po(pot)


@pytest.mark.parametrize("seed", range(3))
def test_is_wrapped_only_accepts_what_the_writer_writes(seed: int) -> None:
    rnd = random.Random(seed)
    accepted = 0
    for _ in range(1500):
        value = sentence(rnd)
        width = rnd.choice([79, 79, 79, 40, 60, 100])
        wrapped = "\n".join(poformat._wrap_lines("", "msgstr", value, width, ()))
        exact = "\n".join(poformat._wrap_lines("", "msgstr", value, 79, ()))
        variants = [wrapped, exact, exact.replace('"\n"', ""), exact.replace(" ", '"\n" ', 1)]
        for section in variants:
            if poformat.is_wrapped(section, "msgstr"):
                accepted += 1
                assert section == exact, (value, section)
    assert accepted > 1000
