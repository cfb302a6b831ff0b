"""Figures of the stories stage on Timeline17: BCubed against the topics, speed, memory, stability.

    .venv/bin/python bench/stories/figures.py --db sqlite:////tmp/t17.db [--runs 3] [--shuffles 3]

The store must hold Timeline17 ingested and annotated; build it once with

    storyline --db sqlite:////tmp/t17.db ingest --no-cluster ../shared/data/t17/*/InputDocs

Each run copies the store and runs the real `cluster` stage (`update_stories`) on the copy: first
on the earliest 90 % of the articles (by publication date), then on the last 10 %, so the cost of
an added article is measured against a full store. Scores come from the stories as stored. The
stability figure re-runs the clusterer with the arrival order shuffled within each day.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from storyline.store import open_store
from storyline.stories.clustering import StoryArticle, StoryClusterer
from storyline.stories.features import article_terms
from storyline.stories.update import update_stories

sys.path.insert(0, str(Path(__file__).parent))
from t17 import TOPICS, bcubed, topic_of  # noqa: E402

T17 = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "t17"


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def one_run(db: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "t17.db"
        shutil.copy(sqlite_path(db), copy)
        open_store(f"sqlite:///{copy}").close()  # brings an older store's schema up to date
        raw = sqlite3.connect(copy)
        raw.execute("DELETE FROM story_members")
        raw.execute("DELETE FROM stories")
        raw.execute("DELETE FROM copies")
        raw.execute("DELETE FROM copy_signatures")
        ids = [
            r[0] for r in raw.execute("SELECT id FROM articles ORDER BY published IS NULL, published, seq")
        ]
        last_tenth = ids[int(len(ids) * 0.9) :]
        held = raw.execute(
            f"SELECT article_id, annotator, data, run_id FROM annotations WHERE article_id IN ({','.join('?' * len(last_tenth))})",
            last_tenth,
        ).fetchall()
        raw.executemany("DELETE FROM annotations WHERE article_id = ?", [(i,) for i in last_tenth])
        raw.commit()
        store = open_store(f"sqlite:///{copy}")
        first = update_stories(store)
        raw.executemany(
            "INSERT INTO annotations (article_id, annotator, data, run_id) VALUES (?, ?, ?, ?)", held
        )
        raw.commit()
        second = update_stories(store)
        story_of = {p.article: p.story for p in store.placements()}
        sources = {a.id: a.source for a in store.iter_articles()}
        raw.close()
    return {
        "seconds_all": first.seconds + second.seconds,
        "first_90": {"articles": first.placed, "seconds": first.seconds},
        "last_10": {"articles": second.placed, "seconds": second.seconds},
        "ms_per_article_first_90": 1000 * first.seconds / max(1, first.placed),
        "ms_per_article_last_10": 1000 * second.seconds / max(1, second.placed),
        "story_of": story_of,
        "sources": sources,
        "copies": first.copies + second.copies,
        "merges": first.merges + second.merges,
    }


def on_topic(sources: dict[str, str], texts: dict[str, str]) -> set[str]:
    """Articles that name their topic's own keywords (the T17 protocol's filter)."""
    keywords = {t: json.loads((T17 / "_topics" / t / "keywords.json").read_text()) for t in TOPICS}
    found = set()
    for article, source in sources.items():
        topic = topic_of(source)
        if topic and any(re.search(rf"\b{re.escape(k)}\b", texts[article], re.I) for k in keywords[topic]):
            found.add(article)
    return found


def stability(db: str, shuffles: int) -> list[float]:
    store = open_store(db)
    annotations = {a.article_id: a for a in store.iter_annotations()}
    items = []
    for article in store.iter_articles():
        if topic_of(article.source) is None:
            continue
        day = date.fromisoformat(article.published[:10]).toordinal() if article.published else None
        items.append(StoryArticle(article.id, day, article_terms(article, annotations.get(article.id))))
    base = _cluster(sorted(items, key=lambda i: (i.day or 0, i.id)))
    changed = []
    for seed in range(shuffles):
        rng = random.Random(seed)
        by_day: dict[int, list[StoryArticle]] = defaultdict(list)
        for item in items:
            by_day[item.day or 0].append(item)
        order = []
        for day in sorted(by_day):
            group = sorted(by_day[day], key=lambda i: i.id)
            rng.shuffle(group)
            order.extend(group)
        other = _cluster(order)
        # Each story of the shuffled run stands for the base story it shares most articles with.
        members: dict[str, list[str]] = defaultdict(list)
        for article, story in other.items():
            members[story].append(article)
        moved = 0
        for articles in members.values():
            counterpart = Counter(base[a] for a in articles).most_common(1)[0][0]
            moved += sum(1 for a in articles if base[a] != counterpart)
        changed.append(moved / len(items))
    return changed


def _cluster(order: list[StoryArticle]) -> dict[str, str]:
    clusterer = StoryClusterer()
    placed = {item.id: clusterer.add(item).story for item in order}
    alias = dict(clusterer.merges)
    for article, story in placed.items():
        while story in alias:
            story = alias[story]
        placed[article] = story
    return placed


def _purity(members: dict[str, list[str]], topics: dict[str, str]) -> dict[str, float]:
    """Each story's share of articles from its commonest topic."""
    return {
        s: Counter(topics[a] for a in arts).most_common(1)[0][1] / len(arts) for s, arts in members.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an annotated Timeline17 store (sqlite URL)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shuffles", type=int, default=3)
    args = parser.parse_args()

    runs = [one_run(args.db) for _ in range(args.runs)]
    last = runs[-1]
    story_of: dict[str, str] = last["story_of"]  # type: ignore[assignment]
    sources: dict[str, str] = last["sources"]  # type: ignore[assignment]
    topics = {a: t for a, s in sources.items() if (t := topic_of(s)) is not None and a in story_of}
    store = open_store(args.db)
    texts = {a.id: f"{a.title or ''} {a.text}" for a in store.iter_articles()}
    keyword_articles = on_topic({a: sources[a] for a in topics}, texts)
    members: dict[str, list[str]] = defaultdict(list)
    for article in topics:
        members[story_of[article]].append(article)
    purity = _purity(members, topics)
    # The same among the articles that name their topic: the folders' off-topic pages left out.
    keyword_members = {
        s: kept for s, arts in members.items() if (kept := [a for a in arts if a in keyword_articles])
    }
    keyword_purity = _purity(keyword_members, topics)
    ceiling = {a: (topics[a] if a in keyword_articles else a) for a in topics}
    splits = {}
    for topic in TOPICS:
        sizes = Counter(story_of[a] for a in topics if topics[a] == topic)
        singletons = sum(1 for n in sizes.values() if n == 1)
        splits[topic] = {
            "articles": sum(sizes.values()),
            "stories": len(sizes),
            "largest": [n for _, n in sizes.most_common(3)],
            "single_article_stories": singletons,
        }
    shuffled = stability(args.db, args.shuffles)
    print(
        json.dumps(
            {
                "articles": len(topics),
                "stories": len(members),
                "bcubed": bcubed({a: story_of[a] for a in topics}, topics),
                "bcubed_keyword_articles": bcubed(
                    {a: story_of[a] for a in keyword_articles}, {a: topics[a] for a in keyword_articles}
                ),
                "bcubed_ceiling_off_topic_apart": bcubed(ceiling, topics),
                "purity": {
                    "min_of_stories_over_20": round(
                        min(p for s, p in purity.items() if len(members[s]) > 20), 4
                    ),
                    "stories_under_0.98": sum(1 for p in purity.values() if p < 0.98),
                    "articles_in_them": sum(len(members[s]) for s, p in purity.items() if p < 0.98),
                },
                "purity_keyword_articles": {
                    "stories_under_0.98": sum(1 for p in keyword_purity.values() if p < 0.98),
                    "articles_in_them": sum(
                        len(keyword_members[s]) for s, p in keyword_purity.items() if p < 0.98
                    ),
                    "min_of_stories_over_20": round(
                        min(p for s, p in keyword_purity.items() if len(keyword_members[s]) > 20), 4
                    ),
                },
                "topics": splits,
                "copies": last["copies"],
                "merges": last["merges"],
                "seconds_all_median": round(statistics.median(r["seconds_all"] for r in runs), 1),  # type: ignore[misc]
                "seconds_all_runs": [round(r["seconds_all"], 1) for r in runs],  # type: ignore[call-overload]
                "ms_per_article_first_90_median": round(
                    statistics.median(r["ms_per_article_first_90"] for r in runs),
                    2,  # type: ignore[misc]
                ),
                "ms_per_article_last_10_median": round(
                    statistics.median(r["ms_per_article_last_10"] for r in runs),
                    2,  # type: ignore[misc]
                ),
                "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "stability_changed_share": [round(x, 4) for x in shuffled],
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
