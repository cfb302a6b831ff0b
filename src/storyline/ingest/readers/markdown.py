"""Markdown posts with YAML (---) or TOML (+++) front matter."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Any

import yaml

from storyline.ingest.decode import decode_text
from storyline.ingest.readers import ReaderOptions, ReadResult
from storyline.ingest.sources import Blob
from storyline.models import Document, Rejected

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_QUOTE_MARK = re.compile(r"^\s*>\s?")

# Front-matter keys of the common static-site generators and CMS exports, per field.
FRONT_MATTER_KEYS = {
    "title": ("title", "headline"),
    "published": ("date", "published", "pubdate", "publishdate", "published_at", "datepublished"),
    "author": ("author", "authors", "byline", "creator"),
    "url": ("url", "canonical", "canonical_url", "link", "permalink"),
    "outlet": ("outlet", "site", "site_name", "sitename", "publisher", "source"),
    "original_outlet": ("original_outlet", "original_source", "syndicated_from"),
    "categories": ("categories", "category", "section"),
    "tags": ("tags", "keywords"),
    "language": ("lang", "language", "locale"),
}


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML without aliases: a kilobyte of anchors and aliases (`*a`) can expand to gigabytes (the
    "billion laughs"), and front matter has no need of them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError(
                "YAML aliases (*name) are not read, so that a header cannot expand without end"
            )
        return super().compose_node(parent, index)


def split_front_matter(lines: list[str]) -> tuple[dict[str, Any], int]:
    """Parse the header; return (fields, number of lines it spans including its fences)."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return {}, 0
    fence = lines[0].strip()
    for end in range(1, len(lines)):
        if lines[end].strip() == fence or (fence == "---" and lines[end].strip() == "..."):
            body = "\n".join(lines[1:end])
            parsed = yaml.load(body, Loader=_FrontMatterLoader) if fence == "---" else tomllib.loads(body)
            return (parsed if isinstance(parsed, dict) else {}), end + 1
    raise ValueError("front matter is not closed")


def markdown_to_plain(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\2", line)
    line = _QUOTE_MARK.sub("", line)
    return _LIST_MARK.sub("", line).strip() if _LIST_MARK.match(line) else line.strip()


def front_matter_hints(fields: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    lowered = {str(k).lower(): v for k, v in fields.items()}
    hints: dict[str, tuple[Any, str]] = {}
    for name, keys in FRONT_MATTER_KEYS.items():
        for key in keys:
            value = lowered.get(key)
            if value not in (None, "", [], {}):
                hints[name] = (value, "front_matter")
                break
    return hints


def read_markdown(blob: Blob, options: ReaderOptions) -> Iterator[ReadResult]:
    text, _encoding = decode_text(blob.data)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    try:
        fields, header_length = split_front_matter(raw_lines)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as exc:
        reason = str(exc).splitlines()[0]
        yield Rejected(blob.source, f"malformed front matter: {reason}", blob.data)
        return
    document = Document(source=blob.source, format="markdown", raw=blob.data, group=blob.group)
    document.hints.update(front_matter_hints(fields))
    in_code = False
    for number, line in enumerate(raw_lines):
        if number < header_length:
            document.lines.append(line)
            document.known_roles[number] = "front_matter"
            continue
        if line.strip().startswith("```"):
            in_code = not in_code
            document.lines.append("")
            document.known_roles[number] = "markup"
            continue
        heading = _HEADING.match(line)
        if heading and not in_code:
            document.lines.append(markdown_to_plain(heading.group(2)))
            document.known_roles[number] = "h1" if len(heading.group(1)) == 1 else "subheading"
        else:
            document.lines.append(markdown_to_plain(line))
    yield document
