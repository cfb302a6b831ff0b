"""Bring the stories up to date with the store: place every new article, then redescribe the
stories that changed. Incremental and resumable: a run places only articles not yet placed, in
publication order, and each batch is written in one transaction.

For each new article, in order:

1. copy detection: a copy, cut or rewrite of an article already placed joins that article's
   story (and does not pull the story's centroid towards itself twice);
2. otherwise the clusterer places it by its words and entities.

Then, for each story that changed: undated members get a publication date inferred from their
episode where their own words allow it (and their relative dates are resolved against it), and
the story's episodes, title and prominent entities are worked out again.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.language.timex import resolve_again
from storyline.models import Annotations, Article, CopyLink, Placement, Story, StoryRecord
from storyline.store import Store
from storyline.stories.clustering import ClusterSettings, StoryArticle, StoryClusterer, StoryState
from storyline.stories.copies import CopyCandidate, CopyIndex, publication_day, signature
from storyline.stories.episodes import EpisodeMember, split_episodes
from storyline.stories.features import TermWeights, article_terms, cosine, term_of_word
from storyline.stories.features import centroid as centroid_of
from storyline.stories.inferred_dates import infer_publication_date

__all__ = ["ClusterOptions", "ClusterReport", "update_stories"]

log = logging.getLogger(__name__)

STORED_TERMS = 60  # an article's strongest terms kept with its placement
SHOWN_ENTITIES = 8
TITLE_LENGTH = 90
TITLE_CANDIDATES = 10  # the reports most like the whole story, whose headlines may title it
DESCRIBED_TOGETHER = 5000  # members of the stories described in one go (a bigger story alone)


@dataclass(slots=True)
class ClusterOptions:
    settings: ClusterSettings = field(default_factory=ClusterSettings)
    batch_size: int = 500


@dataclass(slots=True)
class ClusterReport:
    run_id: int = 0
    placed: int = 0
    new_stories: int = 0
    merges: int = 0  # stories merged into another, whose ids now lead to it
    copies: int = 0
    inferred_dates: dict[str, str] = field(default_factory=dict)  # article -> inferred day
    stories: int = 0  # live stories after the run
    waiting: int = 0  # articles not placed because they are not annotated yet
    failed: list[dict[str, str]] = field(default_factory=list)  # {article, reason}; retried next run
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "placed": self.placed,
            "new_stories": self.new_stories,
            "merges": self.merges,
            "copies": self.copies,
            "inferred_dates": self.inferred_dates,
            "stories": self.stories,
            "waiting": self.waiting,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
        }


def update_stories(
    store: Store,
    options: ClusterOptions | None = None,
    on_progress: Callable[[ClusterReport], None] | None = None,
) -> ClusterReport:
    """Place every article not yet in a story, and redescribe the stories that changed.

    One run at a time on a store: another process's run waits for this one, then places what
    is left (two runs at once would each place the same articles in stories of their own)."""
    options = options or ClusterOptions()
    with store.exclusive("cluster"):
        return _update_stories(store, options, on_progress)


def _update_stories(
    store: Store, options: ClusterOptions, on_progress: Callable[[ClusterReport], None] | None
) -> ClusterReport:
    report = ClusterReport(run_id=store.start_run("cluster"))
    started = time.perf_counter()
    # Read a page at a time, in publication order: a big store's ids are never all in memory.
    pending = store.iter_ids_to_cluster()
    first = list(itertools.islice(pending, options.batch_size))
    clusterer = StoryClusterer(
        options.settings, [StoryState.from_json(i, state) for i, state in store.story_states().items()]
    )
    copy_index, story_of = _rebuild_copy_index(store, first)
    # Stories an interrupted run changed but did not get to describe are described by this one.
    changed: set[str] = {s for s in store.stale_stories() if s in clusterer.stories}
    merges: list[tuple[str, str]] = []
    batches = itertools.chain([first], iter(lambda: list(itertools.islice(pending, options.batch_size)), []))
    for ids in batches:
        if not ids:
            break
        articles = store.get_articles(ids)
        annotations = store.annotations_of(ids)
        placements: list[Placement] = []
        signatures: list[tuple[str, bytes]] = []
        links: dict[str, CopyLink] = {}
        touched: set[str] = set()  # stories this batch changed
        for article in articles:
            try:
                terms = article_terms(article, annotations.get(article.id))
                fingerprint = signature(article.text)
            except Exception as exc:  # noqa: BLE001 - one odd article must not stop the run
                # Nothing of it is kept: it stays unplaced and the next run tries it again.
                log.warning("cannot place %s: %s", article.id, exc)
                report.failed.append({"article": article.id, "reason": f"{type(exc).__name__}: {exc}"})
                continue
            signatures.append((article.id, fingerprint))
            for link in copy_index.add(CopyCandidate.from_article(article, copy_index.arrivals), fingerprint):
                links[link.article] = link
            merges_before = len(clusterer.merges)
            placement = _place(article, terms, copy_index.link(article.id), clusterer, story_of)
            story_of[article.id] = placement.story
            placements.append(placement)
            touched.add(placement.story)
            report.new_stories += placement.how == "founded"
            for gone, kept in clusterer.merges[merges_before:]:
                _follow_merge(gone, kept, story_of, placements, touched)
                changed.discard(gone)
                merges.append((gone, kept))
            # Articles come in publication order: those published a horizon before this one can
            # no longer be copied from, and leave memory.
            if placement.day is not None and copy_index.horizon_days is not None:
                if copy_index.forget_before(placement.day - copy_index.horizon_days):
                    story_of = {a: s for a, s in story_of.items() if a in copy_index}
        changed |= touched
        records = [_record(clusterer.stories[s], s) for s in sorted(touched) if s in clusterer.stories]
        store.write_stories(report.run_id, placements, records, list(links.values()), signatures, merges)
        report.merges += len(merges)
        merges.clear()
        report.placed += len(placements)
        report.copies += len(links)
        if on_progress:
            on_progress(report)
    if changed:
        _describe(store, sorted(changed), clusterer, report)
    report.stories = len(clusterer.stories)
    report.waiting = store.count_articles() - store.count_placed()
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, report.to_dict())
    return report


def _follow_merge(
    gone: str, kept: str, story_of: dict[str, str], placements: list[Placement], changed: set[str]
) -> None:
    # Articles of a merged story now belong to the one it joined; stored ones are moved by the store.
    for article, story in story_of.items():
        if story == gone:
            story_of[article] = kept
    for placement in placements:
        if placement.story == gone:
            placement.story = kept
    changed.discard(gone)
    changed.add(kept)


def _place(
    article: Article,
    terms: TermWeights,
    link: CopyLink | None,
    clusterer: StoryClusterer,
    story_of: dict[str, str],
) -> Placement:
    day = publication_day(article.published)
    kept = dict(
        heapq.nlargest(STORED_TERMS, ((t, round(w, 4)) for t, w in terms.items()), key=lambda x: x[1])
    )
    if link is not None and link.copy_of is not None and link.copy_of in story_of:
        return Placement(article.id, story_of[link.copy_of], "copy", link.similarity, day, kept)
    assignment = clusterer.add(StoryArticle(article.id, day, terms))
    how = "founded" if assignment.similarity is None else "similar"
    return Placement(article.id, assignment.story, how, assignment.similarity, day, kept)


def _rebuild_copy_index(store: Store, pending: Sequence[str]) -> tuple[CopyIndex, dict[str, str]]:
    """The copy index as this run needs it, with the story of each article in it: the placed
    articles published within the horizon of the first to place (or of the newest placed, if
    earlier; undated ones always), in placement order."""
    index = CopyIndex()
    if not pending:
        return index, {}
    published_from = None
    if index.horizon_days is not None:
        first = next(
            (
                day
                for a in store.get_articles(pending[:50], with_text=False)
                if (day := publication_day(a.published))
            ),
            None,
        )
        days = [day for day in (first, publication_day(store.newest_placed_day())) if day is not None]
        if days:
            published_from = date.fromordinal(max(1, min(days) - index.horizon_days)).isoformat()
    story_of = store.placed_stories(published_from)
    if not story_of:
        return index, story_of
    # Signatures stand in for the texts, so only the metadata that picks an original is read.
    signatures = dict(store.copy_signatures(None if published_from is None else list(story_of)))
    placed = [a for a in story_of if a in signatures]
    for offset in range(0, len(placed), 5000):
        for article in store.get_articles(placed[offset : offset + 5000], with_text=False):
            index.add(CopyCandidate.from_article(article, index.arrivals), signatures[article.id])
    return index, story_of


def _record(state: StoryState, story_id: str, shown: Story | None = None) -> StoryRecord:
    # Without `shown`, the story's state is saved and what is shown of it is left as it was: it
    # is worked out once, after the last batch.
    return StoryRecord(story_id, state.to_json(), shown, state.size)


def _describe(
    store: Store, story_ids: Sequence[str], clusterer: StoryClusterer, report: ClusterReport
) -> None:
    # A few stories at a time: their members' placements (with their terms) are what a run holds
    # in memory, and all the changed stories of a big run would not fit.
    chunk: list[str] = []
    members = 0
    for story_id in story_ids:
        chunk.append(story_id)
        members += clusterer.stories[story_id].size
        if members >= DESCRIBED_TOGETHER:
            _describe_some(store, chunk, clusterer, report)
            chunk, members = [], 0
    if chunk:
        _describe_some(store, chunk, clusterer, report)


def _describe_some(
    store: Store, story_ids: Sequence[str], clusterer: StoryClusterer, report: ClusterReport
) -> None:
    # 1. Members and copy links of the changed stories (only theirs: the cost of a run follows
    #    what it changed, not the size of the store).
    by_story: dict[str, list[Placement]] = {}
    for placement in store.placements(story_ids):
        by_story.setdefault(placement.story, []).append(placement)
    links = {
        link.article: link for link in store.copy_links([p.article for m in by_story.values() for p in m])
    }
    records = []
    for story_id in story_ids:
        members = by_story.get(story_id, [])
        # 2. Dates for undated members, from their own words and the dated members.
        if any(p.day is None for p in members):
            _infer_dates(store, members, report)
        # 3. Episodes, title, entities.
        episodes = split_episodes(story_id, [EpisodeMember(p.article, p.day, p.terms) for p in members])
        centroid = centroid_of(p.terms for p in members)
        ordered = sorted(members, key=lambda p: (p.day is None, p.day or 0, p.article))
        central = sorted(members, key=lambda p: -cosine(p.terms, centroid))[:TITLE_CANDIDATES]
        days = [p.day for p in members if p.day is not None]
        entities = _entities(centroid, store.annotations_of([p.article for p in ordered[-20:]]))
        shown = Story(
            id=story_id,
            title=_title(store.get_articles([p.article for p in central]), centroid, entities),
            articles=[p.article for p in ordered],
            copies=[links[p.article] for p in ordered if p.article in links],
            entities=entities,
            episodes=episodes,
            start=date.fromordinal(min(days)).isoformat() if days else None,
            end=date.fromordinal(max(days)).isoformat() if days else None,
        )
        records.append(_record(clusterer.stories[story_id], story_id, shown))
    store.write_stories(report.run_id, [], records)


def _infer_dates(store: Store, members: list[Placement], report: ClusterReport) -> None:
    dated = [p for p in members if p.day is not None]
    if not dated:
        return
    annotations = store.annotations_of([p.article for p in members])
    # Each episode of dated reports is a separate place the article may belong to.
    by_article = {p.article: p for p in dated}
    episodes = []
    for episode in split_episodes("", [EpisodeMember(p.article, p.day, p.terms) for p in dated]):
        known = {date.fromisoformat(d) for d in (episode.start, episode.end) if d}
        for article_id in episode.articles:
            known.add(date.fromordinal(by_article[article_id].day or 1))
            for expression in annotations[article_id].times if article_id in annotations else ():
                landed = publication_day(expression.value)
                if landed is not None:
                    known.add(date.fromordinal(landed))
        first = date.fromisoformat(episode.start or "")
        last = date.fromisoformat(episode.end or "")
        centroid = centroid_of(by_article[a].terms for a in episode.articles)
        episodes.append((known, first, last, centroid))
    for placement in members:
        if placement.day is not None or placement.article not in annotations:
            continue
        own = annotations[placement.article]
        candidates = []
        for known, first, last, centroid in episodes:
            inferred = infer_publication_date(own.times, known, first, last)
            if inferred is not None:
                candidates.append((inferred.agreeing, cosine(placement.terms, centroid), inferred))
        if not candidates:
            continue
        inferred = max(candidates, key=lambda c: (c[0], c[1]))[2]
        day = inferred.day.isoformat()
        store.set_inferred_date(placement.article, day, inferred.evidence)
        own.times = [resolve_again(t, day) for t in own.times]
        own.anchor = day
        store.write_annotations(report.run_id, [own])
        placement.day = inferred.day.toordinal()
        report.inferred_dates[placement.article] = day


def _title(central: Sequence[Article], centroid: TermWeights, entities: Sequence[str]) -> str:
    # The headline of the report most like the whole story, if it names what the story is about
    # (a scraped "headline" can be page furniture: "You've selected the U.S. Edition."); else the
    # first line of that report, else the story's main entities.
    strongest = heapq.nlargest(12, centroid, key=centroid.__getitem__)
    key_words = {word for term in strongest for word in term.lstrip("@").split()}
    for article in central:
        for text in (article.title, article.text.strip().split("\n", 1)[0]):
            if text and key_words & {_stem_word(w) for w in text.lower().split()}:
                return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return ", ".join(entities[:3])


def _stem_word(word: str) -> str:
    return term_of_word(word.strip(".,;:!?\"'‘’“”()")) or word


def _entities(centroid: TermWeights, annotations: dict[str, Annotations]) -> list[str]:
    # Entity terms are lower-cased; the names are shown as the articles write them.
    shown: dict[str, Counter[str]] = {}
    for annotation in annotations.values():
        for mention in annotation.entities:
            name = mention.entity or mention.text
            shown.setdefault("@" + name.lower(), Counter())[name] += 1
    ranked = sorted((t for t in centroid if t.startswith("@")), key=lambda t: -centroid[t])
    names = []
    for term in ranked:
        if term in shown:
            names.append(shown[term].most_common(1)[0][0])
        if len(names) == SHOWN_ENTITIES:
            break
    return names
