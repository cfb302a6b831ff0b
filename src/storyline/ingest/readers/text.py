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
_DATE_FOLDER = re.compile(
    r"(?:^|[/\\])((?:19|20)\d\d)[-_/]?(0[1-9]|1[0-2])[-_/]?(0[1-9]|[12]\d|3[01])(?=[/\\])"
)


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
    if looks_hard_wrapped(lines):
        lines = unwrap(lines)
    document = Document(source=blob.source, format=fmt, raw=blob.data, lines=lines, group=blob.group)
    dated = path_date(blob.source)
    if dated:
        document.hints["published"] = (dated, "dataset" if options.dates_from_folders else "path")
    yield document


def looks_hard_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a fixed width (e-mail, wire feeds): most lines end near the same column."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < 6 or sum(1 for length in lengths if length > 100) > 0.05 * len(lengths):
        return False
    # Menus and footers are short lines too: judge the width on the lines that could be prose.
    long_lines = [length for length in lengths if length >= 40]
    near_width = sum(1 for length in long_lines if 55 <= length <= 80)
    followed = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip())
    return len(long_lines) >= 6 and near_width >= 0.7 * len(long_lines) and followed >= 0.5 * len(lengths)


def unwrap(lines: list[str]) -> list[str]:
    """Join the lines of each wrapped paragraph onto its first line, leaving the others empty so
    that line numbers still point into the file. A short line ends a paragraph (headings do)."""
    out = list(lines)
    paragraph_start = None
    for number, line in enumerate(lines):
        text = line.strip()
        if not text:
            paragraph_start = None
            continue
        if paragraph_start is not None:
            out[paragraph_start] = out[paragraph_start].rstrip() + " " + text
            out[number] = ""
        else:
            paragraph_start = number
        if len(text) < 50:
            paragraph_start = None
    return out
