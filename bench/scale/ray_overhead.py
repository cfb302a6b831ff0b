"""What the Ray runner costs beyond the work itself, measured on this machine.

    .venv/bin/python bench/scale/ray_overhead.py [--batches 2000] [--runs 3]

Three figures, medians of --runs: starting and stopping a local Ray instance; handing out empty
batches (a stage that does nothing) through the processes runner and through Ray, per batch;
and the set-up of one Ray Data pipeline (the first result of a window of batches). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from storyline.runners import BatchWork, open_runner


class _Nothing(BatchWork[None]):
    """A stage that does no work: what is left is the runner's own cost."""

    def setup(self) -> None:
        return None

    def run(self, state: None, items: list[Any]) -> list[Any]:
        return items


def _timed(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batches", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    batches = [[f"article-{n:07d}"] * 100 for n in range(args.batches)]

    def start_and_stop() -> None:
        with open_runner("ray", workers=2):
            pass

    def through(name: str) -> float:
        with open_runner(name, workers=2) as runner:
            return _timed(lambda: sum(1 for _ in runner.map_batches(_Nothing(), iter(batches))))

    def first_result() -> float:
        with open_runner("ray", workers=2) as runner:
            results = runner.map_batches(_Nothing(), iter(batches[:8]))
            seconds = _timed(lambda: next(results))
            list(results)
            return seconds

    startup = [_timed(start_and_stop) for _ in range(args.runs)]
    processes = [through("processes") for _ in range(args.runs)]
    ray = [through("ray") for _ in range(args.runs)]
    pipeline = [first_result() for _ in range(args.runs)]
    print(
        json.dumps(
            {
                "ray start and stop (s)": round(statistics.median(startup), 2),
                "per batch, processes (ms)": round(1000 * statistics.median(processes) / args.batches, 3),
                "per batch, ray (ms)": round(1000 * statistics.median(ray) / args.batches, 3),
                "ray pipeline set-up, first result of a window (s)": round(statistics.median(pipeline), 2),
                "batches": args.batches,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
