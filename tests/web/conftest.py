"""A file-backed store for the web app's tests: the example corpus and one hostile article.

File-backed, not in memory: the app serves requests from worker threads, and an in-memory SQLite
database is one per connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.store import Store, open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

# A scraped page whose text carries markup: the pages must show it as text, never run it.
HOSTILE = """<script>window.pwned = true</script> Reservoir notice for Kessel

KESSEL — The <b>Orrin Valley</b> water authority posted a notice on Tuesday about the dam repairs.
<img src=x onerror="window.pwned = true"> Residents were told the crack is being monitored.
"""


@pytest.fixture(scope="session")
def web_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from storyline.ingest import IngestOptions, ingest
    from storyline.language.annotator import LanguageOptions, annotate_store
    from storyline.stories.update import update_stories

    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile-notice.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    path = folder / "web.db"
    store = open_store(f"sqlite:///{path}")
    ingest([str(EXAMPLES), str(hostile)], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))
    update_stories(store)
    store.close()
    return path


@pytest.fixture
def web_store(web_store_path: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the web store, so that a test that writes leaves the others alone."""
    copy = tmp_path / "web.db"
    copy.write_bytes(web_store_path.read_bytes())
    store = open_store(f"sqlite:///{copy}")
    yield store
    store.close()
