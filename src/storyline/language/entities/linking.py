"""Entity linking: one name per entity inside an article, and one key name across articles.

The tagger finds mentions one at a time; a reader knows that "Stoltenberg" three paragraphs after
"Jens Stoltenberg" is the same man. `link_mentions` groups an article's mentions into entities
and gives each the fullest name the article used for it:

1. Mentions are tidied. Nationality adjectives ("Iraqi", "U.S.-Israeli") name no entity in this
   project and are dropped; a possessive and lower-case words at either end of a span ("left
   Altmar", "Baghdad airport") are not part of the name; nor, for names, are a leading "the" and,
   for people, titles such as "Mr" or "Infrastructure Minister".
2. Fullest names first, each mention joins the entity whose name it is a form of: the same name
   in other case or spelling ("Nato"; "U.S." and "the United States" through the alias table), a
   person's surname or name without middle initials, a spelling variant with one doubled letter
   ("Qasem"/"Qassem Soleimani"), or an acronym defined in brackets after the full name or made
   of its initials. A short form that fits two entities joins neither.
3. Each entity takes one label: the majority of its mentions, a tie going to the fullest name's.
   News introduces people by full name, so a one-word "person" is one only if no mention reads
   otherwise and the text never places it ("in X", "residents of X"). A name made of place
   words ("Lake X", "X Dam") is a place; a known country or organisation takes its table's
   label unless the mentions say it is a person.
4. Mentions the tagger missed are added: later whole-word repeats of a name already linked
   (source "rule"), and definite descriptions ("the alliance", "the ministry") that fit exactly
   one organisation named before them (source "coreference"). Both are held back wherever the
   text leaves doubt, since a wrong link misleads more than a missing one.

`canonical_name` turns a name into the key that stays the same across articles: whitespace,
quotes, dots of abbreviations, possessives and a leading "the" are normalised, then aliases
resolved: every ISO 3166 country from pycountry, plus a short hand-written table in aliases.yaml.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, cast

import yaml

from storyline.language.sentences import Token, TokenizedSentence
from storyline.models import EntityLabel, EntityMention

__all__ = ["ALIASES_PATH", "canonical_name", "is_demonym", "link_mentions"]

ALIASES_PATH = Path(__file__).with_name("aliases.yaml")

# Modifiers that may stand between "the" and a class noun without making it another entity
# ("the defence alliance" is NATO; "the rival alliance" is not). Words of the entity's own name
# are allowed too ("the water authority" for the Orrin Valley Water Authority).
DESCRIPTION_MODIFIERS = frozenset(
    """
    military defence defense western transatlantic trans-atlantic atlantic security political
    economic trade european national federal regional
    """.split()
)
# Words after a class noun that start a restrictive description of some other body: "the board
# that oversees the dam", "the ministry of health".
RESTRICTIVE_FOLLOWERS = frozenset({"that", "which", "who", "whose", "of", "for"})
MONTHS_AND_DAYS = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)

_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "`": "'", "“": '"', "”": '"', "„": '"'})
_DASHES = re.compile(r"[\s\-‐‑‒–—]+")
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$", re.IGNORECASE)
_POSSESSIVE_IN_TEXT = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_INITIALISM = re.compile(r"\b(?:[A-Z]\.){2,}")
_INITIAL = re.compile(r"\b([A-Z])\.(?=\s|$)")
_BRACKETED_ACRONYM = re.compile(r"\s*[(\[]\s*([A-Z][A-Za-z&.\-]{1,11})\s*[)\]]")
_SPACED_WORD = re.compile(r"\S+")
# Words before a name that make it a place: "in Kessel", "the town of Dravin".
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|outside|inside|across|around|towards?|into|throughout)|\b(?:town|city|village|port|"
    r"capital|region|province|district|county|island|residents|inhabitants|people|mayor|streets|outskirts|"
    r"suburbs|centre|center|evacuation) of)\s+$"
)
_TITLE_JOINERS = frozenset({"of", "for", "the", "and", "on"})
_LOWER_WORD = re.compile(r"\b[a-z][a-z]+\b")
_CAPITALS = re.compile(r"[A-Z]")
_SMALL_LETTERS = re.compile(r"[a-z]")
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "et", "&", "on", "in"})


# ---------------------------------------------------------------------------------------------
# Canonical names


@dataclass(frozen=True, slots=True)
class _Tables:
    known: dict[str, tuple[str, EntityLabel]]  # name key -> (displayed name, label)
    nominals: dict[str, frozenset[str]]  # class noun -> canonical names it may describe
    heads: frozenset[str]
    titles: frozenset[str]
    suffixes: frozenset[str]
    keep_the: frozenset[str]
    demonyms: frozenset[str]  # casefolded: "iraqi", "hungarian", "french"
    place_first: frozenset[str]
    place_last: frozenset[str]
    place_last_not_people: frozenset[str]
    particles: frozenset[str]


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """A comparison key: no case, dots, apostrophes or hyphens, no leading "the"."""
    key = _DASHES.sub(" ", name.casefold().replace(".", "").replace("'", "").replace("’", "")).strip()
    return key[4:] if key.startswith("the ") else key


@cache
def _tables() -> _Tables:
    try:
        import pycountry
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("canonical names need pycountry: pip install pycountry") from error

    data: dict[str, Any] = yaml.safe_load(ALIASES_PATH.read_text(encoding="utf-8"))
    known: dict[str, tuple[str, EntityLabel]] = {}
    extra_countries: dict[str, list[str]] = data["countries"]
    for country in pycountry.countries:
        extra = extra_countries.get(country.alpha_2, [])
        display = extra[0] if extra else getattr(country, "common_name", None) or country.name
        names = (country.name, getattr(country, "official_name", None), getattr(country, "common_name", None))
        # ISO's inverted forms ("Korea, Republic of") are not how text names a country.
        for name in [n for n in names if n and ", " not in n] + extra:
            known[_key(name)] = (display, "LOC")
    for section, label in (("places", "LOC"), ("organisations", "ORG")):
        for display, aliases in data[section].items():
            for name in [display, *aliases]:
                known[_key(name)] = (display, cast(EntityLabel, label))
    for name in data["not_aliases"]:
        known.pop(_key(name), None)
    countries = {
        display.casefold() for display, label in known.values() if label == "LOC" and " " not in display
    }
    demonyms = {word.casefold() for word in data["demonyms"]}
    demonyms.update(d for country in countries for d in _demonyms_of(country) if _key(d) not in known)
    return _Tables(
        known=known,
        nominals={noun: frozenset(names) for noun, names in data["nominals"].items()},
        heads=frozenset(data["institution_heads"]),
        titles=frozenset(data["person_titles"]),
        suffixes=frozenset(data["name_suffixes"]),
        keep_the=frozenset(_key(name) for name in data["keep_the"]),
        demonyms=frozenset(demonyms | {d + "s" for d in demonyms}),
        particles=frozenset(data["name_particles"]),
        place_first=frozenset(data["place_first_words"]),
        place_last=frozenset(data["place_last_words"]),
        place_last_not_people=frozenset(data["place_last_words_not_people"]),
    )


def _demonyms_of(country: str) -> list[str]:
    """The usual adjective endings on a one-word country name: Iraqi, Hungarian, Japanese."""
    if country.endswith("stan"):
        return [country[:-4], country + "i"]
    if country.endswith("ia"):
        return [country + "n", country[:-1]]
    if country.endswith("a"):
        return [country + "n", country[:-1] + "ian", country[:-1] + "ese"]
    if country.endswith("y"):
        return [country[:-1] + "ian", country[:-1], country[:-1] + "ish"]
    if country.endswith("e"):
        return [country[:-1] + "ian", country + "an"]
    if country.endswith("o"):
        return [country[:-1] + "an"]
    if country.endswith("um"):
        return [country[:-2] + "an"]
    if country.endswith("i"):
        return [country + "an"]
    return [country + "i", country + "ian", country + "ese"]


@lru_cache(maxsize=65536)
def is_demonym(name: str) -> bool:
    """Whether a name is a nationality or regional adjective ("Iraqi", "U.S.-Israeli"): no entity.

    >>> is_demonym("Hungarian"), is_demonym("U.S.-Israeli"), is_demonym("Hungary")
    (True, True, False)
    """
    last = _DASHES.split(name.strip())[-1]
    return " " not in name.strip() and last.casefold() in _tables().demonyms


@lru_cache(maxsize=65536)
def canonical_name(name: str, label: str) -> str:
    """Cross-article normalisation of a name: aliases and spelling variants to one key name.

    >>> canonical_name("the U.S.", "LOC"), canonical_name("Nato’s", "ORG")
    ('United States', 'NATO')
    >>> canonical_name("Mr  Jens Stoltenberg", "PER")
    'Jens Stoltenberg'
    """
    tidy = _tidy_name(name, label)
    # "us" and "america" in lower case are words, not the country.
    if label != "PER" and (not tidy.islower() or len(tidy) > 4):
        known = _tables().known.get(_key(tidy))
        if known:
            return known[0]
    return tidy


@lru_cache(maxsize=65536)
def _tidy_name(name: str, label: str) -> str:
    tables = _tables()
    tidy = " ".join(unicodedata.normalize("NFKC", name).translate(_QUOTES).split())
    tidy = tidy.strip(" \"'()[]{},;:!?")
    tidy = _POSSESSIVE.sub("", tidy)
    if tidy[:4].casefold() == "the " and _key(tidy) not in tables.keep_the:
        tidy = tidy[4:].lstrip()
    if label == "PER":
        tidy = _INITIAL.sub(r"\1", _strip_titles(tidy, tables.titles))
        if tidy.isupper() and len(tidy) > 3:
            tidy = tidy.title()  # transcripts and bylines in capitals: "ANDERSON COOPER"
    tidy = _INITIALISM.sub(lambda m: m.group().replace(".", ""), tidy)
    if tidy.endswith(".") and len(tidy) > 2 and tidy[-2].islower():
        tidy = tidy[:-1]  # a sentence's full stop caught in the span
    return tidy


def _strip_titles(name: str, titles: frozenset[str]) -> str:
    words = name.split()
    # "Deputy Prime Minister Nick Clegg", "Secretary of State Jo Hart": everything up to the last
    # title word goes, as long as a name is left; a lower-case word other than a title's own
    # ends the search, since titles are capitalised before a name.
    last_title = -1
    for index, word in enumerate(words[:-1]):
        if word.rstrip(".").casefold() in titles:
            last_title = index
        elif not word[:1].isupper() and word not in _TITLE_JOINERS:
            break
    if last_title < 0 or words[-1].rstrip(".").casefold() in titles and last_title == len(words) - 2:
        return name  # no title, or nothing but titles ("Lance Corporal")
    rest = words[last_title + 1 :]
    if len(rest) > 2 and rest[0] in _TITLE_JOINERS:
        rest = rest[2:]  # "Secretary of State Jo Hart": the word after "of" is the title's
    return " ".join(rest)


# ---------------------------------------------------------------------------------------------
# Linking inside an article


@dataclass(slots=True)
class _Entity:
    name: str  # the fullest tidy name, as the article wrote it
    label: EntityLabel  # label of the mention that founded it, until the vote
    first: int  # offset of its earliest mention
    mentions: list[EntityMention] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)  # how the article writes it, for repeats
    registered: set[tuple[str, str]] = field(default_factory=set)  # (name, label) in the index
    canonical: str = ""

    @property
    def words(self) -> list[str]:
        return self.name.split()


@dataclass(slots=True)
class _Index:
    """Keys to entities; a key two entities claim points to none (None)."""

    names: dict[str, _Entity | None] = field(default_factory=dict)
    surnames: dict[str, _Entity | None] = field(default_factory=dict)
    acronyms: dict[str, _Entity | None] = field(default_factory=dict)

    @staticmethod
    def claim(table: dict[str, _Entity | None], key: str, entity: _Entity) -> None:
        if key and table.get(key, entity) is entity:
            table[key] = entity
        elif key:
            table[key] = None


def link_mentions(
    text: str, mentions: Sequence[EntityMention], sentences: Sequence[TokenizedSentence]
) -> list[EntityMention]:
    """Return the mentions (plus added ones) with `entity` set to the entity's canonical name.

    The input mentions are not changed: the result holds copies, sorted by position.

    >>> text = "Jens Stoltenberg spoke. Later Stoltenberg left."
    >>> found = [EntityMention(0, 16, "Jens Stoltenberg", "PER"), EntityMention(30, 41, "Stoltenberg", "PER")]
    >>> [m.entity for m in link_mentions(text, found, [])]
    ['Jens Stoltenberg', 'Jens Stoltenberg']
    """
    # Nationality adjectives are not entities in this project ("Iraqi forces").
    copies = [_trim_span(text, m) for m in mentions if not is_demonym(text[m.start : m.end])]
    if not copies:
        return []
    names = [_tidy_name(text[m.start : m.end], m.label) for m in copies]
    # 1.-2. Fullest names found the entities; shorter forms join them.
    index = _Index()
    entities: list[_Entity] = []
    order = sorted(range(len(copies)), key=lambda i: (-len(names[i].split()), copies[i].start))
    for i in order:
        mention, name = copies[i], names[i]
        if not name:
            mention.entity = mention.text
            continue
        entity = _find_entity(name, mention.label, index, entities)
        if entity is None:
            entity = _Entity(name, mention.label, mention.start)
            entities.append(entity)
        elif (
            len(name) > 4 and entity.name.isupper() and not name.isupper() and _key(name) == _key(entity.name)
        ):
            entity.name = name  # "Kessel" reads better than the dateline's "KESSEL"
        entity.mentions.append(mention)
        entity.first = min(entity.first, mention.start)
        entity.forms.add(_surface(text, mention))
        _register_name(entity, name, mention.label, index)
        acronym = _BRACKETED_ACRONYM.match(text, mention.end)
        if acronym and len(entity.words) > 1 and _abbreviates(acronym.group(1), name):
            defined = acronym.group(1).replace(".", "")
            _Index.claim(index.names, _key(defined), entity)
            entity.forms.add(acronym.group(1))
    # 3. One label and one canonical name per entity.
    for entity in entities:
        _settle_label(entity, text)
    described = _described_entities(entities)
    entities = _merge_class_nouns(entities, described)
    # 4. Mentions the tagger missed.
    words = _Words(text, sentences)
    added = list(_repeats(text, entities, copies, words))
    added.extend(_descriptions(text, described, copies + added, words))
    return sorted(copies + added, key=lambda m: (m.start, m.end))


def _trim_span(text: str, mention: EntityMention) -> EntityMention:
    """The mention without a possessive, or lower-case words at either end ("left Altmar")."""
    start, end = mention.start, mention.end
    surface = text[start:end]
    if "'" in surface or "’" in surface:
        possessive = _POSSESSIVE_IN_TEXT.search(surface)
        if possessive and possessive.start() > 0:
            end = start + possessive.start()
            surface = text[start:end]
    if " " in surface and not surface.islower():
        words = surface.split(" ")
        particles = _tables().particles
        while len(words) > 1 and words[0].islower() and words[0] not in particles:
            start += len(words.pop(0)) + 1
        while len(words) > 1 and words[-1].islower():
            end -= len(words.pop()) + 1
        surface = text[start:end]
    return EntityMention(start, end, surface, mention.label, mention.entity, mention.source)


def _surface(text: str, mention: EntityMention) -> str:
    surface = text[mention.start : mention.end]
    return surface[4:] if surface[:4].casefold() == "the " else surface


def _find_entity(name: str, label: str, index: _Index, entities: list[_Entity]) -> _Entity | None:
    key = _key(name)
    known = label != "PER" and _key(canonical_name(name, label)) in _tables().known
    if label == "PER" or not known:
        # A person's surname or first-and-last name comes before a same-named place: "Jordan"
        # tagged as a person next to "Michael Jordan".
        person = _person_match(name, index, entities)
        if person is not None and (label == "PER" or len(name.split()) == 1):
            return person
    for candidate in (key, _key(canonical_name(name, label))):
        if index.names.get(candidate):
            return index.names[candidate]
    # A known name ("US") is never read as another name's initials ("US Senate").
    if known or not _is_acronym(name):
        return None
    return index.acronyms.get(name.replace(".", ""))


def _abbreviates(acronym: str, name: str) -> bool:
    """Whether the acronym's letters are the name's capitals, in order, from the first.

    "Agence France-Presse (AFP)" and "Organisation for Economic Co-operation and Development
    (OECD)" pass; a dateline's "NEW YORK (Reuters)" does not.
    """
    capitals = iter(c for c in name if c.isupper())
    letters = [c for c in acronym.upper() if c.isalpha()]
    return bool(letters) and letters[0] == name[:1] and all(letter in capitals for letter in letters)


@lru_cache(maxsize=65536)
def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    capitals = sum(c.isupper() for c in letters)
    return 2 <= len(letters) <= 8 and letters.isalpha() and capitals >= 2 and capitals * 3 >= len(letters) * 2


def _person_match(name: str, index: _Index, entities: list[_Entity]) -> _Entity | None:
    words = _name_words(name)
    if len(words) == 1:
        return index.surnames.get(words[0].casefold())
    entity = index.surnames.get(f"{words[0]} {words[-1]}".casefold())
    if entity is not None:
        return entity
    # A spelling variant of a full name: "Qasem Soleimani" / "Qassem Soleimani".
    matches = [e for e in entities if e.label == "PER" and _one_letter_apart(words, _name_words(e.name))]
    return matches[0] if len(matches) == 1 else None


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    """A person's name without initials and suffixes: "William H Seely III" -> William, Seely."""
    suffixes = _tables().suffixes
    words = [w for w in name.split() if len(w.rstrip(".")) > 1 or w == name]
    while len(words) > 1 and words[-1].rstrip(".").casefold() in suffixes:
        words.pop()
    return tuple(words or name.split())


