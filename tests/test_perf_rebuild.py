"""The rebuild's shortcuts give what the full computation gives.

- ``poscan.read_entries`` reads what ``marks.marked_entries(catalog.load_po(…))``
  reads, or the same error, for the repository's PO files, handmade ones
  with every feature assemble looks at, and thousands of damaged variants.
- ``safety.added_markup``'s no-parse check (``_surely_safe``) only answers
  "safe" when the parser finds nothing added, on texts built from the
  pieces markdown-it treats specially.
- Segment sizes checked in the workers give the errors, in the order, and
  the articles that checking every source first gives.
- HTML pages rendered from one parse of the source equal pages rendered
  each from its own parse.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import ROOT
from po_fuzz import mutate, random_mutations, seeds

from pipeline.assemble import render
from pipeline.assemble.build import assemble
from pipeline.assemble.policy import Plan, plan_entries
from pipeline.assemble.render import Page
from pipeline.checks import safety
from pipeline.errors import LocalizeError, PoFileError
from pipeline.markdown.articles import claim_slug, load_document
from pipeline.markdown.document import Document, parse_file
from pipeline.po import catalog
from pipeline.po import scan as poscan
from pipeline.po.marks import Marked as Entry
from pipeline.po.marks import marked_entries as entries_of
from pipeline.project.languages import get_language
from pipeline.project.layout import source_files
from pipeline.project.settings import Settings, load_settings

HEADER = (
    '# A comment.\nmsgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
ENTRIES = [
    '#. type: Paragraph\n#: a.md:1\nmsgid "Plain"\nmsgstr "Simple"\n',
    '#, fuzzy\n# mt: google\nmsgid "Machine"\nmsgstr "Machine"\n',
    '#\n# mt: deepl\n#, fuzzy\nmsgid "Quirk"\nmsgstr "Q"\n',
    '# a\n#\n# b\n#, fuzzy, no-wrap\nmsgid "Doubt"\nmsgstr "D"\n',
    '#, fuzzy\n#| msgid "Old"\nmsgid "New"\nmsgstr "Neu"\n',
    '#, fuzzy\n#| msgid ""\n#| "Old "\n#| "text"\nmsgid "Newer"\nmsgstr "N"\n',
    '#, fuzzy\n#| msgctxt "c"\n#| msgid ""\nmsgid "Empty previous"\nmsgstr "E"\n',
    'msgctxt "ctx"\nmsgid "Plain"\nmsgstr "In context"\n',
    'msgctxt ""\nmsgid "Empty context"\nmsgstr "Leer"\n',
    'msgid ""\n"Wrapped "\n"text \\"quoted\\" \\\\ \\t\\n"\nmsgstr ""\n"Umbrochen "\n"\\"x\\"\\n"\n',
    'msgid "Untranslated"\nmsgstr ""\n',
    'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] "Eins"\nmsgstr[1] "Viele"\n',
    '#~ msgid "Gone"\n#~ msgstr "Weg"\n',
    '# trailing \nmsgid "Blank"\nmsgstr "B"\n',
    '#.x\nmsgid "Odd comment"\nmsgstr "O"\n',
    'msgid "Bad \\q escape"\nmsgstr "B"\n',
    'msgid "Plain"\nmsgstr "Twice"\n',
    'msgid "Tab\there"\nmsgstr "T\u00e9"\n',
]


def expected(path: Path) -> object:
    try:
        return entries_of(catalog.load_po(path, "x.po"))
    except PoFileError as exc:
        return str(exc)


def scanned(path: Path) -> object:
    try:
        return poscan.read_entries(path, "x.po")
    except PoFileError as exc:
        return str(exc)


def fast(text: str) -> bool:
    """Whether the scanner reads ``text`` itself (rather than handing it to load_po)."""
    try:
        poscan._scan(text)
    except poscan._Unsure:
        return False
    return True


def same(path: Path, raw: bytes) -> bool:
    path.write_bytes(raw)
    result = scanned(path)
    assert result == expected(path), raw
    if isinstance(result, dict):
        assert list(result) == list(expected(path))  # type: ignore[arg-type]
    try:
        return fast(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def test_handmade_entries(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    answered = 0
    for entry in ENTRIES:
        answered += same(path, (HEADER + entry).encode())
        answered += same(path, (HEADER + ENTRIES[0] + "\n" + entry).encode())
        answered += same(path, (HEADER + entry + "\n" + ENTRIES[1]).encode())
    assert answered >= 30
    everything = HEADER + "\n".join(ENTRIES[:11])
    assert same(path, everything.encode())
    result = poscan.read_entries(path, "x.po")
    assert result["Machine"].machine and result["Quirk"].machine
    assert not result["Doubt"].machine and result["Doubt"].fuzzy
    assert result["New"].stale and result["Newer"].stale and not result["Empty previous"].stale
    assert result["Plain"].msgstr == "Simple" and result["Empty context"].msgstr == "Leer"
    assert result["Wrapped text \"quoted\" \\ \t\n"].msgstr == 'Umbrochen "x"\n'
    assert result["Untranslated"].line == everything[:everything.index('"Untranslated"')].count(
        "\n") + 1


@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_file_endings(tmp_path: Path, ending: str) -> None:
    text = (HEADER + ENTRIES[0]).rstrip("\n") + ending
    same(tmp_path / "x.po", text.encode())


def test_repository_files(tmp_path: Path) -> None:
    files = sorted(p for p in (*ROOT.glob("po/**/*.po"), *(ROOT / "tests" / "data").rglob("*.po")))
    assert files
    answered = sum(same(tmp_path / "x.po", path.read_bytes()) for path in files)
    assert answered >= len(files) // 2


def test_damaged_variants(tmp_path: Path) -> None:
    rnd = random.Random(11)
    sources = [*seeds(), (HEADER + "\n".join(ENTRIES[:11])).encode()]
    path = tmp_path / "x.po"
    answered = 0
    for _ in range(1500):
        answered += same(path, mutate(rnd.choice(sources), random_mutations(rnd)))
    assert answered > 100


PIECES = ["[", "]", "(", ")", "](", "![", "<", ">", "`", "\\", " ", "\n", "\t", "a", "x:y",
          "http://e.com/a", "javascript:alert(1)", "<b>", "</b>", "<a href='x'>", "<!--", "-->",
          "<?", "?>", "<![CDATA[", "]]>", "<!X", "&amp;", "&lt;", '"t"', "*", "@", "a@b.c",
          "%20", "é", "\x0b", "\x7f", "\r", "\x00", "<http://e.com>", "[a](b)", "[a](<b c>)",
          '![i](s "t")', "\\)", "\\(", "[x]: y", "[a]()", "(b)"]


def full(msgid: str, msgstr: str) -> str | None:
    """``added_markup`` with every text parsed, as it was before the shortcut."""
    id_html, id_targets = safety._markup.__wrapped__(msgid)
    str_html, str_targets = safety._markup.__wrapped__(msgstr)
    for piece in str_html:
        if piece not in id_html and piece.strip() not in msgid:
            return f"adds HTML {safety._short(piece)!r} that the English text does not have"
    for target in str_targets:
        if target in id_targets:
            continue
        scheme = safety._scheme_name(target)
        if scheme:
            return f"adds a {scheme}: link {safety._short(target)!r}"
        return f"link target {safety._short(target)!r} is not one of the English text's targets"
    return None


def test_no_parse_check_is_sound() -> None:
    rnd = random.Random(5)
    shortcut = 0
    for _ in range(5000):
        msgid = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 12)))
        if rnd.random() < 0.6 and msgid:  # a translation keeping (some of) the markup
            cuts = sorted(rnd.randint(0, len(msgid)) for _ in range(4))
            msgstr = msgid[cuts[0]:cuts[1]] + rnd.choice(PIECES) + msgid[cuts[2]:cuts[3]]
        else:
            msgstr = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 12)))
        answer = full(msgid, msgstr)
        if safety._surely_safe(msgid, msgstr):
            shortcut += 1
            assert answer is None, (msgid, msgstr)
        assert safety.added_inline(msgid, msgstr) == answer, (msgid, msgstr)
    assert shortcut > 500


def test_no_parse_check_knows_the_parser() -> None:
    assert safety._rules_known(), "markdown-it's inline rules changed: review _surely_safe"


LONG = "word " * 40 + "\n"  # a paragraph of 199 characters


def claims_project(folder: Path, sources: dict[str, str], workers: int) -> Settings:
    (folder / "source").mkdir(parents=True)
    (folder / "pyproject.toml").write_text(
        '[tool.localize]\nlanguages = ["fr"]\nmax_segment_chars = 100\n'
        f"workers = {workers}\n", encoding="utf-8")
    for name, text in sources.items():
        (folder / "source" / name).write_text(text, encoding="utf-8")
    return load_settings(folder)


def claimed_one_by_one(settings: Settings) -> list[str]:
    """The errors of loading and claiming every source in order, each checked in full."""
    owners: dict[str, Path] = {}
    errors = []
    for path in source_files(settings):
        try:
            claim_slug(load_document(settings, path), owners)
        except LocalizeError as exc:
            errors.append(str(exc))
    return errors


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("same_slug", [False, True])
def test_sizes_checked_by_workers_report_as_before(tmp_path: Path, workers: int,
                                                   same_slug: bool) -> None:
    sources = {"a.md": "A.\n", "b.md": "---\nslug: bee\n---\n\nB.\n\n" + LONG,
               "c.md": '---\nslug: "../x"\n---\n\nC.\n', "d.md": "D.\n\n" + LONG,
               "e.md": "E.\n", "f.md": "F.\n"}
    if same_slug:  # f takes the slug b cannot have
        sources["f.md"] = "---\nslug: bee\n---\n\nF.\n"
    settings = claims_project(tmp_path, sources, workers)
    expected = claimed_one_by_one(settings)
    assert len(expected) == 3
    stats = assemble(settings, formats=("md",))
    assert [str(error) for error in stats.errors] == expected
    assert stats.articles == 3
    built = sorted(p.name for p in (tmp_path / "output" / "en").iterdir())
    assert built == (["a.md", "bee.md", "e.md"] if same_slug else ["a.md", "e.md", "f.md"])
    if same_slug:
        assert (tmp_path / "output" / "en" / "bee.md").read_text(encoding="utf-8").endswith("F.\n")


ARTICLE = """\
---
title: Pages
---

