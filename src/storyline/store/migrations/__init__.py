"""The store's schema migrations, as Alembic revisions (`versions/`), for SQLite and PostgreSQL.

`Store.migrate()` applies them when a store is opened. A new revision: change `schema.py`, then

    .venv/bin/python -m storyline.store.migrations revision "what changed"

which writes `versions/NNNN_what_changed.py` with the operations Alembic reads from the difference
between `schema.py` and a store at the current head; check them, and set `HEAD` below to it.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Connection

__all__ = ["HEAD", "alembic_config", "compared"]

# The newest revision: a store at it needs no migration (checked without loading Alembic's scripts).
HEAD = "0002"
HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our revisions, run on `connection` (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def compared(name: str | None, kind: str, _parent: object) -> bool:
    """Whether Alembic compares this object of a store with schema.py: not the full-text index
    (made by search.py, other on each database) nor the first migrations' bookkeeping table."""
    if kind == "table":
        return name not in ("schema_version", "alembic_version") and not str(name).startswith(
            "article_search"
        )
    return name not in ("search_vector", "ix_articles_search_vector")