def _one_letter_apart(words: Sequence[str], other: Sequence[str]) -> bool:
    if len(words) != len(other) or len(words) < 2:
        return False
    different = [(a, b) for a, b in zip(words, other, strict=True) if a.casefold() != b.casefold()]
    return len(different) == 1 and min(map(len, different[0])) >= 4 and _doubled_letter_apart(*different[0])


def _doubled_letter_apart(a: str, b: str) -> bool:
    """Whether two spellings differ by one doubled letter: Qasem/Qassem, Zelensky/Zelenskyy.

    Transliterations differ that way; a changed letter (Anna/Anne) is usually another person.
    """
    shorter, longer = sorted((a.casefold(), b.casefold()), key=len)
    if len(longer) != len(shorter) + 1:
        return False
    for i, letter in enumerate(longer):
        if longer[:i] + longer[i + 1 :] == shorter:
            return (i > 0 and longer[i - 1] == letter) or (i + 1 < len(longer) and longer[i + 1] == letter)
    return False


def _register_name(entity: _Entity, name: str, label: str, index: _Index) -> None:
    if (name, label) in entity.registered:
        return
    entity.registered.add((name, label))
    keys = _name_keys(name, label)
    for key in keys.names:
        _Index.claim(index.names, key, entity)
    if entity.label == "PER":
        for key in keys.person:
            _Index.claim(index.surnames, key, entity)
    if keys.initials:
        _Index.claim(index.acronyms, keys.initials, entity)


