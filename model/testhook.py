"""Fault-injection hook for the tests: pause a run at a named phase so it can be killed there.

Off unless the environment variable ``HARZ_TEST_PAUSE_AT`` names a phase; never set it in
normal use. Phases:

``solve``
    inside the HiGHS solve, in the solver thread (the first simplex, IPM or MIP interrupt
    callback), so a signal hits a running solver; HiGHS's own time limit keeps counting.
``incumbent``
    like ``solve``, but at the first improving MIP solution (so a time limit then stops
    with an incumbent, i.e. a gap-limited result).
``write``
    while the results are being written: after the CSV files, before ``results.nc`` and
    ``manifest.json``, inside the temporary ``.<run-id>.tmp/`` folder.

``HARZ_TEST_PAUSE_S`` (default 60) is the pause length; ``HARZ_TEST_PAUSE_READY`` names a
file that is created when the pause starts, so a test knows when to send its signal.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

ENV_PHASE = "HARZ_TEST_PAUSE_AT"
ENV_SECONDS = "HARZ_TEST_PAUSE_S"
ENV_READY = "HARZ_TEST_PAUSE_READY"
PHASES = ("solve", "incumbent", "write")


def requested(phase: str) -> bool:
    """Whether the environment asks for a pause at ``phase``."""
    return os.environ.get(ENV_PHASE, "") == phase


def pause(phase: str, stop: Callable[[], bool] | None = None) -> None:
    """Pause at ``phase`` if requested: signal readiness, then sleep until done or stopped.

    Parameters
    ----------
    phase : str
        One of :data:`PHASES`.
    stop : callable, optional
        Polled every 20 ms; the pause ends early when it returns True (e.g. the solve was
        cancelled by Ctrl-C).
    """
    if not requested(phase):
        return
    seconds = float(os.environ.get(ENV_SECONDS, "60"))
    log.warning("test hook: pausing %.1f s at phase '%s' (%s is set)", seconds, phase,
                ENV_PHASE)
    ready = os.environ.get(ENV_READY)
    if ready:
        Path(ready).write_text(f"{phase} {os.getpid()}\n", encoding="utf-8")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if stop is not None and stop():
            return
        time.sleep(0.02)


def solver_callback(phase: str, stop: Callable[[], bool]) -> Callable[[object], None] | None:
    """A HiGHS callback that pauses once at ``phase`` ('solve' or 'incumbent'), or None.

    Subscribe it to the interrupt callbacks (``solve``) or to the improving-solution callback
    (``incumbent``). After the pause it interrupts HiGHS if ``stop()`` is true.
    """
    if not requested(phase):
        return None
    done: list[bool] = []

    def callback(event) -> None:
        if not done:
            done.append(True)
            pause(phase, stop)
        if stop():
            event.interrupt()

    return callback
