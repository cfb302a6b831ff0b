"""The records passed between stages: plain dataclasses, no behaviour beyond small helpers."""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from storyline.untrusted import for_terminal

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

    def __post_init__(self) -> None:
        # A reason may quote the input (a parser's message): its control characters are shown.
        self.reason = for_terminal(self.reason)


InputStatus = Literal["stored", "duplicate", "quarantined"]


@dataclass(slots=True)
class InputResult:
    """What became of one input (a file, a URL): `stored` when it gave anything new, `duplicate`
    when all it gave was stored before, `quarantined` when nothing of it could be read; `reason`
    names what went wrong with it or its parts, `articles` the ids of the articles it gave."""

    source: str
    status: InputStatus
    reason: str | None = None
    articles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "reason": self.reason,
            "articles": self.articles,
        }


@dataclass(slots=True)
class IngestReport:
    run_id: int = 0
    read: int = 0
    new: int = 0
    duplicates: int = 0
    versions: int = 0
    links: int = 0
    quarantined: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0
    inputs: list[InputResult] = field(default_factory=list)  # one per input, in the inputs' order

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


# ---------------------------------------------------------------------------------------------
# Language annotations. Every span is a pair of character offsets into `Article.text`
# (start inclusive, end exclusive), so any statement can be traced back to its sentence.

TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
EntityLabel = Literal["PER", "ORG", "LOC"]


@dataclass(slots=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True)
class TimeExpression:
    """A time expression normalised to a TIMEX3 value.

    `value` is resolved against `anchor` (the article's date, a given date, or an earlier
    expression). `relative` keeps the unresolved form ("weekday:-1:TU", "shift:-6:year") so a
    later stage that infers an undated article's date can resolve it again; an expression that
    needed an anchor it did not have gets a value with X placeholders ("XXXX-XX-XX").
    """

    start: int
    end: int
    text: str
    type: TimeType
    value: str
    relative: str | None = None
    anchor: str | None = None
    anchor_source: str | None = None  # "published", "given", "previous", "sentence", or None
    rule: str = ""  # the pattern that found it and how it was resolved, for debugging and display


@dataclass(slots=True)
class EntityMention:
    start: int
    end: int
    text: str
    label: EntityLabel
    # The entity this mention refers to: the fullest name used for it in the article ("Jens
    # Stoltenberg" for a later "Stoltenberg"), then normalised across articles by known aliases.
    entity: str = ""
    # How the mention was found: "model", "gazetteer", "rule", "coreference" (a nominal like
    # "the alliance" linked to a named entity).
    source: str = "model"


