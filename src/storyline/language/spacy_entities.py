"""Entities from a full spaCy pipeline the user has installed (`--nlp spacy:en_core_web_sm`).

Our own tagger is the default because spaCy's trained pipelines cannot be installed offline;
where a user has one, its entity recogniser can replace ours. Its labels map onto ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.errors import UnknownPipeline
from storyline.language.sentences import TokenizedSentence
from storyline.models import EntityLabel, EntityMention

__all__ = ["SpacyEntityFinder", "UnknownPipeline"]

SPACY_LABELS: dict[str, EntityLabel] = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
}


class SpacyEntityFinder:
    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    @classmethod
    def from_spec(cls, spec: str) -> SpacyEntityFinder:
        kind, _, name = spec.partition(":")
        if kind != "spacy" or not name:
            raise UnknownPipeline(f"--nlp {spec!r}: expected spacy:NAME, e.g. spacy:en_core_web_sm")
        try:
            import spacy

            nlp = spacy.load(name, exclude=["lemmatizer", "textcat"])
        except (ImportError, OSError) as exc:
            raise UnknownPipeline(
                f"--nlp {spec!r}: spaCy pipeline {name!r} is not installed here ({exc}). "
                f"Install it as a package (pip install {name}) or leave out --nlp to use the built-in tagger."
            ) from exc
        if "ner" not in nlp.pipe_names:
            raise UnknownPipeline(f"--nlp {spec!r}: pipeline {name!r} has no entity recogniser")
        return cls(nlp)

    def find(self, text: str, sentences: Sequence[TokenizedSentence]) -> list[EntityMention]:
        mentions: list[EntityMention] = []
        spans = [(s.start, s.end) for s in sentences]
        for (start, _end), doc in zip(spans, self.nlp.pipe(text[s:e] for s, e in spans), strict=True):
            for ent in doc.ents:
                label = SPACY_LABELS.get(ent.label_)
                if label is not None:
                    mentions.append(
                        EntityMention(
                            start + ent.start_char,
                            start + ent.end_char,
                            ent.text,
                            label,
                            entity=ent.text,
                            source="model",
                        )
                    )
        return mentions
