"""Response times of the web app and the API with a whole corpus loaded (Timeline17).

    .venv/bin/python bench/web/figures.py --db sqlite:////tmp/t17.db [--runs 3] [--articles 200]

The store must hold the corpus ingested, annotated and clustered. The script first clears the
stored views and measures the largest story's views computed cold, then how long `storyline serve`
takes to prepare every story's views (computed and stored), then restarts the app over uvicorn on a
free local port and measures the largest story's page read back from the store and the rest read
back. Then it requests, over HTTP, every story's page and API views, the stories list pages, a
sample of article pages and API records, and searches. It prints JSON: median and p95
milliseconds for pages, for the API and for each kind of request, each the median over the runs.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import threading
import time
from collections import defaultdict
from typing import Any

import httpx
import uvicorn
from sqlalchemy import text

from storyline.analyses import StoryAnalyses
from storyline.api import create_app
from storyline.store import ArticleFilter, open_store

SEARCHES = [
    "oil spill",
    "swine flu",
    "Mubarak",
    "Gaddafi",
    "Jackson",
    "Assad",
    "bank",
    "earthquake",
    "Iraq",
    "BP",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=200, help="article pages and records sampled per run")
    args = parser.parse_args()

    store = open_store(args.db)
    stories = store.list_stories()
    result: dict[str, Any] = {"stories": len(stories), "articles": store.count_articles()}
    with store.engine.begin() as conn:  # views stored by an earlier run would hide the cold times
        conn.execute(text("DELETE FROM story_views"))

    # Cold: the largest story's views computed, as its first visitor would wait for them unprepared.
    cold = StoryAnalyses(store, persist=False)
    started = time.perf_counter()
    cold.brief(stories[0])  # claims and quotes, then the briefing
    cold.timeline(stories[0])
    result["largest_story_cold_seconds"] = round(time.perf_counter() - started, 1)
    result["largest_story_articles"] = len(stories[0].articles)

    # What `storyline serve` does the first time: compute and store every story's views.
    started = time.perf_counter()
    create_app(store).state.analyses.warm().join()
    result["prepare_all_stories_seconds"] = round(time.perf_counter() - started, 1)

    # A restarted server: the largest story's page read from the stored views, then all the rest.
    app = create_app(store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        started = time.perf_counter()
        client.get(f"/stories/{stories[0].id}").raise_for_status()
        result["restarted_largest_story_page_ms"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    app.state.analyses.warm().join()
    result["restarted_prepare_all_stories_seconds"] = round(time.perf_counter() - started, 1)

    article_ids = [a.id for a in store.search_articles(ArticleFilter(), limit=100_000).articles]
    runs: list[dict[str, list[float]]] = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        for run in range(args.runs):
            sample = random.Random(run).sample(article_ids, min(args.articles, len(article_ids)))
            requests: list[tuple[str, str]] = [("page", "/"), ("page", "/?page=2"), ("api", "/api/stories")]
            for story in stories:
                requests += [
                    ("page", f"/stories/{story.id}"),
                    ("api", f"/api/stories/{story.id}"),
                    ("api", f"/api/stories/{story.id}/timeline"),
                    ("api", f"/api/stories/{story.id}/claims"),
                    ("api", f"/api/stories/{story.id}/quotes"),
                    ("api", f"/api/stories/{story.id}/brief"),
                ]
            for article in sample:
                requests += [("page", f"/articles/{article}"), ("api", f"/api/articles/{article}")]
            for words in SEARCHES:
                requests += [("page", f"/search?q={words}"), ("api", f"/api/articles?q={words}")]
            requests += [("api", f"/api/articles?offset={n}") for n in range(0, len(article_ids), 500)]
            random.Random(run).shuffle(requests)
            times: dict[str, list[float]] = defaultdict(list)
            for kind, path in requests:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code} {response.text[:200]}")
                times[kind].append(elapsed)
                route = path.split("?")[0].split("/")
                name = "/".join(
                    part if not (len(part) == 16 and part.isalnum()) else "{id}" for part in route
                )
                times[name or "/"].append(elapsed)
            runs.append(times)
    server.should_exit = True
    thread.join(timeout=10)

    summary: dict[str, Any] = {}
    for name in runs[0]:
        medians = [statistics.median(run[name]) for run in runs]
        p95s = [_percentile(run[name], 0.95) for run in runs]
        summary[name] = {
            "requests": len(runs[0][name]),
            "median_ms": round(statistics.median(medians), 1),
            "p95_ms": round(statistics.median(p95s), 1),
            "max_ms": round(max(max(run[name]) for run in runs), 1),
        }
    result["pages"] = summary.pop("page")
    result["api"] = summary.pop("api")
    result["by_route"] = dict(sorted(summary.items()))
    result["runs"] = args.runs
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
