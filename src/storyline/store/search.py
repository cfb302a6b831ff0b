"""Full-text search over the stored articles: SQLite FTS5, PostgreSQL's own full text, a plain
substring match on any other database.

SQLite: the FTS5 table holds no copy of the text: it indexes `articles.title` and `articles.text` in
place (an external-content table), and triggers keep it in step with every insert, update and delete.
PostgreSQL: a generated `tsvector` column of the title and text with a GIN index. Both use no
stemming and need every word of the query, so the two stores find the same articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)

from storyline.errors import QueryTooLong
from storyline.models import Article
from storyline.store import schema

__all__ = [
    "ArticleFilter",
    "ArticlePage",
    "create_search_index",
    "drop_search_index",
    "filtered_articles",
    "has_search_index",
]

_SEARCH_TABLE = "article_search"
_TERM = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 64
# Markers around the matched words of a snippet; the web page escapes the snippet, then turns them
# into <mark> tags, so an article's own markup never reaches the page as markup.
MATCH_START, MATCH_END = "\x02", "\x03"

# The pieces of an FTS5 search, written once for both ways SQLite may run it (filtered_articles).
_FTS_ROWID: Any = literal_column(f"{_SEARCH_TABLE}.rowid")
_ARTICLE_ROWID: Any = literal_column("articles.rowid")
_FTS_SNIPPET: Any = literal_column(f"snippet({_SEARCH_TABLE}, 1, '{MATCH_START}', '{MATCH_END}', ' … ', 24)")
_FTS_RANK: Any = literal_column(f"bm25({_SEARCH_TABLE})")


def _fts_match(match: str) -> Any:
    return literal_column(_SEARCH_TABLE).op("MATCH")(match)


@dataclass(slots=True)
class ArticleFilter:
    """What a listing of articles asks for; every field is optional."""

    query: str | None = None  # words that must all appear (title or text)
    outlet: str | None = None
    story: str | None = None  # a story id
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None
    ids: list[str] = field(default_factory=list)  # restrict to these articles when given

    def terms(self) -> list[str]:
        """The query's words, each once: a word said twice narrows nothing, and FTS5 takes time
        that grows with the square of the words it is given (400 copies of one word: 2.6 s)."""
        words: dict[str, str] = {}
        for word in _TERM.findall(self.query or ""):
            words.setdefault(word.lower(), word)
        terms = list(words.values())
        if len(terms) > MAX_QUERY_WORDS:
            raise QueryTooLong(f"a search takes at most {MAX_QUERY_WORDS} different words, not {len(terms)}")
        return terms


@dataclass(slots=True)
class ArticlePage:
    total: int  # matching articles in all
    articles: list[Article]
    snippets: dict[str, str]  # by article id: the matched words between MATCH_START and MATCH_END


_VECTOR = "search_vector"
# PostgreSQL's 'simple' configuration: lower case, no stemming, no stop words, like FTS5's unicode61.
_PG_DOCUMENT = "to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(text, ''))"


def create_search_index(conn: Connection) -> None:
    """The full-text index: FTS5 and the triggers that keep it current on SQLite, a generated
    tsvector column on PostgreSQL; a no-op elsewhere. Runs in the caller's transaction."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text(
                f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS {_VECTOR} tsvector "
                f"GENERATED ALWAYS AS ({_PG_DOCUMENT}) STORED"
            )
        )
        conn.execute(
            text(f"CREATE INDEX IF NOT EXISTS ix_articles_{_VECTOR} ON articles USING GIN ({_VECTOR})")
        )
        return
    if conn.dialect.name != "sqlite":
        return
    statements = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {_SEARCH_TABLE} USING fts5("
        "title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS articles_search_insert AFTER INSERT ON articles BEGIN "
        f"INSERT INTO {_SEARCH_TABLE}(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
        f"CREATE TRIGGER IF NOT EXISTS articles_search_delete AFTER DELETE ON articles BEGIN "
        f"INSERT INTO {_SEARCH_TABLE}({_SEARCH_TABLE}, rowid, title, text) "
        f"VALUES ('delete', old.rowid, old.title, old.text); END",
        f"CREATE TRIGGER IF NOT EXISTS articles_search_update AFTER UPDATE OF title, text ON articles BEGIN "
        f"INSERT INTO {_SEARCH_TABLE}({_SEARCH_TABLE}, rowid, title, text) "
        f"VALUES ('delete', old.rowid, old.title, old.text); "
        f"INSERT INTO {_SEARCH_TABLE}(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
        # Articles stored before the index existed.
        f"INSERT INTO {_SEARCH_TABLE}({_SEARCH_TABLE}) VALUES ('rebuild')",
    ]
    for statement in statements:
        conn.execute(text(statement))


def drop_search_index(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"ALTER TABLE articles DROP COLUMN IF EXISTS {_VECTOR}"))
    elif conn.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS articles_search_{trigger}"))
        conn.execute(text(f"DROP TABLE IF EXISTS {_SEARCH_TABLE}"))


def has_search_index(engine: Engine) -> bool:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            found = conn.execute(
                text(
                    "SELECT 1 FROM information_schema.columns "
                    "WHERE table_name = 'articles' AND column_name = :name AND table_schema = current_schema()"
                ),
                {"name": _VECTOR},
            ).first()
        return found is not None
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": _SEARCH_TABLE}
        ).first()
    return found is not None


