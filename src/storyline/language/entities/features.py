"""Token features for the entity CRF: the word, its shape and affixes, its neighbours, and a lexicon.

A CRF is only as good as what it is told about each token. Besides the word and its spelling,
each token gets facts that reach past the training data, all from a lexicon built at training
time from openly licensed PyPI packages (see scripts/train_entities.py):

- a word cluster (three granularities) from k-means over MiniLM's token embeddings, so unseen
  words behave like seen words of the same kind ("Tbilisi" like "Kiev");
- how common the lower-cased word is in English (wordfreq), which tells a capitalised "Will"
  at the start of a sentence from "Brexit";
- gazetteer flags: first and last names, place names matched as whole multi-word spans, and
  hand-written cue words (titles before names, heads of organisation names).

Features of a word do not depend on its sentence, so they are built once per distinct word and
cached with the prefixes for each neighbour position already applied: a sentence's features are
mostly list concatenation, which keeps tagging well above 30,000 words a second.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Words that, right before a capitalised word, make it a person: titles, ranks, roles.
PERSON_CUES = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady gen general col colonel maj major capt captain lt
    sgt sergeant adm admiral cmdr commander gov governor sen senator rep representative pres
    president vice minister secretary chancellor premier ambassador judge justice mayor king queen
    prince princess pope rev reverend father sister brother bishop archbishop cardinal rabbi imam
    sheikh chairman chairwoman chair spokesman spokeswoman spokesperson chief director coach
    manager striker midfielder defender goalkeeper actor actress singer author writer professor
    lawyer attorney prosecutor officer detective inspector correspondent reporter analyst economist
    ceo cfo founder leader candidate nominee mp mep deputy aide adviser advisor envoy
    """.split()
)
# Words that end (or start) the names of organisations.
ORGANISATION_HEADS = frozenset(
    """
    inc corp corporation co ltd llc plc ag gmbh sa nv group holdings company bank fund trust
    university college school institute academy hospital council committee commission ministry
    department agency authority bureau office service services association federation union
    league party parliament congress senate assembly court tribunal police army navy force forces
    brigade front movement organisation organization foundation society club team fc united
    news times post journal press network media airlines airways motors industries systems
    technologies labs laboratories board reserve exchange church mission
    """.split()
)
# Words that follow a place name or sit in one ("Mount X", "X Province").
PLACE_HEADS = frozenset(
    """
    street st road avenue square river lake mountain mount mountains island islands sea ocean bay
    gulf valley county province state region district city town village airport port strait
    peninsula coast desert
    """.split()
)

_SHAPE_RUNS = re.compile(r"(.)\1+")
_MAX_CACHE = 300_000
POSITIONS = (-2, -1, 1, 2)


@dataclass(slots=True)
class Lexicon:
    """What the tagger knows about words beyond its training data."""

    clusters: dict[str, str] = field(default_factory=dict)  # word -> "fine/mid/coarse" cluster ids
    frequency: dict[str, int] = field(default_factory=dict)  # word -> wordfreq Zipf value, rounded
    first_names: frozenset[str] = frozenset()
    last_names: frozenset[str] = frozenset()
    # First token of a place name -> the whole names (as token tuples) starting with it.
    places: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    domain: str = ""  # the marker of the features copied for the preferred guidelines, if any

    @classmethod
    def read(cls, path: Path) -> Lexicon:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            data = json.load(stream)
        places: dict[str, list[tuple[str, ...]]] = {}
        for name in data["places"]:
            words = tuple(name.split())
            places.setdefault(words[0], []).append(words)
        for names in places.values():
            names.sort(key=len, reverse=True)
        return cls(
            clusters=data["clusters"],
            frequency=data["frequency"],
            first_names=frozenset(data["first_names"]),
            last_names=frozenset(data["last_names"]),
            places=places,
            domain=data.get("domain", ""),
        )

    def write(self, path: Path) -> None:
        data: dict[str, Any] = {
            "clusters": dict(sorted(self.clusters.items())),
            "frequency": dict(sorted(self.frequency.items())),
            "first_names": sorted(self.first_names),
            "last_names": sorted(self.last_names),
            "domain": self.domain,
            "places": sorted({" ".join(name) for names in self.places.values() for name in names}),
        }
        # mtime=0 keeps the file byte-identical across rebuilds.
        with gzip.GzipFile(path, "wb", mtime=0) as raw:
            raw.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def word_shape(word: str) -> str:
    """The word's spelling pattern with runs collapsed: "McCain" -> "XxXx", "U.S." -> "X.X.".

    >>> word_shape("McCain"), word_shape("U.S."), word_shape("2024")
    ('XxXx', 'X.X.', 'd')
    """
    shape = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word)
    return _SHAPE_RUNS.sub(r"\1", shape)


