"""Named entities (PER, ORG, LOC) from a CRF trained by scripts/train_entities.py and shipped here.

The tagger is a linear-chain CRF (python-crfsuite) over the features in `features.py`. It reads
one document at a time, in three steps:

1. Each sentence is tagged on its own (an all-capitals headline in title case), then the span
   edges are fixed the way the training guidelines (Universal NER) draw them: titles are not part
   of a person's name, a possessive ends a name, and an acronym in brackets right after a name
   takes its type.
2. Datelines ("NAIROBI, Kenya (Reuters) -"): an upper-case place the gazetteer knows, opening a
   sentence, is a place; the model rarely saw upper-case words in training.
3. Label consistency: a capitalised name the model tagged one way in most of its mentions in the
   document takes that type where the model left it out or typed it otherwise, since news names
   a person or a company many times and the first, fuller mention is usually the clearest.

Measured on the dev sets in bench/ner/README.md: micro F1 0.70 on news and Wikipedia (UNER PUD),
0.75 on web text (UNER EWT), about 55,000 words a second.

Tags come out as IOB2. The model may know a MISC type (events, works, nationalities); it is
dropped from the output, since the annotation records carry PER, ORG and LOC only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from storyline.language.entities.features import FeatureExtractor, Lexicon, cue_of
from storyline.models import EntityLabel, EntityMention

if TYPE_CHECKING:
    from storyline.language.sentences import TokenizedSentence

__all__ = ["EntityRecognizer", "MODEL_PATH", "apply_document_rules", "mentions_from_tags"]

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
LEXICON_NAME = "lexicon.json.gz"
LABELS: frozenset[str] = frozenset({"PER", "ORG", "LOC"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


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
        return self._tag_document(sentences)[0]

    def find(self, text: str, sentences: Sequence[TokenizedSentence]) -> list[EntityMention]:
        """Entity mentions in an article, offsets into `text`.

        >>> from storyline.language.sentences import tokenize_sentences
        >>> text = "Gen. Ali Khan arrived in Kabul."
        >>> [(m.text, m.label) for m in EntityRecognizer.load().find(text, tokenize_sentences(text))]
        [('Ali Khan', 'PER'), ('Kabul', 'LOC')]
        """
        tags, by_rule = self._tag_document(
            [[token.text for token in sentence.tokens] for sentence in sentences]
        )
        return mentions_from_tags(text, sentences, tags, by_rule)

    def _tag_document(
        self, sentences: Sequence[Sequence[str]]
    ) -> tuple[list[list[str]], set[tuple[int, int]]]:
        """Tags for each sentence, and the (sentence, first token) of spans that rules set."""
        # 1. The model, one sentence at a time.
        tags = [self._tag_sentence(words) for words in sentences]
        # 2. Datelines and one type per name in the document.
        return tags, apply_document_rules(sentences, tags, self._features.lexicon)

    def _tag_sentence(self, words: Sequence[str]) -> list[str]:
        if not words:
            return []
        if _is_shouting(words):
            # An all-capitals headline: the model learnt names from mixed case and misses them here.
            words = [word.title() if word.isupper() else word for word in words]
        tags = _clean(self._tagger.tag(self._features.sentence(words, self._features.lexicon.domain)))
        return _tag_acronyms(words, _trim(words, tags))


def apply_document_rules(
    sentences: Sequence[Sequence[str]], tags: list[list[str]], lexicon: Lexicon
) -> set[tuple[int, int]]:
    """The steps after any tagger, over one document's tags (changed in place): datelines the
    tagger cannot see (an upper-case place opening a news report), then one type per name.
    Returns the (sentence, first token) of the spans the dateline rule set."""
    by_rule = {
        (n, 0)
        for n, (words, t) in enumerate(zip(sentences, tags, strict=True))
        if _dateline(words, t, lexicon)
    }
    _make_consistent(sentences, tags, lexicon)
    return by_rule


def mentions_from_tags(
    text: str,
    sentences: Sequence[TokenizedSentence],
    tags: Sequence[Sequence[str]],
    by_rule: set[tuple[int, int]],
) -> list[EntityMention]:
    """Entity mentions, with offsets into `text`, from IOB2 tags over the sentences' tokens."""
    mentions: list[EntityMention] = []
    for number, (sentence, sentence_tags) in enumerate(zip(sentences, tags, strict=True)):
        for start, end, label in _spans(sentence_tags):
            begin, finish = sentence.tokens[start].start, sentence.tokens[end - 1].end
            name = text[begin:finish]
            source = "rule" if (number, start) in by_rule else "model"
            mentions.append(EntityMention(begin, finish, name, cast(EntityLabel, label), name, source))
    return mentions


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


