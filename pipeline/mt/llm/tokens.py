"""Estimated token counts, for batching by budget and for ``--dry-run``'s cost.

Rules:

- No tokenizer is loaded (each model has its own, and the common ones
  download their tables from the network): a text counts one token per four
  ASCII characters, one per two other characters (accented Latin, Cyrillic,
  Arabic) and one per CJK character or kana, which is what BPE tokenizers of
  current models give for prose within a few tens of percent.
- The translation of an English text is estimated as its English tokens
  times ``OUTPUT_RATIO`` of the target's script: the ratio this estimate
  gave between the reviewed translations in ``po/`` and their English when
  it was written (two articles; Latin script: the mean of six languages,
  1.14 to 1.24).
"""

from __future__ import annotations

import math

from pipeline.project.languages import Language

OUTPUT_RATIO: dict[str, float] = {"Latn": 1.2, "Cyrl": 1.9, "Arab": 1.5, "Jpan": 1.8, "Hans": 1.2}
"""Estimated tokens of a translation per estimated token of its English, by script."""


def _cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def estimate_tokens(text: str) -> int:
    """Estimated tokens of ``text`` (at least 1 for any non-empty text)."""
    ascii_chars = cjk = other = 0
    for ch in text:
        if ord(ch) < 128:
            ascii_chars += 1
        elif _cjk(ch):
            cjk += 1
        else:
            other += 1
    return math.ceil(ascii_chars / 4 + other / 2 + cjk)


def estimate_translation(english: str, target: Language) -> int:
    """Estimated tokens of the translation of ``english`` into ``target``."""
    return math.ceil(estimate_tokens(english) * OUTPUT_RATIO.get(target.script, 1.5))
