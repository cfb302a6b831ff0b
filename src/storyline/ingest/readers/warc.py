"""WARC and ARC web archives: every HTML response (or resource) record is a page to extract."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.decode import decode_text
from storyline.ingest.readers import ReaderOptions, ReadResult
from storyline.ingest.readers.html import html_document
from storyline.ingest.sources import Blob
from storyline.models import Rejected


def read_warc(blob: Blob, options: ReaderOptions) -> Iterator[ReadResult]:
    stream = io.BytesIO(blob.data)
    pages = 0
    untyped = 0  # records without a WARC-Type: what warcio makes of bytes that are not a record
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            if record.rec_type is None:
                untyped += 1
                continue
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"record-{pages + 1}"
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
            else:
                content_type = record.rec_headers.get_header("Content-Type") or ""
            payload = record.content_stream().read()
            if "html" not in content_type.lower() and b"<html" not in payload[:2048].lower():
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                # Fewer bytes than the record's Content-Length: the archive ends inside this page.
                yield Rejected(
                    f"{blob.source}#{uri}", "page cut off: the web archive ends inside this record", payload
                )
                continue
            pages += 1
            html, _encoding = decode_text(payload)
            yield html_document(
                html,
                source=f"{blob.source}#{uri}",
                raw=payload,
                group=uri.split("/")[2] if uri.startswith("http") else blob.source,
                url=uri if uri.startswith("http") else None,
                fmt="warc",
                hints={"url": (uri, "record")} if uri.startswith("http") else None,
            )
    except (ArchiveLoadFailed, ValueError, EOFError, OSError) as exc:
        yield Rejected(blob.source, f"malformed web archive after {pages} pages ({exc})", blob.data)
        return
    if untyped and pages == 0:
        yield Rejected(
            blob.source, f"malformed web archive: {untyped} records without a WARC-Type", blob.data
        )
    elif pages == 0 and not blob.damage:
        yield Rejected(blob.source, "web archive holds no HTML page", blob.data)
