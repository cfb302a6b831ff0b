"""Plot what bench/scale/figures.py printed: cost per article and peak memory against N.

    .venv/bin/python bench/scale/plot.py FIGURES.json [MORE.json ...] --out docs/scale.png

Left: milliseconds per stored article for each stage and the whole run (flat lines are what
"cost per article does not grow with the store" looks like). Right: peak memory of the run, the
workers' proportional sizes summed (what the machine gave them) and the largest single process.
Runs of several files (runners, stores) are drawn side by side, one line style each.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend

STAGES = {"ingest": "C0", "annotate": "C1", "cluster": "C2", "all": "C3"}  # a colour each
STYLES = ("-", "--", ":", "-.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("figures", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, default=Path("docs/scale.png"))
    args = parser.parse_args()

    figure, (cost, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    for style, path in zip(STYLES, args.figures, strict=False):
        figures = json.loads(path.read_text())
        runs = sorted(figures["runs"], key=lambda run: run["articles"])
        sizes = [run["articles"] for run in runs]
        label = f"{figures['runner']}, {figures['store']}"
        for stage, colour in STAGES.items():
            values = [run["ms_per_article"].get(stage) for run in runs]
            cost.plot(
                sizes,
                values,
                style,
                color=colour,
                marker="o",
                label=f"{stage} ({label})",
                linewidth=2 if stage == "all" else 1,
            )
        for key, marker, what in (
            ("peak_memory_pss_mb", "o", "all processes"),
            ("peak_process_mb", "s", "largest process"),
        ):
            memory.plot(
                sizes, [run.get(key) for run in runs], style, marker=marker, label=f"{what} ({label})"
            )
    for axes in (cost, memory):
        axes.set_xscale("log")
        axes.set_xlabel("articles in the run")
        axes.grid(True, which="major", alpha=0.3)
        axes.legend(fontsize=7)
        axes.set_ylim(bottom=0)
    cost.set_ylabel("milliseconds per stored article")
    cost.set_title("Cost per article")
    memory.set_ylabel("peak memory (MB)")
    memory.set_title("Peak memory (limit 4,096 MB)")
    memory.axhline(4096, color="grey", linewidth=0.8)
    figure.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.out, dpi=110)
    print(args.out)


if __name__ == "__main__":
    main()
