"""The ``llm`` engine: any OpenAI-compatible chat-completions endpoint, through the ``openai`` SDK.

Rules:

- OpenAI, Azure OpenAI (its v1 endpoint), and the servers people run on
  their own machine (Ollama, llama.cpp's server, vLLM, LM Studio) speak the
  same protocol; ``llm_url`` says where, ``llm_model`` which model. The
  ``openai`` package is an optional extra (``article-localize[llm]``);
  without it ``setup`` says how to install it.
- The key comes from the environment only: ``LLM_API_KEY``, else
  ``OPENAI_API_KEY``. A local server needs none (the SDK is given a
  stand-in); OpenAI's and Azure's hosts without a key are a usage error
  before any call. No message is built from an exception's text or a
  server's answer, only from status codes and class names, so the key can
  appear in none; the SDK's own retries are off (``mt.dispatch`` retries,
  honouring ``Retry-After``).
- ``translate`` gets a whole request (``mt.llm``: the JSON user message of
  several segments of one article), sends it with the system prompt of the
  target language, and returns the translations as canonical JSON, or
  raises ``BadResponse`` when the answer holds none. The answer is asked for
  with a JSON schema; a server that refuses ``response_format`` (HTTP 400)
  is asked again without it, and never again with it in this run.
- Tokens the server reports (``usage``) are counted for the summary.
"""

from __future__ import annotations

import email.utils
import os
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from pipeline.errors import UsageError
from pipeline.mt.engines import (
    BadResponse,
    CallTimeout,
    Engine,
    EngineError,
    EngineOptions,
    RateLimited,
    Rejected,
    Unavailable,
    register,
)
from pipeline.mt.engines.online import public_url
from pipeline.mt.llm.answer import canonical, translations_in
from pipeline.mt.llm.prompt import RESPONSE_FORMAT, system_prompt
from pipeline.project.languages import Language, get_language

KEY_VARIABLES = ("LLM_API_KEY", "OPENAI_API_KEY")
NEEDS_KEY = ("openai.com", "openai.azure.com", "cognitiveservices.azure.com")
"""Hosts that never answer without a key."""
ADDRESSES = ("formal", "informal")
_NO_KEY = "no-key-needed"


def api_key() -> str:
    """The key from the environment, or ``""``."""
    return next((os.environ[v] for v in KEY_VARIABLES if os.environ.get(v)), "")


@register("llm")
class LlmEngine(Engine):
    """A chat model behind an OpenAI-compatible endpoint; one request per batch of segments."""

    max_chars = 0
    workers = 2
    per_article = True

    def __init__(self, options: EngineOptions) -> None:
        super().__init__(options)
        self.llm = options.llm
        self._client: Any = None
        self._lock = threading.Lock()
        self._schema = True
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.styles = self._styles()

    def code(self, lang: Language) -> str | None:
        return lang.bcp47

    def describe(self) -> str:
        return f"llm {self.llm.model} at {public_url(self.llm.url)}"

    def label(self) -> str:
        return f"llm {self.llm.model}"

    def deadline(self) -> float:
        return self.llm.timeout

    def setup(self) -> None:
        try:
            import openai  # noqa: F401
        except ImportError:
            raise UsageError(
                "engine 'llm' needs the openai package: pip install 'article-localize[llm]'"
            ) from None
        self.check_settings()
        host = (urlsplit(self.llm.url).hostname or "").lower()
        if not api_key() and any(host == h or host.endswith("." + h) for h in NEEDS_KEY):
            raise UsageError(
                f"engine 'llm' at {public_url(self.llm.url)} needs an API key in the "
                "environment variable LLM_API_KEY (or OPENAI_API_KEY)"
            )

    def check_settings(self) -> None:
        """What a dry run needs too: a model, an http(s) URL, a known address."""
        if not self.llm.model.strip():
            raise UsageError(
                "engine 'llm' needs a model: --llm-model NAME, or llm_model in [tool.localize]"
            )
        parts = urlsplit(self.llm.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"--llm-url must be an http(s) URL, not {public_url(self.llm.url)!r}")
        if self.llm.address not in ADDRESSES:
            raise UsageError(
                f"llm_address must be 'formal' or 'informal', not {self.llm.address!r}"
            )

    def _styles(self) -> dict[str, str]:
        styles: dict[str, str] = {}
        for key, text in self.llm.style:
            if not isinstance(text, str):
                raise UsageError(f"llm_style: the instructions for {key!r} must be a string")
            try:
                styles[get_language(key).code] = text
            except UsageError:
                raise UsageError(f"llm_style: {key!r} is not a language code") from None
        return styles

    def system(self, source: Language, target: Language) -> str:
        return system_prompt(source, target, self.llm.address, self.styles.get(target.code, ""))

    def translate(self, text: str, source: Language, target: Language) -> str:
        messages = [
            {"role": "system", "content": self.system(source, target)},
            {"role": "user", "content": text},
        ]
        response = self._complete(messages)
        choice = response.choices[0] if response.choices else None
        self._count(response)
        if choice is None or not isinstance(choice.message.content, str):
            raise BadResponse("the model returned no text")
        if choice.finish_reason == "length":
            raise BadResponse("the answer was cut off (too long); lower llm_budget")
        return canonical(translations_in(choice.message.content))

    def _complete(self, messages: list[dict[str, str]]) -> Any:
        client = self.client()
        while True:
            extra: dict[str, Any] = {"response_format": RESPONSE_FORMAT} if self._schema else {}
            try:
                return client.chat.completions.create(
                    model=self.llm.model,
                    messages=messages,
                    temperature=self.llm.temperature,
                    timeout=self.llm.timeout,
                    **extra,
                )
            except Exception as exc:
                if self._schema and getattr(exc, "status_code", None) == 400:
                    self._schema = False  # this server does not take a JSON schema
                    continue
                raise classify(exc, self.llm.timeout) from None

    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                from openai import OpenAI

                self._client = OpenAI(
                    base_url=self.llm.url,
                    api_key=api_key() or _NO_KEY,
                    timeout=self.llm.timeout,
                    max_retries=0,
                )
            return self._client

    def _count(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        if usage is None:
            return
        with self._lock:
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)


def classify(exc: BaseException, timeout: float) -> EngineError:
    """Our error for what the ``openai`` SDK raised, by class and HTTP status only."""
    import openai

    if isinstance(exc, EngineError):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        return CallTimeout(f"no answer within {timeout:g} s")
    if isinstance(exc, openai.APIConnectionError):
        return Unavailable("cannot connect to the server")
    status = getattr(exc, "status_code", None)
    if status == 429:
        response = getattr(exc, "response", None)
        wait = retry_after(response.headers if response is not None else {})
        asked = f"; the server asks to wait {wait:g} s" if wait is not None else ""
        return RateLimited(f"HTTP 429: too many requests{asked}", wait)
    if isinstance(status, int) and status >= 500:
        return Unavailable(f"HTTP {status}: server error")
    if status in (401, 403):
        return Rejected(f"HTTP {status}: the server refused the request "
                        "(check LLM_API_KEY or OPENAI_API_KEY)")
    if status == 404:
        return Rejected("HTTP 404: no such model or endpoint (check llm_model and llm_url)")
    if isinstance(status, int):
        return Rejected(f"HTTP {status}: request refused")
    return BadResponse(f"unexpected failure ({type(exc).__name__})")


def retry_after(headers: Any) -> float | None:
    """Seconds from ``Retry-After-Ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    try:
        millis = headers.get("retry-after-ms")
        if millis is not None:
            return max(0.0, float(millis) / 1000)
        value = headers.get("retry-after")
    except (AttributeError, ValueError):
        return None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
