"""Annotating articles: the language stage's parts chained, over one article or a whole store.

Every article is annotated once; the annotations are stored with character offsets and read by
the later stages. `Annotator` does one article; `annotate_store` runs it over a store, on all
cores, skipping articles that already carry annotations from this annotator version.

>>> from storyline.models import Article
>>> article = Article(id="a1", source="-", format="text", text="NATO said on Tuesday it would leave.",
...                   published="2020-01-09", published_precision="day")
>>> [t.value for t in Annotator().annotate(article).times]
['2020-01-07']
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from storyline.errors import OverBudget
from storyline.language.attribution import find_attributions
from storyline.language.budget import time_budget
from storyline.language.entities import EntityRecognizer
from storyline.language.entities.linking import link_mentions
from storyline.language.quantities import find_quantities
from storyline.language.sentences import TokenizedSentence, tokenize_sentences
from storyline.language.timex import tag_times
from storyline.models import (
    Annotations,
    Article,
    EncodedAnnotations,
    EntityMention,
    Sentence,
    TimeExpression,
)
from storyline.runners import BatchWork, Runner
from storyline.runners.local import ProcessRunner
from storyline.store import Store

__all__ = [
    "ANNOTATOR_VERSION",
    "AnnotateReport",
    "Annotator",
    "EntityFinder",
    "LanguageOptions",
    "AnnotateWork",
    "annotate_store",
    "annotator_version",
]

log = logging.getLogger(__name__)

# Bump when the annotations change in a way stored ones should be redone.
ANNOTATOR_VERSION = "language-4"
# Far more than a long report needs (a 1.2-million-character one takes about 10 s).
ARTICLE_SECONDS = 60.0


class EntityFinder(Protocol):
    def find(self, text: str, sentences: Sequence[TokenizedSentence]) -> list[EntityMention]: ...


TimeTagger = Callable[..., list[TimeExpression]]


@dataclass(slots=True)
class LanguageOptions:
    nlp: str | None = None  # "minilm" (the transformer extra) or "spacy:NAME" (an installed pipeline)
    workers: int = 0  # processes; 0 = one per core
    batch_size: int = 200  # articles per store transaction
    redo: bool = False  # annotate again even where current annotations exist
    # Seconds one article may take; past them it keeps only its sentences (None: no limit).
    article_seconds: float | None = ARTICLE_SECONDS


@dataclass(slots=True)
class AnnotateReport:
    run_id: int = 0
    annotated: int = 0
    sentences: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason)
    incomplete: list[tuple[str, str]] = field(default_factory=list)  # annotated in part: (id, why)
    workers: int = 1
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        seconds = max(self.seconds, 1e-9)
        return {
            "run_id": self.run_id,
            "annotated": self.annotated,
            "sentences": self.sentences,
            "failed": [{"article": article, "reason": reason} for article, reason in self.failed],
            "incomplete": [{"article": article, "reason": reason} for article, reason in self.incomplete],
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "sentences_per_second": round(self.sentences / seconds, 1),
        }


class Annotator:
    """Annotates one article. Each part can be swapped through the constructor."""

    def __init__(
        self,
        *,
        entity_finder: EntityFinder | None = None,
        time_tagger: TimeTagger = tag_times,
        version: str = ANNOTATOR_VERSION,
    ) -> None:
        self.entity_finder = entity_finder if entity_finder is not None else EntityRecognizer.load()
        self.time_tagger = time_tagger
        self.version = version

    def annotate(self, article: Article, *, seconds: float | None = None) -> Annotations:
        """The article's annotations; past `seconds`, only its sentences, with the reason."""
        text = article.text
        anchor = article.published
        sentences: list[TokenizedSentence] | None = None
        try:
            with time_budget(seconds):
                # 1. sentences and tokens, the unit every later part works in
                sentences = tokenize_sentences(text)
                # 2. time expressions, resolved against the publication date where there is one
                times = self.time_tagger(
                    text, sentences, anchor=anchor, anchor_source="published" if anchor else None
                )
                # 3. entities, then their mentions linked into one name per entity
                entities = link_mentions(text, self.entity_finder.find(text, sentences), sentences)
                # 4. figures, and 5. who said what, whose speakers resolve to the entities
                quantities = find_quantities(text, sentences)
                attributions = find_attributions(text, sentences, entities)
        except OverBudget as exc:
            log.warning("article %s %s to annotate: only its sentences are kept", article.id, exc)
            return Annotations(
                article_id=article.id,
                annotator=self.version,
                sentences=[s.as_sentence() for s in sentences] if sentences is not None else _lines(text),
                anchor=anchor,
                incomplete=f"{exc} to annotate: only its sentences were found",
            )
        return Annotations(
            article_id=article.id,
            annotator=self.version,
            sentences=[s.as_sentence() for s in sentences],
            times=times,
            entities=entities,
            quantities=quantities,
            attributions=attributions,
            anchor=anchor,
        )


