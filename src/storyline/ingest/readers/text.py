"""Plain text: page scrapes, wire copy, and Penn-Treebank-tokenised corpora."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storyline.ingest import ptb
from storyline.ingest.decode import decode_text
from storyline.ingest.readers import ReaderOptions, ReadResult
from storyline.ingest.sources import Blob
from storyline.models import Document

# A folder named by date (".../2011-01-25/file.txt") or a dated path ("/2020/01/07/") is how many
# scrapers file their downloads: the user's own metadata, kept with the provenance "path".
_DATE_FOLDER = re.compile(r"(?:^|[/\\])((?:19|20)\d\d)[-_/]?(0[1-9]|1[0-2])[-_/]?(0[1-9]|[12]\d|3[01])(?=[/\\])")


def path_date(source: str) -> str | None:
    match = _DATE_FOLDER.search(source)
    return "-".join(match.groups()) if match else None


def read_text(blob: Blob, options: ReaderOptions) -> Iterator[ReadResult]:
    text, _encoding = decode_text(blob.data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fmt = "text"
    if ptb.looks_tokenised(lines):
        lines = [line.strip() for line in ptb.detokenise("\n".join(lines)).split("\n")]
        fmt = "text-tokenised"
    document = Document(source=blob.source, format=fmt, raw=blob.data, lines=lines, group=blob.group)
    dated = path_date(blob.source)
    if dated:
        document.hints["published"] = (dated, "path")
    yield document
