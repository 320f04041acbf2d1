"""translate's side of an engine that works per article (``llm``): pieces in, settled pieces out.

Rules:

- Each distinct text and language the engine must translate becomes one
  ``mt.llm.batch.Piece``, in the first PO file that needs it: that file's
  outline (``mt.llm.context``) is the article it is translated in. Its
  answer serves every file waiting for it, like any engine's.
- Cache keys come from the planner (model, prompt version, style, the
  glossary entries the text uses); answers are cached and written by the
  stage as they arrive.
- A dry run asks the planner for the same requests a real run would send
  and reports, per language, their number, estimated tokens and, given the
  ``llm_price_input`` and ``llm_price_output`` settings, the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from pipeline.mt.dispatch import Dispatcher
from pipeline.mt.engines import Engine
from pipeline.mt.engines.llm import LlmEngine
from pipeline.mt.llm.batch import Done, Driver, Piece, Planner
from pipeline.mt.llm.context import Outline
from pipeline.project.glossary import load_glossary
from pipeline.project.languages import Language
from pipeline.project.settings import Settings

if TYPE_CHECKING:
    from pipeline.translate.stage import PlanRow, _Segment

Jobs = dict[tuple[str, str], list[tuple["_Segment", int]]]
"""(language code, text sent) → the segments (and chunk numbers) waiting for it."""


class Articles:
    """The planner of one run and what the stage asks of it."""

    def __init__(self, settings: Settings, engine: Engine, terms: tuple[str, ...],
                 warn: Callable[[str], None]) -> None:
        if not isinstance(engine, LlmEngine):
            raise TypeError(f"engine {engine.name!r} does not work per article")
        engine.check_settings()  # the model is part of every cache key, even in a dry run
        glossary = load_glossary(settings)
        for warning in glossary.warning_lines():
            warn(warning)
        self.settings = settings
        self.engine = engine
        self.warn = warn
        self.planner = Planner(engine, settings.source, glossary, terms)
        self.requests = 0
        self.characters = 0

    def cache_name(self, lang: Language, msgid: str) -> str:
        return self.planner.cache_name(lang, msgid)

    def pieces(self, jobs: Jobs) -> tuple[list[Piece], list[list[tuple[_Segment, int]]]]:
        """One piece per job, and the segments waiting for each (by the piece's key)."""
        pieces: list[Piece] = []
        waiting: list[list[tuple[_Segment, int]]] = []
        for waits in jobs.values():
            segment = waits[0][0]
            home = segment.files[0]
            if home.display not in self.planner.outlines:
                self.planner.outlines[home.display] = Outline(home.po)
            assert segment.protected is not None
            pieces.append(Piece(len(pieces), segment.msgid, segment.protected, segment.lang,
                                home.display))
            waiting.append(waits)
        return pieces, waiting

    def plan(self, rows: list[PlanRow], jobs: Jobs) -> list[PlanRow]:
        """``rows`` (one per language) with requests, estimated tokens and cost."""
        from pipeline.translate.stage import PlanRow

        requests = self.planner.requests(self.pieces(jobs)[0])
        prices = (self.settings.llm_price_input, self.settings.llm_price_output)
        planned = []
        for row in rows:
            mine = [r for r in requests if r.lang.code == row.language]
            tokens_in = sum(r.tokens_in for r in mine)
            tokens_out = sum(r.tokens_out for r in mine)
            cost = (tokens_in * prices[0] + tokens_out * prices[1]) / 1e6 if any(prices) else None
            planned.append(PlanRow(row.language, self.engine.label(), row.entries, row.texts,
                                   row.characters, len(mine), tokens_in, tokens_out, cost))
        return planned

    def send(
        self, jobs: Jobs, dispatcher: Callable[[], Dispatcher]
    ) -> Iterator[tuple[Done, list[tuple[_Segment, int]]] | None]:
        """Each settled piece with the segments waiting for it; ``None`` now and then."""
        pieces, waiting = self.pieces(jobs)
        driver = Driver(self.planner, dispatcher, self.warn)
        try:
            for done in driver.run(self.planner.requests(pieces)):
                yield None if done is None else (done, waiting[done.piece.key])
        finally:
            self.requests += driver.requests
            self.characters += driver.characters
