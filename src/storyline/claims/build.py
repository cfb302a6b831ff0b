"""The claims of a stored story: its reports' figures, grouped, with verdicts and sources.

claims = claims_of_story(store, "3a85cc05")
"""

from __future__ import annotations

from storyline.claims.events import event_claims
from storyline.claims.figures import episode_months, figure_mentions
from storyline.claims.grouping import group_figures
from storyline.claims.statements import statement_claims
from storyline.models import Claim
from storyline.store import Store
from storyline.stories.material import StoryMaterial

__all__ = ["claims_of", "claims_of_story"]


def claims_of_story(store: Store, story_id: str) -> list[Claim]:
    """Every claim of the story (an id or unambiguous prefix): see `claims_of`."""
    return claims_of(StoryMaterial.load(store, story_id))


def claims_of(material: StoryMaterial) -> list[Claim]:
    """A loaded story's claims: its figures, the best-sourced first, then the events two or more
    sources date, then the causes and status each episode's reports give."""
    story, articles, notes, copies = material.story, material.articles, material.annotations, material.copies
    episode_of = {
        article: (episode.id, episode_months(episode))
        for episode in story.episodes
        for article in episode.articles
    }
    mentions = figure_mentions(articles, notes, copies, episode_of, story.episodes)
    figures = group_figures(mentions, story.id)
    dates = event_claims(articles, notes, copies, story.id)
    return figures + dates + statement_claims(articles, notes, copies, story.episodes, story.id)
