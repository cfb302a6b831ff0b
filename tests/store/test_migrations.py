"""The store's schema is Alembic's: a new store is at the newest revision and matches schema.py,
stores made by the first home-made migrations are adopted with their data, revisions go both ways."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from storyline.models import Article
from storyline.store import Store, open_store, schema
from storyline.store.migrations import HEAD, alembic_config, compared


def _differences(store: Store) -> list[object]:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": compared})
        return list(compare_metadata(context, schema.metadata))


def test_head_is_the_newest_revision() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_a_new_store_is_at_the_newest_revision_and_matches_the_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    # A change to schema.py without its migration shows here as a difference.
    assert _differences(store) == []


def test_revisions_go_down_and_up_again(store: Store) -> None:
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
        assert not inspect(conn).has_table("articles")
        command.upgrade(alembic_config(conn), "head")
    assert _differences(store) == []
    run = store.start_run("test")
    store.write_batch(
        run, [(Article(id="a1", source="a.txt", format="text", text="Dam repairs start."), b"")]
    )
    assert store.count_articles() == 1


def test_a_store_made_by_the_first_migrations_is_adopted_with_its_data(tmp_path: Path) -> None:
    # As the home-made migrations 1 to 3 left a store: tables up to the stories stage, no search
    # index, no stored views, and their own schema_version table.
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    old_tables = [t for t in schema.metadata.sorted_tables if t.name != "story_views"]
    with engine.begin() as conn:
        schema.metadata.create_all(conn, tables=old_tables)
        conn.execute(text("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)"))
        conn.execute(text("INSERT INTO schema_version VALUES (1), (2), (3)"))
        conn.execute(
            schema.articles.insert().values(
                id="old1", source="old.txt", format="text", text="The old dam held.", version=1, seq=1
            )
        )
    engine.dispose()

    store = open_store(f"sqlite:///{path}")
    assert store.get_article("old1").text == "The old dam held."
    assert inspect(store.engine).has_table("story_views")
    from storyline.store import ArticleFilter

    assert store.search_articles(ArticleFilter(query="old dam")).total == 1  # indexed on adoption
    assert _differences(store) == []
    store.close()


def test_opening_a_store_again_changes_nothing(file_store_url: str) -> None:
    url = file_store_url
    for _ in range(2):
        store = open_store(url)
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        store.close()
