"""What the pages show, computed from the library's records: marked-up article text, the visual
timeline's layout, sparklines. Plain data for the templates; no HTML is built here except through
`markupsafe.escape`, so an article's own markup always reaches the page as text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from markupsafe import Markup, escape

from storyline.models import Annotations, Article, Story, Timeline
from storyline.store.search import MATCH_END, MATCH_START

__all__ = [
    "Segment",
    "SentenceView",
    "TimelineLayout",
    "article_sentences",
    "highlighted_snippet",
    "sparkline_points",
    "timeline_layout",
]


@dataclass(slots=True)
class Segment:
    text: str
    marks: tuple[str, ...] = ()  # css classes: "time", "entity PER", "figure", "quote"
    title: str = ""  # what the mark means: a time's value, an entity's name, a figure's value


@dataclass(slots=True)
class SentenceView:
    index: int | None  # None for text between sentences
    segments: list[Segment] = field(default_factory=list)


def article_sentences(article: Article, notes: Annotations | None) -> list[SentenceView]:
    """The article's text cut into sentences, each cut where a time, entity, figure or quote
    starts or ends, each piece with the marks that cover it."""
    text = article.text
    if notes is None or not notes.sentences:
        return [SentenceView(None, [Segment(text)])]
    spans: list[tuple[int, int, str, str]] = []
    for time in notes.times:
        spans.append((time.start, time.end, "time", f"{time.type} {time.value}"))
    for entity in notes.entities:
        spans.append((entity.start, entity.end, f"entity {entity.label}", entity.entity or entity.text))
    for figure in notes.quantities:
        shown = figure.value if figure.value is not None else f"{figure.low}–{figure.high}"
        spans.append(
            (figure.start, figure.end, "figure", f"{shown} {figure.unit or figure.counted or ''}".strip())
        )
    for said in notes.attributions:
        who = said.entity or said.speaker or said.role or "unnamed"
        spans.append((said.start, said.end, "quote", f"{said.kind}: {who}"))
    views: list[SentenceView] = []
    position = 0
    for index, sentence in enumerate(notes.sentences):
        if sentence.start > position:
            views.append(SentenceView(None, [Segment(text[position : sentence.start])]))
        inside = [s for s in spans if s[0] < sentence.end and s[1] > sentence.start]
        views.append(SentenceView(index, _segments(text, sentence.start, sentence.end, inside)))
        position = max(position, sentence.end)
    if position < len(text):
        views.append(SentenceView(None, [Segment(text[position:])]))
    return views


def _segments(text: str, start: int, end: int, spans: list[tuple[int, int, str, str]]) -> list[Segment]:
    cuts = sorted({start, end, *(max(start, s[0]) for s in spans), *(min(end, s[1]) for s in spans)})
    pieces = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s[0] <= left and s[1] >= right]
        marks = tuple(dict.fromkeys(s[2] for s in covering))
        titles = "; ".join(dict.fromkeys(s[3] for s in covering if s[3]))
        pieces.append(Segment(text[left:right], marks, titles))
    return pieces


def highlighted_snippet(snippet: str) -> Markup:
    """A search snippet with its matched words in <mark>, everything else escaped."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>"))


def sparkline_points(days: list[str], width: int = 120, height: int = 24) -> str:
    """An SVG polyline's points: reports per day over the story's span (undated reports left out)."""
    counts = Counter(day[:10] for day in days if len(day) >= 10)
    if not counts:
        return ""
    first, last = date.fromisoformat(min(counts)), date.fromisoformat(max(counts))
    span = max((last - first).days, 1)
    top = max(counts.values())
    # One point per day with reports, with zero between, so that a quiet week reads as quiet.
    values = [(d, counts.get((first + timedelta(days=d)).isoformat(), 0)) for d in range(span + 1)]
    if len(values) > width:  # more days than pixels: keep each pixel's busiest day
        step = len(values) / width
        values = [
            max(values[int(i * step) : int((i + 1) * step)] or [values[-1]], key=lambda v: v[1])
            for i in range(width)
        ]
    return " ".join(f"{d / span * width:.1f},{height - 1 - (n / top) * (height - 2):.1f}" for d, n in values)


@dataclass(slots=True)
class TimelinePoint:
    day: int  # days after the layout's first day
    date: str
    precision: str
    kind: str  # "event" or "background"
    text: str
    outlets: list[str]
    anchor: str  # the id of the entry in the list below the drawing


@dataclass(slots=True)
class TimelineBand:
    start: int
    end: int
    label: str


@dataclass(slots=True)
class TimelineLayout:
    first: str  # ISO day of day 0
    last: str
    days: int  # the span drawn
    points: list[TimelinePoint]
    bands: list[TimelineBand]


def timeline_layout(story: Story, timeline: Timeline) -> TimelineLayout | None:
    """Where the drawing puts each entry and episode, in days from the first day drawn. The drawing
    spans the story's own days (its episodes and event entries); background entries from before
    them (the dam built in 1987) sit together at the left edge, dimmed, so that they do not squeeze
    the story into a corner."""
    dated = [(e, _first_day(e.date)) for e in timeline.entries]
    days = [d for e, d in dated if d is not None and e.kind != "background"]
    for episode in story.episodes:
        days.extend(d for d in (_first_day(episode.start), _first_day(episode.end)) if d is not None)
    if not days:
        days = [d for _, d in dated if d is not None]
    if not days:
        return None
    first, last = min(days), max(days)
    points = [
        TimelinePoint(
            max(0, (day - first).days),
            entry.date,
            entry.precision,
            entry.kind,
            entry.text,
            sorted({s.outlet or "outlet unknown" for s in entry.sources}),
            f"entry-{number}",
        )
        for number, (entry, day) in enumerate(dated)
        if day is not None and day <= last
    ]
    bands = []
    for number, episode in enumerate(story.episodes, start=1):
        start, end = _first_day(episode.start), _first_day(episode.end)
        if start is not None:
            end = end or start
            bands.append(TimelineBand((start - first).days, (end - first).days, f"episode {number}"))
    return TimelineLayout(first.isoformat(), last.isoformat(), max((last - first).days, 1), points, bands)


def _first_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        if len(value) >= 10:
            return date.fromisoformat(value[:10])
        if len(value) == 7:
            return date.fromisoformat(value + "-01")
        if len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1)
    except ValueError:
        return None
    return None
