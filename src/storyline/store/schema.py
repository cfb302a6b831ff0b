"""Tables of the store, in SQLAlchemy Core so SQLite and PostgreSQL share one definition."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", Text, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("summary", JSON),
)

# Every input blob (file, fetched page, container) already read, so a re-run skips it by hash
# without parsing it again. Quarantined blobs are not recorded here: a later run retries them.
inputs = Table(
    "inputs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("run_id", Integer),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("format", String(32), nullable=False),
    Column("url", Text, index=True),
    Column("title", Text),
    Column("outlet", Text),
    Column("original_outlet", Text),
    Column("published", String(10), index=True),
    Column("published_precision", String(8)),
    Column("published_from", String(32)),
    Column("author", Text),
    Column("contributors", JSON),
    Column("agencies", JSON),
    Column("language", String(35)),  # a BCP 47 tag
    Column("categories", JSON),
    Column("tags", JSON),
    Column("provenance", JSON),
    Column("removed", JSON),
    Column("text", Text, nullable=False),
    Column("raw", LargeBinary),
    Column("raw_sha256", String(64), index=True),
    Column("version", Integer, nullable=False, default=1),
    Column("previous_version", String(32)),
    Column("run_id", Integer),
    Column("seq", Integer, index=True),  # arrival order, for stable listings
)

links = Table(
    "links",
    metadata,
    Column("url", Text, primary_key=True),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("published", String(10)),
    Column("summary", Text),
    Column("run_id", Integer),
)

# The language stage's output: one JSON document per article, with the version of the annotator
# that made it, so a rerun skips what is current and redoes what an older annotator made.
article_annotations = Table(
    "annotations",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("annotator", String(80), nullable=False, index=True),
    # JSON text encoded by the annotating process itself (see EncodedAnnotations), not a JSON
    # column: the store only moves the string.
    Column("data", Text, nullable=False),
    Column("run_id", Integer),
)

# The stories stage. Which story each article joined: once placed, an article stays, so story ids
# are stable as the store grows (a merge records an event and keeps the old id resolving).
story_members = Table(
    "story_members",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("story_id", String(32), nullable=False, index=True),
    Column("how", String(16), nullable=False),  # "founded", "similar", "copy"
    Column("similarity", Float),
    Column("day", Integer),  # publication day number (date.toordinal()) when known
    Column("terms", Text),  # the article's strongest terms as JSON, for episodes and inspection
    Column("seq", Integer, index=True),  # placement order
    Column("run_id", Integer),
)

# A story's clusterer state (centroids, dates) as JSON, and what is shown of it.
stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text),
    Column("state", Text, nullable=False),
    Column("summary", Text),  # entities, episodes, dates: JSON, rewritten when the story changes
    Column("size", Integer, nullable=False, default=0),
    Column("merged_into", String(32)),
    Column("run_id", Integer),
    # The state changed and `summary` does not show it yet (a run stopped before describing it):
    # the next run describes it.
    Column("stale", Boolean, nullable=False, server_default=false()),
)

story_events = Table(
    "story_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # "merge"
    Column("story_id", String(32), nullable=False, index=True),
    Column("other_id", String(32)),
    Column("detail", JSON),
    Column("run_id", Integer),
    Column("created_at", DateTime(timezone=True)),
)

copies = Table(
    "copies",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("copy_of", String(32), index=True),
    Column("similarity", Float),
    Column("kind", String(16), nullable=False),
    Column("original_outlet", Text),
    Column("evidence", JSON),
    Column("run_id", Integer),
)

# MinHash signatures of the clean texts, so the copy index is rebuilt without re-reading articles.
copy_signatures = Table(
    "copy_signatures",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

# A story's derived views (timeline, claims, quotes, briefing) as computed for one version of the
# story, so that the web app serves them after a restart without computing them again.
story_views = Table(
    "story_views",
    metadata,
    Column("story_id", String(32), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("version", String(64), nullable=False),
    Column("data", Text, nullable=False),
    Column("computed_at", DateTime(timezone=True)),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw", LargeBinary),
    Column("raw_sha256", String(64)),
    Column("run_id", Integer),
    Column("created_at", DateTime(timezone=True)),
    UniqueConstraint("source", "raw_sha256", "reason", name="uq_quarantine_input_reason"),
)
