"""HTML pages: trafilatura finds the article body and metadata, htmldate the publication date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from storyline.ingest.decode import decode_text
from storyline.ingest.readers import ReaderOptions, ReadResult
from storyline.ingest.sources import Blob
from storyline.models import Document, Rejected, RemovedLine

# Only dates the page states about itself: metadata, <time> elements, the URL. The extensive
# search would also take a year from anywhere in the body, which is a guess, not metadata.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_SPACE = re.compile(r"\s+")


def read_html(blob: Blob, options: ReaderOptions) -> Iterator[ReadResult]:
    text, _encoding = decode_text(blob.data)
    yield html_document(text, source=blob.source, raw=blob.data, group=blob.group)


def html_document(
    html: str,
    *,
    source: str,
    raw: bytes,
    group: str,
    url: str | None = None,
    fmt: str = "html",
    hints: dict[str, tuple[Any, str]] | None = None,
) -> Document | Rejected:
    """Extract one article from a page; the page text left out is kept as dropped lines."""
    html = without_control_characters(html)
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
        return Rejected(source, f"malformed HTML ({exc.__class__.__name__}: {exc})", raw)
    if extracted is None:
        return Rejected(source, "no article text found in the HTML page", raw)
    fields: dict[str, Any] = extracted if isinstance(extracted, dict) else extracted.as_dict()
    if not (fields.get("text") or "").strip():
        return Rejected(source, "no article text found in the HTML page", raw)
    body_lines = [line.strip() for line in fields["text"].split("\n")]
    document = Document(source=source, format=fmt, raw=raw, lines=body_lines, group=group)
    document.hints.update(hints or {})
    _add_metadata_hints(document, fields, html, url)
    document.dropped = _page_lines_left_out(html, body_lines)
    return document


def _add_metadata_hints(document: Document, extracted: dict[str, Any], html: str, url: str | None) -> None:
    hints = document.hints
    for ours, theirs in (
        ("title", "title"),
        ("author", "author"),
        ("outlet", "sitename"),
        ("url", "url"),
        ("categories", "categories"),
        ("tags", "tags"),
        ("language", "language"),
    ):
        value = extracted.get(theirs)
        if value and ours not in hints:
            hints[ours] = (value, "meta_tag")
    # trafilatura asks htmldate with _DATE_PARAMS: metadata, <time> elements and the URL only.
    if extracted.get("date") and "published" not in hints:
        hints["published"] = (extracted["date"], "meta_tag")


_BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "blockquote",
    "td",
    "tr",
    "br",
    "table",
    "form",
    "main",
    "title",
    "dd",
    "dt",
    "pre",
}


# Characters XML forbids: lxml refuses a tree that holds one, and no reader needs them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text: str) -> str:
    return _CONTROL_CHARACTERS.sub(" ", text)


def page_text_lines(html: str) -> list[str]:
    """The visible text of a page, one line per block element."""
    html = without_control_characters(html)
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for element in tree.xpath("//script|//style|//noscript|//template|//svg"):
        element.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    lines = (_SPACE.sub(" ", line).strip() for line in tree.text_content().split("\n"))
    return [line for line in lines if line]


def _page_lines_left_out(html: str, body_lines: list[str]) -> list[RemovedLine]:
    body = {_SPACE.sub(" ", line) for line in body_lines if line}
    return [
        RemovedLine(number, line, "page chrome outside the article (HTML)")
        for number, line in enumerate(page_text_lines(html), start=1)
        if line not in body
    ]
