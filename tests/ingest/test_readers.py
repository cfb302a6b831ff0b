"""Each input format reaches the store as articles with its metadata; containers are unpacked."""

import gzip
import io
import json
import zipfile

import pytest

from storyline.ingest import IngestOptions, ingest
from storyline.ingest.readers import sniff_format
from storyline.ingest.sources import Blob

PARAGRAPHS = [
    "The night train between Orsk and Velim will stop running in December, the rail operator said on Tuesday.",
    "Passenger numbers on the route have halved since 2019, the operator said, and the sleeping cars need replacing.",
    "Local councils along the line said they would ask the ministry to keep a daytime service running.",
]
PLAIN = "Night train to Velim to be cut\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
HTML = (
    "<html><head><title>Night train to Velim to be cut | The Orsk Record</title>"
    '<meta property="og:site_name" content="The Orsk Record">'
    '<meta property="article:published_time" content="2024-10-01T08:00:00Z">'
    '<meta name="author" content="Lena Vos"></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>'
    "<article><h1>Night train to Velim to be cut</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article><footer>© 2024 The Orsk Record</footer></body></html>"
)


def _articles(store):
    return {a.source: a for a in store.iter_articles()}


def test_plain_text(write, store):
    path = write("train.txt", PLAIN)
    report = ingest([str(path)], store)
    (article,) = _articles(store).values()
    assert report.new == 1 and article.title == "Night train to Velim to be cut"
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "front_matter",
    [
        '---\ntitle: "Night train to Velim to be cut"\ndate: 2024-10-01\nauthor: Lena Vos\nsite: The Orsk Record\n---\n',
        '+++\ntitle = "Night train to Velim to be cut"\ndate = 2024-10-01\nauthor = "Lena Vos"\nsite = "The Orsk Record"\n+++\n',
    ],
    ids=["yaml", "toml"],
)
def test_markdown_front_matter(write, store, front_matter):
    path = write(
        "train.md", front_matter + "\n# Night train to Velim to be cut\n\n" + "\n\n".join(PARAGRAPHS)
    )
    ingest([str(path)], store)
    (article,) = _articles(store).values()
    assert (article.title, article.published, article.author, article.outlet) == (
        "Night train to Velim to be cut",
        "2024-10-01",
        "Lena Vos",
        "The Orsk Record",
    )
    assert article.provenance["published"] == "front_matter"
    assert article.text.split("\n\n") == PARAGRAPHS


def test_html_page_uses_meta_tags_and_leaves_the_page_chrome_out(write, store):
    ingest([str(write("page.html", HTML))], store)
    (article,) = _articles(store).values()
    assert (article.title, article.outlet, article.author, article.published) == (
        "Night train to Velim to be cut",
        "The Orsk Record",
        "Lena Vos",
        "2024-10-01",
    )
    assert all(p in article.text for p in PARAGRAPHS) and "Home" not in article.text
    assert any("© 2024 The Orsk Record" in r.text for r in article.removed)


def test_feed_entries_with_bodies_are_articles_and_the_rest_are_links(write, store):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    feed = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
    <channel><title>Rail – The Orsk Record</title><link>https://orskrecord.example/rail/</link>
    <item><title>Night train to Velim to be cut</title><link>https://orskrecord.example/a</link>
    <pubDate>Tue, 01 Oct 2024 08:00:00 +0000</pubDate><content:encoded><![CDATA[{body}]]></content:encoded></item>
    <item><title>Photo gallery</title><link>https://orskrecord.example/b</link><description>Ten pictures.</description></item>
    </channel></rss>"""
    report = ingest([str(write("feed.xml", feed))], store)
    (article,) = _articles(store).values()
    assert report.new == 1 and report.links == 1
    assert (article.outlet, article.published, article.url) == (
        "The Orsk Record",
        "2024-10-01",
        "https://orskrecord.example/a",
    )
    assert [link.url for link in store.feed_links()] == ["https://orskrecord.example/b"]


def test_warc_html_responses_become_articles(write, store):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, payload, kind in [
        ("https://orskrecord.example/a", HTML.encode(), "text/html"),
        ("https://orskrecord.example/robots.txt", b"User-agent: *\n", "text/plain"),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=headers
        )
        writer.write_record(record)
    report = ingest([str(write("crawl.warc.gz", buffer.getvalue()))], store)
    (article,) = _articles(store).values()
    assert report.new == 1 and article.source.endswith("#https://orskrecord.example/a")
    assert article.url == "https://orskrecord.example/a"


def test_jsonl_with_user_field_mapping(write, store):
    records = [
        {"body": "\n\n".join(PARAGRAPHS), "headline": "Night train to Velim to be cut", "when": "2024-10-01"},
        {
            "body": "\n\n".join(reversed(PARAGRAPHS)),
            "headline": "Velim line: what next",
            "when": "2024-10-02",
        },
    ]
    path = write("dump.jsonl", "\n".join(json.dumps(r) for r in records))
    report = ingest([str(path)], store, IngestOptions(fields={"text": "body", "published": "when"}))
    assert report.new == 2
    dates = sorted(a.published for a in store.iter_articles())
    assert dates == ["2024-10-01", "2024-10-02"]


def test_zip_and_gzip_are_unpacked(write, store, tmp_path):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("news/train.txt", PLAIN)
        zipped.writestr("news/page.html", HTML)
    report = ingest(
        [
            str(write("bundle.zip", archive.getvalue())),
            str(write("train2.txt.gz", gzip.compress(HTML.encode()))),
        ],
        store,
    )
    # The same article as text, as a page and gzipped: one article, its id comes from its content.
    assert (report.read, report.new, report.duplicates) == (3, 1, 2)
    assert list(_articles(store)) == [f"{tmp_path}/bundle.zip!news/page.html"]


def test_stdin(store, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(PLAIN.encode())))
    report = ingest(["-"], store)
    assert report.new == 1 and next(store.iter_articles()).source == "<stdin>"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.txt", b"WARC/1.0\r\n", "warc"),
        ("a.bin", b"<?xml version='1.0'?><rss version='2.0'>", "feed"),
        ("no-extension", b"<!DOCTYPE html><html><body><p>x</p>", "html"),
        ("a.txt", b"---\ntitle: x\n---\nbody", "markdown"),
        ("a.data", b'{"text": "x"}', "json"),
        ("a.md", b"Just words, no markup at all.", "text"),
        ("a.txt", b"\x89PNG\r\n\x1a\nrest", "binary:a PNG image"),
        ("make_warc.py", b"import sys\nprint(sys.argv)\n", "not-news:.py"),
        ("config.yaml", b"key: value\n", "not-news:.yaml"),
    ],
)
def test_formats_are_sniffed_from_content(name, data, expected):
    assert sniff_format(Blob(name, data, "")) == expected


def test_hard_wrapped_text_is_unwrapped_into_paragraphs(write, store):
    wrapped = (
        "Night train to Velim to be cut\n\n"
        "The night train between Orsk and Velim will stop running in December,\n"
        "the rail operator said on Tuesday, ending a service that has run since\n"
        "the line opened in the last years of the old century.\n\n"
        "Passenger numbers on the route have halved since 2019, the operator said,\n"
        "and the sleeping cars are too old to repair at a reasonable price, so the\n"
        "company would rather spend the money on daytime trains instead.\n"
    )
    ingest([str(write("wrapped.txt", wrapped))], store)
    article = next(store.iter_articles())
    paragraphs = article.text.split("\n\n")
    assert (
        len(paragraphs) == 2
        and paragraphs[0].startswith("The night train")
        and paragraphs[0].endswith("century.")
    )
    assert article.title == "Night train to Velim to be cut"
