"""Timeline17 end to end: from the raw files to the published metrics, as Ghalandari & Ifrim (2020) ran it.

The data folder holds outlet folders (`bpoil_bbc/InputDocs/<date>/<id>.htm.txt`, one tokenised
sentence a line) and `_topics/<topic>/` with `keywords.json` and `timelines.jsonl` (the gold
timelines, `[[date, [sentences]], ...]` a line). An outlet folder belongs to the topic its name
starts with (`EgyptianProtest_cnn` -> `egypt`), as in the corpus's own grouping.

For each gold timeline, the input is every article of its topic (all outlets) that names one of the
topic's keywords and was published within the gold timeline's first and last dates; the system is
told the number of dates (the gold count) and of sentences per date (the gold mean, rounded), and
its sentences must name a keyword. Everything before (ingest, annotation with our own tagger) runs
here too, into a store that is kept when `db` is given, so a second run skips to the timelines.
"""

from __future__ import annotations

import json
import re
import resource
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from storyline.days import day_of
from storyline.errors import UnreadableInput
from storyline.models import Article
from storyline.store import Store, open_store
from storyline.timelines.build import TimelineOptions, build_timeline, keyword_pattern
from storyline.timelines.date_selection import DateScorer

__all__ = ["GoldTimeline", "T17Report", "TimelineResult", "evaluate_t17", "read_gold"]


@dataclass(slots=True)
class GoldTimeline:
    topic: str
    name: str  # the outlet whose journalists wrote it, when it can be told; else topic and number
    keywords: list[str]
    dates: dict[date, list[str]]

    @property
    def sentences_per_date(self) -> int:
        return max(1, round(sum(len(s) for s in self.dates.values()) / len(self.dates)))


@dataclass(slots=True)
class TimelineResult:
    topic: str
    name: str
    ar1: float
    ar2: float
    date_f1: float
    articles: int
    dates: int
    predicted: dict[date, list[str]] = field(default_factory=dict)
    scores: Any = None  # the scorer's full record (precision and recall of each metric)

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "name": self.name,
            "ar1": round(self.ar1, 4),
            "ar2": round(self.ar2, 4),
            "date_f1": round(self.date_f1, 4),
            "articles": self.articles,
            "dates": self.dates,
        }


@dataclass(slots=True)
class T17Report:
    mean: dict[str, float]
    timelines: list[TimelineResult]
    seconds: float
    peak_memory_mb: int
    scorer: str
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": {k: round(v, 4) for k, v in self.mean.items()},
            "timelines": [t.to_dict() for t in self.timelines],
            "seconds": round(self.seconds, 1),
            "peak_memory_mb": self.peak_memory_mb,
            "scorer": self.scorer,
            "stage_seconds": {k: round(v, 1) for k, v in self.stage_seconds.items()},
        }


def read_gold(data: Path, topics: Sequence[str] | None = None) -> list[GoldTimeline]:
    """The gold timelines of `data/_topics/*` (of `topics` only, when given), in topic order."""
    folder = data / "_topics"
    if not folder.is_dir():
        raise UnreadableInput(str(folder), "no _topics folder: not a Timeline17-style dataset")
    found: list[GoldTimeline] = []
    names = sorted(p.name for p in folder.iterdir() if p.is_dir())
    unknown = sorted(set(topics or ()) - set(names))
    if unknown:
        raise UnreadableInput(
            str(folder), f"no such topic: {', '.join(unknown)} (there are {', '.join(names)})"
        )
    for topic in names:
        if topics and topic not in topics:
            continue
        keywords = json.loads((folder / topic / "keywords.json").read_text(encoding="utf-8"))
        outlet_timelines = _outlet_timelines(data, topic)
        lines = (folder / topic / "timelines.jsonl").read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            dates: dict[date, list[str]] = {}
            for stamp, sentences in json.loads(line):
                dates[date.fromisoformat(stamp[:10])] = list(sentences)
            first = min(dates)
            name = outlet_timelines.get(
                (first, _words(dates[first][0]) if dates[first] else ""), f"{topic}-{number}"
            )
            found.append(GoldTimeline(topic, name, [k.lower() for k in keywords], dates))
    return found


