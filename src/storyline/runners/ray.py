"""Batches as Ray Data map batches: on a local Ray instance, or on a cluster (`ray_address`).

The batches' keys (article ids, file names: small) make the pipeline's source; each worker is an
actor that sets the work up once (models loaded once per actor, as a process worker does), opens
its own connection to the store, loads a batch from its keys and runs it. The results stream back
in order (`preserve_order`); Ray's streaming executor keeps a bounded number of blocks in flight.
The keys are taken `window` batches at a time, one Ray Data pipeline each, so that the driver never
holds the keys of a whole store; each window sets its actors up again, which a large window makes
rare.
The store must be one every worker can open: a PostgreSQL URL on a cluster, a file on one machine.
"""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from storyline.errors import StorylineError
from storyline.runners.base import BatchWork, Runner
from storyline.store import Store

__all__ = ["RayRunner"]


class _Worker:
    """A Ray Data actor: the work set up once, then one pickled batch per row."""

    def __init__(self, work: bytes) -> None:
        from storyline.store import open_store

        self.work: BatchWork[Any] = pickle.loads(work)
        self.store = open_store(self.work.store_url) if self.work.store_url else None
        self.state = self.work.setup()

    def __call__(self, rows: dict[str, Any]) -> dict[str, Any]:
        results = [
            pickle.dumps(self.work.run(self.state, self.work.load(self.store, pickle.loads(keys))))
            for keys in rows["batch"]
        ]
        return {"index": rows["index"], "results": results}


class RayRunner(Runner):
    name = "ray"

    def __init__(self, address: str | None = None, workers: int = 0, window: int = 1024) -> None:
        self.window = window
        try:
            import ray
        except ImportError as exc:
            raise StorylineError("the ray runner needs Ray: pip install 'storyline[ray]'") from exc
        self._started_here = not ray.is_initialized()
        if self._started_here:
            options: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "configure_logging": False,
            }
            if address:
                options["address"] = address
            else:
                options["num_cpus"] = workers or os.cpu_count() or 1
            ray.init(**options)
        self.workers = workers or int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]

    def map_batches(
        self, work: BatchWork[Any], batches: Iterable[list[Any]], store: Store | None = None
    ) -> Iterator[list[Any]]:
        import ray.data

        if store is not None and work.store_url is None:
            raise StorylineError("the ray runner's workers need a store URL they can open")
        if work.store_url and work.store_url.rstrip("/") in ("sqlite:", "sqlite://", "sqlite:///:memory:"):
            raise StorylineError(
                "the ray runner's workers open the store themselves: use a file (sqlite:///news.db) "
                "or a PostgreSQL store, not an in-memory one"
            )

        if work.store_url and work.store_url.startswith("sqlite:///"):
            # A relative file is relative to this process's folder, which a worker need not share.
            path = Path(work.store_url.removeprefix("sqlite:///")).resolve()
            work.store_url = f"sqlite:///{path}"
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        # cloudpickle, as Ray's own: a work class the workers cannot import travels by value.
        packed = ray.cloudpickle.dumps(work)  # type: ignore[no-untyped-call]
        pending = iter(batches)
        while window := list(itertools.islice(pending, self.window)):
            source = ray.data.from_items(
                [{"index": index, "batch": pickle.dumps(batch)} for index, batch in enumerate(window)],
                override_num_blocks=len(window),
            )
            results = source.map_batches(
                _Worker,
                fn_constructor_kwargs={"work": packed},
                batch_size=1,
                # No more actors than batches: an idle actor would only cost its setup.
                compute=ray.data.ActorPoolStrategy(size=min(self.workers, len(window))),
                num_cpus=1,
            )
            expected = 0
            for row in results.iter_rows():
                if row["index"] != expected:  # preserve_order promises this; say so if it ever breaks
                    raise StorylineError(f"ray returned batch {row['index']} where {expected} was due")
                expected += 1
                yield pickle.loads(row["results"])

    def close(self) -> None:
        import ray

        if self._started_here and ray.is_initialized():
            ray.shutdown()
