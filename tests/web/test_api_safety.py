"""What the API and the pages refuse or withstand: foreign Host headers, ids that are patterns,
crashing readers in an upload, bugs in a route, a name that rebinds to the loopback; and the
security headers every answer carries."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import storyline
from storyline.api import create_app
from storyline.errors import NoSuchArticle, NoSuchStory
from storyline.models import Article, Placement, Story, StoryRecord
from storyline.store import Store, open_store

TOKEN = "a-long-test-token"
LOCAL = "http://localhost"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CODE = str(Path(storyline.__file__).resolve().parent)
TEMPLATES = Path(CODE) / "web" / "templates"


@pytest.fixture
def client(web_store: Store) -> TestClient:
    return TestClient(create_app(web_store, token=TOKEN), base_url=LOCAL)


@pytest.fixture
def story_id(client: TestClient) -> str:
    return str(client.get("/api/stories").json()["items"][0]["id"])


# -- the Host header ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/stories", "/", "/static/style.css", "/docs"])
@pytest.mark.parametrize(
    "host", ["attacker.example", "attacker.example:8000", "localhost.attacker.example", "", "testserver"]
)
def test_a_request_for_another_host_is_refused_with_the_json_error(
    client: TestClient, path: str, host: str
) -> None:
    refused = client.get(path, headers={"host": host})
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["status"] == 400 and "--allow-host" in error["message"]
    assert refused.headers["x-frame-options"] == "DENY"  # a refusal carries the headers too


def test_a_write_for_another_host_is_refused_before_the_token_is_read(client: TestClient) -> None:
    refused = client.post("/api/stages/cluster", headers={"host": "attacker.example", **AUTH})
    assert refused.status_code == 400


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LocalHost."]
)
def test_the_local_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/stories", headers={"host": host}).status_code == 200


def test_more_names_come_from_the_argument_or_the_environment(
    web_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYLINE_ALLOWED_HOSTS", "news.lan, archive.lan")
    app = create_app(web_store, allowed_hosts=["Reader.Example"])
    served = TestClient(app, base_url="http://reader.example:8000")
    assert served.get("/api/stories").status_code == 200
    for host in ("news.lan", "archive.lan:80", "127.0.0.1"):
        assert served.get("/api/stories", headers={"host": host}).status_code == 200
    assert served.get("/api/stories", headers={"host": "attacker.example"}).status_code == 400
    anyone = TestClient(create_app(web_store, allowed_hosts=["*"]), base_url="http://whatever.example")
    assert anyone.get("/api/stories").status_code == 200


def test_serve_answers_as_its_host_and_each_allow_host(
    cli: Any, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    open_store(db_url).close()  # serve reads a store that is there
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    result = cli("--db", db_url, "serve", "--no-warm", "--host", "192.0.2.5", "--allow-host", "news.lan",
                 "--allow-host", "Archive.Lan")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert served["host"] == "192.0.2.5"
    assert served["app"].state.allowed_hosts == {
        "127.0.0.1",
        "localhost",
        "::1",
        "192.0.2.5",
        "news.lan",
        "archive.lan",
    }
    cli("--db", db_url, "serve", "--no-warm", "--host", "0.0.0.0")
    assert (
        "0.0.0.0" not in served["app"].state.allowed_hosts
    )  # the machine's names are given with --allow-host


# -- security headers ----------------------------------------------------------------------------


def _policy(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_answer_carries_the_security_headers(client: TestClient, story_id: str) -> None:
    article_id = client.get(f"/api/stories/{story_id}").json()["articles"][0]
    answers = {
        path: client.get(path)
        for path in (
            "/",
            f"/stories/{story_id}",
            f"/articles/{article_id}",
            "/search?q=dam",
            "/stories/nope",
            "/static/style.css",
            "/static/timeline.js",
            "/static/nope.css",
            "/api/stories",
            "/api/stories/nope",
            f"/api/stories/{story_id}/brief",
            "/openapi.json",
            "/docs",
        )
    }
    answers["POST /api/ingest"] = client.post("/api/ingest")  # 401, no token
    for path, answer in answers.items():
        assert answer.headers["x-content-type-options"] == "nosniff", path
        assert answer.headers["x-frame-options"] == "DENY", path
        assert answer.headers["referrer-policy"] == "no-referrer", path
        assert _policy(answer.headers["content-security-policy"])["frame-ancestors"] == ["'none'"], path
    page = _policy(answers["/"].headers["content-security-policy"])
    assert page["default-src"] == page["script-src"] == page["style-src"] == ["'self'"]
    assert _policy(answers["/api/stories"].headers["content-security-policy"])["default-src"] == ["'none'"]


def test_the_pages_fit_their_policy_no_inline_script_or_style() -> None:
    # The policy allows the app's own files only: a template with an inline script, a <style>
    # element, a style attribute or an event handler attribute would be blocked in the browser.
    for template in TEMPLATES.glob("*.html"):
        html = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), template.name
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html), template.name


def test_the_docs_page_allows_its_inline_script_by_hash(client: TestClient) -> None:
    docs = client.get("/docs")
    policy = _policy(docs.headers["content-security-policy"])
    scripts = re.findall(r"<script>(.*?)</script>", docs.text, re.S)
    assert scripts and "'unsafe-inline'" not in policy["script-src"]
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"]


# -- errors are JSON ------------------------------------------------------------------------------


def test_a_bug_in_a_route_answers_the_json_error_without_its_trace(
    web_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("exploded in /srv/secret/store.py")

    monkeypatch.setattr(web_store, "list_stories", broken)
    client = TestClient(create_app(web_store, token=TOKEN), base_url=LOCAL, raise_server_exceptions=False)
    for path in ("/api/stories", "/"):
        answer = client.get(path)
        assert answer.status_code == 500, path
        assert answer.json()["error"]["status"] == 500
        assert "secret" not in answer.text and "Traceback" not in answer.text
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


@pytest.mark.parametrize(
    "params",
    [{"offset": str(2**63)}, {"offset": str(10**30)}, {"limit": "-1"}, {"q": "dam\x00"}, {"q": "x" * 501}],
)
def test_out_of_range_list_parameters_are_422(client: TestClient, params: dict[str, str]) -> None:
    answer = client.get("/api/articles", params=params)
    assert answer.status_code == 422 and answer.json()["error"]["message"]


def test_a_search_of_many_words_is_quick_or_refused(client: TestClient) -> None:
    # The same word said 10,000 times took minutes in FTS5; once is enough.
    assert client.get("/api/articles", params={"q": "dam " * 120}).status_code == 200
    many = " ".join(f"w{i}" for i in range(100))
    refused = client.get("/api/articles", params={"q": many})
    assert refused.status_code == 400 and "at most 64" in refused.json()["error"]["message"]
    page = client.get("/search", params={"q": many})
    assert page.status_code == 400 and "at most 64" in page.text
    assert client.get("/search", params={"q": "dam", "page": str(10**30)}).status_code == 422


# -- ids are prefixes, not patterns ---------------------------------------------------------------


def _stored(store: Store, ids: list[str]) -> None:
    run = store.start_run("test")
    articles = [Article(id=i, source=f"{i}.txt", format="text", text=f"Text of {i} alone.") for i in ids]
    store.write_batch(run, [(article, b"") for article in articles])
    records = [StoryRecord(i, "{}", Story(id=i, title=i, articles=[i]), 1) for i in ids]
    store.write_stories(run, [Placement(i, i, "founded") for i in ids], records)


@pytest.mark.parametrize("kind", ["article", "story"])
def test_ids_are_looked_up_as_prefixes_with_like_wildcards_escaped(store: Store, kind: str) -> None:
    _stored(store, ["abc123", "a_c456", "a%c789", "a/c000"])
    get = store.get_article if kind == "article" else store.get_story
    missing = NoSuchArticle if kind == "article" else NoSuchStory
    assert get("a_c").id == "a_c456"  # unescaped, `_` matches abc123 too: two matches
    assert get("abc").id == "abc123"
    assert get("a/c").id == "a/c000"  # the escape character itself
    for pattern in ("%", "_", "a%", "%123", "_bc123", "a%c", "%%"):
        with pytest.raises(missing):
            get(pattern)


@pytest.mark.parametrize("kind", ["article", "story"])
def test_ids_that_cannot_be_ids_are_not_found_without_asking_the_database(store: Store, kind: str) -> None:
    _stored(store, ["abc123"])
    get = store.get_article if kind == "article" else store.get_story
    missing = NoSuchArticle if kind == "article" else NoSuchStory
    for odd in ("a" * 50_000, "a" * 65, "abc\x00", "ab\nc", "", "💣", "abc 123", "\\%"):
        with pytest.raises(missing) as raised:
            get(odd)
        assert len(str(raised.value)) < 200  # a huge id is not echoed whole


def test_the_api_finds_nothing_by_a_pattern_or_a_huge_id(client: TestClient, story_id: str) -> None:
    article_id = client.get(f"/api/stories/{story_id}").json()["articles"][0]
    for path in (
        "/api/stories/%25",
        f"/api/stories/_{story_id[1:]}",
        f"/api/stories/{story_id[:3]}%25/timeline",
        f"/api/articles/_{article_id[1:]}",
        "/api/articles/" + "a" * 50_000,
        "/api/stories/" + "%25" * 20_000,
        "/api/stories/%00",
    ):
        answer = client.get(path)
        assert answer.status_code == 404, path[:80]
        assert len(answer.text) < 400
    assert client.get("/stories/" + "b" * 50_000).status_code == 404
    assert client.get("/api/articles", params={"story": "%" + story_id[-4:]}).status_code == 404


# -- uploads: one result per file ----------------------------------------------------------------

GOOD = (
    b"Kessel ferry resumes\n\nKESSEL - The ferry across Lake Orrin resumed its crossings on Thursday, "
    b"the harbour office said, after two weeks of high water closed the landing."
)


@pytest.fixture
def crashing_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text reader raises on a file named `crash...`, as a reader's bug would."""
    from storyline.ingest.readers import text

    real = text.read_text

    def read_text(blob: Any, options: Any) -> Any:
        if "crash" in blob.source:
            raise RecursionError(f"maximum recursion depth exceeded in {CODE}/ingest/readers/text.py")
        return real(blob, options)

    monkeypatch.setattr(text, "read_text", read_text)


