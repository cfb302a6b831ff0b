"""A story's derived views (timeline, claims, quotes, briefing), computed once per version of the
story and kept: in memory for the pages and API calls that follow, and in the store, so that a
restarted server (or a second one) does not compute them again.

A view's version is a hash of what it is made from: the story's stored summary (its articles,
copies, episodes and dates), the latest annotate run over its articles, and the source of the code
that computes it. A new ingest, a re-annotation or an upgrade of Storyline each make a new version.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from storyline.brief import brief_story
from storyline.claims import claims_of_story
from storyline.claims.quotes import quotes_of_story
from storyline.models import Claim, Speaker, Story, Timeline
from storyline.store import Store
from storyline.timelines import timeline_of_story

__all__ = ["StoryAnalyses"]

_T = TypeVar("_T")
logger = logging.getLogger(__name__)

# The packages whose code makes the views: a change to any of them makes every stored view stale.
_VIEW_CODE = ("brief", "claims", "timelines", "stories", "models.py")


class StoryAnalyses:
    """Views of the stories of one store; the `capacity` most recently used are kept in memory."""

    def __init__(self, store: Store, capacity: int = 2048, persist: bool = True) -> None:
        self.store = store
        self.capacity = capacity
        self.persist = persist
        self._kept: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
        self._lock = threading.Lock()
        # One computation per view at a time: two requests for a cold view wait for one result.
        self._computing: dict[tuple[str, str, str], threading.Lock] = {}
        self._warming: threading.Thread | None = None
        self._warm_again = False
        self._keep_warm = False

    def story(self, story_id: str) -> Story:
        return self.store.get_story(story_id)

    def timeline(self, story: Story) -> Timeline:
        return self._view(
            story,
            "timeline",
            lambda: timeline_of_story(self.store, story.id),
            stored=(lambda t: json.dumps(t.to_dict()), lambda text: Timeline.from_dict(json.loads(text))),
        )

    def claims(self, story: Story) -> list[Claim]:
        return self._view(
            story,
            "claims",
            lambda: claims_of_story(self.store, story.id),
            stored=(
                lambda claims: json.dumps([c.to_dict() for c in claims]),
                lambda text: [Claim.from_dict(c) for c in json.loads(text)],
            ),
        )

    def quotes(self, story: Story) -> list[Speaker]:
        return self._view(
            story,
            "quotes",
            lambda: quotes_of_story(self.store, story.id),
            stored=(
                lambda speakers: json.dumps([s.to_dict() for s in speakers]),
                lambda text: [Speaker.from_dict(s) for s in json.loads(text)],
            ),
        )

    def brief(self, story: Story) -> str:
        return self._view(
            story,
            "brief",
            lambda: brief_story(self.store, story.id, claims=self.claims(story), speakers=self.quotes(story)),
            stored=(lambda markdown: markdown, lambda text: text),
        )

    def derived(self, story: Story, kind: str, compute: Callable[[], _T]) -> _T:
        """A value made from a story's views (a rendered page part), kept in memory only."""
        return self._view(story, kind, compute)

    def warm(self) -> threading.Thread:
        """Prepare every story's views in a background thread, the largest stories first, so that
        the first visitor of a big story does not wait for them. Views already stored for the
        story's current version are only read. From then on, `stored_data_changed` prepares them
        again. Returns the thread, the one already running if there is one."""
        with self._lock:
            self._keep_warm = True
            self._warm_again = True
            if self._warming is not None and self._warming.is_alive():
                return self._warming  # it goes over the stories once more when it is done
            self._warming = threading.Thread(target=self._warm_all, name="storyline-warm", daemon=True)
            self._warming.start()
            return self._warming

    def stored_data_changed(self) -> None:
        """Say that an ingest or a stage run wrote to the store: stories that changed get new views."""
        if self._keep_warm:
            self.warm()

    def _warm_all(self) -> None:
        while True:
            with self._lock:
                if not self._warm_again:
                    return
                self._warm_again = False
            for story in self.store.list_stories():
                try:
                    self.timeline(story)
                    self.brief(story)  # and, through it, the claims and quotes
                except Exception:  # noqa: BLE001 - a story that fails is computed again on request, with its error
                    logger.exception("could not prepare the views of story %s", story.id)

    def _view(
        self,
        story: Story,
        kind: str,
        compute: Callable[[], _T],
        stored: tuple[Callable[[_T], str], Callable[[str], _T]] | None = None,
    ) -> _T:
        version = self._version(story)
        key = (story.id, version, kind)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]  # type: ignore[no-any-return]
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            with self._lock:
                if key in self._kept:
                    return self._kept[key]  # type: ignore[no-any-return]
            value = self._load(story.id, kind, version, stored)
            if value is None:
                value = compute()
                self._save(story.id, kind, version, value, stored)
            with self._lock:
                self._kept[key] = value
                self._computing.pop(key, None)
                while len(self._kept) > self.capacity:
                    self._kept.popitem(last=False)
        return value

    def _load(
        self,
        story_id: str,
        kind: str,
        version: str,
        stored: tuple[Callable[[Any], str], Callable[[str], _T]] | None,
    ) -> _T | None:
        if stored is None or not self.persist:
            return None
        try:
            text = self.store.get_story_view(story_id, kind, version)
            return stored[1](text) if text is not None else None
        except (SQLAlchemyError, ValueError, KeyError, TypeError):
            # An unreadable stored view is computed again; it is a cache, never the record.
            logger.warning("stored %s of story %s could not be read; computing it again", kind, story_id)
            return None

    def _save(
        self,
        story_id: str,
        kind: str,
        version: str,
        value: _T,
        stored: tuple[Callable[[_T], str], Any] | None,
    ) -> None:
        if stored is None or not self.persist:
            return
        try:
            self.store.put_story_view(story_id, kind, version, stored[0](value))
        except SQLAlchemyError as exc:
            # A read-only or busy store still serves the view, computed for this process only.
            logger.warning("could not store the %s of story %s: %s", kind, story_id, exc)

    def _version(self, story: Story) -> str:
        summary = json.dumps(story.to_dict(), sort_keys=True, ensure_ascii=False)
        annotated = self.store.story_annotation_run(story.id)
        made_from = f"{summary}\n{annotated}\n{_code_version()}"
        return hashlib.blake2b(made_from.encode(), digest_size=8).hexdigest()


@cache
def _code_version() -> str:
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=8)
    for name in _VIEW_CODE:
        path = package / name
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(source.read_bytes())
    return digest.hexdigest()
