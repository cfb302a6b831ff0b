"""Storage behind one small interface: `open_store(url)` returns a `Store` for SQLite or PostgreSQL.

>>> store = open_store("sqlite:///:memory:")
>>> store.count_articles()
0
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    exists,
    func,
    insert,
    inspect,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError

from storyline.errors import NoSuchArticle, NoSuchStore, NoSuchStory, StoreBusy, StoreError
from storyline.models import (
    Annotations,
    Article,
    CopyLink,
    EncodedAnnotations,
    Episode,
    FeedLink,
    Placement,
    Rejected,
    RemovedLine,
    Story,
    StoryRecord,
    sha256_hex,
)
from storyline.store import schema
from storyline.store.locks import ADVISORY_KEYS, held_alone
from storyline.store.search import (
    ArticleFilter,
    ArticlePage,
    create_search_index,
    filtered_articles,
    has_search_index,
)

__all__ = ["ArticleFilter", "ArticlePage", "Store", "open_store", "DEFAULT_DB_URL"]

DEFAULT_DB_URL = "sqlite:///storyline.db"

# How long a SQLite writer waits for another one to commit before it gives up.
SQLITE_BUSY_SECONDS = 60


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open the store at a SQLAlchemy URL: `sqlite:///path.db` or `postgresql://...`.

    A store not there yet is created, or with `create=False` refused with `NoSuchStore`: a
    SQLite file that does not exist (none is made), a database without Storyline's tables."""
    url = _with_driver(url or os.environ.get("STORYLINE_DB") or DEFAULT_DB_URL)
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open store {url!r}: {exc}") from exc
    store = Store(engine)
    try:
        if engine.dialect.name == "sqlite":
            path = _sqlite_file(engine)
            if not create and path is not None:
                if not os.path.exists(path):
                    raise NoSuchStore(f"no store at {path}")
                # Looked at before our settings are applied (WAL is written into the file): a
                # database that is not a store is left as it was.
                with engine.connect() as conn:
                    _require_tables(conn, engine)
                engine.dispose()
            event.listen(engine, "connect", _tune_sqlite)
        store.migrate(create=create)
    except DatabaseError as exc:
        engine.dispose()
        raise StoreError(f"cannot open store {store.url!r}: {exc.orig}") from exc
    except NoSuchStore:
        engine.dispose()
        raise
    return store


def _sqlite_file(engine: Engine) -> str | None:
    """The file a SQLite URL names; None for an in-memory database or a `file:` URI."""
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def _with_driver(url: str) -> str:
    """`postgresql://` means psycopg 3 (the `postgres` extra) unless the URL names a driver:
    SQLAlchemy's own default for it is the older psycopg2."""
    if url.startswith(("postgresql://", "postgres://")):
        if importlib.util.find_spec("psycopg") is None:
            raise StoreError(
                f"cannot open store {make_url(url).render_as_string(hide_password=True)!r}: "
                "PostgreSQL needs psycopg (pip install 'storyline[postgres]')"
            )
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _shown_url(engine: Engine) -> str:
    """A store as a message names it: a SQLite file by its path, another URL without its password."""
    if engine.dialect.name == "sqlite":
        return _sqlite_file(engine) or engine.url.render_as_string()
    return engine.url.render_as_string(hide_password=True)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Set first: even switching a new database to WAL may have to wait for another process.
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
    # WAL lets readers (the web app) go on while ingest writes; NORMAL sync is safe under WAL.
    # Switching a new file to WAL while another connection does the same can answer "database
    # is locked" at once, without the busy timeout: it is tried again, for as long.
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _now() -> datetime:
    return datetime.now(UTC)


# Ids are hex digests cut short (tests and migrations use short words): a user's id or prefix of
# another shape, or longer than any id, names no record and never reaches the database.
_ID_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}")


def is_id_shaped(value: str) -> bool:
    """Whether `value` can be an article or story id, or a prefix of one."""
    return _ID_SHAPE.fullmatch(value) is not None


