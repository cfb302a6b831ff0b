"""A time budget for one piece of work, so that one pathological text cannot stall a run.

The budget is a timer signal, so it holds only in a process's main thread (where the local and
process runners and Ray's actors do their work) and is checked between Python steps: a single
long call into compiled code finishes first. Elsewhere the work runs without a budget.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from storyline.errors import OverBudget

__all__ = ["time_budget"]


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise OverBudget inside the block once `seconds` have passed (None: no budget).

    >>> with time_budget(5):
    ...     sum(range(10))
    45
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def over(_signal: int, _frame: FrameType | None) -> None:
        raise OverBudget(f"took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
