"""How long a filled store takes to answer what the CLI, the API and the pages ask of it.

    .venv/bin/python bench/scale/queries.py --db sqlite:////tmp/scale-keep/100000.db [--runs 5]

Each query runs `--runs` times after one warm-up; prints the median milliseconds of each as JSON.
The words searched for are taken from the store itself (a common word, a rare one, a title's two
words), so the same command means the same thing on any store. bench/scale/figures.py --queries
runs it on each store it fills, SQLite or PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from storyline.store import open_store
from storyline.store.search import ArticleFilter


def _median_ms(query: Callable[[], Any], runs: int) -> float:
    query()  # warm-up: caches and the first connection, as a long-running server would have
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        query()
        times.append(time.perf_counter() - started)
    return round(1000 * statistics.median(times), 2)


def time_queries(url: str, runs: int = 5, seed: int = 7) -> dict[str, Any]:
    store = open_store(url)
    rng = random.Random(seed)
    total = store.count_articles()
    # A sample of articles (the first page of a listing) gives words and ids to ask for.
    sample = store.search_articles(ArticleFilter(), limit=200).articles
    words = Counter(word.lower() for article in sample for word in re.findall(r"[A-Za-z]{5,}", article.text))
    common = words.most_common(1)[0][0]
    rare = min(words, key=lambda word: (words[word], word))
    title_words = re.findall(r"[A-Za-z]{4,}", sample[0].title or sample[0].text)[:2]
    ids = [article.id for article in rng.sample(sample, min(100, len(sample)))]
    stories = store.list_stories()
    largest = stories[0].id if stories else None
    days = sorted(a.published[:10] for a in sample if a.published)
    outlet = next((a.outlet for a in sample if a.outlet), None)

    timings = {
        "count articles": lambda: store.count_articles(),
        f"search one common word ({common})": lambda: store.search_articles(ArticleFilter(query=common)),
        f"search one rare word ({rare})": lambda: store.search_articles(ArticleFilter(query=rare)),
        f"search two words ({' '.join(title_words)})": lambda: store.search_articles(
            ArticleFilter(query=" ".join(title_words))
        ),
        "search a word, an outlet and a month": lambda: store.search_articles(
            ArticleFilter(query=common, outlet=outlet, date_from=days[0], date_to=days[-1])
        ),
        "100 articles by id": lambda: store.get_articles(ids),
        "annotations of 100 articles": lambda: store.annotations_of(ids),
        "list stories": lambda: store.list_stories(),
    }
    if largest:
        timings["the largest story"] = lambda: store.get_story(largest)
        timings["the largest story's articles, first page"] = lambda: store.search_articles(
            ArticleFilter(story=largest)
        )
    results = {name: _median_ms(query, runs) for name, query in timings.items()}
    store.close()
    return {"articles": total, "stories": len(stories), "median_ms": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(time_queries(args.db, args.runs), indent=1))


if __name__ == "__main__":
    main()
