"""Build a timeline: rank the dates, tell each in a sentence or two, list every report of it.

    timeline = timeline_of_story(store, "3a85cc05", TimelineOptions(dates=10))

The same input always gives the same timeline: every ranking breaks its ties by date, article id
and sentence number.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from storyline.models import Annotations, Article, CopyLink, Timeline, TimelineEntry, TimelineSource
from storyline.store import Store
from storyline.stories.material import StoryMaterial
from storyline.timelines.date_selection import (
    PUBLISHED_WINDOW_DAYS,
    DateFeatures,
    DateScorer,
    date_features,
    rank_dates,
)
from storyline.timelines.sentences import DatedSentence, MentionedDate, collect_sentences, weigh_terms
from storyline.timelines.summarise import LEAD_SENTENCES, DateSummary, summarise_date

__all__ = ["TimelineOptions", "build_timeline", "keyword_pattern", "timeline_of_query", "timeline_of_story"]

# Without --dates, a story's timeline shows every date its reports tell something about, up to this.
AUTO_MAX_DATES = 40
# A date this long before the first report is background ("23 years to the day", "in 2018").
BACKGROUND_DAYS = 30


@dataclass(frozen=True, slots=True)
class TimelineOptions:
    dates: int | None = None  # how many dates; None: all that matter, up to AUTO_MAX_DATES
    sentences: int = 2  # at most this many sentences tell a date
    start: date | None = None  # only dates within [start, end]
    end: date | None = None
    # Query mode: an entry's sentence must name one of these (lower-case words or phrases).
    keywords: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ("day", "month", "year")
    # Also days no report names, told by what the reports published on them lead with. Timeline17
    # asks for this (its journalists date events by when they were reported); a story's own
    # timeline would gain a "day before" entry for every report.
    undated_days: bool = False


def build_timeline(
    articles: Sequence[Article],
    annotations: dict[str, Annotations],
    copies: dict[str, CopyLink] | None = None,
    options: TimelineOptions | None = None,
    *,
    story: str | None = None,
    query: str | None = None,
    scorer: DateScorer | None = None,
) -> Timeline:
    """The timeline of these articles: its dates ranked by `scorer`, told by their best sentences."""
    options = options or TimelineOptions()
    scorer = scorer or DateScorer.default()
    sentences = collect_sentences(articles, annotations, copies)
    weigh_terms(sentences)
    features = date_features(sentences)
    if "month" in options.precisions and _date_earlier_events(sentences, features):
        features = date_features(sentences)
    ranked = rank_dates(features, scorer, start=options.start, end=options.end, precisions=options.precisions)
    mentioning: dict[MentionedDate, list[DatedSentence]] = defaultdict(list)
    published: dict[MentionedDate, list[DatedSentence]] = defaultdict(list)
    for sentence in sentences:
        for mentioned in sentence.dates:
            mentioning[mentioned].append(sentence)
        if not sentence.dates and sentence.index < LEAD_SENTENCES and sentence.published is not None:
            for back in range(PUBLISHED_WINDOW_DAYS):
                day = sentence.published - timedelta(days=back)
                published[MentionedDate(day.isoformat(), "day")].append(sentence)
    allowed = _keyword_filter(options.keywords)
    wanted = options.dates if options.dates is not None else AUTO_MAX_DATES
    first_report = min((s.published for s in sentences if s.published is not None), default=None)

    entries: list[TimelineEntry] = []
    chosen: list[DatedSentence] = []
    for mentioned, _score in ranked:
        if len(entries) >= wanted:
            break
        if not options.undated_days and not features[mentioned].reports:
            continue
        summary = summarise_date(
            mentioning[mentioned],
            published[mentioned],
            options.sentences,
            allowed=allowed,
            already_chosen=chosen,
        )
        if summary.chosen:
            chosen.extend(summary.chosen)
            entries.append(_entry(mentioned, summary, first_report))
    # ISO strings sort "2011", "2011-12" and "2011-12-05" in that order: a year before its days.
    entries.sort(key=lambda e: e.date)
    return Timeline(story=story, query=query, entries=entries, articles=len(articles))


def timeline_of_story(store: Store, story_id: str, options: TimelineOptions | None = None) -> Timeline:
    """The timeline of a stored story (an id or unambiguous id prefix)."""
    material = StoryMaterial.load(store, story_id)
    return build_timeline(
        material.articles, material.annotations, material.copies, options, story=material.story.id
    )


def timeline_of_query(store: Store, query: str, options: TimelineOptions | None = None) -> Timeline:
    """A timeline of the stored articles that name any of the query's keywords."""
    keywords = tuple(k for k in (part.strip().lower() for part in re.split(r"[,\s]+", query)) if k)
    if not keywords:
        raise ValueError("the query has no keywords")
    pattern = keyword_pattern(keywords)
    articles = [a for a in store.iter_articles() if pattern.search(f"{a.title or ''}\n{a.text}")]
    ids = [a.id for a in articles]
    copies = {c.article: c for c in store.copy_links(ids)}
    options = options or TimelineOptions()
    if not options.keywords:
        options = replace(options, keywords=keywords)
    return build_timeline(articles, store.annotations_of(ids), copies, options, query=query)


def _date_earlier_events(
    sentences: Sequence[DatedSentence], features: dict[MentionedDate, DateFeatures]
) -> bool:
    """Give the earlier event an undated lead tells ("after a series of attacks") the month of the
    report, unless the story already dates an event earlier that month: the lead most likely
    refers to that one ("after the assassination" of a general whose killing is dated). Returns
    whether any sentence got a date."""
    dated_days = sorted(
        m.first_day for m, counts in features.items() if m.precision == "day" and counts.reports
    )
    changed = False
    for sentence in sentences:
        if not sentence.tells_earlier_event or sentence.published is None:
            continue
        published = sentence.published
        month_start = published.replace(day=1)
        if any(month_start <= day < published for day in dated_days):
            continue
        sentence.dates.append(MentionedDate(published.isoformat()[:7], "month"))
        changed = True
    return changed


def _entry(mentioned: MentionedDate, summary: DateSummary, first_report: date | None) -> TimelineEntry:
    background = first_report is not None and _last_day(mentioned) < first_report - timedelta(
        days=BACKGROUND_DAYS
    )
    # The chosen sentences first, in the order the text tells them; then the others by date.
    order = {id(s): rank for rank, s in enumerate(summary.chosen)}
    sources = sorted(
        summary.sources,
        key=lambda s: (order.get(id(s), len(order)), s.published or date.max, s.article, s.index),
    )
    return TimelineEntry(
        date=mentioned.value,
        precision=mentioned.precision,
        kind="background" if background else "event",
        text=" ".join(s.text for s in summary.chosen),
        sources=[TimelineSource(s.article, s.outlet, s.index, s.start, s.end) for s in sources],
        independent_sources=summary.independent_reports,
    )


def _last_day(mentioned: MentionedDate) -> date:
    first = mentioned.first_day
    if mentioned.precision == "day":
        return first
    if mentioned.precision == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return date(first.year, 12, 31)


def keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str]:
    """Any of the keywords as a whole word, in any case (the Timeline17 protocol's article filter)."""
    return re.compile("|".join(rf"\b{re.escape(k)}\b" for k in keywords), re.IGNORECASE)


def _keyword_filter(keywords: Sequence[str]) -> Callable[[DatedSentence], bool] | None:
    if not keywords:
        return None
    pattern = keyword_pattern(keywords)
    return lambda sentence: bool(pattern.search(sentence.text))
