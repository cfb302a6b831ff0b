"""Bad input never raises: each bad input becomes one quarantine entry with a plain reason,
and the rest of the batch is still ingested."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import IngestOptions, ingest
from storyline.models import IngestReport
from storyline.store import Store

# -- helpers --------------------------------------------------------------------------------------

HEADLINE = "Harbour council approves new ferry timetable for {place}"
PARAGRAPHS = [
    "The harbour council of {place} voted on Tuesday evening to approve a revised ferry timetable "
    "that adds three early crossings to the island of Drenn during the summer months.",
    "Council member Ilsa Marrow said the change followed a long consultation with commuters, "
    "fishing crews and shop owners who had asked for a first departure before six in the morning.",
    "The ferry operator, Northwind Crossings, said it would hire four additional deck hands and "
    "lease a second vessel from a shipyard in the neighbouring town of Castel Orne.",
    "Residents will be able to comment on the new schedule at a public meeting next month, and "
    "the first early sailings are expected to begin in the second week of June.",
]


def article(place: str = "Velmora") -> str:
    """A plain-text news article: headline, blank line, four paragraphs."""
    body = "\n\n".join(p.format(place=place) for p in PARAGRAPHS)
    return f"{HEADLINE.format(place=place)}\n\n{body}\n"


def html_page(place: str = "Velmora") -> bytes:
    paragraphs = "".join(f"<p>{p.format(place=place)}</p>" for p in PARAGRAPHS)
    title = HEADLINE.format(place=place)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def rss_feed(*places: str) -> str:
    items = "".join(
        f"<item><title>{HEADLINE.format(place=place)}</title>"
        f"<link>https://gazette.example/{place.lower()}</link>"
        f"<description>{' '.join(p.format(place=place) for p in PARAGRAPHS)}</description></item>\n"
        for place in places
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Velmora Gazette</title><link>https://gazette.example/</link>\n"
        f"{items}</channel></rss>\n"
    )


def warc_archive(*places: str, compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for place in places:
        http_headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://gazette.example/{place.lower()}",
            "response",
            payload=io.BytesIO(html_page(place)),
            length=len(html_page(place)),  # a known length keeps warcio from spooling to a temp file
            http_headers=http_headers,
        )
        writer.write_record(record)
    return buffer.getvalue()


def names(source: str, path: Path | str) -> bool:
    """True when a quarantine source names this input (or a line, entry or member of it)."""
    path = str(path)
    return source == path or (source.startswith(path) and source[len(path)] in ":#!")


def entries_for(report: IngestReport, path: Path | str) -> list[str]:
    return [item.reason for item in report.quarantined if names(item.source, path)]


def stored_entries_for(store: Store, path: Path | str) -> list[str]:
    return [row["reason"] for row in store.quarantined() if names(row["source"], path)]


def assert_quarantined_once(report: IngestReport, store: Store, path: Path | str, *keywords: str) -> str:
    """Exactly one entry names `path`, in the report and in the store; its reason has a keyword."""
    reasons = entries_for(report, path)
    assert len(reasons) == 1, f"expected one quarantine entry for {path}, got {report.quarantined}"
    assert stored_entries_for(store, path) == reasons
    reason = reasons[0]
    if keywords:
        assert any(k in reason.lower() for k in keywords), f"reason {reason!r} lacks any of {keywords}"
    return reason


def run(store: Store, *targets: Path | str, options: IngestOptions | None = None) -> IngestReport:
    return ingest([str(t) for t in targets], store, options)


def stored_texts(store: Store) -> list[str]:
    return [a.text for a in store.iter_articles()]


# -- 1. empty and binary files -----------------------------------------------------------------


def test_empty_file_is_quarantined(store, write):
    path = write("empty.txt", b"")
    report = run(store, path)
    assert_quarantined_once(report, store, path, "empty")
    assert report.new == 0 and store.count_articles() == 0


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(4000), "png"),
        ("noise.txt", random.Random(3).randbytes(4000), "binary"),
        ("scan.pdf", b"%PDF-1.7\n" + random.Random(2).randbytes(4000), "pdf"),
    ],
)
def test_binary_file_is_quarantined_as_not_text(store, write, name, content, kind):
    path = write(name, content)
    report = run(store, path)
    reason = assert_quarantined_once(report, store, path, "not text")
    assert kind in reason.lower()
    assert store.count_articles() == 0


def test_text_with_nul_bytes_is_recovered_without_them(store, write):
    path = write("nuls.txt", " \x00".join(article().split(" ")).encode())
    report = run(store, path)
    assert report.new == 1 and not report.quarantined
    (stored,) = store.iter_articles()
    assert "\x00" not in stored.text and "harbour council of Velmora voted" in stored.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_decoded(store, write, encoding):
    path = write("wide.txt", article().encode(encoding))
    report = run(store, path)
    assert report.new == 1 and not report.quarantined
    (stored,) = store.iter_articles()
    assert "harbour council of Velmora voted" in stored.text


# -- 3. damaged gzip ---------------------------------------------------------------------------


def test_truncated_gzip_is_quarantined_with_the_damage(store, write):
    compressed = gzip.compress(article().encode())
    path = write("ferry.txt.gz", compressed[: len(compressed) * 2 // 3])
    report = run(store, path)
    assert_quarantined_once(report, store, path, "truncated", "corrupt")
    assert "gzip" in entries_for(report, path)[0]


def test_gzip_with_garbage_after_the_magic_is_quarantined_once(store, write):
    path = write("garbage.txt.gz", b"\x1f\x8b" + random.Random(3).randbytes(600))
    report = run(store, path)
    assert_quarantined_once(report, store, path)
    assert store.count_articles() == 0


def test_gzip_with_garbage_reason_names_the_gzip_damage(store, write):
    path = write("garbage.txt.gz", b"\x1f\x8b" + random.Random(3).randbytes(600))
    report = run(store, path)
    reason = assert_quarantined_once(report, store, path, "gzip")
    assert "empty" not in reason


# -- 4. size cap -------------------------------------------------------------------------------

BIG_SIZE = 50_000_000


@pytest.fixture(scope="module")
def big_jsonl() -> bytes:
    """50 MB of valid JSON Lines: 500 small records, then 20 records padded with a 2.5 MB field.

    Only small records would be closer to life, but ingest reads ~1,200 of them a second and
    50 MB of them would take minutes; the padding keeps the run to a few seconds.
    """
    small = "".join(
        json.dumps({"title": f"Ferry notice {i}", "text": f"Ferry {i} left Velmora with {i + 7} passengers."})
        + "\n"
        for i in range(500)
    )
    padded = []
    room = BIG_SIZE - len(small)
    for i in range(20):
        record = {"title": f"Harbour scan {i}", "text": f"Bundle {i} of the harbour records was scanned."}
        size = len(json.dumps({**record, "scan": ""})) + 1
        record["scan"] = "0123456789abcdef" * ((room // (20 - i) - size) // 16)
        line = json.dumps(record) + "\n"
        room -= len(line)
        padded.append(line)
    data = (small + "".join(padded)).encode()
    assert len(data) >= BIG_SIZE - 100
    return data


def test_50mb_file_is_quarantined_over_the_default_size_cap(store, write, big_jsonl):
    path = write("big.jsonl", big_jsonl)
    report = run(store, path)
    assert_quarantined_once(report, store, path, "size cap")
    assert store.count_articles() == 0


def test_50mb_jsonl_is_accepted_with_a_raised_size_cap(store, write, big_jsonl):
    path = write("big.jsonl", big_jsonl)
    started = time.perf_counter()
    report = run(store, path, options=IngestOptions(max_bytes=60_000_000))
    assert time.perf_counter() - started < 20
    assert report.quarantined == []
    assert report.new == 520 == store.count_articles()


def test_gzip_expanding_past_the_size_cap_is_quarantined(store, write):
    path = write("bomb.txt.gz", gzip.compress(b"Velmora ferry news. " * (BIG_SIZE // 20)))
    report = run(store, path)
    assert_quarantined_once(report, store, path, "size cap")


# -- 5. encodings ------------------------------------------------------------------------------

QUOTED = "Ilsa Marrow said at the café in Göteborg: “we listened”, and it’s done."
LATIN1 = "Ilsa Marrow said at the café in Göteborg, à la carte, and the mayor agreed."


def with_sentence(sentence: str) -> str:
    return article().replace("Council member Ilsa Marrow said", f"{sentence} Council member Ilsa Marrow said")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("cp1252.txt", with_sentence(QUOTED).encode("cp1252"), ["café", "“we listened”", "it’s"]),
        ("latin1.txt", with_sentence(LATIN1).encode("latin-1"), ["café", "Göteborg", "à la carte"]),
        ("utf8-bom.txt", codecs.BOM_UTF8 + with_sentence(QUOTED).encode(), ["café", "“we listened”"]),
        ("utf16.txt", with_sentence(QUOTED).encode("utf-16"), ["café", "“we listened”", "it’s"]),
        (
            "mixed.txt",
            with_sentence("Ilsa Marrow said at the café.").encode("utf-8")
            + "\nAn old bulletin pasted below said: “the ferry is late” as it always is in winter "
            "when storms come in from the west and nobody can sail.\n".encode("cp1252"),
            ["café", "“the ferry is late”"],
        ),
    ],
)
def test_encodings_are_decoded(store, write, name, data, expected):
    path = write(name, data)
    report = run(store, path)
    assert report.quarantined == []
    assert report.new == 1
    [stored] = list(store.iter_articles())
    for fragment in expected:
        assert fragment in stored.text
    assert "\ufffd" not in stored.text and "\ufeff" not in stored.text
    assert "Ã" not in stored.text  # no UTF-8 read as cp1252 (mojibake)
    assert stored.title == HEADLINE.format(place="Velmora")


# -- 6. HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p>The harbour council of Velmora voted on Tuesday to approve a new ferry "
        "timetable for the island <div><p>Council member Ilsa Marrow said the consultation <b>took "
        "<i>months and <span>many meetings",
        "<html><body><div><p>Unclosed <b>bold <i>text &amp; <p>more</div></span></table>garbage"
        '<<<>>> &#xZZZ; <p <div ="" <script>',
        "<body><p>" + "</td></tr><td><<p>> Velmora ferry " * 200,
    ],
    ids=["unclosed-tags", "garbage", "stray-end-tags"],
)
def test_malformed_html_is_ingested_or_quarantined(store, write, html):
    path = write("page.html", html)
    report = run(store, path)
    reasons = entries_for(report, path)
    assert report.new + len(reasons) == 1
    if report.new:
        assert stored_texts(store)[0].strip()
    else:
        assert reasons[0].strip()


CONTROL_CHARACTER_MARKUP = [
    pytest.param(
        "page.html",
        html_page().replace(b"on Tuesday", b"on Tues\x0bday\x0c"),
        id="html-page",
    ),
    pytest.param(
        "feed.rss",
        rss_feed("Velmora").replace("on Tuesday", "on Tues\x08day").encode(),
        id="rss-entry",
    ),
]


@pytest.mark.parametrize(("name", "data"), CONTROL_CHARACTER_MARKUP)
def test_markup_with_control_characters_never_raises(store, write, name, data):
    path = write(name, data)
    good = write("good.txt", article("Castel Orne"))
    report = run(store, path, good)
    assert report.new >= 1
    assert any("Castel Orne" in text for text in stored_texts(store))


def test_html_page_without_text_is_quarantined(store, write):
    path = write(
        "blank.html",
        "<!DOCTYPE html><html><head><title></title><script>var x = 1;</script></head>"
        "<body><div class='nav'></div><img src='a.png'></body></html>",
    )
    report = run(store, path)
    assert_quarantined_once(report, store, path, "no article text")
    assert store.count_articles() == 0


# -- 7. feeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("cut", ["first-entry", "second-entry"])
def test_truncated_feed_is_quarantined(store, write, cut):
    feed = rss_feed("Velmora", "Drenn")
    marker = "island of Drenn" if cut == "first-entry" else "harbour council of Drenn"
    path = write("gazette.rss", feed[: feed.index(marker)])
    report = run(store, path)
    reasons = entries_for(report, path)
    assert reasons, "a truncated feed must leave a quarantine entry"
    said = " ".join(reasons).lower()
    assert any(k in said for k in ("malformed", "truncated", "no element found", "cut off"))


def test_feed_that_is_not_xml_is_quarantined(store, write):
    path = write("gazette.rss", '<rss version="2.0">\n\x1a}}{{ not xml at all <<<')
    report = run(store, path)
    assert_quarantined_once(report, store, path, "malformed")


def test_feed_with_no_entries_is_quarantined(store, write):
    path = write("gazette.rss", rss_feed())
    report = run(store, path)
    assert_quarantined_once(report, store, path, "no entries")
    assert report.links == 0 and store.count_articles() == 0


# -- 8. WARC -----------------------------------------------------------------------------------


def test_warc_header_followed_by_garbage_is_quarantined_once(store, write):
    path = write("crawl.warc", b"WARC/1.0\r\n" + random.Random(4).randbytes(600))
    report = run(store, path)
    assert_quarantined_once(report, store, path)
    assert store.count_articles() == 0


def test_warc_garbage_reason_says_the_archive_is_malformed(store, write):
    path = write("crawl.warc", b"WARC/1.0\r\n" + random.Random(4).randbytes(600))
    report = run(store, path)
    assert_quarantined_once(report, store, path, "malformed", "damaged", "invalid")


def truncated_warc(compress: bool) -> bytes:
    """A two-page archive cut inside the second page's record (the first record stays whole)."""
    data = warc_archive("Velmora", "Drenn", compress=compress)
    if compress:  # one gzip member per record: cut the second member near its end
        second = data.index(b"\x1f\x8b\x08", 10)
        return data[: second + (len(data) - second) * 9 // 10]
    return data[: data.index(b"Residents will be able", data.index(b"harbour council of Drenn"))]


@pytest.mark.parametrize(
    "compress",
    [
        pytest.param(True, id="warc.gz"),
        pytest.param(False, id="plain-warc"),
    ],
)
def test_truncated_warc_is_quarantined(store, write, compress):
    path = write("crawl.warc.gz" if compress else "crawl.warc", truncated_warc(compress))
    report = run(store, path)
    reasons = entries_for(report, path)
    said = " ".join(reasons).lower()
    assert any(k in said for k in ("truncated", "cut off", "malformed", "damage")), reasons
    assert [a.url for a in store.iter_articles()][:1] == ["https://gazette.example/velmora"]


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "plain-warc"])
def test_page_cut_off_by_a_truncated_warc_is_not_stored(store, write, compress):
    path = write("crawl.warc.gz" if compress else "crawl.warc", truncated_warc(compress))
    run(store, path)
    assert [a.url for a in store.iter_articles()] == ["https://gazette.example/velmora"]


