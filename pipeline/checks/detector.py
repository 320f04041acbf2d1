"""langdetect's detection, the same arithmetic and random draws in fewer Python steps.

Rules:

- The answer for a text is exactly langdetect's (``Detector.get_probabilities``
  of a detector from the same factory): langdetect's own ``append`` and
  ``cleaning_text`` prepare the text; the n-grams are extracted as
  ``_extract_ngrams`` does (``NGram.normalize`` asked once per distinct
  character); the trials repeat ``_detect_block``'s float operations in the
  same order, with a ``random.Random`` seeded the same way, drawing n-grams
  as ``choice`` does. ``tests/test_language_detector.py`` compares the two.
- What it saves is Python overhead: a trial runs in one function whose
  language probabilities are local variables (generated once for the
  factory's number of languages, as ``collections.namedtuple`` generates its
  class), instead of a method call and a loop over a list at every step.
- The shortcut for ``choice`` rests on how CPython implements it; ``usable``
  checks that it draws the same numbers on this interpreter, and langdetect's
  own loop is used when it does not.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache
from typing import Any

_SAMPLE_SIZES = (1, 2, 3, 5, 7, 64, 100, 1000, 4097)
_N_GRAM = 3

Trial = Callable[..., list[float]]


@cache
def usable() -> bool:
    """Whether the trials draw what ``random.Random.choice`` draws on this interpreter."""
    for size in _SAMPLE_SIZES:
        items = list(range(size))
        theirs, ours = random.Random(0), random.Random(0)
        getrandbits, bits = ours.getrandbits, size.bit_length()
        for _ in range(200):
            r = getrandbits(bits)
            while r >= size:
                r = getrandbits(bits)
            if theirs.choice(items) != r:
                return False
    return True


def probabilities(detector: Any) -> list[Any]:
    """``detector.get_probabilities()`` (a fresh langdetect ``Detector`` holding the text)."""
    if not usable() or detector.prior_map is not None or detector.verbose:
        return list(detector.get_probabilities())
    detector.cleaning_text()
    ngrams = extract_ngrams(detector.text, detector.word_lang_prob_map)
    if not ngrams:
        return list(detector.get_probabilities())  # raises langdetect's own "no features"
    detector.langprob = _detect_block(detector, ngrams)
    return list(detector._sort_probability(detector.langprob))


@cache
def _normalize(ch: str) -> str:
    from langdetect.utils.ngram import NGram

    normalized: str = NGram.normalize(ch)
    return normalized


def extract_ngrams(text: str, known: dict[str, list[float]]) -> list[str]:
    """``Detector._extract_ngrams`` (``NGram.add_char`` and ``get`` inlined)."""
    result: list[str] = []
    grams = " "
    capital = False
    for raw in text:
        ch = _normalize(raw)
        last = grams[-1]
        if last == " ":
            grams = " "
            capital = False
            if ch == " ":
                continue
        elif len(grams) >= _N_GRAM:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        for n in range(1, min(len(grams), _N_GRAM) + 1):
            word = grams[-n:]
            if word != " " and word in known:
                result.append(word)
    return result


def _detect_block(detector: Any, ngrams: list[str]) -> list[float]:
    """``Detector._detect_block`` after its n-grams are extracted."""
    table = detector.word_lang_prob_map
    chosen = [table[word] for word in ngrams]
    count = len(detector.langlist)
    trial = _trial(count)
    langprob = [0.0] * count
    rnd = random.Random()
    rnd.seed(detector.seed)
    for _ in range(detector.n_trial):
        alpha = detector.alpha + rnd.gauss(0.0, 1.0) * detector.ALPHA_WIDTH
        prob = trial(chosen, rnd.getrandbits, len(chosen).bit_length(), len(chosen),
                     alpha / detector.BASE_FREQ, detector.ITERATION_LIMIT,
                     detector.CONV_THRESHOLD, 1.0 / count)
        langprob = [have + p / detector.n_trial for have, p in zip(langprob, prob, strict=True)]
    return langprob


@cache
def _trial(count: int) -> Trial:
    """One trial of ``_detect_block`` for ``count`` languages, probabilities in locals."""
    p = [f"p{i}" for i in range(count)]
    q = [f"q{i}" for i in range(count)]
    every = ", ".join(p)
    lines = [
        "def trial(chosen, getrandbits, bits, size, weight, limit, threshold, start):",
        f"    {' = '.join(p)} = start",
        "    i = 0",
        "    while True:",
        "        r = getrandbits(bits)",  # choice(ngrams): _randbelow_with_getrandbits
        "        while r >= size:",
        "            r = getrandbits(bits)",
        f"        {', '.join(q)}, = chosen[r]",
        *[f"        {a} *= weight + {b}" for a, b in zip(p, q, strict=True)],  # _update_lang_prob
        "        if i % 5 == 0:",  # _normalize_prob, and the convergence test
        f"            total = sum(({every},))",
        *[f"            {a} = {a} / total" for a in p],
        f"            if max(0.0, {every}) > threshold or i >= limit:",
        f"                return [{every}]",
        "        i += 1",
    ]
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), namespace)  # noqa: S102 - our own text, as namedtuple does
    made: Trial = namespace["trial"]
    return made
