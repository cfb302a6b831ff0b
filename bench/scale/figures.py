"""Throughput and peak memory of the whole pipeline on synthetic news, N articles at a time.

    .venv/bin/python bench/scale/figures.py --sizes 10000 100000 [--runner processes] [--store sqlite|postgresql] [--queries]

For each N: generate the articles (bench/scale/generate.py, kept in --data for the next run), open
a new store, and run `storyline --runner R ingest DIR` (ingest, annotate, cluster) as a user would,
sampling the memory of the command and all its worker processes every 0.5 s (resident
sizes summed, proportional sizes summed, the largest process). Prints JSON:
per N, each stage's seconds and milliseconds per article, the whole run's, and the peak memory.
`--store postgresql` runs on a throw-away server from scripts/postgres.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 - the generator beside this script
from queries import time_queries  # noqa: E402 - as is this one


def _pss(pid: int) -> int:
    """Proportional set size: a page shared by forked workers counts once, split among them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_memory(pid: int) -> tuple[int, int, int]:
    """Resident bytes of a process and all its descendants summed, their proportional set sizes
    summed (what the machine gives them), and the largest resident size of one of them."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, proportional, largest, stack = 0, 0, 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        largest = max(largest, rss.get(current, 0))
        proportional += _pss(current)
        stack.extend(children.get(current, []))
    return total, proportional, largest


def _run(command: list[str]) -> tuple[dict[str, Any], float, list[int]]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0, 0]  # summed resident, summed proportional, largest single process
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[:] = [max(old, new) for old, new in zip(peak, _tree_memory(process.pid), strict=True)]
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-2000:]}")
    return json.loads(out), time.perf_counter() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runner", default="processes", choices=["local", "processes", "ray"])
    parser.add_argument("--store", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--data", type=Path, default=Path("/tmp/scale"))
    parser.add_argument("--queries", action="store_true", help="time queries on each filled store too")
    parser.add_argument("--keep", type=Path, help="keep each SQLite store here (N.db), for timing queries")
    args = parser.parse_args()

    results = []
    for size in args.sizes:
        folder = args.data / f"{size}"
        if not folder.exists():
            generate(size, folder)
        work = Path(tempfile.mkdtemp(prefix="storyline-scale-"))
        server = None
        if args.store == "sqlite":
            folder_for_store = args.keep or work
            folder_for_store.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{folder_for_store / f'{size}.db'}"
        else:
            server = tempfile.mkdtemp(prefix="storyline-postgres-")
            url = subprocess.run(
                [str(REPO / "scripts" / "postgres"), "start", server],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        try:
            command = [sys.executable, "-m", "storyline", "--db", url, "--runner", args.runner]
            summary, seconds, peak = _run([*command, "ingest", str(folder), "--format", "json"])
            queries = time_queries(url)["median_ms"] if args.queries else None
        finally:
            if server:
                subprocess.run([str(REPO / "scripts" / "postgres"), "stop", server], capture_output=True)
                shutil.rmtree(server, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)
        stored = summary["new"]
        stages = {
            "ingest": summary["seconds"],
            "annotate": summary.get("annotate", {}).get("seconds"),
            "cluster": summary.get("cluster", {}).get("seconds"),
        }
        results.append(
            {
                "articles": size,
                "stored": stored,
                "stories": summary.get("cluster", {}).get("stories"),
                "seconds": {k: round(v, 1) for k, v in stages.items() if v is not None}
                | {"all": round(seconds, 1)},
                "ms_per_article": {k: round(1000 * v / stored, 2) for k, v in stages.items() if v is not None}
                | {"all": round(1000 * seconds / stored, 2)},
                "peak_memory_mb": round(peak[0] / 1e6),
                "peak_memory_pss_mb": round(peak[1] / 1e6),
                "peak_process_mb": round(peak[2] / 1e6),
            }
            | ({"query_ms": queries} if queries else {})
        )
        print(json.dumps(results[-1]), file=sys.stderr)
    print(json.dumps({"runner": args.runner, "store": args.store, "runs": results}, indent=1))


if __name__ == "__main__":
    main()
