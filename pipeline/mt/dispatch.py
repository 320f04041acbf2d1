"""Run engine calls concurrently, each with a deadline, retries and a shared circuit breaker.

Rules:

- A bounded pool of worker threads takes jobs from a queue; outcomes come
  back to the calling thread through another queue, so only that thread
  touches PO files and the cache.
- Every call runs in its own daemon thread and is abandoned when its
  deadline passes: a stalled server costs one deadline per call and can
  never hang the run or its exit (deep-translator has no timeout of its
  own; engines also pass the deadline to the socket where they can).
- ``RateLimited`` and ``Unavailable`` are retried with exponential backoff
  and jitter, at most ``RetryPolicy.attempts`` times; when the server said
  how long to wait (``Retry-After``), at least that long, and not at all
  when it asks for more than ``RetryPolicy.longest`` seconds. Timeouts are not
  retried: a server that did not answer once will most likely not answer
  again, and a retry would multiply the wait.
- The breaker opens after ``threshold`` consecutive failures that blame
  the engine (not an empty answer); from then on queued jobs fail at once
  with the breaker's reason, and the caller prints one message. With
  ``timeout_stops`` (engines whose one call carries a whole batch, with a
  long deadline) the first call that times out opens it: a server that
  never answers then costs one deadline, not one per request.
- ``stop`` (Ctrl-C) makes workers give up at their next check, within a
  tenth of a second, without waiting for calls in flight.
- An ``instant`` engine (``pseudo``: local, deterministic, microseconds a
  call) is called in the calling thread, one job after another, with no
  worker, deadline or retry: handing each answer from a thread to another
  cost more than computing it. Its failures are classified the same way.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.mt.engines import CallTimeout, Engine, EngineError
from pipeline.project.languages import Language

_TICK = 0.1


class Stopped(EngineError):
    """The run was interrupted or the engine was stopped before this call was made."""

    broken = False


@dataclass(frozen=True)
class Job:
    """One text to translate into one language."""

    text: str
    source: Language
    target: Language


@dataclass
class Outcome:
    """What became of one job."""

    job: Job
    result: str | None = None
    error: EngineError | None = None
    attempts: int = 0
    tripped: bool = False
    """This outcome is the one that opened the breaker."""


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter: wait in [d/2, d] with d = base·2ⁿ, at most ``cap``."""

    attempts: int = 4
    base: float = 0.5
    cap: float = 10.0
    longest: float = 60.0
    """The longest ``Retry-After`` waited for; a server asking for more is not retried."""

    def delay(self, attempt: int) -> float:
        full = min(self.cap, self.base * float(2**attempt))
        return full / 2 + random.uniform(0, full / 2)

    def wait(self, attempt: int, error: EngineError) -> float | None:
        """Seconds to wait before the next attempt; ``None``: do not retry."""
        asked = error.retry_after
        if asked is not None and asked > self.longest:
            return None
        return max(self.delay(attempt), asked or 0.0)


@dataclass
class Breaker:
    """Stops an engine after ``threshold`` consecutive failures that are its fault."""

    threshold: int = 5
    timeout_stops: bool = False
    consecutive: int = 0
    reason: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def is_open(self) -> bool:
        return bool(self.reason)

    def success(self) -> None:
        with self._lock:
            self.consecutive = 0

    def failure(self, error: EngineError) -> bool:
        """Record a failure; True exactly once, when this one opens the breaker."""
        if not error.broken:
            return False
        with self._lock:
            self.consecutive += 1
            if self.reason:
                return False
            if self.timeout_stops and isinstance(error, CallTimeout):
                self.reason = f"{error}; no more requests are sent to a server that does not answer"
                return True
            if self.consecutive < self.threshold:
                return False
            self.reason = f"{self.consecutive} calls in a row failed, the last with: {error}"
            return True


def call_with_deadline(func: Callable[[], str], timeout: float, stop: threading.Event) -> str:
    """``func()`` in a daemon thread; ``CallTimeout`` if it has not returned after ``timeout`` s."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:  # handed to the waiting thread, which classifies it
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, name="localize-call", daemon=True).start()
    deadline = time.monotonic() + timeout
    while not done.wait(min(_TICK, max(0.0, deadline - time.monotonic()))):
        if stop.is_set():
            raise Stopped("interrupted")
        if time.monotonic() >= deadline:
            raise CallTimeout(f"no answer within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return str(box["value"])


class Dispatcher:
    """A pool of workers translating ``jobs`` with one engine."""

    def __init__(
        self,
        engine: Engine,
        *,
        workers: int,
        timeout: float,
        retry: RetryPolicy,
        breaker: Breaker,
    ) -> None:
        self.engine = engine
        self.workers = max(1, workers)
        self.timeout = timeout
        self.retry = retry
        self.breaker = breaker
        self.stop = threading.Event()
        self.requests = 0
        self.characters = 0
        self._count_lock = threading.Lock()
        self._jobs: queue.Queue[Job] = queue.Queue()
        self._outcomes: queue.Queue[Outcome] = queue.Queue()
        self._pending = 0

    def run(self, jobs: list[Job]) -> Iterator[Outcome | None]:
        """Start the workers; yield each outcome as it arrives, and ``None`` every tick."""
        if self.engine.instant:
            yield from self._inline(jobs)
            return
        for job in jobs:
            self._jobs.put(job)
        self._pending = len(jobs)
        for number in range(min(self.workers, len(jobs))):
            threading.Thread(
                target=self._work, name=f"localize-worker-{number}", daemon=True
            ).start()
        try:
            while self._pending:
                try:
                    outcome = self._outcomes.get(timeout=_TICK)
                except queue.Empty:
                    yield None
                    continue
                self._pending -= 1
                yield outcome
        finally:
            self.stop.set()

    def _inline(self, jobs: list[Job]) -> Iterator[Outcome]:
        """Each job's outcome, computed here, in the calling thread."""
        for job in jobs:
            if self.stop.is_set():
                return
            self.requests += 1
            self.characters += len(job.text)
            outcome = Outcome(job, attempts=1)
            try:
                outcome.result = self.engine.translate(job.text, job.source, job.target)
            except EngineError as exc:
                outcome.error = exc
            except Exception as exc:  # an engine bug must cost one entry, not the run
                outcome.error = EngineError(f"unexpected failure ({type(exc).__name__})")
            yield outcome

    def _work(self) -> None:
        while not self.stop.is_set():
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            self._outcomes.put(self._attempt(job))

    def _attempt(self, job: Job) -> Outcome:
        outcome = Outcome(job)
        for attempt in range(self.retry.attempts):
            if self.stop.is_set():
                outcome.error = Stopped("interrupted")
                return outcome
            if self.breaker.is_open:
                outcome.error = Stopped(f"engine stopped: {self.breaker.reason}")
                return outcome
            outcome.attempts += 1
            with self._count_lock:
                self.requests += 1
                self.characters += len(job.text)
            try:
                outcome.result = call_with_deadline(
                    lambda: self.engine.translate(job.text, job.source, job.target),
                    self.timeout,
                    self.stop,
                )
            except EngineError as exc:
                outcome.error = exc
            except Exception as exc:  # an engine bug must cost one entry, not the run
                outcome.error = EngineError(f"unexpected failure ({type(exc).__name__})")
            else:
                outcome.error = None
                self.breaker.success()
                return outcome
            if not outcome.error.retry or attempt + 1 == self.retry.attempts:
                break
            wait = self.retry.wait(attempt, outcome.error)
            if wait is None or self.stop.wait(wait):
                break
        assert outcome.error is not None
        outcome.tripped = self.breaker.failure(outcome.error)
        return outcome
