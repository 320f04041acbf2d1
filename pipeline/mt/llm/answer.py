"""Reading a model's answer: find the JSON, then check every segment before anything is kept.

Rules:

- The answer should be ``{"translations": [{"id", "text"}]}``. Small models
  wrap it in prose or a Markdown code fence, or answer a bare list, or name
  the list ``segments``: the first JSON value of such a shape anywhere in
  the answer is taken (code fences first). No such value: ``BadResponse``.
- Each segment of the request is checked on its own (``verify``): its id
  exactly once (not missing, not twice), the text not empty, every
  placeholder back exactly once (``Protected.restore``), not the English
  left as it was (unless nothing in it is translatable), and in the
  expected language (validate's ``wrong-language`` check, langdetect
  seeded). Ids the request did not have are ignored. A segment that fails
  is reported with its reason; the others are kept.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.checks.base import Subject
from pipeline.checks.language import wrong_language
from pipeline.mt.engines import BadResponse
from pipeline.mt.placeholders import PlaceholderError, Protected
from pipeline.project.languages import Language

_FENCE = re.compile(r"```[\w-]*[ \t]*\n(.*?)\n[ \t]*```", re.DOTALL)
LISTS = ("translations", "segments")


def translations_in(content: str) -> list[tuple[str, str]]:
    """The (id, text) pairs of an answer, wherever in it the JSON is."""
    for candidate in (content.strip(), *(m.group(1) for m in _FENCE.finditer(content))):
        pairs = _pairs(_loads(candidate))
        if pairs is not None:
            return pairs
    decoder = json.JSONDecoder()
    for match in re.finditer(r"[\[{]", content):
        try:
            value, _ = decoder.raw_decode(content, match.start())
        except ValueError:
            continue
        pairs = _pairs(value)
        if pairs is not None:
            return pairs
    raise BadResponse("the answer holds no JSON list of translations")


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _pairs(value: Any) -> list[tuple[str, str]] | None:
    """The pairs in ``{"translations": [...]}`` (even none) or in a bare list (at least one)."""
    if isinstance(value, dict):
        items = next((value[k] for k in LISTS if isinstance(value.get(k), list)), None)
        return None if items is None else _items(items)
    if isinstance(value, list):
        return _items(value) or None
    return None


def _items(items: list[Any]) -> list[tuple[str, str]]:
    return [
        (str(item["id"]), item["text"])
        for item in items
        if isinstance(item, dict) and "id" in item and isinstance(item.get("text"), str)
    ]


def canonical(pairs: list[tuple[str, str]]) -> str:
    """The pairs as the answer should have been: ``{"translations": [...]}``."""
    return json.dumps(
        {"translations": [{"id": sid, "text": text} for sid, text in pairs]}, ensure_ascii=False
    )


def from_canonical(text: str) -> list[tuple[str, str]]:
    data = json.loads(text)
    return [(item["id"], item["text"]) for item in data["translations"]]


@dataclass(frozen=True)
class Sent:
    """One segment as it went out: what the answer is checked against."""

    msgid: str
    protected: Protected


@dataclass
class Verdict:
    """Per id of the request: the accepted raw translation, or why it was refused."""

    accepted: dict[str, str]
    refused: dict[str, str]
    unknown: int = 0


def verify(
    sent: Mapping[str, Sent], pairs: list[tuple[str, str]], lang: Language,
    terms: tuple[str, ...],
) -> Verdict:
    """Check every segment of one answer (see the module's rules)."""
    counts = Counter(sid for sid, _ in pairs)
    verdict = Verdict({}, {}, sum(1 for sid in counts if sid not in sent))
    answers = dict(pairs)
    for sid, segment in sent.items():
        if counts[sid] == 0:
            verdict.refused[sid] = "the model did not return this segment"
        elif counts[sid] > 1:
            verdict.refused[sid] = "the model returned this segment more than once"
        else:
            problem = _problem(segment, answers[sid], lang, terms)
            if problem:
                verdict.refused[sid] = problem
            else:
                verdict.accepted[sid] = answers[sid]
    return verdict


def _problem(segment: Sent, answer: str, lang: Language, terms: tuple[str, ...]) -> str | None:
    if not answer.strip():
        return "the model returned an empty translation"
    try:
        restored = segment.protected.restore(answer)
    except PlaceholderError as exc:
        return str(exc)
    if segment.protected.has_words and " ".join(answer.split()) == " ".join(
        segment.protected.text.split()
    ):
        return "the model returned the English unchanged"
    wrong = wrong_language(Subject(msgid=segment.msgid, msgstr=restored, lang=lang, terms=terms))
    return f"the translation {wrong}" if wrong else None
