"""The language stage over a store: every part runs, results are stored, reruns are resumable."""

from __future__ import annotations

import json

import pytest

from storyline.ingest import IngestOptions, ingest
from storyline.language.annotator import ANNOTATOR_VERSION, Annotator, LanguageOptions, annotate_store
from storyline.models import Annotations, Article, EntityMention
from storyline.store import Store

STORY = (
    "Harbour closed after storm\n\n"
    "PORTVALE (Coastwire) — The Portvale Harbour Authority said on Tuesday that about 40 fishing boats "
    "were damaged and that the harbour would stay closed until Friday.\n\n"
    '"We have never seen waves like this," said Mira Lund, the harbour master.\n\n'
    "Fewer than 200 residents were evacuated last week, according to the fire service.\n\n"
    "Published 2024-03-14"
)


def article(text: str, published: str | None = "2024-03-14", article_id: str = "a1") -> Article:
    return Article(
        id=article_id,
        source="-",
        format="text",
        text=text,
        published=published,
        published_precision="day" if published else None,
    )


def test_one_article_gets_every_kind_of_annotation() -> None:
    text = STORY.split("\n\n", 1)[1].rsplit("\n\n", 1)[0]
    result = Annotator().annotate(article(text))
    assert result.annotator == ANNOTATOR_VERSION and result.anchor == "2024-03-14"
    assert len(result.sentences) == 3
    assert {t.value for t in result.times} >= {"2024-03-12", "2024-W10"}  # the Tuesday before; last week
    names = {(e.entity, e.label) for e in result.entities}
    assert ("Mira Lund", "PER") in names
    assert any(label == "ORG" and "Harbour Authority" in name for name, label in names)
    figures = {(q.value, q.high, q.approximate) for q in result.quantities}
    assert (40, 40, True) in figures and (None, 199, False) in figures
    speakers = {(a.kind, a.entity or a.speaker) for a in result.attributions}
    assert ("quote", "Mira Lund") in speakers
    assert any(kind == "according_to" for kind, _ in speakers)
    # Every span points into the text.
    for record in [*result.times, *result.entities, *result.quantities]:
        assert text[record.start : record.end] == record.text


def test_undated_article_keeps_relative_times_for_later() -> None:
    result = Annotator().annotate(article("The ministry said on Tuesday it would act.", published=None))
    [tuesday] = result.times
    assert result.anchor is None
    assert "X" in tuesday.value and tuesday.relative


def test_parts_are_swappable_through_the_constructor() -> None:
    class OnlyHarbours:
        def find(self, text: str, sentences: object) -> list[EntityMention]:
            start = text.index("Harbour")
            return [EntityMention(start, start + 7, "Harbour", "LOC", entity="Harbour")]

    result = Annotator(entity_finder=OnlyHarbours(), time_tagger=lambda *a, **k: []).annotate(
        article("The Harbour is closed on Monday.")
    )
    assert result.times == []
    assert [(e.text, e.label) for e in result.entities] == [("Harbour", "LOC")]


@pytest.fixture
def filled_store(store: Store, tmp_path) -> Store:
    for number in range(6):
        # One folder each: six near-identical pages of one site would read as site template.
        folder = tmp_path / f"outlet{number}"
        folder.mkdir()
        (folder / "story.txt").write_text(STORY.replace("40", str(40 + number)), encoding="utf-8")
    ingest([str(tmp_path)], store, IngestOptions())
    assert store.count_articles() == 6
    return store


def test_annotate_store_is_resumable_and_stores_json(filled_store: Store) -> None:
    first = annotate_store(filled_store, LanguageOptions(workers=1, batch_size=4))
    assert first.annotated == 6 and not first.failed and first.sentences >= 18
    assert filled_store.count_annotations(ANNOTATOR_VERSION) == 6
    again = annotate_store(filled_store, LanguageOptions(workers=1))
    assert again.annotated == 0
    redo = annotate_store(filled_store, LanguageOptions(workers=1, redo=True))
    assert redo.annotated == 6 and filled_store.count_annotations() == 6
    stored = next(filled_store.iter_annotations())
    # What is stored reads back as it was written.
    assert Annotations.from_dict(json.loads(json.dumps(stored.to_dict()))) == stored


def test_annotate_store_in_worker_processes_matches_one_process(filled_store: Store) -> None:
    annotate_store(filled_store, LanguageOptions(workers=1))
    single = {a.article_id: a for a in filled_store.iter_annotations()}
    report = annotate_store(filled_store, LanguageOptions(workers=2, redo=True))
    assert report.annotated == 6 and report.workers == 1  # six articles are not worth a second process
    report = annotate_store(filled_store, LanguageOptions(workers=2, redo=True, batch_size=2))
    pooled = {a.article_id: a for a in filled_store.iter_annotations()}
    assert pooled == single


def test_an_article_the_rules_fail_on_is_reported_and_the_rest_goes_on(filled_store: Store) -> None:
    calls = {"n": 0}

    def flaky_tagger(text: str, *args: object, **kwargs: object) -> list:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ValueError("cannot read this date")
        return []

    from storyline.language import annotator as module

    annotator = Annotator(time_tagger=flaky_tagger)
    outcomes = [module._annotate_one(annotator, a) for a in filled_store.iter_articles()]
    failed = [o for o in outcomes if isinstance(o, tuple)]
    assert len(failed) == 1 and "cannot read this date" in failed[0][1]
    assert len(outcomes) - len(failed) == 5


def test_bad_nlp_option_is_a_clear_error(store: Store) -> None:
    from storyline.errors import UnknownPipeline

    with pytest.raises(UnknownPipeline, match="not installed"):
        annotate_store(store, LanguageOptions(nlp="spacy:no_such_pipeline_here"))
    with pytest.raises(UnknownPipeline, match="expected spacy:NAME"):
        annotate_store(store, LanguageOptions(nlp="stanza"))
