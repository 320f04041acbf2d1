"""Is the translation in the right language? langdetect, used only where it can judge.

Rules:

- langdetect is seeded (``DetectorFactory.seed = 0``), so a run is repeatable,
  and knows only the languages of the language table (plus the Han-script
  look-alikes), so it never takes Spanish for Catalan. Its detection loop
  runs through ``checks.detector`` (the same answers, faster).
- Before detection, code spans, URLs, hashtags and the project's
  do-not-translate terms are removed: they are the same in every language.
- Texts with fewer letters than the language's ``langdetect_min`` are not
  judged: a short heading gives langdetect nothing to go on. Nor are texts
  written only in a script no other language of the table uses (Russian in
  Cyrillic): langdetect, knowing only our languages, could say nothing else.
- A guess counts only if langdetect is sure (``_SURE``) and gives the
  expected language less than ``_PLAUSIBLE``; so a close call is never an alarm.
- Text written only in Han characters (no kana, no hangul) cannot be told
  apart by langdetect: kanji-only Japanese reads as Chinese and the reverse.
  For such text the language's ``langdetect_han_alternatives`` are accepted.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pipeline.checks.base import ERROR, Subject, check
from pipeline.checks.detector import probabilities
from pipeline.checks.markup import HASHTAG, OBJECT
from pipeline.project.languages import LANGUAGES, Language, by_langdetect

_SURE = 0.80
_PLAUSIBLE = 0.10
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u1100-\u11ff\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


def detectable_text(prose: str, terms: tuple[str, ...]) -> str:
    """``prose`` without what reads the same in every language."""
    text = HASHTAG.sub(" ", prose)
    for term in sorted(terms, key=len, reverse=True):
        text = text.replace(term, " ")
    return " ".join(text.replace(OBJECT, " ").split())


def han_only(text: str) -> bool:
    """Holds Han characters and no kana or hangul: Chinese, or kanji-only Japanese."""
    return bool(_HAN.search(text)) and not _KANA_HANGUL.search(text)


@cache
def _factory() -> Any:
    """A seeded langdetect factory knowing only the languages in our table (and Han look-alikes).

    Fewer profiles make detection about twice as fast, and a text can only be
    taken for a language the site could plausibly hold.
    """
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    codes = sorted(
        {lang.langdetect for lang in LANGUAGES if lang.langdetect}
        | {code for lang in LANGUAGES for code in lang.langdetect_han_alternatives}
    )
    DetectorFactory.seed = 0
    factory = DetectorFactory()
    for index, code in enumerate(codes):
        profile = json.loads((Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**profile), index, len(codes))
    factory.set_seed(0)
    return factory


@lru_cache(maxsize=1024)
def detect(text: str) -> tuple[tuple[str, float], ...]:
    """langdetect's guesses for ``text``, most likely first; empty if it cannot tell."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        return tuple((guess.lang, guess.prob) for guess in probabilities(detector))
    except LangDetectException:
        return ()


def accepted_codes(lang: Language, text: str) -> set[str]:
    """The langdetect codes that mean ``text`` is plausibly in ``lang``."""
    codes = {lang.langdetect}
    if han_only(text):
        codes.update(lang.langdetect_han_alternatives)
    return codes


def own_script_only(text: str, lang: Language) -> bool:
    """Every letter is of ``lang``'s script and no other language of the table writes it:
    then the text can only be ``lang`` (Cyrillic, Arabic, kana), and langdetect is not asked."""
    if sum(1 for other in LANGUAGES if other.script == lang.script) > 1:
        return False
    return re.search(f"[^\\W\\d_{lang.letters}]", text) is None


def _name(code: str) -> str:
    known = by_langdetect(code)
    return known.english_name if known else f"language {code!r}"


@check("wrong-language", ERROR)
def wrong_language(subject: Subject) -> str | None:
    """Translation is written in another language (langdetect)."""
    text = detectable_text(subject.target.prose, subject.terms)
    if len(_LETTER.findall(text)) < subject.lang.langdetect_min or own_script_only(
        text, subject.lang
    ):
        return None
    guesses = detect(text)
    if not guesses:
        return None
    accepted = accepted_codes(subject.lang, text)
    if any(code in accepted and prob >= _PLAUSIBLE for code, prob in guesses):
        return None
    code, prob = guesses[0]
    if prob < _SURE:
        return None
    return f"reads as {_name(code)} ({code}, p={prob:.2f}), not {subject.lang.english_name}"
