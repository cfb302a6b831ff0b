"""Named entities (PER, ORG, LOC) from a CRF trained by scripts/train_entities.py and shipped here.

The tagger is a linear-chain CRF (python-crfsuite) over the features in `features.py`. It reads
one document at a time, in two steps:

1. Each sentence is tagged on its own.
2. Label consistency: a capitalised name the model tagged one way in most of its mentions in the
   document takes that type where the model left it out or typed it otherwise, since news names
   a person or a company many times and the first, fuller mention is usually the clearest.

Tags come out as IOB2. The model may know a MISC type (events, works, nationalities); it is
dropped from the output, since the annotation records carry PER, ORG and LOC only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from storyline.language.entities.features import FeatureExtractor, Lexicon
from storyline.models import EntityLabel, EntityMention

if TYPE_CHECKING:
    from storyline.language.sentences import TokenizedSentence

__all__ = ["EntityRecognizer", "MODEL_PATH"]

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
LEXICON_NAME = "lexicon.json.gz"
LABELS: frozenset[str] = frozenset({"PER", "ORG", "LOC"})


class EntityRecognizer:
    """Tags tokens with IOB2 entity labels and finds entity mentions in an article's sentences."""

    def __init__(self, tagger: Any, extractor: FeatureExtractor) -> None:
        self._tagger = tagger
        self._features = extractor

    @classmethod
    def load(cls, path: Path | None = None) -> EntityRecognizer:
        """The recognizer for a model file (default: the shipped one), loaded once and cached.

        >>> EntityRecognizer.load().tag_tokens([["Angela", "Merkel", "visited", "Paris", "."]])
        [['B-PER', 'I-PER', 'O', 'B-LOC', 'O']]
        """
        return _load((path or MODEL_PATH).resolve())

    def tag_tokens(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for the tokenised sentences of one document, in order.

        >>> EntityRecognizer.load().tag_tokens([["NATO", "met", "in", "Brussels"]])
        [['B-ORG', 'O', 'O', 'B-LOC']]
        """
        tagged = [self._tag_sentence(words) for words in sentences]
        return tagged

    def find(self, text: str, sentences: Sequence[TokenizedSentence]) -> list[EntityMention]:
        """Entity mentions in an article, offsets into `text`.

        >>> from storyline.language.sentences import tokenize_sentences
        >>> text = "Gen. Ali Khan arrived in Kabul."
        >>> [(m.text, m.label) for m in EntityRecognizer.load().find(text, tokenize_sentences(text))]
        [('Ali Khan', 'PER'), ('Kabul', 'LOC')]
        """
        tags = self.tag_tokens([[token.text for token in sentence.tokens] for sentence in sentences])
        mentions: list[EntityMention] = []
        for sentence, sentence_tags in zip(sentences, tags, strict=True):
            for start, end, label in _spans(sentence_tags):
                begin, finish = sentence.tokens[start].start, sentence.tokens[end - 1].end
                name = text[begin:finish]
                mentions.append(EntityMention(begin, finish, name, cast(EntityLabel, label), entity=name))
        return mentions

    def _tag_sentence(self, words: Sequence[str]) -> list[str]:
        if not words:
            return []
        tags = self._tagger.tag(self._features.sentence(words))
        return _clean(tags)


@cache
def _load(path: Path) -> EntityRecognizer:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    lexicon_path = path.with_name(LEXICON_NAME)
    lexicon = Lexicon.read(lexicon_path) if lexicon_path.exists() else Lexicon()
    return EntityRecognizer(tagger, FeatureExtractor(lexicon))


def _clean(tags: Sequence[str]) -> list[str]:
    """Drop types we do not output and repair I- tags that follow nothing of their type."""
    out: list[str] = []
    previous = "O"
    for tag in tags:
        kind = tag[2:]
        if kind not in LABELS:
            tag = "O"
        elif tag[0] == "I" and previous[2:] != kind:
            tag = "B-" + kind
        out.append(tag)
        previous = tag
    return out


def _spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for index, tag in enumerate(tags):
        if tag.startswith("B-"):
            spans.append((index, index + 1, tag[2:]))
        elif tag.startswith("I-") and spans and spans[-1][1] == index:
            start, _, kind = spans[-1]
            spans[-1] = (start, index + 1, kind)
    return spans


def _majority(labels: Counter[str]) -> str:
    return labels.most_common(1)[0][0]
