"""Timeline17 as a clustering test: pool the 9 topics' articles, cluster blind, score against the topics.

    .venv/bin/python bench/stories/t17.py --db /tmp/t17.db [--threshold 0.25 ...] [--shuffle-days SEED]

The store must hold Timeline17 ingested and annotated (`storyline --db sqlite:////tmp/t17.db ingest
../shared/data/t17/*/InputDocs`); a topic is the prefix of an outlet folder (bpoil_bbc -> bpoil), as
in `../shared/data/t17/_topics`. Prints BCubed precision/recall/F1, purity, how many stories each
topic splits into, and time.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import time
from collections import Counter, defaultdict
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from storyline.store import open_store
from storyline.stories.clustering import ClusterSettings, StoryArticle, StoryClusterer
from storyline.stories.features import article_terms

TOPICS = ("bpoil", "egypt", "finan", "h1n1", "haiti", "iraq", "libya", "mj", "syria")


def topic_of(source: str) -> str | None:
    for part in Path(source).parts:
        lowered = part.lower()
        for topic in TOPICS:
            if lowered.startswith(topic) and "_" in lowered:
                return topic
    return None


def load(db: str, gold: dict[str, str] | None = None) -> tuple[list[StoryArticle], dict[str, str]]:
    """The articles' features and their gold topics: Timeline17's folders, or with `gold` (URL ->
    story) the synthetic articles of bench/scale/generate.py."""
    store = open_store(db)
    topics: dict[str, str] = {}
    items: list[StoryArticle] = []
    for article in store.iter_articles():
        topic = topic_of(article.source) if gold is None else gold.get(article.url or "")
        if topic is None or not article.text.strip():
            continue
        annotations = store.get_annotations(article.id)
        day = date.fromisoformat(article.published[:10]).toordinal() if article.published else None
        items.append(StoryArticle(article.id, day, article_terms(article, annotations)))
        topics[article.id] = topic
    return items, topics


def bcubed(stories: dict[str, str], topics: dict[str, str]) -> dict[str, float]:
    members: dict[str, list[str]] = defaultdict(list)
    for article, story in stories.items():
        members[story].append(article)
    topic_sizes = Counter(topics.values())
    precision = recall = 0.0
    for story_articles in members.values():
        counts = Counter(topics[a] for a in story_articles)
        for topic, shared in counts.items():
            precision += shared * shared / len(story_articles)
            recall += shared * shared / topic_sizes[topic]
    n = len(stories)
    p, r = precision / n, recall / n
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument(
        "--cache", type=Path, default=None, help="pickle of the articles' features, made once"
    )
    parser.add_argument(
        "--synthetic",
        type=Path,
        default=None,
        help="folder of bench/scale/generate.py's JSON Lines: score against their gold stories",
    )
    parser.add_argument(
        "--shuffle-days", type=int, default=None, help="seed: shuffle arrival order within each day"
    )
    for f in fields(ClusterSettings):
        parser.add_argument("--" + f.name.replace("_", "-"), type=type(f.default), default=f.default)
    args = parser.parse_args()
    settings = ClusterSettings(**{f.name: getattr(args, f.name) for f in fields(ClusterSettings)})

    started = time.perf_counter()
    if args.cache is not None and args.cache.exists():
        items, topics = pickle.loads(args.cache.read_bytes())
    else:
        gold = None
        if args.synthetic is not None:
            gold = {
                record["url"]: record["gold_story"]
                for path in sorted(args.synthetic.glob("*.jsonl"))
                for record in map(json.loads, path.read_text(encoding="utf-8").splitlines())
            }
        items, topics = load(args.db, gold)
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps((items, topics)))
    loaded = time.perf_counter() - started
    order = sorted(items, key=lambda item: (item.day or 0, item.id))
    if args.shuffle_days is not None:
        rng = random.Random(args.shuffle_days)
        by_day: dict[int, list[StoryArticle]] = defaultdict(list)
        for item in order:
            by_day[item.day or 0].append(item)
        order = []
        for day in sorted(by_day):
            rng.shuffle(by_day[day])
            order.extend(by_day[day])
    started = time.perf_counter()
    clusterer = StoryClusterer(settings)
    stories = {item.id: clusterer.add(item).story for item in order}
    clustered = time.perf_counter() - started

    members: dict[str, list[str]] = defaultdict(list)
    for article, story in stories.items():
        members[story].append(article)
    purity = {
        s: Counter(topics[a] for a in arts).most_common(1)[0][1] / len(arts) for s, arts in members.items()
    }
    impure = {s: dict(Counter(topics[a] for a in members[s])) for s, p in purity.items() if p < 0.98}
    splits = {}
    for topic in TOPICS if args.synthetic is None else ():
        sizes = Counter(stories[a] for a in topics if topics[a] == topic)
        splits[topic] = {"stories": len(sizes), "largest": [n for _, n in sizes.most_common(4)]}
    print(
        json.dumps(
            {
                "bcubed": bcubed(stories, topics),
                "articles": len(stories),
                "stories": len(members),
                "gold_stories": len(set(topics.values())),
                "impure_stories": impure if len(impure) <= 30 else f"{len(impure)} stories",
                "topics": splits,
                "seconds": {"features": round(loaded, 1), "clustering": round(clustered, 2)},
                "settings": asdict(settings),
            },
            indent=1,
            default=str,
        )
    )


if __name__ == "__main__":
    main()
