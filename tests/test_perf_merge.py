"""The fast fuzzy search of ``catalog.merge`` picks exactly what the plain difflib loop picks."""

from __future__ import annotations

import difflib
import random

import polib
import pytest

from pipeline.po import catalog


def reference(msgid: str, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    """The search as first written: every candidate in order, difflib's own filters."""
    best: polib.POEntry | None = None
    best_ratio = catalog.FUZZY_THRESHOLD
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(msgid)
    for candidate in candidates:
        matcher.set_seq1(candidate.msgid)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio and (best is None or ratio > best_ratio):
            best, best_ratio = candidate, ratio
    return best


def mutate(rnd: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rnd.randint(0, 4)):
        where = rnd.randrange(len(chars) + 1)
        if rnd.random() < 0.5 and chars:
            del chars[min(where, len(chars) - 1)]
        else:
            chars.insert(where, rnd.choice("abcde xyz"))
    return "".join(chars)


@pytest.mark.parametrize("seed", range(6))
def test_fuzzy_search_equals_reference(seed: int) -> None:
    rnd = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta", "ab", "ba", "a", "b", "abc", "cab"]
    for _ in range(300):
        base = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 6)))
        texts = list(dict.fromkeys([base] + [mutate(rnd, base) for _ in range(rnd.randint(0, 8))]
                                   + [" ".join(rnd.choice(words) for _ in range(3))
                                      for _ in range(rnd.randint(0, 5))]))
        rnd.shuffle(texts)
        candidates = [polib.POEntry(msgid=t, msgstr="x") for t in texts]
        finder = catalog._Fuzzy(candidates)
        for query in (mutate(rnd, base), base, mutate(rnd, mutate(rnd, base)), "", "zzz"):
            assert finder.closest(query) is reference(query, candidates), (query, texts)


def test_same_search_in_another_language_is_answered_from_memory() -> None:
    old = [polib.POEntry(msgid=f"Paragraph number {n} of the article.", msgstr="x")
           for n in range(50)]
    first = catalog._Fuzzy(old)
    assert first.closest("Paragraph number 7 of the article!") is old[7]
    other = [polib.POEntry(msgid=e.msgid, msgstr="y") for e in old]
    second = catalog._Fuzzy(other)
    assert not second.counts
    assert second.closest("Paragraph number 7 of the article!") is other[7]
    assert not second.counts  # not searched again
