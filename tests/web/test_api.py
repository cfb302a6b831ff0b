"""The HTTP API and the pages through FastAPI's TestClient: every endpoint, auth refusals, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.store import Store

TOKEN = "a-long-test-token"
# The app answers only for the names it is served as; TestClient's own "testserver" is not one.
LOCAL = "http://localhost"


@pytest.fixture
def client(web_store: Store) -> TestClient:
    return TestClient(create_app(web_store, token=TOKEN), base_url=LOCAL)


@pytest.fixture
def story_id(client: TestClient) -> str:
    stories = client.get("/api/stories").json()["items"]
    return str(max(stories, key=lambda s: len(s["articles"]))["id"])


def test_lists_are_paged_with_their_total(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 3}).json()
    second = client.get("/api/articles", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] > 6
    assert len(first["items"]) == len(second["items"]) == 3
    assert {a["id"] for a in first["items"]}.isdisjoint(a["id"] for a in second["items"])
    assert "text" not in first["items"][0]  # a list carries metadata and a snippet, not whole texts
    stories = client.get("/api/stories", params={"limit": 1}).json()
    assert stories["limit"] == 1 and len(stories["items"]) == 1 and stories["total"] >= 1


def test_full_text_search_needs_every_word_and_filters_combine(client: TestClient, story_id: str) -> None:
    found = client.get("/api/articles", params={"q": "crack dam"}).json()
    assert found["total"] > 0
    for item in found["items"]:
        article = client.get(f"/api/articles/{item['id']}").json()
        text = (article["title"] or "").lower() + " " + article["text"].lower()
        assert "crack" in text and "dam" in text
    assert client.get("/api/articles", params={"q": "crack zzyzxq"}).json()["total"] == 0
    # FTS5 query syntax in the words is read as words, not as a query.
    assert client.get("/api/articles", params={"q": 'dam" OR "x*'}).status_code == 200
    in_story = client.get("/api/articles", params={"story": story_id, "limit": 500}).json()
    story = client.get(f"/api/stories/{story_id}").json()
    assert {a["id"] for a in in_story["items"]} == set(story["articles"])
    dated = client.get(
        "/api/articles", params={"from": "2025-01-01", "to": "2025-12-31", "limit": 500}
    ).json()
    assert dated["total"] > 0 and all("2025-01-01" <= a["published"] <= "2025-12-31" for a in dated["items"])
    outlet = dated["items"][0]["outlet"]
    by_outlet = client.get("/api/articles", params={"outlet": outlet.upper(), "limit": 500}).json()
    assert by_outlet["total"] > 0 and all(
        outlet in (a["outlet"], a["original_outlet"]) for a in by_outlet["items"]
    )


def test_an_article_comes_with_its_annotations_and_story(client: TestClient, story_id: str) -> None:
    article_id = client.get(f"/api/stories/{story_id}").json()["articles"][0]
    article = client.get(f"/api/articles/{article_id[:10]}").json()  # a prefix is enough
    assert article["id"] == article_id and article["story"] == story_id
    assert article["annotations"]["sentences"] and "removed_lines" in article


def test_story_views_keep_the_cli_contracts(client: TestClient, story_id: str) -> None:
    timeline = client.get(f"/api/stories/{story_id}/timeline").json()
    assert timeline["story"] == story_id and timeline["total"] == len(timeline["items"]) > 0
    assert {"date", "precision", "kind", "text", "sources", "independent_sources"} <= set(
        timeline["items"][0]
    )
    claims = client.get(f"/api/stories/{story_id}/claims").json()
    claim = claims["items"][0]
    assert set(claim) >= {
        "id",
        "subject",
        "time",
        "kind",
        "verdict",
        "independent_sources",
        "first_reported",
        "values",
    }
    assert set(claim["values"][0]) >= {
        "article",
        "outlet",
        "text",
        "value",
        "range",
        "approx",
        "unit",
        "attributed_to",
        "sentence",
        "start",
        "end",
    }
    conflicts = client.get(f"/api/stories/{story_id}/claims", params={"verdict": "conflict"}).json()
    assert conflicts["total"] > 0 and all(c["verdict"] == "conflict" for c in conflicts["items"])
    quotes = client.get(f"/api/stories/{story_id}/quotes").json()
    assert quotes["total"] > 0 and "speaker" in quotes["items"][0]
    brief = client.get(f"/api/stories/{story_id}/brief")
    assert brief.headers["content-type"].startswith("text/markdown") and brief.text.startswith("---\n")
    timelinejs = client.get(f"/api/stories/{story_id}/timelinejs").json()
    assert timelinejs["events"] and "start_date" in timelinejs["events"][0]


def test_a_story_exports_as_a_zip_of_its_tables(client: TestClient, story_id: str) -> None:
    import csv
    import io
    import zipfile

    response = client.get(f"/api/stories/{story_id}/export", params={"format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert f"storyline-{story_id[:8]}-csv.zip" in response.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(
        f"{name}.csv" for name in ("articles", "sentences", "stories", "timelines", "claims")
    )
    rows = list(csv.DictReader(io.StringIO(archive.read("articles.csv").decode("utf-8"))))
    story = client.get(f"/api/stories/{story_id}").json()
    assert sorted(row["id"] for row in rows) == sorted(story["articles"])
    claims = list(csv.DictReader(io.StringIO(archive.read("claims.csv").decode("utf-8"))))
    assert claims and {row["story"] for row in claims} == {story_id}

    assert client.get(f"/api/stories/{story_id}/export", params={"format": "xlsx"}).status_code == 422
    assert client.get("/api/stories/nosuchstory/export").status_code == 404


def test_errors_are_json_and_say_what_is_wrong(client: TestClient) -> None:
    missing = client.get("/api/stories/no-such-story")
    assert missing.status_code == 404 and "no story with id" in missing.json()["error"]["message"]
    assert client.get("/api/articles/ffffffffffffffff").status_code == 404
    bad_day = client.get("/api/articles", params={"from": "last week"})
    assert bad_day.status_code == 422 and "from" in bad_day.json()["error"]["message"]
    assert client.get("/api/articles", params={"limit": 100_000}).status_code == 422
    assert client.get("/api/stories/x/claims", params={"verdict": "maybe"}).status_code == 422


def test_writes_need_the_token_and_are_refused_without_one(web_store: Store, tmp_path: Path) -> None:
    upload = {"files": ("note.txt", b"KESSEL - The dam authority said on Monday that repairs would start.")}
    open_server = TestClient(create_app(web_store, token=None), base_url=LOCAL)
    refused = open_server.post("/api/ingest", files=upload)
    assert refused.status_code == 403 and "STORYLINE_TOKEN" in refused.json()["error"]["message"]
    client = TestClient(create_app(web_store, token=TOKEN), base_url=LOCAL)
    assert client.post("/api/ingest", files=upload).status_code == 401
    wrong = client.post("/api/ingest", files=upload, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert client.post("/api/stages/cluster", headers={"X-Storyline-Token": "nope"}).status_code == 401


def test_an_upload_is_ingested_annotated_and_placed(web_store: Store) -> None:
    client = TestClient(create_app(web_store, token=TOKEN), base_url=LOCAL)
    before = client.get("/api/articles").json()["total"]
    text = (
        "Dravin pool reopens\n\nDRAVIN - The municipal pool in Dravin reopened on Friday after serving "
        "as an emergency shelter for evacuees from Kessel, the town council said."
    )
    done = client.post(
        "/api/ingest",
        files=[("files", ("../../etc/pool.txt", text.encode())), ("files", ("bad.bin", b"\x00\x01\x02"))],
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert done.status_code == 200, done.text
    summary = done.json()
    assert (
        summary["new"] == 1 and len(summary["quarantined"]) == 1
    )  # the bad file is named, the batch goes on
    assert "bad.bin" in summary["quarantined"][0]["source"]
    assert summary["annotate"]["annotated"] == 1 and "cluster" in summary
    assert client.get("/api/articles").json()["total"] == before + 1
    nothing = client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"})
    assert nothing.status_code == 422
    stage = client.post("/api/stages/annotate", headers={"Authorization": f"Bearer {TOKEN}"})
    assert stage.status_code == 200 and stage.json()["annotate"]["annotated"] == 0


def test_a_request_body_over_the_limit_is_refused(web_store: Store) -> None:
    client = TestClient(create_app(web_store, token=TOKEN, max_request_bytes=1000), base_url=LOCAL)
    big = client.post(
        "/api/ingest", files={"files": ("big.txt", b"x" * 5000)}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert big.status_code == 413 and "larger than 1000 bytes" in big.json()["error"]["message"]


def test_pages_render_and_escape_article_markup(client: TestClient, story_id: str) -> None:
    home = client.get("/")
    assert home.status_code == 200 and f"/stories/{story_id}" in home.text
    page = client.get(f"/stories/{story_id}")
    assert page.status_code == 200
    for section in ('id="timeline"', 'id="claims"', 'id="quotes"', 'id="outlets"', 'id="brief"'):
        assert section in page.text
    assert "badge conflict" in page.text and "/articles/" in page.text
    hostile = client.get("/api/articles", params={"q": "Reservoir notice"}).json()["items"][0]
    article = client.get(f"/articles/{hostile['id']}")
    assert "<script>window.pwned" not in article.text and "&lt;script&gt;window.pwned" in article.text
    assert "<img src=x" not in article.text
    found = client.get("/search", params={"q": "window pwned"})
    assert "<script>window" not in found.text and "/articles/" in found.text
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/docs").status_code == 200
    assert "/api/stories/{story_id}/claims" in client.get("/openapi.json").json()["paths"]
