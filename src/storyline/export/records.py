"""The export tables: their columns with types, and their rows built from the JSON the CLI prints.

Each row is a plain dict whose fields are those of a JSON contract: `Article.to_dict`,
`Story.to_dict`, `TimelineEntry.to_dict`, `Claim.to_dict` and the annotation records of
`Annotations.to_dict`, so an export and `storyline ... --format json` never disagree.
`docs/export.md` documents every column; a test checks it against `TABLES`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeAlias

from storyline.models import Annotations, Article, Claim, Story, Timeline

__all__ = [
    "TABLES",
    "ColumnType",
    "Table",
    "article_row",
    "claim_rows",
    "column_paths",
    "sentence_rows",
    "story_row",
    "timeline_rows",
    "type_name",
]

# A column's type: a scalar name ("string", "int", "float", "bool", "map<string,string>"), a
# one-item list for a list of that type, or a dict of field types for a struct.
ColumnType: TypeAlias = "str | list[ColumnType] | dict[str, ColumnType]"

SCALARS = ("string", "int", "float", "bool", "map<string,string>")


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: dict[str, ColumnType]
    # A list-of-structs column that CSV spreads over rows: one row per item, the other columns
    # repeated, the item's fields as "column.field". None: one CSV row per row.
    csv_row_per: str | None = None

    def csv_columns(self) -> list[str]:
        columns: list[str] = []
        for name, kind in self.columns.items():
            if name == self.csv_row_per:
                assert isinstance(kind, list) and isinstance(kind[0], dict)
                columns += [f"{name}.{field}" for field in kind[0]]
            else:
                columns.append(name)
        return columns


_S, _I, _F, _B = "string", "int", "float", "bool"

_TIME: dict[str, ColumnType] = {
    "start": _I,
    "end": _I,
    "text": _S,
    "type": _S,
    "value": _S,
    "relative": _S,
    "anchor": _S,
    "anchor_source": _S,
    "rule": _S,
}
_ENTITY: dict[str, ColumnType] = {
    "start": _I,
    "end": _I,
    "text": _S,
    "label": _S,
    "entity": _S,
    "source": _S,
}
_FIGURE: dict[str, ColumnType] = {
    "start": _I,
    "end": _I,
    "text": _S,
    "value": _F,
    "low": _F,
    "high": _F,
    "approximate": _B,
    "kind": _S,
    "unit": _S,
    "counted": _S,
    "of": _F,
}
_QUOTE: dict[str, ColumnType] = {
    "start": _I,
    "end": _I,
    "kind": _S,
    "cue": _S,
    "speaker": _S,
    "speaker_start": _I,
    "speaker_end": _I,
    "entity": _S,
    "role": _S,
    "affiliation": _S,
    "anonymous": _B,
}
_CLAIM_VALUE: dict[str, ColumnType] = {
    "article": _S,
    "outlet": _S,
    "text": _S,
    "value": _F,
    "range": [_F],
    "approx": _B,
    "unit": _S,
    "attributed_to": _S,
    "sentence": _I,
    "start": _I,
    "end": _I,
    "published": _S,
    "copy_of": _S,
    "original_outlet": _S,
    "stance": _S,
    "date": _S,
}

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "articles",
            {
                "id": _S,
                "source": _S,
                "format": _S,
                "title": _S,
                "outlet": _S,
                "original_outlet": _S,
                "url": _S,
                "published": _S,
                "published_precision": _S,
                "published_from": _S,
                "author": _S,
                "contributors": [_S],
                "agencies": [_S],
                "language": _S,
                "categories": [_S],
                "tags": [_S],
                "provenance": "map<string,string>",
                "version": _I,
                "previous_version": _S,
                "text": _S,
                "story": _S,
            },
        ),
        Table(
            "sentences",
            {
                "article": _S,
                "index": _I,
                "start": _I,
                "end": _I,
                "text": _S,
                "times": [_TIME],
                "entities": [_ENTITY],
                "figures": [_FIGURE],
                "quotes": [_QUOTE],
            },
        ),
        Table(
            "stories",
            {
                "id": _S,
                "title": _S,
                "articles": [_S],
                "copies": [
                    {
                        "article": _S,
                        "copy_of": _S,
                        "similarity": _F,
                        "kind": _S,
                        "original_outlet": _S,
                        "evidence": [_S],
                    }
                ],
                "entities": [_S],
                "episodes": [{"id": _S, "start": _S, "end": _S, "articles": [_S]}],
                "start": _S,
                "end": _S,
            },
        ),
        Table(
            "timelines",
            {
                "story": _S,
                "date": _S,
                "precision": _S,
                "kind": _S,
                "text": _S,
                "independent_sources": _I,
                "sources": [{"article": _S, "outlet": _S, "sentence": _I, "start": _I, "end": _I}],
            },
        ),
        Table(
            "claims",
            {
                "story": _S,
                "id": _S,
                "subject": _S,
                "time": _S,
                "kind": _S,
                "verdict": _S,
                "independent_sources": _I,
                "first_reported": {"article": _S, "outlet": _S, "published": _S},
                "values": [_CLAIM_VALUE],
            },
            csv_row_per="values",
        ),
    )
}


def type_name(kind: ColumnType) -> str:
    """How docs/export.md writes a type: `string`, `list<float>`, `list<struct>`, `struct`."""
    if isinstance(kind, str):
        return kind
    if isinstance(kind, list):
        return f"list<{type_name(kind[0]) if isinstance(kind[0], str) else 'struct'}>"
    return "struct"


def column_paths(columns: dict[str, ColumnType], prefix: str = "") -> dict[str, str]:
    """Every column and nested field as a path (`times[].value`, `first_reported.article`) and its type."""
    paths: dict[str, str] = {}
    for name, kind in columns.items():
        path = prefix + name
        paths[path] = type_name(kind)
        if isinstance(kind, dict):
            paths.update(column_paths(kind, path + "."))
        elif isinstance(kind, list) and isinstance(kind[0], dict):
            paths.update(column_paths(kind[0], path + "[]."))
    return paths


def article_row(article: Article, story: str | None) -> dict[str, Any]:
    """`show --format json`'s article fields and the id of the story it is in (None: not placed yet)."""
    return {**article.to_dict(), "story": story}


