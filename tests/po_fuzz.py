"""Fuzzing the PO loader: mutated PO files either load and round-trip, or fail as PoFileError.

The property (``check``): ``catalog.parse_po`` on any bytes raises nothing
but ``PoFileError``, whose line lies within the file and whose message is
one line; a file that loads is written back (``render_po``, what
``save_po`` writes) and loads again to the same entries, and writing that
gives the same text.

The mutations are those a broken editor, a bad merge or a truncated copy
make: byte flips, truncation, inserted quotes, backslashes, newlines, NULs,
byte-order marks, carriage returns, keywords and plural indices, duplicated
and deleted lines and entries.

``test_robust_fuzz_po.py`` runs this through hypothesis for a few seconds.
For a long run::

    python tests/po_fuzz.py --seconds 300            # seeded random mutations
    python tests/po_fuzz.py --seconds 300 --atheris  # coverage-guided (pip install atheris)

Every crash it finds is printed as a Python bytes literal; add it to
``REGRESSIONS`` in ``test_robust_fuzz_po.py`` with the fix.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.errors import PoFileError  # noqa: E402
from pipeline.po import catalog  # noqa: E402
from pipeline.po import writer as poformat  # noqa: E402

SHOWN = "fuzz.po"

HANDMADE = b'''# Test catalog.
msgid ""
msgstr ""
"Project-Id-Version: fuzz\\n"
"Language: pl\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

#. type: Paragraph
#: source/a.md:3 source/a.md:9
#, fuzzy
#| msgid "Old \\"quoted\\" text"
msgid "New \\"quoted\\" text\\twith a tab"
msgstr "Nowy tekst"

# mt: libre
# ignore: unchanged brand name
msgctxt "language name"
msgid "English"
msgstr "angielski"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "Jeden plik"
msgstr[1] "%d pliki"
msgstr[2] "%d plik\\u00f3w"

msgid ""
"A long line that was wrapped by the writer because it is longer than "
"seventy-nine columns.\\n"
"Second line."
msgstr ""
"D\\u0142uga linia.\\n"
"Druga."

#~ msgid "Gone"
#~ msgstr "Nie ma"

#~ msgctxt "old"
#~ msgid "Gone too"
#~ msgstr "Te\\u017c"
'''.replace(b"\\u00f3", "ó".encode()).replace(b"\\u0142", "ł".encode()).replace(
    b"\\u017c", "ż".encode()
)


def seeds() -> list[bytes]:
    """Valid PO files to start from: the project's own, and one using every feature."""
    found = [HANDMADE]
    for path in sorted((ROOT / "po").glob("*/*.po"))[:6]:
        found.append(path.read_bytes())
    found.append((ROOT / "po" / "site" / "site.pot").read_bytes())
    return found


INSERTS = [
    b'"', b"\\", b"\n", b"\0", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\t", b" ", b"#", b"#~ ",
    b"#| ", b"#, fuzzy\n", b'msgid ""\n', b'msgstr ""\n', b'msgctxt "c"\n', b'msgid_plural "p"\n',
    b'msgstr[0] "a"\n', b'msgstr[1] "b"\n', b'msgstr[7] "x"\n', b'msgstr[-1] "x"\n',
    b'"\\n"\n', b'"\\q"', b'\\"', b"\xff", b"\xc3", b"\xe2\x80\xae", b"<<<<<<< HEAD\n",
    b"=======\n", b"nplurals=0; plural=0;", b"nplurals=99;", b"Plural-Forms: nplurals=1;\\n",
    b'""\n', b"\x85", "\u2028".encode(),
    b"\x0b", b"\x0c",
]


Mutation = tuple[str, int, int]
"""(kind, position, argument): positions and arguments are taken modulo what fits."""


def mutate(raw: bytes, mutations: list[Mutation]) -> bytes:
    data = bytearray(raw)
    for kind, position, argument in mutations:
        size = len(data)
        at = position % (size + 1)
        if kind == "flip" and size:
            data[at % size] ^= (argument % 255) + 1
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = INSERTS[argument % len(INSERTS)]
        elif kind == "byte":
            data[at:at] = bytes([argument % 256])
        elif kind == "delete" and size:
            del data[at : at + 1 + argument % 8]
        elif kind in ("duplicate-line", "delete-line", "duplicate-entry"):
            data = bytearray(_lines(bytes(data), kind, at, argument))
        elif kind == "plural-index":
            data = bytearray(_plural_index(bytes(data), at, argument))
    return bytes(data)


def _lines(raw: bytes, kind: str, at: int, argument: int) -> bytes:
    separator = b"\n\n" if kind == "duplicate-entry" else b"\n"
    parts = raw.split(separator)
    index = at % len(parts)
    if kind == "delete-line":
        del parts[index]
    else:
        parts.insert((index + argument) % (len(parts) + 1), parts[index])
    return separator.join(parts)


