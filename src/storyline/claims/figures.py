"""Every figure a story's reports give, with what it counts, where, when and on whose word.

A figure ("Around 500 trainers, advisers and support staff") comes from the language stage's
quantities. To compare it with other reports' figures it also needs:

- what it counts, as a head class: troops, soldiers, trainers and personnel are all people in
  uniform; residents, civilians and people are people; other nouns stand for themselves;
- its qualifiers: the names inside the figure that narrow it ("Hungarian soldiers", "U.S. troops");
- its time: the story's episode the report belongs to;
- its context: the words and names of its sentence, which say which mission, which town, which
  verb ("killed", "evacuated");
- its subject (`claims.subjects`): the measure (deaths, cases, people, or the counted noun), the
  one place it is about, suspected or confirmed, and the day a tally holds on;
- who says it: the speaker of the quote or statement it sits in, or "according to ...".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from storyline.claims.subjects import FigureSubject, figure_subject
from storyline.models import Annotations, Article, ClaimValue, CopyLink, Episode
from storyline.stories.features import TermWeights, term_of_word
from storyline.timelines.sentences import parse_date_value

__all__ = [
    "FigureMention",
    "episode_months",
    "figure_mentions",
    "head_class",
    "independent_sources",
    "reporting_outlet",
]

# Nouns that count the same kind of thing, so "500 trainers" and "500 instructors" can be compared.
_HEAD_CLASSES = {
    "personnel": """troop soldier personnel trainer instructor adviser advisor staff force servicemen
        servicemember marine officer guard peacekeeper contingent military""",
    "people": """people person civilian resident inhabitant villager evacuee refugee citizen
        local household family""",
}
_CLASS_OF = {word: name for name, words in _HEAD_CLASSES.items() for word in words.split()}
_CAPITALISED = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


@dataclass(slots=True)
class FigureMention:
    value: ClaimValue
    kind: str  # count, money, percent, ratio
    counted: str | None
    head: str  # the head class or the counted noun's last word
    qualifiers: frozenset[str]
    episode: str | None  # the story episode of the report
    time: str | None  # the episode's month(s)
    context: TermWeights = field(default_factory=dict)  # words and names of the sentence
    entities: list[str] = field(default_factory=list)  # names in the sentence, in order
    source_key: str = ""  # one per independent source: copies share their original's
    # What is counted, where, with what status and when: see `claims.subjects`. The default is a
    # figure of its head noun with nothing else said.
    subject: FigureSubject | None = None

    @property
    def about(self) -> FigureSubject:
        return self.subject or FigureSubject(self.head, None, None, None, None)


def reporting_outlet(article: Article, link: CopyLink | None) -> str | None:
    """Whose report it is: a republication's original outlet, else the outlet, else (wire copy
    with no outlet) the agency it credits."""
    return (
        article.original_outlet
        or (link.original_outlet if link else None)
        or article.outlet
        or (article.agencies[0] if article.agencies else None)
    )


def independent_sources(articles: Sequence[Article], copies: dict[str, CopyLink]) -> dict[str, str]:
    """One key per independent source, by article: a copy shares its original's key; a report that
    credits a wire agency is the agency's (wire re-runs count once); otherwise one per outlet (a
    republication is its original outlet's), or per article when nothing names its outlet."""
    by_id = {a.id: a for a in articles}

    def key(article: Article, seen: frozenset[str] = frozenset()) -> str:
        link = copies.get(article.id)
        if link is not None and link.copy_of in by_id and link.copy_of not in seen:
            return key(by_id[link.copy_of], seen | {article.id})
        if article.agencies:
            return f"agency:{article.agencies[0]}"
        outlet = reporting_outlet(article, link)
        return f"outlet:{outlet}" if outlet else f"article:{article.id}"

    return {a.id: key(a) for a in articles}


def head_class(counted: str | None) -> str:
    """The class of thing a figure counts.

    >>> head_class("trainers, advisers and support staff"), head_class("Canadian troops"), head_class("metres")
    ('personnel', 'personnel', 'metre')
    """
    if not counted:
        return ""
    words = [term_of_word(w) or w.lower() for w in _WORD.findall(counted)]
    for word in words:
        if word in _CLASS_OF:
            return _CLASS_OF[word]
    return words[-1] if words else ""


