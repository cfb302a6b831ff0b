"""One reader per input format, one registry, and content sniffing to choose between them.

A reader takes a `Blob` and yields `Document`s (article-sized pieces), `FeedLink`s (feed entries
without a body) and `Rejected` items (parts it could not read), so one damaged record never stops
the rest of its container.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from storyline.ingest.decode import binary_kind
from storyline.ingest.sources import Blob
from storyline.models import Document, FeedLink, Rejected


@dataclass(slots=True)
class ReaderOptions:
    # JSON field mapping from the user (`--field text=body`): our field name -> their key.
    fields: dict[str, str] = field(default_factory=dict)
    # Folders named by date are the publication dates, as a dataset's own (Timeline17's
    # InputDocs/2011-01-25/): they win over a date line in the text.
    dates_from_folders: bool = False


ReadResult = Document | FeedLink | Rejected
Reader = Callable[[Blob, ReaderOptions], Iterator[ReadResult]]

_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
_JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
# Plain-text files that are code or configuration, found when a user points at a whole project
# folder. Only consulted when the content itself looks like plain text.
_NOT_NEWS_SUFFIXES = {
    ".py",
    ".js",
    ".ts",
    ".css",
    ".scss",
    ".sh",
    ".bat",
    ".ps1",
    ".c",
    ".h",
    ".cpp",
    ".java",
    ".go",
    ".rs",
    ".rb",
    ".php",
    ".pl",
    ".yaml",
    ".yml",
    ".toml",
    ".ini",
    ".cfg",
    ".conf",
    ".lock",
    ".sql",
}
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_HTML_TAGS = re.compile(rb"</?(p|div|span|a|article|section|br|h[1-6])[\s>/]", re.IGNORECASE)
# How a JSON document begins: "[Census] Results ..." or "{Updated} ..." is prose, not JSON.
_JSON_START = re.compile(rb'^(\{\s*("|\})|\[\s*(\{|\[|"|-?\d|true\b|false\b|null\b|\]))')
_FRONT_MATTER = re.compile(rb"^(---|\+\+\+)[ \t]*\r?\n")
_MARKDOWN_SYNTAX = re.compile(rb"^(#{1,6} |\* |- |> |\d+\. )|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*", re.M)


def sniff_format(blob: Blob) -> str:
    """Name the format from the content; the file name only breaks ties (text, Markdown, JSON)."""
    data = blob.data
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"filedesc://"):
        return "arc"
    if _FEED_ROOT.search(data[:2048]) and head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf", b"<!--")):
        return "feed"
    if _HTML_START.search(head[:1024]) or (head.startswith(b"<") and len(_HTML_TAGS.findall(head)) >= 3):
        return "html"
    suffix = PurePath(blob.source.split("!")[-1].removesuffix(".gz")).suffix.lower()
    if _JSON_START.match(head) or (suffix in _JSON_SUFFIXES and not binary_kind(data)):
        return "json"
    if _FRONT_MATTER.match(head):
        return "markdown"
    if suffix in _MARKDOWN_SUFFIXES and _MARKDOWN_SYNTAX.search(data[:20000]):
        return "markdown"
    kind = binary_kind(data)
    if kind:
        return "binary:" + kind
    if suffix in _NOT_NEWS_SUFFIXES:
        return "not-news:" + suffix
    return "text"


def read_blob(blob: Blob, options: ReaderOptions) -> Iterator[ReadResult]:
    """Read one blob with the reader its content calls for."""
    from storyline.ingest.readers import feeds, html, jsonl, markdown, text, warc

    readers: dict[str, Reader] = {
        "text": text.read_text,
        "markdown": markdown.read_markdown,
        "html": html.read_html,
        "feed": feeds.read_feed,
        "warc": warc.read_warc,
        "arc": warc.read_warc,
        "json": jsonl.read_json,
    }
    fmt = sniff_format(blob)
    if fmt.startswith("binary:"):
        yield Rejected(blob.source, f"not text: looks like {fmt.removeprefix('binary:')}", blob.data)
        return
    if fmt.startswith("not-news:"):
        yield Rejected(
            blob.source, f"not news: a {fmt.removeprefix('not-news:')} file is code or configuration"
        )
        return
    if blob.damage and fmt not in ("warc", "arc", "json"):
        # Only record streams can be salvaged record by record; a cut-off page is not an article.
        yield Rejected(blob.source, blob.damage, blob.data)
        return
    yield from readers[fmt](blob, options)
    if blob.damage:
        yield Rejected(blob.source, f"{blob.damage}; the records before the damage were read")
