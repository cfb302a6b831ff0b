"""Shared fixtures: throwaway stores, the CLI runner, and the data beside the repository."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from storyline.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL server for the session (scripts/postgres), or the one named by
    STORYLINE_TEST_POSTGRES; the Postgres tests skip, saying why, when neither can be had."""
    given = os.environ.get("STORYLINE_TEST_POSTGRES")
    if given:
        yield given
        return
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[postgres]')")
    # Not under pytest's own temporary folder: run as root, the server runs as `postgres`, which
    # must be able to reach its folder, and pytest's are private to their owner.
    folder = tempfile.mkdtemp(prefix="storyline-postgres-")
    started = subprocess.run(
        [str(REPO / "scripts" / "postgres"), "start", folder], capture_output=True, text=True
    )
    try:
        if started.returncode != 0:
            pytest.skip(f"no PostgreSQL server could be started: {started.stderr.strip()}")
        yield started.stdout.strip()
    finally:
        subprocess.run([str(REPO / "scripts" / "postgres"), "stop", folder], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


_databases = itertools.count()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the session's server, dropped after the test."""
    from sqlalchemy import create_engine, text

    name = f"test_{os.getpid()}_{next(_databases)}"
    admin = create_engine(_psycopg(postgres_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    # A plain postgresql:// URL, as a user writes it: open_store picks the driver.
    url = make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def file_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store that two threads share as two processes would: on disk, or on a server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store: in-memory SQLite, and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield open_store("sqlite://")
        return
    opened = open_store(request.getfixturevalue("postgres_url"))
    yield opened
    opened.close()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A store URL in a temporary folder, for CLI runs (each run opens it anew)."""
    return f"sqlite:///{tmp_path / 'storyline.db'}"


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run the `storyline` CLI in-process: cli("--db", url, "ingest", path)."""
    from storyline.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None):  # noqa: A002 - CliRunner's name
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under tmp_path (str as UTF-8, bytes as given) and return its path."""

    def write_file(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return write_file


def _shared(sub: str) -> Path:
    path = SHARED / sub
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared sits beside the repository in CI only)")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return _shared("seeds")


@pytest.fixture
def t17_dir() -> Path:
    return _shared("data/t17")


@pytest.fixture
def timeml_dir() -> Path:
    return _shared("data/timeml")


@pytest.fixture
def ner_dir() -> Path:
    return _shared("data/ner")


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


def _story_store(folder: Path) -> Store:
    """A store holding `folder`'s articles ingested, annotated and placed in stories."""
    from storyline.ingest import IngestOptions, ingest
    from storyline.language.annotator import LanguageOptions, annotate_store
    from storyline.stories.update import update_stories

    store = open_store("sqlite://")
    ingest([str(folder)], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))
    update_stories(store)
    return store


@pytest.fixture(scope="module")
def seeds_store() -> Store:
    """The seeds ingested, annotated and clustered, shared by a test module's tests."""
    return _story_store(_shared("seeds"))


@pytest.fixture(scope="module")
def examples_store() -> tuple[Store, dict[str, str]]:
    """The example corpus ingested, annotated and clustered, with each article's gold key (e01...)."""
    import yaml

    gold = yaml.safe_load((EXAMPLES / "gold.yaml").read_text(encoding="utf-8"))
    store = _story_store(EXAMPLES / "articles")

    def gold_id(source: str) -> str:
        # Gold names a file, or a container and the record in it ("feed.xml#url").
        source = source.replace("\\", "/")
        (found,) = [k for k, e in gold["articles"].items() if source.endswith(e.get("file") or e["source"])]
        return str(found)

    return store, {a.id: gold_id(a.source) for a in store.iter_articles()}


# The web app's store: file-backed, not in memory, as the app serves requests from worker threads
# and an in-memory SQLite database is one per connection. The example corpus and one hostile article.
# A scraped page whose text carries markup: the pages must show it as text, never run it.
HOSTILE = """<script>window.pwned = true</script> Reservoir notice for Kessel

KESSEL — The <b>Orrin Valley</b> water authority posted a notice on Tuesday about the dam repairs.
<img src=x onerror="window.pwned = true"> Residents were told the crack is being monitored.
"""


@pytest.fixture(scope="session")
def web_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from storyline.ingest import IngestOptions, ingest
    from storyline.language.annotator import LanguageOptions, annotate_store
    from storyline.stories.update import update_stories

    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile-notice.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    path = folder / "web.db"
    store = open_store(f"sqlite:///{path}")
    ingest([str(EXAMPLES / "articles"), str(hostile)], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))
    update_stories(store)
    store.close()
    return path


