"""WARC and ARC web archives: every HTML response (or resource) record is a page to extract."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.decode import decode_text
from storyline.ingest.readers import ReaderOptions, ReadResult
from storyline.ingest.readers.html import html_document
from storyline.ingest.sources import Blob
from storyline.ingest.urls import host_of
from storyline.models import Rejected

log = logging.getLogger(__name__)


def read_warc(blob: Blob, options: ReaderOptions) -> Iterator[ReadResult]:
    with _warcio_quiet() as said:
        yield from _read_records(blob, said)


def _read_records(blob: Blob, said: io.StringIO) -> Iterator[ReadResult]:
    stream = io.BytesIO(blob.data)
    pages = 0
    untyped = 0  # records without a WARC-Type: what warcio makes of bytes that are not a record
    try:
        # Only an ARC file is read as one: in a WARC file, bytes that are not a record would pass
        # for ARC records and be skipped without a word.
        is_arc = blob.data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"filedesc://")
        for record in ArchiveIterator(stream, arc2warc=is_arc):
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
            host = host_of(uri) if uri.startswith(("http://", "https://")) else None
            yield html_document(
                html,
                source=f"{blob.source}#{uri}",
                raw=payload,
                group=host or blob.source,
                url=uri if host else None,
                fmt="warc",
                hints={"url": (uri, "record")} if host else None,
            )
    except (ArchiveLoadFailed, ValueError, EOFError, OSError, OverflowError) as exc:
        problem = " ".join(str(exc).split())[:160]
        yield Rejected(blob.source, f"malformed web archive after {pages} pages ({problem})", blob.data)
        return
    except AttributeError:
        # warcio cannot read the HTTP head of a response that names no page.
        yield Rejected(
            blob.source,
            f"malformed web archive after {pages} pages (a response record without WARC-Target-URI)",
            blob.data,
        )
        return
    if untyped and pages == 0:
        yield Rejected(
            blob.source, f"malformed web archive: {untyped} records without a WARC-Type", blob.data
        )
    elif untyped:
        yield Rejected(
            blob.source,
            f"{untyped} stretches of bytes after the records are not WARC records and were skipped; "
            f"the {pages} pages before them were read",
        )
    elif pages == 0 and not blob.damage:
        yield Rejected(blob.source, "web archive holds no HTML page", blob.data)
    if "Content-Length" in said.getvalue() and pages:
        log.info("%s: a record's Content-Length looked wrong; warcio read on", blob.source)


class _DropRecords(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextmanager
def _warcio_quiet() -> Iterator[io.StringIO]:
    """warcio writes its warnings to stderr and its log, quoting the archive's bytes: they would
    reach the user's terminal raw. What it says is kept for us instead; the reader says the rest."""
    said = io.StringIO()
    logger = logging.getLogger("warcio")
    dropping = _DropRecords()
    logger.addFilter(dropping)
    try:
        with redirect_stderr(said):
            yield said
    finally:
        logger.removeFilter(dropping)
