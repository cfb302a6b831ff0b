"""Quality gate: tagger + linking find the people, organisations and places of our entity gold.

The gold (bench/entities/seeds.yaml, examples.yaml) lists the distinct entities a reader sees in
each article body; bench/entities/score.py scores (canonical name, label) pairs per article.
The issue asks for F1 >= 0.90 on the seeds; the examples are held to the same bar.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO

THRESHOLD = 0.90
BENCH = REPO / "bench" / "entities"


def _load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_entities_score", BENCH / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


score = _load_scorer()
MISSING = score.recognizer_missing()
needs_recognizer = pytest.mark.skipif(MISSING is not None, reason=f"no entity tagger: {MISSING}")


@pytest.fixture(scope="module")
def pipeline():
    return score.load_pipeline()


def _assert_passes(result) -> None:
    problems = {a.key: {"missed": sorted(a.missed), "extra": sorted(a.extra)} for a in result.articles}
    assert all(a.found for a in result.articles), problems
    assert result.f1 >= THRESHOLD, (round(result.f1, 3), problems)


@needs_recognizer
def test_examples_entities(examples_dir: Path, pipeline):
    result = score.score_folder(examples_dir, BENCH / "examples.yaml", pipeline, "examples")
    assert len(result.articles) == 11
    _assert_passes(result)


@needs_recognizer
def test_seed_entities(seeds_dir: Path, pipeline):
    result = score.score_folder(seeds_dir, BENCH / "seeds.yaml", pipeline, "seeds")
    assert len(result.articles) == 5
    _assert_passes(result)


def test_gold_names_are_canonical_and_labels_known():
    """Every gold name is already in canonical form, so the gold reads as the pipeline writes."""
    import yaml

    from storyline.language.entities.linking import canonical_name

    for name in ("seeds.yaml", "examples.yaml"):
        gold = yaml.safe_load((BENCH / name).read_text(encoding="utf-8"))["articles"]
        for key, entry in gold.items():
            names = [(e["name"], e["label"]) for e in entry["entities"]]
            assert len(set(names)) == len(names), key
            for entity, label in names:
                assert label in ("PER", "ORG", "LOC"), (key, entity)
                assert canonical_name(entity, label) == entity, (key, entity)
