"""Episodes: the runs of a story's reports between long quiet spells or clear shifts in what is reported.

What counts as long depends on the story: one reported every day goes quiet after a week without
news, one reported once a month after a season. The quiet spell that ends an episode is
`QUIET_FACTOR` times the story's typical gap between consecutive reports (their median, leaving
out the longest), and never
shorter than `MIN_QUIET_DAYS`, so a weekend does not split a daily story.

A busy run is also split where what is reported changes: the words of the `SHIFT_WINDOW` reports
before a day and of the ones from that day on are compared, and a run splits at the day where the
two are least alike if they are far less alike than at the run's typical day (under `SHIFT_RATIO`
of the median). On Timeline17 this cuts the end of Egypt's uprising story where one outlet's pages
turn to Libya's, and nothing in the other big stories, whose day-to-day likeness dips to no less
than about 0.7 of its median. Undated reports join the episode whose words they share most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from storyline.models import Episode
from storyline.stories.features import TermWeights, centroid, cosine

__all__ = ["EpisodeMember", "split_episodes"]

QUIET_FACTOR = 8.0
MIN_QUIET_DAYS = 7
SHIFT_WINDOW = 10  # reports on each side of a possible shift; a shorter run is never split by content
SHIFT_RATIO = 0.6
SHIFT_MIN_BOUNDARIES = 5  # fewer days to compare give no reliable median


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
        runs = [piece for run in runs for piece in _split_at_shifts(run)]
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


def _split_at_shifts(run: list[EpisodeMember]) -> list[list[EpisodeMember]]:
    """Split a run of dated reports (in date order) where its content clearly changes, recursively."""
    if len(run) < 2 * SHIFT_WINDOW:
        return [run]
    boundaries: list[tuple[float, int]] = []
    for index in range(SHIFT_WINDOW, len(run) - SHIFT_WINDOW + 1):
        if run[index].day == run[index - 1].day:
            continue  # a shift falls between days, never inside one
        before = centroid(m.terms for m in run[index - SHIFT_WINDOW : index])
        after = centroid(m.terms for m in run[index : index + SHIFT_WINDOW])
        boundaries.append((cosine(before, after), index))
    if len(boundaries) < SHIFT_MIN_BOUNDARIES:
        return [run]
    typical = median(score for score, _ in boundaries)
    lowest, at = min(boundaries)
    if lowest >= SHIFT_RATIO * typical:
        return [run]
    return _split_at_shifts(run[:at]) + _split_at_shifts(run[at:])


def _closest_run(member: EpisodeMember, runs: list[list[EpisodeMember]]) -> int:
    best, best_score = len(runs) - 1, -1.0
    for index, run in enumerate(runs):
        score = cosine(member.terms, centroid(m.terms for m in run))
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
