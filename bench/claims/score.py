"""Score the claims stage's figure grouping against the hand-annotated Timeline17 gold set.

    .venv/bin/python bench/claims/score.py --db sqlite:////tmp/t17.db [--gold bench/claims/t17_gold.yaml]

The store must hold Timeline17 ingested, annotated and clustered. The script runs
`claims_of_story` on the story that holds most of the gold articles and maps each gold figure to
the system's figure in the same article whose offsets overlap it most. The claims stage keeps a
figure a report repeats once ("several hundred" three times in one report is one figure), so a gold
figure the language stage found but whose repeat is the one kept maps to the kept repeat's claim
(same article, same range); it is counted as found, and as a repeat. Other gold figures are misses.

Printed as JSON:
- pairs: over pairs of gold figures from different articles, a pair is gold-positive when both are
  in one gold group and system-positive when both are found in one system claim; precision,
  recall and F1 of the system-positive pairs (a missed figure counts against recall only), with
  the lost pairs split into those lost to a missed figure and to a split, and the wrong ones into
  those whose gold groups have the same subject at another time and those of another subject;
- verdicts: for each gold group with two or more figures found, the verdict of the system claim
  holding most of them against the gold verdict;
- seconds: the time `claims_of_story` took;
- worst_split / worst_joined: the gold groups whose figures the system spread over most claims
  (by gold pairs lost) and the system claims that join most figures of different gold groups (by
  wrong pairs), as article ids and offsets.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select, update

from storyline.claims import claims_of_story
from storyline.models import Claim
from storyline.store import Store, open_store, schema

HERE = Path(__file__).resolve().parent


@dataclass(slots=True)
class GoldFigure:
    article: str
    start: int
    end: int
    low: float | None
    high: float | None
    group: str
    claim: str | None = None  # the system claim it was mapped to
    repeat: bool = False  # mapped through a repeat the claims stage dropped

    @property
    def where(self) -> str:
        return f"{self.article}:{self.start}-{self.end}"


def load_gold(path: Path) -> tuple[list[GoldFigure], dict[str, dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    figures = [
        GoldFigure(article["id"], f["start"], f["end"], f["low"], f["high"], f["group"])
        for article in data["articles"]
        for f in article["figures"]
    ]
    return figures, data["groups"]


def story_of(store: Store, articles: set[str]) -> str:
    """The story holding most of these articles."""
    best = max(store.list_stories(), key=lambda story: len(articles & set(story.articles)))
    return best.id


def map_figures(store: Store, figures: list[GoldFigure], claims: list[Claim]) -> None:
    # 1. The claim value whose offsets overlap the gold figure most, in the same article.
    values: dict[str, list[tuple[int, int, tuple[float | None, float | None], str]]] = defaultdict(list)
    for claim in claims:
        for value in claim.values:
            values[value.article].append((value.start, value.end, value.range, claim.id))

    def overlap(figure: GoldFigure, start: int, end: int) -> int:
        return min(figure.end, end) - max(figure.start, start)

    notes = store.annotations_of(sorted({f.article for f in figures}))
    for figure in figures:
        hits = [(overlap(figure, s, e), claim) for s, e, _, claim in values[figure.article]]
        hits = [hit for hit in hits if hit[0] > 0]
        if hits:
            figure.claim = max(hits)[1]
            continue
        # 2. A repeat: the language stage found the figure, and the claims stage kept another
        # figure of the same article with the same range.
        quantities = notes[figure.article].quantities if figure.article in notes else []
        found = [q for q in quantities if q.start < figure.end and figure.start < q.end]
        for quantity in found:
            twin = next(
                (c for _, _, r, c in values[figure.article] if r == (quantity.low, quantity.high)), None
            )
            if twin is not None:
                figure.claim, figure.repeat = twin, True
                break


def pair_scores(figures: list[GoldFigure], groups: dict[str, dict[str, Any]]) -> dict[str, Any]:
    gold_pairs = system_pairs = correct = 0
    # Why pairs go wrong: a pair lost to a missed figure or to a split; a pair wrongly joined
    # whose gold groups name the same subject at another time (a count of another day) or not.
    lost_to_miss = lost_to_split = joined_other_time = joined_other_subject = 0
    for a, b in combinations(figures, 2):
        if a.article == b.article:
            continue
        same_gold = a.group == b.group
        same_system = a.claim is not None and a.claim == b.claim
        gold_pairs += same_gold
        system_pairs += same_system
        correct += same_gold and same_system
        if same_gold and not same_system:
            if a.claim is None or b.claim is None:
                lost_to_miss += 1
            else:
                lost_to_split += 1
        elif same_system and not same_gold:
            if groups[a.group]["subject"] == groups[b.group]["subject"]:
                joined_other_time += 1
            else:
                joined_other_subject += 1
    precision = correct / system_pairs if system_pairs else 0.0
    recall = correct / gold_pairs if gold_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold_pairs": gold_pairs,
        "system_pairs": system_pairs,
        "correct_pairs": correct,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "lost_to_missed_figure": lost_to_miss,
        "lost_to_split": lost_to_split,
        "wrongly_joined_same_subject_other_time": joined_other_time,
        "wrongly_joined_other_subject": joined_other_subject,
    }


def verdict_scores(
    figures: list[GoldFigure], groups: dict[str, dict[str, Any]], claims: dict[str, Claim]
) -> dict[str, Any]:
    by_group: dict[str, list[GoldFigure]] = defaultdict(list)
    for figure in figures:
        if figure.claim is not None:
            by_group[figure.group].append(figure)
    confusion: Counter[str] = Counter()
    for group, found in by_group.items():
        if len(found) < 2:
            continue
        claim, _ = Counter(f.claim for f in found).most_common(1)[0]
        assert claim is not None
        confusion[f"{groups[group]['verdict']} -> {claims[claim].verdict}"] += 1
    scored = sum(confusion.values())
    right = sum(n for pair, n in confusion.items() if pair.split(" -> ")[0] == pair.split(" -> ")[1])
    return {
        "scored_groups": scored,
        "correct": right,
        "accuracy": round(right / scored, 3) if scored else 0.0,
        "gold -> system": dict(sorted(confusion.items(), key=lambda item: -item[1])),
    }


def worst_errors(figures: list[GoldFigure], claims: dict[str, Claim], top: int) -> dict[str, Any]:
    by_group: dict[str, list[GoldFigure]] = defaultdict(list)
    by_claim: dict[str, list[GoldFigure]] = defaultdict(list)
    for figure in figures:
        by_group[figure.group].append(figure)
        if figure.claim is not None:
            by_claim[figure.claim].append(figure)

    def cross_pairs(members: list[GoldFigure], keep: bool) -> int:
        # Pairs from different articles that are split (keep=False: same group, other claims) or
        # wrongly joined (keep=True: same claim, other groups).
        return sum(
            1
            for a, b in combinations(members, 2)
            if a.article != b.article and ((a.group != b.group) if keep else (a.claim != b.claim))
        )

    split: list[dict[str, Any]] = []
    for group, members in by_group.items():
        lost = cross_pairs(members, keep=False)
        if lost and len({m.claim for m in members}) > 1:
            split.append(
                {
                    "gold_group": group,
                    "pairs_lost": lost,
                    "figures": [f"{m.where} -> {m.claim or 'missed'}" for m in members],
                }
            )
    joined: list[dict[str, Any]] = []
    for claim, members in by_claim.items():
        wrong = cross_pairs(members, keep=True)
        if wrong:
            joined.append(
                {
                    "claim": claim,
                    "system_subject": claims[claim].subject,
                    "wrong_pairs": wrong,
                    "gold_groups": dict(Counter(m.group for m in members).most_common()),
                    "figures": [f"{m.where} ({m.group})" for m in members],
                }
            )
    split.sort(key=lambda item: -item["pairs_lost"])
    joined.sort(key=lambda item: -item["wrong_pairs"])
    return {"worst_split": split[:top], "worst_joined": joined[:top]}


def name_outlets_from_folders(store: Store) -> int:
    """Give Timeline17 articles the outlet their folder names (`H1N1_bbc/InputDocs` -> "bbc"): the
    corpus has no other outlet metadata, and verdicts count independent sources by outlet. Writes
    to the store it is given (use a copy)."""
    named = 0
    with store.engine.begin() as conn:
        rows = conn.execute(
            select(schema.articles.c.id, schema.articles.c.source).where(schema.articles.c.outlet.is_(None))
        )
        for article_id, source in rows.all():
            match = re.search(r"[/\\][A-Za-z0-9]+_([A-Za-z]+)[/\\]InputDocs[/\\]", source)
            if match:
                conn.execute(
                    update(schema.articles)
                    .where(schema.articles.c.id == article_id)
                    .values(outlet=match.group(1))
                )
                named += 1
    return named


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", required=True, help="store URL with Timeline17 ingested, annotated, clustered"
    )
    parser.add_argument("--gold", type=Path, default=HERE / "t17_gold.yaml")
    parser.add_argument("--worst", type=int, default=5, help="how many split and joined errors to list")
    parser.add_argument(
        "--no-folder-outlets",
        action="store_true",
        help="leave Timeline17 articles without an outlet (each report then counts as its own source)",
    )
    args = parser.parse_args()

    figures, groups = load_gold(args.gold)
    store = open_store(args.db)
    if not args.no_folder_outlets:
        name_outlets_from_folders(store)
    articles = {f.article for f in figures}
    story = story_of(store, articles)
    missing_articles = sorted(articles - set(store.get_story(story).articles))
    began = time.perf_counter()
    claims = [c for c in claims_of_story(store, story) if c.kind == "figure"]
    seconds = time.perf_counter() - began
    map_figures(store, figures, claims)
    store.close()

    by_id = {claim.id: claim for claim in claims}
    found = [f for f in figures if f.claim is not None]
    report = {
        "story": story,
        "gold_articles": len(articles),
        "gold_articles_outside_story": missing_articles,
        "gold_figures": len(figures),
        "gold_groups": len(groups),
        "found": len(found),
        "found_as_repeat": sum(f.repeat for f in found),
        "missed": len(figures) - len(found),
        "system_figure_claims": len(claims),
        "pairs": pair_scores(figures, groups),
        "verdicts": verdict_scores(figures, groups, by_id),
        "seconds": round(seconds, 2),
        **worst_errors(figures, by_id, args.worst),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
