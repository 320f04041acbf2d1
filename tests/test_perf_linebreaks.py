"""The fast line breaking of ``poformat`` gives exactly the cuts of the reference algorithm.

``poformat._possible_linebreaks`` and ``_width_linebreaks`` are checked
against libunistring itself (``test_poformat.py``); the writer uses faster
routes (opportunities word by word, greedy search near each line's end).
Here both are run on the same random texts and must agree everywhere.
"""

from __future__ import annotations

import random

import pytest

from pipeline.po import writer as poformat

# One or more characters of every line break class and width, plus plenty of
# spaces, letters and the punctuation of Markdown and URLs.
ALPHABET = (
    list("aaaaeeeiioouu   ")
    + list("bcdfg  hjklm  nprst  ")
    + list("0123456789-.,:;!?/()[]{}<>\"'%$+#*_`|~&=@^\\")
    + ["\u00a0", "\u00ad", "\u2010", "\u2014", "\u2024", "\u3005", "\u3008", "\u3001", "\u3002"]
    + ["\u4e00", "\u65e5", "\u3042", "\u30a2", "\uac00", "\uac01", "\u1100", "\u1160", "\u11a8"]
    + ["\u0627", "\u0644", "\u064b", "\u0301", "\u200b", "\u200d", "\u2060", "\ufeff", "\u05d0"]
    + ["\U0001f1e6", "\U0001f1e7", "\u261d", "\U0001f3fb", "\U0001f600", "\u2028", "\x01", "\x7f"]
    + ["\u00e9", "\u00df", "\u0431", "\u0416", "\u00ab", "\u00bb", "\u201c", "\u201d", "\uff01"]
)


def reference_cuts(portion: poformat._Portion, width: int, start_col: int) -> list[int]:
    """The cuts the port of libunistring's algorithm gives, character by character."""
    chars = list(portion.text)
    overrides = [
        poformat.PROHIBITED if i in portion.prohibited else poformat.UNDEFINED
        for i in range(len(chars))
    ]
    if start_col + portion.total_width <= width:
        return []
    possible = poformat._possible_linebreaks(chars)
    widths = [poformat._char_width(c) for c in chars]
    breaks = poformat._width_linebreaks(possible, widths, overrides, width, start_col)
    return [i for i, brk in enumerate(breaks) if brk == poformat.POSSIBLE]


@pytest.mark.parametrize("seed", range(8))
def test_fast_cuts_equal_reference_cuts(seed: int) -> None:
    rnd = random.Random(seed)
    alphabet = ALPHABET if seed % 2 else [c for c in ALPHABET if c.isascii()]
    for _ in range(1500):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 160)))
        if rnd.random() < 0.2:
            text += "\n"
        portion = poformat._Portion(text, 0, len(text), set())
        width, start = rnd.randint(5, 80), rnd.randint(0, 20)
        assert portion.cuts(width, start) == reference_cuts(portion, width, start), (
            text, width, start)


def test_word_by_word_opportunities_equal_reference() -> None:
    rnd = random.Random(99)
    for _ in range(3000):
        text = "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(1, 60)))
        expected = [
            (i, brk)
            for i, brk in enumerate(poformat._possible_linebreaks(list(text)))
            if brk != poformat.PROHIBITED
        ]
        assert poformat._opportunities(text) == expected, text


def test_wrapped_strings_are_memoized_without_changing_them() -> None:
    text = "A sentence long enough to be broken into lines by the writer, twice or more. " * 3
    first = poformat._wrap_string("", "msgid", text, 79)
    again = poformat._wrap_string("", "msgid", text, 79)
    assert again is first
    assert "".join(line.strip('"') for line in first[1:]) == text