def _plural_index(raw: bytes, at: int, argument: int) -> bytes:
    marker = raw.find(b"msgstr[", at % (len(raw) + 1))
    if marker < 0:
        marker = raw.find(b"msgstr[")
    if marker < 0:
        return raw
    end = raw.find(b"]", marker)
    if end < 0:
        return raw
    return raw[: marker + 7] + str(argument % 12 - 1).encode() + raw[end:]


KINDS = ["flip", "truncate", "insert", "byte", "delete", "duplicate-line", "delete-line",
         "duplicate-entry", "plural-index"]


def _summary(po: Any) -> Any:
    """What a PO file says, less what GNU gettext (and so our writer) normalizes away:
    references as GNU reads them (``f: 12`` is line 12 of ``f``) without repeats, flags
    as GNU keeps them (unknown ones dropped, ``fuzzy`` only on a translation), and the
    header's ``fuzzy`` when it has no fields; obsolete entries after the others, and
    none without a translation."""
    entries = [
        (
            e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, sorted(e.msgstr_plural.items()),
            _flags(e), e.obsolete, e.tcomment, e.comment, _references(e.occurrences),
            e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural,
        )
        for e in sorted(po, key=lambda e: bool(e.obsolete))
        if not e.obsolete or catalog.is_translated(e)
    ]
    return po.header, dict(po.metadata), bool(po.metadata_is_fuzzy and po.metadata), entries


def _flags(entry: Any) -> list[str]:
    first = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
    return poformat._Flags.parse(entry.flags).lines(translated=bool(first), obsolete=entry.obsolete)


def _references(occurrences: list[tuple[str, str]]) -> list[tuple[str, int | None]]:
    written = " ".join(f"{name}:{line}" if line else name for name, line in occurrences)
    return [(name.removeprefix("./"), line)
            for name, line in dict.fromkeys(poformat._read_references(written))]


def check(raw: bytes) -> bool:
    """The property; True if the file loaded (and round-tripped), False if it was refused."""
    lines = raw.count(b"\n") + 1
    try:
        po, _ = catalog.parse_po(raw, SHOWN)
    except PoFileError as exc:
        message = str(exc)
        assert exc.line is not None, f"no line number: {message}"
        assert 1 <= exc.line <= lines, f"line {exc.line} of a {lines}-line file: {message}"
        assert message.startswith(f"{SHOWN}:{exc.line}: "), message
        assert "\n" not in message and "\r" not in message, repr(message)
        return False
    text = catalog.render_po(po)
    again, _ = catalog.parse_po(text.encode("utf-8"), SHOWN)
    assert _summary(again) == _summary(po), "saving changed what the file says"
    assert catalog.render_po(again) == text, "saving is not stable"
    return True


# --- long runs ----------------------------------------------------------------


def random_mutations(rng: random.Random) -> list[Mutation]:
    return [
        (rng.choice(KINDS), rng.randrange(1 << 20), rng.randrange(1 << 16))
        for _ in range(rng.choice((1, 1, 2, 3, 5, 8)))
    ]


def run_random(seconds: float, seed: int, report: Callable[[str], None] = print) -> dict[str, int]:
    rng = random.Random(seed)
    corpus = seeds()
    stats = {"inputs": 0, "loaded": 0, "refused": 0, "crashes": 0}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        raw = mutate(rng.choice(corpus), random_mutations(rng))
        stats["inputs"] += 1
        try:
            stats["loaded" if check(raw) else "refused"] += 1
        except Exception as exc:  # noqa: BLE001 - every crash is reported, then we go on
            stats["crashes"] += 1
            report(f"CRASH {type(exc).__name__}: {str(exc)[:200]}\n  input: {raw[:3000]!r}")
    return stats


def run_atheris(seconds: float) -> None:
    import atheris

    corpus = seeds()

    def one(data: bytes) -> None:
        provider = atheris.FuzzedDataProvider(data)
        base = corpus[provider.ConsumeIntInRange(0, len(corpus) - 1)]
        count = provider.ConsumeIntInRange(1, 8)
        mutations = [
            (KINDS[provider.ConsumeIntInRange(0, len(KINDS) - 1)],
             provider.ConsumeIntInRange(0, 1 << 20), provider.ConsumeIntInRange(0, 1 << 16))
            for _ in range(count)
        ]
        check(mutate(base, mutations))

    atheris.instrument_all()
    atheris.Setup([sys.argv[0], f"-max_total_time={int(seconds)}", "-print_final_stats=1"], one)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description="Fuzz the PO loader.")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--atheris", action="store_true", help="coverage-guided, with atheris")
    args = parser.parse_args()
    if args.atheris:
        run_atheris(args.seconds)
        return
    stats = run_random(args.seconds, args.seed)
    print(" ".join(f"{key}={value}" for key, value in stats.items()))
    sys.exit(1 if stats["crashes"] else 0)


if __name__ == "__main__":
    main()
