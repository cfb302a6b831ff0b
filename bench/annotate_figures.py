"""Print the language stage's speed on Timeline17: sentences per second on all cores, and memory.

    .venv/bin/python bench/annotate_figures.py [--runs 3] [--workers 0] [--limit N] [--shared ../shared]

T17 is ingested once (without annotation) into a temporary SQLite file; then each run annotates
every article again through the real CLI (`storyline annotate --redo --format json`) in a fresh
process, so model loading and the start of the worker pool are counted. Prints the median of
--runs, and the peak resident memory of the largest process (the main one or a worker).
A profile of where a single process spends its time (per part) follows with --profile.
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


def _cli(db: Path, *args: str) -> tuple[float, dict, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "storyline", "--db", f"sqlite:///{db}", *args, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        raise SystemExit(f"storyline {' '.join(args)} failed:\n{completed.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, json.loads(completed.stdout), max(peak, before) // 1024


def speed(t17: Path, runs: int, workers: int, limit: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "t17.db"
        folders = sorted(str(p / "InputDocs") for p in t17.iterdir() if (p / "InputDocs").is_dir())
        if limit:
            folders = folders[:limit]
        _cli(db, "ingest", "--no-annotate", *folders)
        figures = []
        for run in range(runs):
            seconds, summary, peak_mb = _cli(db, "annotate", "--redo", "--workers", str(workers))
            rate = summary["sentences"] / seconds
            figures.append((rate, summary, peak_mb, seconds))
            print(
                f"run {run + 1}: {summary['annotated']} articles, {summary['sentences']} sentences in "
                f"{seconds:.1f} s wall ({summary['seconds']:.1f} s inside) = {rate:,.0f} sentences/s "
                f"on {summary['workers']} processes; peak RSS {peak_mb} MB; failed {len(summary['failed'])}"
            )
        rates = [f[0] for f in figures]
        print(f"median: {statistics.median(rates):,.0f} sentences/s (wall clock, process start included)")
        print(f"peak memory of the largest process: {max(f[2] for f in figures)} MB")


def profile(t17: Path, articles: int) -> None:
    """Seconds per part on one process, over the first `articles` T17 articles."""
    from storyline.ingest import IngestOptions, ingest
    from storyline.language.annotator import Annotator
    from storyline.language.attribution import find_attributions
    from storyline.language.entities.linking import link_mentions
    from storyline.language.quantities import find_quantities
    from storyline.language.sentences import tokenize_sentences
    from storyline.store import open_store

    store = open_store("sqlite:///:memory:")
    folders = sorted(str(p / "InputDocs") for p in t17.iterdir() if (p / "InputDocs").is_dir())
    ingest(folders[:3], store, IngestOptions())
    sample = list(store.iter_articles())[:articles]
    annotator = Annotator()
    totals = dict.fromkeys(("sentences", "times", "entities", "linking", "quantities", "attribution"), 0.0)
    sentence_count = 0
    for article in sample:
        text = article.text
        t0 = time.perf_counter()
        sentences = tokenize_sentences(text)
        t1 = time.perf_counter()
        annotator.time_tagger(text, sentences, anchor=article.published, anchor_source="published")
        t2 = time.perf_counter()
        mentions = annotator.entity_finder.find(text, sentences)
        t3 = time.perf_counter()
        entities = link_mentions(text, mentions, sentences)
        t4 = time.perf_counter()
        find_quantities(text, sentences)
        t5 = time.perf_counter()
        find_attributions(text, sentences, entities)
        t6 = time.perf_counter()
        for name, seconds in zip(totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
            totals[name] += seconds
        sentence_count += len(sentences)
    total = sum(totals.values())
    print(f"profile: {len(sample)} articles, {sentence_count} sentences, one process")
    for name, seconds in totals.items():
        print(
            f"  {name:<12} {seconds:6.2f} s  {100 * seconds / total:5.1f} %  {sentence_count / seconds:>9,.0f} sentences/s"
        )
    print(f"  {'all':<12} {total:6.2f} s  {sentence_count / total:,.0f} sentences/s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--limit", type=int, default=None, help="only the first N outlet folders")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="ARTICLES", help="profile parts on N articles"
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    t17 = args.shared / "data" / "t17"
    if not t17.exists():
        raise SystemExit(f"{t17} is not here: Timeline17 sits in ../shared beside the repository")
    if args.profile:
        profile(t17, args.profile)
    if args.runs > 0:
        speed(t17, args.runs, args.workers, args.limit)


if __name__ == "__main__":
    main()
