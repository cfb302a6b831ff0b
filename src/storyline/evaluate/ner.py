"""Score the entity tagger on CoNLL files: exact-span precision, recall and F1 for PER, ORG and LOC.

A CoNLL file has one token a line with its tag in the last column (any columns between are
ignored), a blank line between sentences and `-DOCSTART-` lines between documents. Tags may be
IOB1, IOB2 or IO: one reading serves all three, because a span starts at every `B-X` and at an
`I-X` that does not continue a span of the same type, and goes on over the `I-X` after it.
Types other than PER, ORG and LOC (MISC and the like) are read and then left out of the scores.

The evaluation runs exactly what annotation runs: `EntityRecognizer.tag_tokens` (or the optional
MiniLM tagger's) on the sentences of each document, timed, so the words per second here are the
tagger's own speed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

__all__ = ["ConllDocument", "TokenTagger", "evaluate_ner", "read_conll", "score_spans", "tags_to_spans"]

SCORED_TYPES = ("PER", "ORG", "LOC")
# Other corpora's names for the three scored types.
TYPE_ALIASES = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOCATION": "LOC",
    "GPE": "LOC",
}
_TAG = re.compile(r"^(?:([BIES])-)?([A-Za-z][\w.]*)$")

Span = tuple[int, int, str]  # start token, end token (exclusive), type


class TokenTagger(Protocol):
    """What the evaluation runs: the CRF's `EntityRecognizer` or the optional `MiniLMEntityFinder`."""

    def tag_tokens(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]: ...


@dataclass(slots=True)
class ConllDocument:
    sentences: list[list[str]] = field(default_factory=list)
    tags: list[list[str]] = field(default_factory=list)


def read_conll(path: Path) -> list[ConllDocument]:
    """Read a CoNLL file into documents of sentences, tags normalised to IOB2 over PER/ORG/LOC/other.

    >>> docs = read_conll(Path("dev.conll"))  # doctest: +SKIP
    >>> docs[0].sentences[0][:3], docs[0].tags[0][:3]  # doctest: +SKIP
    (['Kori', 'Schulman', 'wrote'], ['B-PER', 'I-PER', 'O'])
    """
    documents = [ConllDocument()]
    words: list[str] = []
    tags: list[str] = []

    def end_sentence() -> None:
        if words:
            documents[-1].sentences.append(list(words))
            documents[-1].tags.append(to_iob2(tags))
            words.clear()
            tags.clear()

    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            columns = line.split()
            if not columns:
                end_sentence()
                continue
            if columns[0] == "-DOCSTART-":
                end_sentence()
                if documents[-1].sentences:
                    documents.append(ConllDocument())
                continue
            if len(columns) < 2:
                raise ValueError(f"{path}:{number}: expected a token and a tag, found {line.strip()!r}")
            tag = columns[-1]
            if tag != "O" and not _TAG.match(tag):
                raise ValueError(f"{path}:{number}: {tag!r} is not an IOB/IO tag such as B-PER, I-ORG or O")
            words.append(columns[0])
            tags.append(tag)
    end_sentence()
    return [document for document in documents if document.sentences]


def to_iob2(tags: Sequence[str]) -> list[str]:
    """Rewrite IOB1, IO or IOBES tags as IOB2 (unknown prefixes are errors for `read_conll` to catch).

    >>> to_iob2(["I-PER", "I-PER", "B-PER", "O", "I-LOC"])
    ['B-PER', 'I-PER', 'B-PER', 'O', 'B-LOC']
    """
    out = ["O"] * len(tags)
    for start, end, kind in tags_to_spans(tags):
        out[start] = "B-" + kind
        for index in range(start + 1, end):
            out[index] = "I-" + kind
    return out


def tags_to_spans(tags: Sequence[str]) -> list[Span]:
    """Entity spans of one sentence's tags, read as IOB1, IOB2, IO or IOBES alike.

    >>> tags_to_spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC"])
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'LOC')]
    """
    spans: list[Span] = []
    start, kind = -1, ""
    for index, tag in enumerate(tags):
        match = _TAG.match(tag) if tag != "O" else None
        prefix, this_kind = (match.group(1) or "I", _normal_type(match.group(2))) if match else ("", "")
        continues = prefix in ("I", "E") and this_kind == kind and start >= 0
        if start >= 0 and not continues:
            spans.append((start, index, kind))
            start, kind = -1, ""
        if match and not continues:
            start, kind = index, this_kind
        if prefix in ("E", "S") and start >= 0:
            spans.append((start, index + 1, kind))
            start, kind = -1, ""
    if start >= 0:
        spans.append((start, len(tags), kind))
    return spans


def _normal_type(kind: str) -> str:
    upper = kind.upper()
    return TYPE_ALIASES.get(upper, upper)


def score_spans(
    gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]], types: Sequence[str] = SCORED_TYPES
) -> dict[str, Any]:
    """Exact-span precision, recall and F1 per type and micro-averaged, over sentences of tags.

    >>> score_spans([["B-PER", "O"]], [["B-PER", "B-LOC"]])["micro"]
    {'precision': 0.5, 'recall': 1.0, 'f1': 0.6667}
    """
    counts = {kind: [0, 0, 0] for kind in types}  # true positives, predicted, gold
    for gold_tags, predicted_tags in zip(gold, predicted, strict=True):
        gold_spans = {span for span in tags_to_spans(gold_tags) if span[2] in counts}
        predicted_spans = {span for span in tags_to_spans(predicted_tags) if span[2] in counts}
        for span in gold_spans:
            counts[span[2]][2] += 1
        for span in predicted_spans:
            counts[span[2]][1] += 1
            counts[span[2]][0] += span in gold_spans
    per_type = {kind: _prf(*counts[kind]) for kind in types}
    micro = _prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return {"per_type": per_type, "micro": micro}


def _prf(true_positives: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate_ner(path: Path, recognizer: TokenTagger | None = None, nlp: str | None = None) -> dict[str, Any]:
    """Tag a CoNLL file's documents with the shipped tagger (or `recognizer`, or the tagger that
    `nlp` names: "minilm" for the optional fine-tuned MiniLM) and score it.

    >>> evaluate_ner(Path("uner-pud/dev.conll"))["micro"]["f1"]  # doctest: +SKIP
    0.702
    >>> evaluate_ner(Path("uner-pud/dev.conll"), nlp="minilm")["micro"]["f1"]  # doctest: +SKIP
    0.79
    """
    tagger = recognizer or _tagger_for(nlp)
    documents = read_conll(path)
    gold: list[list[str]] = []
    predicted: list[list[str]] = []
    seconds = 0.0
    for document in documents:
        started = time.perf_counter()
        predicted.extend(tagger.tag_tokens(document.sentences))
        seconds += time.perf_counter() - started
        gold.extend(document.tags)
    scores = score_spans(gold, predicted)
    tokens = sum(len(sentence) for sentence in gold)
    scores.update(
        words_per_second=round(tokens / seconds, 1) if seconds else 0.0,
        sentences=len(gold),
        tokens=tokens,
    )
    return scores


def _tagger_for(nlp: str | None) -> TokenTagger:
    if nlp == "minilm":
        from storyline.language.entities.minilm import MiniLMEntityFinder

        return MiniLMEntityFinder.load()
    if nlp:
        from storyline.errors import UnknownPipeline

        raise UnknownPipeline(f"--nlp {nlp!r}: the entity evaluation knows the built-in tagger and 'minilm'")
    from storyline.language.entities import EntityRecognizer

    return EntityRecognizer.load()