@pytest.fixture
def web_store(web_store_path: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the web store, so that a test that writes leaves the others alone."""
    copy = tmp_path / "web.db"
    copy.write_bytes(web_store_path.read_bytes())
    store = open_store(f"sqlite:///{copy}")
    yield store
    store.close()


# -- a network that stays on this machine, for the fetch guard ----------------------------------


class LoopbackSite:
    """An HTTP server on 127.0.0.1 that records each request's path and Host header and answers
    `routes[path]` (status, headers, body), or a short news text."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[tuple[str, str]] = []
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.requests.append((self.path, self.headers.get("Host", "")))
                default = (
                    200,
                    {"Content-Type": "text/plain"},
                    b"KESSEL - The ferry ran on Monday, the harbour said.",
                )
                status, headers, body = site.routes.get(self.path, default)
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])

    @property
    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


@pytest.fixture
def loopback_sites() -> Iterator[Callable[[], LoopbackSite]]:
    """Start local sites on demand; all are stopped after the test."""
    import threading

    started: list[LoopbackSite] = []

    def start() -> LoopbackSite:
        site = LoopbackSite()
        threading.Thread(
            target=site.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        started.append(site)
        return site

    yield start
    for site in started:
        site.server.shutdown()
        site.server.server_close()


class FakeNetwork:
    """Names answered by `answers` (one answer per lookup, the last repeated), and connections:
    to a pretend public address, delivered to the local site `sites[address]` stands for (or
    refused when none does); to the loopback, made; to anything else, refused. Every connection
    tried is in `connected`, so no test traffic ever leaves the machine."""

    PUBLIC = "203.0.114.7"  # a global address; nothing is ever sent to it

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import ipaddress
        import socket

        self.answers: dict[str, list[str]] = {}
        self.sites: dict[str, int] = {}
        self.connected: list[tuple[str, int]] = []
        self.lookups: list[str] = []
        real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

        def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> object:
            name = host.decode() if isinstance(host, bytes) else str(host)
            if name in self.answers:
                self.lookups.append(name)
                queue = self.answers[name]
                address = queue.pop(0) if len(queue) > 1 else queue[0]
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]
            if name != "localhost":
                try:  # an address in any spelling the system takes ("127.1"), but never a DNS query
                    real_getaddrinfo(name, None, flags=socket.AI_NUMERICHOST)
                except socket.gaierror:
                    raise socket.gaierror(socket.EAI_NONAME, "unknown name (the tests are offline)") from None
            return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

        def create_connection(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
            host, port = address
            resolved = getaddrinfo(host, port)[0][4][0]  # type: ignore[index]
            self.connected.append((resolved, port))
            if resolved in self.sites:
                return real_connect(("127.0.0.1", self.sites[resolved]), *args, **kwargs)  # type: ignore[arg-type]
            if not ipaddress.ip_address(resolved).is_loopback:
                raise OSError(f"the tests make no connection off this machine ({resolved})")
            return real_connect((resolved, port), *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", create_connection)


@pytest.fixture
def fake_network(monkeypatch: pytest.MonkeyPatch) -> FakeNetwork:
    return FakeNetwork(monkeypatch)
