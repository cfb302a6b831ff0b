"""Exports: stories, their articles, sentences with annotations, timelines and claims as JSON Lines,
CSV or Parquet tables (documented in docs/export.md), TimelineJS files or Markdown briefings."""

from storyline.export.build import FORMATS, TABLE_FORMATS, ExportReport, export_stories
from storyline.export.records import TABLES, Table

__all__ = ["FORMATS", "TABLES", "TABLE_FORMATS", "ExportReport", "Table", "export_stories"]
