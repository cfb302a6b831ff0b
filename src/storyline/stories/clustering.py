"""Incremental story clustering: each arriving article joins the story it is most like, or starts one.

Single-pass and order-aware, as in the streaming news clusterers (Miranda et al. 2018, "Multilingual
Clustering of Streaming News"): the articles arrive in publication order, day by day, and an
article is never moved once placed, so story ids stay stable as the store grows.

An article is compared with each candidate story's centroid: the sum of its members' term vectors.
A centroid that favours the newest members (halving their weight every few days) was tried, to
follow a story that moves on; it let a story drift, from Egypt's uprising through regional
round-ups into Libya's, so that the order of one day's arrivals decided whether two stories became
one (6 % of Timeline17's articles changed story when a day's order was shuffled, against 0.3 %
with the whole centroid, which also scores higher).

The similarity is then discounted by the gap in days between the article and the story's nearest
member: the discount falls with a scale of weeks to a floor, so that only a strong match joins a
story that has been silent for a long time. An article whose best score is under `threshold`
starts a new story. An article close to two stories whose whole centroids turn out to be alike
merges them; the older story keeps its id and `merges` records the other's. Candidates come from
an inverted index over the stories' terms, and only the best few are scored in full.
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from storyline.stories.features import TermWeights

__all__ = ["Assignment", "ClusterSettings", "StoryArticle", "StoryClusterer", "StoryState"]

# Two stories found apart are compared again once either has grown by this factor; stories smaller
# than RECHECK_FROM articles are compared at every arrival, as a few articles move them much.
RECHECK_GROWTH = 1.01
RECHECK_FROM = 100


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    # The least discounted similarity that joins a story. Tuned with the others on Timeline17
    # (bench/stories/README.md): 0.13-0.15 score within 0.01 BCubed F1; lower loses precision.
    threshold: float = 0.14
    # Two stories merge when an article is close to both and their centroids are this alike.
    # Kept high: the centroids of two big stories of one region (Egypt's and Libya's uprisings)
    # share much of their wording, and a wrong merge costs more than a missed one.
    merge_threshold: float = 0.7
    gap_scale: float = 30.0  # days: how fast the discount for a silent story falls
    gap_floor: float = 0.6  # the discount for a story silent for very long
    candidate_terms: int = 20  # the article's strongest terms used to find candidate stories
    candidate_stories: int = 10  # how many of those are scored in full
    max_terms: int = 3000  # a centroid is pruned back to this many terms when it doubles
    # An article that names someone or somewhere joins only a story that names one of its
    # `shared_names` strongest names too (0: no such rule), unless it is at least `unnamed_join`
    # like the story.
    shared_names: int = 0
    unnamed_join: float = 1.0


@dataclass(slots=True)
class StoryArticle:
    """What the clusterer needs of an article."""

    id: str
    day: int | None  # publication date as a day number (date.toordinal()); None when undated
    terms: TermWeights


@dataclass(slots=True)
class Assignment:
    article: str
    story: str
    similarity: float | None  # the discounted similarity to the story it joined; None when it started one


@dataclass(slots=True)
class StoryState:
    """A story as the clusterer keeps it: centroids of its members' term vectors and its dates."""

    id: str
    whole: TermWeights = field(default_factory=dict)
    first_day: int | None = None
    last_day: int | None = None
    size: int = 0
    whole_norm2: float = 0.0

    def to_json(self) -> str:
        return json.dumps(
            {
                "whole": {term: round(weight, 6) for term, weight in self.whole.items()},
                "first_day": self.first_day,
                "last_day": self.last_day,
                "size": self.size,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, story_id: str, text: str) -> StoryState:
        data = json.loads(text)
        whole = data["whole"]
        return cls(
            id=story_id,
            whole=whole,
            first_day=data["first_day"],
            last_day=data["last_day"],
            size=data["size"],
            whole_norm2=sum(w * w for w in whole.values()),
        )


class StoryClusterer:
    """Place articles into stories one at a time.

    >>> clusterer = StoryClusterer()
    >>> clusterer.add(StoryArticle("a1", 738000, {"flood": 0.8, "@valencia": 0.6})).story
    'a1'
    >>> clusterer.add(StoryArticle("a2", 738001, {"flood": 0.6, "@valencia": 0.8})).story
    'a1'
    """

    def __init__(self, settings: ClusterSettings | None = None, stories: Iterable[StoryState] = ()) -> None:
        self.settings = settings or ClusterSettings()
        self.stories: dict[str, StoryState] = {}
        self.merges: list[tuple[str, str]] = []  # (merged story, the story it joined), in order
        self._apart: dict[tuple[str, str], tuple[int, int]] = {}  # pairs found apart, at these sizes
        self._postings: dict[str, set[str]] = {}
        for story in stories:
            self._remember(story)

    def add(self, article: StoryArticle) -> Assignment:
        """Put `article` in the best story, or start a new one whose id is the article's."""
        ranked = self.ranked_stories(article)
        if not ranked or ranked[0][1] < self.settings.threshold:
            story = StoryState(id=article.id)
            self._remember(story)
            self._absorb(story, article)
            return Assignment(article.id, story.id, None)
        best, score = ranked[0]
        self._absorb(best, article)
        for other, other_score in ranked[1:]:
            # An article close to two stories may show they are one: merge them if they are alike.
            if other_score >= self.settings.threshold and other.id in self.stories:
                if self._alike(best, other):
                    best = self._merge(best, other)
        return Assignment(article.id, best.id, round(score, 4))

    def ranked_stories(self, article: StoryArticle) -> list[tuple[StoryState, float]]:
        """Candidate stories with their discounted similarity to `article`, the most similar first."""
        scored = [(story, self.similarity(article, story)) for story in self._candidates(article.terms)]
        scored.sort(key=lambda item: (-item[1], item[0].id))
        return [item for item in scored if item[1] > 0.0]

    def _alike(self, a: StoryState, b: StoryState) -> bool:
        """Whether two stories' centroids are alike enough to merge. Two big stories' centroids
        barely move with one more article, so a pair found apart is looked at again only once
        either has grown by a hundredth; comparing them at every arrival cost more than all the
        rest of placing an article when many big stories share their words."""
        pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        sizes = (a.size, b.size) if a.id < b.id else (b.size, a.size)
        last = self._apart.get(pair)
        if last is not None and all(
            now < then * RECHECK_GROWTH for now, then in zip(sizes, last, strict=True)
        ):
            return False
        if self._centroid_similarity(a, b) >= self.settings.merge_threshold:
            return True
        if min(sizes) >= RECHECK_FROM:
            self._apart[pair] = sizes
        return False

    def _centroid_similarity(self, a: StoryState, b: StoryState) -> float:
        small, large = (a, b) if len(a.whole) <= len(b.whole) else (b, a)
        return _dot(small.whole, large.whole) / math.sqrt(a.whole_norm2 * b.whole_norm2)

    def _merge(self, a: StoryState, b: StoryState) -> StoryState:
        # The older story (the one founded first) keeps its id; the other's id resolves to it.
        keep, gone = (a, b) if (a.first_day or 0, a.id) <= (b.first_day or 0, b.id) else (b, a)
        for term, weight in gone.whole.items():
            keep.whole[term] = keep.whole.get(term, 0.0) + weight
            postings = self._postings.setdefault(term, set())
            postings.discard(gone.id)
            postings.add(keep.id)
        keep.whole_norm2 = sum(w * w for w in keep.whole.values())
        keep.size += gone.size
        days = [d for d in (keep.first_day, gone.first_day) if d is not None]
        keep.first_day = min(days) if days else None
        days = [d for d in (keep.last_day, gone.last_day) if d is not None]
        keep.last_day = max(days) if days else None
        del self.stories[gone.id]
        self.merges.append((gone.id, keep.id))
        if len(keep.whole) > 2 * self.settings.max_terms:
            self._prune(keep)
        return keep

    def similarity(self, article: StoryArticle, story: StoryState) -> float:
        if not story.whole_norm2:
            return 0.0
        content = _dot(article.terms, story.whole) / math.sqrt(story.whole_norm2)
        if (
            self.settings.shared_names
            and content < self.settings.unnamed_join
            and not self._shares_a_name(article.terms, story)
        ):
            return 0.0
        return content * self._gap_discount(article.day, story)

    def _shares_a_name(self, terms: TermWeights, story: StoryState) -> bool:
        names = heapq.nlargest(
            self.settings.shared_names, (t for t in terms if t.startswith("@")), key=terms.__getitem__
        )
        return not names or any(name in story.whole for name in names)

    def _gap_discount(self, day: int | None, story: StoryState) -> float:
        if day is None or story.first_day is None or story.last_day is None:
            return 1.0  # an undated article is judged by its words alone
        gap = max(0, story.first_day - day, day - story.last_day)
        floor = self.settings.gap_floor
        return floor + (1.0 - floor) * math.exp(-gap / self.settings.gap_scale)

    def _candidates(self, terms: TermWeights) -> list[StoryState]:
        # A first guess from the article's strongest terms alone; only the best few guesses are
        # scored in full, which keeps the cost of an arrival flat as stories pile up.
        strongest = heapq.nlargest(self.settings.candidate_terms, terms.items(), key=lambda item: item[1])
        guess: dict[str, float] = {}
        stories = self.stories
        for term, weight in strongest:
            for story_id in self._postings.get(term, ()):
                guess[story_id] = guess.get(story_id, 0.0) + weight * stories[story_id].whole[term]
        for story_id, dot in guess.items():
            guess[story_id] = dot / math.sqrt(stories[story_id].whole_norm2)
        best = heapq.nlargest(
            self.settings.candidate_stories, guess.items(), key=lambda item: (item[1], item[0])
        )
        return [self.stories[story_id] for story_id, _ in best]

    def _remember(self, story: StoryState) -> None:
        self.stories[story.id] = story
        for term in story.whole:
            self._postings.setdefault(term, set()).add(story.id)

    def _absorb(self, story: StoryState, article: StoryArticle) -> None:
        story.size += 1
        day = article.day
        if day is not None:
            story.first_day = day if story.first_day is None else min(story.first_day, day)
            story.last_day = day if story.last_day is None else max(story.last_day, day)
        for term, weight in article.terms.items():
            old = story.whole.get(term)
            if old is None:
                self._postings.setdefault(term, set()).add(story.id)
                old = 0.0
            story.whole[term] = old + weight
            story.whole_norm2 += weight * (2 * old + weight)
        if len(story.whole) > 2 * self.settings.max_terms:
            self._prune(story)

    def _prune(self, story: StoryState) -> None:
        # Keep the terms that carry the story; the long tail of once-used words only costs time.
        kept = dict(heapq.nlargest(self.settings.max_terms, story.whole.items(), key=lambda item: item[1]))
        for term in story.whole.keys() - kept.keys():
            postings = self._postings.get(term)
            if postings is not None:
                postings.discard(story.id)
        story.whole = kept
        story.whole_norm2 = sum(weight * weight for weight in story.whole.values())


def _dot(small: TermWeights, large: TermWeights) -> float:
    return sum(weight * large.get(term, 0.0) for term, weight in small.items())