def _trim(words: Sequence[str], tags: list[str]) -> list[str]:
    """Fix a span's edges: a title before a person ("Mr", "Pope"), lower-case words and punctuation
    at the edges ("lowland Europe", "Tulcea county") are not part of it, and a possessive ends it
    ("Bangkok 's tallest building")."""
    for start, end, label in _spans(tags):
        first, last = start, end
        for index in range(start + 1, end):
            if words[index] in POSSESSIVES:
                last = index
                break
        while first < last - 1 and not _capitalised(words[first]):
            first += 1
        while last - 1 > first and not _capitalised(words[last - 1]) and not words[last - 1][:1].isdigit():
            last -= 1
        if label == "PER" and last - first > 1 and cue_of(words[first].lower()) == "cue=per":
            first += 1
        if (first, last) != (start, end):
            tags[start:end] = ["O"] * (end - start)
            tags[first:last] = ["B-" + label] + ["I-" + label] * (last - first - 1)
    return tags


def _tag_acronyms(words: Sequence[str], tags: list[str]) -> list[str]:
    """An acronym in brackets after a name takes its type: "Canadian Blood Services ( CBS )"."""
    for start, end, label in _spans(tags):
        if end + 2 < len(words) and words[end] == "(" and words[end + 2] == ")":
            acronym = words[end + 1]
            initials = "".join(word[0] for word in words[start:end] if word[:1].isupper())
            if acronym.isupper() and len(acronym) > 1 and acronym.replace(".", "") == initials:
                tags[end + 1] = "B-" + label
    return tags


def _is_shouting(words: Sequence[str]) -> bool:
    letters = [word for word in words if word.isalpha()]
    return len(letters) >= 4 and sum(word.isupper() for word in letters) >= 0.8 * len(letters)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isalpha() for c in word))


def _spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for index, tag in enumerate(tags):
        if tag.startswith("B-"):
            spans.append((index, index + 1, tag[2:]))
        elif tag.startswith("I-") and spans and spans[-1][1] == index:
            start, _, kind = spans[-1]
            spans[-1] = (start, index + 1, kind)
    return spans


def _dateline(words: Sequence[str], tags: list[str], lexicon: Lexicon) -> bool:
    """Tag "NAIROBI, Kenya (Reuters) -" style openings: upper-case words the gazetteer knows as a place."""
    end = 0
    while end < min(len(words), 4) and words[end].isupper() and words[end].isalpha() and len(words[end]) > 1:
        end += 1
    if not end or end >= len(words) or words[end] not in (",", "(", "-", "--", "—", "–", ":"):
        return False
    name = tuple(word.title() for word in words[:end])
    if name not in lexicon.places.get(name[0], ()):
        return False
    tags[:end] = ["B-LOC"] + ["I-LOC"] * (end - 1)
    return True


def _make_consistent(sentences: Sequence[Sequence[str]], tags: list[list[str]], lexicon: Lexicon) -> None:
    """Give every mention of a name the type most of its mentions got, fuller names counting double.

    A single word also takes the votes of longer names it ends or begins ("Stoltenberg" after
    "Jens Stoltenberg"), and an untagged occurrence of a name seen tagged elsewhere is tagged,
    unless it is a common word ("Will") that could be anything.
    """
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for words, sentence_tags in zip(sentences, tags, strict=True):
        for start, end, label in _spans(sentence_tags):
            name = tuple(words[start:end])
            votes.setdefault(name, Counter())[label] += 1
            if end - start > 1:
                for part in (name[0], name[-1]):
                    if (
                        part[:1].isupper()
                        and lexicon.frequency.get(part.lower(), 0) < 4
                        and cue_of(part.lower()) == ""
                    ):
                        votes.setdefault((part,), Counter())[label] += 2
    if not votes:
        return
    longest = max(len(name) for name in votes)
    for words, sentence_tags in zip(sentences, tags, strict=True):
        # Relabel what the model found.
        for start, end, label in _spans(sentence_tags):
            best = _majority(votes[tuple(words[start:end])])
            if best != label:
                sentence_tags[start:end] = ["B-" + best] + ["I-" + best] * (end - start - 1)
        # Tag what it missed, longest names first.
        index = 0
        while index < len(words):
            step = 1
            if sentence_tags[index] == "O" and words[index][:1].isupper():
                for size in range(min(longest, len(words) - index), 0, -1):
                    name = tuple(words[index : index + size])
                    if name not in votes or any(t != "O" for t in sentence_tags[index : index + size]):
                        continue
                    if size == 1 and lexicon.frequency.get(name[0].lower(), 0) >= 4:
                        continue
                    best = _majority(votes[name])
                    sentence_tags[index : index + size] = ["B-" + best] + ["I-" + best] * (size - 1)
                    step = size
                    break
            index += step


def _majority(labels: Counter[str]) -> str:
    return labels.most_common(1)[0][0]
