"""The PO loader under fuzzing: every input loads and round-trips, or is PoFileError with a line.

A short hypothesis run here (``LOCALIZE_FUZZ_EXAMPLES``, default 500, sets
how many inputs); long runs with ``python tests/po_fuzz.py`` (see there).
Each input a fuzz run crashed on is below, minimal, with what it now gives.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from po_fuzz import KINDS, check, mutate, seeds

from pipeline.errors import PoFileError
from pipeline.po import catalog

EXAMPLES = int(os.environ.get("LOCALIZE_FUZZ_EXAMPLES", "500"))
SEEDS = seeds()

mutation = st.tuples(st.sampled_from(KINDS), st.integers(0, 1 << 20), st.integers(0, 1 << 16))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(range(len(SEEDS))), mutations=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_po_files_load_and_round_trip_or_fail_with_a_line(
    seed: int, mutations: list[tuple[str, int, int]]
) -> None:
    check(mutate(SEEDS[seed], mutations))


def test_every_seed_loads_and_round_trips() -> None:
    assert all(check(seed) for seed in SEEDS)
    assert len(SEEDS) >= 5


HEADER = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

# (input, line, message): what the fuzzer found, each once a crash.
REGRESSIONS = [
    # loaded, but saved as the escape \a, which polib does not read back: the next
    # run could not open the translator's file
    (HEADER + b'msgid "a"\nmsgstr "b\x07"\n', 6,
     "contains a control character (BEL, 0x07); remove it"),
    # polib splits the header at an escaped \r: a saved file had a header line that is
    # not "Name: value", and could not be read again
    (b'msgid ""\nmsgstr ""\n"Language-Team: x\\ry\\n"\n', 3,
     'header line "Language-Team: x\\ry" holds a line break; remove it'),
    # ... and the message quoting it held a raw carriage return: two lines on a terminal
    (b'msgid ""\nmsgstr ""\n"Content-T\\ransfer-Encoding: 8bit\\n"\n', 3,
     'header line "Content-T\\ransfer-Encoding: 8bit" holds a line break; remove it'),
    # a #| line (active form) before an obsolete entry: GNU refuses it, polib gave the
    # obsolete entry that previous msgid, and saving dropped it
    (HEADER + b'#~ msgid "a"\n#~ msgstr "b"\n#| msgid "x"\n\n#~ msgid "c"\n#~ msgstr "d"\n', 7,
     "entry mixes obsolete (#~) and active lines"),
    (HEADER + b'#, fuzzy\n#~| msgid "x"\nmsgid "c"\nmsgstr "d"\n', 6,
     "entry mixes obsolete (#~) and active lines"),
    # polib reads the file with str.splitlines(), which also breaks at these: it saw
    # other entries than the file holds
    (HEADER + 'msgid "a"\nmsgstr "b\u2028c"\n'.encode(), 6,
     "contains U+2028, which is read as a line break; remove it"),
    (HEADER + b'msgid "a\x0bb"\nmsgstr "c"\n', 5,
     "contains U+000B, which is read as a line break; remove it"),
    (HEADER + 'msgid "a"\nmsgstr "b"\n# x\x85y\n'.encode(), 7,
     "contains U+0085, which is read as a line break; remove it"),
]


@pytest.mark.parametrize(("raw", "line", "message"), REGRESSIONS)
def test_fuzz_regressions(raw: bytes, line: int, message: str) -> None:
    with pytest.raises(PoFileError) as caught:
        catalog.parse_po(raw, "fuzz.po")
    assert str(caught.value) == f"fuzz.po:{line}: {message}"
    assert check(raw) is False


@pytest.mark.parametrize(
    "raw",
    [
        # GNU's normalizations are not losses: repeated references, "f: 12" for "f:12",
        # fuzzy on an untranslated entry, unknown flags, obsolete entries moved last (and
        # dropped when untranslated)
        HEADER + b'#: a.md:1 a.md:1 b.md: 12\n#, fuzzy, my-flag\nmsgid "a"\nmsgstr ""\n',
        HEADER + b'#~ msgid "old"\n#~ msgstr "alt"\n\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "x"\n#~ msgstr ""\n',
        HEADER + b'msgid "tab\\tand \\\\ backslash \\"quote\\" \\v \\f \\b"\nmsgstr "x"\n',
    ],
)
def test_gnu_normalizations_still_round_trip(raw: bytes) -> None:
    assert check(raw) is True
