"""Online engines through deep-translator: google, mymemory, libre, deepl, microsoft.

Rules:

- deep-translator calls ``requests`` with no timeout and loses the HTTP
  status in its exceptions. A small hook on ``requests.Session.request``
  (active only in threads that ask for it, see ``http_call``) gives every
  request the call's timeout and records the last status code, so failures
  are classified by status, not by parsing messages.
- Keys come from the environment only (``DEEPL_API_KEY``,
  ``MICROSOFT_API_KEY`` and ``MICROSOFT_REGION``, ``LIBRE_API_KEY``), are
  passed to deep-translator and never appear in any message: every message
  here is built from a status code or an exception's class name.
- A deep-translator object is built lazily, inside the call (Microsoft's
  constructor itself goes to the network), once per language pair.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from deep_translator import (
    DeeplTranslator,
    GoogleTranslator,
    LibreTranslator,
    MicrosoftTranslator,
    MyMemoryTranslator,
)
from deep_translator import exceptions as dt

from pipeline.errors import UsageError
from pipeline.mt.engines import (
    BadResponse,
    CallTimeout,
    EmptyResult,
    Engine,
    EngineError,
    RateLimited,
    Rejected,
    Unavailable,
    register,
)
from pipeline.project.languages import Language

_local = threading.local()


@dataclass
class _CallState:
    timeout: float
    status: int | None = None


@contextmanager
def http_call(timeout: float) -> Iterator[_CallState]:
    """Within this block, every ``requests`` call of this thread gets ``timeout`` and is watched."""
    _install_hook()
    state = _CallState(timeout)
    _local.state = state
    try:
        yield state
    finally:
        _local.state = None


_hook_lock = threading.Lock()
_hooked = False


def _install_hook() -> None:
    global _hooked
    with _hook_lock:
        if _hooked:
            return
        original = requests.sessions.Session.request

        def request(self: requests.Session, method: str, url: str, **kwargs: Any) -> Any:
            state: _CallState | None = getattr(_local, "state", None)
            if state is None:
                return original(self, method, url, **kwargs)
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = state.timeout
            response = original(self, method, url, **kwargs)
            state.status = response.status_code
            return response

        requests.sessions.Session.request = request  # type: ignore[method-assign,assignment]
        _hooked = True


def classify(
    exc: BaseException, status: int | None, key_variable: str = "", timeout: float | None = None
) -> EngineError:
    """Our error for what deep-translator or requests raised, judged by the HTTP status first."""
    if isinstance(exc, EngineError):
        return exc
    if isinstance(exc, requests.Timeout):
        within = f"within {timeout:g} s" if timeout else "before the deadline"
        return CallTimeout(f"no answer {within}")
    if isinstance(exc, requests.ConnectionError):
        return Unavailable("cannot connect to the server")
    if status == 429 or isinstance(exc, dt.TooManyRequests):
        return RateLimited("HTTP 429: too many requests")
    if status is not None and status >= 500:
        return Unavailable(f"HTTP {status}: server error")
    if status in (401, 403, 456) or isinstance(exc, dt.AuthorizationException):
        hint = f" (check {key_variable})" if key_variable else ""
        return Rejected(f"HTTP {status}: the service refused the request{hint}")
    if status is not None and 400 <= status < 500:
        return Rejected(f"HTTP {status}: request refused")
    if isinstance(exc, dt.TranslationNotFound):
        return EmptyResult("the engine returned no translation")
    if isinstance(exc, dt.NotValidLength | dt.NotValidPayload):
        return Rejected("the engine does not accept a text this long")
    if isinstance(exc, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
        return Rejected("the engine does not support this language")
    if isinstance(exc, ValueError | KeyError | TypeError | AttributeError | IndexError):
        return BadResponse("the answer is not a translation (malformed or unexpected JSON)")
    if isinstance(exc, requests.RequestException | dt.RequestError | dt.ServerException):
        return Unavailable(f"request failed ({type(exc).__name__})")
    return BadResponse(f"unexpected failure ({type(exc).__name__})")


def checked_result(result: object) -> str:
    """The translation, or ``EmptyResult``/``BadResponse`` for anything that is not one."""
    if result is None or isinstance(result, str) and not result.strip():
        raise EmptyResult("the engine returned an empty translation")
    if not isinstance(result, str):
        raise BadResponse(f"the engine returned {type(result).__name__}, not text")
    return result


class DeepTranslatorEngine(Engine):
    """An engine backed by one deep-translator class."""

    key_variable: str = ""

    def __init__(self, options: Any) -> None:
        super().__init__(options)
        self._translators: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def key(self) -> str:
        return os.environ.get(self.key_variable, "") if self.key_variable else ""

    def setup(self) -> None:
        if self.key_variable and not self.key():
            raise UsageError(
                f"engine {self.name!r} needs an API key in the environment variable "
                f"{self.key_variable}; set it, or choose another engine with --engine"
            )

    def build(self, source: str, target: str) -> Any:
        raise NotImplementedError

    def translate(self, text: str, source: Language, target: Language) -> str:
        pair = (self.code(source) or "", self.code(target) or "")
        with http_call(self.options.timeout) as state:
            try:
                translator = self._translator(pair)
                result = translator.translate(text)
            except Exception as exc:
                raise classify(exc, state.status, self.key_variable, state.timeout) from None
        return checked_result(result)

    def _translator(self, pair: tuple[str, str]) -> Any:
        with self._lock:
            found = self._translators.get(pair)
        if found is None:
            found = self.build(*pair)
            with self._lock:
                self._translators[pair] = found
        return found


@register("google")
class GoogleEngine(DeepTranslatorEngine):
    max_chars = 4500

    def build(self, source: str, target: str) -> Any:
        return GoogleTranslator(source=source, target=target)


@register("mymemory")
class MyMemoryEngine(DeepTranslatorEngine):
    max_chars = 450
    workers = 2

    def build(self, source: str, target: str) -> Any:
        return MyMemoryTranslator(source=source, target=target)


@register("libre")
class LibreEngine(DeepTranslatorEngine):
    """LibreTranslate at ``libre_url``; ``LIBRE_API_KEY`` only if the server wants one."""

    def build(self, source: str, target: str) -> Any:
        key = os.environ.get("LIBRE_API_KEY", "")
        translator = LibreTranslator(
            source=source, target=target, api_key=key or "unused", custom_url=self.url
        )
        if not key:
            translator.api_key = ""  # deep-translator then sends no api_key at all
        return translator

    @property
    def url(self) -> str:
        url = self.options.libre_url.strip()
        return url if url.endswith("/") else url + "/"

    def setup(self) -> None:
        problem = _url_problem(self.url)
        if problem:
            raise UsageError(f"--libre-url (libre_url) must be an http(s) URL with a host, "
                             f"not {public_url(self.url)!r}: {problem}")

    def describe(self) -> str:
        return f"libre at {public_url(self.url)}"


@register("deepl")
class DeeplEngine(DeepTranslatorEngine):
    key_variable = "DEEPL_API_KEY"

    def build(self, source: str, target: str) -> Any:
        key = self.key()
        return DeeplTranslator(
            api_key=key, source=source, target=target, use_free_api=key.endswith(":fx")
        )


@register("microsoft")
class MicrosoftEngine(DeepTranslatorEngine):
    key_variable = "MICROSOFT_API_KEY"

    def build(self, source: str, target: str) -> Any:
        region = os.environ.get("MICROSOFT_REGION") or None
        return MicrosoftTranslator(api_key=self.key(), region=region, source=source, target=target)


def _url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as a server address, or ``None``."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("http", "https"):
        return "the scheme is not http or https"
    if not parts.hostname:
        return "there is no host"
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        return "it holds blanks or control characters"
    return None


def public_url(url: str) -> str:
    """``url`` without user name, password, query or fragment, which may hold credentials.

    Taken apart by hand, not by ``urlsplit``: it must work on a URL too
    broken to parse (``http://[x``, a port out of range), which is when it
    is shown in an error.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    rest = re.split(r"[?#]", rest, maxsplit=1)[0]
    authority, slash, path = rest.partition("/")
    return f"{scheme}{sep}{authority.rpartition('@')[2]}{slash}{path}"
