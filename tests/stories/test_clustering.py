"""The clusterer and its features, on invented reports."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.models import Annotations, Article, EntityMention
from storyline.stories.clustering import ClusterSettings, StoryArticle, StoryClusterer, StoryState
from storyline.stories.features import article_terms, cosine, idf

FLOODS = [
    "Floods swept through Valencia on Tuesday, and rescuers searched flooded garages for survivors.",
    "Rescuers in Valencia pulled survivors from flooded streets as the floods receded.",
    "The Valencia floods killed dozens; rescuers kept searching garages and underpasses.",
]
STRIKE = "Dockworkers in Rotterdam walked out over pay, halting container traffic at Europe's largest port."


def terms(text: str, title: str | None = None) -> dict[str, float]:
    return article_terms(Article("x", "x.txt", "text", text, title=title))


def day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def test_features_favour_rare_words_and_count_entities() -> None:
    flood = terms(FLOODS[0])
    assert "valencia" in flood and "tuesday" not in flood  # weekdays say nothing about a story
    assert "the" not in flood and "said" not in terms("Officials said the water rose.")
    assert "troop" in terms("Troops arrived.")  # plural folded
    assert idf("valencia") > idf("water") > idf("people")
    annotations = Annotations("x", "test", entities=[EntityMention(0, 4, "NATO", "ORG", entity="NATO")])
    with_entities = article_terms(Article("x", "x.txt", "text", "NATO met."), annotations)
    assert "@nato" in with_entities
    assert abs(sum(w * w for w in with_entities.values()) - 1.0) < 1e-9  # unit length


def test_similar_reports_join_and_a_different_one_starts_a_story() -> None:
    clusterer = StoryClusterer()
    placed = [
        clusterer.add(StoryArticle(f"f{i}", day("2024-10-29") + i, terms(text)))
        for i, text in enumerate(FLOODS)
    ]
    assert {a.story for a in placed} == {"f0"}
    assert placed[0].similarity is None and all(a.similarity and a.similarity > 0.2 for a in placed[1:])
    strike = clusterer.add(StoryArticle("s", day("2024-10-30"), terms(STRIKE)))
    assert strike.story == "s" and strike.similarity is None
    assert set(clusterer.stories) == {"f0", "s"}


def test_with_shared_names_a_like_event_elsewhere_starts_its_own_story() -> None:
    # Two strikes in the same words: only the names tell them apart.
    def strike(place: str, union: str) -> dict[str, float]:
        text = f"Workers in {place} walked out over pay, and the {union} union said the strike would go on."
        return {**terms(text), f"@{place.lower()}": 0.5, f"@{union.lower()}": 0.5}

    def place(settings: ClusterSettings) -> set[str]:
        clusterer = StoryClusterer(settings)
        clusterer.add(StoryArticle("a", day("2024-03-01"), strike("Kessel", "Dockers")))
        clusterer.add(StoryArticle("b", day("2024-03-02"), strike("Kessel", "Dockers")))
        clusterer.add(StoryArticle("c", day("2024-03-02"), strike("Orrin", "Miners")))
        return set(clusterer.stories)

    assert place(ClusterSettings()) == {"a"}  # by default the words decide: one story
    assert place(ClusterSettings(shared_names=3)) == {"a", "c"}


def test_a_long_silence_needs_a_stronger_match() -> None:
    settings = ClusterSettings()
    clusterer = StoryClusterer(settings)
    clusterer.add(StoryArticle("a", day("2020-01-01"), terms(FLOODS[0])))
    story = clusterer.stories["a"]
    near = clusterer.similarity(StoryArticle("b", day("2020-01-02"), terms(FLOODS[1])), story)
    far = clusterer.similarity(StoryArticle("b", day("2026-01-02"), terms(FLOODS[1])), story)
    undated = clusterer.similarity(StoryArticle("b", None, terms(FLOODS[1])), story)
    assert far < near <= undated
    assert far >= near * settings.gap_floor * 0.99


def test_adding_later_articles_never_moves_earlier_ones() -> None:
    articles = [StoryArticle(f"f{i}", day("2024-10-29") + i, terms(t)) for i, t in enumerate(FLOODS)]
    articles.append(StoryArticle("s", day("2024-10-30"), terms(STRIKE)))
    first = StoryClusterer()
    before = {a.id: first.add(a).story for a in articles}
    # The state survives a round trip through JSON (the store), and later arrivals leave ids alone.
    restored = StoryClusterer(
        stories=[StoryState.from_json(s.id, s.to_json()) for s in first.stories.values()]
    )
    later = restored.add(StoryArticle("f9", day("2024-11-02"), terms(FLOODS[2] + " Aid arrived.")))
    assert later.story == "f0"
    assert before == {"f0": "f0", "f1": "f0", "f2": "f0", "s": "s"}
    assert restored.stories["f0"].size == 4


def test_pruned_centroids_keep_working() -> None:
    clusterer = StoryClusterer(ClusterSettings(max_terms=5))
    for i, text in enumerate(FLOODS * 3):
        clusterer.add(StoryArticle(f"f{i}", day("2024-10-29") + i, terms(text + f" Extra{i}word{i} here.")))
    story = clusterer.stories["f0"]
    assert len(story.whole) <= 10 and story.size == 9
    assert abs(story.whole_norm2 - sum(w * w for w in story.whole.values())) < 1e-6


def test_cosine_is_symmetric() -> None:
    a, b = terms(FLOODS[0]), terms(FLOODS[1])
    assert abs(cosine(a, b) - cosine(b, a)) < 1e-12 and 0 < cosine(a, b) < 1


def test_an_article_close_to_two_alike_stories_merges_them_into_the_older() -> None:
    clusterer = StoryClusterer(ClusterSettings(threshold=0.3, merge_threshold=0.5))
    today = day("2024-05-01")
    clusterer.add(StoryArticle("s1", today, {"a": 1.0}))
    clusterer.add(StoryArticle("s2", today + 1, {"b": 1.0}))
    assert clusterer.add(StoryArticle("x1", today + 2, {"a": 0.6, "b": 0.8})).story == "s2"
    assert clusterer.merges == []  # close to both, but the stories are not alike yet
    bridged = clusterer.add(StoryArticle("x2", today + 3, {"a": 0.8, "b": 0.6}))
    assert bridged.story == "s1" and clusterer.merges == [("s2", "s1")]
    assert set(clusterer.stories) == {"s1"} and clusterer.stories["s1"].size == 4
    assert clusterer.add(StoryArticle("x3", today + 4, {"b": 1.0})).story == "s1"  # the old postings moved


def test_two_big_stories_found_apart_are_compared_again_only_as_they_grow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyline.stories import clustering

    compared: list[int] = []
    real = StoryClusterer._centroid_similarity

    def counting(self: StoryClusterer, a: StoryState, b: StoryState) -> float:
        compared.append(1)
        return real(self, a, b)

    monkeypatch.setattr(StoryClusterer, "_centroid_similarity", counting)
    clusterer = StoryClusterer(ClusterSettings(merge_threshold=0.99))
    floods, strikes = terms(" ".join(FLOODS)), terms(STRIKE)
    both = {**floods, **strikes}  # an article close to both stories
    for number in range(clustering.RECHECK_FROM):
        clusterer.add(StoryArticle(f"f{number}", day("2024-10-29"), floods))
        clusterer.add(StoryArticle(f"s{number}", day("2024-10-29"), strikes))
    compared.clear()
    for number in range(50):
        clusterer.add(StoryArticle(f"b{number}", day("2024-10-30"), both))
    # 50 arrivals close to both, while the stories grow by about a quarter: compared about
    # every hundredth of growth, not at every arrival.
    assert set(clusterer.stories) == {"f0", "s0"}
    assert 0 < len(compared) < 35
