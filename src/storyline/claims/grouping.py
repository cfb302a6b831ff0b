"""Group the figures that speak of one thing at one time, and say whether the reports agree.

Two figures from different reports are one claim when they count the same kind of thing (the head
class), with the same qualifiers ("Hungarian soldiers" is not "soldiers"), in the same episode,
with states and places that do not contradict (killed is not infected, Mexico is not the US), on
news days at most `NEWS_SPAN_DAYS` apart, and when their sentences speak of the same thing: either
the values are compatible and the sentences share something, or the sentences are clearly about
the same thing whatever the values (that is how a conflict is found). Links are taken surest
first, and a link that would make a report contradict itself, stretch a claim over more days, or
(for figures of nothing named) join values that do not all agree is refused. A report's repeated
figure counts once.

Verdicts: `single-source` when one independent source gives the figure (copies and re-runs of one
report count once), `agree` when every pair of values is compatible (an approximate figure allows
5 % either way, a round one its last non-zero digit, a range its whole span), else `conflict`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from storyline.claims.figures import FigureMention
from storyline.models import Claim, ClaimValue

__all__ = ["compatible", "group_figures"]

APPROX_TOLERANCE = 0.05
# Sentences this alike (cosine of their word and name counts) speak of the same thing, whatever
# their figures say; a conflict is two such sentences with incompatible figures.
SAME_SUBJECT_SIMILARITY = 0.35
# With compatible figures, sentences need only share this much.
SHARED_CONTEXT_SIMILARITY = 0.08
# Reports of one figure come within days of each other; a running count (cases, deaths) moves on.
NEWS_SPAN_DAYS = 4


def compatible(a: ClaimValue, b: ClaimValue) -> bool:
    """Whether two figures can both be right: their spans, widened when approximate, overlap.

    >>> one = ClaimValue("a", None, "about 4,000", 4000, (4000, 4000), True, None, None, 0, 0, 0)
    >>> other = ClaimValue("b", None, "4,180", 4180, (4180, 4180), False, None, None, 0, 0, 0)
    >>> compatible(one, other), compatible(one, ClaimValue("c", None, "4,500", 4500, (4500, 4500), False, None, None, 0, 0, 0))
    (True, False)
    """
    low_a, high_a = _span(a)
    low_b, high_b = _span(b)
    return low_a <= high_b and low_b <= high_a


def group_figures(mentions: Sequence[FigureMention], story_id: str) -> list[Claim]:
    """The story's figure claims, the most independently reported first."""
    unique = _one_per_report(mentions)
    parent = list(range(len(unique)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    spans = [_span(m.value) for m in unique]

    def agree(x: int, y: int) -> bool:
        return spans[x][0] <= spans[y][1] and spans[y][0] <= spans[x][1]

    # Only figures that could be one claim are compared: same kind, unit, head, qualifiers, episode.
    blocks: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, mention in enumerate(unique):
        blocks[_block_key(mention)].append(index)
    links: list[tuple[int, float, int, int]] = []
    for block in blocks.values():
        for i, j, similarity in _like_pairs(block, unique):
            if not _same_moment(unique[i], unique[j]):
                continue
            agreeing = agree(i, j)
            if not unique[i].head:
                # Nothing counted ("$90.29", "7%"): like sentences alone do not make two figures
                # one claim, so such figures only join when they also agree.
                linked = agreeing and similarity >= SAME_SUBJECT_SIMILARITY
            else:
                linked = similarity >= SAME_SUBJECT_SIMILARITY or agreeing
            if linked:
                links.append((0 if agreeing else 1, -similarity, i, j))
    # The surest links first: compatible figures in like sentences, then like sentences alone.
    # Each group keeps its figures by report, to check that no report would contradict itself.
    by_report: dict[int, dict[str, list[int]]] = {i: {m.value.article: [i]} for i, m in enumerate(unique)}
    members: dict[int, list[int]] = {i: [i] for i in range(len(unique))}
    day_span = {i: (m.news_day, m.news_day) for i, m in enumerate(unique)}
    # What a group's figures say of place and state, so that figures naming neither cannot chain a
    # group about Mexico to one about the US, or deaths to cases.
    places = {i: set(m.places) for i, m in enumerate(unique)}
    states = {i: set(m.states) for i, m in enumerate(unique)}
    for _, _, i, j in sorted(links):
        first, second = root(i), root(j)
        if first == second:
            continue
        shared = by_report[first].keys() & by_report[second].keys()
        if any(not agree(x, y) for r in shared for x in by_report[first][r] for y in by_report[second][r]):
            continue  # a report does not contradict itself: two of its figures that differ are two subjects
        if not unique[i].head and not all(agree(x, y) for x in members[first] for y in members[second]):
            continue  # figures of nothing named join only while they all agree: no chains
        days = [d for d in (*day_span[first], *day_span[second]) if d is not None]
        if days and (max(days) - min(days)).days > NEWS_SPAN_DAYS:
            continue  # a running count moves on: figures of days far apart are two claims
        if (places[first] and places[second] and not places[first] & places[second]) or (
            states[first] and states[second] and not states[first] & states[second]
        ):
            continue
        parent[first] = second
        members[second].extend(members.pop(first))
        if days:
            day_span[second] = (min(days), max(days))
        places[second] |= places.pop(first)
        states[second] |= states.pop(first)
        for report, indexes in by_report.pop(first).items():
            by_report[second].setdefault(report, []).extend(indexes)
    groups: dict[int, list[FigureMention]] = defaultdict(list)
    for i, mention in enumerate(unique):
        groups[root(i)].append(mention)
    claims = [_claim(members) for members in groups.values()]
    claims.sort(key=lambda c: (-c.independent_sources, c.time or "", c.subject, c.values[0].article))
    for number, claim in enumerate(claims, start=1):
        claim.id = f"{story_id[:8]}-c{number}"
    return claims


def _same_moment(a: FigureMention, b: FigureMention) -> bool:
    """Figures of one subject at one time: states and places that do not contradict (killed is
    not infected; a figure with no state word may be either) and news days close enough."""
    if a.states and b.states and not a.states & b.states:
        return False
    if a.places and b.places and not a.places & b.places:
        return False  # cases in Mexico are not cases in the US
    if a.news_day is not None and b.news_day is not None:
        return abs((a.news_day - b.news_day).days) <= NEWS_SPAN_DAYS
    return True


def _like_pairs(block: list[int], unique: Sequence[FigureMention]) -> list[tuple[int, int, float]]:
    """Pairs of the block's figures from different reports whose sentences share at least
    SHARED_CONTEXT_SIMILARITY, with that similarity (cosine, computed as one matrix product)."""
    if len(block) < 2:
        return []
    vocabulary: dict[str, int] = {}
    for index in block:
        for term in unique[index].context:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(block), len(vocabulary)), dtype=np.float32)
    for row, index in enumerate(block):
        for term, weight in unique[index].context.items():
            matrix[row, vocabulary[term]] = weight
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms == 0, 1.0, norms)
    similarity = matrix @ matrix.T
    rows, columns = np.nonzero(np.triu(similarity >= SHARED_CONTEXT_SIMILARITY, k=1))
    pairs = []
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        i, j = block[row], block[column]
        if unique[i].value.article != unique[j].value.article:
            pairs.append((i, j, float(similarity[row, column])))
    return pairs


