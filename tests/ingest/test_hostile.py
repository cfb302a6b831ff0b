"""Every hostile case of `storyline evaluate hostile`, as a user meets it: `storyline ingest` on
the bad input and four good files, then the read commands. Each case passes when the run exits 0
without a traceback, in its time bound, stores the good files, treats the bad input as the case
says (stored, or quarantined naming the trouble) and prints nothing raw to the terminal.

Most cases run the CLI in this process. Those that are about memory run in a process of their
own, so that their peak can be measured: at most 1 GB.
"""

from __future__ import annotations

import pytest

from storyline.evaluate.hostile import CASES, HostileCase, run_case

# The cases whose trouble is the memory or the time they could take: measured in a process.
RESOURCE_CASES = {
    "zip-bomb",
    "gzip-bomb",
    "too-large",
    "json-deep",
    "fm-billion-laughs",
    "feed-xml-bomb",
    "html-huge-attribute",
    "fifo",
    "device-named",
}
PEAK_MB = 1024


def _judged(case: HostileCase, tmp_path, in_process: bool) -> None:
    result = run_case(case, tmp_path / case.name, in_process=in_process)
    assert result.outcome == "handled", f"{case.name} ({case.what}): {result.outcome}: {result.problems}"
    if result.peak_mb is not None:
        assert result.peak_mb <= PEAK_MB, f"{case.name}: peak memory {result.peak_mb} MB"


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.name not in RESOURCE_CASES and not c.annotate], ids=lambda c: c.name
)
def test_hostile_input_is_handled(case, tmp_path):
    _judged(case, tmp_path, in_process=True)


@pytest.mark.parametrize("case", [c for c in CASES if c.annotate], ids=lambda c: c.name)
def test_hostile_text_is_annotated_in_time(case, tmp_path):
    _judged(case, tmp_path, in_process=True)


@pytest.mark.parametrize("case", [c for c in CASES if c.name in RESOURCE_CASES], ids=lambda c: c.name)
def test_hostile_input_stays_within_time_and_memory(case, tmp_path):
    _judged(case, tmp_path, in_process=False)


def test_the_corpus_has_the_cases_the_figure_counts():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)) >= 80
    assert RESOURCE_CASES <= set(names)
