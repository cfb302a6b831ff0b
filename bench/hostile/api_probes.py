"""Hostile and odd requests against the HTTP API and the pages, each judged ok, unsafe or a server error.

    PYTHONPATH=src .venv/bin/python bench/hostile/api_probes.py [--db sqlite:////tmp/probes.db]

Builds a store from the repository's fictional articles (examples/articles, ingested, annotated and
clustered into a temporary SQLite file unless --db names one), starts the app in this process
(FastAPI's TestClient, Host `localhost`), and sends every probe. A probe is a "500" when the app
answers 5xx; "unsafe" when it answers 2xx to a wrong Host, accepts a write without a valid token,
finds a story or article by a LIKE pattern, leaves out a security header, fetches a private
address, serves a file from outside /static, shows a traceback or an internal path, or answers an
error under /api with a body that is not the JSON error; else ok. It prints
`probes N, unsafe U, server errors E` and then each probe that was not ok, with why.

No request leaves this machine: URLs point at a loopback server the script starts, names are
answered by a fake resolver, and every outgoing connection to an address off loopback is refused
before it is made (a fetcher that resolves a name to a public address is stopped there).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import ipaddress
import json
import os
import re
import socket
import struct
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.store import Store, open_store

REPO = Path(__file__).resolve().parents[2]
TOKEN = "probe-token-0123456789"
HOST = "localhost"
MAX_BODY = 8_000_000  # the app's body limit here; the default is larger, the code path the same
# A global address the fake resolver answers first for a rebinding name. Nothing is ever sent to
# it: the connection guard refuses every address off loopback.
PRETEND_PUBLIC = "203.0.114.7"

Check = Callable[[httpx.Response, "Context"], str | None]


@dataclass(slots=True)
class Probe:
    name: str
    method: str
    path: str
    request: dict[str, Any] = field(default_factory=dict)
    check: Check | None = None
    fetches: bool = False  # sends URLs to /api/ingest: a request to the loopback server is unsafe
    around: Callable[[], contextlib.AbstractContextManager[Any]] | None = None


@dataclass(slots=True)
class Outcome:
    probe: Probe
    status: int
    verdict: str  # "ok", "unsafe" or "500"
    why: list[str]
    seconds: float = 0.0
    connections: list[tuple[str, int]] = field(default_factory=list)  # tried while it ran


@dataclass(slots=True)
class Context:
    story_id: str
    article_id: str
    server: LoopbackServer
    attempts: list[tuple[str, int]] = field(default_factory=list)  # outgoing connections tried


# -- the world outside, kept on this machine -------------------------------------------------------


class LoopbackServer:
    """A plain HTTP server on 127.0.0.1 that counts the requests it gets: any is a private fetch."""

    def __init__(self) -> None:
        hits: list[str] = []
        self.hits = hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                hits.append(self.path)
                body = b"<html><body><p>private admin page: secret=42</p></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextlib.contextmanager
def offline_network(context: Context) -> Iterator[None]:
    """Answer names from a fake resolver and refuse every connection off loopback, recording each
    connection tried. `rebind.example` answers a public address first and 127.0.0.1 after."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    lookups = Counter[str]()

    def fake_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name.lower().rstrip(".") == "rebind.example":
            lookups[name] += 1
            address = PRETEND_PUBLIC if lookups[name] == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]
        if name.lower() != "localhost":
            try:  # an address in any spelling the system takes ("127.1"), but never a DNS query
                real_getaddrinfo(name, None, flags=socket.AI_NUMERICHOST)
            except socket.gaierror:
                raise socket.gaierror(
                    socket.EAI_NONAME, "no such name (the probes' resolver is offline)"
                ) from None
        return real_getaddrinfo(host, port, *args, **kwargs)

    def guarded_connect(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        # Resolved once, through the fake resolver as any fetcher's lookup would be, and
        # connected to the very address checked.
        host, port = str(address[0]), int(address[1])
        resolved = fake_getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0]
        context.attempts.append((resolved, port))
        if not ipaddress.ip_address(resolved).is_loopback:
            raise OSError(f"probe harness: no connection off this machine ({host} at {resolved})")
        return real_connect((resolved, port), *args, **kwargs)

    socket.getaddrinfo = fake_getaddrinfo  # type: ignore[assignment]
    socket.create_connection = guarded_connect  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.getaddrinfo = real_getaddrinfo  # type: ignore[assignment]
        socket.create_connection = real_connect  # type: ignore[assignment]


