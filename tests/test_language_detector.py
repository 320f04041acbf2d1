"""checks.detector gives exactly langdetect's answers (the same probabilities, bit for bit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import collect

from pipeline.checks import detector
from pipeline.checks.language import _factory, detectable_text
from pipeline.markdown.document import parse_text
from pipeline.mt.engines.offline import pseudo_localize
from pipeline.po import catalog

ROOT = Path(__file__).resolve().parent.parent


def texts(documents: int) -> list[str]:
    """Real translations in every language of the repository's PO files, English segments of
    the corpus, and pseudo-localized ones: short and long, several scripts."""
    found = [entry.msgstr for path in sorted((ROOT / "po").glob("*/*.po"))
             for entry in catalog.load_po(path) if entry.msgstr]
    for name, text in collect(documents):
        for segment in parse_text(text, Path(name)).segments:
            found += [segment.text, pseudo_localize(segment.text),
                      pseudo_localize(segment.text, rtl=True)]
    return [text for text in map(lambda t: detectable_text(t, ()), found) if text]


def langdetect_answer(text: str) -> list[tuple[str, float]] | str:
    from langdetect.lang_detect_exception import LangDetectException

    one = _factory().create()
    one.append(text)
    try:
        return [(guess.lang, guess.prob) for guess in one.get_probabilities()]
    except LangDetectException as exc:
        return str(exc)


def our_answer(text: str) -> list[tuple[str, float]] | str:
    from langdetect.lang_detect_exception import LangDetectException

    one = _factory().create()
    one.append(text)
    try:
        return [(guess.lang, guess.prob) for guess in detector.probabilities(one)]
    except LangDetectException as exc:
        return str(exc)


def test_the_shortcut_for_choice_holds_on_this_interpreter() -> None:
    assert detector.usable()


def compare(samples: list[str]) -> None:
    assert len(samples) > 100
    for text in samples:
        assert our_answer(text) == langdetect_answer(text), text


def test_same_answers_as_langdetect() -> None:
    compare(texts(3)[::3])


@pytest.mark.slow
def test_same_answers_as_langdetect_on_many_documents() -> None:
    compare(texts(25))