@dataclass(slots=True)
class Quantity:
    """A figure and what it counts. `value` is None for vague amounts, which carry only a range."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    kind: str = "count"  # count, money, percent, ratio
    unit: str | None = None  # currency code or "%" for money and percentages
    counted: str | None = None  # the noun it counts: "troops", "people killed"
    of: float | None = None  # the whole of a ratio: "30 out of the 130" -> value 30, of 130


@dataclass(slots=True)
class Attribution:
    """Who says what: a quote or a reported statement and the speaker the text gives for it."""

    start: int  # the span of what was said
    end: int
    kind: str  # "quote" (direct speech), "reported" ("said that ..."), "according_to"
    cue: str  # the verb or phrase that attributes it: "said", "told AFP", "according to"
    speaker: str | None = None  # as written: "a NATO spokesman", "Stoltenberg", "he"
    speaker_start: int | None = None
    speaker_end: int | None = None
    entity: str | None = None  # the speaker resolved to an entity name, when the text allows
    role: str | None = None  # "NATO spokesperson", "Hungary's defence minister"
    affiliation: str | None = None  # the body an unnamed speaker speaks for: "a NATO official" -> NATO
    anonymous: bool = False  # no name given: "a NATO official", "an official who asked not to be named"


@dataclass(slots=True)
class Annotations:
    """All language annotations of one article, stored together and read by later stages."""

    article_id: str
    annotator: str  # version of the language stage that made them; a newer one re-annotates
    sentences: list[Sentence] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    anchor: str | None = None  # the date relative expressions were resolved against
    # Why only some parts were made (the article ran over its time budget): None when all were.
    incomplete: str | None = None
    # Sentence starts, for `sentence_at`: made on first use (readers look up many offsets).
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def sentence_at(self, offset: int) -> int | None:
        """The number of the sentence holding character `offset`, or None between sentences.

        >>> Annotations("a", "v", sentences=[Sentence(0, 5), Sentence(6, 12)]).sentence_at(7)
        1
        """
        if self._starts is None or len(self._starts) != len(self.sentences):
            self._starts = [s.start for s in self.sentences]
        index = bisect.bisect_right(self._starts, offset) - 1
        return index if index >= 0 and offset < self.sentences[index].end else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "annotator": self.annotator,
            "anchor": self.anchor,
            "sentences": [[s.start, s.end] for s in self.sentences],
            "times": [_record_dict(t) for t in self.times],
            "entities": [_record_dict(e) for e in self.entities],
            "quantities": [_record_dict(q) for q in self.quantities],
            "attributions": [_record_dict(a) for a in self.attributions],
            "incomplete": self.incomplete,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotations:
        return cls(
            article_id=data["article_id"],
            annotator=data["annotator"],
            anchor=data.get("anchor"),
            sentences=[Sentence(start, end) for start, end in data.get("sentences", [])],
            times=[TimeExpression(**t) for t in data.get("times", [])],
            entities=[EntityMention(**e) for e in data.get("entities", [])],
            quantities=[Quantity(**q) for q in data.get("quantities", [])],
            attributions=[Attribution(**a) for a in data.get("attributions", [])],
            incomplete=data.get("incomplete"),
        )


@dataclass(slots=True)
class EncodedAnnotations:
    """One article's annotations already turned into JSON, as worker processes hand them back:
    a string crosses between processes far faster than thousands of small records."""

    article_id: str
    annotator: str
    sentences: int
    json: str
    incomplete: str | None = None

    @classmethod
    def encode(cls, annotations: Annotations) -> EncodedAnnotations:
        return cls(
            annotations.article_id,
            annotations.annotator,
            len(annotations.sentences),
            json.dumps(annotations.to_dict(), ensure_ascii=False, separators=(",", ":")),
            annotations.incomplete,
        )


# ---------------------------------------------------------------------------------------------
# Stories.


@dataclass(slots=True)
class CopyLink:
    """An article that is not an independent report: a copy, a cut or edited version, or a
    republication of another outlet's story. Articles with no link are originals.

    `copy_of` is the earliest version of the text in the store (None when the only evidence is a
    republication notice naming an outlet the store does not hold); `similarity` estimates the
    share of word sequences the two have in common, or the share of the shorter one found in the
    longer for a partial copy (1.0 for the same text).
    """

    article: str
    copy_of: str | None
    similarity: float | None
    kind: str  # "exact", "near", "partial" (cut short or added to), "republication"
    original_outlet: str | None = None
    evidence: list[str] = field(default_factory=list)  # reasons a person can check


@dataclass(slots=True)
class Placement:
    """Where the clusterer put an article: the story it joined, and why."""

    article: str
    story: str
    how: str  # "founded" (started the story), "similar" (joined by its words), "copy" (of a member)
    similarity: float | None = None
    day: int | None = None  # its publication day number (date.toordinal()), when known
    terms: dict[str, float] = field(default_factory=dict)  # its strongest terms, for episodes


@dataclass(slots=True)
class StoryRecord:
    """A story as the store keeps it: the clusterer's state and the story as shown, both JSON."""

    id: str
    state: str
    shown: Story | None  # None: keep what is shown until the story is described again
    size: int


@dataclass(slots=True)
class Episode:
    """A run of a story's reports between two long quiet spells."""

    id: str  # the story id and the episode's number: "edb6210862fdaed8/2"
    start: str | None  # first and last publication dates (ISO day) of its reports
    end: str | None
    articles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    """Reports about one developing situation. Its id is the id of the article that started it,
    and stays the same as articles are added."""

    id: str
    title: str
    articles: list[str] = field(default_factory=list)  # in publication order, undated ones last
    copies: list[CopyLink] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # the most prominent, most prominent first
    episodes: list[Episode] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    merged_into: str | None = None  # set when this story was merged into another one

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": self.articles,
            "copies": [
                {
                    "article": c.article,
                    "copy_of": c.copy_of,
                    "similarity": c.similarity,
                    "kind": c.kind,
                    "original_outlet": c.original_outlet,
                    "evidence": c.evidence,
                }
                for c in self.copies
            ],
            "entities": self.entities,
            "episodes": [
                {"id": e.id, "start": e.start, "end": e.end, "articles": e.articles} for e in self.episodes
            ],
            "start": self.start,
            "end": self.end,
        }


def _record_dict(record: Any) -> dict[str, Any]:
    # Faster than dataclasses.asdict, which deep-copies: these records hold only plain values.
    return {name: getattr(record, name) for name in record.__slots__}


@dataclass(slots=True)
class TimelineSource:
    """One sentence that reports a timeline entry: which article, and where in its text."""

    article: str
    outlet: str | None
    sentence: int  # the sentence's number in the article (from 0)
    start: int  # character offsets of the sentence in the article's text
    end: int