# -- hostile files ----------------------------------------------------------------------------------


def _zip_of_deflated(name: str, expanded: int, *, declared: int | None = None) -> bytes:
    """A zip whose one member inflates from about expanded/1000 bytes to `expanded` zeros, built
    from one repeated deflate block (compressing gigabytes would take seconds). `declared` makes
    the header lie about the member's size."""
    block = 1 << 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeats = expanded // block
    stream = chunk * repeats + compressor.flush()
    crc = 0
    zero_block = bytes(block)
    for _ in range(repeats):
        crc = zlib.crc32(zero_block, crc)
    size = declared if declared is not None else repeats * block
    encoded = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(stream), size, len(encoded), 0)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(stream),
        size,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    directory_at = len(local) + len(encoded) + len(stream)
    directory = central + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), directory_at, 0)
    return local + encoded + stream + directory + end


def _gzip_bomb(expanded: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return b"".join(compressor.compress(block) for _ in range(expanded >> 20)) + compressor.flush()


def _nested_zip(depth: int) -> bytes:
    data = b"KESSEL - The inner report said the dam held on Monday, officials said."
    name = "inner.txt"
    for level in range(depth):
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        data, name = packed.getvalue(), f"level{level}.zip"
    return data


GOOD_TEXT = (
    b"Kessel ferry resumes\n\nKESSEL - The ferry across Lake Orrin resumed its crossings on Thursday, "
    b"the harbour office said, after two weeks of high water closed the landing."
)


# -- the probes -------------------------------------------------------------------------------------


def _no_2xx(why: str) -> Check:
    def check(response: httpx.Response, _context: Context) -> str | None:
        return why if 200 <= response.status_code < 300 else None

    return check


wrong_host = _no_2xx("answered 2xx to a wrong Host")
no_token = _no_2xx("a write accepted without a valid token")
by_pattern = _no_2xx("a story or article found by a LIKE pattern")


def inside_static(response: httpx.Response, _context: Context) -> str | None:
    leaked = ("[project]", "root:x:0:0", "def create_app", "[tool.")
    if response.status_code < 300 and any(mark in response.text for mark in leaked):
        return "served a file from outside /static"
    return None


def no_injected_header(response: httpx.Response, _context: Context) -> str | None:
    if "x-injected" in response.headers or "set-cookie" in response.headers:
        return "a header injected into the response"
    return None


def not_an_id(response: httpx.Response, context: Context) -> str | None:
    """An id no record has (huge, a pattern, NUL, CRLF): found nothing, injected nothing."""
    return by_pattern(response, context) or no_injected_header(response, context)


@contextlib.contextmanager
def crashing_reader() -> Iterator[None]:
    """The text reader raises on a file named like `crash`: an upload must keep its other files."""
    from storyline.ingest.readers import text

    real = text.read_text

    def read_text(blob: Any, options: Any) -> Any:
        if "crash" in blob.source:
            raise RuntimeError(f"reader exploded at {REPO}/src/storyline/ingest/readers/text.py line 7")
        return real(blob, options)

    text.read_text = read_text  # type: ignore[assignment]
    try:
        yield
    finally:
        text.read_text = real  # type: ignore[assignment]


def lost_good_file(response: httpx.Response, _context: Context) -> str | None:
    if response.status_code == 200:
        body = response.json()
        if not body.get("new") and not body.get("duplicates"):
            return "the good file of the upload was lost"
    return None


def probes(context: Context) -> list[Probe]:  # noqa: PLR0915 - one long list reads best
    story, article = context.story_id, context.article_id
    port = context.server.port
    auth = {"Authorization": f"Bearer {TOKEN}"}
    found: list[Probe] = []

    def add(name: str, method: str, path: str, check: Check | None = None, **request: Any) -> None:
        found.append(Probe(name, method, path, request, check))

    def upload(
        name: str, files: Any, *, annotate: bool = False, check: Check | None = None, **extra: Any
    ) -> None:
        data = {"annotate": str(annotate).lower(), "cluster": str(annotate).lower()}
        add(name, "POST", "/api/ingest", check, files=files, data=data, headers=auth, **extra)

    def ingest_urls(name: str, urls: str, **extra: Any) -> None:
        data = {"urls": urls, "annotate": "false", "cluster": "false"}
        found.append(
            Probe(name, "POST", "/api/ingest", {"data": data, "headers": auth}, fetches=True, **extra)
        )

    # 1. Ordinary reads, so that the headers of plain answers are checked too.
    for path in ("/", f"/stories/{story}", f"/articles/{article}", "/search?q=dam", "/static/style.css",
                 "/static/timeline.js", "/api/stories", f"/api/stories/{story}", "/api/articles?q=dam",
                 "/docs", "/openapi.json"):  # fmt: skip
        add(f"plain {path}", "GET", path)

    # 2. Static files: traversal and odd names.
    for path in ("/static/../pyproject.toml", "/static/..%2f..%2f..%2fpyproject.toml",
                 "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml", "/static/....//....//etc/passwd",
                 "/static/..%5c..%5cpyproject.toml", "/static//etc/passwd", "/static/%00",
                 "/static/style.css%00.js", "/static/", "/static/nope.css",
                 "/static/%2e%2e%2f%2e%2e%2fapi%2f__init__.py", "/static/..%252f..%252fpyproject.toml"):  # fmt: skip
        add(f"static {path}", "GET", path, inside_static)

    # 3. Ids that are LIKE patterns.
    patterns = ["%25", "_", "%25%25", "_" + story[1:], story[:3] + "%25", "%25" + story[-5:]]
    for pattern in patterns:
        add(f"story id {pattern}", "GET", f"/api/stories/{pattern}", by_pattern)
    for view in ("timeline", "claims", "quotes", "brief", "timelinejs", "export"):
        add(f"story {view} by pattern", "GET", f"/api/stories/_{story[1:]}/{view}", by_pattern)
    for pattern in ("%25", "_" + article[1:], article[:2] + "%25" + article[-3:], "%25" + article[-4:]):
        add(f"article id {pattern}", "GET", f"/api/articles/{pattern}", by_pattern)
    add("story page by pattern", "GET", f"/stories/_{story[1:]}", by_pattern)
    add("article page by pattern", "GET", f"/articles/_{article[1:]}", by_pattern)
    add(
        "articles of a story by pattern",
        "GET",
        "/api/articles",
        by_pattern,
        params={"story": "%" + story[-5:]},
    )
    add("escape char in id", "GET", "/api/stories/%5C%25")
    add("slash escape in id", "GET", "/api/stories/%2F%25")

    # 4. Huge, unicode and NUL ids.
    for label, value in (("50k a", "a" * 50_000), ("20k %", "%25" * 20_000), ("1k _", "_" * 1000),
                         ("65 hex", "f" * 65), ("NUL", "%00"), ("NUL after prefix", story[:4] + "%00"),
                         ("emoji", "%F0%9F%92%A3"), ("bad utf-8", "%FF%FE"), ("surrogate", "%ED%A0%80"),
                         ("CRLF", "%0D%0ASet-Cookie:%20x=1"), ("dots", "..")):  # fmt: skip
        add(f"story id {label}", "GET", f"/api/stories/{value}", not_an_id)
        add(f"article id {label}", "GET", f"/api/articles/{value}", not_an_id)
    add("story page 50k id", "GET", "/stories/" + "b" * 50_000)
    add("article page NUL id", "GET", "/articles/%00")

    # 5. Query parameters: words, dates, pages.
    for label, params in (("NUL q", {"q": "dam\x00"}), ("emoji q", {"q": "💣 dam"}),
                          ("NUL outlet", {"outlet": "\x00"}), ("10k words", {"q": "dam " * 10_000}),
                          ("60k q", {"q": "x" * 60_000}), ("FTS syntax", {"q": 'dam" OR NEAR(x y) *'}),
                          ("LIKE in q", {"q": "%_%"}), ("bad day", {"from": "last week"}),
                          ("month 13", {"from": "2024-13-45"}), ("Feb 30", {"to": "2024-02-30"}),
                          ("year 99999", {"from": "99999-01-01"}), ("NUL day", {"to": "\x00"}),
                          ("limit -1", {"limit": "-1"}), ("limit 0", {"limit": "0"}),
                          ("limit 1e30", {"limit": str(10**30)}), ("limit abc", {"limit": "abc"}),
                          ("offset -1", {"offset": "-1"}), ("offset 2^63", {"offset": str(2**63)}),
                          ("offset 1e30", {"offset": str(10**30)}), ("offset 1.5", {"offset": "1.5"})):  # fmt: skip
        add(f"articles {label}", "GET", "/api/articles", params=params)
    add("stories offset 1e30", "GET", "/api/stories", params={"offset": str(10**30)})
    add("timeline limit 1e30", "GET", f"/api/stories/{story}/timeline", params={"limit": str(10**30)})
    add("claims verdict NUL", "GET", f"/api/stories/{story}/claims", params={"verdict": "\x00"})
    add("export format traversal", "GET", f"/api/stories/{story}/export", params={"format": "../../x"})
    add("search page 1e30", "GET", "/search", params={"q": "dam", "page": str(10**30)})
    add("search page 2^62", "GET", "/search", params={"q": "dam", "page": str(2**62)})
    add("stories page 1e30", "GET", "/", params={"page": str(10**30)})
    add("search NUL", "GET", "/search", params={"q": "\x00"})
    add("search bad utf-8", "GET", "/search?q=%FF%FE")
    add("search 600 chars", "GET", "/search", params={"q": "d" * 600})
    add("6000 repeated params", "GET", "/api/articles?" + "&".join(f"q{i}=x" for i in range(6_000)))
    add("60k query string", "GET", "/api/stories?x=" + "y" * 60_000)

    # 6. Methods and paths that do not exist.
    for method, path in (("DELETE", "/api/stories"), ("PUT", "/api/ingest"), ("GET", "/api/ingest"),
                         ("PATCH", "/"), ("POST", "/api/stories"), ("OPTIONS", "/api/stories"),
                         ("TRACE", "/"), ("GET", "/api/stages/annotate"), ("GET", "/api/nope"),
                         ("GET", "/api"), ("GET", "/api/stories/"), ("GET", "//api/stories"),
                         ("HEAD", "/"), ("GET", "/favicon.ico"), ("GET", f"/api/stories/{story}//timeline")):  # fmt: skip
        add(f"{method} {path}", method, path)
    add("stage that does not exist", "POST", "/api/stages/drop", headers=auth)

    # 7. Hosts the server is not served as: a DNS-rebinding page sends its own name.
    for host in ("attacker.example", "attacker.example:8000", "localhost.attacker.example",
                 "127.0.0.1.nip.io", "", "evil.example:80@localhost", "xn--e1afmkfd.example"):  # fmt: skip
        for path in ("/api/stories", "/"):
            add(f"Host {host!r} {path}", "GET", path, wrong_host, headers={"host": host})
    add("Host attacker static", "GET", "/static/style.css", wrong_host, headers={"host": "attacker.example"})
    add(
        "Host attacker article",
        "GET",
        f"/api/articles/{article}",
        wrong_host,
        headers={"host": "attacker.example"},
    )
    add(
        "Host attacker write",
        "POST",
        "/api/stages/cluster",
        wrong_host,
        headers={"host": "attacker.example", **auth},
    )
    for host in ("127.0.0.1:8000", "[::1]:8000", "LocalHost", "localhost."):
        add(f"allowed Host {host}", "GET", "/api/stories", headers={"host": host})
    add("X-Forwarded-Host ignored", "GET", "/api/stories", headers={"x-forwarded-host": "attacker.example"})

    # 8. Writes without the token, or with a bad one.
    note = {"files": ("note.txt", GOOD_TEXT)}
    for label, headers in (("none", {}), ("wrong", {"Authorization": "Bearer nope"}),
                           ("empty bearer", {"Authorization": "Bearer "}), ("basic", {"Authorization": "Basic " + TOKEN}),
                           ("upper case", {"Authorization": f"Bearer {TOKEN.upper()}"}),
                           ("prefix", {"Authorization": f"Bearer {TOKEN[:-1]}"}),
                           ("empty header", {"X-Storyline-Token": ""}), ("unicode", {"X-Storyline-Token": "tøken".encode()}),
                           ("100k token", {"X-Storyline-Token": "t" * 100_000})):  # fmt: skip
        add(f"ingest token {label}", "POST", "/api/ingest", no_token, files=note, headers=headers)
    add("stage without token", "POST", "/api/stages/cluster", no_token)
    add(
        "stage with wrong token", "POST", "/api/stages/annotate", no_token, headers={"X-Storyline-Token": "x"}
    )

    # 9. Bodies: too large, chunked, lying about their length, malformed multipart.
    add("declared 60 MB", "POST", "/api/ingest", headers={**auth, "content-length": "60000000"}, content=b"x")
    add(
        "length not a number",
        "POST",
        "/api/ingest",
        headers={**auth, "content-length": "12abc"},
        content=b"x",
    )
    add("9 MB upload", "POST", "/api/ingest", files={"files": ("big.txt", b"a " * 4_500_000)}, headers=auth)
    add("9 MB chunked", "POST", "/api/ingest", headers={**auth, "content-type": "multipart/form-data; boundary=b"},
        content=(b"x" * 1_000_000 for _ in range(9)))  # fmt: skip
    add("small chunked", "POST", "/api/ingest", headers={**auth, "content-type": "multipart/form-data; boundary=b"},
        content=iter([b"--b\r\nContent-Disposition: form-data; name=\"urls\"\r\n\r\n", b"\r\n--b--\r\n"]))  # fmt: skip
    multipart = {"content-type": "multipart/form-data; boundary=xyz", **auth}
    add("multipart garbage", "POST", "/api/ingest", headers=multipart, content=b"garbage")
    add("multipart no boundary", "POST", "/api/ingest", headers={**auth, "content-type": "multipart/form-data"},
        content=b"--x\r\n\r\n")  # fmt: skip
    add("multipart truncated", "POST", "/api/ingest", headers=multipart,
        content=b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nabc')  # fmt: skip
    add("multipart part without name", "POST", "/api/ingest", headers=multipart,
        content=b"--xyz\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--xyz--\r\n")  # fmt: skip
    add("multipart 5000 parts", "POST", "/api/ingest", headers=multipart,
        content=b"".join(b'--xyz\r\nContent-Disposition: form-data; name="u%d"\r\n\r\nv\r\n' % i
                         for i in range(5000)) + b"--xyz--\r\n")  # fmt: skip
    add("multipart 2000 files", "POST", "/api/ingest", headers=auth, data={"annotate": "false", "cluster": "false"},
        files=[("files", (f"f{i}.txt", b"x")) for i in range(2000)])  # fmt: skip
    add("JSON body instead of form", "POST", "/api/ingest", headers=auth, json={"urls": "http://127.0.0.1/"})
    add("annotate not a bool", "POST", "/api/ingest", headers=auth, files=note, data={"annotate": "maybe"})
    add(
        "5000-digit form field",
        "POST",
        "/api/ingest",
        headers=auth,
        files=note,
        data={"annotate": "1" * 5000},
    )

    # 10. Hostile files in an upload.
    upload("empty file", {"files": ("empty.txt", b"")})
    upload("binary file", {"files": ("noise.bin", os.urandom(4096))})
    upload("NUL-filled text", {"files": ("nul.txt", b"\x00" * 10_000)})
    upload("zip bomb 2 GB", {"files": ("bomb.zip", _zip_of_deflated("zeros.txt", 2 << 30))})
    upload(
        "zip bomb lying size", {"files": ("liar.zip", _zip_of_deflated("zeros.txt", 256 << 20, declared=100))}
    )
    upload("gzip bomb 1 GB", {"files": ("bomb.txt.gz", _gzip_bomb(1 << 30))})
    upload("zip in zip x20", {"files": ("deep.zip", _nested_zip(20))})
    upload("zip named .txt", {"files": ("fake.txt", _nested_zip(1))})
    upload("JSON 100k deep", {"files": ("deep.json", b"[" * 100_000 + b"]" * 100_000)})
    upload("JSON object 100k deep", {"files": ("deep2.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000)})
    upload("JSON 5000-digit integer", {"files": ("digits.json", b'{"title": "T", "text": "Dam news.", "published": '
                                                 + b"9" * 5000 + b"}")})  # fmt: skip
    upload("JSONL with a deep line", {"files": ("deep.jsonl", b'{"text": "ok"}\n' + b"[" * 50_000 + b"\n")})
    upload("XML entity bomb feed", {"files": ("bomb.xml", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(8))
        + b']><rss><channel><item><title>&i;</title><description>&i;</description></item></channel></rss>')})  # fmt: skip
    upload("HTML 100k nested divs", {"files": ("deep.html", b"<html><body>" + b"<div>" * 100_000 + b"x")})
    upload(
        "WARC garbage",
        {"files": ("crawl.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999\r\n\r\nx")},
    )
    upload("gzip garbage", {"files": ("x.warc.gz", b"\x1f\x8b\x08\x00garbage")})
    upload("filename traversal", {"files": ("../../../../etc/cron.d/x.txt", GOOD_TEXT)})
    upload("filename NUL and CRLF", {"files": ("a\x00b\r\nX-Injected: 1.txt", GOOD_TEXT + b" Two.")},
           check=no_injected_header)  # fmt: skip
    upload("filename 10k chars", {"files": ("n" * 10_000 + ".txt", GOOD_TEXT + b" Three.")})
    upload("filename unicode", {"files": ("Свод новостей 💣.md", "# Заголовок\n\nТекст новости.".encode())})
    upload("a good file and one that crashes its reader", [("files", ("good.txt", GOOD_TEXT + b" Four.")),
           ("files", ("crash.txt", b"Crash me please, this is a text file."))], check=lost_good_file)  # fmt: skip
    found[-1].around = crashing_reader
    upload("annotated upload of markup", {"files": ("markup.html", b"<html><body><p>KESSEL - <script>x()</script>"
           b" The dam held on Friday, officials said.</p><p>More text here for the page.</p></body></html>")},
           annotate=True)  # fmt: skip

    # 11. URLs to private addresses, and odd URLs.
    for url in (f"http://127.0.0.1:{port}/", f"http://localhost:{port}/", f"http://[::1]:{port}/",
                f"http://0.0.0.0:{port}/", f"http://2130706433:{port}/", f"http://0x7f000001:{port}/",
                f"http://127.1:{port}/", f"http://[::ffff:127.0.0.1]:{port}/", f"http://user:pw@127.0.0.1:{port}/",
                f"http://rebind.example:{port}/", "http://169.254.169.254/latest/meta-data/",
                f"http://127.0.0.1:{port}/#@public.example", f"https://127.0.0.1:{port}/"):  # fmt: skip
        ingest_urls(f"URL {url}", url)
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:70/", "http://", "http://[::1",
                "http://" + "a" * 10_000 + ".example/", "javascript:alert(1)"):  # fmt: skip
        ingest_urls(f"odd URL {url[:40]}", url)
    ingest_urls("300 private URLs", "\n".join(f"http://127.0.0.{i % 250 + 1}:{port}/{i}" for i in range(300)))
    return found


# -- judging ----------------------------------------------------------------------------------------

SECURITY_HEADERS = ("x-content-type-options", "content-security-policy", "referrer-policy", "x-frame-options")
_LEAKS = [
    re.compile(r"Traceback \(most recent call last\)"),
    re.compile(r'File "[^"]+", line \d+'),
    re.compile(r"site-packages"),
    re.compile(re.escape(str(REPO / "src"))),
    re.compile(re.escape(tempfile.gettempdir().rstrip("/")) + r"/storyline-"),
]


def judge(probe: Probe, response: httpx.Response, context: Context, hits_before: int) -> Outcome:
    why: list[str] = []
    status = response.status_code
    if status >= 500:
        why.append(f"HTTP {status}: {response.text[:120]!r}")
    missing = [name for name in SECURITY_HEADERS if name not in response.headers]
    if missing:
        why.append("no " + ", ".join(missing))
    elif response.headers["x-content-type-options"].lower() != "nosniff":
        why.append("X-Content-Type-Options is not nosniff")
    elif "frame-ancestors" not in response.headers["content-security-policy"]:
        why.append("CSP without frame-ancestors")
    body = response.text if len(response.content) < 5_000_000 else response.text[:5_000_000]
    leaks = [pattern.pattern for pattern in _LEAKS if pattern.search(body)]
    if leaks:
        why.append(f"an internal path or traceback in the body ({leaks[0]})")
    if probe.path.startswith("/api") and status >= 400 and not _is_json_error(response):
        why.append(f"error {status} under /api is not the JSON error body: {response.text[:60]!r}")
    if probe.check is not None:
        reason = probe.check(response, context)
        if reason:
            why.append(reason)
    if probe.fetches and len(context.server.hits) > hits_before:
        why.append(f"a private URL fetched ({context.server.hits[hits_before:][:3]})")
    unsafe = [w for w in why if not w.startswith("HTTP 5")]
    verdict = "500" if status >= 500 else "unsafe" if unsafe else "ok"
    return Outcome(probe, status, verdict, why)


def _is_json_error(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("error"), dict) and "message" in body["error"]


def run_probes(
    store: Store, *, only: Callable[[Probe], bool] | None = None, verbose: bool = False
) -> list[Outcome]:
    """Send every probe (or those `only` keeps) to an app over `store` and judge each answer."""
    app = create_app(store, token=TOKEN, max_request_bytes=MAX_BODY)
    stories = store.list_stories()
    article_id = next(iter(store.iter_articles())).id
    outcomes: list[Outcome] = []
    with LoopbackServer() as server:
        context = Context(stories[0].id if stories else "0" * 16, article_id, server)
        client = TestClient(app, base_url=f"http://{HOST}", raise_server_exceptions=False)
        with offline_network(context), client:
            for probe in probes(context):
                if only is not None and not only(probe):
                    continue
                hits, tried = len(server.hits), len(context.attempts)
                started = time.perf_counter()
                if verbose:
                    print(f"… {probe.name[:70]}", file=sys.stderr, flush=True)
                with probe.around() if probe.around else contextlib.nullcontext():
                    try:
                        response = client.request(probe.method, probe.path, **probe.request)
                    except Exception as exc:  # noqa: BLE001 - the client's own refusals, of several kinds
                        # The client itself would not send it (an invalid header, a URL over its
                        # limit): nothing reached the app, nothing to judge.
                        outcomes.append(Outcome(probe, 0, "not sent", [f"{exc.__class__.__name__}: {exc}"]))
                        continue
                outcomes.append(judge(probe, response, context, hits))
                outcomes[-1].seconds = time.perf_counter() - started
                outcomes[-1].connections = context.attempts[tried:]
    return outcomes


def summary(outcomes: list[Outcome]) -> str:
    unsafe = sum(o.verdict == "unsafe" for o in outcomes)
    errors = sum(o.verdict == "500" for o in outcomes)
    unsent = sum(o.verdict == "not sent" for o in outcomes)
    lines = [f"probes {len(outcomes) - unsent}, unsafe {unsafe}, server errors {errors}"]
    if unsent:
        lines[0] += f" ({unsent} more not sent: the client refused them)"
    reasons = Counter(
        reason.split(":")[0].split(" (")[0] for o in outcomes for reason in o.why if o.verdict != "ok"
    )
    lines += [f"  {count:4d} × {reason}" for reason, count in reasons.most_common()]
    for outcome in outcomes:
        if outcome.connections:
            shown = ", ".join(f"{host}:{port}" for host, port in outcome.connections[:3])
            lines.append(f"  {outcome.probe.name}: connections tried: {shown}")
    slow = sorted(outcomes, key=lambda o: -o.seconds)[:3]
    lines.append("slowest: " + ", ".join(f"{o.probe.name[:40]} {o.seconds:.1f} s" for o in slow))
    for outcome in outcomes:
        if outcome.verdict != "ok":
            lines.append(
                f"{outcome.verdict:6s} {outcome.status} {outcome.probe.name}: {'; '.join(outcome.why)}"
            )
    return "\n".join(lines)


def build_store(url: str) -> Store:
    """The repository's example articles ingested (by relative path, as a user would), annotated and
    clustered into the store at `url`."""
    from storyline.ingest import IngestOptions, ingest
    from storyline.language.annotator import LanguageOptions, annotate_store
    from storyline.stories.update import update_stories

    store = open_store(url)
    with contextlib.chdir(REPO):
        ingest(["examples/articles"], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))
    update_stories(store)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a store URL holding stories already (default: built in a temp folder)")
    parser.add_argument("--skip", action="append", default=[], help="leave out the probe of this name")
    parser.add_argument("--verbose", action="store_true", help="name each probe on stderr as it is sent")
    parser.add_argument(
        "--json", action="store_true", help="print each outcome as JSON lines after the summary"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probes-") as folder:
        store = open_store(args.db) if args.db else build_store(f"sqlite:///{folder}/probes.db")
        skipped = set(args.skip)
        outcomes = run_probes(store, only=lambda probe: probe.name not in skipped, verbose=args.verbose)
        store.close()
    print(summary(outcomes))
    if args.json:
        for o in outcomes:
            print(json.dumps({"probe": o.probe.name, "status": o.status, "verdict": o.verdict, "why": o.why}))
    sys.exit(0)


if __name__ == "__main__":
    main()
