"""CoNLL reading in each tag scheme, exact-span scores worked out by hand, and the gate on the dev sets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from storyline.evaluate.ner import evaluate_ner, read_conll, score_spans, tags_to_spans

# The same two sentences in three tag schemes: "Maria Lopez of Acme Corp met Tom in Lima ." and
# "Paris Berlin talks ." (two adjacent places, which only a B- tag can keep apart).
WORDS = [
    ["Maria", "Lopez", "of", "Acme", "Corp", "met", "Tom", "in", "Lima", "."],
    ["Paris", "Berlin", "talks", "."],
]
IOB2 = [
    ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-PER", "O", "B-LOC", "O"],
    ["B-LOC", "B-LOC", "O", "O"],
]
IOB1 = [
    ["I-PER", "I-PER", "O", "I-ORG", "I-ORG", "O", "I-PER", "O", "I-LOC", "O"],
    ["I-LOC", "B-LOC", "O", "O"],
]
IO = [
    ["I-PER", "I-PER", "O", "I-ORG", "I-ORG", "O", "I-PER", "O", "I-LOC", "O"],
    ["I-LOC", "I-LOC", "O", "O"],  # IO cannot separate them: one span
]


def conll(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], middle: str = "") -> str:
    blocks = [
        "\n".join(f"{w}\t{middle}{t}" for w, t in zip(s, ts, strict=True))
        for s, ts in zip(sentences, tags, strict=True)
    ]
    return "\n\n".join(blocks) + "\n"


class FixedTagger:
    """Stands in for EntityRecognizer: answers with given tags, one sentence at a time."""

    def __init__(self, tags: list[list[str]]) -> None:
        self.tags = list(tags)

    def tag_tokens(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        out, self.tags = self.tags[: len(sentences)], self.tags[len(sentences) :]
        return out


@pytest.mark.parametrize("tags", [IOB2, IOB1], ids=["iob2", "iob1"])
def test_iob_schemes_read_to_the_same_spans(write, tags: list[list[str]]) -> None:
    path = write("data.conll", conll(WORDS, tags))
    [document] = read_conll(path)
    assert document.sentences == WORDS
    assert document.tags == IOB2


def test_io_tags_merge_adjacent_entities_of_one_type(write) -> None:
    [document] = read_conll(write("io.conll", conll(WORDS, IO)))
    assert document.tags[1] == ["B-LOC", "I-LOC", "O", "O"]
    assert [tags_to_spans(t) for t in document.tags][0] == [
        (0, 2, "PER"),
        (3, 5, "ORG"),
        (6, 7, "PER"),
        (8, 9, "LOC"),
    ]


def test_middle_columns_and_space_separation_are_ignored(write) -> None:
    text = "-DOCSTART- -X- O O\n\nMaria NNP B-NP B-PER\nLopez NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nLima NNP B-NP B-LOC\n"
    documents = read_conll(write("four.conll", text))
    assert [d.sentences for d in documents] == [[["Maria", "Lopez"]], [["Lima"]]]
    assert documents[0].tags == [["B-PER", "I-PER"]]


def test_scores_by_hand() -> None:
    # Gold: PER Maria Lopez, ORG Acme Corp, PER Tom, LOC Lima, LOC Paris, LOC Berlin (6 spans).
    # Predicted: PER "Maria" only (wrong span), ORG Acme Corp (right), PER Tom (right),
    # ORG Lima (wrong type), LOC Paris Berlin as one span (wrong), MISC "talks" (not scored).
    predicted = [
        ["B-PER", "O", "O", "B-ORG", "I-ORG", "O", "B-PER", "O", "B-ORG", "O"],
        ["B-LOC", "I-LOC", "B-MISC", "O"],
    ]
    scores = score_spans(IOB2, predicted)
    # PER: 1 right of 2 predicted, 2 gold. ORG: 1 of 2 predicted, 1 gold. LOC: 0 of 1, 3 gold.
    assert scores["per_type"]["PER"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert scores["per_type"]["ORG"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667}
    assert scores["per_type"]["LOC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    # Micro: 2 right of 5 predicted, 6 gold: P 0.4, R 0.3333, F1 = 2*0.4*0.3333/0.7333 = 0.3636.
    assert scores["micro"] == {"precision": 0.4, "recall": 0.3333, "f1": 0.3636}


def test_evaluate_ner_runs_the_tagger_per_document(write) -> None:
    path = write("gold.conll", conll(WORDS, IOB2))
    scores = evaluate_ner(path, FixedTagger([list(t) for t in IOB2]))  # type: ignore[arg-type]
    assert scores["micro"]["f1"] == 1.0
    assert (scores["sentences"], scores["tokens"]) == (2, 14)
    assert scores["words_per_second"] > 0


@pytest.mark.parametrize(
    ("text", "problem"),
    [("Maria\tB-PER\nLopez\n", "gold.conll:2"), ("Maria\tB-PER\nLopez\tX-PER\n", "'X-PER'")],
)
def test_malformed_file_names_file_and_line(write, text: str, problem: str) -> None:
    path = write("gold.conll", text)
    with pytest.raises(ValueError, match=problem):
        read_conll(path)


# Measured micro F1 of the shipped model (bench/ner/README.md), less a margin for small changes.
PUD_F1 = 0.70
EWT_F1 = 0.744
MARGIN = 0.02


def test_gate_on_dev_sets(ner_dir: Path) -> None:
    pud = evaluate_ner(ner_dir / "uner-pud" / "dev.conll")
    ewt = evaluate_ner(ner_dir / "uner-ewt" / "dev.conll")
    assert pud["micro"]["f1"] >= PUD_F1 - MARGIN, pud
    assert ewt["micro"]["f1"] >= EWT_F1 - MARGIN, ewt
