"""A timeline as text, Markdown, or the JSON the TimelineJS3 viewer loads."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from storyline.models import Article, Timeline, TimelineEntry

__all__ = ["to_markdown", "to_text", "to_timelinejs"]


def to_text(timeline: Timeline, articles: Mapping[str, Article]) -> str:
    """One block per entry: the date (and "background"), the text, and its sources by outlet."""
    lines = [_heading(timeline), ""]
    for entry in timeline.entries:
        marker = "  (background)" if entry.kind == "background" else ""
        lines.append(f"{entry.date}{marker}")
        lines.append(f"  {entry.text}")
        lines.append(f"  sources: {_source_names(entry, articles)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(timeline: Timeline, articles: Mapping[str, Article]) -> str:
    """A Markdown list, one item per entry, with numbered citations to the articles and sentences."""
    lines = [f"# {_heading(timeline)}", ""]
    cited: dict[tuple[str, int], int] = {}
    for entry in timeline.entries:
        numbers = []
        for source in entry.sources:
            key = (source.article, source.sentence)
            numbers.append(cited.setdefault(key, len(cited) + 1))
        marks = "".join(f"[^{n}]" for n in sorted(set(numbers)))
        background = " *(background)*" if entry.kind == "background" else ""
        lines.append(f"- **{entry.date}**{background} {entry.text} {marks}".rstrip())
    lines.append("")
    for (article_id, sentence), number in cited.items():
        article = articles.get(article_id)
        where = _article_name(article, article_id)
        lines.append(f"[^{number}]: {where}, sentence {sentence + 1} (article `{article_id}`)")
    return "\n".join(lines).rstrip() + "\n"


def to_timelinejs(timeline: Timeline, articles: Mapping[str, Article]) -> dict[str, Any]:
    """TimelineJS3's JSON: a title slide and one event per entry, dated at its precision."""
    events: list[dict[str, Any]] = []
    for entry in timeline.entries:
        parts = entry.date.split("-")
        start = {"year": parts[0]}
        if len(parts) > 1:
            start["month"] = str(int(parts[1]))
        if len(parts) > 2:
            start["day"] = str(int(parts[2]))
        sources = "".join(
            f"<li>{html.escape(_article_name(articles.get(s.article), s.article))}</li>"
            for s in entry.sources
        )
        event: dict[str, Any] = {
            "start_date": start,
            "text": {
                "headline": html.escape(_headline(entry.text)),
                "text": f"<p>{html.escape(entry.text)}</p><ul>{sources}</ul>",
            },
            "unique_id": f"entry-{len(events) + 1}",
        }
        if entry.kind == "background":
            event["group"] = "Background"
        events.append(event)
    return {"title": {"text": {"headline": html.escape(_heading(timeline)), "text": ""}}, "events": events}


def _heading(timeline: Timeline) -> str:
    if timeline.story:
        return f"Timeline of story {timeline.story}"
    return f"Timeline of “{timeline.query}”"


def _headline(text: str, words: int = 12) -> str:
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def _source_names(entry: TimelineEntry, articles: Mapping[str, Article]) -> str:
    names: list[str] = []
    for source in entry.sources:
        name = _article_name(articles.get(source.article), source.article)
        if name not in names:
            names.append(name)
    return "; ".join(names)


def _article_name(article: Article | None, article_id: str) -> str:
    if article is None:
        return article_id
    outlet = article.outlet or "unknown outlet"
    if article.original_outlet and article.original_outlet != article.outlet:
        outlet = f"{article.original_outlet} (via {outlet})"  # a republication: whose report it is
    day = f", {article.published[:10]}" if article.published else ""
    title = f" “{article.title}”" if article.title else ""
    return f"{outlet}{title}{day} [{article_id[:8]}]"
