"""The web pages: stories, a story, an article, search. Server-rendered with Jinja2, whose
autoescaping shows every piece of article text as text; the little JavaScript there is only zooms
the timeline drawing, and every page reads the same without it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markdown_it import MarkdownIt
from markupsafe import Markup

from storyline.analyses import StoryAnalyses
from storyline.errors import NoSuchArticle, NoSuchStory, QueryTooLong
from storyline.models import Story
from storyline.store import ArticleFilter, Store
from storyline.web.views import article_sentences, highlighted_snippet, sparkline_points, timeline_layout

__all__ = ["STATIC_DIR", "router"]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["snippet"] = highlighted_snippet
# The briefing's Markdown, with raw HTML off: an article's markup quoted in it stays text.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})


def _render_markdown(text: str) -> Markup:
    return Markup(_markdown.render(text))


templates.env.filters["markdown"] = _render_markdown


def source_label(article_id: str, outlet: str | None, articles: dict[str, Any]) -> str:
    """How a source is named on a page: its outlet; for a report whose outlet is unknown, the
    agency it credits, its title or its file name; a bare id only when it has none of them."""
    if outlet:
        return outlet
    article = articles.get(article_id)
    if article is not None:
        if article.agencies:
            return f"{article.agencies[0]} (agency)"
        name = (article.title or "").strip() or Path(article.source.split("#")[0]).name
        if name:
            return name if len(name) <= 40 else name[:39].rstrip() + "…"
    return f"article {article_id[:8]}"


def counted(things: Any, singular: str, plural: str | None = None) -> str:
    """ "1 outlet", "12 outlets", "1 copy", "3 copies": a number (or a collection's size) and its noun."""
    number = things if isinstance(things, int) else len(things)
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


templates.env.globals["source_label"] = source_label
templates.env.filters["counted"] = counted

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
# A page number past any store's size, so that its offset stays a 64-bit integer for the database.
MAX_PAGE_NUMBER = 10_000_000
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE_NUMBER)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _analyses(request: Request) -> StoryAnalyses:
    analyses: StoryAnalyses = request.app.state.analyses
    return analyses


def _not_found(request: Request, message: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"message": message}, status_code=404)


