"""Which dates matter: how often, and how independently, the reports refer to them.

A date earns its place on a timeline by being talked about. The strongest sign is a date that
reports keep referring back to after it has passed ("since the April 20 explosion"); next, how many
independent reports mention it at all (copies and re-runs of one report count once). Each date
gets these counts and more (sentences, outlets, reports published on it or the day after), and a
linear score over them (`DateScorer`). The default weighs the independent reports that name the
date and those among them published after it; weights learned from journalists' timelines
(logistic regression over all the counts, trained on the other topics of Timeline17) ranked worse
on the held-out topic (`bench/timelines/README.md`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from storyline.timelines.sentences import DatedSentence, MentionedDate

__all__ = ["DateFeatures", "DateScorer", "date_features"]

# A report published the day after an event is still about it: "yesterday's explosion".
PUBLISHED_WINDOW_DAYS = 2


@dataclass(slots=True)
class DateFeatures:
    """What the reports say about one date."""

    date: MentionedDate
    sentences: int = 0  # sentences that mention it
    reports: int = 0  # independent reports (copies once) that mention it
    reports_before: int = 0  # ... published before it (announcements, schedules)
    reports_same_day: int = 0
    reports_after: int = 0  # ... published after it: they refer back to it
    outlets: int = 0  # outlets that mention it
    published: int = 0  # independent reports published on it or the day after
    _groups: set[str] = field(default_factory=set, repr=False)

    def vector(self) -> list[float]:
        """The features the scorer weighs, on a log scale: ten reports are not ten times one."""
        return [
            math.log1p(self.sentences),
            math.log1p(self.reports),
            math.log1p(self.reports_before),
            math.log1p(self.reports_same_day),
            math.log1p(self.reports_after),
            math.log1p(self.outlets),
            math.log1p(self.published),
        ]


FEATURE_NAMES = (
    "sentences",
    "reports",
    "reports_before",
    "reports_same_day",
    "reports_after",
    "outlets",
    "published",
)


def date_features(sentences: Sequence[DatedSentence]) -> dict[MentionedDate, DateFeatures]:
    """Counts for every date the sentences mention, and every day reports were published on."""
    features: dict[MentionedDate, DateFeatures] = {}
    outlets: dict[MentionedDate, set[str]] = defaultdict(set)
    published_groups: dict[MentionedDate, set[str]] = defaultdict(set)
    for sentence in sentences:
        for mentioned in sentence.dates:
            counts = features.get(mentioned)
            if counts is None:
                counts = features[mentioned] = DateFeatures(mentioned)
            counts.sentences += 1
            if sentence.source_group not in counts._groups:
                counts._groups.add(sentence.source_group)
                counts.reports += 1
                if sentence.published is not None:
                    first = mentioned.first_day
                    if sentence.published < first:
                        counts.reports_before += 1
                    elif mentioned.precision == "day" and sentence.published == first:
                        counts.reports_same_day += 1
                    else:
                        counts.reports_after += 1
            outlets[mentioned].add(sentence.outlet or sentence.source_group)
        if sentence.published is not None:
            for back in range(PUBLISHED_WINDOW_DAYS):
                day = MentionedDate((sentence.published - timedelta(days=back)).isoformat(), "day")
                published_groups[day].add(sentence.source_group)
    for day, groups in published_groups.items():
        counts = features.get(day)
        if counts is None:
            counts = features[day] = DateFeatures(day)
        counts.published = len(groups)
    for mentioned, names in outlets.items():
        features[mentioned].outlets = len(names)
    return features


@dataclass(slots=True)
class DateScorer:
    """A linear score over `DateFeatures.vector()`; higher means more likely on a timeline."""

    weights: list[float]
    bias: float = 0.0

    def score(self, features: DateFeatures) -> float:
        return self.bias + sum(w * x for w, x in zip(self.weights, features.vector(), strict=True))

    @classmethod
    def default(cls) -> DateScorer:
        """Independent reports naming the date, those referring back to it counting twice."""
        return cls([0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0])


def rank_dates(
    features: dict[MentionedDate, DateFeatures],
    scorer: DateScorer,
    *,
    start: date | None = None,
    end: date | None = None,
    precisions: Sequence[str] = ("day", "month", "year"),
) -> list[tuple[MentionedDate, float]]:
    """Dates by score, best first (ties: the earlier date), within [start, end] when given."""
    ranked = []
    for mentioned, counts in features.items():
        if mentioned.precision not in precisions:
            continue
        first = mentioned.first_day
        if (start is not None and first < start) or (end is not None and first > end):
            continue
        ranked.append((mentioned, scorer.score(counts)))
    ranked.sort(key=lambda item: (-item[1], item[0].value))
    return ranked
