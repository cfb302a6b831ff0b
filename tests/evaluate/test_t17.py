"""`storyline evaluate t17` end to end on one small topic of Timeline17, against a measured floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import UnreadableInput
from storyline.evaluate.t17 import read_gold

pytest.importorskip("tilse", reason="the t17 extra's scorer (tilse) is not installed: ./scripts/setup dev")

# Measured on 2026-11-23 (MJ_bbc, 133 articles): AR1 0.145, AR2 0.066, Date-F1 0.368. The floors
# sit a little below, so that a change that makes the timelines worse fails here.
FLOORS = {"ar1": 0.13, "ar2": 0.055, "date_f1": 0.33}


def test_the_gold_timelines_are_read_with_their_outlets(t17_dir: Path) -> None:
    gold = read_gold(t17_dir)
    assert len(gold) == 19 and len({g.topic for g in gold}) == 9
    (mj,) = [g for g in gold if g.topic == "mj"]
    assert mj.name == "MJ_bbc" and mj.keywords and mj.sentences_per_date >= 1
    with pytest.raises(UnreadableInput, match="no such topic: atlantis"):
        read_gold(t17_dir, ["atlantis"])


def test_evaluate_t17_on_one_topic_beats_its_floor(cli, t17_dir: Path) -> None:
    result = cli("evaluate", "t17", "--data", str(t17_dir), "--topics", "mj", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["mean"]) >= {"ar1", "ar2", "date_f1"}
    (timeline,) = report["timelines"]
    assert {"topic", "name", "ar1", "ar2", "date_f1"} <= set(timeline)
    assert report["seconds"] > 0 and report["peak_memory_mb"] > 0
    for metric, floor in FLOORS.items():
        assert report["mean"][metric] >= floor, (metric, report["mean"])
