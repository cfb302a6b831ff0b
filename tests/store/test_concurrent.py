"""Several writers at once, as workers of a distributed run are: every article stored exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.store import Store, open_store

ARTICLES = 60


def _write_articles(folder: Path) -> None:
    folder.mkdir()
    for number in range(ARTICLES):
        (folder / f"report-{number:03d}.txt").write_text(
            f"Ferry line {number} resumes service\n\n"
            f"The ferry line number {number} resumed its crossings on Monday after {number + 2} days "
            f"of storms, the harbour office said. Passengers were told to expect delays of {number % 7} hours.\n",
            encoding="utf-8",
        )


def _ingest_at_once(url: str, folder: Path, writers: int) -> list[dict[str, object]]:
    command = [
        sys.executable,
        "-m",
        "storyline",
        "--db",
        url,
        "ingest",
        str(folder),
        "--no-annotate",
        "--format",
        "json",
    ]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(writers)
    ]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
        reports.append(json.loads(out))
    return reports


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_writers_at_once_store_each_article_once(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'store.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    open_store(url).close()  # the schema first: concurrent first runs would race to create it
    _write_articles(tmp_path / "news")
    reports = _ingest_at_once(url, tmp_path / "news", writers=3)

    store = open_store(url)
    assert store.count_articles() == ARTICLES
    assert sum(int(r["new"]) for r in reports) == ARTICLES  # no article claimed by two writers
    ids = [a.id for a in store.iter_articles()]
    assert len(set(ids)) == ARTICLES
    store.close()


def test_an_article_stored_by_another_writer_after_our_look_up_is_a_duplicate(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window between a writer's look-up of known ids and its insert, made certain: the
    # look-up sees nothing, as when another worker commits the same article in between.
    import storyline.store as store_module
    from storyline.models import Article

    def article(key: str) -> tuple[Article, bytes]:
        return Article(id=key, source=f"{key}.txt", format="text", text=f"Report {key}."), key.encode()

    run = store.start_run("test")
    store.write_batch(run, [article("first")])
    monkeypatch.setattr(store_module, "_existing", lambda conn, column, values: set())
    new, duplicates = store.write_batch(run, [article("first"), article("second")])
    assert [a.id for a in new] == ["second"] and duplicates == 1
    assert store.count_articles() == 2
