"""Incremental story clustering: each arriving article joins the story it is most like, or starts one.

Single-pass and order-aware, as in the streaming news clusterers (Miranda et al. 2018, "Multilingual
Clustering of Streaming News"): the articles arrive in publication order, day by day, and an
article is never moved once placed, so story ids stay stable as the store grows.

An article is compared with each candidate story in two ways, and the better counts:

- with the story's *recent* centroid, in which each member's weight halves every few days, so a
  story that has moved on (from an earthquake to the aid effort) is matched by what it reports now;
- with its *whole* centroid, so a story that went quiet for months or years is still found when it
  comes back (the seeds: a training mission suspended in 2020 and ended in 2026).

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


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    # The least discounted similarity that joins a story. Tuned with the others on Timeline17
    # (bench/stories/README.md): 0.17-0.18 score within 0.005 BCubed F1.
    threshold: float = 0.17
    # Two stories merge when an article is close to both and their centroids are this alike.
    # Kept high: the centroids of two big stories of one region (Egypt's and Libya's uprisings)
    # share much of their wording, and a wrong merge costs more than a missed one.
    merge_threshold: float = 0.7
    recent_half_life: float = 4.0  # days: how fast old members fade from the recent centroid
    gap_scale: float = 30.0  # days: how fast the discount for a silent story falls
    gap_floor: float = 0.6  # the discount for a story silent for very long
    candidate_terms: int = 20  # the article's strongest terms used to find candidate stories
    candidate_stories: int = 10  # how many of those are scored in full
    max_terms: int = 3000  # a centroid is pruned back to this many terms when it doubles


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
    # Members weighted by 2 ** ((day - base_day) / half-life): newer ones weigh more. Kept in these
    # growing units instead of decaying every term at each arrival; cosine ignores the scale.
    recent: TermWeights = field(default_factory=dict)
    base_day: int | None = None
    first_day: int | None = None
    last_day: int | None = None
    size: int = 0
    whole_norm2: float = 0.0
    recent_norm2: float = 0.0

    def to_json(self) -> str:
        return json.dumps(
            {
                "whole": {term: round(weight, 6) for term, weight in self.whole.items()},
                "recent": {term: float(f"{weight:.6g}") for term, weight in self.recent.items()},
                "base_day": self.base_day,
                "first_day": self.first_day,
                "last_day": self.last_day,
                "size": self.size,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, story_id: str, text: str) -> StoryState:
        data = json.loads(text)
        whole, recent = data["whole"], data["recent"]
        return cls(
            id=story_id,
            whole=whole,
            recent=recent,
            base_day=data["base_day"],
            first_day=data["first_day"],
            last_day=data["last_day"],
            size=data["size"],
            whole_norm2=sum(w * w for w in whole.values()),
            recent_norm2=sum(w * w for w in recent.values()),
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
                if self._centroid_similarity(best, other) >= self.settings.merge_threshold:
                    best = self._merge(best, other)
        return Assignment(article.id, best.id, round(score, 4))

    def best_story(self, article: StoryArticle) -> tuple[StoryState | None, float]:
        """The story `article` is most like, with the discounted similarity (0 when none is near)."""
        ranked = self.ranked_stories(article)
        return ranked[0] if ranked else (None, 0.0)

    def ranked_stories(self, article: StoryArticle) -> list[tuple[StoryState, float]]:
        """Candidate stories with their discounted similarity to `article`, the most similar first."""
        scored = [(story, self.similarity(article, story)) for story in self._candidates(article.terms)]
        scored.sort(key=lambda item: (-item[1], item[0].id))
        return [item for item in scored if item[1] > 0.0]

    def _centroid_similarity(self, a: StoryState, b: StoryState) -> float:
        small, large = (a, b) if len(a.whole) <= len(b.whole) else (b, a)
        return _dot(small.whole, large.whole) / math.sqrt(a.whole_norm2 * b.whole_norm2)

    def _merge(self, a: StoryState, b: StoryState) -> StoryState:
        # The older story (the one founded first) keeps its id; the other's id resolves to it.
        keep, gone = (a, b) if (a.first_day or 0, a.id) <= (b.first_day or 0, b.id) else (b, a)
        shift = 1.0
        if keep.base_day is not None and gone.base_day is not None:
            shift = 2.0 ** ((gone.base_day - keep.base_day) / self.settings.recent_half_life)
        for term, weight in gone.whole.items():
            keep.whole[term] = keep.whole.get(term, 0.0) + weight
            postings = self._postings.setdefault(term, set())
            postings.discard(gone.id)
            postings.add(keep.id)
        for term, weight in gone.recent.items():
            keep.recent[term] = keep.recent.get(term, 0.0) + weight * shift
        keep.whole_norm2 = sum(w * w for w in keep.whole.values())
        keep.recent_norm2 = sum(w * w for w in keep.recent.values())
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
        terms = article.terms
        whole = _dot(terms, story.whole) / math.sqrt(story.whole_norm2) if story.whole_norm2 else 0.0
        recent = _dot(terms, story.recent) / math.sqrt(story.recent_norm2) if story.recent_norm2 else 0.0
        return max(whole, recent) * self._gap_discount(article.day, story)

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
            if story.base_day is None:
                story.base_day = day
        scale = self._recent_scale(story, day)
        for term, weight in article.terms.items():
            old = story.whole.get(term)
            if old is None:
                self._postings.setdefault(term, set()).add(story.id)
                old = 0.0
            story.whole[term] = old + weight
            story.whole_norm2 += weight * (2 * old + weight)
            old_recent = story.recent.get(term, 0.0)
            added = weight * scale
            story.recent[term] = old_recent + added
            story.recent_norm2 += added * (2 * old_recent + added)
        if len(story.whole) > 2 * self.settings.max_terms:
            self._prune(story)

    def _recent_scale(self, story: StoryState, day: int | None) -> float:
        if day is None or story.base_day is None:
            return 1.0
        exponent = (day - story.base_day) / self.settings.recent_half_life
        if exponent > 500:  # rebase before the weights overflow a float
            factor = 2.0**-exponent
            story.recent = {term: weight * factor for term, weight in story.recent.items()}
            story.recent_norm2 = sum(weight * weight for weight in story.recent.values())
            story.base_day = day
            exponent = 0.0
        return float(2.0 ** max(exponent, -500))

    def _prune(self, story: StoryState) -> None:
        # Keep the terms that carry the story; the long tail of once-used words only costs time.
        kept = dict(heapq.nlargest(self.settings.max_terms, story.whole.items(), key=lambda item: item[1]))
        for term in story.whole.keys() - kept.keys():
            postings = self._postings.get(term)
            if postings is not None:
                postings.discard(story.id)
        story.whole = kept
        story.recent = {term: story.recent[term] for term in kept if term in story.recent}
        story.whole_norm2 = sum(weight * weight for weight in story.whole.values())
        story.recent_norm2 = sum(weight * weight for weight in story.recent.values())


def _dot(small: TermWeights, large: TermWeights) -> float:
    return sum(weight * large.get(term, 0.0) for term, weight in small.items())
