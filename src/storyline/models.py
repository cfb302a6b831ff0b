"""The records passed between stages: plain dataclasses, no behaviour beyond small helpers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year"]

# Where a metadata field's value came from, most trusted first. The article page shows it, and the
# merge in ingest/metadata.py keeps the value from the best source.
FIELD_SOURCES = (
    "front_matter",  # YAML/TOML header of a Markdown post
    "json_ld",  # schema.org block of an HTML page
    "meta_tag",  # <meta> / <link rel=canonical> of an HTML page
    "feed",  # RSS/Atom entry fields
    "record",  # JSON field mapped by the user, WARC headers
    "syndication_line",  # "The post ... appeared first on X"
    "byline",  # "By Jane Doe", "rs/msh (dpa, AFP)", author bio lines
    "dateline",  # a date line in the page header
    "copyright_line",  # "X © 2026"
    "site_chrome",  # a brand name repeated in navigation and footers
    "house_style",  # an outlet's known signature ("Source: News Agencies")
    "url",  # the domain or path of the article's URL
    "path",  # a date folder in the file path (InputDocs/2011-01-25/...)
    "text",  # the article text itself
    "inferred",  # derived by a later stage (stories: dates from corroborating reports)
)


@dataclass(slots=True)
class RemovedLine:
    line: int  # 1-based line number in the document's text before cleaning
    text: str
    reason: str


@dataclass(slots=True)
class Document:
    """One article-sized piece of input, as a reader found it, before cleaning.

    A reader fills `lines` for text-like formats, or `html` for pages (the HTML reader turns
    those into lines), and `hints` with metadata that the container carried (feed fields,
    front matter, JSON fields), each hint keyed by field name and paired with its source.
    """

    source: str
    format: str
    raw: bytes
    lines: list[str] = field(default_factory=list)
    html: str | None = None
    hints: dict[str, tuple[Any, str]] = field(default_factory=dict)
    # Line numbers (0-based, into `lines`) whose role the reader already knows from markup.
    known_roles: dict[int, str] = field(default_factory=dict)
    group: str = ""  # documents of one outlet/site share a group, for batch statistics
    dropped: list[RemovedLine] = field(default_factory=list)  # page text the reader left out


@dataclass(slots=True)
class Article:
    id: str
    source: str
    format: str
    text: str
    title: str | None = None
    outlet: str | None = None
    original_outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date at its precision: 2020, 2020-01, 2020-01-07
    published_precision: Precision | None = None
    published_from: str | None = None
    author: str | None = None
    contributors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    language: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    removed: list[RemovedLine] = field(default_factory=list)
    raw_sha256: str = ""
    version: int = 1
    previous_version: str | None = None

    def to_dict(self, *, with_removed: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "format": self.format,
            "title": self.title,
            "outlet": self.outlet,
            "original_outlet": self.original_outlet,
            "url": self.url,
            "published": self.published,
            "published_precision": self.published_precision,
            "published_from": self.published_from,
            "author": self.author,
            "contributors": list(self.contributors),
            "agencies": list(self.agencies),
            "language": self.language,
            "categories": list(self.categories),
            "tags": list(self.tags),
            "provenance": dict(self.provenance),
            "version": self.version,
            "previous_version": self.previous_version,
            "text": self.text,
        }
        if with_removed:
            data["removed_lines"] = [
                {"line": r.line, "text": r.text, "reason": r.reason} for r in self.removed
            ]
        return data


@dataclass(slots=True)
class FeedLink:
    """A feed entry that carried no article body: kept as a link to fetch later."""

    source: str
    url: str
    title: str | None
    published: str | None
    summary: str | None


@dataclass(slots=True)
class Rejected:
    """Input that could not become an article, with the reason a person can act on."""

    source: str
    reason: str
    raw: bytes = b""


@dataclass(slots=True)
class IngestReport:
    run_id: int = 0
    read: int = 0
    new: int = 0
    duplicates: int = 0
    versions: int = 0
    links: int = 0
    quarantined: list[Rejected] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "read": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "versions": self.versions,
            "links": self.links,
            "quarantined": [{"source": q.source, "reason": q.reason} for q in self.quarantined],
            "seconds": round(self.seconds, 3),
        }


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def article_id_for(text: str, title: str | None) -> str:
    """Stable id from content: the same clean article gets the same id wherever it came from."""
    canonical = " ".join(((title or "") + "\n" + text).split())
    return sha256_hex(canonical)[:16]
