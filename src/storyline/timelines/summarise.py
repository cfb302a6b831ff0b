"""What happened on a date, in the sentences that say it best, with every report that says it.

The candidates for a date are the sentences that mention it, and the opening sentences of the
reports published on it or the day after that mention no date (a report's lead tells that day's
news without naming the day). Their centroid (the sum of their tf-idf vectors) is what all sources
say about the date. The sentences are chosen greedily, each time the one that brings the summary
so far closest to the centroid (the summary-centroid selection of Ghalandari & Ifrim 2020's
DATEWISE): a second sentence is chosen for what the first left out, not for saying it again.

The sources of a date's entry are every sentence that names the date (outlets word one event in
ways that share few words: "created in 2018", "set up in 2018", "established in 2018"; naming the
same date in one story is the stronger sign that they tell the same thing) and the undated leads
that are close to the centroid. A sentence too like one already on the timeline (another date's
entry told again) is never chosen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storyline.stories.features import TermWeights, cosine
from storyline.stories.features import centroid as centroid_of
from storyline.timelines.sentences import DatedSentence

__all__ = ["DateSummary", "summarise_date"]

# A sentence this like one already chosen says nothing new (unit tf-idf vectors). Tuned on
# Timeline17 (bench/timelines/README.md: AR2 0.043 at 0.3 and 0.4, 0.045 at 0.5, 0.044 at 0.6).
REDUNDANT_SIMILARITY = 0.5
# A sentence whose words carry this share of their weight in a longer chosen sentence repeats it.
CONTAINED_SHARE = 0.85
# An undated lead this close to a date's centroid reports that date's news.
LEAD_SOURCE_SIMILARITY = 0.2
LEAD_SENTENCES = 5  # opening sentences of an undated report that stand for its day's news


@dataclass(slots=True)
class DateSummary:
    chosen: list[DatedSentence] = field(default_factory=list)  # in the order they were chosen
    sources: list[DatedSentence] = field(default_factory=list)

    @property
    def independent_reports(self) -> int:
        return len({s.source_group for s in self.sources})


def summarise_date(
    mentioning: Sequence[DatedSentence],
    published: Sequence[DatedSentence],
    sentences: int,
    *,
    allowed: Callable[[DatedSentence], bool] | None = None,
    already_chosen: Sequence[DatedSentence] = (),
) -> DateSummary:
    """Up to `sentences` sentences that best tell the date, and all the sentences that report it.

    Only `allowed` sentences are chosen to tell it; none that repeats `already_chosen` or another
    chosen one."""
    candidates = [*mentioning, *published]
    centroid = centroid_of(s.vector for s in candidates)
    summary = DateSummary()
    if not centroid:
        return summary
    closeness = {id(s): cosine(s.vector, centroid) for s in candidates}
    pool = [
        s
        for s in candidates
        if closeness[id(s)] > 0.0 and (allowed is None or allowed(s)) and not _repeats(s, already_chosen)
    ]
    pool.sort(key=lambda s: (-closeness[id(s)], s.article, s.index))
    chosen_sum: TermWeights = {}
    while len(summary.chosen) < sentences and pool:
        best = max(pool, key=lambda s: _closeness_with(chosen_sum, s.vector, centroid))
        pool.remove(best)
        if _repeats(best, summary.chosen):
            continue
        summary.chosen.append(best)
        for term, weight in best.vector.items():
            chosen_sum[term] = chosen_sum.get(term, 0.0) + weight
    if summary.chosen:
        named = {id(s) for s in [*mentioning, *summary.chosen]}
        ranked = sorted(candidates, key=lambda s: (-closeness[id(s)], s.article, s.index))
        summary.sources = [s for s in ranked if id(s) in named or closeness[id(s)] >= LEAD_SOURCE_SIMILARITY]
    return summary


def _closeness_with(chosen_sum: TermWeights, vector: TermWeights, centroid: TermWeights) -> float:
    """Cosine of (the chosen sentences plus this one) with the centroid, the centroid a unit vector."""
    dot = 0.0
    norm2 = 0.0
    for term, weight in chosen_sum.items():
        combined = weight + vector.get(term, 0.0)
        dot += combined * centroid.get(term, 0.0)
        norm2 += combined * combined
    for term, weight in vector.items():
        if term not in chosen_sum:
            dot += weight * centroid.get(term, 0.0)
            norm2 += weight * weight
    return dot / math.sqrt(norm2) if norm2 else 0.0


def _repeats(sentence: DatedSentence, chosen: Sequence[DatedSentence]) -> bool:
    return any(
        cosine(sentence.vector, other.vector) >= REDUNDANT_SIMILARITY
        or _contained(sentence.vector, other.vector)
        or _contained(other.vector, sentence.vector)
        for other in chosen
    )


def _contained(short: TermWeights, long: TermWeights) -> bool:
    """Whether nearly all of `short`'s weight is on words `long` also has: "The dam was built in
    1987." beside "The dam was built in 1987 to supply water..." says nothing more, though the
    longer sentence's other words keep their cosine low. The vectors are unit length."""
    shared = sum(weight * weight for term, weight in short.items() if term in long)
    return len(short) < len(long) and shared >= CONTAINED_SHARE
