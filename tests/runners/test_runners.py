"""Every runner gives the same results in the same order, and the whole pipeline tells the same
stories and timelines whichever runs it."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.runners import BatchWork, open_runner
from tests.conftest import EXAMPLES

needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="Ray is not installed (pip install -e '.[ray]')"
)
RUNNERS = ["local", "processes", pytest.param("ray", marks=needs_ray)]


class _Squares(BatchWork[int]):
    """A toy stage: its state is set up once per worker, a batch's results keep its order."""

    def setup(self) -> int:
        return 1000

    def run(self, state: int, items: list[Any]) -> list[Any]:
        return [state + item * item for item in items]


@pytest.mark.parametrize("name", RUNNERS)
def test_results_come_back_in_the_batches_order(name: str) -> None:
    if name == "ray":
        import ray.cloudpickle

        # Ray's workers cannot import this test module: its toy stage travels by value.
        ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    batches = [list(range(start, start + 7)) for start in range(0, 70, 7)]
    with open_runner(name, workers=2) as runner:
        results = list(runner.map_batches(_Squares(), iter(batches)))
    assert results == [[1000 + n * n for n in batch] for batch in batches]


@needs_ray
def test_the_ray_runner_takes_the_batches_a_window_at_a_time() -> None:
    import ray.cloudpickle

    from storyline.runners.ray import RayRunner

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    taken: list[int] = []

    def batches() -> Iterator[list[int]]:
        for number in range(10):
            taken.append(number)
            yield [number, number + 1]

    with RayRunner(workers=2, window=3) as runner:
        results = runner.map_batches(_Squares(), batches())
        assert next(results) == [1000, 1001]
        assert len(taken) == 3  # the first window only
        assert list(results) == [[1000 + n * n, 1000 + (n + 1) ** 2] for n in range(1, 10)]


def test_the_processes_runner_takes_batches_only_a_few_ahead() -> None:
    taken: list[int] = []

    def batches() -> Iterator[list[int]]:
        for number in range(40):
            taken.append(number)
            yield [number]

    with open_runner("processes", workers=2) as runner:
        results = runner.map_batches(_Squares(), batches())
        next(results)
        assert len(taken) <= 2 * 2 + 1  # two in flight per worker, and the one being handed over
        assert len(list(results)) == 39


def test_an_unknown_runner_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown runner 'threads'"):
        open_runner("threads")


def _pipeline(
    cli: Callable[..., Any], url: str, runner: str, folder: Path = EXAMPLES / "articles"
) -> dict[str, Any]:
    result = cli("--db", url, "--runner", runner, "ingest", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    stories = json.loads(cli("--db", url, "stories", "--format", "json").output)
    timelines = [
        json.loads(cli("--db", url, "timeline", s["id"], "--format", "json").output) for s in stories
    ]
    return {"stories": stories, "timelines": timelines}


@pytest.mark.parametrize("runner", ["processes", pytest.param("ray", marks=needs_ray)])
def test_every_runner_tells_the_same_stories_and_timelines(cli, tmp_path: Path, runner: str) -> None:
    local = _pipeline(cli, f"sqlite:///{tmp_path / 'local.db'}", "local")
    other = _pipeline(cli, f"sqlite:///{tmp_path / f'{runner}.db'}", runner)
    assert local["stories"] and local["timelines"]
    assert other == local


def test_every_runner_tells_the_same_stories_and_timelines_of_a_t17_topic(
    cli, tmp_path: Path, t17_dir: Path
) -> None:
    # The smallest topic (76 reports of one outlet): real news, several stories, copies and
    # relative dates, in a few groups of inputs.
    folder = t17_dir / "H1N1_guardian" / "InputDocs"
    runners = ["local", "processes"] + (["ray"] if importlib.util.find_spec("ray") else [])
    told = {name: _pipeline(cli, f"sqlite:///{tmp_path / f'{name}.db'}", name, folder) for name in runners}
    assert len(told["local"]["stories"]) > 1 and all(t["entries"] for t in told["local"]["timelines"][:1])
    for name in runners[1:]:
        assert told[name] == told["local"], f"the {name} runner told another story"


def test_the_ingest_command_opens_one_runner_for_ingest_and_annotate(
    cli, tmp_path: Path, monkeypatch
) -> None:
    # A Ray instance takes seconds to start: the command starts one, not one per stage.
    import storyline.runners

    opened: list[str] = []

    def counting_open_runner(name: str, **options: Any) -> Any:
        opened.append(name)
        return open_runner(name, **options)

    monkeypatch.setattr(storyline.runners, "open_runner", counting_open_runner)
    result = cli(
        "--db",
        f"sqlite:///{tmp_path / 'news.db'}",
        "--runner",
        "processes",
        "ingest",
        str(EXAMPLES / "articles"),
    )
    assert result.exit_code == 0, result.output
    assert opened == ["processes"]
