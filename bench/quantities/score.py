"""Score the quantity tagger on the hand-annotated Timeline17 figures in gold.yaml.

    .venv/bin/python bench/quantities/score.py [--shared ../shared] [--runs 5] [--part dev --show]

Ingests the listed Timeline17 files into a temporary store (article ids are derived from content,
so they match the gold file's), runs find_quantities on each article and prints precision and recall
for the dev and held-out parts. A prediction matches a gold figure when their spans overlap and value,
low and high agree; kind and the approximate flag are reported on the matches. Speed is words per
second of find_quantities alone (sentences split beforehand, as the language stage shares them) and
with the split included, medians over --runs passes. --show prints the misses and extras.
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from storyline.ingest import ingest
from storyline.language.quantities import find_quantities
from storyline.language.sentences import tokenize_sentences
from storyline.models import Quantity
from storyline.store import open_store

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _matches(gold: dict[str, Any], found: Quantity) -> bool:
    overlap = found.start < gold["end"] and gold["start"] < found.end
    return overlap and all(_same(gold[key], getattr(found, key)) for key in ("value", "low", "high"))


def _texts(shared: Path, articles: list[dict[str, Any]]) -> dict[str, str]:
    files = [str(shared / "data" / "t17" / article["file"]) for article in articles]
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/t17.db")
        ingest(files, store)
        texts = {article.id: article.text for article in store.iter_articles()}
        store.close()
    missing = [a["file"] for a in articles if a["id"] not in texts]
    if missing:
        raise SystemExit(f"ingest gave other article ids than the gold file for: {missing}")
    return texts


def score(articles: list[dict[str, Any]], texts: dict[str, str], part: str, show: bool) -> None:
    gold_total = found_total = matched = kind_same = approx_same = 0
    for article in articles:
        if article["part"] != part:
            continue
        text = texts[article["id"]]
        found = find_quantities(text)
        gold = article["quantities"]
        gold_total += len(gold)
        found_total += len(found)
        used: set[int] = set()
        for item in gold:
            hit = next((i for i, q in enumerate(found) if i not in used and _matches(item, q)), None)
            if hit is None:
                if show:
                    print(f"  miss  {article['file']}: {text[item['start'] : item['end']]!r} {_values(item)}")
                continue
            used.add(hit)
            matched += 1
            kind_same += found[hit].kind == item["kind"]
            approx_same += found[hit].approximate == item["approximate"]
        if show:
            for i, q in enumerate(found):
                if i not in used:
                    print(f"  extra {article['file']}: {q.text!r} {_values(_record(q))}")
    precision = matched / found_total if found_total else 0.0
    recall = matched / gold_total if gold_total else 0.0
    print(
        f"{part:8} gold {gold_total:3}  found {found_total:3}  matched {matched:3}  "
        f"P {precision:.3f}  R {recall:.3f}  kind {kind_same}/{matched}  approximate {approx_same}/{matched}"
    )


def _record(q: Quantity) -> dict[str, Any]:
    return {name: getattr(q, name) for name in q.__slots__}


def _values(item: dict[str, Any]) -> str:
    return f"value={item['value']} low={item['low']} high={item['high']}"


def speed(texts: list[str], runs: int) -> None:
    words = sum(len(text.split()) for text in texts)
    split = [tokenize_sentences(text) for text in texts]
    alone, with_split = [], []
    for _ in range(runs):
        started = time.perf_counter()
        for text, sentences in zip(texts, split, strict=True):
            find_quantities(text, sentences)
        alone.append(time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            find_quantities(text)
        with_split.append(time.perf_counter() - started)
    print(
        f"speed    {words} words: {words / statistics.median(alone):,.0f} words/s for find_quantities, "
        f"{words / statistics.median(with_split):,.0f} words/s with the sentence split (medians of {runs})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--part", choices=["dev", "heldout"], help="score one part only")
    parser.add_argument("--show", action="store_true", help="print the misses and extras")
    args = parser.parse_args()
    articles = yaml.safe_load((HERE / "gold.yaml").read_text(encoding="utf-8"))["articles"]
    texts = _texts(args.shared, articles)
    for part in [args.part] if args.part else ["dev", "heldout"]:
        score(articles, texts, part, show=args.show)
    speed([texts[a["id"]] for a in articles], args.runs)


if __name__ == "__main__":
    main()