@dataclass(slots=True)
class TimelineEntry:
    """What happened on one date, in a sentence, with every report that says so."""

    date: str  # at its precision: "2020-01-07", "2011-12", "2008"
    precision: str  # "day", "month" or "year"
    kind: str  # "event", or "background" for a date well before the reports
    text: str
    sources: list[TimelineSource] = field(default_factory=list)
    independent_sources: int = 0  # articles that report it, copies of one report counted once

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "precision": self.precision,
            "kind": self.kind,
            "text": self.text,
            "independent_sources": self.independent_sources,
            "sources": [_record_dict(s) for s in self.sources],
        }


@dataclass(slots=True)
class Timeline:
    """The dated account of a story, or of the articles matching a query, oldest entry first."""

    story: str | None
    entries: list[TimelineEntry] = field(default_factory=list)
    query: str | None = None
    articles: int = 0  # how many articles it was built from

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "query": self.query,
            "articles": self.articles,
            "entries": [e.to_dict() for e in self.entries],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timeline:
        entries = [
            TimelineEntry(
                date=e["date"],
                precision=e["precision"],
                kind=e["kind"],
                text=e["text"],
                sources=[TimelineSource(**s) for s in e["sources"]],
                independent_sources=e["independent_sources"],
            )
            for e in data["entries"]
        ]
        return cls(story=data["story"], entries=entries, query=data.get("query"), articles=data["articles"])


@dataclass(slots=True)
class ClaimValue:
    """One report's figure for a claim, where it says it, and on whose word."""

    article: str
    outlet: str | None
    text: str  # the figure as written: "Around 500 trainers, advisers and support staff"
    value: float | None
    range: tuple[float | None, float | None]  # what the words allow: "several hundred" -> (200, 999)
    approx: bool
    unit: str | None
    attributed_to: str | None  # "Iranian authorities", "a French military source"; None: the outlet's own
    sentence: int
    start: int  # character offsets of the figure in the article's text
    end: int
    published: str | None = None
    copy_of: str | None = None  # the report it copies, when it is a copy: it is not an independent source
    original_outlet: str | None = None  # whose report a republication is
    stance: str | None = None  # of a status claim: "temporary", "open-ended", "permanent"
    date: str | None = None  # of a date claim: the day this report gives for the event

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "outlet": self.outlet,
            "text": self.text,
            "value": self.value,
            "range": list(self.range),
            "approx": self.approx,
            "unit": self.unit,
            "attributed_to": self.attributed_to,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "published": self.published,
            "copy_of": self.copy_of,
            "original_outlet": self.original_outlet,
            "stance": self.stance,
            "date": self.date,
        }


@dataclass(slots=True)
class Claim:
    """Comparable statements of a story's reports: one subject at one time, and whether they agree."""

    id: str
    subject: str  # "trainers, advisers and support staff (NATO, Iraq)"
    time: str | None  # the episode's month or months: "2020-01", "2026-03"
    # "figure", "date" (when an event happened), "cause" (why) or "status" (temporary, open-ended, permanent)
    kind: str
    verdict: str  # "agree", "conflict" or "single-source"
    independent_sources: int  # copies and re-runs of one report count once
    first_reported: dict[str, Any] = field(default_factory=dict)  # {article, outlet, published}
    values: list[ClaimValue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subject": self.subject,
            "time": self.time,
            "kind": self.kind,
            "verdict": self.verdict,
            "independent_sources": self.independent_sources,
            "first_reported": self.first_reported,
            "values": [v.to_dict() for v in self.values],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        values = [ClaimValue(**{**v, "range": tuple(v["range"])}) for v in data["values"]]
        return cls(**{**data, "values": values})


@dataclass(slots=True)
class Statement:
    """One thing a speaker is reported to have said, in one article."""

    article: str
    outlet: str | None
    kind: str  # "quote", "reported", "according_to"
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Speaker:
    """Someone a story's reports quote or cite, with everything they are reported to have said."""

    name: str  # "Alexus Grynkewich", or for an unnamed source the words that describe them
    role: str | None
    anonymous: bool
    affiliation: str | None
    outlets: list[str] = field(default_factory=list)  # the outlets that quote them (article ids when unknown)
    articles: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.name,
            "role": self.role,
            "anonymous": self.anonymous,
            "affiliation": self.affiliation,
            "outlets": self.outlets,
            "articles": self.articles,
            "statements": [_record_dict(s) for s in self.statements],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Speaker:
        return cls(
            name=data["speaker"],
            role=data["role"],
            anonymous=data["anonymous"],
            affiliation=data["affiliation"],
            outlets=data["outlets"],
            articles=data["articles"],
            statements=[Statement(**s) for s in data["statements"]],
        )
