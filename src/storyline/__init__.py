"""Storyline: read a pile of raw news and tell the story in it.

>>> from storyline import ingest, open_store
>>> store = open_store("sqlite://")
>>> report = ingest(["examples/articles"], store)  # doctest: +SKIP
>>> sorted({a.outlet for a in store.iter_articles() if a.outlet})[:2]  # doctest: +SKIP
['DailyFeed Hub', 'Orrin Today']
"""

import logging

from storyline.errors import (
    FetchRefused,
    InputTooLarge,
    NoSuchArticle,
    StoreError,
    StorylineError,
    UnreadableInput,
    UnsupportedFormat,
)
from storyline.ingest import IngestOptions, ingest
from storyline.models import Article, FeedLink, IngestReport, Rejected, RemovedLine
from storyline.store import Store, open_store

__all__ = [
    "Article",
    "FeedLink",
    "FetchRefused",
    "IngestOptions",
    "IngestReport",
    "InputTooLarge",
    "NoSuchArticle",
    "Rejected",
    "RemovedLine",
    "Store",
    "StoreError",
    "StorylineError",
    "UnreadableInput",
    "UnsupportedFormat",
    "ingest",
    "open_store",
]

# The library never configures logging; the CLI does.
logging.getLogger(__name__).addHandler(logging.NullHandler())
