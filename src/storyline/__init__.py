"""Storyline: read a pile of raw news and tell the story in it.

>>> from storyline import ingest, open_store
>>> store = open_store("sqlite://")
>>> report = ingest(["examples/articles"], store)  # doctest: +SKIP
>>> sorted({a.outlet for a in store.iter_articles() if a.outlet})[:2]  # doctest: +SKIP
['DailyFeed Hub', 'Orrin Today']
"""

import importlib
import logging
from typing import Any as _Any

from storyline.errors import (
    FetchRefused,
    InputTooLarge,
    NoSuchArticle,
    NoSuchStore,
    NoSuchStory,
    StoreError,
    StorylineError,
    UnreadableInput,
    UnsupportedFormat,
    UnwritableOutput,
)
from storyline.ingest import IngestOptions, ingest
from storyline.models import (
    Annotations,
    Article,
    Attribution,
    Claim,
    ClaimValue,
    CopyLink,
    EntityMention,
    Episode,
    FeedLink,
    IngestReport,
    Quantity,
    Rejected,
    RemovedLine,
    Sentence,
    Speaker,
    Statement,
    Story,
    TimeExpression,
    Timeline,
    TimelineEntry,
    TimelineSource,
)
from storyline.store import Store, open_store

# The language stage loads spaCy and the entity model, which takes a second: it is imported on
# first use, so that `import storyline` and commands that only read the store stay quick.
_LAZY = {
    "AnnotateReport": "storyline.language.annotator",
    "Annotator": "storyline.language.annotator",
    "LanguageOptions": "storyline.language.annotator",
    "annotate_store": "storyline.language.annotator",
    "ClusterOptions": "storyline.stories.update",
    "ClusterReport": "storyline.stories.update",
    "update_stories": "storyline.stories.update",
    "TimelineOptions": "storyline.timelines",
    "build_timeline": "storyline.timelines",
    "timeline_of_story": "storyline.timelines",
    "timeline_of_query": "storyline.timelines",
    "claims_of_story": "storyline.claims",
    "quotes_of_story": "storyline.claims.quotes",
    "compare_outlets": "storyline.claims.compare",
    "brief_story": "storyline.brief",
    "export_stories": "storyline.export",
    "create_app": "storyline.api",
}

__all__ = [
    "AnnotateReport",
    "Annotations",
    "Claim",
    "ClaimValue",
    "Speaker",
    "Statement",
    "Timeline",
    "TimelineEntry",
    "TimelineOptions",
    "TimelineSource",
    "brief_story",
    "build_timeline",
    "claims_of_story",
    "compare_outlets",
    "create_app",
    "export_stories",
    "quotes_of_story",
    "timeline_of_query",
    "timeline_of_story",
    "Annotator",
    "Article",
    "Attribution",
    "ClusterOptions",
    "ClusterReport",
    "CopyLink",
    "EntityMention",
    "Episode",
    "FeedLink",
    "FetchRefused",
    "IngestOptions",
    "IngestReport",
    "InputTooLarge",
    "LanguageOptions",
    "NoSuchArticle",
    "NoSuchStore",
    "NoSuchStory",
    "Quantity",
    "Rejected",
    "RemovedLine",
    "Sentence",
    "Store",
    "StoreError",
    "Story",
    "StorylineError",
    "TimeExpression",
    "UnreadableInput",
    "UnsupportedFormat",
    "UnwritableOutput",
    "annotate_store",
    "ingest",
    "open_store",
    "update_stories",
]


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")


# The library never configures logging; the CLI does.
logging.getLogger(__name__).addHandler(logging.NullHandler())
