"""The store: stable ids, idempotent re-ingest, URL versions, atomic batches, quarantine."""

import pytest
from sqlalchemy.exc import IntegrityError

from storyline.errors import NoSuchArticle, NoSuchStore, StoreError
from storyline.ingest import ingest
from storyline.models import Article, Rejected
from storyline.store import Store, open_store

PARAGRAPHS = (
    "The city library will open on Sundays from next month, the council said on Friday.\n\n"
    "Opening hours will be paid for by closing two branch libraries on Mondays, officials said."
)


def _article(article_id: str, text: str = PARAGRAPHS, url: str | None = None) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", format="text", text=text, url=url)


def test_open_store_reports_a_bad_url():
    with pytest.raises(StoreError):
        open_store("nosuchdialect://x")


def test_re_ingest_adds_nothing_and_skips_reading(write, store):
    path = write("library.txt", "Library opens on Sundays\n\n" + PARAGRAPHS)
    first = ingest([str(path)], store)
    again = ingest([str(path)], store)
    assert (first.new, again.new, again.duplicates) == (1, 0, 1)
    assert store.count_articles() == 1


def test_the_same_article_from_two_files_is_stored_once(write, store):
    a = write("a/library.txt", "Library opens on Sundays\n\n" + PARAGRAPHS)
    b = write("b/copy.txt", "Library opens on Sundays\n\n" + PARAGRAPHS + "\n")
    report = ingest([str(a), str(b)], store)
    assert (report.new, report.duplicates) == (1, 1)


def test_a_new_text_at_a_known_url_is_a_new_version(store):
    run = store.start_run("test")
    store.write_batch(run, [(_article("aaaa", url="https://x.example/a"), b"one")])
    new, duplicates = store.write_batch(
        run, [(_article("bbbb", text=PARAGRAPHS + " Updated.", url="https://x.example/a"), b"two")]
    )
    assert duplicates == 0 and (new[0].version, new[0].previous_version) == (2, "aaaa")
    assert store.get_article("bbbb").version == 2 and store.get_raw("bbbb") == b"two"


def test_a_batch_is_written_whole_or_not_at_all(store, monkeypatch):
    run = store.start_run("test")
    good = _article("good")
    import storyline.store as store_module

    original = store_module._article_row

    def failing_row(article, raw, run_id, seq):
        if article.id == "boom":
            raise IntegrityError("insert", {}, Exception("disk full"))
        return original(article, raw, run_id, seq)

    monkeypatch.setattr(store_module, "_article_row", failing_row)
    with pytest.raises(IntegrityError):
        store.write_batch(run, [(good, b""), (_article("boom"), b"")])
    assert store.count_articles() == 0


def test_quarantine_keeps_reason_and_bytes_once(store):
    run = store.start_run("test")
    bad = Rejected("broken.gz", "truncated gzip", b"\x1f\x8b")
    store.write_batch(run, [], rejected=[bad])
    store.write_batch(run, [], rejected=[bad])
    (row,) = store.quarantined()
    assert (row["source"], row["reason"]) == ("broken.gz", "truncated gzip")


def test_articles_are_found_by_id_prefix(store):
    run = store.start_run("test")
    store.write_batch(
        run, [(_article("abc123"), b""), (_article("abd456", text="Other text entirely here."), b"")]
    )
    assert store.get_article("abc").id == "abc123"
    with pytest.raises(NoSuchArticle):
        store.get_article("ab")  # two articles start with it
    with pytest.raises(NoSuchArticle):
        store.get_article("zzz")


def test_removed_lines_and_provenance_round_trip(write, store):
    path = write(
        "library.txt", "Home\nNews\nLibrary opens on Sundays\n\n" + PARAGRAPHS + "\n\n© 2024 City Post"
    )
    ingest([str(path)], store)
    article = next(store.iter_articles())
    stored = store.get_article(article.id)
    assert stored.removed and {r.reason for r in stored.removed} >= {"copyright notice"}
    assert stored.provenance["outlet"] == "copyright_line" and stored.outlet == "City Post"


def test_the_shown_url_hides_the_password_and_the_workers_url_keeps_it():
    from sqlalchemy import create_engine

    from storyline.store import Store

    store = Store(create_engine("postgresql+psycopg://news:s3cret@db.example/stories"))  # never connects
    assert "s3cret" not in store.url and "***" in store.url
    assert store.connect_url == "postgresql+psycopg://news:s3cret@db.example/stories"


def test_pending_ids_are_read_a_page_at_a_time_in_the_same_order(store: Store) -> None:
    from storyline.language.annotator import LanguageOptions, annotate_store, annotator_version
    from tests.conftest import EXAMPLES

    ingest([str(EXAMPLES / "articles")], store)
    version = annotator_version(LanguageOptions())
    everything = store.ids_to_annotate(version)
    assert len(everything) == store.count_to_annotate(version) > 5
    assert list(store.iter_ids_to_annotate(version, page=3)) == everything
    annotate_store(store, LanguageOptions(workers=1))
    assert store.count_to_annotate(version) == 0 and not list(store.iter_ids_to_annotate(version, page=3))

    in_order = list(store.iter_ids_to_cluster(page=1000))
    assert len(in_order) == store.count_to_cluster() == len(everything)
    assert list(store.iter_ids_to_cluster(page=2)) == in_order
    published = {a.id: a.published for a in store.get_articles(in_order, with_text=False)}
    dated = [published[i] for i in in_order if published[i] is not None]
    assert dated == sorted(dated)  # by day, the undated last
    assert all(published[i] is None for i in in_order[len(dated) :])


def test_a_store_that_must_exist_is_not_made(tmp_path):
    path = tmp_path / "nowhere.db"
    with pytest.raises(NoSuchStore, match=f"no store at {path}$"):
        open_store(f"sqlite:///{path}", create=False)
    assert not path.exists()
    open_store(f"sqlite:///{path}").close()  # made by a command that writes
    reopened = open_store(f"sqlite:///{path}", create=False)
    assert reopened.count_articles() == 0
    reopened.close()


def test_a_postgresql_database_without_our_tables_is_refused_as_it_is(postgres_url):
    from sqlalchemy import create_engine, inspect

    with pytest.raises(NoSuchStore, match="holds no Storyline tables"):
        open_store(postgres_url, create=False)
    engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    assert inspect(engine).get_table_names() == []  # refusing created nothing
    engine.dispose()
    open_store(postgres_url).close()
    open_store(postgres_url, create=False).close()


def test_quarantine_entries_are_listed_by_source_and_forgotten_by_id(store):
    run = store.start_run("test")
    rejected = [Rejected(f"bad-{n}.gz", "truncated gzip", bytes([n])) for n in range(3)]
    store.write_batch(run, [], rejected=rejected)
    picked = store.quarantined(["bad-2.gz", "bad-0.gz", "nope"])
    assert [row["source"] for row in picked] == ["bad-0.gz", "bad-2.gz"]
    assert store.forget_quarantined([row["id"] for row in picked]) == 2
    assert [row["source"] for row in store.quarantined()] == ["bad-1.gz"]
