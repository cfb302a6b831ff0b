"""Group the figures that speak of one thing at one time, and say whether the reports agree.

Two figures from different reports are one claim when their subjects match (`claims.subjects`:
the same measure, place, status, era and news day, where a figure that does not say one of them
matches any) and either their values agree and their sentences share something, or their
sentences are clearly about the same thing whatever the values (that is how a conflict is found).
A bare number ("rose to 13") has no measure of its own: it joins only a figure it agrees with, in
a like sentence or at the same named place. Links are taken surest first, and a link is refused
that would make a report contradict itself or give one claim two measures, places, statuses,
eras or days. A report's repeated figure counts once.

Whether two values agree, for linking: a bound is read as the figure it names ("at least 20" is
about 20, "up to 81" about 81), so that open bounds do not chain every smaller or larger count
into one claim. For the verdict a bound is what it says: "up to 81" and "at least 20" agree.

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
from storyline.claims.subjects import FigureSubject
from storyline.models import Claim, ClaimValue

__all__ = ["compatible", "group_figures"]

APPROX_TOLERANCE = 0.05
# Sentences this alike (cosine of their word and name counts) speak of the same thing, whatever
# their figures say; a conflict is two such sentences with incompatible figures.
SAME_SUBJECT_SIMILARITY = 0.35
# With compatible figures, sentences need only share this much.
SHARED_CONTEXT_SIMILARITY = 0.08
# A bare number ("rose to 13") needs a like sentence, or one naming the same place.
BARE_SIMILARITY = 0.3
SHARED_PLACE_SIMILARITY = 0.1
# An open bound is read, for linking, as a figure this close to it: "more than 100" as 100-115.
BOUND_SLACK = 0.15


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
    subjects = [m.about for m in unique]
    nominal = [_nominal_span(m.value) for m in unique]

    def near(x: int, y: int) -> bool:
        return nominal[x][0] <= nominal[y][1] and nominal[y][0] <= nominal[x][1]

    # Only figures that could be one claim are compared: same kind, dimension ("5,000 ft" and
    # "1,500 m" are both lengths) and story episode.
    blocks: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, mention in enumerate(unique):
        blocks[(mention.kind, unit_scale(mention.value.unit)[0], mention.episode)].append(index)
    links: list[tuple[int, float, int, int]] = []
    for block in blocks.values():
        for i, j, similarity in _like_pairs(block, unique):
            link = _link(unique[i], unique[j], subjects[i], subjects[j], near(i, j), similarity)
            if link is not None:
                links.append((link, -similarity, i, j))

    parent = list(range(len(unique)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # The surest links first: agreeing figures in like sentences, then like sentences alone. Each
    # group keeps its figures by report, to check that no report would contradict itself, and
    # what its figures say of their subject, so that figures saying less cannot chain two groups
    # that say different things.
    members: dict[int, list[int]] = {i: [i] for i in range(len(unique))}
    by_report: dict[int, dict[str, list[int]]] = {i: {m.value.article: [i]} for i, m in enumerate(unique)}
    said: dict[int, dict[str, set[object]]] = {i: _said(subjects[i]) for i in range(len(unique))}
    day_span = {i: (s.news_day, s.news_day) for i, s in enumerate(subjects)}
    slack = {i: s.day_slack if s.news_day else 10**6 for i, s in enumerate(subjects)}
    for _, _, i, j in sorted(links):
        first, second = root(i), root(j)
        if first == second:
            continue
        shared = by_report[first].keys() & by_report[second].keys()
        if any(not near(x, y) for r in shared for x in by_report[first][r] for y in by_report[second][r]):
            continue  # a report does not contradict itself: two of its figures that differ are two subjects
        if any(
            said[first][k] and said[second][k] and not said[first][k] & said[second][k] for k in said[first]
        ):
            continue
        if (
            not (subjects[i].measure and subjects[j].measure)
            and not _measured(unique[i])
            and not all(near(x, y) for x in members[first] for y in members[second])
        ):
            continue  # a bare number joins only while every figure agrees: no chains
        days = [d for d in (*day_span[first], *day_span[second]) if d is not None]
        if days and (max(days) - min(days)).days > min(slack[first], slack[second]):
            continue
        parent[first] = second
        members[second].extend(members.pop(first))
        if days:
            day_span[second] = (min(days), max(days))
        slack[second] = min(slack.pop(first), slack[second])
        for key, values in said.pop(first).items():
            said[second][key] |= values
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


def _link(
    a: FigureMention,
    b: FigureMention,
    first: FigureSubject,
    second: FigureSubject,
    agreeing: bool,
    similarity: float,
) -> int | None:
    """0 for two figures that state the same thing and agree, 1 for two that disagree about the
    same thing, None for figures of different things."""
    if (
        a.qualifiers != b.qualifiers  # Hungarian soldiers are not soldiers, nor Canadian troops
        or (first.place and second.place and first.place != second.place)
        or (first.status and second.status and first.status != second.status)
        or first.era != second.era
    ):
        return None
    if first.news_day and second.news_day:
        if abs((first.news_day - second.news_day).days) > min(first.day_slack, second.day_slack):
            return None  # a tally moves on from day to day
    # A measure ("5,000 ft", "12 metres") says what it is by its unit even with no noun: it compares
    # with any figure of its dimension that names no other thing ("5,000 barrels of oil").
    measured = _measured(a)
    if (first.measure and second.measure) or measured:
        if first.measure and second.measure and first.measure != second.measure:
            return None
        if bool(first.measure) != bool(second.measure):
            # "5,000 barrels of oil" and "5,000 barrels" may be one figure; "within 10 metres of
            # its usual level" is not a crack of 12 metres: only alike sentences that agree.
            return 0 if agreeing and similarity >= SAME_SUBJECT_SIMILARITY else None
        if (first.news_day is None) != (second.news_day is None) and not measured:
            return None
        if agreeing and similarity >= SHARED_CONTEXT_SIMILARITY:
            return 0
        return 1 if not agreeing and similarity >= SAME_SUBJECT_SIMILARITY else None
    # A bare number: it agrees, and its sentence is like the other's or names the same place.
    if agreeing and (
        similarity >= BARE_SIMILARITY
        or (first.place and first.place == second.place and similarity >= SHARED_PLACE_SIMILARITY)
    ):
        return 0
    return None


def _measured(figure: FigureMention) -> bool:
    """Whether the figure is in a unit of measure of a known dimension (length, volume, mass...)."""
    return figure.value.unit is not None and unit_scale(figure.value.unit)[0] != figure.value.unit


def _said(subject: FigureSubject) -> dict[str, set[object]]:
    said: dict[str, set[object]] = {
        "measure": {subject.measure} if subject.measure else set(),
        "place": {subject.place} if subject.place else set(),
        "status": {subject.status} if subject.status else set(),
        "era": {subject.era} if subject.era else set(),
    }
    return said


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


# Units of one dimension in its base unit, so that "5,000 ft" and "1,500 m" can be compared.
_UNIT_SCALES = {
    "m": ("length", 1.0), "km": ("length", 1000.0), "cm": ("length", 0.01), "mm": ("length", 0.001),
    "miles": ("length", 1609.344), "ft": ("length", 0.3048), "in": ("length", 0.0254),
    "yards": ("length", 0.9144), "litres": ("volume", 1.0), "gallons": ("volume", 3.785),
    "barrels": ("volume", 158.987), "tonnes": ("mass", 1000.0), "tons": ("mass", 907.2),
    "kg": ("mass", 1.0), "g": ("mass", 0.001), "lb": ("mass", 0.4536), "oz": ("mass", 0.02835),
    "ha": ("area", 10_000.0), "acres": ("area", 4046.86), "km/h": ("speed", 1.0),
    "mph": ("speed", 1.609), "knots": ("speed", 1.852),
}  # fmt: skip


def unit_scale(unit: str | None) -> tuple[str | None, float]:
    """A unit's dimension and its size in the dimension's base unit; other units stand alone.

    >>> unit_scale("ft"), unit_scale("barrels/day"), unit_scale("USD")
    (('length', 0.3048), ('volume/day', 158.987), ('USD', 1.0))
    """
    if unit is None:
        return None, 1.0
    base, _, per = unit.partition("/")
    if base in _UNIT_SCALES:
        dimension, scale = _UNIT_SCALES[base]
        return (f"{dimension}/{per}" if per else dimension), scale
    return unit, 1.0


def _span(value: ClaimValue) -> tuple[float, float]:
    """The values a figure allows, in its dimension's base unit."""
    low, high = _scaled(value, _stated_span(value))
    return low, high