def filtered_articles(
    engine: Engine, where: ArticleFilter, columns: list[Any], *, indexed: bool
) -> tuple[Select[Any], Select[Any]]:
    """The query for one page of matching articles (best match first when searching, else in
    arrival order) with a `snippet` column, and the query that counts them all."""
    articles = schema.articles
    conditions: list[Any] = []
    # The conditions an index answers (dates, a story, ids): they may narrow a search far more
    # than its words do, which decides where SQLite's search should start (below).
    indexed_conditions: list[Any] = []
    if where.outlet:
        conditions.append(
            or_(
                func.lower(articles.c.outlet) == where.outlet.lower(),
                func.lower(articles.c.original_outlet) == where.outlet.lower(),
            )
        )
    if where.date_from:
        indexed_conditions.append(articles.c.published >= where.date_from)
    if where.date_to:
        # A date of lower precision ("2024-04") sorts before its days; compare on the day string.
        indexed_conditions.append(articles.c.published <= where.date_to)
    if where.story:
        members = schema.story_members
        indexed_conditions.append(
            articles.c.id.in_(select(members.c.article_id).where(members.c.story_id == where.story))
        )
    if where.ids:
        indexed_conditions.append(articles.c.id.in_(where.ids))
    conditions += indexed_conditions
    terms = where.terms()
    snippet: Any = func.substr(articles.c.text, 1, 240)
    order: list[Any] = [articles.c.seq]
    source: Any = articles
    if terms and indexed and engine.dialect.name == "postgresql":
        # plainto_tsquery ANDs the words and reads no query syntax, so none can be injected.
        query = func.plainto_tsquery(literal_column("'simple'::regconfig"), " ".join(terms))
        vector: Any = literal_column(f"articles.{_VECTOR}")
        conditions.append(vector.op("@@")(query))
        snippet = func.ts_headline(
            literal_column("'simple'::regconfig"),
            articles.c.text,
            query,
            f"StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords=24, MinWords=12, "
            'MaxFragments=2, FragmentDelimiter=" … "',
        )
        order = [func.ts_rank_cd(vector, query).desc(), articles.c.seq]
    elif terms and indexed:
        # Every word must appear; each is quoted, so FTS5's query syntax cannot be injected.
        match = " AND ".join('"' + term.replace('"', "") + '"' for term in terms)
        if indexed_conditions and _fewer_than_the_words_find(engine, indexed_conditions, match):
            return _narrow_search_first(conditions, match, columns)
        source = articles.join(table(_SEARCH_TABLE, column("rowid")), _FTS_ROWID == _ARTICLE_ROWID)
        conditions.append(_fts_match(match))
        snippet = _FTS_SNIPPET
        order = [_FTS_RANK, articles.c.seq]
    elif terms:
        for term in terms:
            # A word, not a pattern: a `_` in it is escaped.
            word = term.lower()
            conditions.append(
                or_(
                    func.lower(articles.c.title).contains(word, autoescape=True),
                    func.lower(articles.c.text).contains(word, autoescape=True),
                )
            )
    page = select(*columns, snippet.label("snippet")).select_from(source)
    count = select(func.count()).select_from(source)
    if conditions:
        page, count = page.where(and_(*conditions)), count.where(and_(*conditions))
    return page.order_by(*order), count


# Looking one article up in the full-text index costs about as much as reading this many of the
# index's matches with their articles (measured on a million synthetic articles: 25 µs against
# 1.5 µs).
_LOOKUP_COST = 16


def _fewer_than_the_words_find(engine: Engine, narrowing: list[Any], match: str) -> bool:
    """Whether the indexed conditions admit so few articles that looking each of them up in the
    full-text index beats reading every match of the words. SQLite's planner cannot weigh an FTS5
    match against other conditions and always starts from the words: a common word in one day's
    news read 840,000 matches of a million articles to find 1,011 (2.5 s for a page and its
    count; 0.13 s started from the day). Both counts are cheap: one over an index range, one over
    the words' row ids, stopped at the number that decides."""
    articles = schema.articles
    with engine.connect() as conn:
        narrow = int(conn.execute(select(func.count()).select_from(articles).where(*narrowing)).scalar() or 0)
        enough = narrow * _LOOKUP_COST + 1
        matches = conn.execute(
            text(
                f"SELECT count(*) FROM (SELECT rowid FROM {_SEARCH_TABLE} "
                f"WHERE {_SEARCH_TABLE} MATCH :match LIMIT :enough)"
            ),
            {"match": match, "enough": enough},
        ).scalar()
    return int(matches or 0) >= enough


def _narrow_search_first(
    conditions: list[Any], match: str, columns: list[Any]
) -> tuple[Select[Any], Select[Any]]:
    """The page and count queries of a search that starts from the other conditions: the
    matching articles are found by looking each candidate up in the full-text index, kept apart
    (a materialized CTE, which SQLite must not fold back into one join), and only they are ranked
    and given snippets."""
    articles = schema.articles
    looked_up: Select[Any] = select(literal_column("1")).where(
        _FTS_ROWID == _ARTICLE_ROWID, _fts_match(match)
    )
    hits = (
        select(_ARTICLE_ROWID.label("hit"), articles.c.seq.label("seq"))
        .where(*conditions, looked_up.select_from(table(_SEARCH_TABLE)).exists())
        .cte("hits")
        .prefix_with("MATERIALIZED")
    )
    count = select(func.count()).select_from(hits)
    source = hits.join(articles, _ARTICLE_ROWID == hits.c.hit).join(
        table(_SEARCH_TABLE, column("rowid")), _FTS_ROWID == hits.c.hit
    )
    page = (
        select(*columns, _FTS_SNIPPET.label("snippet"))
        .select_from(source)
        .where(_fts_match(match))
        .order_by(_FTS_RANK, hits.c.seq)
    )
    return page, count
