"""What the ``llm`` engine says to the model: rules, style guide, the request, the answer's shape.

Rules:

- The system message holds the rules (what the placeholders are, that the
  glossary and do-not-translate terms bind, how to answer) and the target
  language's style guide: which variety, formal or informal address, its
  quotation marks and punctuation, all from the language table, then the
  project's own instructions for that language (setting ``llm_style``).
- The user message is one JSON object: ``segments`` (``{"id", "text"}``
  items, markup already replaced by placeholders), ``document`` (headings
  and neighbours, see ``context``), ``article`` (title, description),
  ``glossary`` (the entries occurring in these segments that have forms in
  the target language, preferred form first, with their notes) and
  ``do_not_translate``.
- The answer is ``{"translations": [{"id", "text"}]}``, asked for with a
  JSON schema (``RESPONSE_FORMAT``) where the server supports it.
- ``PROMPT_VERSION`` changes whenever a change here can change answers. A
  cached answer is keyed (``cache_name``) by model, prompt version, the
  digest of the target's style guide and of the glossary entries occurring
  in that one segment: a change to one glossary entry re-translates only
  the segments that use it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipeline.mt.placeholders import TOKEN
from pipeline.project.glossary import Glossary, Term
from pipeline.project.languages import Language
from pipeline.runtime.files import digest_parts

PROMPT_VERSION = "1"

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "translations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["translations"],
    "additionalProperties": False,
}
RESPONSE_FORMAT: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {"name": "translations", "strict": True, "schema": ANSWER_SCHEMA},
}

_RULES = """\
You are a professional translator. You translate segments of an article published on a \
website from {source} into {target}.

The user message is a JSON object:
- "segments": the texts to translate, each with an "id".
- "document": the article around them in reading order: the headings above them and their \
neighbouring paragraphs, each with the translation a translator approved where there is one. \
A segment appears there only as {{"id": ...}}. Use it to understand the context, and keep \
your wording consistent with the approved translations; translate only the segments.
- "article": the article's title and description.
- "glossary": the publication's agreed translations of terms that occur in the segments. \
Wherever a term occurs, use its "translation", or one of its "accepted" forms where grammar \
needs another form. A "note" says how the publication uses the term.
- "do_not_translate": names and terms that stay exactly as they are.

Rules:
1. Placeholders such as {token0} and {token1} stand for markup, links, code, URLs and names. \
Copy every placeholder of a segment into its translation exactly once, unchanged, where it \
belongs in the translated sentence; add none. Text between two placeholders (a link's text, \
emphasised words) is translated and stays between them.
2. Translate the meaning faithfully and naturally for a reader of {target}. Keep the tone. \
Add, drop or explain nothing. Keep numbers, and keep Markdown as it is.
3. Translate every segment, even a short heading, unless it is only a name.
4. Answer with one JSON object and nothing else: \
{{"translations": [{{"id": "...", "text": "..."}}]}}, exactly one item for each segment, \
with its id.

Style guide for {target}:
{style}"""


def style_guide(lang: Language, address: str, extra: str = "") -> list[str]:
    """The target language's style rules, one per line, from the table and the settings."""
    lines = [f"Write {lang.english_name} ({lang.native_name}, language tag {lang.bcp47})."]
    if lang.variety:
        lines.append(f"Use {lang.variety}.")
    if address == "informal":
        lines.append("Address the reader informally: where the language distinguishes, use "
                     "the familiar form of 'you'.")
    else:
        lines.append("Address the reader formally and politely: where the language "
                     "distinguishes, use the polite form of 'you'.")
    lines.extend(_punctuation(lang))
    if lang.is_rtl:
        lines.append("Write right to left as usual; keep names in Latin script as they are.")
    if extra.strip():
        lines.append(extra.strip())
    return lines


def _punctuation(lang: Language) -> list[str]:
    (first, last), *nested = lang.quote_pairs
    quotes = f"Quotation marks: {first}…{last}"
    if lang.quotes_spaced:
        quotes += " with a no-break space inside"
    if nested:
        quotes += f"; inside quotations {nested[0][0]}…{nested[0][1]}"
    lines = [quotes + "."]
    if lang.native_marks:
        pairs = ", ".join(f"{mark} for {ascii_mark}" for ascii_mark, mark in
                          lang.native_marks.items())
        lines.append(f"Use the language's own punctuation: {pairs}.")
    if lang.nbsp_before:
        marks = " ".join(lang.nbsp_before)
        lines.append(f"Put a no-break space (U+00A0) before {marks}.")
    if lang.inverted_marks:
        marks = " and ".join(f"{opening} … {closing}" for closing, opening in
                             lang.inverted_marks.items())
        lines.append(f"Open questions and exclamations with their inverted marks: {marks}.")
    if lang.full_width:
        lines.append("Use full-width punctuation and no spaces between CJK characters.")
    return lines


def system_prompt(source: Language, target: Language, address: str, extra: str = "") -> str:
    style = "\n".join(f"- {line}" for line in style_guide(target, address, extra))
    return _RULES.format(source=source.english_name, target=target.english_name, style=style,
                         token0=TOKEN.format(0), token1=TOKEN.format(1))


def glossary_items(terms: Iterable[Term], glossary: Glossary, lang: Language
                   ) -> list[dict[str, Any]]:
    """The glossary entries as the user message shows them (only those with target forms)."""
    items: list[dict[str, Any]] = []
    for term in terms:
        forms = term.get(lang)
        if not forms:
            continue
        item: dict[str, Any] = {"term": glossary.source_forms(term)[0], "translation": forms[0]}
        if len(forms) > 1:
            item["accepted"] = list(forms)
        if term.note:
            item["note"] = term.note
        items.append(item)
    return items


def user_message(
    segments: Sequence[tuple[str, str]],
    document: list[dict[str, Any]],
    article: Mapping[str, Any],
    glossary: list[dict[str, Any]],
    do_not_translate: Sequence[str],
) -> str:
    """The JSON user message of one request; ``segments`` are (id, protected text) pairs."""
    message: dict[str, Any] = {}
    if article:
        message["article"] = dict(article)
    if glossary:
        message["glossary"] = glossary
    if do_not_translate:
        message["do_not_translate"] = list(do_not_translate)
    message["document"] = document
    message["segments"] = [{"id": sid, "text": text} for sid, text in segments]
    return json.dumps(message, ensure_ascii=False)


def cache_name(model: str, style: str, terms: list[dict[str, Any]]) -> str:
    """The cache's engine key for one segment: model, prompt version, style, its glossary."""
    context = digest_parts(style, json.dumps(terms, ensure_ascii=False, sort_keys=True))
    return f"llm {model} p{PROMPT_VERSION} {context[:16]}"