@dataclass(frozen=True, slots=True)
class _NameKeys:
    names: tuple[str, ...]  # the name's key and its canonical name's
    person: tuple[str, ...]  # surname and first-and-last name, for a person's full name
    initials: str  # for an organisation's or place's name of several words


@lru_cache(maxsize=65536)
def _name_keys(name: str, label: str) -> _NameKeys:
    words = name.split()
    if label == "PER":
        person = _name_words(name)
        # "Princess of Wales" has no surname; nor has a name the tagger ended on an adjective.
        has_surname = len(words) > 1 and "of" not in words and not is_demonym(person[-1])
        surnames = (person[-1].casefold(), f"{person[0]} {person[-1]}".casefold()) if has_surname else ()
        return _NameKeys((_key(name),), surnames, "")
    initials = "".join(
        part[0].upper()
        for word in words
        for part in word.split("-")
        if part and part.casefold() not in _ACRONYM_SKIP
    )
    names = (_key(name), _key(canonical_name(name, label)))
    return _NameKeys(names, (), initials if len(words) > 1 and len(initials) > 1 else "")


def _settle_label(entity: _Entity, text: str) -> None:
    votes: dict[EntityLabel, int] = {}
    for mention in entity.mentions:
        votes[mention.label] = votes.get(mention.label, 0) + 1
    founder = entity.label
    label = max(votes, key=lambda lab: (votes[lab], lab == founder))
    if len(entity.words) == 1 and not _has_person_title(entity, text):
        # News introduces a person by full name: a one-word name that is never written with a
        # title is a person only if no mention reads as a place or an organisation.
        if label == "PER" and len(votes) > 1:
            label = max((lab for lab in votes if lab != "PER"), key=lambda lab: votes[lab])
        if label != "LOC" and any(_reads_as_place(text, form) for form in entity.forms):
            label = "LOC"
    if label != "LOC" and _named_as_place(entity.words, label):
        label = "LOC"
    known = _tables().known.get(_key(canonical_name(entity.name, "ORG")))
    if known and label != "PER":
        label = known[1]
    entity.label = label
    entity.canonical = canonical_name(entity.name, label)
    for mention in entity.mentions:
        mention.label = label
        mention.entity = entity.canonical


