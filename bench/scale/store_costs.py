"""What the store costs the language stage per batch, on stores of different sizes.

    .venv/bin/python bench/scale/store_costs.py sqlite:////tmp/scale-keep/10000.db sqlite:////tmp/scale-keep/1000000.db

For each store: the first --batches batches of 100 articles in the order `annotate` takes them,
each read by id (what a worker does) and its annotations written back (what the command does),
timed apart from the annotating itself; prints the median milliseconds of each per batch as JSON.
It writes: the annotations it writes replace the store's own with the same annotator's (equal
ones, under a run of kind "bench"), so run it on a benchmark's store, not on one you keep.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time

from storyline.language.annotator import AnnotateWork, LanguageOptions
from storyline.store import open_store


def store_costs(url: str, batches: int = 10, size: int = 100) -> dict[str, float]:
    store = open_store(url)
    work = AnnotateWork(LanguageOptions(), url)
    annotator = work.setup()
    ids = list(itertools.islice(store.iter_ids_to_annotate(work.version, redo=True), batches * size))
    run_id = store.start_run("bench")
    reads, writes = [], []
    for start in range(0, len(ids), size):
        started = time.perf_counter()
        articles = work.load(store, ids[start : start + size])
        reads.append(time.perf_counter() - started)
        annotations = work.run(annotator, articles)
        started = time.perf_counter()
        store.write_annotations(run_id, annotations)
        writes.append(time.perf_counter() - started)
    store.finish_run(run_id, {"batches": len(reads)})
    articles_stored = store.count_articles()
    store.close()
    return {
        "articles": articles_stored,
        "read a batch by id (ms)": round(1000 * statistics.median(reads), 1),
        "write its annotations (ms)": round(1000 * statistics.median(writes), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--batches", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps({url: store_costs(url, args.batches) for url in args.urls}, indent=1))


if __name__ == "__main__":
    main()
