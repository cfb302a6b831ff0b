"""Claims that are not figures: why something happened, and whether it is for good.

Reports of one event often differ less on the numbers than on the why ("after a series of attacks
from Iran", "linked to the deteriorating regional security environment") and on its status
("temporary", "not clear when, or if, they would return"). For each episode of a story and each
independent source, this finds:

- a cause: a sentence about the episode's main event (it shares the words of the reports' leads)
  with a causal cue ("after", "because of", "due to", "linked to", "as ... continued to prompt");
  the position is the clause from the cue on;
- a status: a sentence that says it is temporary, open-ended or permanent (the stance words are
  specific enough not to need the event's own words: "It was not clear when, or if, they would
  return").

Positions on the status conflict when their stances differ (temporary against open-ended). Causes
conflict when two sources give causes that share almost no words: a difference a reader should see,
even if both may be partly right.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.claims.figures import episode_months, independent_sources, reporting_outlet
from storyline.models import Annotations, Article, Claim, ClaimValue, CopyLink, Episode
from storyline.stories.features import TermWeights, centroid, term_of_word

__all__ = ["statement_claims"]

# Cues that say why, and weaker ones that often do ("after", "following" may only say when).
_STRONG_CAUSE = re.compile(
    r"\b(?:because(?: of)?|due to|in response to|as a result of|linked to|prompted by|citing|in retaliation for)\b",
    re.IGNORECASE,
)
_WEAK_CAUSE = re.compile(r"\b(?:after|following|in the wake of|amid)\b|,\s+as\s+(?=[a-z])", re.IGNORECASE)
_OPEN_ENDED = re.compile(
    r"\bnot (?:yet )?clear (?:when|whether|if)\b|\bno (?:\w+ )?(?:plans?|timeframe|time frame|timetable)\b"
    r"|\bnot (?:yet )?(?:announced|set|given|decided|said)\b.{0,40}\b(?:plans?|timeframe|time frame|timetable|date)\b"
    r"|\bunclear\b|\bindefinite(?:ly)?\b|\buntil further notice\b",
    re.IGNORECASE,
)
_TEMPORARY = re.compile(
    r"\btemporar(?:y|ily)\b|\bfor now\b|\bwill resume\b|\bplans to resume\b", re.IGNORECASE
)
_PERMANENT = re.compile(r"\bpermanent(?:ly)?\b|\bfor good\b|\bwill not return\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
LEAD_SENTENCES = 2  # each report's opening sentences say what the episode's main event is
EVENT_TERMS = 12  # the words of the leads that stand for the main event
SUBJECT_WORDS = 4
CAUSE_LEAD = 3  # sentences from the top of a report whose causes come first
STEM = 6  # "relocation" and "relocated", "withdrawal" and "withdrew" share their first letters
# Two causes sharing less than this (cosine of their content words) are different accounts.
DIFFERENT_CAUSE = 0.2


@dataclass(slots=True)
class _Position:
    value: ClaimValue
    source: str
    stance: str | None
    words: TermWeights


def statement_claims(
    articles: Sequence[Article],
    annotations: dict[str, Annotations],
    copies: dict[str, CopyLink],
    episodes: Sequence[Episode],
    story_id: str,
) -> list[Claim]:
    """Cause and status claims, one of each per episode with sources that state one."""
    by_id = {a.id: a for a in articles}
    keys = independent_sources(articles, copies)
    claims: list[Claim] = []
    for episode in episodes:
        members = [by_id[a] for a in episode.articles if a in by_id and a in annotations]
        event = _event_terms(members, annotations)
        if not event:
            continue
        event_stems = {term[:STEM] for term in event}
        causes: dict[str, tuple[tuple[bool, int, int], _Position]] = {}
        statuses: dict[str, _Position] = {}
        for article in members:
            link = copies.get(article.id)
            outlet = reporting_outlet(article, link)
            source = keys[article.id]
            notes = annotations[article.id]
            for index, sentence in enumerate(notes.sentences):
                text = article.text[sentence.start : sentence.end]
                stance = _stance(text)
                if stance and source not in statuses:
                    # Stance words are specific enough on their own: "It was not clear when, or if,
                    # they would return" names nothing of the event.
                    statuses[source] = _position(
                        article, outlet, notes, index, sentence.start, sentence.end, source, stance
                    )
                if not _stems(text) & event_stems:
                    continue
                for strength, pattern in enumerate((_STRONG_CAUSE, _WEAK_CAUSE)):
                    cue = pattern.search(text)
                    # A report's lead says why in its own voice; later a "because" may explain anything.
                    rank = (index >= CAUSE_LEAD, strength, index)
                    if cue is None or (source in causes and causes[source][0] <= rank):
                        continue
                    start = sentence.start + cue.start() + (1 if text[cue.start()] == "," else 0)
                    causes[source] = (
                        rank,
                        _position(article, outlet, notes, index, start, sentence.end, source, None),
                    )
                    break
        time = episode_months(episode)
        about = ", ".join(event[:SUBJECT_WORDS])
        # "after" and "following" may say only when; a cause claim needs one source that says why.
        if any(rank[1] == 0 for rank, _ in causes.values()):
            claims.append(_claim("cause", f"why: {about}", time, [p for _, p in causes.values()]))
        if statuses:
            claims.append(_claim("status", f"for how long: {about}", time, list(statuses.values())))
    for number, claim in enumerate(claims, start=1):
        claim.id = f"{story_id[:8]}-s{number}"
    return claims


def _position(
    article: Article,
    outlet: str | None,
    notes: Annotations,
    index: int,
    start: int,
    end: int,
    source: str,
    stance: str | None,
) -> _Position:
    text = article.text[start:end].strip().lstrip(",").strip()
    speaker = next(
        (
            a.entity or a.speaker or a.role
            for a in notes.attributions
            if start <= a.start < end or a.start <= start < a.end
        ),
        None,
    )
    value = ClaimValue(
        article=article.id,
        outlet=outlet,
        text=text,
        value=None,
        range=(None, None),
        approx=False,
        unit=None,
        attributed_to=speaker,
        sentence=index,
        start=start,
        end=end,
        published=article.published,
        stance=stance,
    )
    return _Position(value, source, stance, centroid([_terms(text)]))


def _claim(kind: str, subject: str, time: str | None, positions: list[_Position]) -> Claim:
    positions.sort(key=lambda p: (p.value.published or "9999", p.value.article))
    if len(positions) == 1:
        verdict = "single-source"
    elif kind == "status":
        verdict = "agree" if len({p.stance for p in positions}) == 1 else "conflict"
    else:
        alike = all(
            sum(w * b.words.get(t, 0.0) for t, w in a.words.items()) >= DIFFERENT_CAUSE
            for i, a in enumerate(positions)
            for b in positions[i + 1 :]
        )
        verdict = "agree" if alike else "conflict"
    first = positions[0].value
    return Claim(
        id="",
        subject=subject,
        time=time,
        kind=kind,
        verdict=verdict,
        independent_sources=len({p.source for p in positions}),
        first_reported={"article": first.article, "outlet": first.outlet, "published": first.published},
        values=[p.value for p in positions],
    )


def _stance(text: str) -> str | None:
    # "no permanent plans" is open-ended, not permanent: the open-ended wordings are read first.
    if _OPEN_ENDED.search(text):
        return "open-ended"
    if _TEMPORARY.search(text):
        return "temporary"
    if _PERMANENT.search(text):
        return "permanent"
    return None


def _event_terms(members: Sequence[Article], annotations: dict[str, Annotations]) -> list[str]:
    """The words most of the episode's leads share, the commonest first: what its main event is."""
    counts: Counter[str] = Counter()
    for article in members:
        notes = annotations[article.id]
        lead = " ".join(article.text[s.start : s.end] for s in notes.sentences[:LEAD_SENTENCES])
        counts.update(_terms(lead).keys())  # in the order of the text: ties fall the same way every run
    needed = max(2, math.ceil(len(members) / 2))
    return [t for t, n in counts.most_common(EVENT_TERMS) if n >= min(needed, len(members))]


def _stems(text: str) -> set[str]:
    return {term[:STEM] for term in _terms(text)}


def _terms(text: str) -> TermWeights:
    terms: TermWeights = defaultdict(float)
    for word in _WORD.findall(text):
        if term := term_of_word(word):
            terms[term] += 1.0
    return dict(terms)
