"""Full-text search over the stored articles, on SQLite (FTS5) and PostgreSQL (tsvector) alike."""

from __future__ import annotations

import re

import pytest

from storyline.models import Article
from storyline.store import ArticleFilter, Store, open_store
from storyline.store.search import MATCH_END, MATCH_START

TEXTS = {
    "dam1": (
        "Cracks found in the Orrin Dam",
        "Engineers found cracks in the Orrin Dam on Sunday.",
        "Valley Times",
        "2024-04-08",
    ),
    "dam2": (
        "Kessel evacuated",
        "Kessel was evacuated after engineers reported a crack in the dam.",
        "Meridian Post",
        "2024-04-09",
    ),
    "ferry": (
        "Ferry timetable",
        "The winter ferry timetable starts on Monday; the dam road stays shut.",
        "Valley Times",
        "2024-11-02",
    ),
    "lib": (
        "Library hours",
        "The city library opens on Sundays from next month.",
        "Meridian Post",
        "2024-05-01",
    ),
}


@pytest.fixture
def filled(store: Store) -> Store:
    run = store.start_run("test")
    batch = [
        (
            Article(
                id=key,
                source=f"{key}.txt",
                format="text",
                text=text,
                title=title,
                outlet=outlet,
                published=day,
            ),
            text.encode(),
        )
        for key, (title, text, outlet, day) in TEXTS.items()
    ]
    store.write_batch(run, batch)
    return store


def _found(store: Store, **where: object) -> set[str]:
    return {a.id for a in store.search_articles(ArticleFilter(**where), limit=50).articles}  # type: ignore[arg-type]


def test_every_word_must_appear_in_the_title_or_the_text(filled: Store) -> None:
    assert _found(filled, query="dam") == {"dam1", "dam2", "ferry"}
    assert _found(filled, query="engineers dam") == {"dam1", "dam2"}
    assert _found(filled, query="ORRIN cracks") == {"dam1"}  # any case
    assert _found(filled, query="Kessel evacuated engineers") == {"dam2"}  # title and text together
    assert _found(filled, query="dam submarine") == set()


def test_search_combines_with_outlet_and_dates_and_pages(filled: Store) -> None:
    assert _found(filled, query="dam", outlet="valley times") == {"dam1", "ferry"}
    assert _found(filled, query="dam", date_from="2024-04-09", date_to="2024-12-31") == {"dam2", "ferry"}
    first = filled.search_articles(ArticleFilter(query="dam"), limit=2)
    rest = filled.search_articles(ArticleFilter(query="dam"), limit=2, offset=2)
    assert first.total == rest.total == 3 and len(first.articles) == 2 and len(rest.articles) == 1
    assert {a.id for a in first.articles}.isdisjoint(a.id for a in rest.articles)


def test_a_snippet_marks_the_matched_words(filled: Store) -> None:
    page = filled.search_articles(ArticleFilter(query="engineers"))
    snippet = page.snippets["dam1"]
    assert f"{MATCH_START}Engineers{MATCH_END}" in snippet and "Orrin" in snippet


@pytest.mark.parametrize(
    "hostile",
    [
        'dam" OR "library',
        "dam & !library",
        "dam | library",
        "NEAR(dam library)",
        "dam) OR (library",
        "Orrin*",
        "'",
    ],
)
def test_query_syntax_in_the_words_is_never_run(filled: Store, hostile: str) -> None:
    # Only the words count, all of them needed: no OR, NOT, NEAR or prefix is ever read.
    words = re.findall(r"\w+", hostile.lower())
    expected = {
        key
        for key, (title, text, _, _) in TEXTS.items()
        if set(words) <= set(re.findall(r"\w+", f"{title} {text}".lower()))
    }
    assert _found(filled, query=hostile) == expected


def test_a_search_narrowed_by_dates_starts_from_them_and_finds_the_same(monkeypatch) -> None:
    # Sixty reports share a word; two are of one day. SQLite looks those two up in the full-text
    # index instead of reading every match of the word, and must give the same page: the same
    # articles in the same order, with their snippets and the same total.
    import storyline.store.search as search

    store = open_store("sqlite://")
    run = store.start_run("test")
    reports = []
    for n in range(60):
        day = f"2024-03-{1 + n % 30:02d}"
        words = " ".join(["river"] * (1 + n % 4))
        text = f"Report {n}: the {words} rose by {n} cm near the bridge on {day}."
        reports.append(
            (
                Article(id=f"r{n:02d}", source=f"r{n}.txt", format="text", text=text, published=day),
                text.encode(),
            )
        )
    store.write_batch(run, reports)
    where = ArticleFilter(query="river", date_from="2024-03-05", date_to="2024-03-05")

    started_from_dates = []
    narrow_first = search._narrow_search_first
    monkeypatch.setattr(
        search, "_narrow_search_first", lambda *args: started_from_dates.append(1) or narrow_first(*args)
    )
    narrowed = store.search_articles(where)
    monkeypatch.setattr(search, "_LOOKUP_COST", 10**9)  # looking up is never worth it: the words first
    from_the_words = store.search_articles(where)

    assert started_from_dates == [1]
    assert narrowed.total == from_the_words.total == 2
    assert [a.id for a in narrowed.articles] == [a.id for a in from_the_words.articles] == ["r34", "r04"]
    assert narrowed.snippets == from_the_words.snippets and MATCH_START in narrowed.snippets["r04"]
    # A day with no such report, and a word no report of that day has.
    assert store.search_articles(ArticleFilter(query="river", date_from="2024-04-01")).total == 0
    assert (
        store.search_articles(
            ArticleFilter(query="flood", date_from="2024-03-05", date_to="2024-03-05")
        ).total
        == 0
    )
