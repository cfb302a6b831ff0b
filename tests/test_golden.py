"""Storyline tells the same of the examples and the seeds, to the byte, as when the hashes in
tests/golden_hashes.json were taken (`tests/golden.py --update` takes them again, on purpose)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import golden  # noqa: E402 - the module beside the tests, which also updates the hashes


@pytest.mark.parametrize("name", sorted(golden.FOLDERS))
def test_the_outputs_are_those_of_the_golden_hashes(name: str) -> None:
    folder = golden.REPO / golden.FOLDERS[name]
    if not folder.is_dir():
        pytest.skip(f"{golden.FOLDERS[name]} is not beside the repository (the shared data is absent)")
    expected = json.loads(golden.HASHES.read_text(encoding="utf-8"))[name]
    found = golden.outputs(golden.FOLDERS[name])
    changed = sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))
    assert not changed, f"{name}: outputs changed: {changed} (if on purpose: tests/golden.py --update)"