def _block_key(mention: FigureMention) -> tuple[object, ...]:
    return (
        mention.kind,
        mention.value.unit,
        mention.head,
        tuple(sorted(mention.qualifiers)),
        mention.episode,
    )


def _one_per_report(mentions: Sequence[FigureMention]) -> list[FigureMention]:
    # "several hundred personnel" three times in one report is one figure.
    seen: set[tuple[str, str, float | None, float | None, str]] = set()
    kept = []
    for mention in mentions:
        key = (
            mention.value.article,
            mention.head,
            *mention.value.range,
            " ".join(sorted(mention.qualifiers)),
        )
        if key in seen:
            continue
        seen.add(key)
        kept.append(mention)
    return kept


def _claim(members: list[FigureMention]) -> Claim:
    members.sort(key=lambda m: (m.value.published or "9999", m.value.article, m.value.start))
    values = [m.value for m in members]
    sources = {m.source_key for m in members}
    if len(sources) == 1:
        verdict = "single-source"
    elif all(compatible(a, b) for i, a in enumerate(values) for b in values[i + 1 :]):
        verdict = "agree"
    else:
        verdict = "conflict"
    first = values[0]
    names: dict[str, int] = defaultdict(int)
    for member in members:
        for name in dict.fromkeys(member.entities):
            names[name] += 1
    context = [n for n, _ in sorted(names.items(), key=lambda item: (-item[1], item[0]))[:2]]
    counted = members[0].counted or members[0].head or "figure"
    plain = counted.lower().replace(".", "")
    qualifier = " ".join(
        q.upper() if len(q) <= 3 else q.title() for q in sorted(members[0].qualifiers) if q not in plain
    )
    subject = f"{qualifier} {counted}".strip() + (f" ({', '.join(context)})" if context else "")
    return Claim(
        id="",
        subject=subject,
        time=members[0].time,
        kind="figure",
        verdict=verdict,
        independent_sources=len(sources),
        first_reported={"article": first.article, "outlet": first.outlet, "published": first.published},
        values=values,
    )


def _span(value: ClaimValue) -> tuple[float, float]:
    low, high = value.range
    if low is None and high is None:
        low = high = value.value
    low = -math.inf if low is None else low
    high = math.inf if high is None else high
    if value.approx and value.value is not None:
        low, high = low * (1 - APPROX_TOLERANCE), high * (1 + APPROX_TOLERANCE)
    elif value.value is not None and low == high:
        # A round figure is as precise as its last digit that is not zero: "4,200" is 4,150 to 4,250.
        half_unit = _rounding_unit(value.value) / 2
        low, high = low - half_unit, high + half_unit
    return low, high


def _rounding_unit(number: float) -> float:
    """
    >>> _rounding_unit(4200), _rounding_unit(48_000_000), _rounding_unit(14), _rounding_unit(1.4)
    (100, 1000000, 0, 0)
    """
    if number != int(number) or number < 10:
        return 0
    whole, unit = int(number), 1
    while whole % 10 == 0:
        whole //= 10
        unit *= 10
    return unit if unit > 1 else 0
