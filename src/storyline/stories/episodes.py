"""Episodes: the runs of a story's reports between long quiet spells.

What counts as long depends on the story: one reported every day goes quiet after a week without
news, one reported once a month after a season. The quiet spell that ends an episode is
`QUIET_FACTOR` times the story's typical gap between consecutive reports (their median, leaving
out the longest), and never
shorter than `MIN_QUIET_DAYS`, so a weekend does not split a daily story. Undated reports join the
episode whose words they share most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from storyline.models import Episode
from storyline.stories.features import TermWeights, cosine

__all__ = ["EpisodeMember", "split_episodes"]

QUIET_FACTOR = 8.0
MIN_QUIET_DAYS = 7


@dataclass(slots=True)
class EpisodeMember:
    article: str
    day: int | None  # publication day number (date.toordinal())
    terms: TermWeights


def split_episodes(story_id: str, members: Sequence[EpisodeMember]) -> list[Episode]:
    """Split a story's reports into episodes at its long quiet spells.

    >>> day = date(2020, 1, 3).toordinal()
    >>> reports = [EpisodeMember("a", day, {}), EpisodeMember("b", day + 4, {}), EpisodeMember("c", day + 2270, {})]
    >>> [(e.id, e.start, e.articles) for e in split_episodes("s1", reports)]
    [('s1/1', '2020-01-03', ['a', 'b']), ('s1/2', '2026-03-20', ['c'])]
    """
    dated = sorted((m for m in members if m.day is not None), key=lambda m: (m.day, m.article))
    undated = [m for m in members if m.day is None]
    runs: list[list[EpisodeMember]] = []
    if dated:
        days = [m.day for m in dated if m.day is not None]
        gaps = [later - earlier for earlier, later in zip(days, days[1:], strict=False)]
        quiet = max(MIN_QUIET_DAYS, QUIET_FACTOR * _typical_gap(gaps))
        runs.append([dated[0]])
        for member, gap in zip(dated[1:], gaps, strict=True):
            if gap > quiet:
                runs.append([])
            runs[-1].append(member)
    if undated:
        if not runs:
            runs.append([])
        for member in undated:
            runs[_closest_run(member, runs)].append(member)
    return [_episode(story_id, number, run) for number, run in enumerate(runs, start=1)]


def _typical_gap(gaps: list[int]) -> float:
    # The median without the longest gap: in a story of a few reports the long silence being
    # looked for would otherwise be the median itself.
    rest = sorted(gaps)[:-1]
    return max(1.0, median(rest)) if rest else 1.0


def _closest_run(member: EpisodeMember, runs: list[list[EpisodeMember]]) -> int:
    best, best_score = len(runs) - 1, -1.0
    for index, run in enumerate(runs):
        centroid: TermWeights = {}
        for other in run:
            for term, weight in other.terms.items():
                centroid[term] = centroid.get(term, 0.0) + weight
        norm = sum(w * w for w in centroid.values()) ** 0.5 or 1.0
        score = cosine(member.terms, {t: w / norm for t, w in centroid.items()})
        if score > best_score:
            best, best_score = index, score
    return best


def _episode(story_id: str, number: int, run: list[EpisodeMember]) -> Episode:
    days = [m.day for m in run if m.day is not None]
    return Episode(
        id=f"{story_id}/{number}",
        start=date.fromordinal(min(days)).isoformat() if days else None,
        end=date.fromordinal(max(days)).isoformat() if days else None,
        articles=[m.article for m in run],
    )
