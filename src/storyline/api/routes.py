"""The JSON API under /api: the same records the CLI prints with `--format json`, lists in pages.

Every list answers `{"items": [...], "total": N, "limit": L, "offset": O}`.
"""

from __future__ import annotations

import hmac
import io
import logging
import re
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import PlainTextResponse, Response

from storyline.analyses import StoryAnalyses
from storyline.errors import StorylineError
from storyline.ingest import IngestOptions, ingest
from storyline.models import Article, IngestReport, InputResult, Rejected
from storyline.store import ArticleFilter, Store

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api")

MAX_PAGE = 500
# Past any store's size, and inside the 64-bit integers a database takes for an OFFSET.
MAX_OFFSET = 1_000_000_000
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def analyses_of(request: Request) -> StoryAnalyses:
    analyses: StoryAnalyses = request.app.state.analyses
    return analyses


def require_token(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_storyline_token: Annotated[str | None, Header()] = None,
) -> None:
    """Writes need the server's token, as `Authorization: Bearer TOKEN` or `X-Storyline-Token`."""
    expected: str | None = request.app.state.token
    if expected is None:
        raise HTTPException(403, "writes are disabled: start the server with STORYLINE_TOKEN set")
    given = x_storyline_token or (authorization or "").removeprefix("Bearer ").strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "a valid token is needed for writes", headers={"WWW-Authenticate": "Bearer"})


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def _day(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"{name}: expected a day like 2024-04-09, got {value[:40]!r}") from None


def _words(value: str | None, name: str) -> str | None:
    # PostgreSQL takes no NUL in a string; no word has one.
    if value is not None and "\x00" in value:
        raise HTTPException(422, f"{name}: a NUL character is not allowed")
    return value


def article_summary(article: Article, snippet: str | None = None) -> dict[str, Any]:
    """An article in a list: its metadata and a snippet, not its text."""
    record = article.to_dict()
    record.pop("text", None)
    if snippet is not None:
        record["snippet"] = snippet.replace("\x02", "").replace("\x03", "")
    return record


