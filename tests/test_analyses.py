"""A story's views are computed once per version and kept in the store: a new server reads them
back, and a change to what they are made from makes them be computed again."""

from __future__ import annotations

from typing import Any

import pytest

from storyline import analyses as analyses_module
from storyline.analyses import StoryAnalyses
from storyline.models import Story
from storyline.store import Store


def _largest(store: Store) -> Story:
    return max(store.list_stories(), key=lambda s: len(s.articles))


def _all_views(analyses: StoryAnalyses, story: Story) -> dict[str, Any]:
    return {
        "timeline": analyses.timeline(story).to_dict(),
        "claims": [c.to_dict() for c in analyses.claims(story)],
        "quotes": [s.to_dict() for s in analyses.quotes(story)],
        "brief": analyses.brief(story),
    }


def _forbid_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a stored view was computed again")

    for name in ("timeline_of_story", "claims_of_story", "quotes_of_story", "brief_story"):
        monkeypatch.setattr(analyses_module, name, refuse)


def test_a_new_server_reads_the_stored_views_back_unchanged(
    web_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _largest(web_store)
    computed = _all_views(StoryAnalyses(web_store), story)
    assert computed["claims"] and computed["timeline"]["entries"] and computed["quotes"]

    _forbid_computing(monkeypatch)
    assert _all_views(StoryAnalyses(web_store), story) == computed


def test_a_reannotated_article_makes_its_story_views_stale(
    web_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _largest(web_store)
    StoryAnalyses(web_store).claims(story)
    annotations = web_store.get_annotations(story.articles[0])
    assert annotations is not None
    web_store.write_annotations(web_store.start_run("annotate"), [annotations])

    calls: list[str] = []
    real = analyses_module.claims_of_story
    monkeypatch.setattr(analyses_module, "claims_of_story", lambda *a: calls.append("claims") or real(*a))
    StoryAnalyses(web_store).claims(story)
    assert calls == ["claims"]


def test_an_unreadable_stored_view_is_computed_again(web_store: Store) -> None:
    story = _largest(web_store)
    analyses = StoryAnalyses(web_store)
    expected = [c.to_dict() for c in analyses.claims(story)]
    version = analyses._version(story)
    web_store.put_story_view(story.id, "claims", version, '[{"no": "claim"}]')
    assert [c.to_dict() for c in StoryAnalyses(web_store).claims(story)] == expected


def test_views_stay_in_memory_without_a_writable_store(web_store: Store) -> None:
    story = _largest(web_store)
    analyses = StoryAnalyses(web_store, persist=False)
    first = analyses.claims(story)
    assert analyses.claims(story) is first
    assert web_store.get_story_view(story.id, "claims", analyses._version(story)) is None
