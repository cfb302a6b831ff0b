"""Who is quoted in a story, by which outlets, saying what.

The language stage gives each quote and reported statement a speaker, resolved to a name where the
text allows ("he" after "Gen. Alexus Grynkewich"). Here they are gathered per speaker across the
story's reports: a named speaker is their name; an unnamed one ("a NATO official", "a spokesman for
the trans-Atlantic military alliance") is their affiliation or description, and two unnamed
speakers of different reports are one when they are quoted saying the same words, which is how
the same anonymous spokesman shows up in two outlets.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.claims.figures import reporting_outlet
from storyline.models import Annotations, Article, CopyLink, Speaker, Statement
from storyline.store import Store
from storyline.stories.material import StoryMaterial

__all__ = ["quotes_of_story", "speakers_of"]

_WORD = re.compile(r"[a-z0-9']+")
# Two quotes sharing this much of the shorter one's words are the same words.
SAME_WORDS = 0.7
MIN_QUOTE_WORDS = 4


@dataclass(slots=True)
class _Said:
    statement: Statement
    name: str  # the speaker as resolved ("Alexus Grynkewich") or as written ("The German government")
    role: str | None
    affiliation: str | None


def quotes_of_story(store: Store, story_id: str) -> list[Speaker]:
    """The speakers of a stored story (an id or unambiguous prefix), the most widely quoted first."""
    material = StoryMaterial.load(store, story_id)
    return speakers_of(material.articles, material.annotations, material.copies)


def speakers_of(
    articles: Sequence[Article],
    annotations: dict[str, Annotations],
    copies: dict[str, CopyLink] | None = None,
) -> list[Speaker]:
    copies = copies or {}
    groups: dict[str, list[_Said]] = defaultdict(list)
    for article in articles:
        notes = annotations.get(article.id)
        if notes is None:
            continue
        link = copies.get(article.id)
        outlet = reporting_outlet(article, link)
        for attribution in notes.attributions:
            if not attribution.speaker and not attribution.entity:
                continue
            if attribution.anonymous:
                description = attribution.affiliation or attribution.role or attribution.speaker or "unnamed"
                key = f"unnamed:{article.id}:{description.lower()}"
            else:
                key = (attribution.entity or attribution.speaker or "").lower()
            statement = Statement(
                article.id,
                outlet,
                attribution.kind,
                article.text[attribution.start : attribution.end].strip(),
                attribution.start,
                attribution.end,
            )
            name = attribution.entity or attribution.speaker or ""
            groups[key].append(_Said(statement, name, attribution.role, attribution.affiliation))
    _join_unnamed_by_their_words(groups)
    speakers = [_speaker(key, members) for key, members in groups.items()]
    speakers.sort(key=lambda s: (-len(s.outlets), -len(s.statements), s.name))
    return speakers


def _join_unnamed_by_their_words(groups: dict[str, list[_Said]]) -> None:
    unnamed = sorted(k for k in groups if k.startswith("unnamed:"))
    for i, first in enumerate(unnamed):
        for second in unnamed[i + 1 :]:
            if first not in groups or second not in groups:
                continue
            if any(
                _same_words(a.statement.text, b.statement.text) for a in groups[first] for b in groups[second]
            ):
                groups[first].extend(groups.pop(second))


def _same_words(a: str, b: str) -> bool:
    words_a, words_b = _WORD.findall(a.lower()), _WORD.findall(b.lower())
    shorter = min(len(words_a), len(words_b))
    if shorter < MIN_QUOTE_WORDS:
        return False
    shared = sum((Counter(words_a) & Counter(words_b)).values())
    return shared >= SAME_WORDS * shorter


def _speaker(key: str, members: list[_Said]) -> Speaker:
    roles = Counter(m.role for m in members if m.role)
    affiliations = Counter(m.affiliation for m in members if m.affiliation)
    anonymous = key.startswith("unnamed:")
    if anonymous and affiliations:
        name = f"{affiliations.most_common(1)[0][0]} (unnamed)"
    elif anonymous:
        name = roles.most_common(1)[0][0] if roles else "unnamed source"
    else:
        name = Counter(m.name for m in members).most_common(1)[0][0]
    return Speaker(
        name=name,
        role=roles.most_common(1)[0][0] if roles else None,
        anonymous=anonymous,
        affiliation=affiliations.most_common(1)[0][0] if affiliations else None,
        outlets=list(dict.fromkeys(m.statement.outlet or m.statement.article for m in members)),
        articles=list(dict.fromkeys(m.statement.article for m in members)),
        statements=[m.statement for m in members],
    )