# A heading with `code`

Text with [a link](https://a.example "A title") and ![an image *alt*](i.png).

- tight item one
- tight item [two](https://b.example)

| a | b |
|---|---|
| `x` | [y](https://c.example "T") |

> Quoted ![alt](q.png) text.
"""


def fresh_render(doc: Document, plan: Plan, page: Page) -> str:
    render._LAST.clear()
    result = render.render_body(doc, plan, page)
    render._LAST.clear()
    return result


@pytest.mark.parametrize("source_rtl", [False, True])
def test_pages_of_one_parse_render_as_each_parsed_alone(tmp_path: Path, source_rtl: bool) -> None:
    """The body is parsed once for all pages; no page may see another's changes."""
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = parse_file(path, "a.md")
    texts = [s.text for s in doc.segments if not s.kind.startswith("Front matter")]
    source = get_language("ar" if source_rtl else "en")
    pages = []
    for code, share in (("ar", 2), ("fr", 3), ("ar", 5), ("ja", 1), ("fr", 1)):
        lang = get_language(code)
        entries = {text: Entry(f"«{text}»", False, False, False, 1)
                   for number, text in enumerate(texts) if number % share == 0}
        plan = plan_entries(texts, entries, lang, is_source=False, reviewed_only=False,
                            display="x.po")
        pages.append((plan, Page(rtl=lang.is_rtl, terms=("Pages",))))
    pages.insert(2, (plan_entries(texts, None, source, is_source=True, reviewed_only=False,
                                  display=""), Page(rtl=source_rtl, terms=())))
    expected = [fresh_render(doc, plan, page) for plan, page in pages]
    render._LAST.clear()
    for _ in range(2):
        assert [render.render_body(doc, plan, page) for plan, page in pages] == expected
    assert 'lang="en"' in expected[0] and "«" in expected[0]