def figure_mentions(
    articles: Sequence[Article],
    annotations: dict[str, Annotations],
    copies: dict[str, CopyLink],
    episode_of: dict[str, tuple[str, str | None]],
    episodes: Sequence[Episode] = (),
) -> list[FigureMention]:
    """The figures of these articles. `episode_of` maps an article to (episode id, time); a figure
    whose sentence names a date belongs to the episode that date falls in (or to its month)."""
    found: list[FigureMention] = []
    keys = independent_sources(articles, copies)
    for article in articles:
        notes = annotations.get(article.id)
        if notes is None:
            continue
        link = copies.get(article.id)
        outlet = reporting_outlet(article, link)
        source_key = keys[article.id]
        article_episode = episode_of.get(article.id, (None, None))
        for quantity in notes.quantities:
            index = notes.sentence_at(quantity.start)
            if index is None:
                continue
            sentence = notes.sentences[index]
            sentence_text = article.text[sentence.start : sentence.end]
            names = [
                e.text
                for e in notes.entities
                if sentence.start <= e.start < sentence.end and not (quantity.start <= e.start < quantity.end)
            ]
            # A measure the quantity stage gives no noun for still has its unit word: "12 metres".
            trailing = _WORD.findall(quantity.text.split()[-1]) if quantity.text.split() else []
            counted = quantity.counted or (trailing[-1].lower() if trailing else None)
            episode, time = _time_of(sentence.start, sentence.end, notes, article_episode, episodes)
            context: TermWeights = {}
            figure_offsets = (quantity.start - sentence.start, quantity.end - sentence.start)
            outside = sentence_text[: figure_offsets[0]] + " " + sentence_text[figure_offsets[1] :]
            for word in _WORD.findall(outside):
                if term := term_of_word(word):
                    context[term] = context.get(term, 0.0) + 1.0
            for name in names:
                context["@" + name.lower()] = context.get("@" + name.lower(), 0.0) + 2.0
            value = ClaimValue(
                article=article.id,
                outlet=outlet,
                text=quantity.text,
                value=quantity.value,
                range=(quantity.low, quantity.high),
                approx=quantity.approximate,
                unit=quantity.unit,
                attributed_to=_speaker_of(quantity.start, notes),
                sentence=index,
                start=quantity.start,
                end=quantity.end,
                published=article.published,
                copy_of=link.copy_of if link else None,
                original_outlet=(link.original_outlet if link else None) or article.original_outlet,
            )
            found.append(
                FigureMention(
                    value=value,
                    kind=quantity.kind,
                    counted=counted,
                    head=head_class(counted),
                    qualifiers=_qualifiers(quantity.text),
                    subject=figure_subject(
                        article.text,
                        (sentence.start, sentence.end),
                        (quantity.start, quantity.end),
                        # A measure's unit is not what it counts: "5,000 ft" measures nothing named.
                        quantity.counted if quantity.unit else counted,
                        head_class(quantity.counted if quantity.unit else counted),
                        [
                            e
                            for e in notes.entities
                            if e.label == "LOC" and sentence.start <= e.start < sentence.end
                        ],
                        article.published,
                        _named_day(sentence.start, sentence.end, notes),
                        measured=quantity.unit is not None and quantity.kind == "count",
                    ),
                    episode=episode,
                    time=time,
                    context=context,
                    entities=names,
                    source_key=source_key,
                )
            )
    return found


# An event this close to an episode's first or last report belongs to it (told the day before).
EPISODE_MARGIN_DAYS = 7


def _time_of(
    start: int,
    end: int,
    notes: Annotations,
    article_episode: tuple[str | None, str | None],
    episodes: Sequence[Episode],
) -> tuple[str | None, str | None]:
    """The time a figure speaks of: the episode of a date its sentence names, when the date falls
    in one, otherwise the episode of its report. "4,180 people" told a year later of the night of
    8 April 2024 counts with the April 2024 figures."""
    named = [
        mentioned
        for time in notes.times
        if start <= time.start < end
        and (mentioned := parse_date_value(time.value)) is not None
        and mentioned.precision != "year"  # "in 2024" is too loose to move a figure
    ]
    # The report's own day ("the evening", "today") says least about when the figure held.
    other_days = [m for m in named if not (notes.anchor and m.value == notes.anchor[:10])]
    for mentioned in other_days[:1] or named[:1]:
        day = mentioned.first_day
        for episode in episodes:
            if episode.start and episode.end:
                first, last = date.fromisoformat(episode.start), date.fromisoformat(episode.end)
                if (
                    first - timedelta(days=EPISODE_MARGIN_DAYS)
                    <= day
                    <= last + timedelta(days=EPISODE_MARGIN_DAYS)
                ):
                    return episode.id, episode_months(episode)
    # A date outside every episode ("attacks launched on Feb. 28, which have killed around 1,300")
    # is when something began, not when the figure held: the report's own episode it is.
    return article_episode


def episode_months(episode: Episode) -> str | None:
    """An episode's time as its month, or first and last months: "2020-01", "2011-01/2011-02"."""
    if not episode.start:
        return None
    first, last = episode.start[:7], (episode.end or episode.start)[:7]
    return first if first == last else f"{first}/{last}"


def _named_day(start: int, end: int, notes: Annotations) -> date | None:
    """The first day the sentence names other than its report's own ("on Monday")."""
    for time in notes.times:
        if start <= time.start < end and (mentioned := parse_date_value(time.value)) is not None:
            if mentioned.precision == "day" and not (notes.anchor and mentioned.value == notes.anchor[:10]):
                return mentioned.first_day
    return None


def _qualifiers(text: str) -> frozenset[str]:
    # Names inside the figure narrow what it counts: "Around 200 Hungarian soldiers". The first
    # word is left out, as a sentence may start with it ("Around").
    # A possessive names the owner, which the story already names: "14 of Kessel's new sirens" are
    # Kessel's 14 sirens, not Kessel sirens.
    first = _WORD.match(text)
    return frozenset(
        m.group(0).replace(".", "").lower()
        for m in _CAPITALISED.finditer(text)
        if not (first and m.start() == first.start()) and not text.startswith(("'s", "’s"), m.end())
    )


def _speaker_of(position: int, notes: Annotations) -> str | None:
    for attribution in notes.attributions:
        if attribution.start <= position < attribution.end:
            if attribution.entity:
                return attribution.entity
            return attribution.speaker or attribution.role
    return None