def sentence_rows(article: Article, annotations: Annotations | None) -> Iterator[dict[str, Any]]:
    """One row per sentence, holding the annotations that start in it (offsets into the article's text)."""
    if annotations is None or not annotations.sentences:
        return
    starts = [s.start for s in annotations.sentences]
    found = annotations.to_dict()
    inside: list[dict[str, list[dict[str, Any]]]] = [
        {"times": [], "entities": [], "figures": [], "quotes": []} for _ in starts
    ]
    # An annotation belongs to the sentence it starts in; one that starts between two sentences
    # (in the whitespace) goes with the one before, and one before the first with the first.
    for column, key in (
        ("times", "times"),
        ("entities", "entities"),
        ("figures", "quantities"),
        ("quotes", "attributions"),
    ):
        for record in found[key]:
            index = max(bisect.bisect_right(starts, record["start"]) - 1, 0)
            inside[index][column].append(record)
    for index, sentence in enumerate(annotations.sentences):
        yield {
            "article": article.id,
            "index": index,
            "start": sentence.start,
            "end": sentence.end,
            "text": article.text[sentence.start : sentence.end],
            **inside[index],
        }


def story_row(story: Story) -> dict[str, Any]:
    return story.to_dict()


def timeline_rows(timeline: Timeline) -> Iterator[dict[str, Any]]:
    """One row per entry of `timeline --format json`, oldest first, with its story id."""
    for entry in timeline.entries:
        yield {"story": timeline.story, **entry.to_dict()}


def claim_rows(story: str, claims: list[Claim]) -> Iterator[dict[str, Any]]:
    """One row per claim of `claims --format json`, with its story id."""
    for claim in claims:
        yield {"story": story, **claim.to_dict()}
