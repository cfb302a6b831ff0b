"""Entity-level scores of the language stage against our gold for the seeds and the examples.

Each gold file (seeds.yaml, examples.yaml beside this script) lists, per article, the distinct
entities a careful reader sees in the article body. The script ingests the articles into a
throwaway store, runs the tagger and the linking on each body, and compares sets: an entity is a
(canonical name, label) pair within one article, with both sides passed through
`canonical_name`. Precision, recall and F1 are micro-averaged over the articles of a set.

    .venv/bin/python bench/entities/score.py              # seeds (if ../shared is here) and examples
    .venv/bin/python bench/entities/score.py -v           # and what each article missed or added
    .venv/bin/python bench/entities/score.py --no-link    # the tagger's mentions, names as written
    .venv/bin/python bench/entities/score.py --timing     # and the linking's time per mention
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from storyline.ingest import ingest
from storyline.language.entities.linking import canonical_name, link_mentions
from storyline.language.sentences import tokenize_sentences
from storyline.models import EntityMention
from storyline.store import open_store

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
EXAMPLES = REPO / "examples"

Entity = tuple[str, str]  # (canonical name, label)
Pipeline = Callable[[str], list[EntityMention]]


def recognizer_missing() -> str | None:
    """Why the entity tagger cannot run here, or None when it can."""
    try:
        from storyline.language.entities import EntityRecognizer
    except ImportError as error:
        return f"storyline.language.entities.EntityRecognizer is not there yet ({error})"
    try:
        EntityRecognizer.load()
    except (OSError, ValueError) as error:
        return f"EntityRecognizer.load() failed: {error}"
    return None


def load_pipeline(*, link: bool = True) -> Pipeline:
    """The pipeline under test: tagger, then linking (text -> mentions with entity names)."""
    reason = recognizer_missing()
    if reason:
        raise RuntimeError(reason)
    from storyline.language.entities import EntityRecognizer

    recognizer = EntityRecognizer.load()

    def run(text: str) -> list[EntityMention]:
        sentences = tokenize_sentences(text)
        mentions = recognizer.find(text, sentences)
        return link_mentions(text, mentions, sentences) if link else mentions

    return run


@dataclass(slots=True)
class ArticleScore:
    key: str
    found: bool
    gold: set[Entity] = field(default_factory=set)
    predicted: set[Entity] = field(default_factory=set)

    @property
    def missed(self) -> set[Entity]:
        return self.gold - self.predicted

    @property
    def extra(self) -> set[Entity]:
        return self.predicted - self.gold


@dataclass(slots=True)
class SetScore:
    name: str
    articles: list[ArticleScore]
    seconds: float = 0.0

    @property
    def true_positives(self) -> int:
        return sum(len(a.gold & a.predicted) for a in self.articles)

    @property
    def precision(self) -> float:
        predicted = sum(len(a.predicted) for a in self.articles)
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        gold = sum(len(a.gold) for a in self.articles)
        return self.true_positives / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def render(self, *, verbose: bool = False) -> str:
        gold = sum(len(a.gold) for a in self.articles)
        predicted = sum(len(a.predicted) for a in self.articles)
        lines = [
            f"{self.name}: {len(self.articles)} articles, {gold} gold entities, {predicted} predicted, "
            f"{self.true_positives} right",
            f"  precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}"
            f"  ({1000 * self.seconds / max(1, len(self.articles)):.1f} ms per article)",
        ]
        for article in self.articles:
            if not article.found:
                lines.append(f"  {article.key}: article not ingested")
            elif verbose and (article.missed or article.extra):
                lines.append(f"  {article.key}: missed {_show(article.missed)}")
                lines.append(f"  {article.key}: extra  {_show(article.extra)}")
        return "\n".join(lines)


def _show(entities: set[Entity]) -> str:
    return ", ".join(f"{name}/{label}" for name, label in sorted(entities)) or "-"


def score_folder(folder: Path, gold_path: Path, pipeline: Pipeline, name: str = "") -> SetScore:
    """Ingest the gold's articles from `folder` and score the pipeline's entities on their bodies."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))["articles"]
    containers = sorted({f"{folder}/{entry['source'].split('#')[0]}" for entry in gold.values()})
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/entities.db")
        ingest(containers, store)
        articles = {article.source: article for article in store.iter_articles()}
        store.close()
    result = SetScore(name or str(folder), [])
    for key, entry in gold.items():
        article = articles.get(f"{folder}/{entry['source']}")
        score = ArticleScore(str(key), article is not None)
        score.gold = {(canonical_name(e["name"], e["label"]), e["label"]) for e in entry["entities"]}
        if article is not None:
            started = time.perf_counter()
            mentions = pipeline(article.text)
            result.seconds += time.perf_counter() - started
            score.predicted = {(canonical_name(m.entity or m.text, m.label), m.label) for m in mentions}
        result.articles.append(score)
    return result


def link_timing(folder: Path, gold_path: Path, repeats: int = 7) -> tuple[int, float]:
    """Mentions the tagger found in the set, and the median time of linking them (microseconds each)."""
    from storyline.language.entities import EntityRecognizer

    recognizer = EntityRecognizer.load()
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))["articles"]
    containers = sorted({f"{folder}/{entry['source'].split('#')[0]}" for entry in gold.values()})
    store = open_store("sqlite://")
    ingest(containers, store)
    inputs = []
    for article in store.iter_articles():
        sentences = tokenize_sentences(article.text)
        inputs.append((article.text, recognizer.find(article.text, sentences), sentences))
    count = sum(len(mentions) for _, mentions, _ in inputs)
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        for text, mentions, sentences in inputs:
            link_mentions(text, mentions, sentences)
        runs.append(time.perf_counter() - started)
    return count, 1e6 * statistics.median(runs) / max(1, count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="seed folder (default ../shared/seeds)")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="examples folder")
    parser.add_argument("--no-link", action="store_true", help="score the tagger's mentions without linking")
    parser.add_argument("--timing", action="store_true", help="time the linking alone (median of 7 runs)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed and extra entities")
    args = parser.parse_args(argv)
    reason = recognizer_missing()
    if reason:
        print(f"cannot score: {reason}", file=sys.stderr)
        return 2
    pipeline = load_pipeline(link=not args.no_link)
    sets = [("seeds", args.seeds, HERE / "seeds.yaml"), ("examples", args.examples, HERE / "examples.yaml")]
    for name, folder, gold_path in sets:
        if not folder.is_dir():
            print(f"{name}: {folder} is not here, skipped")
            continue
        print(score_folder(folder, gold_path, pipeline, name).render(verbose=args.verbose))
        if args.timing:
            count, micros = link_timing(folder, gold_path)
            print(f"  linking: {micros:.1f} µs per tagged mention ({count} mentions, median of 7 runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
