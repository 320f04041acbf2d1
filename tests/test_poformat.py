"""``format_po`` must print exactly what GNU msgcat 0.21 prints for the same catalog.

Every test builds a catalog with polib, writes it naively (one line per string,
flags and references as given) for msgcat to read, and compares msgcat's output
with ``format_po``.  The last tests check the width and line break tables and
the UAX #14 port against the libunistring that msgcat links, through ctypes.
msgcat and libunistring are the reference, so they must be installed: the
tests fail (never skip) without them.
"""

from __future__ import annotations

import ctypes
import os
import random
import shutil
import subprocess

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tools import need

from pipeline.po import writer as poformat
from pipeline.po.writer import format_entry, format_po

MSGCAT = shutil.which("msgcat") or "/usr/bin/msgcat"
METADATA = {
    "Project-Id-Version": "article-localize 0.1",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


# ---------------------------------------------------------------------------
# Helpers: msgcat and a naive writer for its input
# ---------------------------------------------------------------------------


def msgcat(text: str, *options: str) -> str:
    """What GNU msgcat prints for the PO text ``text``."""
    if not os.access(MSGCAT, os.X_OK):
        need("msgcat")
    run = subprocess.run([MSGCAT, *options, "-"], input=text.encode("utf-8"), capture_output=True)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    return run.stdout.decode("utf-8")


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + '"'


def naive_entry(entry: polib.POEntry) -> str:
    """One entry with every string on one line and comments exactly as given."""
    lines = [f"# {line}" for line in entry.tcomment.split("\n")] if entry.tcomment else []
    lines += [f"#. {line}" for line in entry.comment.split("\n")] if entry.comment else []
    if entry.occurrences:
        lines.append("#: " + " ".join(f"{f}:{n}" if n else f for f, n in entry.occurrences))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    prev, cur = ("#~| ", "#~ ") if entry.obsolete else ("#| ", "")
    for keyword, attr in (("msgctxt", "previous_msgctxt"), ("msgid", "previous_msgid"),
                          ("msgid_plural", "previous_msgid_plural")):  # fmt: skip
        if getattr(entry, attr) is not None:
            lines.append(f"{prev}{keyword} {_quote(getattr(entry, attr))}")
    if entry.msgctxt is not None:
        lines.append(f"{cur}msgctxt {_quote(entry.msgctxt)}")
    lines.append(f"{cur}msgid {_quote(entry.msgid)}")
    if entry.msgid_plural:
        lines.append(f"{cur}msgid_plural {_quote(entry.msgid_plural)}")
        for index in sorted(entry.msgstr_plural):
            lines.append(f"{cur}msgstr[{index}] {_quote(entry.msgstr_plural[index])}")
    else:
        lines.append(f"{cur}msgstr {_quote(entry.msgstr)}")
    return "\n".join(lines) + "\n"


def naive_po(po: polib.POFile) -> str:
    header = polib.POEntry(msgid="", msgstr="".join(f"{k}: {v}\n" for k, v in po.metadata.items()))
    header.tcomment = po.header
    if po.metadata_is_fuzzy:
        header.flags.append("fuzzy")
    return "\n".join([naive_entry(header)] + [naive_entry(e) for e in po])


def catalog(*entries: polib.POEntry, header: str = "", fuzzy: bool = False) -> polib.POFile:
    po = polib.POFile()
    po.header = header
    po.metadata = dict(METADATA)
    po.metadata_is_fuzzy = fuzzy
    po.extend(entries)
    return po


def assert_like_msgcat(po: polib.POFile, width: int = 79) -> None:
    expected = msgcat(naive_po(po), f"--width={width}")
    assert format_po(po, width=width) == expected
    # Our output is a fixed point of msgcat too: running msgcat over it changes nothing.
    assert msgcat(expected, f"--width={width}") == expected


# ---------------------------------------------------------------------------
# Handwritten strings
# ---------------------------------------------------------------------------

LONG_EN = (
    "Localization is the process of adapting a product's translation to a specific country "
    "or region. It is the second phase of a larger process of product translation and "
    "cultural adaptation (for specific countries, regions, cultures or groups) to account "
    "for differences in distinct markets, a process known as internationalization."
)
STRINGS = {
    "empty": "",
    "short": "Hello, world!",
    "english paragraph": LONG_EN,
    "two paragraphs": LONG_EN + "\n\n" + LONG_EN,
    "url": "See https://example.com/some/very-long-path/with-many-segments/and-more/"
    "index.html?q=a-b&x=1 for details.",
    "bare long url": "https://example.com/a-very-long-path-without-any-spaces/and/more/"
    "segments/to/force/a/break/here.html",
    "hyphens": "A well-known, state-of-the-art, hard-to-find, up-to-date, one-of-a-kind, "
    "self-evident, long-winded sentence.",
    "markdown": "Use **bold**, *italic*, `code` and [links](http://x/y-z) to write "
    "[the docs](https://example.org/guide/getting-started) well.",
    "markdown heading": "## Installing the command-line tools on every supported platform "
    "(Linux, macOS, Windows)",
    "tabs": "Column one\tColumn two\tColumn three\tColumn four\tColumn five\tColumn six\t"
    "Column seven",
    "backslashes": "Paths like C:\\Program Files\\Example\\bin and "
    "\\\\server\\share\\folder\\subfolder\\file.txt are escaped.",
    "quotes": 'He said "hello" and she said "goodbye" and then they said "see you later" '
    "to everyone in the room.",
    "newlines": "First line\nSecond line\nThird line that is quite a bit longer than the "
    "others and needs wrapping at the width\n",
    "trailing newline only": "Just one line\n",
    "newline in the middle": "a\nb",
    "only newlines": "\n\n\n",
    "carriage return": "Windows line\r\nends here and there\r\n",
    "control escapes": "bell\a backspace\b formfeed\f vtab\v end",
    "width 79 exactly": "x" * 70,
    "width 78": "x" * 69,
    "width 80": "x" * 71,
    "words at boundary": ("abcd " * 14) + "ab",
    "words at boundary +1": ("abcd " * 14) + "abc",
    "words at boundary -1": ("abcd " * 14) + "a",
    "continuation boundary": "y" * 70 + " " + "z" * 76,
    "continuation boundary +1": "y" * 70 + " " + "z" * 77,
    "long word": "Supercalifragilisticexpialidocious" * 4,
    "long word then text": "Supercalifragilisticexpialidocious" * 3
    + " and then some ordinary words follow it here.",
    "japanese": "国際化とは、ソフトウェアを特定の言語や地域に依存しないように設計することです。"
    "「翻訳」は地域化の一部であり、文化的な適応も含まれます。日本語の文章には空白がありません。",
    "chinese": "本地化是指将产品的翻译适应特定国家或地区的过程。"
    "它是产品翻译和文化适应这一更大过程的第二阶段，「国际化」则是设计阶段的工作、也很重要。",
    "japanese with latin": "このツールは Markdown 形式の記事を PO ファイルに変換し、"
    "翻訳者が作業しやすいようにします（詳細は https://example.jp/docs を参照）。",
    "arabic": "التوطين هو عملية تكييف ترجمة المنتج مع بلد أو منطقة معينة، "
    "وهو المرحلة الثانية من عملية أكبر لترجمة المنتج والتكيف الثقافي؟ نعم، بالتأكيد.",
    "russian": "Локализация — это процесс адаптации перевода продукта к конкретной стране "
    "или региону. Это вторая фаза более крупного процесса перевода.",
    "french nbsp": "Attention\u00a0: ce texte contient des espaces insécables\u00a0; "
    "est-ce bien géré\u00a0? Oui\u00a0! « Guillemets\u00a0» et\u202fpoints\u202f: voilà.",
    "german": "Die Lokalisierung ist der Prozess der Anpassung der Übersetzung eines Produkts "
    "an ein bestimmtes Land. Donaudampfschifffahrtsgesellschaftskapitän.",
    "polish": "Lokalizacja to proces dostosowania tłumaczenia produktu do określonego kraju "
    "lub regionu. Zażółć gęślą jaźń, źdźbło trawy się łamie.",
    "spanish": "¿Qué es la localización? ¡Es el proceso de adaptar la traducción de un "
    "producto a un país o región específicos, según el año!",
    "italian": "L'internazionalizzazione è il processo di progettazione di un'applicazione "
    "software in modo che possa essere adattata a varie lingue.",
    "portuguese": "A localização é o processo de adaptação da tradução de um produto a um "
    "país ou região específica; não é só tradução, é adaptação.",
    "emoji": "Great job 🎉🎉🎉! Thumbs up 👍🏽 and family 👨‍👩‍👧‍👦 and flags 🇫🇷🇩🇪🇯🇵🇨🇳 "
    "all in one long line of text that wraps 😀😀😀😀😀😀😀.",
    "combining marks": "Cafe\u0301 re\u0301sume\u0301 nai\u0308ve co\u0302te\u0301 "
    "e\u0301le\u0300ve \u0301leading combining and a\u0301\u0301\u0301 stacked marks "
    "in a long line.",
    "numbers": "Prices: $1,234.56, €99.99, 50%, 3.14159, 1/2, 10:30, 2024-01-15, "
    "(555) 123-4567, #42, +33 1 23 45 67 89 — done.",
    "punctuation soup": "Wait... what?! (Really?) [Yes.] {Indeed!} \"Quoted\" 'single' "
    "«angled» „German“ — dashes – and … ellipses; colons: done.",
    "zero width": "zero\u200bwidth\u200bspace and word\u2060joiner and soft\u00adhyphen "
    "in a long line that needs to wrap around somewhere.",
    "line separator": "before\u2028after a line separator that resets the column count "
    "of the wrapping algorithm in libunistring.",
}


@pytest.mark.parametrize("name", sorted(STRINGS))
def test_string_as_msgid_and_msgstr(name: str) -> None:
    text = STRINGS[name]
    po = catalog(
        polib.POEntry(msgid=text or "(empty)", msgstr=text),
        polib.POEntry(msgid="ctx " + name, msgctxt=text, msgstr=""),
    )
    assert_like_msgcat(po)


@pytest.mark.parametrize("width", [0, 10, 20, 40, 60, 100])
def test_other_widths(width: int) -> None:
    # msgcat --width: 0 turns wrapping off (references too), under 20 counts as 20.
    references = [(f"articles/long-article-name-{i}.md", str(i)) for i in range(9)]
    po = catalog(
        *(
            polib.POEntry(msgid=text, msgstr=text, occurrences=references)
            for text in STRINGS.values()
            if text
        )
    )
    assert_like_msgcat(po, width=width)


def test_negative_width_is_refused() -> None:
    with pytest.raises(ValueError):
        format_po(catalog(), width=-1)


# ---------------------------------------------------------------------------
# Entry structure
# ---------------------------------------------------------------------------


def test_header_comment_and_fuzzy_header() -> None:
    header = "Title line\n\nCopyright (C) 2024\n"
    po = catalog(polib.POEntry(msgid="a", msgstr="b"), header=header, fuzzy=True)
    po.metadata["Plural-Forms"] = (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    )
    po.metadata["X-Generator"] = "article-localize with a long generator string to force wrapping"
    assert_like_msgcat(po)


def test_header_without_comment() -> None:
    assert_like_msgcat(catalog(polib.POEntry(msgid="a", msgstr="b")))


def test_comments_references_and_flags() -> None:
    entry = polib.POEntry(
        msgid="Save %(name)s",
        msgstr="Enregistrer %(name)s",
        tcomment="Translator note\n\nsecond paragraph",
        comment="Extracted note\n",
        occurrences=[("./docs/guide/installation.md", "12"), ("./docs/guide/installation.md", "12")]
        + [(f"articles/2024/long-article-name-{i}.md", str(i * 7)) for i in range(12)]
        + [("no-line.md", ""), ("x.md", "007"), ("x.md", "7"), ("odd.md", "x1")],
        flags=["python-format", "fuzzy", "c-format", "unknown-flag", "wrap"],
    )
    assert_like_msgcat(catalog(entry))


def test_duplicate_references() -> None:
    # GNU drops repeated (file, line number) pairs before removing "./", so
    # "./x.md:7" survives next to "x.md:7" (and msgcat itself is not idempotent here).
    occurrences = [("x.md", "007"), ("x.md", "7"), ("./x.md", "7")]
    occurrences += [("b.md", ""), ("b.md", ""), ("./b.md", "")]
    po = catalog(polib.POEntry(msgid="a", msgstr="b", occurrences=occurrences))
    assert format_po(po) == msgcat(naive_po(po))
    assert "#: x.md:7 x.md:7 b.md b.md\n" in format_po(po)


def test_references_read_back_as_gnu_reads_them() -> None:
    # A space splits a file name in two; "f: 12" and "f :12" are line 12 of f.
    occurrences = [("articles/My Article.md", "3"), ("notes.md:", ""), ("12", ""), ("x.md", "")]
    occurrences += [(":5", ""), ("d.md:1", "2"), ("007", ""), ("文章/記事-一.md", "10")]
    occurrences += [(f"文章/記事-{i}.md", str(i)) for i in range(12)]
    po = catalog(polib.POEntry(msgid="a", msgstr="b", occurrences=occurrences))
    assert_like_msgcat(po)


def test_flag_normalisation() -> None:
    entries = [
        polib.POEntry(msgid="empty fuzzy", msgstr="", flags=["fuzzy"]),
        polib.POEntry(
            msgid="a",
            msgstr="b",
            flags=["no-python-format", "possible-c-format", "impossible-sh-format"],
        ),
        polib.POEntry(msgid="c", msgstr="d", flags=["range: 1..5", "no-wrap"]),
        polib.POEntry(msgid="e", msgstr="f", flags=["range: 5..1"]),
    ]
    assert_like_msgcat(catalog(*entries))


def test_fuzzy_with_previous_msgid() -> None:
    entry = polib.POEntry(
        msgid=LONG_EN,
        msgstr="Traduction approximative de ce long paragraphe, relue plus tard par un humain.",
        flags=["fuzzy"],
        previous_msgctxt="old context",
        previous_msgid=LONG_EN.replace("Localization", "Localisation"),
        previous_msgid_plural="short",
        msgctxt="section: intro",
    )
    assert_like_msgcat(catalog(entry))


def test_plural_entries() -> None:
    entries = [
        polib.POEntry(
            msgid="One file", msgid_plural="%d files", msgstr_plural={0: "Un fichier", 1: "%d f"}
        ),
        polib.POEntry(
            msgid=LONG_EN, msgid_plural=LONG_EN + " (pl)", msgstr_plural={0: LONG_EN, 1: "", 2: "x"}
        ),
        polib.POEntry(
            msgid="fuzzy plural", msgid_plural="p", msgstr_plural={0: "", 1: "b"}, flags=["fuzzy"]
        ),
    ]
    assert_like_msgcat(catalog(*entries))


def test_pot_plural_without_translations() -> None:
    # polib leaves msgstr_plural empty in a POT; msgcat cannot read that back as
    # "msgstr", so we write the two empty forms xgettext writes.
    po = catalog(polib.POEntry(msgid="One " + LONG_EN, msgid_plural="Many " + LONG_EN))
    text = format_po(po)
    assert text.endswith('msgstr[0] ""\nmsgstr[1] ""\n')
    assert msgcat(text) == text


def test_obsolete_entries() -> None:
    entries = [
        polib.POEntry(msgid="kept", msgstr="gardé"),
        polib.POEntry(
            msgid="old " + LONG_EN,
            msgstr="vieux " + LONG_EN,
            obsolete=True,
            tcomment="old note",
            flags=["fuzzy", "python-format", "range: 1..2", "no-wrap"],
        ),
        polib.POEntry(msgid="dropped: empty msgstr", msgstr="", obsolete=True),
        polib.POEntry(
            msgid="prev",
            msgstr="précédent",
            obsolete=True,
            previous_msgid="previous " + LONG_EN,
            msgctxt="ctx",
            flags=["fuzzy"],
        ),
        polib.POEntry(
            msgid="plural", msgid_plural="plurals", msgstr_plural={0: "a", 1: "b"}, obsolete=True
        ),
        polib.POEntry(msgid="later", msgstr="plus tard"),
    ]
    assert_like_msgcat(catalog(*entries))


def test_no_wrap_flag() -> None:
    entry = polib.POEntry(msgid=LONG_EN + "\n" + LONG_EN, msgstr=LONG_EN, flags=["no-wrap"])
    assert_like_msgcat(catalog(entry))


def directive_catalog(flag: str, directives: list[str], *, in_msgstr: bool = False) -> polib.POFile:
    """Entries in which, for some filler length, the line ends inside each directive."""
    entries = []
    for directive in directives:
        for size in range(50, 76):
            text = "x" * size + " a" + directive + "tail and words"
            msgid = f"{flag} {directive} {size}" if in_msgstr else text
            entries.append(polib.POEntry(msgid=msgid, msgstr=text, flags=[flag]))
    return catalog(*entries)


PYTHON_DIRECTIVES = ["% d", "%(first-name)s", "%(a b)s", "% -5.2f", "%(x)s % d", "% y", "%(x)s% s"]
C_DIRECTIVES = ["% d", "%1$ -5s", "% <PRIu64>", "%* d", "% .*f", "% lln", "% hhts", "% m", "% y"]
C_DIRECTIVES += ["%2$d% d", "% I d", "% @", "% <PRIbad>", "%0$ d", "%1$d%* d"]


def test_no_break_inside_python_directives() -> None:
    assert_like_msgcat(directive_catalog("python-format", PYTHON_DIRECTIVES))


@pytest.mark.parametrize("flag", ["c-format", "objc-format"])
@pytest.mark.parametrize("in_msgstr", [False, True])
def test_no_break_inside_c_directives(flag: str, in_msgstr: bool) -> None:
    assert_like_msgcat(directive_catalog(flag, C_DIRECTIVES, in_msgstr=in_msgstr))


def test_other_format_languages_are_not_parsed() -> None:
    # Documented gap: directives of other languages are not protected; ordinary
    # text in such entries is still broken exactly as msgcat does.
    entries = [
        polib.POEntry(msgid=t, msgstr=t, flags=["php-format"]) for t in STRINGS.values() if t
    ]
    assert_like_msgcat(catalog(*entries))


def test_format_entry_matches_the_catalog_block() -> None:
    entries = [
        polib.POEntry(msgid=LONG_EN, msgstr="x", occurrences=[("a.md", "1")], flags=["fuzzy"]),
        polib.POEntry(msgid="o", msgstr="p", obsolete=True),
        polib.POEntry(msgid="gone", msgstr="", obsolete=True),
    ]
    text = format_po(catalog(*entries))
    first, second, gone = (format_entry(e) for e in entries)
    assert text.endswith("\n\n" + first + "\n" + second)
    assert first.endswith('"\n') and not first.endswith("\n\n")
    assert gone == ""


def test_mo_entry() -> None:
    entry = polib.MOEntry(msgid="Hello", msgstr="Bonjour")
    assert format_entry(entry) == 'msgid "Hello"\nmsgstr "Bonjour"\n'


# ---------------------------------------------------------------------------
# Random strings
# ---------------------------------------------------------------------------

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789"
    "          "
    "éèàçùœÉÀñ¿¡ßäöüÄÖÜąęłńśźżĄĘŁ"
    "абвгдежзийклмнопрстуфхцчшщъыьэюяЖЩ"
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي،؟؛"
    "日本語の文章は空白がない国際化中文简体字测试。、「」『』（）！？：；・ー"
    ".,;:!?'\"()[]{}<>-–—…/\\|_*#%&@$€+=~`^«»„“”‘’\u00a0\u202f\t\n"
    "\u0301\u0308\u200b\u200d👍🏽🎉🇫🇷"
)
SNIPPETS = [
    "https://example.com/a/b-c?d=e",
    "**bold**",
    "[link](http://x/y-z)",
    "well-known",
    "  ",
    "\n",
    "x" * 40,
    "国際化" * 8,
]
texts = st.lists(
    st.one_of(
        st.text(alphabet=ALPHABET, min_size=1, max_size=12),
        st.sampled_from(SNIPPETS),
    ),
    max_size=25,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(msgid=texts, msgstr=texts)
def test_random_strings_match_msgcat(msgid: str, msgstr: str) -> None:
    po = catalog(polib.POEntry(msgid=msgid or "x", msgstr=msgstr))
    assert format_po(po) == msgcat(naive_po(po))


# ---------------------------------------------------------------------------
# The line breaking tables and algorithm against libunistring itself
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def libunistring() -> ctypes.CDLL:
    """The libunistring that msgcat links (``ldd /usr/bin/msgcat``)."""
    try:
        lib = ctypes.CDLL("libunistring.so.2")
    except OSError:
        pytest.fail("libunistring.so.2 (what msgcat 0.21 links) is needed: apt-get install gettext")
    lib.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    lib.uc_width.restype = ctypes.c_int
    lib.u32_possible_linebreaks.argtypes = [
        ctypes.POINTER(ctypes.c_uint32),
        ctypes.c_size_t,
        ctypes.c_char_p,
        ctypes.c_char_p,
    ]
    lib.u32_width_linebreaks.argtypes = [
        ctypes.POINTER(ctypes.c_uint32),
        ctypes.c_size_t,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
    ]
    return lib


def test_widths_match_libunistring(libunistring: ctypes.CDLL) -> None:
    wrong = [
        code
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and max(libunistring.uc_width(code, b"UTF-8"), 0) != poformat._width_of_code(code)
    ]
    assert wrong == []


def test_line_breaks_match_libunistring(libunistring: ctypes.CDLL) -> None:
    rnd = random.Random(14)
    by_class: dict[int, list[str]] = {}
    for code in rnd.sample(range(0x30000), 40000) + [ord(c) for c in ALPHABET]:
        if not 0xD800 <= code <= 0xDFFF:
            by_class.setdefault(poformat._class_of_code(code), []).append(chr(code))
    alphabet = [c for chars in by_class.values() for c in chars[:6]] + list("  aa-.,(){}") * 3
    for _ in range(3000):
        chars = [rnd.choice(alphabet) for _ in range(rnd.randint(1, 14))]
        codes = (ctypes.c_uint32 * len(chars))(*map(ord, chars))
        expected = ctypes.create_string_buffer(len(chars))
        libunistring.u32_possible_linebreaks(codes, len(chars), b"UTF-8", expected)
        possible = poformat._possible_linebreaks(chars)
        assert possible == list(expected.raw), chars
        overrides = bytes(rnd.choice((0, 0, 0, 1)) for _ in chars)
        width, start = rnd.randint(1, 12), rnd.randint(0, 5)
        libunistring.u32_width_linebreaks(
            codes, len(chars), width, start, 0, overrides, b"UTF-8", expected
        )
        widths = [poformat._char_width(c) for c in chars]
        ours = poformat._width_linebreaks(possible, widths, list(overrides), width, start)
        assert ours == list(expected.raw), (chars, width, start, overrides)


# One well-known member of each line break class of the module's tables.
CLASS_EXAMPLES = {
    "WJ": "\u2060", "GL": "\u00a0", "BA": "\u2010", "BB": "\u00b4", "B2": "\u2014", "HY": "-",
    "CL": "}", "CP": ")", "EX": "!", "IN": "\u2024", "NS": "\u3005", "OP": "(", "OPW": "\u3008",
    "QU": '"', "IS": ",", "NU": "0", "PO": "%", "PR": "$", "SY": "/", "AL": "a", "ID": "\u4e00",
    "EB": "\u261d", "EM": "\U0001f3fb", "H2": "\uac00", "H3": "\uac01", "HL": "\u05d0",
    "JL": "\u1100", "JV": "\u1160", "JT": "\u11a8", "RI": "\U0001f1e6", "BK": "\u2028",
    "SP": " ", "ZW": "\u200b", "CM": "\u0301", "ZWJ": "\u200d",
}  # fmt: skip


def test_every_class_range_matches_libunistring(libunistring: ctypes.CDLL) -> None:
    """Each range boundary of the class table behaves, in libunistring, like its class."""

    def signature(char: str) -> bytes:
        text: list[str] = []
        for probe in CLASS_EXAMPLES.values():
            text += [probe, char, "\u2028", char, probe, "\u2028", probe, " ", char, "\u2028"]
            text += [char, " ", probe, "\u2028", "a", probe, char, "a", "\u2028"]
        codes = (ctypes.c_uint32 * len(text))(*map(ord, text))
        out = ctypes.create_string_buffer(len(text))
        libunistring.u32_possible_linebreaks(codes, len(text), b"UTF-8", out)
        return out.raw

    expected = {name: signature(char) for name, char in CLASS_EXAMPLES.items()}
    starts, ends, _ = poformat._CLASS_INDEX
    codes = {c for lo, hi in zip(starts, ends, strict=True) for c in (lo - 1, lo, hi, hi + 1)}
    codes |= {0xAC00, 0xAC01, 0xAC1B, 0xAC1C, 0xD7A3, 0xD7A4, 0x10FFFF}
    wrong = []
    for code in sorted(codes):
        if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            name = poformat._CLASS_NAMES[poformat._class_of_code(code)]
            if signature(chr(code)) != expected[name]:
                wrong.append(f"U+{code:04X} is not {name}")
    assert wrong == []
