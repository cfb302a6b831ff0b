"""Sentences and tokens with character offsets, from spaCy's rule-based tokenizer and sentencizer.

spaCy's blank English pipeline is fast and keeps offsets, but its sentencizer splits after every
full stop it sees as a token. News breaks that in known ways, each fixed here after the fact:

1. Paragraphs: a line break always ends a sentence (headlines, bullet lists, datelines on their
   own line have no full stop), so every line is tokenised on its own.
2. Abbreviations the tokenizer does not know ("Maj. Gen.", "Sgt.", "approx.") come out as a word
   plus ".": no break after them when the word is a known title or abbreviation, or when the next
   sentence would start in lower case.
3. An abbreviation that ends a sentence swallows the full stop ("in the U.S. The next day"): a
   break goes after it when the next word is a pronoun, article or conjunction that starts
   sentences.
4. Opening quotes and brackets that the sentencizer leaves at the end of a sentence move to the
   start of the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from storyline.models import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Token", "TokenizedSentence", "split_sentences", "tokenize_sentences"]


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class TokenizedSentence:
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)

    def as_sentence(self) -> Sentence:
        return Sentence(self.start, self.end)


# Words that, followed by a full stop, almost never end a sentence: titles and ranks before a
# name, and abbreviations used inside one. Lower-cased, without the stop.
NON_FINAL_ABBREVIATIONS = frozenset(
    """
    adm amb brig capt cdr cmdr col cpl det dr fr gen gov hon insp lt maj messrs mme mr mrs ms msgr
    pres prof pte pvt rep rev sen sgt sr supt
    approx ca cf est fig vol vs
    jan feb mar apr jun jul aug sep sept oct nov dec
    mt ft st
    """.split()
)
# Abbreviations that are non-final only before a number: "No. 10", "Art. 5", "p. 12".
BEFORE_NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "art", "p", "pp", "para", "sec", "ch"})

# Capitalised words that start a sentence far more often than they follow an abbreviation.
SENTENCE_STARTERS = frozenset(
    """
    a an the this that these those it its he she they we i you his her their our there
    but and yet so however meanwhile still also in on at for after before when while if as
    """.split()
)

OPENING_PUNCTUATION = frozenset('"“‘«([{')
_LINE = re.compile(r"[^\n]+")


@cache
def _pipeline() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # spaCy's limit guards its parser's memory; a tokenizer and sentencizer need no more than the
    # text, and a line is at most an input's size.
    nlp.max_length = 100_000_000
    return nlp


def tokenize_sentences(text: str) -> list[TokenizedSentence]:
    """Split an article's text into sentences of tokens, offsets into `text`.

    >>> [text[s.start : s.end] for s in tokenize_sentences(text := 'Gen. Ali left. "Why?" he asked.')]
    ['Gen. Ali left.', '"Why?" he asked.']
    """
    lines = [(match.start(), match.group()) for match in _LINE.finditer(text) if match.group().strip()]
    sentences: list[TokenizedSentence] = []
    docs = _pipeline().pipe(_tokenizable(line) for _, line in lines)
    for (offset, line), doc in zip(lines, docs, strict=True):
        sentences.extend(_fixed_sentences(doc, line, offset))
    return sentences


# spaCy's tokenizer peels punctuation off a word one character at a time, and each peel scans
# the rest: a word of 16,000 '>' takes 25 s, growing with the square of its length. No news text
# has such runs; they are tokenized as if they were letters (the same length, so that offsets
# hold), which makes each run one token.
_PUNCTUATION_RUN = re.compile(r"[^\w\s]{16,}")


def _tokenizable(line: str) -> str:
    return _PUNCTUATION_RUN.sub(lambda match: "x" * len(match.group()), line)


def split_sentences(text: str) -> list[Sentence]:
    return [sentence.as_sentence() for sentence in tokenize_sentences(text)]


def _fixed_sentences(doc: Doc, line: str, offset: int) -> Iterator[TokenizedSentence]:
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

    # One array read instead of a spaCy Token object per token: most of the time went there.
    groups: list[list[Token]] = []
    current: list[Token] = []
    for idx, length, is_space, sent_start in doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START]).tolist():
        if sent_start == 1 and current:
            groups.append(current)
            current = []
        if not is_space:
            current.append(Token(offset + idx, offset + idx + length, line[idx : idx + length]))
    if current:
        groups.append(current)
    groups = [part for group in groups for part in _split_after_final_abbreviations(group)]
    merged = list(_merge_false_breaks(_move_openers_forward(groups)))
    for tokens in merged:
        yield TokenizedSentence(tokens[0].start, tokens[-1].end, tokens)


def _split_after_final_abbreviations(tokens: list[Token]) -> Iterator[list[Token]]:
    start = 0
    for index in range(len(tokens) - 1):
        token, following = tokens[index], tokens[index + 1]
        if (
            len(token.text) > 2
            and token.text.endswith(".")
            and "." in token.text[:-1]
            and following.text[:1].isupper()
            and following.text.lower() in SENTENCE_STARTERS
        ):
            yield tokens[start : index + 1]
            start = index + 1
    yield tokens[start:]


def _move_openers_forward(groups: list[list[Token]]) -> list[list[Token]]:
    for index in range(len(groups) - 1):
        current, following = groups[index], groups[index + 1]
        # An opening mark ends a sentence only when it is separated from what precedes it.
        while len(current) > 1 and _is_opener(current[-1], current[-2]):
            following.insert(0, current.pop())
    return [group for group in groups if group]


def _is_opener(token: Token, previous: Token) -> bool:
    return token.text in OPENING_PUNCTUATION and token.start > previous.end


def _merge_false_breaks(groups: Iterable[list[Token]]) -> Iterator[list[Token]]:
    pending: list[Token] | None = None
    for group in groups:
        if pending is not None and _is_false_break(pending, group):
            pending.extend(group)
            continue
        if pending is not None:
            yield pending
        pending = group
    if pending is not None:
        yield pending


def _is_false_break(before: list[Token], after: list[Token]) -> bool:
    first = after[0].text
    if first[:1].islower():
        return True
    if len(before) < 2 or before[-1].text != "." or before[-1].start != before[-2].end:
        return False
    word = before[-2].text.lower()
    if word in NON_FINAL_ABBREVIATIONS:
        return True
    return word in BEFORE_NUMBER_ABBREVIATIONS and first[:1].isdigit()
