"""The HTTP API and the web pages over one store: `storyline serve`, or

    from storyline.api import create_app
    app = create_app("sqlite:///storyline.db", token="a long secret")

Reads are open; writes (ingest, re-running a stage) need the token, and are refused when the
server has none. Every error is JSON: `{"error": {"status": 404, "message": "no story with id ..."}}`.
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from storyline.api.analyses import StoryAnalyses
from storyline.errors import NoSuchArticle, NoSuchStory, StorylineError
from storyline.store import Store, open_store

__all__ = ["create_app", "MAX_REQUEST_BYTES"]

MAX_REQUEST_BYTES = 50_000_000  # the largest request body (an upload of files to ingest)


def create_app(
    store: Store | str | None = None,
    *,
    token: str | None = None,
    max_request_bytes: int = MAX_REQUEST_BYTES,
    warm: bool = False,
) -> FastAPI:
    """The app over `store` (a Store, or a store URL; STORYLINE_DB or the default when None).
    `token` guards the writes; None reads STORYLINE_TOKEN, and with neither, writes are refused.
    `warm` prepares every story's views in the background from the start."""
    from storyline.api.routes import router as api_router
    from storyline.web.pages import STATIC_DIR
    from storyline.web.pages import router as web_router

    app = FastAPI(
        title="Storyline",
        summary="Stories, timelines, claims and sources of a pile of news.",
        version="0.1.0",
    )
    app.state.store = store if isinstance(store, Store) else open_store(store)
    app.state.analyses = StoryAnalyses(app.state.store)
    if warm:
        app.state.analyses.warm()
    app.state.token = token if token is not None else os.environ.get("STORYLINE_TOKEN") or None
    app.add_middleware(_LimitRequestSize, limit=max_request_bytes)
    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_error_handlers(app)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    def error(status: int, message: str, **extra: object) -> JSONResponse:
        return JSONResponse({"error": {"status": status, "message": message, **extra}}, status_code=status)

    @app.exception_handler(NoSuchStory)
    @app.exception_handler(NoSuchArticle)
    async def not_found(_request: Request, exc: StorylineError) -> JSONResponse:
        return error(404, str(exc))

    @app.exception_handler(StorylineError)
    async def bad_input(_request: Request, exc: StorylineError) -> JSONResponse:
        return error(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}" for problem in exc.errors()
        ]
        return error(422, "; ".join(problems) or "invalid request", problems=problems)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        response = error(exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response


class _LimitRequestSize:
    """Refuse a request body larger than the limit: by its Content-Length when it gives one, and by
    counting while it arrives when it does not (a chunked upload)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(self.limit)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> dict[str, object]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, f"request body larger than {self.limit} bytes")
            return message  # type: ignore[return-value]

        await self.app(scope, counting_receive, send)


def _too_large(limit: int) -> JSONResponse:
    message = f"request body larger than {limit} bytes (or a Content-Length that is not a number)"
    return JSONResponse({"error": {"status": 413, "message": message}}, status_code=413)
