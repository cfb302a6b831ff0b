"""bench/hostile/api_probes.py's hostile requests, all but the slowest, against the web store:
none may be unsafe or a server error."""

from __future__ import annotations

import gc
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from storyline.store import Store

HARNESS = Path(__file__).resolve().parents[2] / "bench" / "hostile" / "api_probes.py"
# Several seconds each and no other path through the code than a probe that stays.
SLOW = {"300 private URLs"}


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("api_probes", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# Starlette leaves the spooled file of a multipart part cut off before its boundary to the
# garbage collector (the "multipart truncated" probe): closed then, with a ResourceWarning.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <function SpooledTemporaryFile.__del__:pytest.PytestUnraisableExceptionWarning"
)
def test_no_probe_is_unsafe_or_a_server_error(web_store: Store) -> None:
    probes = _harness()
    outcomes = probes.run_probes(web_store, only=lambda probe: probe.name not in SLOW)
    gc.collect()  # that file's warning, here and not in a later test
    judged = [o for o in outcomes if o.verdict != "not sent"]
    assert len(judged) >= 112
    assert [o for o in judged if o.verdict != "ok"] == [], probes.summary(outcomes)
