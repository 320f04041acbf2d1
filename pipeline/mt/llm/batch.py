"""The ``llm`` engine's requests: per article and language, by token budget, each answer checked.

Rules:

- A *piece* is one distinct text to translate into one language; it
  belongs to the first PO file that needs it (its article), and its answer
  serves every file waiting for it.
- Per article and language, the pieces go in document order (``context``)
  in ⌈estimated tokens / budget⌉ requests, cut where the running total
  crosses each multiple of total/n (a piece goes where its middle falls):
  consecutive pieces, about equal shares, none over the budget by more
  than the size of one piece (a segment is never cut).
- Every request carries its context (``prompt.user_message``): the
  article's title and description, the headings above and the neighbours
  of its pieces with their approved translations, the glossary entries
  occurring in its pieces, the do-not-translate terms occurring in them.
- Requests go through ``mt.dispatch`` (workers, deadlines, retries with
  ``Retry-After``, the shared circuit breaker). Each answer is checked
  segment by segment (``answer.verify``); accepted ones are handed back at
  once (the caller caches and writes them), refused ones, and all pieces of
  an answer that held no translations, are retried once alone, in a second
  round; what fails again is handed back with its reason. A request that
  timed out or that the server refused is not retried piece by piece: the
  server, not the batch, is the problem.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from pipeline.checks.markup import inventory
from pipeline.mt.dispatch import Dispatcher, Job
from pipeline.mt.engines import BadResponse
from pipeline.mt.engines.llm import LlmEngine
from pipeline.mt.llm.answer import Sent, from_canonical, verify
from pipeline.mt.llm.context import Outline
from pipeline.mt.llm.prompt import cache_name, glossary_items, style_guide, user_message
from pipeline.mt.llm.tokens import estimate_tokens, estimate_translation
from pipeline.mt.placeholders import Protected
from pipeline.project.glossary import Glossary, Term
from pipeline.project.languages import Language


@dataclass(frozen=True)
class Piece:
    """One text to translate into one language, and the article it is translated in."""

    key: int
    """The caller's handle."""
    msgid: str
    protected: Protected
    lang: Language
    article: str
    """The PO file whose outline gives the context (as displayed)."""

    @property
    def tokens(self) -> int:
        return estimate_tokens(self.protected.text)


@dataclass
class Request:
    """One request: its pieces by id, the user message, estimated tokens in and out."""

    lang: Language
    article: str
    ids: dict[str, Piece]
    text: str
    tokens_in: int
    tokens_out: int


@dataclass(frozen=True)
class Done:
    """What became of one piece: its raw translation (placeholders in), or why none."""

    piece: Piece
    text: str | None
    reason: str = ""


def split_by_budget(tokens: Sequence[int], budget: int) -> list[list[int]]:
    """Indexes of ``tokens`` in ⌈sum / budget⌉ runs of consecutive items of about equal sum."""
    total = sum(tokens)
    if not tokens:
        return []
    count = max(1, math.ceil(total / budget))
    runs: list[list[int]] = [[] for _ in range(count)]
    before = 0
    for index, size in enumerate(tokens):
        middle = before + size / 2
        runs[min(count - 1, int(middle * count / max(total, 1)))].append(index)
        before += size
    return [run for run in runs if run]


