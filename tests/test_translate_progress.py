"""Progress goes to a terminal only; deadlines and the breaker work without any server."""

from __future__ import annotations

import io
import threading
import time

import pytest

from pipeline.mt.dispatch import Breaker, RetryPolicy, Stopped, call_with_deadline
from pipeline.mt.engines import CallTimeout, RateLimited
from pipeline.runtime.progress import Progress


def test_progress_is_silent_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress({"fr": 2, "ar": 2}, stream=stream)
    progress.advance("fr")
    progress.close()
    assert stream.getvalue() == ""


def test_progress_shows_languages_total_and_eta_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress({"fr": 4, "ar": 4}, stream=stream, enabled=True)
    progress.started -= 10
    progress.advance("fr", 2)
    assert progress.line(progress.started + 10) == (
        "translate: fr 2/4 ar 0/4 | total 2/8 | ETA 0:30"
    )
    assert stream.getvalue().startswith("\rtranslate: fr 2/4 ar 0/4 | total 2/8 | ETA")
    progress.close()
    assert stream.getvalue().endswith("\r")


def test_a_call_that_never_returns_costs_one_deadline() -> None:
    started = time.monotonic()
    with pytest.raises(CallTimeout, match="no answer within 0.2 s"):
        call_with_deadline(lambda: time.sleep(30) or "", 0.2, threading.Event())
    assert time.monotonic() - started < 5  # the deadline, not the call's 30 s (load margin)


def test_stop_abandons_a_call_at_once() -> None:
    stop = threading.Event()
    threading.Timer(0.1, stop.set).start()
    started = time.monotonic()
    with pytest.raises(Stopped):
        call_with_deadline(lambda: time.sleep(30) or "", 20, stop)
    assert time.monotonic() - started < 5  # at once, not the 20 s deadline (load margin)


def test_breaker_opens_once_after_consecutive_failures_and_empty_answers_do_not_count() -> None:
    breaker = Breaker(threshold=3)
    assert [breaker.failure(RateLimited("429")) for _ in range(2)] == [False, False]
    breaker.success()
    assert [breaker.failure(CallTimeout("slow")) for _ in range(4)] == [False, False, True, False]
    assert breaker.is_open and "3 calls in a row failed, the last with: slow" in breaker.reason
    calm = Breaker(threshold=1)
    assert not calm.failure(Stopped("interrupted")) and not calm.is_open


def test_backoff_grows_exponentially_with_jitter_within_the_cap() -> None:
    policy = RetryPolicy(attempts=5, base=1.0, cap=4.0)
    for attempt, full in [(0, 1.0), (1, 2.0), (2, 4.0), (5, 4.0)]:
        delays = {policy.delay(attempt) for _ in range(50)}
        assert all(full / 2 <= d <= full for d in delays) and len(delays) > 1
