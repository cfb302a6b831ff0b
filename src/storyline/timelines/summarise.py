"""What happened on a date, in the sentences that say it best, with every report that says it.

The candidates for a date are the sentences that mention it, and the opening sentences of the
reports published on it or the day after that mention no date (a report's lead tells that day's
news without naming the day). Their centre (the mean of each group's tf-idf vectors, keeping the
words both groups use when there are both, as in the date-wise systems of Ghalandari & Ifrim 2020)
is what all sources say about the date; the sentences nearest it say it best.

The sources of a date's entry are every sentence that names the date (outlets word one event in
ways that share few words: "created in 2018", "set up in 2018", "established in 2018"; naming the
same date in one story is the stronger sign that they tell the same thing) and the undated leads
that are close to the centre. A sentence too like one already on the timeline (another date's
entry told again) is passed over for the next best.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storyline.stories.features import TermWeights, cosine
from storyline.timelines.sentences import DatedSentence

__all__ = ["DateSummary", "summarise_date"]

# A sentence this like one already chosen says nothing new (unit tf-idf vectors). Tuned on
# Timeline17 (bench/timelines/README.md): 0.5 let one event fill two dates.
REDUNDANT_SIMILARITY = 0.3
# An undated lead this close to a date's centre reports that date's news.
LEAD_SOURCE_SIMILARITY = 0.2
LEAD_SENTENCES = 5
# How a sentence naming the date weighs against an undated lead of that day's reports. Leads say
# the day's main news in the words journalists' timelines use, and score better on Timeline17
# when slightly preferred (AR1 0.118 at 1.0, 0.120 at 0.8, 0.118 at 0.6; tuned there).
MENTION_WEIGHT = 0.8  # opening sentences of an undated report that stand for its day's news


@dataclass(slots=True)
class DateSummary:
    chosen: list[DatedSentence] = field(default_factory=list)  # best first
    sources: list[DatedSentence] = field(default_factory=list)

    @property
    def independent_reports(self) -> int:
        return len({s.source_group for s in self.sources})


def centre(mentioning: Sequence[DatedSentence], published: Sequence[DatedSentence]) -> TermWeights:
    """What the sources say about a date: the mean of each group, keeping shared words if both."""
    means: list[TermWeights] = []
    for group in (mentioning, published):
        if not group:
            continue
        mean: TermWeights = {}
        for sentence in group:
            for term, weight in sentence.vector.items():
                mean[term] = mean.get(term, 0.0) + weight / len(group)
        means.append(mean)
    if len(means) == 2:
        shared = means[0].keys() & means[1].keys()
        combined = {t: means[0][t] + means[1][t] for t in shared}
    else:
        combined = means[0] if means else {}
    norm = math.sqrt(sum(w * w for w in combined.values())) or 1.0
    return {t: w / norm for t, w in combined.items()}


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
    middle = centre(mentioning, published)
    summary = DateSummary()
    if not middle:
        return summary
    named_here = {id(s) for s in mentioning}
    scored = [
        (cosine(s.vector, middle) * (MENTION_WEIGHT if id(s) in named_here else 1.0), s)
        for s in [*mentioning, *published]
    ]
    scored.sort(key=lambda item: (-item[0], item[1].article, item[1].index))
    for similarity, sentence in scored:
        if len(summary.chosen) >= sentences or similarity <= 0.0:
            break
        if allowed is not None and not allowed(sentence):
            continue
        if _repeats(sentence, already_chosen) or _repeats(sentence, summary.chosen):
            continue
        summary.chosen.append(sentence)
    if not summary.chosen:
        return summary
    named = {id(s) for s in [*mentioning, *summary.chosen]}
    summary.sources = [
        s for similarity, s in scored if id(s) in named or similarity >= LEAD_SOURCE_SIMILARITY
    ]
    return summary


def _repeats(sentence: DatedSentence, chosen: Sequence[DatedSentence]) -> bool:
    return any(cosine(sentence.vector, other.vector) >= REDUNDANT_SIMILARITY for other in chosen)