# -- 9. JSON and JSON Lines --------------------------------------------------------------------


def test_invalid_json_file_is_quarantined(store, write):
    path = write("story.json", '{"title": "Ferry timetable", "text": "The council voted",, }')
    report = run(store, path)
    assert_quarantined_once(report, store, path, "malformed json")


def test_pretty_printed_invalid_json_is_one_entry(store, write):
    path = write(
        "story.json",
        '{\n  "title": "Ferry timetable",\n  "text": "The council voted on Tuesday."\n'
        '  "author": "Ilsa Marrow"\n}\n',
    )
    report = run(store, path)
    assert_quarantined_once(report, store, path, "malformed json")


def test_jsonl_with_a_broken_line_keeps_the_good_records(store, write):
    lines = [
        json.dumps({"title": HEADLINE.format(place="Velmora"), "text": article("Velmora")}),
        '{"title": "Broken record", "text": "The ferry',
        json.dumps({"title": HEADLINE.format(place="Drenn"), "text": article("Drenn")}),
    ]
    path = write("stories.jsonl", "\n".join(lines) + "\n")
    report = run(store, path)
    assert report.new == 2 == store.count_articles()
    assert [item.source for item in report.quarantined] == [f"{path}:2"]
    assert_quarantined_once(report, store, path, "malformed json")


