"""RSS and Atom feeds: entries with a full body become articles, the rest are kept as links."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any
from xml.sax import SAXException

import feedparser

from storyline.ingest.readers import ReaderOptions, ReadResult
from storyline.ingest.readers.html import page_text_lines
from storyline.ingest.sources import Blob
from storyline.ingest.urls import host_of
from storyline.models import Document, FeedLink, Rejected

# Below this many words an entry's text is a teaser, not an article.
# Full content (content:encoded, Atom <content>) of this many words is an article; a summary
# (<description>) has to be long enough that it cannot be a teaser.
MIN_CONTENT_WORDS = 30
MIN_SUMMARY_WORDS = 150


def read_feed(blob: Blob, options: ReaderOptions) -> Iterator[ReadResult]:
    parsed = feedparser.parse(blob.data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"malformed feed ({problem})" if problem else "feed has no entries"
        yield Rejected(blob.source, reason, blob.data)
        return
    outlet = site_name(parsed.feed.get("title") or "", parsed.feed.get("link") or "")
    entries = list(parsed.entries)
    problem = parsed.get("bozo_exception")
    # A broken XML stream (not a mere encoding note): the entry being read when it broke may be
    # cut off, so only the entries before it are kept and the feed is reported.
    broken = bool(parsed.get("bozo")) and isinstance(problem, SAXException)
    if broken:
        entries = entries[:-1]
    for number, entry in enumerate(entries, start=1):
        link = entry.get("link") or entry.get("id")
        source = f"{blob.source}#{link or f'entry-{number}'}"
        body_html, is_full_content = _entry_body(entry)
        lines = page_text_lines(f"<div>{body_html}</div>") if body_html else []
        published = _entry_date(entry)
        needed = MIN_CONTENT_WORDS if is_full_content else MIN_SUMMARY_WORDS
        if sum(len(line.split()) for line in lines) < needed:
            if link:
                summary = " ".join(lines) or None
                yield FeedLink(source, link, entry.get("title"), published, summary)
            else:
                yield Rejected(source, "feed entry has neither a body nor a link")
            continue
        document = Document(
            source=source,
            format="feed",
            raw=body_html.encode("utf-8"),
            lines=lines,
            group=blob.source,
        )
        hints = document.hints
        for name, value in (
            ("title", entry.get("title")),
            ("url", link),
            ("author", entry.get("author")),
            ("outlet", outlet),
            ("published", published),
            # RSS <category> and Atom <category term> name the sections an entry is filed under.
            ("categories", [t.get("term") for t in entry.get("tags", []) if t.get("term")]),
        ):
            if value:
                hints[name] = (value, "feed")
        yield document
    if broken:
        yield _feed_problem(blob, len(entries), problem)


def _feed_problem(blob: Blob, kept: int, problem: Any) -> Rejected:
    return Rejected(
        blob.source, f"malformed feed ({problem}); the {kept} complete entries before it were read", blob.data
    )


def _entry_body(entry: Any) -> tuple[str, bool]:
    """The entry's HTML body, and whether it is the full content rather than a summary."""
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    if best:
        return best, True
    return entry.get("summary") or "", False


def _entry_date(entry: Any) -> str | None:
    # Read as a plain dict: feedparser maps a missing `updated_parsed` to `published_parsed` with a
    # DeprecationWarning.
    parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


_TITLE_PARTS = re.compile(r"\s+[–—|:»·-]\s+")


def site_name(feed_title: str, feed_link: str) -> str | None:
    """The site's name from a feed title: category and tag feeds read "Orrin Dam – The Gazette".

    The part that matches the feed's domain wins; otherwise the last part, where publishing
    systems put the site name.
    """
    parts = [part.strip() for part in _TITLE_PARTS.split(feed_title.strip()) if part.strip()]
    if not parts:
        return None
    host = re.sub(r"[^a-z0-9]", "", (host_of(feed_link) or "").removeprefix("www.").split(".")[0])
    for part in parts:
        squashed = re.sub(r"[^a-z0-9]", "", part.casefold()).removeprefix("the")
        if host and squashed and (squashed in host or host in squashed):
            return part
    return parts[-1]
