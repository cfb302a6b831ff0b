"""The whole pipeline on PostgreSQL gives what it gives on SQLite: the stores differ, the stages
do not."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.store import Store, open_store
from tests.conftest import EXAMPLES


def _pipeline(url: str) -> Store:
    from storyline.ingest import IngestOptions, ingest
    from storyline.language.annotator import LanguageOptions, annotate_store
    from storyline.stories.update import update_stories

    store = open_store(url)
    ingest([str(EXAMPLES / "articles")], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))
    update_stories(store)
    return store


def _what_it_tells(store: Store) -> dict[str, Any]:
    from storyline.claims import claims_of_story
    from storyline.timelines import timeline_of_story

    stories = store.list_stories()
    return {
        "articles": sorted((a.id, a.published, a.outlet, a.title) for a in store.iter_articles()),
        "stories": [s.to_dict() for s in stories],
        "timelines": [timeline_of_story(store, s.id).to_dict() for s in stories],
        "claims": [[c.to_dict() for c in claims_of_story(store, s.id)] for s in stories],
    }


def test_the_examples_tell_the_same_on_postgresql_as_on_sqlite(postgres_url: str) -> None:
    told = []
    for url in ("sqlite://", postgres_url):
        store = _pipeline(url)
        told.append(_what_it_tells(store))
        store.close()
    on_sqlite, on_postgres = told
    for part in on_sqlite:
        assert on_postgres[part] == on_sqlite[part], part


def test_a_postgresql_url_without_its_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from storyline.errors import StoreError

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a)
    )
    with pytest.raises(StoreError, match=r"storyline\[postgres\]"):
        open_store("postgresql://someone:secret@db.example/news")
