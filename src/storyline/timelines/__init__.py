"""Timelines: the dated, sourced account of a story or of the articles matching a query."""

from storyline.timelines.build import TimelineOptions, build_timeline, timeline_of_query, timeline_of_story

__all__ = ["TimelineOptions", "build_timeline", "timeline_of_query", "timeline_of_story"]
