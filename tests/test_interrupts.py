"""Ctrl-C held back for the steps that must not be cut in two (runtime.interrupts)."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from pipeline.runtime.interrupts import held


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_inside_waits_for_the_end_of_the_block(signum: int) -> None:
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    steps = []
    with pytest.raises(KeyboardInterrupt), held():
        steps.append("first")
        os.kill(os.getpid(), signum)
        steps.append("second")  # reached: the signal was only noted
    assert steps == ["first", "second"]
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_no_signal_no_interrupt_and_nothing_outside_the_main_thread() -> None:
    with held():
        pass
    found: list[BaseException] = []

    def other() -> None:
        try:
            with held():
                pass
        except BaseException as exc:  # noqa: BLE001  (anything here is the failure)
            found.append(exc)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert found == []
