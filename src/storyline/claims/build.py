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

__all__ = ["claims_of_story"]


def claims_of_story(store: Store, story_id: str) -> list[Claim]:
    """Every claim of the story (an id or unambiguous prefix): its figures, the best-sourced first,
    then the events two or more sources date, then the causes and status each episode's reports
    give."""
    story = store.get_story(story_id)
    articles = store.get_articles(story.articles)
    copies = {c.article: c for c in store.copy_links(story.articles)}
    episode_of = {
        article: (episode.id, episode_months(episode))
        for episode in story.episodes
        for article in episode.articles
    }
    notes = store.annotations_of(story.articles)
    mentions = figure_mentions(articles, notes, copies, episode_of, story.episodes)
    figures = group_figures(mentions, story.id)
    dates = event_claims(articles, notes, copies, story.id)
    return figures + dates + statement_claims(articles, notes, copies, story.episodes, story.id)
