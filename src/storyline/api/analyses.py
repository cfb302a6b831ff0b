"""A story's derived views (timeline, claims, quotes, briefing), computed once per version of the
story and kept, so that a page or an API call after the first is served from memory.

A story's version is a hash of its stored summary (its articles, copies, episodes and dates): when
a new ingest adds to the story, the version changes and the views are computed again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from storyline.brief import brief_story
from storyline.claims import claims_of_story
from storyline.claims.quotes import quotes_of_story
from storyline.models import Claim, Speaker, Story, Timeline
from storyline.store import Store
from storyline.timelines import timeline_of_story

__all__ = ["StoryAnalyses"]

_T = TypeVar("_T")
logger = logging.getLogger(__name__)


class StoryAnalyses:
    """Views of the stories of one store, the `capacity` most recently used kept in memory."""

    def __init__(self, store: Store, capacity: int = 256) -> None:
        self.store = store
        self.capacity = capacity
        self._kept: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
        self._lock = threading.Lock()
        # One computation per view at a time: two requests for a cold view wait for one result.
        self._computing: dict[tuple[str, str, str], threading.Lock] = {}

    def story(self, story_id: str) -> Story:
        return self.store.get_story(story_id)

    def timeline(self, story: Story) -> Timeline:
        return self._view(story, "timeline", lambda: timeline_of_story(self.store, story.id))

    def claims(self, story: Story) -> list[Claim]:
        return self._view(story, "claims", lambda: claims_of_story(self.store, story.id))

    def quotes(self, story: Story) -> list[Speaker]:
        return self._view(story, "quotes", lambda: quotes_of_story(self.store, story.id))

    def brief(self, story: Story) -> str:
        return self._view(
            story,
            "brief",
            lambda: brief_story(self.store, story.id, claims=self.claims(story), speakers=self.quotes(story)),
        )

    def warm(self, stories: list[Story] | None = None) -> threading.Thread:
        """Compute every story's views in a background thread, the largest stories first, so that
        the first visitor of a big story does not wait for them. Returns the running thread."""

        def run() -> None:
            for story in stories if stories is not None else self.store.list_stories():
                try:
                    self.timeline(story)
                    self.brief(story)  # and, through it, the claims and quotes
                except Exception:  # noqa: BLE001 - a story that fails is computed again on request, with its error
                    logger.exception("could not prepare the views of story %s", story.id)

        thread = threading.Thread(target=run, name="storyline-warm", daemon=True)
        thread.start()
        return thread

    def _view(self, story: Story, kind: str, compute: Callable[[], _T]) -> _T:
        key = (story.id, _version(story), kind)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]  # type: ignore[no-any-return]
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            with self._lock:
                if key in self._kept:
                    return self._kept[key]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                self._kept[key] = value
                self._computing.pop(key, None)
                while len(self._kept) > self.capacity:
                    self._kept.popitem(last=False)
        return value


def _version(story: Story) -> str:
    summary = json.dumps(story.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(summary.encode(), digest_size=8).hexdigest()