@router.get("/articles", summary="Articles, filtered and searched")
def list_articles(
    store: Annotated[Store, Depends(store_of)],
    q: Annotated[
        str | None, Query(max_length=500, description="Words that must all appear (full-text search).")
    ] = None,
    outlet: Annotated[
        str | None, Query(max_length=200, description="Only this outlet (case-insensitive).")
    ] = None,
    story: Annotated[
        str | None, Query(max_length=200, description="Only the articles of this story (id or prefix).")
    ] = None,
    date_from: Annotated[
        str | None, Query(alias="from", description="Published on or after (YYYY-MM-DD).")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", description="Published on or before (YYYY-MM-DD).")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    story_id = store.get_story(story).id if story else None
    where = ArticleFilter(
        _words(q, "q"), _words(outlet, "outlet"), story_id, _day(date_from, "from"), _day(date_to, "to")
    )
    found = store.search_articles(where, limit=limit, offset=offset)
    items = [article_summary(a, found.snippets.get(a.id)) for a in found.articles]
    return page(items, found.total, limit, offset)


@router.get("/articles/{article_id}", summary="One article, with its annotations and story")
def get_article(article_id: str, store: Annotated[Store, Depends(store_of)]) -> dict[str, Any]:
    article = store.get_article(article_id)
    record = article.to_dict(with_removed=True)
    annotations = store.get_annotations(article.id)
    record["annotations"] = annotations.to_dict() if annotations else None
    placed = store.story_of(article.id)
    record["story"] = placed[0] if placed else None
    record["copy_of"] = placed[1].copy_of if placed and placed[1] else None
    return record


@router.get("/stories", summary="Stories, the largest first")
def list_stories(
    store: Annotated[Store, Depends(store_of)], limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    stories = store.list_stories()
    return page([s.to_dict() for s in stories[offset : offset + limit]], len(stories), limit, offset)


@router.get("/stories/{story_id}", summary="One story: episodes, articles, copies")
def get_story(story_id: str, analyses: Annotated[StoryAnalyses, Depends(analyses_of)]) -> dict[str, Any]:
    return analyses.story(story_id).to_dict()


@router.get("/stories/{story_id}/timeline", summary="The story's dated account, every entry with its sources")
def get_timeline(
    story_id: str,
    analyses: Annotated[StoryAnalyses, Depends(analyses_of)],
    limit: Limit = MAX_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    timeline = analyses.timeline(analyses.story(story_id)).to_dict()
    entries = timeline.pop("entries")
    return {**timeline, **page(entries[offset : offset + limit], len(entries), limit, offset)}


@router.get("/stories/{story_id}/claims", summary="The story's claims with verdicts and sources")
def get_claims(
    story_id: str,
    analyses: Annotated[StoryAnalyses, Depends(analyses_of)],
    verdict: Annotated[Literal["agree", "conflict", "single-source"] | None, Query()] = None,
    kind: Annotated[Literal["figure", "date", "cause", "status"] | None, Query()] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    claims = [
        c
        for c in analyses.claims(analyses.story(story_id))
        if (verdict is None or c.verdict == verdict) and (kind is None or c.kind == kind)
    ]
    return page([c.to_dict() for c in claims[offset : offset + limit]], len(claims), limit, offset)


@router.get("/stories/{story_id}/quotes", summary="Who the story's reports quote, and what they said")
def get_quotes(
    story_id: str,
    analyses: Annotated[StoryAnalyses, Depends(analyses_of)],
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    speakers = analyses.quotes(analyses.story(story_id))
    return page([s.to_dict() for s in speakers[offset : offset + limit]], len(speakers), limit, offset)


@router.get(
    "/stories/{story_id}/brief",
    summary="The story's Markdown briefing",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {}}}},
)
def get_brief(story_id: str, analyses: Annotated[StoryAnalyses, Depends(analyses_of)]) -> PlainTextResponse:
    story = analyses.story(story_id)
    return PlainTextResponse(analyses.brief(story), media_type="text/markdown; charset=utf-8")


@router.get("/stories/{story_id}/timelinejs", summary="The story's timeline as TimelineJS JSON")
def get_timelinejs(
    story_id: str,
    store: Annotated[Store, Depends(store_of)],
    analyses: Annotated[StoryAnalyses, Depends(analyses_of)],
) -> dict[str, Any]:
    from storyline.timelines.render import to_timelinejs

    timeline = analyses.timeline(analyses.story(story_id))
    ids = sorted({s.article for e in timeline.entries for s in e.sources})
    articles = {a.id: a for a in store.get_articles(ids, with_text=False)}
    return to_timelinejs(timeline, articles)


@router.get(
    "/stories/{story_id}/export",
    summary="A story's tables (articles, sentences, stories, timelines, claims) as a zip of one file each",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
def get_export(
    story_id: str,
    store: Annotated[Store, Depends(store_of)],
    format: Annotated[
        Literal["jsonl", "csv", "parquet"], Query(description="The tables' file format.")
    ] = "csv",
) -> Response:
    from storyline.export import export_stories

    story = store.get_story(story_id)
    with tempfile.TemporaryDirectory(prefix="storyline-export-") as folder:
        report = export_stories(store, folder, format=format, story=story.id)
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in report.files:
                archive.write(path, path.name)
    name = f"storyline-{story.id[:8]}-{format}.zip"
    return Response(
        packed.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@router.post(
    "/ingest",
    summary="Ingest uploaded files or URLs (needs the token)",
    description="Answers the run's counts and `files`: for each file or URL its `name`, `status` "
    "(stored, duplicate or quarantined), `reason` and `articles` (ids).",
    dependencies=[Depends(require_token)],
)
def post_ingest(
    store: Annotated[Store, Depends(store_of)],
    analyses: Annotated[StoryAnalyses, Depends(analyses_of)],
    files: Annotated[list[UploadFile] | None, File(description="News files of any supported format.")] = None,
    urls: Annotated[str | None, Form(description="URLs to fetch, one per line or comma-separated.")] = None,
    annotate: Annotated[bool, Form()] = True,
    cluster: Annotated[bool, Form()] = True,
) -> dict[str, Any]:
    links = [u for u in re.split(r"[\s,]+", urls or "") if u]
    if not files and not links:
        raise HTTPException(422, "nothing to ingest: send files (multipart field 'files') or 'urls'")
    bad = [u for u in links if not u.startswith(("http://", "https://"))]
    if bad:
        raise HTTPException(422, f"not an http(s) URL: {bad[0][:200]!r}")
    with tempfile.TemporaryDirectory(prefix="storyline-upload-") as folder:
        names: dict[str, str] = {}  # the file written -> the upload's name, as answers show it
        for number, upload in enumerate(files or []):
            # The upload's own name tells the reader the format; it never chooses where it is written.
            name = _SAFE_NAME.sub("_", Path(upload.filename or "upload").name).strip("._")[-120:] or "upload"
            path = Path(folder) / f"{number:04d}-{name}"
            path.write_bytes(upload.file.read())
            names[str(path)] = name
        report = _ingest_upload(store, [*names, *links])
        shown = _Shown(folder, names)
        summary = report.to_dict()
        summary["quarantined"] = [
            {"source": shown(q.source), "reason": shown(q.reason)} for q in report.quarantined
        ]
        summary["files"] = [
            {"name": shown(r.source), "status": r.status, "reason": shown(r.reason), "articles": r.articles}
            for r in report.inputs
        ]
    summary.update(_run_stages(store, annotate and bool(report.new + report.versions), cluster))
    analyses.stored_data_changed()
    return summary


def _ingest_upload(store: Store, targets: list[str]) -> IngestReport:
    """Ingest the upload's files and URLs in one run, as one group (chrome found across all of
    them). Should a reader crash on one file, each is ingested alone, the one that crashes is
    quarantined, and the others are kept."""
    options = IngestOptions(batch_size=max(500, len(targets)), group_bytes=1 << 40, input_results=True)
    try:
        return ingest(targets, store, options)
    except Exception:  # noqa: BLE001 - a reader's bug must not cost the upload's other files
        logger.warning(
            "an upload's batch failed; ingesting its %d inputs one by one", len(targets), exc_info=True
        )
    combined = IngestReport()
    for target in targets:
        try:
            one = ingest([target], store, options)
        except Exception as exc:  # noqa: BLE001 - as above
            logger.warning("ingest of %s failed", target, exc_info=True)
            one = _quarantine_crashed(store, target, exc)
        combined.run_id = combined.run_id or one.run_id
        combined.read += one.read
        combined.new += one.new
        combined.duplicates += one.duplicates
        combined.versions += one.versions
        combined.links += one.links
        combined.quarantined += one.quarantined
        combined.inputs += one.inputs
        combined.seconds += one.seconds
    return combined


def _quarantine_crashed(store: Store, target: str, exc: Exception) -> IngestReport:
    # The reason names the kind of failure only: an exception's text may carry internal paths.
    reason = f"could not be read: the reader failed ({exc.__class__.__name__})"
    path = Path(target)
    raw = path.read_bytes() if not target.startswith(("http://", "https://")) and path.is_file() else b""
    rejected = Rejected(target, reason, raw)
    report = IngestReport(run_id=store.start_run(f"ingest {target}"), quarantined=[rejected])
    report.inputs.append(InputResult(target, "quarantined", reason))
    store.write_batch(report.run_id, [], [], [rejected], [])
    store.finish_run(report.run_id, report.to_dict())
    return report


# Where the server's code lives: a reader's error message may name a file there.
_CODE_ROOTS = sorted(
    {str(Path(__file__).resolve().parents[2]), sys.prefix, sys.base_prefix, sys.exec_prefix},
    key=len,
    reverse=True,
)


class _Shown:
    """An upload's file as answers name it: by the upload's name, never by the temporary path;
    and no path of the server's own code in a reason."""

    def __init__(self, folder: str, names: dict[str, str]) -> None:
        self.folder = folder
        self.names = list(names.items())

    def __call__(self, text: str | None) -> str | None:
        if text is None:
            return None
        for path, name in self.names:
            text = text.replace(path, name)
        text = text.replace(self.folder + "/", "").replace(self.folder, "upload")
        for root in _CODE_ROOTS:
            text = text.replace(root, "…")
        return text


@router.post(
    "/stages/{stage}",
    summary="Run a stage again over the store (needs the token)",
    dependencies=[Depends(require_token)],
)
def post_stage(
    stage: Literal["annotate", "cluster"],
    store: Annotated[Store, Depends(store_of)],
    analyses: Annotated[StoryAnalyses, Depends(analyses_of)],
) -> dict[str, Any]:
    done = _run_stages(store, stage == "annotate", stage == "cluster", follow=False)
    analyses.stored_data_changed()
    return done


def _run_stages(store: Store, annotate: bool, cluster: bool, *, follow: bool = True) -> dict[str, Any]:
    """Annotate (then, when `follow`, cluster what was annotated) and say what was done."""
    from storyline.language.annotator import annotate_store
    from storyline.stories.update import update_stories

    done: dict[str, Any] = {}
    try:
        if annotate:
            done["annotate"] = annotate_store(store).to_dict()
        if cluster and (not follow or annotate):
            done["cluster"] = update_stories(store).to_dict()
    except StorylineError as exc:
        raise HTTPException(400, str(exc)) from exc
    return done
