"""A run killed at any point and started again ends where an uninterrupted run ends."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from storyline.store import open_store
from tests.conftest import EXAMPLES


def _storyline(url: str, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "storyline", "--db", url, *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(url: str, *args: str) -> None:
    run = _storyline(url, *args)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err


def _told(url: str) -> dict[str, Any]:
    from storyline.timelines import timeline_of_story

    store = open_store(url)
    stories = store.list_stories()
    told = {
        "articles": sorted(a.id for a in store.iter_articles()),
        "annotated": store.count_annotations(),
        "stories": [s.to_dict() for s in stories],
        "timelines": [timeline_of_story(store, s.id).to_dict() for s in stories],
    }
    store.close()
    return told


def _count(path: Path, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:  # not created yet, or busy: not there yet
        return 0


# Where the kill lands: as soon as the articles are written (before or early in annotating them),
# and once some of them are annotated (the processes runner writes a few at a time).
KILL_WHEN = {
    "articles-written": ("articles", 1),
    "annotating": ("annotations", 1),
}


@pytest.mark.parametrize("moment", list(KILL_WHEN))
def test_a_killed_ingest_run_again_ends_as_an_uninterrupted_one(tmp_path: Path, moment: str) -> None:
    command = ("ingest", str(EXAMPLES / "articles"), "--format", "json")
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    _finish(reference, *command)

    path = tmp_path / "killed.db"
    url = f"sqlite:///{path}"
    table, at_least = KILL_WHEN[moment]
    run = _storyline(url, "--runner", "processes", *command)
    deadline = time.monotonic() + 120
    while _count(path, table) < at_least and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if run.poll() is not None:
        run.communicate()
        pytest.fail(f"the run ended before it could be killed while {moment}")
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=30)  # and close its pipes
    assert run.returncode == -signal.SIGKILL
    killed_at = {"articles": _count(path, "articles"), "annotations": _count(path, "annotations")}

    _finish(url, *command)  # the same command again
    assert _told(url) == _told(reference), f"killed at {killed_at}"


def test_stories_a_stopped_cluster_run_did_not_describe_are_described_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.stories import update as update_module

    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    _finish(reference, "ingest", str(EXAMPLES / "articles"))

    url = f"sqlite:///{tmp_path / 'stopped.db'}"
    _finish(url, "ingest", str(EXAMPLES / "articles"), "--no-cluster")

    # The run dies after its placements are written and before it describes the stories.
    def die(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(update_module, "_describe", die)
    with pytest.raises(KeyboardInterrupt):
        update_module.update_stories(open_store(url))
    monkeypatch.undo()
    assert open_store(url).stale_stories()

    _finish(url, "cluster")
    assert _told(url) == _told(reference)
    assert open_store(url).stale_stories() == []