# -- 10. unreadable entries and missing targets ------------------------------------------------


def test_dangling_symlink_in_a_folder_is_quarantined(store, write, tmp_path):
    good = write("news/good.txt", article())
    broken = good.parent / "broken.txt"
    os.symlink(tmp_path / "missing.txt", broken)
    report = run(store, good.parent)
    assert report.new == 1
    assert_quarantined_once(report, store, broken, "no such file", "broken link")
    assert len(report.quarantined) == 1


def test_missing_target_is_quarantined(store, write, tmp_path):
    good = write("good.txt", article())
    missing = tmp_path / "nowhere" / "story.txt"
    report = run(store, missing, good)
    assert report.new == 1
    assert_quarantined_once(report, store, missing, "no such file")


# -- 11. URLs ----------------------------------------------------------------------------------


@pytest.fixture
def slow_server():
    """A local HTTP server whose every response is held back until the test ends."""
    release = threading.Event()
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            requests.append(self.path)
            release.wait(10)
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(article().encode())
            except OSError:
                pass  # the client gave up

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_url_that_times_out_is_quarantined(store, write, slow_server):
    base, requests = slow_server
    url = f"{base}/ferry"
    good = write("good.txt", article())
    started = time.perf_counter()
    report = run(store, url, good, options=IngestOptions(allow_private=True, timeout=0.5))
    assert time.perf_counter() - started < 5
    assert requests == ["/ferry"]
    assert_quarantined_once(report, store, url, "timed out", "timeout")
    assert report.new == 1


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.1.2.3", "169.254.169.254", "[::1]"])
def test_private_url_is_refused_without_allow_private(store, slow_server, host):
    base, requests = slow_server
    url = base.replace("127.0.0.1", host) + "/admin"
    report = run(store, url, options=IngestOptions(timeout=1))
    assert_quarantined_once(report, store, url, "private", "loopback")
    assert requests == []


