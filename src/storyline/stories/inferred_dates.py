"""Publication dates for undated articles, from their own relative dates and their episode.

An undated report that says "NATO said Friday" and "announced on Saturday" fixes its date only up
to a week; the dated reports of the same episode fix which week. Each day around the episode is
tried as the publication date: the article's relative expressions are resolved against it, and
the day scores one point for each expression that lands on a day the dated reports name (their
publication days and the days their own time expressions resolve to). The best-scoring day
wins; among equals, the earliest, because news is published on the day of the latest event it
reports ("said Tuesday" is read on Tuesday). Without any such agreement the article stays
undated: a guess is worse than a gap.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.days import day_of
from storyline.language.timex.anchor import Anchor, resolve
from storyline.models import TimeExpression

__all__ = ["InferredDate", "infer_publication_date"]

SEARCH_MARGIN_DAYS = 7  # how far before and after the episode's dated reports to look


@dataclass(frozen=True, slots=True)
class InferredDate:
    day: date
    agreeing: int  # how many of the article's expressions land on a known day
    evidence: str  # which ones, for the user to check


def infer_publication_date(
    times: Sequence[TimeExpression], known_days: Collection[date], first: date, last: date
) -> InferredDate | None:
    """The publication day that makes the most of `times` land on `known_days`.

    >>> from storyline.language.timex import tag_times
    >>> times = tag_times("NATO said on Tuesday that it would pull out some staff after Friday's strike.")
    >>> known = {date(2020, 1, 3), date(2020, 1, 7)}
    >>> infer_publication_date(times, known, date(2020, 1, 3), date(2020, 1, 7)).day
    datetime.date(2020, 1, 7)
    """
    relative = [t for t in times if t.relative]
    if not relative or not known_days:
        return None
    best: tuple[int, date, list[str]] | None = None
    day = first - timedelta(days=SEARCH_MARGIN_DAYS)
    while day <= last + timedelta(days=SEARCH_MARGIN_DAYS):
        anchor = Anchor.parse(day.isoformat())
        agreeing = []
        for expression in relative:
            value = resolve(expression.relative or "", anchor)
            landed = day_of(value)
            if landed is not None and landed in known_days:
                agreeing.append(f"{expression.text!r} = {landed.isoformat()}")
        if agreeing and (best is None or len(agreeing) > best[0]):
            best = (len(agreeing), day, agreeing)
        day += timedelta(days=1)
    if best is None:
        return None
    count, found, agreeing = best
    return InferredDate(
        found, count, "inferred from " + ", ".join(agreeing) + ", dates its episode's dated reports give"
    )
