"""Export stories, their articles and their analysis to files other tools load.

    report = export_stories(store, "exports/", format="parquet")

Tables (jsonl, csv, parquet) are written one file per table into the folder; timelinejs and
markdown one file per story. Each story's articles and annotations are read from the store once
and serve its table rows, its timeline and its claims.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from storyline.claims.build import claims_of
from storyline.errors import UnwritableOutput
from storyline.export.files import refuse_links, replacing
from storyline.export.records import (
    TABLES,
    article_row,
    claim_rows,
    sentence_rows,
    story_row,
    timeline_rows,
)
from storyline.export.writers import TableWriter, open_table, require_parquet, table_file
from storyline.models import Story, Timeline
from storyline.store import Store
from storyline.stories.material import StoryMaterial
from storyline.timelines import TimelineOptions, build_timeline
from storyline.timelines.render import to_timelinejs

__all__ = ["FORMATS", "TABLE_FORMATS", "ExportReport", "export_stories"]

TABLE_FORMATS = ("jsonl", "csv", "parquet")
FORMATS = (*TABLE_FORMATS, "timelinejs", "markdown")
# Articles not in any story are read in chunks of this many, with their annotations.
CHUNK = 200


@dataclass(slots=True)
class ExportReport:
    out: Path
    format: str
    files: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # rows per table (tables formats only)
    stories: int = 0


def export_stories(
    store: Store,
    out: str | Path,
    *,
    format: str = "jsonl",
    story: str | None = None,
    timeline: TimelineOptions | None = None,
) -> ExportReport:
    """Write one story (an id or unambiguous prefix) and its articles, or with `story=None` every
    story and every article, into the folder `out` (created if missing).

    `format` is jsonl, csv or parquet (the tables articles, sentences, stories, timelines and
    claims, one file each: see docs/export.md), timelinejs (one TimelineJS3 file per story) or
    markdown (one briefing per story, as `storyline brief` writes it).

    >>> report = export_stories(store, "exports", format="csv")  # doctest: +SKIP
    >>> [path.name for path in report.files]  # doctest: +SKIP
    ['articles.csv', 'sentences.csv', 'stories.csv', 'timelines.csv', 'claims.csv']
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    if format == "parquet":
        require_parquet()
    # 1. what to export, so that a bad story id fails before anything is written
    stories = [store.get_story(story)] if story is not None else store.list_stories()
    folder = _folder(Path(out))
    report = ExportReport(folder, format, stories=len(stories))
    options = timeline or TimelineOptions()
    try:
        # 2. the files, none of them through a link planted in the folder
        if format in TABLE_FORMATS:
            refuse_links([table_file(format, folder, table) for table in TABLES.values()])
            _write_tables(store, stories, folder, format, options, report, every_article=story is None)
        else:
            refuse_links([_story_file(folder, format, s.id) for s in stories])
            _write_story_files(store, stories, folder, format, options, report)
    except OSError as exc:
        raise UnwritableOutput(f"cannot write the export to {folder}: {exc.strerror or exc}") from exc
    return report


def _folder(out: Path) -> Path:
    try:
        if out.exists() and not out.is_dir():
            raise UnwritableOutput(
                f"{out} is a file: an export goes into a folder, one file per table or story"
            )
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UnwritableOutput(f"cannot create the folder {out}: {exc.strerror or exc}") from exc
    return out


def _story_file(folder: Path, format: str, story: str) -> Path:
    return folder / (f"{story}.md" if format == "markdown" else f"{story}.timelinejs.json")


def _write_tables(
    store: Store,
    stories: list[Story],
    folder: Path,
    format: str,
    options: TimelineOptions,
    report: ExportReport,
    *,
    every_article: bool,
) -> None:
    with ExitStack() as stack:
        writers: dict[str, TableWriter] = {}
        for name, table in TABLES.items():
            path = table_file(format, folder, table)
            # Each table becomes its file when all are written; an error leaves the old files.
            writers[name] = open_table(format, stack.enter_context(replacing(path)), table)
            stack.callback(writers[name].close)
            report.files.append(path)
        written: set[str] = set()
        # 1. each story with its articles, sentences, timeline and claims, from one read
        for story in stories:
            material = StoryMaterial.load(store, story.id)
            writers["stories"].write(story_row(material.story))
            for article in material.articles:
                writers["articles"].write(article_row(article, story.id))
                for row in sentence_rows(article, material.annotations.get(article.id)):
                    writers["sentences"].write(row)
                written.add(article.id)
            for row in timeline_rows(_timeline(material, options)):
                writers["timelines"].write(row)
            for row in claim_rows(story.id, claims_of(material)):
                writers["claims"].write(row)
        # 2. with every story, also the articles not placed in one yet
        if every_article:
            # Listed before reading annotations: one read of the store at a time.
            unplaced = [a for a in store.iter_articles() if a.id not in written]
            for start in range(0, len(unplaced), CHUNK):
                chunk = unplaced[start : start + CHUNK]
                notes = store.annotations_of([a.id for a in chunk])
                for article in chunk:
                    writers["articles"].write(article_row(article, None))
                    for row in sentence_rows(article, notes.get(article.id)):
                        writers["sentences"].write(row)
    report.rows = {name: writer.rows for name, writer in writers.items()}


def _write_story_files(
    store: Store,
    stories: list[Story],
    folder: Path,
    format: str,
    options: TimelineOptions,
    report: ExportReport,
) -> None:
    for story in stories:
        if format == "markdown":
            # The briefing holds the timeline and more: figures with verdicts, disagreements,
            # who said what, each with citations.
            from storyline.brief import brief_story

            text = brief_story(store, story.id)
        else:
            material = StoryMaterial.load(store, story.id)
            articles = {a.id: a for a in material.articles}
            data = to_timelinejs(_timeline(material, options), articles)
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        path = _story_file(folder, format, story.id)
        with replacing(path) as target:
            target.write_text(text, encoding="utf-8")
        report.files.append(path)


def _timeline(material: StoryMaterial, options: TimelineOptions) -> Timeline:
    # As timeline_of_story builds it, from the material already loaded.
    return build_timeline(
        material.articles, material.annotations, material.copies, options, story=material.story.id
    )
