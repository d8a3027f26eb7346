"""The lock for shared laptops: "Lock now" and the automatic lock after minutes without input.

The automatic lock counts the time since the last thing the volunteer did on the page (any
click or answer reaches the kernel as a callback, see :meth:`IdleLock.touch`). The period is
a setting: ``DDKIT_LOCK_MINUTES`` (default 10; decimals allowed, ``0.1`` is six seconds;
``off`` turns the automatic lock off on a laptop that is never shared).

The check runs on the kernel's own event loop (the one Voilà's kernel serves the page from),
so locking happens between two messages from the browser, never in the middle of one.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable

ENV = "DDKIT_LOCK_MINUTES"
DEFAULT_MINUTES = 10.0
MIN_SECONDS = 2.0  # even a test's lock gives a page time to load


def lock_seconds(text: str | None = None) -> float | None:
    """The idle time before the automatic lock, in seconds, or ``None`` for never.

    >>> lock_seconds("10"), lock_seconds("0.1"), lock_seconds("off"), lock_seconds("soon")
    (600.0, 6.0, None, 600.0)
    """
    text = os.environ.get(ENV, "") if text is None else text
    text = text.strip().lower()
    if text in ("off", "never", "no"):
        return None
    try:
        minutes = float(text) if text else DEFAULT_MINUTES
    except ValueError:
        minutes = DEFAULT_MINUTES  # a typo never turns the lock off
    if not minutes > 0 or minutes != minutes or minutes > 24 * 60:
        minutes = DEFAULT_MINUTES
    return max(MIN_SECONDS, minutes * 60)


class IdleLock:
    """Calls ``on_idle`` once no input came for ``seconds``; ``touch`` on every input.

    Args:
        seconds: the idle time, or ``None`` never to lock by itself.
        on_idle: what to do (lock the app).
        clock: the time source (tests pass their own).
    """

    def __init__(self, seconds: float | None, on_idle: Callable[[], None],
                 clock: Callable[[], float] = time.monotonic):  # fmt: skip
        self.seconds, self.on_idle, self.clock = seconds, on_idle, clock
        self.last = clock()
        self._handle = None
        self.running = False

    def touch(self) -> None:
        """Something was done on the page: start counting again."""
        self.last = self.clock()

    def idle_for(self) -> float:
        return self.clock() - self.last

    def check(self) -> bool:
        """Lock if the page was idle long enough; returns whether it locked."""
        if not self.running or self.seconds is None or self.idle_for() < self.seconds:
            return False
        self.stop()
        self.on_idle()
        return True

    def start(self) -> None:
        """Start counting; in a kernel, check again and again on its event loop."""
        self.running = True
        self.touch()
        self._schedule()

    def _schedule(self) -> None:
        if not self.running or self.seconds is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no kernel loop (plain Python, tests): whoever runs us calls check()
        self._handle = loop.call_later(self._tick(), self._run)

    def _tick(self) -> float:
        """Check often enough to lock within a few seconds of the moment, never busily."""
        remaining = self.seconds - self.idle_for()
        return max(0.5, min(remaining + 0.05, 15.0))

    def _run(self) -> None:
        self._handle = None
        try:
            locked = self.check()
        except Exception as exc:  # noqa: BLE001 - a failed lock is logged; counting goes on
            from ddkit.ui.errors import log_failure, new_error_id

            log_failure(exc, new_error_id(), None, "idle_lock")
            locked = False
        if not locked:
            self._schedule()

    def stop(self) -> None:
        """Stop counting (locked, or the page is gone)."""
        self.running = False
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
