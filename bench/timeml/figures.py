"""Print the temporal tagger's TimeML figures: scores of one run, speed as the median of several.

    .venv/bin/python bench/timeml/figures.py [DATA] [--split dev|test|all] [--runs 3]

Develop on dev; run test only to report (see README.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from storyline.evaluate.timeml import evaluate_timeml

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "timeml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reports = [evaluate_timeml(args.data, split=args.split) for _ in range(args.runs)]
    report = reports[0]
    report["words_per_second"] = statistics.median(r["words_per_second"] for r in reports)
    report["words_per_second_with_splitting"] = statistics.median(
        r["words_per_second_with_splitting"] for r in reports
    )
    report["runs"] = args.runs
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
