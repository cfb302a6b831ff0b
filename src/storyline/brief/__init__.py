"""Briefings: a story's summary, timeline, figures, disagreements and speakers, with citations."""

from storyline.brief.build import brief_story

__all__ = ["brief_story"]
