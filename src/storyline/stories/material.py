"""Everything the later stages read of one stored story, loaded once.

Timelines, claims, quotes, comparisons and briefings all start from a story's articles, their
annotations and their copy links; a briefing uses all of them, so they are read from the store
once and handed around.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.models import Annotations, Article, CopyLink, Story
from storyline.store import Store

__all__ = ["StoryMaterial"]


@dataclass(slots=True)
class StoryMaterial:
    story: Story
    articles: list[Article]  # in the story's order
    annotations: dict[str, Annotations] = field(default_factory=dict)
    copies: dict[str, CopyLink] = field(default_factory=dict)  # by the copy's article id

    @classmethod
    def load(cls, store: Store, story_id: str) -> StoryMaterial:
        """A stored story (an id or unambiguous id prefix) with its articles, annotations and copies."""
        story = store.get_story(story_id)
        return cls(
            story=story,
            articles=store.get_articles(story.articles),
            annotations=store.annotations_of(story.articles),
            copies={c.article: c for c in store.copy_links(story.articles)},
        )
