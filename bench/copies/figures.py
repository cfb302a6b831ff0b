"""Print copy detection's figures on Timeline17: planted copies found, false copies, speed.

    .venv/bin/python bench/copies/figures.py [--runs 3] [--seed 17] [--grow 0] [--show 0]

T17 is ingested once into a temporary SQLite file. 200 copies of random T17 articles (those with
at least 4 paragraphs) are planted, 50 of each kind, dated 1-5 days after their source and from an
invented outlet, and slotted in at random points of the arrival order (so a copy may arrive before
its source):

- exact: the same text under a new title;
- cut: the first 40-70 % of the paragraphs;
- edited: 3-6 words replaced, one paragraph added (taken from an article of another topic) or one
  removed, and the sentences of one paragraph in reverse order;
- retitled: a new title, and the first paragraph replaced by another lead.

A planted copy is found when it links to its source or to where its source links, or to another
earlier page that holds at least half of its text, measured exactly (listed apart).

False copies are links among the untouched articles, on a run without the planted ones. Each is
measured on the exact shingle sets; those read and judged to share only page furniture are listed
in reviewed.yaml and counted as false, as is any link whose pages share under half the shorter
text. --show N prints N of them for reading.

Speed, median of --runs runs on a shared machine (noisy): seconds for all articles from their text
(signatures included), seconds to rebuild the index from stored signatures, and the per-article
cost of that rebuild by tenth of the additions (in a shuffled order, so every tenth holds the same
mix of texts). --grow N also times an index grown to N random signatures, beyond T17's size.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml

from storyline.ingest import IngestOptions, ingest
from storyline.models import Article
from storyline.store import open_store
from storyline.stories.copies import (
    NUM_PERM,
    SHINGLE_WORDS,
    CopyCandidate,
    CopyIndex,
    normalised_words,
    signature,
)

REPO = Path(__file__).resolve().parents[2]

KINDS = ("exact", "cut", "edited", "retitled")
PER_KIND = 50
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def load_t17(t17: Path, tmp: Path) -> list[Article]:
    store = open_store(f"sqlite:///{tmp / 't17.db'}")
    folders = sorted(str(p / "InputDocs") for p in t17.iterdir() if (p / "InputDocs").is_dir())
    ingest(folders, store, IngestOptions())
    articles = list(store.iter_articles())
    store.close()
    return articles


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def plant(articles: list[Article], seed: int) -> tuple[list[CopyCandidate], dict[str, tuple[str, str]]]:
    """200 planted copies, and for each its (kind, source id)."""
    rng = random.Random(seed)
    eligible = [a for a in articles if len(paragraphs(a.text)) >= 4]
    sources = rng.sample(eligible, PER_KIND * len(KINDS))
    vocabulary = [w for a in rng.sample(articles, 50) for w in a.text.split() if w.isalpha()]
    planted: list[CopyCandidate] = []
    truth: dict[str, tuple[str, str]] = {}
    for number, source in enumerate(sources):
        kind = KINDS[number // PER_KIND]
        paras = paragraphs(source.text)
        if kind == "cut":
            keep = max(1, round(len(paras) * rng.uniform(0.4, 0.7)))
            paras = paras[:keep]
        elif kind == "edited":
            paras = _edit(paras, rng, vocabulary, _other_topic(articles, source, rng))
        elif kind == "retitled":
            paras = [_other_topic(articles, source, rng)] + paras[1:]
        copy_id = f"planted-{kind}-{number:03d}"
        truth[copy_id] = (kind, source.id)
        planted.append(
            CopyCandidate(
                id=copy_id,
                text="\n\n".join(paras),
                title=f"Planted headline {number}",
                published=_later(source.published, rng.randint(1, 5)),
                outlet=f"Planted Outlet {number % 7}",
            )
        )
    return planted, truth


def _edit(paras: list[str], rng: random.Random, vocabulary: list[str], extra: str) -> list[str]:
    paras = list(paras)
    for _ in range(rng.randint(3, 6)):
        i = rng.randrange(len(paras))
        words = paras[i].split()
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
        paras[i] = " ".join(words)
    if rng.random() < 0.5:
        paras.insert(rng.randrange(1, len(paras) + 1), extra)
    else:
        del paras[rng.randrange(1, len(paras))]
    i = rng.randrange(len(paras))
    paras[i] = " ".join(reversed(_SENTENCE_END.split(paras[i])))
    return paras


def _other_topic(articles: list[Article], source: Article, rng: random.Random) -> str:
    topic = _topic(source)
    while True:
        other = rng.choice(articles)
        paras = paragraphs(other.text)
        if _topic(other) != topic and paras:
            return paras[0]


def _topic(article: Article) -> str:
    return article.source.split("/InputDocs/")[0].rsplit("/", 1)[-1].split("_")[0]


def _later(published: str | None, days: int) -> str | None:
    if not published:
        return None
    from datetime import date, timedelta

    return (date.fromisoformat(published[:10]) + timedelta(days=days)).isoformat()


def candidates_of(articles: list[Article]) -> list[CopyCandidate]:
    return [CopyCandidate.from_article(a, arrival) for arrival, a in enumerate(articles)]


def run_index(candidates: list[CopyCandidate]) -> tuple[CopyIndex, float, list[float]]:
    """Every article added from its text, signature included."""
    index = CopyIndex()
    times = []
    started = time.perf_counter()
    for candidate in candidates:
        t0 = time.perf_counter()
        index.add(candidate)
        times.append(time.perf_counter() - t0)
    return index, time.perf_counter() - started, times


def add_stored(stored: list[tuple[CopyCandidate, bytes]]) -> tuple[CopyIndex, float, list[float]]:
    index = CopyIndex()
    times = []
    started = time.perf_counter()
    for candidate, stored_signature in stored:
        t0 = time.perf_counter()
        index.add(candidate, stored_signature)
        times.append(time.perf_counter() - t0)
    return index, time.perf_counter() - started, times


def tenths(times: list[float]) -> list[float]:
    """Milliseconds per article in each tenth of the additions."""
    size = len(times) // 10
    return [1000 * statistics.mean(times[k * size : (k + 1) * size]) for k in range(10)]


def synthetic_growth(articles: int) -> list[float]:
    """Per-article cost by tenth while the index grows to `articles` random signatures: the
    buckets and merges alone, beyond T17's size (random texts never match)."""
    rng = np.random.default_rng(0)
    stored = []
    for number in range(articles):
        hashes = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32).astype("<u4").tobytes()
        fake = signature(f"article {number} " * 3)[: -4 * NUM_PERM] + hashes
        stored.append((CopyCandidate(f"synthetic-{number}", "", arrival=number), fake))
    return tenths(add_stored(stored)[2])


