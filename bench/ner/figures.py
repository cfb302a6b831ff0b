"""Print the entity tagger's dev figures: micro and per-type F1 on every dev set, and its speed.

    .venv/bin/python bench/ner/figures.py                 # the shipped model
    .venv/bin/python bench/ner/figures.py --model DIR/model.crfsuite --runs 3
    .venv/bin/python bench/ner/figures.py --nlp minilm --runs 3  # the optional MiniLM tagger

Words per second are the median of `--runs` timings of the whole dev set (the machine is shared,
so single runs are noisy).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from storyline.evaluate.ner import TokenTagger, evaluate_ner
from storyline.language.entities import EntityRecognizer

NER_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ner"
DEV_SETS = ("uner-pud", "uner-ewt", "gum", "wikigold", "crossner", "btc", "wnut17")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=NER_DATA)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sets", nargs="+", default=list(DEV_SETS))
    parser.add_argument("--nlp", choices=["crf", "minilm"], default="crf")
    parser.add_argument("--int8", action="store_true", help="minilm with int8 linear layers")
    parser.add_argument("--network-only", action="store_true", help="minilm without the document steps")
    args = parser.parse_args()
    recognizer: TokenTagger
    if args.nlp == "minilm":
        from storyline.language.entities.minilm import MiniLMEntityFinder

        finder = MiniLMEntityFinder.load(args.model, quantized=args.int8)
        finder.document_steps = not args.network_only
        recognizer = finder
    else:
        recognizer = EntityRecognizer.load(args.model)
    print("| dev set | micro F1 | PER | ORG | LOC | words/s |")
    print("|---|---|---|---|---|---|")
    for name in args.sets:
        runs = [evaluate_ner(args.data / name / "dev.conll", recognizer) for _ in range(args.runs)]
        scores = runs[0]
        speed = statistics.median(run["words_per_second"] for run in runs)
        per_type = " | ".join(f"{scores['per_type'][kind]['f1'] * 100:.1f}" for kind in ("PER", "ORG", "LOC"))
        print(f"| {name} | {scores['micro']['f1'] * 100:.1f} | {per_type} | {speed:,.0f} |")


if __name__ == "__main__":
    main()