def _named_as_place(words: list[str], label: str) -> bool:
    """Whether the name's own words make it a place: "Lake Orrin", "Quay Street", "Orrin Dam"."""
    if len(words) < 2:
        return False
    tables = _tables()
    first, last = words[0].casefold(), words[-1].casefold()
    return (
        first in tables.place_first
        or last in tables.place_last
        or (label == "ORG" and last in tables.place_last_not_people)
    )


def _reads_as_place(text: str, name: str) -> bool:
    """Whether the article writes the name somewhere only a place fits: "in X", "the town of X"."""
    # str.find, not a regex per name: this runs for every entity of every article.
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        whole_word = (start == 0 or not _is_word_char(text[start - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        )
        possessive = text[end : end + 2] in ("'s", "’s")
        if whole_word and not possessive and _PLACE_BEFORE.search(text, max(0, start - 30), start):
            return True
        start = text.find(name, start + 1)
    return False


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _has_person_title(entity: _Entity, text: str) -> bool:
    titles = _tables().titles
    for mention in entity.mentions:
        before = text[max(0, mention.start - 20) : mention.start].split()
        if (before and before[-1].rstrip(".").casefold() in titles) or _strip_titles(
            mention.text, titles
        ) != mention.text:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Mentions the tagger missed


class _Words:
    """The article's tokens in order, with where each sentence starts, for neighbour checks."""

    def __init__(self, text: str, sentences: Sequence[TokenizedSentence]) -> None:
        self.text = text
        self.sentences = sentences
        self._capitals: dict[int, bool] = {}

    # Built on first use: most articles need few or none of them.
    @cached_property
    def tokens(self) -> list[Token]:
        return [t for s in self.sentences for t in s.tokens]

    @cached_property
    def starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def first_words(self) -> set[int]:
        return {_first_word(s) for s in self.sentences}

    @cached_property
    def lower_words(self) -> set[str]:
        return set(_LOWER_WORD.findall(self.text))

    def in_capitals(self, start: int, end: int) -> bool:
        if start not in self._capitals:
            sentence = self.text[start:end]
            self._capitals[start] = len(_CAPITALS.findall(sentence)) > len(_SMALL_LETTERS.findall(sentence))
        return self._capitals[start]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        return (self.sentences[i].start, self.sentences[i].end) if i >= 0 else (0, 0)

    def before(self, offset: int) -> Token | None:
        i = bisect.bisect_left(self.starts, offset) - 1
        return self.tokens[i] if i >= 0 else None

    def after(self, offset: int) -> Token | None:
        i = bisect.bisect_left(self.starts, offset)
        return self.tokens[i] if i < len(self.tokens) else None


def _first_word(sentence: TokenizedSentence) -> int:
    for token in sentence.tokens:
        if token.text[:1].isalnum():
            return token.start
    return sentence.start


class _Taken:
    """Character spans already covered by a mention."""

    def __init__(self, mentions: Sequence[EntityMention]) -> None:
        self.spans = sorted((m.start, m.end) for m in mentions)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.spans, (end, end))
        return any(s < end and start < e for s, e in self.spans[max(0, i - 8) : i])

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))