def index_bytes(stored: list[tuple[CopyCandidate, bytes]]) -> int:
    """Memory the index holds per article, rebuilt from signatures (Python allocations)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = CopyIndex()
    for candidate, stored_signature in stored:
        index.add(candidate, stored_signature)
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return round(held / len(stored))


def exact_overlap(a: str, b: str) -> tuple[float, float, int]:
    """Exact Jaccard, containment of the shorter and shared count of 5-word shingles."""
    sa, sb = _shingles(a), _shingles(b)
    shared = len(sa & sb)
    union = len(sa | sb) or 1
    return shared / union, shared / (min(len(sa), len(sb)) or 1), shared


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = normalised_words(text)
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--show", type=int, default=0, help="print N links among untouched articles")
    parser.add_argument("--grow", type=int, default=0, help="also time an index grown to N random signatures")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    t17 = args.shared / "data" / "t17"
    if not t17.exists():
        raise SystemExit(f"{t17} is not here: Timeline17 sits in ../shared beside the repository")

    with tempfile.TemporaryDirectory() as tmp:
        articles = load_t17(t17, Path(tmp))
    by_id = {a.id: a for a in articles}
    untouched = candidates_of(articles)
    planted, truth = plant(articles, args.seed)
    rng = random.Random(args.seed + 1)
    mixed = list(untouched)
    for copy in planted:
        mixed.insert(rng.randrange(len(mixed) + 1), copy)
    for arrival, candidate in enumerate(mixed):
        candidate.arrival = arrival

    # 1. Planted copies found, and speed over the whole set.
    seconds = []
    for _ in range(max(1, args.runs)):
        index, total, _ = run_index(mixed)
        seconds.append(total)
    found: Counter[str] = Counter()
    elsewhere = []
    missed = []
    texts = {c.id: c.text for c in mixed}
    for copy_id, (kind, source_id) in truth.items():
        link = index.link(copy_id)
        source_link = index.link(source_id)
        if link and link.copy_of in (source_id, source_link and source_link.copy_of):
            found[kind] += 1
        elif link and link.copy_of and exact_overlap(texts[copy_id], texts[link.copy_of])[1] >= 0.5:
            # Linked to an earlier page that holds most of the same text (an earlier version of the
            # source, or a page that embeds it): a right answer the source's own chain does not show.
            found[kind] += 1
            elsewhere.append(copy_id)
        else:
            missed.append(copy_id)

    # 2. False copies: links among the untouched articles alone. Each is measured on the exact
    # shingle sets; the ones read and judged to share only page furniture are in reviewed.yaml.
    alone, alone_seconds, _ = run_index(untouched)
    reviewed = yaml.safe_load((Path(__file__).parent / "reviewed.yaml").read_text())["false_copies"]
    furniture = {(r["article"], r["copy_of"]) for r in reviewed}
    rows = []
    for link in alone.links():
        if link.copy_of is None:
            continue  # a republication notice naming an outlet that T17 does not hold
        jaccard, contained, shared = exact_overlap(by_id[link.article].text, by_id[link.copy_of].text)
        if (link.article, link.copy_of) in furniture:
            verdict = "furniture"
        elif contained >= 0.5 and shared >= 30:
            verdict = "shared text"  # at least half the shorter text, word for word
        else:
            verdict = "unreviewed, little shared"
        rows.append((verdict, contained, jaccard, link))
    verdicts = Counter(verdict for verdict, *_ in rows)
    false_copies = verdicts["furniture"] + verdicts["unreviewed, little shared"]

    # 3. Rebuild from stored signatures, in arrival order (same links?) and in a shuffled order
    # (per-article cost by tenth of the additions, with the mix of texts the same in every tenth).
    signatures = {c.id: signature(c.text) for c in mixed}
    stored = [(replace(c, text=""), signatures[c.id]) for c in mixed]
    shuffled = list(stored)
    random.Random(args.seed + 2).shuffle(shuffled)
    rebuild, by_tenth = [], []
    for _ in range(max(1, args.runs)):
        rebuilt, seconds_taken, _ = add_stored(stored)
        rebuild.append(seconds_taken)
        by_tenth.append(tenths(add_stored(shuffled)[2]))
    same = rebuilt.links() == index.links()

    figures = {
        "articles_untouched": len(untouched),
        "planted": len(planted),
        "found_percent": {k: round(100 * found[k] / PER_KIND, 1) for k in KINDS}
        | {"all": round(100 * sum(found.values()) / len(planted), 1)},
        "found_via_earlier_version": elsewhere,
        "missed": missed,
        "untouched_linked": len(rows),
        "untouched_linked_percent": round(100 * len(rows) / len(untouched), 2),
        "untouched_links_by_verdict": dict(verdicts),
        "untouched_links_by_kind": dict(Counter(link.kind for *_, link in rows)),
        "false_copies": false_copies,
        "false_copies_percent": round(100 * false_copies / len(untouched), 2),
        "index_bytes_per_article": index_bytes(stored),
        "seconds_all_median": round(statistics.median(seconds), 2),
        "seconds_runs": [round(s, 2) for s in seconds],
        "seconds_untouched_only": round(alone_seconds, 2),
        "seconds_rebuild_from_signatures_median": round(statistics.median(rebuild), 2),
        "rebuild_ms_per_article_by_tenth": [
            round(statistics.median(t), 3) for t in zip(*by_tenth, strict=True)
        ],
        "rebuild_same_links": same,
    }
    if args.grow:
        figures["synthetic_growth_ms_per_article_by_tenth"] = [
            round(t, 3) for t in synthetic_growth(args.grow)
        ]
    print(json.dumps(figures, indent=2))
    for verdict, contained, jaccard, link in sorted(rows, key=lambda r: (r[0], r[1]))[: args.show]:
        a, b = by_id[link.article], by_id[link.copy_of or ""]
        print(
            f"\n{verdict}: {link.kind} estimated {link.similarity}, exactly {contained:.2f} of the "
            f"shorter text shared, Jaccard {jaccard:.2f}; {link.evidence}"
        )
        for article in (a, b):
            print(
                f"  {article.id} {article.source.split('t17/')[-1]} {len(article.text.split())} words: "
                f"{article.text[:160]!r}"
            )


if __name__ == "__main__":
    main()