class FeatureExtractor:
    """Turns tokenised sentences into CRF feature lists, caching what depends on the word alone."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon()
        self._cache: dict[str, tuple[list[str], ...]] = {}

    def sentence(self, words: Sequence[str], domain: str | None = None) -> list[list[str]]:
        """Features of each token of one sentence.

        With a `domain`, every feature also comes in a copy marked with it. Trained on corpora
        that follow different annotation guidelines, with the copies on the corpora of the
        guidelines we want, the copies learn where those guidelines differ ("easy domain
        adaptation", Daumé 2007); tagging then uses the copies too.

        >>> FeatureExtractor().sentence(["Mr", "Smith"])[1][:2]
        ['bias', 'w=smith']
        """
        cached = [self._word(word) for word in words]
        lowered = [entry[0][1] for entry in cached]  # "w=..." of each word
        places = self._place_tags(words)
        length = len(words)
        features: list[list[str]] = []
        for index in range(length):
            own = list(cached[index][0])
            for slot, offset in enumerate(POSITIONS, start=1):
                neighbour = index + offset
                if 0 <= neighbour < length:
                    own.extend(cached[neighbour][slot])
                elif offset in (-1, 1):
                    own.append("BOS" if offset < 0 else "EOS")
            if index:
                own.append("bi-=" + lowered[index - 1][2:] + "|" + lowered[index][2:])
            if index + 1 < length:
                own.append("bi+=" + lowered[index][2:] + "|" + lowered[index + 1][2:])
            if places[index]:
                own.append(places[index])
            if index + 1 < length and places[index + 1]:
                own.append("+1" + places[index + 1])
            if index and places[index - 1]:
                own.append("-1" + places[index - 1])
            if index == 0 and words[0][:1].isupper():
                own.append("cap@0")  # a capital letter that says nothing
            if domain:
                own += [domain + feature for feature in own]
            features.append(own)
        return features

    def _word(self, word: str) -> tuple[list[str], ...]:
        entry = self._cache.get(word)
        if entry is None:
            if len(self._cache) > _MAX_CACHE:
                self._cache.clear()
            entry = self._cache[word] = self._describe(word)
        return entry

    def _describe(self, word: str) -> tuple[list[str], ...]:
        lexicon = self.lexicon
        lower = word.lower()
        shape = word_shape(word)
        cluster = lexicon.clusters.get(lower, "")
        fine, mid, coarse = cluster.split("/") if cluster else ("", "", "")
        zipf = lexicon.frequency.get(lower, 0)
        own = ["bias", "w=" + lower, "sh=" + shape, "p2=" + lower[:2], "p3=" + lower[:3]]
        own += ["s2=" + lower[-2:], "s3=" + lower[-3:], "s4=" + lower[-4:]]
        if len(word) == 1:
            own.append("len1")
        if word[:1].isupper():
            own.append("cap")
            own.append(f"capf={zipf}")
        if word.isupper() and len(word) > 1:
            own.append("allcap")
        own.append(f"f={zipf}")
        if cluster:
            own += ["c1=" + fine, "c2=" + mid, "c3=" + coarse]
        if lower in lexicon.first_names:
            own.append("first")
        if lower in lexicon.last_names:
            own.append("last")
        cue = cue_of(lower)
        if cue:
            own.append(cue)
        context = ["w=" + lower, "sh=" + shape]
        if cluster:
            context += ["c2=" + mid]
        if cue:
            context.append(cue)
        # Flags of the neighbours: "first name, then an unknown capitalised word" is a person.
        context += [flag for flag in own if flag in ("first", "last", "cap", "allcap")]
        slots: list[list[str]] = [own]
        for offset in POSITIONS:
            prefix = f"{offset:+d}"
            extra = ["s3=" + lower[-3:]] if offset in (-1, 1) else []
            slots.append([prefix + feature for feature in context + extra])
        return tuple(slots)

    def _place_tags(self, words: Sequence[str]) -> list[str]:
        tags = [""] * len(words)
        places = self.lexicon.places
        if not places:
            return tags
        index = 0
        while index < len(words):
            matched = 0
            for name in places.get(words[index], ()):
                if tuple(words[index : index + len(name)]) == name:
                    matched = len(name)
                    break
            if matched:
                tags[index] = "gz=B"
                for inside in range(index + 1, index + matched):
                    tags[inside] = "gz=I"
                index += matched
            else:
                index += 1
        return tags


def cue_of(lower: str) -> str:
    bare = lower.rstrip(".")
    if bare in PERSON_CUES:
        return "cue=per"
    if bare in ORGANISATION_HEADS:
        return "cue=org"
    if bare in PLACE_HEADS:
        return "cue=loc"
    return ""
