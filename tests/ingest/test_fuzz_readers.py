"""Every reader on random bytes and on mutations of a good input of its format: whatever it is
given, it yields documents, feed links and rejections, and no exception escapes it.

The readers are called without the ingest stage's safety net, so a failure here is a reader's
own bug, not one the net would have hidden.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.evaluate.hostile.corpus import GOOD_FILES, prose
from storyline.ingest import clean_documents
from storyline.ingest.readers import ReaderOptions, read_blob
from storyline.ingest.sources import Blob, SourceOptions, open_input
from storyline.models import Document, FeedLink, Rejected

_RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><link>https://gazette.example/</link>'
    "<item><title>Bridge reopens</title><link>https://gazette.example/bridge</link>"
    f"<description>{prose('Marrowby')}</description><pubDate>Tue, 07 Jan 2020 10:00:00 GMT</pubDate></item>"
    "</channel></rss>"
)


def _warc() -> bytes:
    page = GOOD_FILES["trains.html"]
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(page) + page
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        f"WARC-Target-URI: https://rail.example/night-trains\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("festival.txt", GOOD_FILES["festival.txt"])
        archive.writestr("cider.md", GOOD_FILES["cider.md"])
    return buffer.getvalue()


# A good input of each format, named as a user's file would be.
SEEDS: dict[str, bytes] = {
    "report.txt": GOOD_FILES["festival.txt"],
    "post.md": GOOD_FILES["cider.md"],
    "page.html": GOOD_FILES["trains.html"],
    "record.json": GOOD_FILES["cranes.json"],
    "records.jsonl": b"\n".join([GOOD_FILES["cranes.json"], json.dumps({"text": prose("Quillan")}).encode()]),
    "feed.xml": _RSS.encode(),
    "crawl.warc": _warc(),
    "report.txt.gz": gzip.compress(GOOD_FILES["festival.txt"]),
    "bundle.zip": _zip(),
}


@st.composite
def _mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with a few bytes flipped, a slice cut out, a slice repeated or junk put in."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        where = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        if kind == "flip":
            data[where] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[where : where + draw(st.integers(1, 64))]
        elif kind == "repeat":
            data[where:where] = data[where : where + draw(st.integers(1, 64))] * draw(st.integers(2, 50))
        elif kind == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=32))
        else:
            del data[where:]
    return bytes(data)


def _read_all(name: str, data: bytes) -> None:
    """Open, unpack, read and clean the bytes as ingest does, checking every result's type."""
    documents = []
    for blob in open_input(Blob(name, data, "fuzz"), SourceOptions()):
        if isinstance(blob, Rejected):
            continue
        for result in read_blob(blob, ReaderOptions()):
            assert isinstance(result, Document | FeedLink | Rejected)
            if isinstance(result, Rejected):
                assert result.reason.strip()
            elif isinstance(result, Document):
                documents.append(result)
    for cleaned in clean_documents(documents):
        assert cleaned.__class__.__name__ in ("Article", "Rejected")
        assert not isinstance(cleaned, Rejected) or "please report" not in cleaned.reason


_SETTINGS = settings(
    max_examples=int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize="STORYLINE_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.parametrize("name", sorted(SEEDS))
@_SETTINGS
@given(data=st.data())
def test_a_mutated_input_never_raises(name, data):
    _read_all(name, data.draw(_mutated(SEEDS[name])))


@pytest.mark.parametrize("name", sorted(SEEDS))
@_SETTINGS
@given(noise=st.binary(max_size=2048))
def test_random_bytes_never_raise(name, noise):
    _read_all(name, noise)


@pytest.mark.parametrize("name", sorted(SEEDS))
@_SETTINGS
@given(prefix=st.sampled_from([b"WARC/1.0\r\n", b"<rss>", b"{", b"[", b"---\n", b"PK\x03\x04", b"\x1f\x8b"]))
def test_the_start_of_one_format_before_another_never_raises(name, prefix):
    _read_all(name, prefix + SEEDS[name])
