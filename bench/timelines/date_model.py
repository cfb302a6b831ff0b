"""Can a learned date model beat the counting rule? Leave-one-topic-out on Timeline17.

    .venv/bin/python bench/timelines/date_model.py --db sqlite:////tmp/t17.db

The store must hold Timeline17 ingested and annotated (`storyline evaluate t17 --store URL` makes
one). For every gold timeline, each day within its span that its input articles mention gets the
counts of `storyline.timelines.date_selection.DateFeatures` and a label: is it a gold date. Date-F1 of the
top-l days (l = the gold count) is printed for the default rule, for logistic regression trained
on the other eight topics (several C), and for weights chosen from a small grid on the other
topics, the way DATEWISE trains its date model. Needs scikit-learn (`pip install scikit-learn`).
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from storyline.evaluate import t17
from storyline.store import open_store
from storyline.timelines.build import keyword_pattern
from storyline.timelines.date_selection import FEATURE_NAMES, DateScorer, date_features
from storyline.timelines.sentences import collect_sentences

Row = tuple[str, np.ndarray, np.ndarray, list[date], int]  # topic, features, labels, days, l


def timeline_rows(db: str, data: Path) -> list[Row]:
    gold = t17.read_gold(data)
    store = open_store(db)
    by_topic = t17._articles_by_topic(store, sorted({g.topic for g in gold}))
    rows: list[Row] = []
    for timeline in gold:
        first, last = min(timeline.dates), max(timeline.dates)
        pattern = keyword_pattern(timeline.keywords)
        selected = [
            a
            for a in by_topic[timeline.topic]
            if a.published
            and first <= date.fromisoformat(a.published[:10]) <= last
            and pattern.search(f"{a.title or ''}\n{a.text}")
        ]
        ids = [a.id for a in selected]
        copies = {c.article: c for c in store.copy_links(ids)}
        features = date_features(collect_sentences(selected, store.annotations_of(ids), copies))
        days, vectors, labels = [], [], []
        for mentioned, counts in features.items():
            if mentioned.precision != "day" or not first <= mentioned.first_day <= last:
                continue
            days.append(mentioned.first_day)
            vectors.append(counts.vector())
            labels.append(mentioned.first_day in timeline.dates)
        rows.append((timeline.topic, np.array(vectors), np.array(labels), days, len(timeline.dates)))
    return rows


def date_f1(rows: list[Row], weights_for: Callable[[str], np.ndarray]) -> float:
    """Date-F1 as news-tls averages it: precision and recall over timelines, then F1."""
    precision = recall = 0.0
    for topic, features, labels, days, wanted in rows:
        scores = features @ weights_for(topic)
        top = sorted(range(len(days)), key=lambda i: (-scores[i], days[i]))[:wanted]
        hits = sum(bool(labels[i]) for i in top)
        precision += hits / max(1, len(top))
        recall += hits / wanted
    precision, recall = precision / len(rows), recall / len(rows)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3] / "shared/data/t17")
    args = parser.parse_args()
    rows = timeline_rows(args.db, args.data)
    rule = np.array(DateScorer.default().weights)
    print(f"counting rule {rule.tolist()}: Date-F1 {date_f1(rows, lambda _t: rule):.4f}")

    def trained_without(topic: str, c: float) -> np.ndarray:
        train = [r for r in rows if r[0] != topic]
        model = LogisticRegression(C=c, max_iter=5000).fit(
            np.vstack([r[1] for r in train]), np.concatenate([r[2] for r in train])
        )
        return np.asarray(model.coef_[0])

    for c in (0.01, 0.1, 1.0, 10.0):
        print(
            f"logistic regression, C={c}, other topics: Date-F1 {date_f1(rows, lambda t, c=c: trained_without(t, c)):.4f}"
        )

    grid = [
        np.array(w, float)
        for w in itertools.product([0, 0.5], [1], [0, -0.5], [0, 0.5], [0, 0.5, 1, 2], [0, 0.5], [0, 0.5, 1])
    ]

    def chosen_without(topic: str) -> np.ndarray:
        train = [r for r in rows if r[0] != topic]
        return max(grid, key=lambda w: date_f1(train, lambda _t: w))

    print(f"grid of weights chosen on the other topics: Date-F1 {date_f1(rows, chosen_without):.4f}")
    best = max(grid, key=lambda w: date_f1(rows, lambda _t: w))
    print(
        f"grid chosen on all topics (not held out): {dict(zip(FEATURE_NAMES, best.tolist(), strict=True))}: "
        f"Date-F1 {date_f1(rows, lambda _t: best):.4f}"
    )


if __name__ == "__main__":
    main()
