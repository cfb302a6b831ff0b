"""Outlets side by side: what each reports alone, what it copied, where it agrees or conflicts.

For a story, each outlet gets its reports, the claims only it makes, the reports of its that are
copies or republications of someone else's, the outlets it agrees with and conflicts with on
shared claims, and whom it quotes. With a list of outlets, the claims they share are laid out
value by value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from storyline.claims.build import claims_of
from storyline.claims.figures import reporting_outlet
from storyline.claims.grouping import compatible
from storyline.claims.quotes import speakers_of
from storyline.store import Store
from storyline.stories.material import StoryMaterial

__all__ = ["compare_outlets"]


def compare_outlets(store: Store, story_id: str, outlets: Sequence[str] | None = None) -> dict[str, Any]:
    """The comparison as plain data (the CLI prints it as JSON or a table)."""
    material = StoryMaterial.load(store, story_id)
    story, copies = material.story, material.copies
    articles = {a.id: a for a in material.articles}
    claims = claims_of(material)
    speakers = speakers_of(material.articles, material.annotations, copies)

    def outlet_of(article_id: str) -> str:
        return reporting_outlet(articles[article_id], copies.get(article_id)) or article_id

    wanted = _resolve(outlets, {outlet_of(a) for a in articles}) if outlets else None
    rows: dict[str, dict[str, Any]] = {}
    for article_id in story.articles:
        name = outlet_of(article_id)
        row = rows.setdefault(
            name,
            {
                "outlet": name,
                "articles": [],
                "alone": [],
                "copied": [],
                "agrees_with": {},
                "conflicts_with": {},
                "quotes": [],
            },
        )
        row["articles"].append(article_id)
        link = copies.get(article_id)
        if link is not None:
            publisher = articles[article_id].outlet
            row["copied"].append(
                {
                    "article": article_id,
                    "published_by": publisher,
                    "copy_of": link.copy_of,
                    "original_outlet": link.original_outlet,
                    "kind": link.kind,
                }
            )
    agree: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    conflict: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        by_outlet = defaultdict(list)
        for value in claim.values:
            by_outlet[outlet_of(value.article)].append(value)
        if len(by_outlet) == 1:
            (only,) = by_outlet
            rows[only]["alone"].append(
                {"claim": claim.id, "subject": claim.subject, "text": claim.values[0].text}
            )
            continue
        names = sorted(by_outlet)
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                together = all(compatible(a, b) for a in by_outlet[first] for b in by_outlet[second])
                if together:
                    agree[first][second] += 1
                    agree[second][first] += 1
                else:
                    conflict[first][second].append(claim.id)
                    conflict[second][first].append(claim.id)
    for name, row in rows.items():
        row["agrees_with"] = dict(sorted(agree[name].items()))
        row["conflicts_with"] = {k: v for k, v in sorted(conflict[name].items())}
        row["quotes"] = [s.name for s in speakers if name in s.outlets]
    result: dict[str, Any] = {
        "story": story.id,
        "outlets": [rows[n] for n in sorted(rows) if wanted is None or n in wanted],
    }
    if wanted:
        shared = []
        for claim in claims:
            values = {n: [v.text for v in claim.values if outlet_of(v.article) == n] for n in sorted(wanted)}
            if sum(1 for texts in values.values() if texts) >= 2:
                shared.append(
                    {"claim": claim.id, "subject": claim.subject, "verdict": claim.verdict, "values": values}
                )
        result["shared"] = shared
    return result


def _resolve(asked: Sequence[str], known: set[str]) -> list[str]:
    """Outlet names as the user typed them ("dw", "al jazeera") matched to the story's outlets."""
    found = []
    for name in asked:
        matches = [k for k in known if k.lower() == name.strip().lower()] or [
            k for k in known if name.strip().lower() in k.lower()
        ]
        if not matches:
            raise ValueError(f"no outlet {name!r} in this story (its outlets: {', '.join(sorted(known))})")
        found.extend(matches)
    return sorted(set(found))
