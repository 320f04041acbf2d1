"""Machine translation engines behind one small interface, and the registry that names them.

Rules:

- An engine translates one already-protected text from one language to
  another (``translate``); everything else (placeholders, caching,
  concurrency, deadlines, retries) is the caller's business.
- Language codes come only from ``project.languages`` (``engine_code``);
  ``lacks`` lists what an engine cannot do before any call is made.
- Failures are ``EngineError`` subclasses that say whether a retry can help
  (``RateLimited``, ``Unavailable``; ``retry_after`` when the server said
  how long to wait) and whether the engine itself is at fault (``broken``),
  which feeds the circuit breaker. Messages never hold an
  API key: engines build them from status codes, never from the text of a
  third-party exception.
- ``setup`` checks what the engine needs (keys in the environment, a binary)
  and raises ``UsageError`` before the run starts.
- Only the module of the engine asked for is imported (``BUILTIN`` names the
  module of each built-in one); listing the engines imports none.
- An ``instant`` engine (``pseudo``) is run inline, without threads, deadlines
  or the cache (``mt.dispatch``, ``translate``); engines that start a program
  or call a server (``apertium`` and the online ones) are not instant.
- An engine with ``per_article`` (``llm``) is given a whole request for
  several segments of one article as its text (see ``pipeline.mt.llm``);
  ``label`` is what the ``# mt:`` line names (``llm <model>``).
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from pipeline.errors import UsageError
from pipeline.project.languages import Language
from pipeline.project.settings import Settings

NO_ENGINE = "none"
"""The engine name that turns translation off (``engine = "none"``, ``--offline``)."""


class EngineError(Exception):
    """One call failed.

    ``retry``: another attempt may work. ``broken``: the engine is at fault (breaker).
    """

    retry = False
    broken = True
    retry_after: float | None = None
    """Seconds the server asked to wait before the next attempt (``Retry-After``)."""


class RateLimited(EngineError):
    """HTTP 429 or the engine's own quota signal."""

    retry = True

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(EngineError):
    """A 5xx answer or a connection that failed before any answer."""

    retry = True


class CallTimeout(EngineError):
    """No answer within the deadline; not retried, since a stalled server stays stalled."""


class BadResponse(EngineError):
    """The engine answered something that is not a translation (malformed JSON, wrong shape)."""


class Rejected(EngineError):
    """The engine refused this text or these languages (4xx but 429); retrying cannot help."""


class EmptyResult(EngineError):
    """The engine answered with no text; the entry stays untranslated."""

    broken = False


@dataclass(frozen=True)
class LlmOptions:
    """What the ``llm`` engine is told: endpoint, model, sampling, batching, house style."""

    url: str = "http://localhost:11434/v1"
    model: str = ""
    temperature: float = 0.0
    budget: int = 1500
    """Estimated tokens of the segments sent in one request."""
    address: str = "formal"
    style: tuple[tuple[str, str], ...] = ()
    """(language key, instructions) pairs from the ``llm_style`` setting."""
    timeout: float = 120.0
    """Deadline of one request: an LLM answering many segments takes longer than a
    translation service answering one."""


@dataclass(frozen=True)
class EngineOptions:
    """What the user can tell engines: where LibreTranslate is, how long a call may take."""

    libre_url: str = "http://127.0.0.1:5000/"
    timeout: float = 20.0
    llm: LlmOptions = LlmOptions()


def engine_options(
    settings: Settings,
    *,
    timeout: float | None = None,
    libre_url: str | None = None,
    llm_url: str | None = None,
    llm_model: str | None = None,
) -> EngineOptions:
    """The engines' options from the settings; the arguments (flags) override them."""
    llm = LlmOptions(
        url=llm_url or settings.llm_url,
        model=llm_model or settings.llm_model,
        temperature=settings.llm_temperature,
        budget=settings.llm_budget,
        address=settings.llm_address,
        style=tuple(settings.llm_style.items()),
        timeout=timeout if timeout is not None else settings.llm_timeout,
    )
    return EngineOptions(
        libre_url or settings.libre_url,
        timeout if timeout is not None else settings.translate_timeout,
        llm,
    )


class Engine(ABC):
    """One machine translation service or program."""

    name: ClassVar[str]
    max_chars: ClassVar[int] = 4500
    """Longest text sent in one call; longer segments are split at sentence ends."""
    workers: ClassVar[int] = 4
    """Default number of concurrent calls."""
    online: ClassVar[bool] = True
    instant: ClassVar[bool] = False
    """Local, deterministic and about as fast as a cache lookup (``pseudo``): called in the
    calling thread, one text after another, and its answers are not cached."""
    per_article: ClassVar[bool] = False
    """Translates requests holding several segments of one article (``pipeline.mt.llm``)."""

    def __init__(self, options: EngineOptions) -> None:
        self.options = options

    def code(self, lang: Language) -> str | None:
        """This engine's code for ``lang``, ``None`` if it cannot translate it."""
        return lang.engine_code(self.name)

    def lacks(self, source: Language, targets: list[Language]) -> list[Language]:
        """The target languages this engine cannot translate ``source`` into."""
        if self.code(source) is None:
            return list(targets)
        return [lang for lang in targets if self.code(lang) is None]

    def setup(self) -> None:  # noqa: B027  (most engines need nothing)
        """Check that the engine can run at all (keys, binaries); raise ``UsageError`` if not."""

    @abstractmethod
    def translate(self, text: str, source: Language, target: Language) -> str:
        """Translate ``text``; raise an ``EngineError`` on failure."""

    def describe(self) -> str:
        return self.name

    def label(self) -> str:
        """What the ``# mt:`` line of its translations names."""
        return self.name

    def deadline(self) -> float:
        """Seconds one call may take."""
        return self.options.timeout


EngineFactory = Callable[[EngineOptions], Engine]
_REGISTRY: dict[str, EngineFactory] = {}


def register(name: str) -> Callable[[type[Engine]], type[Engine]]:
    """Class decorator: make an engine available under ``name``."""

    def decorate(cls: type[Engine]) -> type[Engine]:
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return decorate


BUILTIN: dict[str, str] = {
    "apertium": "offline",
    "deepl": "online",
    "google": "online",
    "libre": "online",
    "llm": "llm",
    "microsoft": "online",
    "mymemory": "online",
    "pseudo": "offline",
}
"""The built-in engines and the module of ``pipeline.mt.engines`` that registers each: only
the module of the engine a run uses is imported (the online ones import deep-translator,
requests and BeautifulSoup, a third of a second of every start-up)."""


def engine_names() -> list[str]:
    """Every engine's name, built-in or registered, without importing any engine module."""
    return sorted({*BUILTIN, *_REGISTRY})


def get_engine(name: str, options: EngineOptions) -> Engine:
    """The engine called ``name``; ``UsageError`` listing the known ones if there is none."""
    key = name.strip().lower()
    if key not in _REGISTRY and key in BUILTIN:
        importlib.import_module(f"{__name__}.{BUILTIN[key]}")  # registers on import
    factory = _REGISTRY.get(key)
    if factory is None:
        known = ", ".join([*engine_names(), NO_ENGINE])
        raise UsageError(f"unknown engine {name!r}; known engines: {known}")
    return factory(options)
