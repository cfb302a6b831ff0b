"""JSON and JSON Lines: one article per object, with field names the user can map."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storyline.ingest.decode import decode_text
from storyline.ingest.readers import ReaderOptions, ReadResult
from storyline.ingest.readers.html import html_document, page_text_lines
from storyline.ingest.sources import Blob
from storyline.models import Document, Rejected

# Our field -> the keys tried in order when the user maps none (common scraper and dataset exports).
DEFAULT_FIELDS = {
    "text": ("text", "body", "content", "maintext", "article", "full_text", "story", "html"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url", "source_url"),
    "published": (
        "published",
        "date",
        "pubDate",
        "published_at",
        "date_publish",
        "datePublished",
        "publish_date",
        "time",
    ),
    "author": ("author", "authors", "byline", "creator"),
    "outlet": ("outlet", "site_name", "sitename", "publisher", "source_domain", "domain", "source"),
    "original_outlet": ("original_outlet",),
    "language": ("language", "lang"),
    "tags": ("tags", "keywords"),
    "categories": ("categories", "section"),
}
_CONTAINER_KEYS = ("articles", "items", "data", "results", "documents", "entries")


def read_json(blob: Blob, options: ReaderOptions) -> Iterator[ReadResult]:
    text, _encoding = decode_text(blob.data)
    stripped = text.lstrip("\ufeff \t\r\n")
    records: list[tuple[str, Any]] = []
    try:
        parsed = load_json(stripped)
    except ValueError as whole_error:
        # Not one JSON value: try JSON Lines, keeping every good line and naming the bad ones.
        lines = stripped.splitlines()
        if not blob.damage and (len(lines) < 2 or not _is_json_value(lines[0])):
            # One pretty-printed document with a mistake in it: one entry, not one per line.
            yield Rejected(blob.source, f"malformed JSON ({whole_error})", blob.data)
            return
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                records.append((f"{blob.source}:{number}", load_json(line)))
            except ValueError as exc:
                reason = (
                    "cut off by the damaged archive"
                    if blob.damage and number == len(lines)
                    else f"malformed JSON ({exc})"
                )
                yield Rejected(f"{blob.source}:{number}", reason, line.encode("utf-8"))
    else:
        if isinstance(parsed, dict):
            container = next((parsed[k] for k in _CONTAINER_KEYS if isinstance(parsed.get(k), list)), None)
            items = container if container is not None else [parsed]
        elif isinstance(parsed, list):
            items = parsed
        else:
            yield Rejected(blob.source, "JSON holds neither an object nor a list of objects", blob.data)
            return
        records = [
            (f"{blob.source}#{i}" if len(items) > 1 else blob.source, item)
            for i, item in enumerate(items, start=1)
        ]
    for source, record in records:
        yield _record_document(source, record, blob, options)


def _is_json_value(line: str) -> bool:
    try:
        load_json(line)
    except ValueError:
        return False
    return True


# Digits beyond which a JSON number is kept as its text: Python refuses to turn more than 4,300
# digits into an int, and no field we read is such a number.
_LONGEST_NUMBER = 100


def load_json(text: str) -> Any:
    """`json.loads` for any input: a number too long for an int stays text, and nesting too deep
    to read is a ValueError that says so, like every other reason the text is not JSON."""
    try:
        return json.loads(text, parse_int=_number, parse_float=_number)
    except RecursionError:
        raise ValueError("nested too deeply to read") from None


def _number(text: str) -> Any:
    if len(text) > _LONGEST_NUMBER:
        return text
    return float(text) if any(c in text for c in ".eE") else int(text)


def _pick(record: dict[str, Any], name: str, options: ReaderOptions) -> Any:
    if name in options.fields:
        value: Any = record
        for part in options.fields[name].split("."):  # dotted paths reach nested fields
            value = value.get(part) if isinstance(value, dict) else None
        return value
    for key in DEFAULT_FIELDS[name]:
        if record.get(key) not in (None, "", []):
            return record[key]
    return None


def _record_document(source: str, record: Any, blob: Blob, options: ReaderOptions) -> ReadResult:
    if not isinstance(record, dict):
        return Rejected(source, "JSON record is not an object")
    body = _pick(record, "text", options)
    if isinstance(body, list) and body and all(isinstance(part, str) for part in body):
        body = "\n\n".join(body)  # a text given as its paragraphs
    if not isinstance(body, str) or not body.strip():
        wanted = options.fields.get("text") or " / ".join(DEFAULT_FIELDS["text"])
        return Rejected(source, f"JSON record has no text field ({wanted}); map one with --field text=NAME")
    raw = json.dumps(record, ensure_ascii=False).encode("utf-8")
    hints = {}
    for name in DEFAULT_FIELDS:
        if name == "text":
            continue
        value = _pick(record, name, options)
        if isinstance(value, dict):  # {"name": "..."} objects for authors and publishers
            value = value.get("name")
        if value not in (None, "", []):
            hints[name] = (value, "record")
    if body.lstrip().startswith("<"):
        document = html_document(body, source=source, raw=raw, group=blob.group, fmt="json", hints=hints)
        if isinstance(document, Document) and not document.lines:
            document.lines = page_text_lines(body)
        return document
    lines = body.replace("\r\n", "\n").split("\n")
    return Document(source=source, format="json", raw=raw, lines=lines, hints=hints, group=blob.group)
