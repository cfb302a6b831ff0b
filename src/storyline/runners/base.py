"""What a runner is given and what it promises."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from storyline.store import Store

_State = TypeVar("_State")

__all__ = ["BatchWork", "Runner"]


class BatchWork(ABC, Generic[_State]):
    """One stage's work on a batch. Instances are pickled to the workers: they hold options, not
    loaded models; `setup` loads what a worker needs, once per worker.

    A batch is given as keys (file names, article ids); `load` turns them into what `run` works
    on. Runners on this machine load in the calling process, from its store; Ray's workers load
    from their own connection to `store_url`, so a batch crosses the cluster as its keys."""

    store_url: str | None = None

    @abstractmethod
    def setup(self) -> _State: ...

    def load(self, store: Store | None, keys: list[Any]) -> list[Any]:
        """What `run` needs for these keys (by default the keys themselves)."""
        return keys

    @abstractmethod
    def run(self, state: _State, items: list[Any]) -> list[Any]:
        """The results of one batch, in the batch's order."""


class Runner(ABC):
    name: str = ""
    workers: int = 1

    @abstractmethod
    def map_batches(
        self, work: BatchWork[Any], batches: Iterable[list[Any]], store: Store | None = None
    ) -> Iterator[list[Any]]:
        """`work` over the batches of keys, the results in the batches' order. Runners on this
        machine take batches from the iterable only a few ahead of the results, so a lazy
        iterable stays lazy."""

    def close(self) -> None:  # noqa: B027 - most runners hold nothing
        """Release the workers."""

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
