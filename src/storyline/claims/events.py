"""Dated events: which reports say an event happened on which day, and whether they agree.

"NATO suspended its training mission on Saturday" is a claim about a date. Reports of one event
word it alike (the same actors, the same verb and object) and date it within days of each other;
when two independent sources date it differently, that is a conflict a reader should see.

Sentences that name exactly one day are compared with those of the next `WINDOW_DAYS` days: two
from different sources whose words (without the date's) are at least `SAME_EVENT` alike tell one
event. Each group of two or more independent sources becomes a claim of kind `date`; each value
carries the date its report gives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from storyline.claims.figures import independent_sources, reporting_outlet
from storyline.models import Annotations, Article, Claim, ClaimValue, CopyLink
from storyline.timelines.sentences import DatedSentence, collect_sentences, weigh_terms

__all__ = ["event_claims"]

WINDOW_DAYS = 3
# Reports that date one event differently are a day or two apart ("Monday" against "Tuesday");
# a group never spans more, so that alike wordings of later events do not chain into it.
MAX_SPREAD_DAYS = 2
SAME_EVENT = 0.45
LEAD_SENTENCES = 12  # a report tells its events near its top; later dated sentences are background


def event_claims(
    articles: Sequence[Article],
    annotations: dict[str, Annotations],
    copies: dict[str, CopyLink],
    story_id: str,
) -> list[Claim]:
    """Claims of kind `date`, one per event that two or more independent sources date."""
    sentences = collect_sentences(articles, annotations, copies)
    weigh_terms(sentences)
    keys = independent_sources(articles, copies)
    by_id = {a.id: a for a in articles}
    dated = [
        s
        for s in sentences
        if s.index < LEAD_SENTENCES and len([d for d in s.dates if d.precision == "day"]) == 1
    ]
    day_of = {id(s): next(d.first_day for d in s.dates if d.precision == "day") for s in dated}
    dated.sort(key=lambda s: (day_of[id(s)], s.article, s.index))
    parent = list(range(len(dated)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    span = {i: (day_of[id(s)], day_of[id(s)]) for i, s in enumerate(dated)}
    for i, j in _alike_pairs(dated, day_of):
        first, second = root(i), root(j)
        if first == second or keys[dated[i].article] == keys[dated[j].article]:
            continue
        low = min(span[first][0], span[second][0])
        high = max(span[first][1], span[second][1])
        if (high - low).days > MAX_SPREAD_DAYS:
            continue  # alike sentences this far apart tell a story's later events, not one event
        parent[first] = second
        span[second] = (low, high)
    groups: dict[int, list[DatedSentence]] = defaultdict(list)
    for index, sentence in enumerate(dated):
        groups[root(index)].append(sentence)
    claims = []
    for members in groups.values():
        sources = {keys[s.article] for s in members}
        if len(sources) < 2:
            continue
        claims.append(_claim(members, sources, day_of, by_id, copies))
    claims.sort(key=lambda c: (-c.independent_sources, c.time or "", c.subject))
    for number, claim in enumerate(claims, start=1):
        claim.id = f"{story_id[:8]}-d{number}"
    return claims


def _alike_pairs(dated: list[DatedSentence], day_of: dict[int, date]) -> list[tuple[int, int]]:
    """Pairs (i < j) of sentences within WINDOW_DAYS of each other whose words are alike."""
    if len(dated) < 2:
        return []
    vocabulary: dict[str, int] = {}
    for sentence in dated:
        for term in sentence.vector:
            vocabulary.setdefault(term, len(vocabulary))
    pairs: list[tuple[int, int]] = []
    days = [day_of[id(s)] for s in dated]
    start = 0
    while start < len(dated):
        # One block: the sentences of one day, against those of the following WINDOW_DAYS days.
        end = start
        while end < len(dated) and days[end] == days[start]:
            end += 1
        last = end
        limit = days[start] + timedelta(days=WINDOW_DAYS)
        while last < len(dated) and days[last] <= limit:
            last += 1
        block = _matrix(dated[start:last], vocabulary)
        similarity = block[: end - start] @ block.T
        rows, columns = np.nonzero(similarity >= SAME_EVENT)
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            i, j = start + row, start + column
            if i < j and dated[i].article != dated[j].article:
                pairs.append((i, j))
        start = end
    return pairs


def _matrix(sentences: Sequence[DatedSentence], vocabulary: dict[str, int]) -> np.ndarray:
    columns = sorted({vocabulary[t] for s in sentences for t in s.vector})
    position = {c: n for n, c in enumerate(columns)}
    matrix = np.zeros((len(sentences), len(columns)), dtype=np.float32)
    for row, sentence in enumerate(sentences):
        for term, weight in sentence.vector.items():
            matrix[row, position[vocabulary[term]]] = weight
    return matrix


def _claim(
    members: list[DatedSentence],
    sources: set[str],
    day_of: dict[int, date],
    by_id: dict[str, Article],
    copies: dict[str, CopyLink],
) -> Claim:
    members.sort(key=lambda s: (s.published or date.max, s.article, s.index))
    values = [
        ClaimValue(
            article=s.article,
            outlet=reporting_outlet(by_id[s.article], copies.get(s.article)),
            text=s.text,
            value=None,
            range=(None, None),
            approx=False,
            unit=None,
            attributed_to=None,
            sentence=s.index,
            start=s.start,
            end=s.end,
            published=s.published.isoformat() if s.published else None,
            date=day_of[id(s)].isoformat(),
        )
        for s in members
    ]
    days = Counter(v.date for v in values)
    words: Counter[str] = Counter()
    for sentence in members:
        words.update(sentence.words.keys())
    subject = ", ".join(w for w, _ in words.most_common(4))
    first = values[0]
    return Claim(
        id="",
        subject=f"when: {subject}",
        time=days.most_common(1)[0][0],
        kind="date",
        verdict="agree" if len(days) == 1 else "conflict",
        independent_sources=len(sources),
        first_reported={"article": first.article, "outlet": first.outlet, "published": first.published},
        values=values,
    )
