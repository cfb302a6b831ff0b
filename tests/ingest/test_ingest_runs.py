"""A run of ingest as a whole: inputs grouped and handed to a runner, known bytes never read
again, the same bytes twice in one run counted once, and the same articles whichever runner."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storyline.ingest import IngestOptions, ingest
from storyline.runners import open_runner
from storyline.store import Store, open_store
from tests.conftest import EXAMPLES

ARTICLE = """<html><head><title>{title}</title></head><body><article>
<h1>{title}</h1><p>Published 3 March 2024.</p>
<p>{body} The council met on Monday and voted to keep the ferry running through the winter months.</p>
</article></body></html>"""


def _page(number: int) -> str:
    return ARTICLE.format(title=f"Ferry vote {number}", body=f"Report number {number} from the harbour.")


def test_the_same_bytes_twice_in_one_run_are_stored_once(
    store: Store, write: Callable[[str, str | bytes], Path]
) -> None:
    first = write("a/one.html", _page(1))
    write("b/copy.html", _page(1))  # the same bytes under another name, in another group
    write("b/two.html", _page(2))
    # One input per group: the copy's worker cannot know the first was just read.
    report = ingest([str(first.parent.parent)], store, IngestOptions(batch_size=1))
    assert (report.read, report.new, report.duplicates) == (3, 2, 1)
    assert store.count_articles() == 2


def test_inputs_known_from_an_earlier_run_are_not_read_again(
    store: Store, write: Callable[[str, str | bytes], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write("news/one.html", _page(1)).parent
    write("news/two.html", _page(2))
    assert ingest([str(folder)], store).new == 2

    def refuse(*args: Any) -> None:
        raise AssertionError("a known input was read again")

    # The module, not the function of the same name that `storyline` exports.
    monkeypatch.setattr(importlib.import_module("storyline.ingest"), "read_blob", refuse)
    again = ingest([str(folder)], store)
    assert (again.read, again.new, again.duplicates) == (2, 0, 2)


needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="Ray is not installed (pip install -e '.[ray]')"
)


def _stored(tmp_path: Path, runner_name: str) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    store = open_store(f"sqlite:///{tmp_path / f'{runner_name}.db'}")
    with open_runner(runner_name, workers=2) as runner:
        # Groups of three inputs: the examples make several, spread over the workers.
        report = ingest([str(EXAMPLES)], store, IngestOptions(batch_size=3), runner=runner)
    articles = [(a.id, a.source, a.title, a.outlet, a.published, a.text) for a in store.iter_articles()]
    summary = report.to_dict()
    summary.pop("seconds")
    summary.pop("run_id")
    return summary, sorted(articles, key=lambda row: row[0])


@pytest.mark.parametrize("runner_name", ["processes", pytest.param("ray", marks=needs_ray)])
def test_every_runner_stores_the_same_articles(tmp_path: Path, runner_name: str) -> None:
    local = _stored(tmp_path, "local")
    assert local[0]["new"] >= 10 and local[1]
    assert _stored(tmp_path, runner_name) == local
