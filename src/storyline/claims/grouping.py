"""Group the figures that speak of one thing at one time, and say whether the reports agree.

Two figures from different reports are one claim when they count the same kind of thing (the head
class), with the same qualifiers ("Hungarian soldiers" is not "soldiers"), in the same episode, and
their sentences speak of the same thing: either the values are compatible and the sentences share
something, or the sentences are clearly about the same thing whatever the values (that is how a
conflict is found). Groups are the connected figures; a report's repeated figure counts once.

Verdicts: `single-source` when one independent source gives the figure (copies and re-runs of one
report count once), `agree` when every pair of values is compatible (an approximate figure allows
5 % either way, a range its whole span), else `conflict`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from storyline.claims.figures import FigureMention
from storyline.models import Claim, ClaimValue
from storyline.stories.features import TermWeights

__all__ = ["compatible", "group_figures"]

APPROX_TOLERANCE = 0.05
# Sentences this alike (cosine of their word and name counts) speak of the same thing, whatever
# their figures say; a conflict is two such sentences with incompatible figures.
SAME_SUBJECT_SIMILARITY = 0.35
# With compatible figures, sentences need only share this much.
SHARED_CONTEXT_SIMILARITY = 0.08


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

    vectors = [_unit(m.context) for m in unique]
    members: dict[int, list[int]] = {i: [i] for i in range(len(unique))}
    links: list[tuple[int, float, int, int]] = []
    # Only figures that could be one claim are compared: same kind, unit, head, qualifiers, episode.
    blocks: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, mention in enumerate(unique):
        blocks[_block_key(mention)].append(index)
    pairs = ((i, j) for block in blocks.values() for n, i in enumerate(block) for j in block[n + 1 :])
    for i, j in pairs:
        a, b = unique[i], unique[j]
        if a.value.article != b.value.article:
            similarity = sum(w * vectors[j].get(t, 0.0) for t, w in vectors[i].items())
            agreeing = compatible(a.value, b.value)
            if similarity >= SAME_SUBJECT_SIMILARITY or (
                agreeing and similarity >= SHARED_CONTEXT_SIMILARITY
            ):
                links.append((0 if agreeing else 1, -similarity, i, j))
    # The surest links first: compatible figures in like sentences, then like sentences alone.
    for _, _, i, j in sorted(links):
        first, second = root(i), root(j)
        if first == second or _contradicts_itself([unique[k] for k in members[first] + members[second]]):
            continue
        parent[first] = second
        members[second].extend(members.pop(first))
    groups: dict[int, list[FigureMention]] = defaultdict(list)
    for i, mention in enumerate(unique):
        groups[root(i)].append(mention)
    claims = [_claim(members) for members in groups.values()]
    claims.sort(key=lambda c: (-c.independent_sources, c.time or "", c.subject, c.values[0].article))
    for number, claim in enumerate(claims, start=1):
        claim.id = f"{story_id[:8]}-c{number}"
    return claims


def _block_key(mention: FigureMention) -> tuple[object, ...]:
    return (
        mention.kind,
        mention.value.unit,
        mention.head,
        tuple(sorted(mention.qualifiers)),
        mention.episode,
    )


def _contradicts_itself(group: list[FigureMention]) -> bool:
    # A report does not contradict itself: two incompatible figures of one report in one group
    # mean two subjects ("5,200 coalition soldiers" and "500 NATO trainers").
    by_article: dict[str, list[ClaimValue]] = defaultdict(list)
    for mention in group:
        by_article[mention.value.article].append(mention.value)
    return any(
        not compatible(x, y)
        for values in by_article.values()
        for i, x in enumerate(values)
        for y in values[i + 1 :]
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


def _unit(weights: TermWeights) -> TermWeights:
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}