def _stated_span(value: ClaimValue) -> tuple[float, float]:
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


def _scaled(value: ClaimValue, span: tuple[float, float]) -> tuple[float, float]:
    scale = unit_scale(value.unit)[1]
    return span[0] * scale, span[1] * scale


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


def _nominal_span(value: ClaimValue) -> tuple[float, float]:
    """The span a figure names, for linking, in its dimension's base unit."""
    return _scaled(value, _named_span(value))


def _named_span(value: ClaimValue) -> tuple[float, float]:
    # A bound is read as about the figure it gives: "at least 20" as 20-23.
    low, high = value.range
    if value.value is not None:
        first = last = value.value
        if low is not None and high is None:
            last = value.value * (1 + BOUND_SLACK)  # "at least 20"
        elif high is not None and low is None:
            first = value.value * (1 - BOUND_SLACK)  # "up to 81"
    elif low is not None and high is not None:
        first, last = low, high
    elif low is not None:
        first, last = low, low * (1 + BOUND_SLACK)
    elif high is not None:
        first, last = high * (1 - BOUND_SLACK), high
    else:
        return -math.inf, math.inf
    if value.approx:
        return first * (1 - APPROX_TOLERANCE), last * (1 + APPROX_TOLERANCE)
    if value.value is not None and first == last:
        half_unit = _rounding_unit(value.value) / 2
        return first - half_unit, last + half_unit
    return first, last
