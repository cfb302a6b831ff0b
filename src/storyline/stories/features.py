"""What an article is about, as weighted terms: words of its text and the entities it names.

Story clustering compares articles with the stories they might join, so each article becomes a
sparse vector: content words (lower-cased, a plural "s" dropped) and entities (their canonical
names from the language stage, as "@nato"), each weighted by (1 + log tf) times how rare it is in
English at large. An entity mention counts five times a word, words of the title three times and
of the lead (the first sentences) one and a half, because that is where a report says what it is
about. Who reports (the outlet, the agencies it credits, the big wire services) is left out.

Rarity comes from a background word list (the Zipf frequencies the entity tagger ships), not from
the articles seen so far, for two reasons: the weights do not drift as the store grows, so an
article gets the same vector today and next year and arrival order does not matter; and a topic's
own words ("Iraq", "spill") keep their weight in a store that is full of that topic, where
document frequencies would push them down.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.language import entities
from storyline.language.entities.features import Lexicon
from storyline.models import Annotations, Article

__all__ = ["TermWeights", "article_terms", "centroid", "cosine", "idf", "term_of_word"]

TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 1.5
ENTITY_WEIGHT = 5.0
LEAD_SENTENCES = 3
# An article keeps its strongest terms only: the tail of a long article's once-used words adds
# little to what it is about and most of the cost of comparing it.
MAX_TERMS = 200
# Words a typical 600-word article uses: turns a word's frequency into the chance a document has it.
ARTICLE_WORDS = 600
# Unknown words are rare, but so are typos, junk and names used once, which match nothing: capped
# near the weight of a word like "Baghdad", so that an article full of one-off names still matches
# its story (tuned on Timeline17: BCubed F1 0.745 uncapped, 0.885 at this cap).
MAX_IDF = 6.0
# News words too common to say what a story is about, beyond spaCy's list of stop words.
NEWS_STOP_WORDS = frozenset(
    """
    said says say told tell according reported report reports reporting news statement added
    year years month months week weeks day days today yesterday tomorrow time times people
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    mr mrs ms dr new like just including also would could
    gmt bst edt est cet pdt pst utc am pm
    """.split()
)
# News agencies are named in the credits of half the news: who reports, not what happened.
WIRE_SERVICES = frozenset(
    """
    reuters ap afp dpa xinhua upi ansa efe kyodo tass yonhap pti ians anadolu
    """.split()
) | {
    "associated press",
    "agence france-presse",
    "agence france presse",
    "united press international",
    "ria novosti",
    "itar-tass",
    "press association",
    "news agencies",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")

TermWeights = dict[str, float]
_TERM_OF: dict[str, str] = {}  # surface word -> term, memoised: news repeats its words
_MAX_MEMO = 500_000


@cache
def _zipf_of_words() -> dict[str, int]:
    return Lexicon.read(Path(entities.__file__).with_name(entities.LEXICON_NAME)).frequency


def article_terms(article: Article, annotations: Annotations | None = None) -> TermWeights:
    """The article as unit-length weighted terms: words, and entities as "@name".

    >>> from storyline.models import Article
    >>> terms = article_terms(Article("a1", "x.txt", "text", "Floods hit Valencia. Rescuers searched."))
    >>> sorted(terms)[:3]
    ['flood', 'hit', 'rescuer']
    """
    counts: dict[str, float] = {}
    lead_end = _lead_end(article.text, annotations)
    if article.title:
        _count_words(article.title, TITLE_WEIGHT, counts)
    _count_words(article.text[:lead_end], LEAD_WEIGHT, counts)
    _count_words(article.text[lead_end:], 1.0, counts)
    if annotations is not None:
        for mention in annotations.entities:
            name = (mention.entity or mention.text).lower()
            weight = LEAD_WEIGHT if mention.start < lead_end else 1.0
            key = "@" + name
            counts[key] = counts.get(key, 0.0) + ENTITY_WEIGHT * weight
    for term in _reporter_terms(article):
        counts.pop(term, None)
    weights = {term: (1.0 + math.log(count)) * idf(term) for term, count in counts.items()}
    if len(weights) > MAX_TERMS:
        weights = dict(heapq.nlargest(MAX_TERMS, weights.items(), key=lambda item: item[1]))
    return _unit(weights)


def _reporter_terms(article: Article) -> set[str]:
    # The outlet and the agencies it credits say who reports, not what: left out, or every report
    # of one agency would look alike. Only one-word names drop a word ("Reuters"); "The Washington
    # Post" drops its entity, not Washington.
    names = [name for name in (article.outlet, article.original_outlet, *article.agencies) if name]
    terms = {"@" + name.lower() for name in names} | _wire_terms()
    terms |= {term_of_word(name) for name in names if " " not in name.strip()}
    return terms


@cache
def _wire_terms() -> frozenset[str]:
    one_word = {term_of_word(name) for name in WIRE_SERVICES if " " not in name}
    return frozenset({"@" + name for name in WIRE_SERVICES} | one_word) - {""}


@lru_cache(maxsize=200_000)
def idf(term: str) -> float:
    """How much a term says: -log of the chance that an article of average length contains it."""
    words = term.lstrip("@").split()
    zipf = _zipf_of_words()
    # A name is as rare as its rarest word ("Jens Stoltenberg" is as rare as "Stoltenberg").
    rarest = min((_zipf(zipf, word) for word in words), default=0)
    chance = min(0.9, ARTICLE_WORDS * 10.0 ** (rarest - 9))
    return min(MAX_IDF, -math.log(chance))


def _zipf(zipf: dict[str, int], word: str) -> int:
    # Terms are stems ("troop", "rescuer"): the list may only have the form in the text.
    found = zipf.get(word) or zipf.get(word + "s")
    if found is None and word.endswith("y"):
        found = zipf.get(word[:-1] + "ies")
    return found or 0


def cosine(a: TermWeights, b: TermWeights) -> float:
    """Cosine of two term vectors (unit-length vectors need only the dot product)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def centroid(vectors: Iterable[TermWeights]) -> TermWeights:
    """The unit-length sum of term vectors: what a group of articles or sentences is about."""
    total: TermWeights = {}
    for vector in vectors:
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight
    norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return {term: weight / norm for term, weight in total.items()}


def _count_words(text: str, weight: float, counts: dict[str, float]) -> None:
    term_of = _TERM_OF
    for word, count in Counter(_WORD.findall(text)).items():
        term = term_of.get(word)
        if term is None:
            term = term_of_word(word)
            if len(term_of) < _MAX_MEMO:
                term_of[word] = term
        if term:
            counts[term] = counts.get(term, 0.0) + weight * count


def term_of_word(word: str) -> str:
    """The term a word counts as ("" for a word that says nothing about a story).

    >>> term_of_word("Troops"), term_of_word("said")
    ('troop', '')
    """
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) < 3 or word in STOP_WORDS or word in NEWS_STOP_WORDS:
        return ""
    return _stem(word)


def _stem(word: str) -> str:
    # Enough to make "troops" and "troop" one term without a lemmatiser.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _lead_end(text: str, annotations: Annotations | None) -> int:
    if annotations is not None and annotations.sentences:
        sentences = annotations.sentences
        return sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end
    # Without sentences, the first 80 words stand in for the lead.
    words = list(_WORD.finditer(text))
    return words[79].end() if len(words) > 80 else len(text)


def _unit(weights: TermWeights) -> TermWeights:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items()} if norm else {}
