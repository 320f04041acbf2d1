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
import re

from pipeline.project.languages import Language

OUTPUT_RATIO: dict[str, float] = {"Latn": 1.2, "Cyrl": 1.9, "Arab": 1.5, "Jpan": 1.8, "Hans": 1.2}
"""Estimated tokens of a translation per estimated token of its English, by script."""


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def estimate_tokens(text: str) -> int:
    """Estimated tokens of ``text`` (at least 1 for any non-empty text)."""
    if text.isascii():
        return math.ceil(len(text) / 4)
    cjk = len(_CJK.findall(text))
    other = len(_NOT_ASCII.findall(text)) - cjk
    return math.ceil((len(text) - other - cjk) / 4 + other / 2 + cjk)


def estimate_translation(english: str, target: Language) -> int:
    """Estimated tokens of the translation of ``english`` into ``target``."""
    return math.ceil(estimate_tokens(english) * OUTPUT_RATIO.get(target.script, 1.5))
