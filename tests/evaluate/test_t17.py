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


def _t17_shaped(folder: Path) -> Path:
    """A tiny Timeline17-shaped dataset of fictional reports, each opening with a month date line."""
    reports = {
        "2000-03-14": "The Velmora dam opened its spillway on Tuesday after a week of rain, the water board said.",
        "2000-03-15": "Engineers at the Velmora dam closed the spillway on Wednesday as the river fell.",
        "2000-03-20": "The water board said the Velmora dam would be inspected on Monday after the floods.",
    }
    for day, sentence in reports.items():
        path = folder / "Dam_gazette" / "InputDocs" / day / "report.txt"
        path.parent.mkdir(parents=True)
        path.write_text(f"March 2000\n\n{sentence} {sentence}\n", encoding="utf-8")
    timeline = "2000-03-14\nThe Velmora dam opened its spillway .\n--------------------------------\n"
    timeline += "2000-03-15\nEngineers closed the spillway of the Velmora dam .\n"
    (folder / "Dam_gazette" / "timelines").mkdir()
    (folder / "Dam_gazette" / "timelines" / "tl1.txt").write_text(timeline, encoding="utf-8")
    topic = folder / "_topics" / "dam"
    topic.mkdir(parents=True)
    (topic / "keywords.json").write_text('["dam"]', encoding="utf-8")
    gold = [
        ["2000-03-14", ["The Velmora dam opened its spillway ."]],
        ["2000-03-15", ["Engineers closed it ."]],
    ]
    (topic / "timelines.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    return folder


def test_a_dataset_date_wins_over_a_month_date_line(cli, tmp_path: Path) -> None:
    data = _t17_shaped(tmp_path / "t17")
    store = f"sqlite:///{tmp_path / 'kept.db'}"
    result = cli(
        "evaluate", "t17", "--data", str(data), "--topics", "dam", "--store", store, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    (timeline,) = json.loads(result.stdout)["timelines"]
    assert timeline["articles"] == 2  # the third is after the gold timeline ends
    listed = cli("--db", store, "articles", "--format", "json")
    assert sorted(a["published"] for a in json.loads(listed.stdout)) == [
        "2000-03-14",
        "2000-03-15",
        "2000-03-20",
    ]
