"""Retrying the quarantine: which input each entry is read from, and what becomes of the entry."""

from __future__ import annotations

import importlib

import pytest

from storyline.ingest import ingest
from storyline.ingest.retry import NOT_RETRIED, QUARANTINED, STORED, retry_quarantined, retry_target
from storyline.models import Rejected

# The module, not the function `storyline.ingest` the package exports under the same name.
ingest_module = importlib.import_module("storyline.ingest")

TEXT = (
    "Library opens on Sundays\n\n"
    "The city library will open on Sundays from next month, the council said on Friday.\n\n"
    "Opening hours will be paid for by closing two branch libraries on Mondays, officials said."
)


def test_an_entry_is_read_again_from_the_input_that_holds_it(write, tmp_path):
    lines = write("dump.jsonl", "{}\n")
    archive = write("pages.zip", b"PK")
    feed = write("feed.xml", "<rss/>")
    (tmp_path / "notes").mkdir()
    assert retry_target(str(lines)) == str(lines)
    assert retry_target(f"{lines}:3") == str(lines)
    assert retry_target(f"{archive}!dir/a.jsonl:2") == str(archive)
    assert retry_target(f"{feed}#https://news.example/a#b") == str(feed)
    assert retry_target(str(tmp_path / "notes")) == str(tmp_path / "notes")  # a folder that failed to list
    assert retry_target(f"{tmp_path / 'notes'}#2") is None  # a container is a file
    assert retry_target(str(tmp_path / "gone.txt")) is None
    assert retry_target("<stdin>") is None and retry_target("<stdin>:4") is None


def test_a_url_entry_is_fetched_again_without_its_record():
    assert (
        retry_target("https://news.example/feed.xml#https://news.example/a")
        == "https://news.example/feed.xml"
    )
    assert retry_target("https://news.example/dump.jsonl:12") == "https://news.example/dump.jsonl"
    assert retry_target("https://news.example/pages.zip!a.html") == "https://news.example/pages.zip"
    assert retry_target("http://news.example:8080") == "http://news.example:8080"  # a port, not a line


def test_a_document_rejected_after_reading_is_read_again_next_time(write, store, monkeypatch):
    # The blob was read, but its one document was refused later (as a page of nothing but chrome
    # is): the input is not recorded as read, so the next run, or a retry, reads it again.
    path = write("page.txt", TEXT)
    cleaned = ingest_module.clean_documents

    def refusing(documents):
        for document, result in zip(documents, cleaned(documents), strict=True):
            yield Rejected(document.source, "no article text left", document.raw) if refuse else result

    monkeypatch.setattr(ingest_module, "clean_documents", refusing)
    refuse = True
    assert [r.reason for r in ingest([str(path)], store).quarantined] == ["no article text left"]
    assert [r.reason for r in ingest([str(path)], store).quarantined] == ["no article text left"]
    refuse = False
    report = retry_quarantined(store)
    assert [(e.source, e.status) for e in report.entries] == [(str(path), STORED)]
    assert report.new == 1 and store.count_articles() == 1 and store.quarantined() == []


def test_retry_of_some_sources_leaves_the_others(write, store, tmp_path):
    bad = write("bad.json", "{oops")
    gone = tmp_path / "gone.txt"
    ingest([str(bad), str(gone)], store)
    report = retry_quarantined(store, sources=[str(bad)])
    assert [(e.source, e.status) for e in report.entries] == [(str(bad), QUARANTINED)]
    assert {row["source"] for row in store.quarantined()} == {str(bad), str(gone)}
    report = retry_quarantined(store, sources=[str(gone)])
    assert [(e.source, e.status, e.now) for e in report.entries] == [
        (str(gone), NOT_RETRIED, "not there any more (no such file or folder)")
    ]
    assert report.runs == []


@pytest.mark.parametrize("content", [b"", b"{oops"])
def test_a_record_that_reads_now_leaves_while_its_sibling_stays(write, store, content):
    good = '{"text": "' + TEXT.replace("\n", " ") + '"}'
    path = write("dump.jsonl", good + '\n{"copy": "x"}\n' + content.decode())
    ingest([str(path)], store)
    before = {row["source"] for row in store.quarantined()}
    assert f"{path}:2" in before
    path.write_text(good + '\n{"text": "' + TEXT.replace("Sundays", "Saturdays").replace("\n", " ") + '"}\n')
    report = retry_quarantined(store)
    assert {e.source: e.status for e in report.entries} == dict.fromkeys(before, STORED)
    assert store.quarantined() == [] and store.count_articles() == 2