# -- 12. a mixed batch -------------------------------------------------------------------------

BAD_FILES: dict[str, bytes] = {
    "a-empty.txt": b"",
    "b-photo.png": b"\x89PNG\r\n\x1a\n" + random.Random(5).randbytes(2000),
    "c-noise.txt": bytes(random.Random(7).randbytes(600)),
    "d-cut.txt.gz": gzip.compress(article("Drenn").encode())[:200],
    "e-blank.html": b"<html><head><title></title></head><body><div></div></body></html>",
    "f-empty-feed.rss": rss_feed().encode(),
    "g-crawl.warc": b"WARC/1.0\r\n" + random.Random(6).randbytes(400),
    "h-story.json": b'{"title": "Ferry", "text": ',
}


def test_mixed_batch_ingests_the_good_and_quarantines_each_bad_file_once(store, write, tmp_path):
    folder = tmp_path / "mixed"
    for name, content in BAD_FILES.items():
        write(f"mixed/{name}", content)
    write("mixed/m-good.txt", article())
    os.symlink(tmp_path / "gone.txt", folder / "z-broken.txt")

    report = run(store, folder)

    assert report.new == 1 == store.count_articles()
    bad = [*BAD_FILES, "z-broken.txt"]
    for name in bad:
        reasons = entries_for(report, folder / name)
        assert len(reasons) == 1, f"{name}: {reasons}"
        assert reasons[0].strip()
    assert len(report.quarantined) == len(bad)
    assert len(store.quarantined()) == len(bad)


# -- 13. CLI -----------------------------------------------------------------------------------


def _bad_folder(write) -> Path:
    for name in ("a-empty.txt", "b-photo.png", "g-crawl.warc", "h-story.json"):
        path = write(f"inbox/{name}", BAD_FILES[name])
    return path.parent


def test_cli_with_only_bad_files_fails_and_names_each(cli, db_url, write):
    folder = _bad_folder(write)
    result = cli("--db", db_url, "ingest", str(folder))
    assert result.exit_code != 0
    lines = result.output.splitlines()
    for path in sorted(folder.iterdir()):
        assert len([line for line in lines if str(path) in line]) == 1, result.output


def test_cli_with_a_good_file_among_bad_ones_succeeds(cli, db_url, write):
    folder = _bad_folder(write)
    write("inbox/m-good.txt", article())
    result = cli("--db", db_url, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for name in ("a-empty.txt", "b-photo.png", "g-crawl.warc", "h-story.json"):
        assert len([line for line in lines if str(folder / name) in line]) == 1, result.output
    assert not any(str(folder / "m-good.txt") in line for line in lines)
