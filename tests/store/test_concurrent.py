"""Several writers at once, as workers of a distributed run or two users' ingests are: each
finishes, every article stored exactly once and placed in exactly one story."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from storyline.errors import StoreBusy
from storyline.ingest import IngestOptions, ingest
from storyline.language.annotator import LanguageOptions, annotate_store
from storyline.models import Annotations
from storyline.store import Store, open_store
from storyline.store.locks import held_alone
from storyline.stories.update import update_stories

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


def test_writers_at_once_store_each_article_once(file_store_url: str, tmp_path: Path) -> None:
    url = file_store_url
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


# Three subjects, each in its own words, so that the runs have several stories to tell apart.
SUBJECTS = [
    ("ferry", "Ferry crossings to Marrow Island", "storms kept the boats in harbour", "Captain Ilse Varga"),
    ("bridge", "Kessel bridge", "engineers found cracks in a concrete pillar", "engineer Tomas Brandt"),
    ("strike", "Oldport bakers' strike", "the union rejected the bakeries' wage offer", "baker Mira Sol"),
]


def _write_reports(folder: Path, numbers: range) -> None:
    folder.mkdir()
    for number in numbers:
        key, subject, cause, person = SUBJECTS[number % len(SUBJECTS)]
        (folder / f"{key}-{number:03d}.md").write_text(
            f"---\ntitle: {subject}, update {number}\ndate: 2024-03-{1 + number // 3:02d}\n---\n\n"
            f"{subject}: {cause}, said {person} on Monday. {number + 3} residents wrote to the "
            f"council, and {person} promised answers within {number % 9 + 1} days.\n",
            encoding="utf-8",
        )


def _full_ingests_at_once(url: str, folder: Path) -> list[dict[str, Any]]:
    """Two `storyline ingest` runs of the same folder at once, annotating and clustering too."""
    command = [sys.executable, "-m", "storyline", "--db", url, "ingest", str(folder), "--format", "json"]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=240)
        # Exit 0: each stored what it read, new or as a duplicate of what the other stored.
        assert run.returncode == 0 and "Traceback" not in err, err
        reports.append(json.loads(out))
    return reports


def _assert_each_article_stored_and_placed_once(url: str, articles: int) -> None:
    store = open_store(url)
    ids = [a.id for a in store.iter_articles()]
    assert len(ids) == len(set(ids)) == articles
    assert store.count_annotations() == articles
    placed = store.placed_stories()
    assert sorted(placed) == sorted(ids)  # placed, each once (the article is the row's key)
    # And the stories as they are shown hold each article once, in the story it was placed in.
    shown = Counter(a for story in store.list_stories() for a in story.articles)
    assert shown == Counter(ids)
    assert all(placed[a] == story.id for story in store.list_stories() for a in story.articles)
    store.close()


def test_two_full_ingests_at_once_on_a_new_then_an_existing_store(
    file_store_url: str, tmp_path: Path
) -> None:
    url = file_store_url
    # 1. A new store: both runs open it at once, and one creates its schema while the other waits.
    _write_reports(tmp_path / "first", range(6))
    reports = _full_ingests_at_once(url, tmp_path / "first")
    assert sum(int(r["new"]) for r in reports) == 6
    _assert_each_article_stored_and_placed_once(url, 6)
    # 2. The same store, now existing, and new reports for both runs to annotate and place at once.
    _write_reports(tmp_path / "later", range(6, 12))
    reports = _full_ingests_at_once(url, tmp_path / "later")
    assert sum(int(r["new"]) for r in reports) == 6
    # The run that waited for the other's clustering found nothing left to place.
    assert sum(int(r.get("cluster", {}).get("placed", 0)) for r in reports) == 6
    _assert_each_article_stored_and_placed_once(url, 12)


def _wait_for_waiters(caplog: pytest.LogCaptureFixture, count: int) -> None:
    for _ in range(200):
        if sum("waiting for another process" in r.message for r in caplog.records) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{count} waiters expected, log: {caplog.messages}")


def test_stores_opened_at_once_wait_for_one_migration(
    file_store_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # Both openers find no schema, then wait for the lock held here: once it is released, one
    # migrates and the other must find the store migrated, not create its tables again.
    caplog.set_level(logging.INFO, logger="storyline.store.locks")
    failures: list[BaseException] = []

    def open_and_close() -> None:
        try:
            open_store(file_store_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)

    # The lock held as another process would, on an engine that does not migrate the store.
    holder = create_engine(file_store_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with held_alone(holder, "migrate"):
        openers = [threading.Thread(target=open_and_close) for _ in range(2)]
        for opener in openers:
            opener.start()
        # One waiter is seen for sure; the other may still be waiting on SQLite's own lock while
        # the first sets the file up (WAL), and reaches ours a moment later.
        _wait_for_waiters(caplog, 1)
        time.sleep(0.5)
    for opener in openers:
        opener.join(timeout=60)
    holder.dispose()
    assert failures == []
    store = open_store(file_store_url)
    assert store.count_articles() == 0
    store.close()


def test_clustering_runs_at_once_take_turns(
    file_store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(file_store_url)
    _write_reports(tmp_path / "news", range(9))
    ingest([str(tmp_path / "news")], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))
    # Each run reads what waits to be placed once both have come that far: without turns, both
    # would place the same articles. Taking turns, the second never comes while the first runs.
    both_reading = threading.Barrier(2, timeout=1)
    read_pending = store.iter_ids_to_cluster

    def pending_when_both_read(page: int = 10_000) -> Iterator[str]:
        try:
            both_reading.wait()
        except threading.BrokenBarrierError:
            pass  # the other run waits for this one (or is done)
        return read_pending(page)

    monkeypatch.setattr(store, "iter_ids_to_cluster", pending_when_both_read)
    reports: list[int] = []
    failures: list[BaseException] = []

    def cluster() -> None:
        try:
            reports.append(update_stories(store).placed)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)

    runs = [threading.Thread(target=cluster) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=60)
    assert failures == []
    assert sorted(reports) == [0, 9]
    assert store.count_placed() == 9
    store.close()


def test_an_annotate_run_keeps_what_another_run_of_the_same_annotator_stored(store: Store) -> None:
    def annotations(annotator: str, anchor: str | None) -> Annotations:
        return Annotations(article_id="a1", annotator=annotator, anchor=anchor)

    run = store.start_run("annotate")
    store.write_annotations(run, [annotations("v1", "2024-03-01")])
    # The same annotator again: another run got there first (and its anchor may be refined).
    store.write_annotations(run, [annotations("v1", None)], replace_current=False)
    kept = store.get_annotations("a1")
    assert kept is not None and kept.anchor == "2024-03-01"
    # A newer annotator replaces it; and a redo replaces whatever is there.
    store.write_annotations(run, [annotations("v2", None)], replace_current=False)
    replaced = store.get_annotations("a1")
    assert replaced is not None and (replaced.annotator, replaced.anchor) == ("v2", None)
    store.write_annotations(run, [annotations("v2", "2024-03-02")])
    redone = store.get_annotations("a1")
    assert redone is not None and redone.anchor == "2024-03-02"


def test_a_writer_kept_waiting_too_long_says_the_store_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.store as store_module

    monkeypatch.setattr(store_module, "SQLITE_BUSY_SECONDS", 0.2)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(url)
    other = create_engine(url)
    with other.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # another process in the middle of a write
        with pytest.raises(StoreBusy, match="stayed locked by another writer"):
            store.start_run("ingest")
        conn.rollback()
    other.dispose()
    store.close()