def _bad_request(request: Request, message: str) -> HTMLResponse:
    context = {"message": message, "heading": "Bad request"}
    return templates.TemplateResponse(request, "error.html", context, status_code=400)


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, page: PageNumber = 1) -> HTMLResponse:
    store = _store(request)
    stories = store.list_stories()
    shown = stories[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    facts = store.story_outlets_and_days([story.id for story in shown])
    rows = []
    for story in shown:
        outlets = Counter(outlet or "unknown" for outlet, _ in facts[story.id])
        rows.append(
            {
                "story": story,
                "outlets": [name for name, _ in outlets.most_common(4)],
                "more_outlets": max(0, len(outlets) - 4),
                "sparkline": sparkline_points([day or "" for _, day in facts[story.id]]),
            }
        )
    pages = max(1, -(-len(stories) // PAGE_SIZE))
    return templates.TemplateResponse(
        request, "stories.html", {"rows": rows, "page": page, "pages": pages, "total": len(stories)}
    )


# A story page shows this many claims and speakers, the best-sourced first; `?all=1` shows all.
SHOWN_CLAIMS = 60
SHOWN_SPEAKERS = 30


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(
    request: Request, story_id: str, show_all: Annotated[bool, Query(alias="all")] = False
) -> HTMLResponse:
    analyses = _analyses(request)
    try:
        story = analyses.story(story_id)
    except NoSuchStory as exc:
        return _not_found(request, str(exc))
    store = _store(request)
    articles = {a.id: a for a in store.get_articles(story.articles, with_text=False)}
    timeline = analyses.timeline(story)
    claims = analyses.claims(story)
    speakers = analyses.quotes(story)
    context: dict[str, Any] = {
        "story": story,
        "articles": articles,
        "timeline": timeline,
        "layout": timeline_layout(story, timeline),
        "claims": claims if show_all else claims[:SHOWN_CLAIMS],
        "all_claims": len(claims),
        "verdicts": Counter(c.verdict for c in claims),
        "speakers": speakers if show_all else speakers[:SHOWN_SPEAKERS],
        "all_speakers": len(speakers),
        "outlets": _outlets(story, articles),
        # A big story's briefing is hundreds of kilobytes of Markdown: rendered once per version.
        "brief": analyses.derived(
            story, "brief_html", lambda: _render_markdown(_without_front_matter(analyses.brief(story)))
        ),
    }
    return templates.TemplateResponse(request, "story.html", context)


def _without_front_matter(markdown: str) -> str:
    # The page shows the story's dates and outlets above; the YAML block is for files.
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[end + 5 :]
    return markdown


def _outlets(story: Story, articles: dict[str, Any]) -> list[dict[str, Any]]:
    """Each outlet of the story: its reports, which of them copy whom, and whom others copy."""
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for article_id in story.articles:
        article = articles.get(article_id)
        by_outlet[(article.outlet if article else None) or "unknown outlet"].append(article_id)
    copies = {c.article: c for c in story.copies}
    rows = []
    for outlet, ids in sorted(by_outlet.items(), key=lambda item: (-len(item[1]), item[0])):
        copied = []
        for article_id in ids:
            link = copies.get(article_id)
            if link is not None:
                original = articles.get(link.copy_of) if link.copy_of else None
                copied.append(
                    {
                        "article": article_id,
                        "copy_of": link.copy_of,
                        "from": link.original_outlet
                        or (original.outlet if original else None)
                        or (link.copy_of or "another outlet")[:16],
                        "kind": link.kind,
                    }
                )
        rows.append({"outlet": outlet, "articles": ids, "copies": copied})
    return rows


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    store = _store(request)
    try:
        article = store.get_article(article_id)
    except NoSuchArticle as exc:
        return _not_found(request, str(exc))
    notes = store.get_annotations(article.id)
    placed = store.story_of(article.id)
    story = store.get_story(placed[0]) if placed else None
    copied_by = [c for c in (story.copies if story else []) if c.copy_of == article.id]
    fields = [
        (name, getattr(article, name), article.provenance.get(name))
        for name in (
            "title",
            "outlet",
            "original_outlet",
            "published",
            "author",
            "url",
            "language",
            "source",
            "format",
        )
    ]
    context = {
        "article": article,
        "sentences": article_sentences(article, notes),
        "fields": fields,
        "story": story,
        "copy": placed[1] if placed else None,
        "copied_by": copied_by,
        "counts": {
            "times": len(notes.times) if notes else 0,
            **{
                label: sum(e.label == label for e in notes.entities) if notes else 0
                for label in ("PER", "ORG", "LOC")
            },
            "figures": len(notes.quantities) if notes else 0,
            "quotes": len(notes.attributions) if notes else 0,
        },
    }
    return templates.TemplateResponse(request, "article.html", context)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    page: PageNumber = 1,
) -> HTMLResponse:
    store = _store(request)
    q = q.replace("\x00", "")  # no word has a NUL, and PostgreSQL takes none in a string
    words = [w.lower() for w in q.split() if w.strip()]
    stories = []
    if words:
        for story in store.list_stories():
            haystack = " ".join([story.title, *story.entities]).lower()
            if all(word in haystack for word in words):
                stories.append(story)
    try:
        found = (
            store.search_articles(ArticleFilter(query=q), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
            if words
            else None
        )
    except QueryTooLong as exc:
        return _bad_request(request, str(exc))
    context = {
        "q": q,
        "stories": stories[:20],
        "found": found,
        "page": page,
        "pages": max(1, -(-(found.total if found else 0) // PAGE_SIZE)),
    }
    return templates.TemplateResponse(request, "search.html", context)