def _repeats(
    text: str, entities: list[_Entity], mentions: list[EntityMention], words: _Words
) -> Iterator[EntityMention]:
    owners: dict[str, _Entity | None] = {}
    tables = _tables()
    for entity in entities:
        forms = set(entity.forms)
        if entity.label == "PER" and _name_keys(entity.name, "PER").person:
            forms.add(_name_words(entity.name)[-1])
        for form in forms:
            _Index.claim(owners, form, entity)
    usable = {
        form: entity
        for form, entity in owners.items()
        if entity is not None
        and len(form) > 1
        and form[:1].isupper()
        and form.casefold() not in MONTHS_AND_DAYS
        and form.rstrip(".").casefold() not in tables.titles
        and not is_demonym(form)
    }
    if not usable:
        return
    taken = _Taken(mentions)
    for match in _forms_pattern(tuple(sorted(usable, key=len, reverse=True))).finditer(text):
        start, end = match.span()
        entity = usable[match.group()]
        if taken.overlaps(start, end) or not _stands_alone(match.group(), start, end, words):
            continue
        taken.add(start, end)
        yield EntityMention(start, end, match.group(), entity.label, entity.canonical, "rule")


@lru_cache(maxsize=256)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?![\w&])")


def _stands_alone(form: str, start: int, end: int, words: _Words) -> bool:
    """Whether a repeat of a name is the name itself, not a piece of a longer one or a word."""
    sentence_start, sentence_end = words.sentence_of(start)
    following, preceding = words.after(end), words.before(start)
    if following and following.start < sentence_end and following.text[:1].isupper():
        return False  # "Kessel Courier": a longer name the tagger did not see
    initial = start in words.first_words
    if preceding and preceding.start >= sentence_start and not initial:
        word = preceding.text.rstrip(".")
        if (
            word[:1].isupper()
            and word.casefold() not in _tables().titles
            and preceding.start not in words.first_words
        ):
            return False
    # A name that is also a common word ("Rice", "Young") only counts where its capital is not
    # the sentence's own; lines in capitals say nothing about names.
    if initial and form.casefold() in words.lower_words:
        return False
    return not words.in_capitals(sentence_start, sentence_end)