def _lines(text: str) -> list[Sentence]:
    """Each line a sentence: what is left when there was no time to find the real ones."""
    return [Sentence(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def annotator_version(options: LanguageOptions) -> str:
    """The version `annotator_for(options)` stamps on its annotations, without loading it."""
    return f"{ANNOTATOR_VERSION}+{options.nlp}" if options.nlp else ANNOTATOR_VERSION


def annotator_for(options: LanguageOptions) -> Annotator:
    if options.nlp == "minilm":
        # The optional fine-tuned transformer: more accurate, far slower (the `transformer` extra).
        from storyline.language.entities.minilm import MiniLMEntityFinder

        return Annotator(entity_finder=MiniLMEntityFinder.load(), version=annotator_version(options))
    if options.nlp:
        from storyline.language.spacy_entities import SpacyEntityFinder

        finder = SpacyEntityFinder.from_spec(options.nlp)
        return Annotator(entity_finder=finder, version=annotator_version(options))
    return Annotator()


def annotate_store(
    store: Store,
    options: LanguageOptions | None = None,
    on_progress: Callable[[AnnotateReport], None] | None = None,
    *,
    runner: Runner | None = None,
) -> AnnotateReport:
    """Annotate every article of the store that lacks current annotations; resumable at any point.

    The articles are annotated by `runner` (by default processes on every core, or
    `options.workers` of them) and written batch by batch, each batch in one transaction."""
    options = options or LanguageOptions()
    # Loaded here first: a bad --nlp fails early, and forked workers share what is loaded.
    work = AnnotateWork(options, store.connect_url, annotator_for(options))
    report = AnnotateReport(run_id=store.start_run("annotate"))
    started = time.perf_counter()
    total = store.count_to_annotate(work.version, redo=options.redo)
    own_runner = runner is None
    runner = runner or ProcessRunner(min(options.workers or os.cpu_count() or 1, max(1, total // 4)))
    report.workers = runner.workers
    # Small batches when there is little to do, so that every worker gets some.
    size = max(1, min(options.batch_size, -(-total // (4 * runner.workers))))
    # The ids are read a page at a time and handed out `size` at a time: never all in memory.
    pending = store.iter_ids_to_annotate(work.version, redo=options.redo)
    chunks = iter(lambda: list(itertools.islice(pending, size)), [])
    try:
        for outcomes in runner.map_batches(work, chunks, store):
            batch: list[EncodedAnnotations] = []
            for outcome in outcomes:
                if isinstance(outcome, EncodedAnnotations):
                    batch.append(outcome)
                    report.annotated += 1
                    report.sentences += outcome.sentences
                    if outcome.incomplete:
                        report.incomplete.append((outcome.article_id, outcome.incomplete))
                else:
                    report.failed.append(outcome)
            # Another run annotating the same articles at once may have stored theirs first:
            # those are kept (a redo replaces them).
            store.write_annotations(report.run_id, batch, replace_current=options.redo)
            if on_progress:
                on_progress(report)
    finally:
        if own_runner:
            runner.close()
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, report.to_dict())
    return report


class AnnotateWork(BatchWork[Annotator]):
    """The language stage on a batch of article ids, for any runner."""

    def __init__(
        self, options: LanguageOptions, store_url: str | None = None, annotator: Annotator | None = None
    ) -> None:
        self.options = options
        self.store_url = store_url
        self._annotator = annotator or annotator_for(options)
        self.version = self._annotator.version

    def __getstate__(self) -> dict[str, Any]:
        # Sent to a worker without the loaded models: it loads its own in `setup`.
        return {"options": self.options, "store_url": self.store_url, "version": self.version}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _annotator=None)

    def setup(self) -> Annotator:
        return self._annotator if self._annotator is not None else annotator_for(self.options)

    def load(self, store: Store | None, keys: list[Any]) -> list[Any]:
        assert store is not None  # the runner hands over the store the ids are in
        return store.get_articles(keys)

    def run(self, state: Annotator, items: list[Any]) -> list[Any]:
        return [_annotate_one(state, article, self.options.article_seconds) for article in items]


def _annotate_one(
    annotator: Annotator, article: Article, seconds: float | None = None
) -> EncodedAnnotations | tuple[str, str]:
    try:
        return EncodedAnnotations.encode(annotator.annotate(article, seconds=seconds))
    except Exception as exc:  # noqa: BLE001 - any bug in a rule must cost one article, not the run
        # The article is reported, stays unannotated and is retried by the next run.
        log.warning("cannot annotate %s: %s", article.id, exc)
        return (article.id, f"{type(exc).__name__}: {exc}")