def _upload(client: TestClient, files: list[tuple[str, bytes]]) -> Any:
    answer = client.post(
        "/api/ingest",
        files=[("files", file) for file in files],
        data={"annotate": "false", "cluster": "false"},
        headers=AUTH,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.usefixtures("crashing_reader")
def test_a_file_that_crashes_its_reader_is_quarantined_and_the_others_are_kept(
    client: TestClient, web_store: Store
) -> None:
    before = web_store.count_articles()
    done = _upload(
        client, [("good.txt", GOOD), ("crash.txt", b"Crash here."), ("noise.bin", b"\x00\x01\x02")]
    )
    files = {f["name"]: f for f in done["files"]}
    assert [f["name"] for f in done["files"]] == ["good.txt", "crash.txt", "noise.bin"]
    good, crash, noise = files["good.txt"], files["crash.txt"], files["noise.bin"]
    assert good["status"] == "stored" and good["reason"] is None and len(good["articles"]) == 1
    assert "ferry across Lake Orrin" in web_store.get_article(good["articles"][0]).text
    assert crash["status"] == "quarantined" and "RecursionError" in crash["reason"]
    assert noise["status"] == "quarantined" and "not text" in noise["reason"]
    assert done["new"] == 1 == web_store.count_articles() - before
    # Nothing lost: the crashing file is in the quarantine with its bytes, to be read again later.
    quarantined = {row["source"].rsplit("/", 1)[-1]: row["reason"] for row in web_store.quarantined()}
    assert "RecursionError" in quarantined["0001-crash.txt"]
    assert {q["source"] for q in done["quarantined"]} == {"crash.txt", "noise.bin"}
    assert CODE not in str(done) and "storyline-upload-" not in str(done)  # no server path


def test_each_file_says_whether_it_was_new_or_a_duplicate(client: TestClient) -> None:
    first = _upload(client, [("ferry.txt", GOOD)])
    again = _upload(client, [("ferry.txt", GOOD), ("copy.txt", GOOD + b"\n")])
    assert first["files"][0]["status"] == "stored"
    ids = first["files"][0]["articles"]
    assert [(f["status"], f["articles"]) for f in again["files"]][1] == ("duplicate", ids)
    assert again["files"][0]["status"] == "duplicate" and again["files"][0]["reason"]
    assert {"run_id", "read", "new", "duplicates", "versions", "links", "quarantined"} <= set(again)
    assert again["new"] == 0 and again["duplicates"] == 2


def test_a_url_that_rebinds_to_the_loopback_is_never_fetched(
    client: TestClient, loopback_sites: Any, fake_network: Any
) -> None:
    private = loopback_sites()
    fake_network.answers["rebind.example"] = [fake_network.PUBLIC, "127.0.0.1"]
    url = f"http://rebind.example:{private.port}/admin"
    answer = client.post("/api/ingest", data={"urls": url, "annotate": "false"}, headers=AUTH)
    assert answer.status_code == 200
    (result,) = answer.json()["files"]
    assert result["name"] == url and result["status"] == "quarantined"
    assert private.requests == []  # the loopback server saw no request
    assert fake_network.connected == [(fake_network.PUBLIC, private.port)]  # only the address checked