def _described_entities(entities: list[_Entity]) -> dict[str, _Entity]:
    """Class nouns that fit exactly one named organisation: {"alliance": NATO, "authority": ...}."""
    tables = _tables()
    fitting: dict[str, list[_Entity]] = {}
    for entity in entities:
        if entity.label != "ORG" or (len(entity.words) < 2 and entity.name.casefold() in tables.heads):
            continue
        nouns = {noun for noun, names in tables.nominals.items() if entity.canonical in names}
        head = _head_noun(entity.words)
        if head in tables.heads:
            nouns.add(head)
        for noun in nouns:
            fitting.setdefault(noun, []).append(entity)
    return {noun: found[0] for noun, found in fitting.items() if len(found) == 1}


def _merge_class_nouns(entities: list[_Entity], described: dict[str, _Entity]) -> list[_Entity]:
    """A class noun the tagger took for a name ("Alliance spokesperson ...") joins its entity."""
    kept = []
    for entity in entities:
        target = described.get(entity.name.casefold()) if len(entity.words) == 1 else None
        if target is None or target is entity:
            kept.append(entity)
            continue
        for mention in entity.mentions:
            mention.label, mention.entity = target.label, target.canonical
        target.mentions.extend(entity.mentions)
    return kept


def _descriptions(
    text: str, described: dict[str, _Entity], mentions: list[EntityMention], words: _Words
) -> Iterator[EntityMention]:
    if not described:
        return
    pattern = _description_pattern(tuple(sorted(described)))
    taken = _Taken(mentions)
    for match in pattern.finditer(text):
        entity = described[match.group(2)]
        name_words = {w.casefold() for w in entity.words}
        modifiers = match.group(1).split()
        following = words.after(match.end())
        if (
            match.start() < entity.first
            or any(m not in DESCRIPTION_MODIFIERS and m not in name_words for m in modifiers)
            or (following is not None and following.text.casefold() in RESTRICTIVE_FOLLOWERS)
            or taken.overlaps(match.start(), match.end())
        ):
            continue
        taken.add(match.start(), match.end())
        yield EntityMention(
            match.start(), match.end(), match.group(), entity.label, entity.canonical, "coreference"
        )


@lru_cache(maxsize=256)
def _description_pattern(nouns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b[Tt]he\s+((?:[a-z][a-z-]*\s+){0,2})(" + "|".join(nouns) + r")\b(?![-\w])")


def _head_noun(words: list[str]) -> str:
    """The word that says what kind of body a name is: "Ministry of Defence", "Water Authority"."""
    lowered = [w.casefold() for w in words]
    for joiner in ("of", "for"):
        if joiner in lowered[1:]:
            return lowered[lowered.index(joiner) - 1]
    return lowered[-1] if lowered else ""