@dataclass
class Planner:
    """Builds requests for one run: the engine's prompts, the glossary, the project's terms."""

    engine: LlmEngine
    source: Language
    glossary: Glossary
    terms: tuple[str, ...]
    outlines: dict[str, Outline] = field(default_factory=dict)
    guides: dict[str, str] = field(default_factory=dict)
    """Each language's style guide, as the cache keys digest it."""

    def style(self, lang: Language) -> str:
        return self.engine.system(self.source, lang)

    def terms_in(self, msgids: Sequence[str]) -> list[Term]:
        if not self.glossary:
            return []
        found: dict[int, Term] = {}
        for msgid in msgids:
            for term in self.glossary.candidates(inventory(msgid).prose):
                found.setdefault(term.line, term)
        return [found[line] for line in sorted(found)]

    def cache_name(self, lang: Language, msgid: str) -> str:
        """The cache key's engine part for ``msgid`` in ``lang`` (see ``prompt.cache_name``)."""
        items = glossary_items(self.terms_in([msgid]), self.glossary, lang)
        return cache_name(self.engine.llm.model, self._guide(lang), items)

    def _guide(self, lang: Language) -> str:
        found = self.guides.get(lang.code)
        if found is None:
            found = self.guides[lang.code] = "\n".join(
                style_guide(lang, self.engine.llm.address, self.engine.styles.get(lang.code, ""))
            )
        return found

    def requests(self, pieces: Sequence[Piece]) -> list[Request]:
        """Every request for ``pieces``: per article and language, in document order."""
        groups: dict[tuple[str, str], list[Piece]] = {}
        for piece in pieces:
            groups.setdefault((piece.article, piece.lang.code), []).append(piece)
        result: list[Request] = []
        for (article, _), group in groups.items():
            outline = self.outlines[article]
            place = {msgid: i for i, msgid in enumerate(outline.order(p.msgid for p in group))}
            group.sort(key=lambda p: place[p.msgid])
            for run in split_by_budget([p.tokens for p in group], self.engine.llm.budget):
                result.append(self.request([group[i] for i in run]))
        return result

    def request(self, pieces: Sequence[Piece]) -> Request:
        """One request for ``pieces`` (of one article and language, in document order)."""
        lang, article = pieces[0].lang, pieces[0].article
        outline = self.outlines[article]
        ids = {str(number): piece for number, piece in enumerate(pieces, 1)}
        by_msgid = {piece.msgid: sid for sid, piece in ids.items()}
        msgids = [p.msgid for p in pieces]
        names = [t for t in self.terms if any(t in msgid for msgid in msgids)]
        text = user_message(
            [(sid, piece.protected.text) for sid, piece in ids.items()],
            outline.document(by_msgid),
            outline.article(),
            glossary_items(self.terms_in(msgids), self.glossary, lang),
            names,
        )
        tokens_in = estimate_tokens(self.style(lang)) + estimate_tokens(text)
        tokens_out = sum(estimate_translation(p.protected.text, lang) + 8 for p in pieces) + 8
        return Request(lang, article, ids, text, tokens_in, tokens_out)


class Driver:
    """Sends the requests of a run and hands back each piece as it is settled."""

    def __init__(
        self,
        planner: Planner,
        dispatcher: Callable[[], Dispatcher],
        warn: Callable[[str], None],
    ) -> None:
        self.planner = planner
        self.dispatcher = dispatcher
        self.warn = warn
        self.requests = 0
        self.characters = 0

    def run(self, requests: list[Request]) -> Iterator[Done | None]:
        """``Done`` for every piece of ``requests``; ``None`` now and then (time to save)."""
        again: list[Piece] = []
        yield from self._round(requests, again)
        if again:
            singles = [self.planner.request([piece]) for piece in again]
            yield from self._round(singles, None)

    def _round(self, requests: list[Request], again: list[Piece] | None
               ) -> Iterator[Done | None]:
        source = self.planner.source
        by_job = {Job(r.text, source, r.lang): r for r in requests}
        dispatcher = self.dispatcher()
        try:
            for outcome in dispatcher.run(list(by_job)):
                if outcome is None:
                    yield None
                    continue
                if outcome.tripped:
                    self.warn(f"engine {self.planner.engine.describe()} stopped for the rest of "
                              f"this run: {dispatcher.breaker.reason}")
                request = by_job[outcome.job]
                if outcome.error is not None or outcome.result is None:
                    alone = isinstance(outcome.error, BadResponse) and again is not None
                    reason = str(outcome.error or "no answer")
                    for piece in request.ids.values():
                        if alone and again is not None:
                            again.append(piece)
                        else:
                            yield Done(piece, None, reason)
                    continue
                yield from self._settle(request, outcome.result, again)
        finally:
            dispatcher.stop.set()
            self.requests += dispatcher.requests
            self.characters += dispatcher.characters

    def _settle(self, request: Request, answer: str, again: list[Piece] | None
                ) -> Iterator[Done]:
        sent = {sid: Sent(piece.msgid, piece.protected) for sid, piece in request.ids.items()}
        verdict = verify(sent, from_canonical(answer), request.lang, self.planner.terms)
        for sid, piece in request.ids.items():
            if sid in verdict.accepted:
                yield Done(piece, verdict.accepted[sid])
            elif again is not None:
                again.append(piece)
            else:
                yield Done(piece, None, verdict.refused[sid])