def evaluate_t17(
    data: Path,
    topics: Sequence[str] | None = None,
    db: str | None = None,
    *,
    scorer: DateScorer | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> T17Report:
    """Ingest, annotate, build every gold timeline's counterpart and score it."""
    from storyline.evaluate.timeline_scores import mean_scores, score_timeline, scorer_name
    from storyline.ingest import IngestOptions, ingest
    from storyline.language.annotator import annotate_store

    started = time.perf_counter()
    say = on_progress or (lambda _message: None)
    gold = read_gold(data, topics)
    wanted_topics = sorted({g.topic for g in gold})
    folders = [
        p for p in sorted(data.iterdir()) if (p / "InputDocs").is_dir() and _topic_of(p.name, wanted_topics)
    ]
    stages: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(db or f"sqlite:///{Path(scratch) / 't17.db'}")
        try:
            mark = time.perf_counter()
            say(f"ingesting {len(folders)} outlet folders")
            # The dataset files each article under the day it was published: that day wins.
            ingest([str(p / "InputDocs") for p in folders], store, IngestOptions(dates_from_folders=True))
            stages["ingest"] = time.perf_counter() - mark
            mark = time.perf_counter()
            say("annotating")
            annotate_store(store)
            stages["annotate"] = time.perf_counter() - mark
            mark = time.perf_counter()
            by_topic = _articles_by_topic(store, wanted_topics)
            results: list[TimelineResult] = []
            all_scores = []
            for timeline in gold:
                say(f"timeline {timeline.topic} / {timeline.name}")
                result, scores = _run_one(store, timeline, by_topic[timeline.topic], scorer, score_timeline)
                results.append(result)
                all_scores.append(scores)
            stages["timelines and scoring"] = time.perf_counter() - mark
        finally:
            store.close()
    mean = mean_scores(all_scores)
    return T17Report(
        mean={"ar1": mean.ar1.f1, "ar2": mean.ar2.f1, "date_f1": mean.date.f1},
        timelines=results,
        seconds=time.perf_counter() - started,
        peak_memory_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        scorer=scorer_name(),
        stage_seconds=stages,
    )


def _run_one(
    store: Store,
    gold: GoldTimeline,
    articles: list[Article],
    scorer: DateScorer | None,
    score_timeline: Callable[..., Any],
) -> tuple[TimelineResult, Any]:
    first, last = min(gold.dates), max(gold.dates)
    pattern = keyword_pattern(gold.keywords)
    selected = [
        a
        for a in articles
        if (day := day_of(a.published)) is not None
        and first <= day <= last
        and pattern.search(f"{a.title or ''}\n{a.text}")
    ]
    ids = [a.id for a in selected]
    options = TimelineOptions(
        dates=len(gold.dates),
        sentences=gold.sentences_per_date,
        start=first,
        end=last,
        keywords=tuple(gold.keywords),
        precisions=("day",),
        undated_days=True,
    )
    copies = {c.article: c for c in store.copy_links(ids)}
    timeline = build_timeline(selected, store.annotations_of(ids), copies, options, scorer=scorer)
    predicted: dict[date, list[str]] = defaultdict(list)
    for entry in timeline.entries:
        day = date.fromisoformat(entry.date)
        predicted[day].extend(_sentences_of(entry.text, entry.sources, selected))
    scores = score_timeline(dict(predicted), gold.dates)
    result = TimelineResult(
        topic=gold.topic,
        name=gold.name,
        ar1=scores.ar1.f1,
        ar2=scores.ar2.f1,
        date_f1=scores.date.f1,
        articles=len(selected),
        dates=len(predicted),
        predicted=dict(predicted),
        scores=scores,
    )
    return result, scores


def _sentences_of(text: str, sources: Sequence[Any], articles: Sequence[Article]) -> list[str]:
    # An entry's text joins its chosen sentences; the scorer wants them one by one. The chosen
    # sentences come first among the sources, in the order they were chosen.
    by_id = {a.id: a for a in articles}
    found: list[str] = []
    remaining = text
    for source in sources:
        sentence = by_id[source.article].text[source.start : source.end].strip()
        if remaining.startswith(sentence):
            found.append(sentence)
            remaining = remaining[len(sentence) :].lstrip()
            if not remaining:
                break
    return found or [text]


def _words(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


def _topic_of(folder: str, topics: Sequence[str]) -> str | None:
    lowered = folder.lower()
    for topic in topics:
        if lowered.startswith(topic.lower()):
            return topic
    return None


def _articles_by_topic(store: Store, topics: Sequence[str]) -> dict[str, list[Article]]:
    found: dict[str, list[Article]] = defaultdict(list)
    for article in store.iter_articles():
        parts = Path(article.source).parts
        for index, part in enumerate(parts):
            if part == "InputDocs" and index > 0:
                topic = _topic_of(parts[index - 1], topics)
                if topic is not None:
                    found[topic].append(article)
                break
    return found


def _outlet_timelines(data: Path, topic: str) -> dict[tuple[date, str], str]:
    """Each outlet timeline's dates with their first sentence, to name the gold timelines by outlet."""
    names: dict[tuple[date, str], str] = {}
    for folder in sorted(data.iterdir()):
        if not (folder / "timelines").is_dir() or _topic_of(folder.name, [topic]) is None:
            continue
        for path in sorted((folder / "timelines").glob("*.txt")):
            lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
            for index, line in enumerate(lines[:-1]):
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line):
                    names.setdefault((date.fromisoformat(line), _words(lines[index + 1])), folder.name)
    return names