class Store:
    """Owns the connection and the write path. Every write of a batch is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._indexed: bool | None = None  # whether the full-text index exists (looked up once)

    @property
    def url(self) -> str:
        """The store's URL as it may be shown: the password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def connect_url(self) -> str:
        """The store's URL with its password, for workers that open the store themselves."""
        return self.engine.url.render_as_string(hide_password=False)

    def migrate(self, *, create: bool = True) -> None:
        """Bring the store's schema to the newest Alembic revision (a no-op when it is there).

        With `create=False` a database without Storyline's tables is refused, not given them."""
        from storyline.store.migrations import HEAD

        with self.engine.connect() as conn:
            if _schema_revision(conn) == HEAD:
                return  # without waiting for a lock: the usual case
        # Processes opening a new store at once: one migrates, in one transaction, and the others
        # wait for it, then find the store at HEAD.
        with self.exclusive("migrate"), self._writing() as conn:
            if _schema_revision(conn) == HEAD:
                return
            if not create:
                _require_tables(conn, self.engine)
            from alembic import command

            from storyline.store.migrations import alembic_config

            config = alembic_config(conn)
            if _made_by_first_migrations(conn):
                # Stores made before Alembic kept their own schema_version (1 to 5); the tables
                # they may lack are created, and the store joins Alembic at its first revision.
                schema.metadata.create_all(conn)
                create_search_index(conn)
                command.stamp(config, "0001")
            command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()

    def exclusive(self, task: str) -> AbstractContextManager[None]:
        """Hold the store-wide lock of `task` ("migrate", "cluster") for the block, waiting while
        another process holds it: two runs that would each rework the same rows take turns."""
        return held_alone(self.engine, task)

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction. On SQLite it takes the write lock first (BEGIN IMMEDIATE): one that
        read first would fail at its first write, without waiting, if another writer had committed
        since its read (a WAL snapshot cannot become a write); this one waits its turn instead."""
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                yield conn
        except OperationalError as exc:
            if "database is locked" in str(exc.orig):
                raise StoreBusy(
                    f"the store {self.url} stayed locked by another writer for over "
                    f"{SQLITE_BUSY_SECONDS} s; try again when it is done"
                ) from exc
            raise

    # -- runs ---------------------------------------------------------------------------------

    def start_run(self, command: str) -> int:
        with self._writing() as conn:
            result = conn.execute(insert(schema.runs).values(command=command, started_at=_now()))
            key = result.inserted_primary_key
            assert key is not None  # an INSERT into a table with an integer primary key
            return int(key[0])

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self._writing() as conn:
            conn.execute(
                update(schema.runs)
                .where(schema.runs.c.id == run_id)
                .values(finished_at=_now(), summary=summary)
            )

    # -- inputs -------------------------------------------------------------------------------

    def known_inputs(self, among: Iterable[str] | None = None) -> dict[str, int]:
        """Ingested inputs' content hashes with their document counts: all of them, or those
        `among` these hashes (a few IN queries)."""
        columns = select(schema.inputs.c.sha256, schema.inputs.c.documents)
        with self.engine.connect() as conn:
            if among is None:
                rows = list(conn.execute(columns))
            else:
                column = schema.inputs.c.sha256
                rows = [
                    row
                    for chunk in _chunks(sorted(set(among)))
                    for row in conn.execute(columns.where(column.in_(chunk)))
                ]
            return {row.sha256: row.documents for row in rows}

    # -- the write path -----------------------------------------------------------------------

    def write_batch(
        self,
        run_id: int,
        articles: Sequence[tuple[Article, bytes]],
        links: Sequence[FeedLink] = (),
        rejected: Sequence[Rejected] = (),
        inputs: Sequence[tuple[str, str, int]] = (),
    ) -> tuple[list[Article], int]:
        """Write one batch atomically. Returns (the articles that were new, how many were duplicates).

        An article whose URL is already stored with other text becomes its next version.
        """
        new: list[Article] = []
        duplicates = 0
        with self._writing() as conn:
            if conn.dialect.name == "postgresql":
                # Arrival and version numbers follow what is stored: writers take turns (as they
                # do on SQLite), or two would give the same numbers to different articles.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEYS["articles"]})
            stored = _existing(conn, schema.articles.c.id, [a.id for a, _ in articles])
            latest = self._latest_versions(conn, [a.url for a, _ in articles if a.url])
            seq = conn.execute(select(func.coalesce(func.max(schema.articles.c.seq), 0))).scalar() or 0
            rows = []
            for article, raw in articles:
                if article.id in stored:
                    duplicates += 1
                    continue
                stored.add(article.id)
                if article.url and article.url in latest:
                    previous_id, previous_version = latest[article.url]
                    article.version = previous_version + 1
                    article.previous_version = previous_id
                if article.url:
                    latest[article.url] = (article.id, article.version)
                seq += 1
                rows.append(_article_row(article, raw, run_id, seq))
                new.append(article)
            inserted = _insert_new(conn, schema.articles, rows, "id")
            if len(inserted) < len(rows):  # a concurrent writer stored some of them first
                duplicates += len(rows) - len(inserted)
                new = [a for a in new if a.id in inserted]
            known_links = _existing(conn, schema.links.c.url, [link.url for link in links])
            link_rows = []
            for link in links:
                if link.url not in known_links:
                    known_links.add(link.url)
                    link_rows.append(
                        {
                            "url": link.url,
                            "source": link.source,
                            "title": link.title,
                            "published": link.published,
                            "summary": link.summary,
                            "run_id": run_id,
                        }
                    )
            _insert_new(conn, schema.links, link_rows, "url")
            for item in rejected:
                self._quarantine(conn, run_id, item)
            known_inputs = _existing(conn, schema.inputs.c.sha256, [sha for sha, _, _ in inputs])
            input_rows = []
            for sha, source, documents in inputs:
                if sha not in known_inputs:
                    known_inputs.add(sha)
                    input_rows.append(
                        {"sha256": sha, "source": source, "documents": documents, "run_id": run_id}
                    )
            _insert_new(conn, schema.inputs, input_rows, "sha256")
        return new, duplicates

    def _latest_versions(self, conn: Any, urls: list[str]) -> dict[str, tuple[str, int]]:
        latest: dict[str, tuple[str, int]] = {}
        table = schema.articles
        for chunk in _chunks(sorted(set(urls))):
            rows = conn.execute(
                select(table.c.url, table.c.id, table.c.version).where(table.c.url.in_(chunk))
            )
            for row in rows:
                if row.url not in latest or row.version > latest[row.url][1]:
                    latest[row.url] = (row.id, row.version)
        return latest

    def _quarantine(self, conn: Any, run_id: int, item: Rejected) -> None:
        sha = sha256_hex(item.raw)
        exists = conn.execute(
            select(schema.quarantine.c.id).where(
                schema.quarantine.c.source == item.source,
                schema.quarantine.c.raw_sha256 == sha,
                schema.quarantine.c.reason == item.reason,
            )
        ).first()
        if exists:
            return
        try:
            with conn.begin_nested():
                conn.execute(
                    insert(schema.quarantine).values(
                        source=item.source,
                        reason=item.reason,
                        raw=item.raw,
                        raw_sha256=sha,
                        run_id=run_id,
                        created_at=_now(),
                    )
                )
        except IntegrityError:
            pass  # the same input failed the same way in a concurrent run

    # -- annotations --------------------------------------------------------------------------

    def ids_to_annotate(self, annotator: str, *, redo: bool = False) -> list[str]:
        """Ids of articles without annotations from this annotator version (all of them with `redo`)."""
        return list(self.iter_ids_to_annotate(annotator, redo=redo))

    def iter_ids_to_annotate(
        self, annotator: str, *, redo: bool = False, page: int = 10_000
    ) -> Iterator[str]:
        """The same, read a page at a time (in storage order), so that a big store's ids are never
        all in memory; articles annotated meanwhile may still come."""
        table = schema.articles
        query = select(table.c.seq, table.c.id).order_by(table.c.seq).limit(page)
        if not redo:
            query = query.where(~self._annotated_by(annotator))
        last = -1
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(query.where(table.c.seq > last)).all()
            yield from (row.id for row in rows)
            if len(rows) < page:
                return
            last = rows[-1].seq

    def count_to_annotate(self, annotator: str, *, redo: bool = False) -> int:
        query = select(func.count()).select_from(schema.articles)
        if not redo:
            query = query.where(~self._annotated_by(annotator))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    @staticmethod
    def _annotated_by(annotator: str) -> Any:
        """Whether an article holds annotations of this annotator (a correlated EXISTS on the
        primary key: a page of ids costs lookups of the rows it reads)."""
        table = schema.article_annotations
        return exists().where(table.c.article_id == schema.articles.c.id, table.c.annotator == annotator)

    def get_articles(self, ids: Sequence[str], *, with_text: bool = True) -> list[Article]:
        """These articles (without raw bytes; with `with_text=False`, with empty text too: for
        readers of metadata only), in the order of `ids`."""
        left_out = {"raw"} if with_text else {"raw", "text", "removed"}
        columns = [c for c in schema.articles.c if c.name not in left_out]
        found: dict[str, Article] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(ids)):
                for row in conn.execute(select(*columns).where(schema.articles.c.id.in_(chunk))):
                    found[row.id] = _row_to_article(row._mapping)
        return [found[i] for i in ids if i in found]

    def write_annotations(
        self,
        run_id: int,
        annotations: Sequence[Annotations | EncodedAnnotations],
        *,
        replace_current: bool = True,
    ) -> None:
        """Store a batch of annotations in one transaction, replacing older ones of those articles;
        with `replace_current=False`, not those already annotated by the same annotator version
        (another run got there first, and its annotations may have been refined since)."""
        if not annotations:
            return
        batch = [
            a if isinstance(a, EncodedAnnotations) else EncodedAnnotations.encode(a) for a in annotations
        ]
        # One row per article (the last of the batch wins), upserted: a concurrent annotator of
        # the same article replaces (or leaves), never doubles, its row.
        rows = {
            a.article_id: {
                "article_id": a.article_id,
                "annotator": a.annotator,
                "data": a.json,
                "run_id": run_id,
            }
            for a in batch
        }
        with self._writing() as conn:
            _upsert(
                conn,
                schema.article_annotations,
                list(rows.values()),
                ["article_id"],
                unless_same=None if replace_current else "annotator",
            )

    def get_annotations(self, article_id: str) -> Annotations | None:
        with self.engine.connect() as conn:
            data = conn.execute(
                select(schema.article_annotations.c.data).where(
                    schema.article_annotations.c.article_id == article_id
                )
            ).scalar()
        return Annotations.from_dict(json.loads(data)) if data else None

    def annotations_of(self, ids: Sequence[str]) -> dict[str, Annotations]:
        """The annotations of these articles (those that have any), by article id."""
        table = schema.article_annotations
        found: dict[str, Annotations] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(ids)):
                for data in conn.execute(select(table.c.data).where(table.c.article_id.in_(chunk))).scalars():
                    annotations = Annotations.from_dict(json.loads(data))
                    found[annotations.article_id] = annotations
        return found

    def iter_annotations(self) -> Iterator[Annotations]:
        with self.engine.connect() as conn:
            for data in conn.execute(select(schema.article_annotations.c.data)).scalars():
                yield Annotations.from_dict(json.loads(data))

    def count_annotations(self, annotator: str | None = None) -> int:
        query = select(func.count()).select_from(schema.article_annotations)
        if annotator is not None:
            query = query.where(schema.article_annotations.c.annotator == annotator)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    # -- stories ------------------------------------------------------------------------------

    def ids_to_cluster(self) -> list[str]:
        """Annotated articles not yet placed in a story: dated ones by publication date, then
        undated ones. Articles of one day come in id order, not arrival order, so that the files
        of a day give the same stories in whatever order they were read. Articles without
        annotations wait: stories are told by their entities and dates too."""
        return list(self.iter_ids_to_cluster())

    def iter_ids_to_cluster(self, page: int = 10_000) -> Iterator[str]:
        """The same, read a page at a time; articles placed meanwhile are not given again."""
        table = schema.articles
        base = select(table.c.id, table.c.published).where(*self._waiting_to_be_placed())
        dated = base.where(table.c.published.is_not(None)).order_by(table.c.published, table.c.id).limit(page)
        after: tuple[str, str] | None = None
        while True:
            query = dated
            if after is not None:
                published, last_id = after
                query = dated.where(
                    (table.c.published > published)
                    | ((table.c.published == published) & (table.c.id > last_id))
                )
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            yield from (row.id for row in rows)
            if len(rows) < page:
                break
            after = (rows[-1].published, rows[-1].id)
        undated = base.where(table.c.published.is_(None)).order_by(table.c.id).limit(page)
        last: str | None = None
        while True:
            query = undated if last is None else undated.where(table.c.id > last)
            with self.engine.connect() as conn:
                ids = list(conn.execute(query).scalars())
            yield from ids
            if len(ids) < page:
                return
            last = ids[-1]

    def count_to_cluster(self) -> int:
        query = select(func.count()).select_from(schema.articles).where(*self._waiting_to_be_placed())
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    @staticmethod
    def _waiting_to_be_placed() -> tuple[Any, Any]:
        # Correlated EXISTS on the two primary keys, so that a page of ids costs lookups of the
        # rows it reads: NOT IN (subquery) made SQLite collect every placed id again for each page.
        articles, members, annotations = schema.articles, schema.story_members, schema.article_annotations
        placed = exists().where(members.c.article_id == articles.c.id)
        annotated = exists().where(annotations.c.article_id == articles.c.id)
        return ~placed, annotated

    def placed_stories(self, published_from: str | None = None) -> dict[str, str]:
        """The story of every placed article, by article id, in placement order; with
        `published_from` (an ISO day), only of those published that day or later, and of those
        without a day of publication."""
        table, articles = schema.story_members, schema.articles
        query = select(table.c.article_id, table.c.story_id).order_by(table.c.seq)
        if published_from is not None:
            query = query.join(articles, articles.c.id == table.c.article_id).where(
                (articles.c.published >= published_from)
                | articles.c.published.is_(None)
                | (func.length(articles.c.published) < 10)
            )
        with self.engine.connect() as conn:
            return {row.article_id: row.story_id for row in conn.execute(query)}

    def count_placed(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.story_members)).scalar() or 0)

    def newest_placed_day(self) -> str | None:
        """The latest day of publication (ISO) among placed articles."""
        articles = schema.articles
        query = (
            select(func.max(func.substr(articles.c.published, 1, 10)))
            .join(schema.story_members, schema.story_members.c.article_id == articles.c.id)
            .where(func.length(articles.c.published) >= 10)
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def story_states(self) -> dict[str, str]:
        """Every live story's clusterer state (JSON), by story id."""
        table = schema.stories
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.id, table.c.state).where(table.c.merged_into.is_(None)))
            return {row.id: row.state for row in rows}

    def copy_signatures(self, article_ids: Sequence[str] | None = None) -> Iterator[tuple[str, bytes]]:
        """The stored copy signatures (of these articles, or all), by article id."""
        table = schema.copy_signatures
        columns = select(table.c.article_id, table.c.signature)
        if article_ids is None:
            queries = [columns.order_by(table.c.article_id)]
        else:
            queries = [columns.where(table.c.article_id.in_(chunk)) for chunk in _chunks(sorted(article_ids))]
        with self.engine.connect() as conn:
            for query in queries:
                for row in conn.execute(query):
                    yield row.article_id, row.signature

    def stale_stories(self) -> list[str]:
        """Stories whose state changed after their summary was written: a run stopped between."""
        table = schema.stories
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(table.c.id).where(table.c.stale.is_(True), table.c.merged_into.is_(None))
                ).scalars()
            )

    def write_stories(
        self,
        run_id: int,
        placements: Sequence[Placement],
        stories: Sequence[StoryRecord],
        copies: Sequence[CopyLink] = (),
        signatures: Sequence[tuple[str, bytes]] = (),
        merges: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Write one clustering batch in one transaction: placements, changed stories, copy links
        (replacing older links of the same articles), signatures and merges (story, into)."""
        with self._writing() as conn:
            seq = conn.execute(select(func.coalesce(func.max(schema.story_members.c.seq), 0))).scalar() or 0
            if placements:
                conn.execute(
                    insert(schema.story_members),
                    [
                        {
                            "article_id": p.article,
                            "story_id": p.story,
                            "how": p.how,
                            "similarity": p.similarity,
                            "day": p.day,
                            "terms": json.dumps(p.terms, separators=(",", ":")),
                            "seq": seq + offset,
                            "run_id": run_id,
                        }
                        for offset, p in enumerate(placements, start=1)
                    ],
                )
            for story in stories:
                row: dict[str, Any] = {
                    "state": story.state,
                    "size": story.size,
                    "run_id": run_id,
                    "stale": True,
                }
                if story.shown is not None:
                    row["title"] = story.shown.title
                    row["summary"] = json.dumps(story.shown.to_dict(), ensure_ascii=False)
                    row["stale"] = False
                updated = conn.execute(
                    update(schema.stories).where(schema.stories.c.id == story.id).values(**row)
                ).rowcount
                if not updated:
                    blank = Story(id=story.id, title="")
                    row.setdefault("title", blank.title)
                    row.setdefault("summary", json.dumps(blank.to_dict()))
                    conn.execute(insert(schema.stories).values(id=story.id, **row))
            for merged, into in merges:
                conn.execute(
                    update(schema.stories).where(schema.stories.c.id == merged).values(merged_into=into)
                )
                conn.execute(
                    update(schema.story_members)
                    .where(schema.story_members.c.story_id == merged)
                    .values(story_id=into)
                )
                conn.execute(
                    insert(schema.story_events).values(
                        kind="merge", story_id=merged, other_id=into, run_id=run_id, created_at=_now()
                    )
                )
            if copies:
                ids = [c.article for c in copies]
                for chunk in _chunks(ids):
                    conn.execute(delete(schema.copies).where(schema.copies.c.article_id.in_(chunk)))
                conn.execute(
                    insert(schema.copies),
                    [
                        {
                            "article_id": c.article,
                            "copy_of": c.copy_of,
                            "similarity": c.similarity,
                            "kind": c.kind,
                            "original_outlet": c.original_outlet,
                            "evidence": c.evidence,
                            "run_id": run_id,
                        }
                        for c in copies
                    ],
                )
            if signatures:
                conn.execute(
                    insert(schema.copy_signatures),
                    [{"article_id": article, "signature": signature} for article, signature in signatures],
                )

    def placements(self, story_ids: Sequence[str] | None = None) -> list[Placement]:
        """Placed articles (of these stories, or all), in placement order."""
        table = schema.story_members
        if story_ids is None:
            queries = [select(table)]
        else:
            queries = [select(table).where(table.c.story_id.in_(chunk)) for chunk in _chunks(list(story_ids))]
        rows: list[Any] = []
        with self.engine.connect() as conn:
            for query in queries:
                rows.extend(conn.execute(query))
        rows.sort(key=lambda r: r.seq)
        return [
            Placement(r.article_id, r.story_id, r.how, r.similarity, r.day, json.loads(r.terms or "{}"))
            for r in rows
        ]

    def story_of(self, article_id: str) -> tuple[str, CopyLink | None] | None:
        """The story an article was placed in and its copy link, or None if it is not placed yet."""
        with self.engine.connect() as conn:
            story = conn.execute(
                select(schema.story_members.c.story_id).where(schema.story_members.c.article_id == article_id)
            ).scalar()
            row = conn.execute(select(schema.copies).where(schema.copies.c.article_id == article_id)).first()
        if story is None:
            return None
        link = (
            CopyLink(
                row.article_id, row.copy_of, row.similarity, row.kind, row.original_outlet, row.evidence or []
            )
            if row is not None
            else None
        )
        return story, link

    def copy_links(self, article_ids: Sequence[str] | None = None) -> list[CopyLink]:
        """Copy links (of these articles, or all), by article id."""
        table = schema.copies
        if article_ids is None:
            queries = [select(table)]
        else:
            queries = [
                select(table).where(table.c.article_id.in_(chunk)) for chunk in _chunks(list(article_ids))
            ]
        links: list[CopyLink] = []
        with self.engine.connect() as conn:
            for query in queries:
                for r in conn.execute(query):
                    links.append(
                        CopyLink(
                            r.article_id, r.copy_of, r.similarity, r.kind, r.original_outlet, r.evidence or []
                        )
                    )
        return sorted(links, key=lambda link: link.article)

    def story_outlets_and_days(
        self, story_ids: Sequence[str]
    ) -> dict[str, list[tuple[str | None, str | None]]]:
        """The (outlet, publication date) of every article of these stories, by story: what a
        listing of stories shows, read without loading the articles."""
        members, articles = schema.story_members, schema.articles
        found: dict[str, list[tuple[str | None, str | None]]] = {story: [] for story in story_ids}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(story_ids)):
                query = (
                    select(
                        members.c.story_id,
                        articles.c.outlet,
                        articles.c.original_outlet,
                        articles.c.published,
                    )
                    .join(articles, articles.c.id == members.c.article_id)
                    .where(members.c.story_id.in_(chunk))
                )
                for row in conn.execute(query):
                    found[row.story_id].append((row.original_outlet or row.outlet, row.published))
        return found

    def list_stories(self) -> list[Story]:
        """Every live story, the largest first."""
        table = schema.stories
        query = (
            select(table.c.summary)
            .where(table.c.merged_into.is_(None))
            .order_by(table.c.size.desc(), table.c.id)
        )
        with self.engine.connect() as conn:
            return [_story_from_json(summary) for summary in conn.execute(query).scalars()]

    def get_story(self, story_id: str) -> Story:
        """A story by id or unambiguous id prefix; a merged story's id leads to the one it joined."""
        table = schema.stories
        if not is_id_shaped(story_id):
            raise NoSuchStory(story_id)
        with self.engine.connect() as conn:
            # A prefix, not a pattern: `%` and `_` in it are escaped.
            rows = conn.execute(
                select(table.c.id, table.c.summary, table.c.merged_into)
                .where(table.c.id.startswith(story_id, autoescape=True))
                .limit(2)
            ).all()
            if not rows:
                raise NoSuchStory(story_id)
            if len(rows) > 1 and rows[0].id != story_id:
                raise NoSuchStory(story_id, ambiguous=True)
            row = rows[0]
            seen = {row.id}
            while row.merged_into is not None and row.merged_into not in seen:
                seen.add(row.merged_into)
                row = conn.execute(
                    select(table.c.id, table.c.summary, table.c.merged_into).where(
                        table.c.id == row.merged_into
                    )
                ).one()
        story = _story_from_json(row.summary)
        return story

    # -- derived views of a story --------------------------------------------------------------

    def story_annotation_run(self, story_id: str) -> int | None:
        """The latest annotate run that wrote annotations of this story's articles."""
        members, annotations = schema.story_members, schema.article_annotations
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.max(annotations.c.run_id))
                .select_from(members.join(annotations, annotations.c.article_id == members.c.article_id))
                .where(members.c.story_id == story_id)
            ).scalar()

    def get_story_view(self, story_id: str, kind: str, version: str) -> str | None:
        """A stored view of a story (JSON or Markdown text), if it was stored for this version."""
        table = schema.story_views
        with self.engine.connect() as conn:
            return conn.execute(
                select(table.c.data).where(
                    table.c.story_id == story_id, table.c.kind == kind, table.c.version == version
                )
            ).scalar()

    def put_story_view(self, story_id: str, kind: str, version: str, data: str) -> None:
        """Keep a view of a story, replacing the one stored for an older version."""
        row = {"story_id": story_id, "kind": kind, "version": version, "data": data, "computed_at": _now()}
        with self._writing() as conn:
            _upsert(conn, schema.story_views, [row], ["story_id", "kind"])

    def set_inferred_date(self, article_id: str, published: str, evidence: str) -> None:
        """Record a publication date inferred from the article's own words and its episode."""
        with self._writing() as conn:
            provenance = (
                conn.execute(
                    select(schema.articles.c.provenance).where(schema.articles.c.id == article_id)
                ).scalar()
                or {}
            )
            provenance = {**provenance, "published": evidence}
            conn.execute(
                update(schema.articles)
                .where(schema.articles.c.id == article_id)
                .values(
                    published=published,
                    published_precision="day",
                    published_from="inferred",
                    provenance=provenance,
                )
            )
            day = date.fromisoformat(published).toordinal()
            conn.execute(
                update(schema.story_members)
                .where(schema.story_members.c.article_id == article_id)
                .values(day=day)
            )

    # -- reads --------------------------------------------------------------------------------

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.articles)).scalar() or 0)

    def iter_articles(self, *, with_raw: bool = False) -> Iterator[Article]:
        columns = [c for c in schema.articles.c if with_raw or c.name != "raw"]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*columns).order_by(schema.articles.c.seq))
            for row in rows:
                yield _row_to_article(row._mapping)

    def search_articles(self, where: ArticleFilter, *, limit: int = 50, offset: int = 0) -> ArticlePage:
        """One page of the articles matching `where` (all words of its query, its outlet, story and
        dates), the best match first when there is a query, with the total and a snippet each.

        >>> store = open_store("sqlite:///:memory:")
        >>> store.search_articles(ArticleFilter(query="dam crack")).total
        0
        """
        if self._indexed is None:
            self._indexed = has_search_index(self.engine)
        columns = [c for c in schema.articles.c if c.name != "raw"]
        page, count = filtered_articles(self.engine, where, columns, indexed=self._indexed)
        with self.engine.connect() as conn:
            total = int(conn.execute(count).scalar() or 0)
            rows = conn.execute(page.limit(limit).offset(offset)).all()
        articles = [_row_to_article(row._mapping) for row in rows]
        return ArticlePage(total, articles, {row.id: row.snippet or "" for row in rows})

    def get_article(self, article_id: str) -> Article:
        """An article by id, or by an unambiguous prefix of its id."""
        if not is_id_shaped(article_id):
            raise NoSuchArticle(article_id)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(schema.articles)
                .where(schema.articles.c.id.startswith(article_id, autoescape=True))
                .limit(2)
            ).all()
        if not rows:
            raise NoSuchArticle(article_id)
        if len(rows) > 1 and rows[0].id != article_id:
            raise NoSuchArticle(article_id, ambiguous=True)
        return _row_to_article(rows[0]._mapping)

    def get_raw(self, article_id: str) -> bytes:
        with self.engine.connect() as conn:
            raw = conn.execute(
                select(schema.articles.c.raw).where(schema.articles.c.id == article_id)
            ).scalar()
        return raw or b""

    def quarantined(self, sources: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """The quarantine's entries (all, or those of these `sources`), oldest first: id, source,
        reason, the run that put it there and the hash of the raw bytes kept with it."""
        table = schema.quarantine
        query = select(table.c.id, table.c.source, table.c.reason, table.c.run_id, table.c.raw_sha256)
        with self.engine.connect() as conn:
            if sources is None:
                rows = list(conn.execute(query.order_by(table.c.id)))
            else:
                wanted = sorted(set(sources))
                rows = [
                    r
                    for chunk in _chunks(wanted)
                    for r in conn.execute(query.where(table.c.source.in_(chunk)))
                ]
                rows.sort(key=lambda row: row.id)
            return [dict(row._mapping) for row in rows]

    def forget_quarantined(self, ids: Sequence[int]) -> int:
        """Remove these quarantine entries, with the raw bytes kept with them; returns how many went."""
        removed = 0
        with self.engine.begin() as conn:
            for chunk in _chunks(sorted(set(ids))):
                removed += conn.execute(
                    delete(schema.quarantine).where(schema.quarantine.c.id.in_(chunk))
                ).rowcount
        return removed

    def feed_links(self) -> list[FeedLink]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.links).order_by(schema.links.c.url))
            return [FeedLink(r.source, r.url, r.title, r.published, r.summary) for r in rows]


