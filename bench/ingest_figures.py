"""Print the ingest figures of issue 3: gold scores on the seeds and examples, Timeline17 speed.

    .venv/bin/python bench/ingest_figures.py [--runs 3] [--shared ../shared]

Timeline17 runs go through the real CLI in a fresh process each (a cold start, as a user gets
it), into a fresh SQLite file: articles per second of the first run, the re-run's time as a
share of the first, and the peak resident memory of the ingest process. Medians over --runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def gold_figures(shared: Path) -> None:
    from storyline.evaluate.ingest_gold import evaluate_folder

    for folder in (
        shared / "seeds",
        REPO / "examples",
        REPO / "bench" / "scrapes-dev",
        REPO / "bench" / "scrapes-blind",
    ):
        if not (folder / "gold.yaml").exists():
            print(f"{folder}: no gold file, skipped")
            continue
        result = evaluate_folder(folder)
        print(result.render())


def _ingest(db: Path, folders: list[str]) -> tuple[float, dict, int]:
    """One CLI ingest in its own process: wall seconds, JSON summary, peak RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "storyline",
            "--db",
            f"sqlite:///{db}",
            "ingest",
            *folders,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"ingest failed: {completed.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, json.loads(completed.stdout), max(peak, before) // 1024


def t17_figures(shared: Path, runs: int) -> None:
    t17 = shared / "data" / "t17"
    folders = sorted(str(p) for p in t17.glob("*/InputDocs"))
    if not folders:
        print(f"{t17}: not found, Timeline17 figures skipped")
        return
    files = [p for folder in folders for p in Path(folder).rglob("*") if p.is_file()]
    empty = sum(1 for p in files if p.stat().st_size == 0)
    first_rates, ratios, peaks = [], [], []
    for run in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            db = Path(scratch) / "t17.db"
            first_seconds, first, peak = _ingest(db, folders)
            again_seconds, again, _ = _ingest(db, folders)
        stored = first["new"] + first["duplicates"]
        reasons = sorted({q["reason"] for q in first["quarantined"]})
        print(
            f"run {run + 1}: {len(files)} files ({empty} empty), stored {stored} "
            f"(new {first['new']}, identical copies {first['duplicates']}), quarantined {len(first['quarantined'])} "
            f"{reasons}; {first_seconds:.1f} s = {len(files) / first_seconds:.0f} articles/s; "
            f"re-run {again_seconds:.1f} s, new {again['new']} ({100 * again_seconds / first_seconds:.0f} %); "
            f"peak memory {peak} MB"
        )
        first_rates.append(len(files) / first_seconds)
        ratios.append(again_seconds / first_seconds)
        peaks.append(peak)
    print(
        f"Timeline17 median of {runs}: {statistics.median(first_rates):.0f} articles/s (target >= 300), "
        f"re-ingest {100 * statistics.median(ratios):.0f} % of the first run (target < 20 %), "
        f"peak memory {max(peaks)} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    gold_figures(args.shared)
    t17_figures(args.shared, args.runs)


if __name__ == "__main__":
    main()
