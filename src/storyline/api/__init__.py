"""The HTTP API and the web pages over one store: `storyline serve`, or

    from storyline.api import create_app
    app = create_app("sqlite:///storyline.db", token="a long secret")

Reads are open; writes (ingest, re-running a stage) need the token, and are refused when the
server has none. Every error is JSON: `{"error": {"status": 404, "message": "no story with id ..."}}`.

A request whose Host header is not a name the server is served as (127.0.0.1, localhost, ::1 and
`allowed_hosts`) is refused: a web page elsewhere that rebinds its own name to this machine's
address could otherwise read the store from the user's browser. Every answer carries headers that
keep browsers from sniffing types, framing the pages or running anything but the app's own script.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from storyline.analyses import StoryAnalyses
from storyline.errors import NoSuchArticle, NoSuchStory, StorylineError
from storyline.store import Store, open_store

__all__ = ["create_app", "MAX_REQUEST_BYTES", "LOCAL_HOSTS"]

MAX_REQUEST_BYTES = 50_000_000  # the largest request body (an upload of files to ingest)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")  # the names every server answers as

# The pages load the app's own stylesheet and script and nothing else; nothing may frame them.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}


def create_app(
    store: Store | str | None = None,
    *,
    token: str | None = None,
    max_request_bytes: int = MAX_REQUEST_BYTES,
    warm: bool = False,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """The app over `store` (a Store, or a store URL; STORYLINE_DB or the default when None).
    `token` guards the writes; None reads STORYLINE_TOKEN, and with neither, writes are refused.
    `warm` prepares every story's views in the background from the start. `allowed_hosts` are the
    names (or addresses) the server is reached by besides LOCAL_HOSTS and those listed in
    STORYLINE_ALLOWED_HOSTS (comma-separated); "*" lets any Host in."""
    from storyline.api.routes import router as api_router
    from storyline.web.pages import STATIC_DIR
    from storyline.web.pages import router as web_router

    app = FastAPI(
        title="Storyline",
        summary="Stories, timelines, claims and sources of a pile of news.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store if isinstance(store, Store) else open_store(store)
    app.state.analyses = StoryAnalyses(app.state.store)
    if warm:
        app.state.analyses.warm()
    app.state.token = token if token is not None else os.environ.get("STORYLINE_TOKEN") or None
    named = re.split(r"[\s,]+", os.environ.get("STORYLINE_ALLOWED_HOSTS", ""))
    hosts = (*LOCAL_HOSTS, *named, *(allowed_hosts or ()))
    app.state.allowed_hosts = frozenset(_host_name(h) for h in hosts if h.strip())
    # The last added runs first: the headers go on every answer, even a refused Host's.
    app.add_middleware(_LimitRequestSize, limit=max_request_bytes)
    app.add_middleware(_CheckHost, allowed=app.state.allowed_hosts)
    app.add_middleware(_SecurityHeaders)
    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_docs(app)
    _add_error_handlers(app)
    return app


def _add_docs(app: FastAPI) -> None:
    """/docs, FastAPI's Swagger UI, under a policy of its own: its script and stylesheet come from
    a CDN and it starts with an inline script, allowed by its hash."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API")
        body = bytes(page.body)
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
            for script in re.findall(rb"<script>(.*?)</script>", body, re.S)
        )
        cdn = "https://cdn.jsdelivr.net"
        policy = (
            f"default-src 'none'; script-src {cdn} {hashes}; style-src {cdn} 'unsafe-inline'; "
            "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
        return HTMLResponse(body, headers={"content-security-policy": policy})


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

    # Anything else is a bug: the answer is still the JSON error, with no trace of the code in it
    # (the server's log has the traceback). Starlette sends it from outside every middleware,
    # so it carries its security headers itself.
    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        response = error(500, "internal error: the server could not answer this request")
        response.headers.update(_headers_for(request.url.path))
        return response


def _headers_for(path: str) -> dict[str, str]:
    api = path.startswith("/api") or path == "/openapi.json"
    return {**SECURITY_HEADERS, "content-security-policy": API_POLICY if api else PAGE_POLICY}


class _SecurityHeaders:
    """Add the security headers to every answer that has not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = _headers_for(scope["path"])

        async def send_with_headers(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))  # type: ignore[call-overload]
                present = {name.lower() for name, _ in headers}
                for name, value in extra.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)  # type: ignore[arg-type]


def _host_name(host: str) -> str:
    """The name in a Host header or an --allow-host value: no port, no brackets, no final dot,
    lower case ("[::1]:8000" -> "::1", "LocalHost." -> "localhost")."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    name, colon, port = host.rpartition(":")
    if colon and port.isdigit() and ":" not in name:
        host = name
    return host.removesuffix(".")


class _CheckHost:
    """Answer 400 to a request whose Host header is not one of the allowed names."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        given = [value for name, value in scope["headers"] if name == b"host"]
        host = given[0].decode("latin-1") if len(given) == 1 else ""
        if _host_name(host) in self.allowed and host:
            await self.app(scope, receive, send)
            return
        shown = repr(host[:60]) if len(given) == 1 else f"({len(given)} Host headers)"
        message = (
            f"this server is not served as {shown}: it answers to "
            f"{', '.join(sorted(self.allowed))} (storyline serve --allow-host NAME adds a name)"
        )
        refused = JSONResponse({"error": {"status": 400, "message": message}}, status_code=400)
        await refused(scope, receive, send)


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
