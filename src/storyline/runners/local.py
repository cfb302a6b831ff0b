"""This process, or a pool of worker processes on this machine."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from storyline.runners.base import BatchWork, Runner
from storyline.store import Store

__all__ = ["LocalRunner", "ProcessRunner"]


class LocalRunner(Runner):
    name = "local"

    def map_batches(
        self, work: BatchWork[Any], batches: Iterable[list[Any]], store: Store | None = None
    ) -> Iterator[list[Any]]:
        state = work.setup()
        for keys in batches:
            yield work.run(state, work.load(store, keys))


_worker_work: BatchWork[Any] | None = None
_worker_state: Any = None


def _start_worker(work: BatchWork[Any], state: Any) -> None:
    global _worker_work, _worker_state
    _worker_work = work
    # A forked worker inherits the state this process set up; a spawned one sets up its own.
    _worker_state = state if state is not None else work.setup()


def _run_in_worker(batch: list[Any]) -> list[Any]:
    assert _worker_work is not None  # set by _start_worker
    return _worker_work.run(_worker_state, batch)


class ProcessRunner(Runner):
    """Batches on a pool of processes, two per worker in flight: the pool never waits for the
    caller, and the caller never holds more than that many batches. Each batch is loaded in this
    process and its items sent to a worker."""

    name = "processes"

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers or os.cpu_count() or 1

    def map_batches(
        self, work: BatchWork[Any], batches: Iterable[list[Any]], store: Store | None = None
    ) -> Iterator[list[Any]]:
        if self.workers == 1:
            yield from LocalRunner().map_batches(work, batches, store)
            return
        # Forked workers share the state set up here (models loaded once, pages shared).
        forked = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if forked else "spawn")
        state = work.setup() if forked else None
        pool = context.Pool(self.workers, initializer=_start_worker, initargs=(work, state))
        try:
            in_flight: deque[Any] = deque()
            for keys in batches:
                # Loaded here, from this process's store; the workers only compute.
                in_flight.append(pool.apply_async(_run_in_worker, (work.load(store, keys),)))
                if len(in_flight) >= 2 * self.workers:
                    yield in_flight.popleft().get()
            while in_flight:
                yield in_flight.popleft().get()
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