def _schema_revision(conn: Any) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if revision is None else str(revision)


def _require_tables(conn: Any, engine: Engine) -> None:
    if _schema_revision(conn) is None and not _made_by_first_migrations(conn):
        raise NoSuchStore(f"no store at {_shown_url(engine)}: it holds no Storyline tables")


def _made_by_first_migrations(conn: Any) -> bool:
    found = inspect(conn)
    return found.has_table("schema_version") and not found.has_table("alembic_version")


def _chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for offset in range(0, len(values), size):
        yield values[offset : offset + size]


def _insert_new(conn: Any, table: Any, rows: list[dict[str, Any]], key: str) -> set[Any]:
    """Insert the rows whose `key` the table does not hold yet, and return the keys inserted.

    A concurrent writer (another worker of the same run, another machine) may have stored a row
    between our look-up and this insert: ON CONFLICT DO NOTHING skips it rather than failing the
    whole batch, and the keys returned say which rows are ours."""
    if not rows:
        return set()
    dialect = conn.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        conn.execute(insert(table), rows)
        return {row[key] for row in rows}
    dialect_insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    statement = dialect_insert(table).on_conflict_do_nothing(index_elements=[key]).returning(table.c[key])
    return set(conn.execute(statement, rows).scalars())


def _upsert(
    conn: Any, table: Any, rows: list[dict[str, Any]], keys: list[str], unless_same: str | None = None
) -> None:
    """Insert the rows, replacing the ones stored under the same keys (a last writer wins); with
    `unless_same`, a stored row that holds the same value in that column stays as it is."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        for row in rows:
            matching = [table.c[k] == row[k] for k in keys]
            if unless_same is not None:
                kept = conn.execute(
                    select(func.count()).where(*matching, table.c[unless_same] == row[unless_same])
                )
                if kept.scalar():
                    continue
            conn.execute(delete(table).where(*matching))
            conn.execute(insert(table).values(**row))
        return
    statement = (sqlite_insert if dialect == "sqlite" else postgresql_insert)(table)
    replaced = {name: statement.excluded[name] for name in rows[0] if name not in keys}
    where = None if unless_same is None else table.c[unless_same] != statement.excluded[unless_same]
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=replaced, where=where), rows)


def _existing(conn: Any, column: Any, values: list[Any]) -> set[Any]:
    """Which of these key values the table already holds, asked in a few IN queries, not one each."""
    found: set[Any] = set()
    for chunk in _chunks(sorted(set(values))):
        found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def _article_row(article: Article, raw: bytes, run_id: int, seq: int) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "format": article.format,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "original_outlet": article.original_outlet,
        "published": article.published,
        "published_precision": article.published_precision,
        "published_from": article.published_from,
        "author": article.author,
        "contributors": article.contributors,
        "agencies": article.agencies,
        "language": article.language,
        "categories": article.categories,
        "tags": article.tags,
        "provenance": article.provenance,
        "removed": [[r.line, r.text, r.reason] for r in article.removed],
        "text": article.text,
        "raw": raw,
        "raw_sha256": article.raw_sha256,
        "version": article.version,
        "previous_version": article.previous_version,
        "run_id": run_id,
        "seq": seq,
    }


def _row_to_article(row: Any) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        format=row["format"],
        text=row.get("text", ""),
        title=row["title"],
        outlet=row["outlet"],
        original_outlet=row["original_outlet"],
        url=row["url"],
        published=row["published"],
        published_precision=row["published_precision"],
        published_from=row["published_from"],
        author=row["author"],
        contributors=row["contributors"] or [],
        agencies=row["agencies"] or [],
        language=row["language"],
        categories=row["categories"] or [],
        tags=row["tags"] or [],
        provenance=row["provenance"] or {},
        removed=[RemovedLine(line, text, reason) for line, text, reason in row.get("removed") or []],
        raw_sha256=row["raw_sha256"] or "",
        version=row["version"],
        previous_version=row["previous_version"],
    )


def _story_from_json(summary: str) -> Story:
    data = json.loads(summary)
    return Story(
        id=data["id"],
        title=data["title"],
        articles=data["articles"],
        copies=[
            CopyLink(
                c["article"], c["copy_of"], c["similarity"], c["kind"], c["original_outlet"], c["evidence"]
            )
            for c in data["copies"]
        ],
        entities=data["entities"],
        episodes=[Episode(e["id"], e["start"], e["end"], e["articles"]) for e in data["episodes"]],
        start=data.get("start"),
        end=data.get("end"),
    )
