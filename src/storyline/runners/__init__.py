"""Where a stage's work runs: in this process, on all cores, or on a Ray cluster.

A stage hands a runner a `BatchWork` (how to set up a worker, how to do one batch) and its batches
in order; the runner gives the results back in the same order, with a bounded number of batches in
flight, so memory depends on the batch size, not on how much there is to do. The stage itself reads
from and writes to the store; only the work between runs elsewhere, and every runner gives the
same results.

    runner = open_runner("processes")
    for results in runner.map_batches(work, batches):
        store.write(...)
"""

from __future__ import annotations

from storyline.runners.base import BatchWork, Runner
from storyline.runners.local import LocalRunner, ProcessRunner

__all__ = ["RUNNERS", "BatchWork", "Runner", "open_runner"]

RUNNERS = ("local", "processes", "ray")


def open_runner(name: str = "local", *, workers: int = 0, ray_address: str | None = None) -> Runner:
    """The runner called `name`: local (this process), processes (`workers` processes, 0 = one per
    core) or ray (the `ray` extra; a local Ray instance, or the cluster at `ray_address`)."""
    if name == "local":
        return LocalRunner()
    if name == "processes":
        return ProcessRunner(workers)
    if name == "ray":
        from storyline.runners.ray import RayRunner

        return RayRunner(address=ray_address, workers=workers)
    raise ValueError(f"unknown runner {name!r}: use one of {', '.join(RUNNERS)}")
