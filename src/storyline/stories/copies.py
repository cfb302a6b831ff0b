"""Copies and syndication: which articles are one report, so later stages count sources once.

An agency story runs on many sites, cut to fit or with a local paragraph added; an aggregator
republishes a paper's article under its own title; an outlet corrects a story and posts it again.
None of these is a second source. The approach:

1. Text is normalised to words (case, compatibility forms, apostrophes, punctuation, tokeniser
   leftovers such as `-LRB-`) and cut into overlapping 5-word shingles. The title is left out:
   a republication often changes it.
2. A signature keeps, in 540 bytes, a MinHash of the shingles (datasketch, 128 permutations), the
   number of shingles and words, and hashes of the whole text and of its first 40 words. Later
   steps need nothing else, so the store keeps signatures and an index is rebuilt without text.
3. Candidates come from LSH banding over the MinHash (64 bands of 2 values): a pair that shares
   a fifth of its shingles is found 9 times in 10, which a wire story cut to 40 % needs. Articles
   that open with the same 40 words are candidates too.
4. Each candidate pair is verified on the signatures alone: the same text is an exact copy; an
   estimated Jaccard of at least 0.6 a near copy; when at least 70 % of the shorter text is
   estimated to lie in the longer one, a partial copy. A text under 40 shingles must be
   near-identical to count: two briefs that share a stock phrase are not copies. The same opening
   and a shared agency credit are evidence of one wire story, and lower the bar to 50 %.
5. Each article links to the earliest published (ties by arrival) of the articles it matches, if
   that one came before it; a republication links to the earliest match from the outlet it names
   ("appeared first on ..."). The link then goes back along the chain while the text still
   matches directly: a cut of a cut points at the full story, but two articles that each share
   a different part of a live page are not made copies of each other. Only verified pairs are
   kept, so adding an article re-examines just the articles connected to it.
6. Copies are looked for among articles published within `horizon_days` of each other (undated
   ones always take part): a re-run, a cut or a republication follows its original within days,
   and an index of every article ever stored would grow with the store. Articles that fell
   behind the newest by more than the horizon are dropped from memory now and then, and a run
   loads only those it may still need, so the result is the same however the runs were cut.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import struct
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.days import day_of
from storyline.models import Article, CopyLink

__all__ = ["CopyCandidate", "CopyIndex", "CopyRules", "publication_day", "signature"]

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS, ROWS = 64, 2
LEAD_WORDS = 40
# Candidates verified per arrival, at most: the articles sharing most LSH bands with it, and the
# latest with its opening words. Without a bound, a story of a thousand near-identical wire re-runs
# verifies every earlier one at each arrival, and the cost of an article grows with its story.
MAX_CANDIDATES = 100
LEAD_CANDIDATES = 50
HORIZON_DAYS = 60  # copies are looked for among articles published this close to each other
COMPACT_FROM = 20_000  # entries before the index first drops those behind its horizon
UNDATED = -1  # the day of an undated entry, in the index's array of days
MINHASH_SEED = 1

# Signature layout: magic and version, shingle count, word count, text hash, lead hash, MinHash.
_HEADER = struct.Struct("<4sIIQQ")
_MAGIC = b"SLC1"
SIGNATURE_BYTES = _HEADER.size + 4 * NUM_PERM

_NONE: frozenset[str] = frozenset()
_PTB_BRACKET = re.compile(r"-[LR][RSC]B-")
_APOSTROPHE = re.compile(r"['\u2019\u02bc]")
_WORD = re.compile(r"[^\W_]+")

Hashes = npt.NDArray[np.uint32]


@dataclass(slots=True)
class CopyCandidate:
    """What copy detection reads of an article: its text and the facts that decide the original."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date at any precision
    outlet: str | None = None
    original_outlet: str | None = None  # the outlet the page says it republishes
    agencies: list[str] = field(default_factory=list)  # wire services credited
    arrival: int = 0  # order in which articles reached the store

    @classmethod
    def from_article(cls, article: Article, arrival: int) -> CopyCandidate:
        """The candidate for a stored article.

        >>> a = Article(id="a1", source="x.txt", format="text", text="Rain fell.", outlet="AP")
        >>> CopyCandidate.from_article(a, arrival=7).outlet
        'AP'
        """
        return cls(
            id=article.id,
            text=article.text,
            title=article.title,
            published=article.published,
            outlet=article.outlet,
            original_outlet=article.original_outlet,
            agencies=list(article.agencies),
            arrival=arrival,
        )


@dataclass(frozen=True, slots=True)
class CopyRules:
    """Thresholds of the verification step, on estimated shares of 5-word shingles."""

    near_jaccard: float = 0.6  # shared / all shingles of the two
    partial_containment: float = 0.7  # share of the shorter text found in the longer
    wire_containment: float = 0.5  # the same, for two articles with one opening and agency credit
    min_shingles: int = 40  # a shorter text counts only as a near or exact copy
    short_near_jaccard: float = 0.8  # ... and then needs this much in common
    min_exact_words: int = 8  # identical texts shorter than this ("Watch the video") are not copies


def publication_day(published: str | None) -> int | None:
    """The day number (date.toordinal) of an ISO date of at least a day's precision, else None."""
    day = day_of(published)
    return day.toordinal() if day else None


def signature(text: str) -> bytes:
    """The fingerprint of an article's text that copy detection compares, 540 bytes.

    >>> len(signature("NATO withdrew the last of its trainers from the country on Friday."))
    540
    """
    words = normalised_words(text)
    shingles = _shingle_hashes(words)
    hashes = _minhash(shingles)
    lead = _text_hash(words[:LEAD_WORDS]) if len(words) >= LEAD_WORDS else 0
    header = _HEADER.pack(_MAGIC, len(shingles), len(words), _text_hash(words), lead)
    return header + hashes.astype("<u4").tobytes()


def normalised_words(text: str) -> list[str]:
    """The words that copies are compared on: lower case, without punctuation or apostrophes.

    >>> normalised_words("It\u2019s “over” -LRB- for now -RRB- ...")
    ['its', 'over', 'for', 'now']
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = _PTB_BRACKET.sub(" ", text)
    return _WORD.findall(_APOSTROPHE.sub("", text.lower()))


class CopyIndex:
    """Articles added one at a time; each addition says which copy links it created or changed.

    >>> index = CopyIndex()
    >>> story = "Troops left the base on Friday after weeks of attacks, officials said. " * 6
    >>> index.add(CopyCandidate("a", story, published="2026-03-20", outlet="AP"))
    []
    >>> [link] = index.add(CopyCandidate("b", story, published="2026-03-21", outlet="Daily"))
    >>> link.copy_of, link.kind
    ('a', 'exact')
    """

    def __init__(self, rules: CopyRules | None = None, horizon_days: int | None = HORIZON_DAYS) -> None:
        self.rules = rules or CopyRules()
        self.horizon_days = horizon_days
        self.arrivals = 0  # articles ever added: the next one's arrival number
        self.newest_day: int | None = None  # the latest publication day added
        self._compact_at = COMPACT_FROM
        self._entries: list[_Entry] = []
        self._position: dict[str, int] = {}
        self._hashes = np.empty((1024, NUM_PERM), dtype=np.uint32)
        self._days = np.empty(1024, dtype=np.int64)  # each entry's day, UNDATED when it has none
        self._buckets = _Buckets()
        self._by_lead: dict[int, list[int]] = {}
        self._matches: dict[int, set[int]] = {}  # verified pairs, both ways; most articles have none
        self._links: dict[str, CopyLink] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._position

    def add(self, candidate: CopyCandidate, signature_bytes: bytes | None = None) -> list[CopyLink]:
        """Add an article (with its stored signature, if any, to skip reading the text again);
        return the links that are new or different because of it, this article's included.

        A link never disappears: a later arrival can only offer an earlier original.
        """
        if candidate.id in self._position:
            raise ValueError(f"article {candidate.id} is already in the copy index")
        sig = _Signature.decode(signature_bytes or signature(candidate.text))
        position = len(self._entries)
        new = _Entry(candidate, sig)
        within = self._within(new.day)

        # 1. Candidates: the LSH buckets and the same opening words, published close enough.
        keys = _band_keys(sig.hashes) if sig.shingles else None
        others = set(self._band_candidates(keys, new.day).tolist()) if keys is not None else set()
        if sig.lead:
            # The latest few only: an outlet's stock opening ("Here is the latest on") would
            # otherwise make every earlier article with it a candidate, and a copy follows its
            # original closely in arrival order.
            latest = (o for o in reversed(self._by_lead.get(sig.lead, ())) if within(self._entries[o].day))
            others.update(itertools.islice(latest, LEAD_CANDIDATES))

        # 2. Store this article, then verify its candidates against it.
        self.arrivals += 1
        if new.day is not None and (self.newest_day is None or new.day > self.newest_day):
            self.newest_day = new.day
        self._entries.append(new)
        self._position[candidate.id] = position
        self._store_hashes(position, sig.hashes, new.day)
        if keys is not None:
            self._buckets.add(keys, position)
        if sig.lead:
            self._by_lead.setdefault(sig.lead, []).append(position)
        matched = {other for other in others if self._match(position, other) is not None}
        if matched:
            self._matches[position] = matched
            for other in matched:
                self._matches.setdefault(other, set()).add(position)

        # 3. Links can change only among the articles connected to this one, and only if this one
        #    could be the source of a match: one that comes after it, or a republication naming its
        #    outlet. In a stream the newcomer is usually the latest of its matches, and then only its
        #    own link is new (re-describing a family of a thousand re-runs at each arrival would make
        #    the cost of an article grow with its family).
        own = self._order(position)
        could_change = any(
            self._order(other) > own or self._entries[other].names(new.outlet_key) for other in matched
        )
        changed = []
        for member in self._connected(position) if could_change else [position]:
            link = self._describe(member)
            article_id = self._entries[member].id
            if link is not None and self._links.get(article_id) != link:
                self._links[article_id] = link
                changed.append(link)
        return changed

    def _band_candidates(self, keys: npt.NDArray[np.uint64], day: int | None) -> npt.NDArray[np.uint32]:
        """The positions sharing most LSH bands with these keys (ties: the later), published
        within the horizon of `day`. In numpy: a stock paragraph can put a band in thousands of
        buckets, and a loop over their owners cost more than all the rest of placing an article."""
        owners, shared = self._buckets.query(keys)
        window = self._window(day)
        if len(owners) and window is not None:
            days = self._days[owners]
            close = (days == UNDATED) | ((days >= window[0]) & (days <= window[1]))
            owners, shared = owners[close], shared[close]
        if len(owners) > MAX_CANDIDATES:
            # lexsort orders by its last key first: the most shared bands, then the latest.
            owners = owners[np.lexsort((owners, shared))[-MAX_CANDIDATES:]]
        return owners

    def _window(self, day: int | None) -> tuple[int, int] | None:
        """The days an arrival of `day` may be a copy of (undated articles always may); an undated
        arrival is measured from the newest day added. None: no bound."""
        anchor = day if day is not None else self.newest_day
        if self.horizon_days is None or anchor is None:
            return None
        return anchor - self.horizon_days, anchor + self.horizon_days

    def _within(self, day: int | None) -> Callable[[int | None], bool]:
        """Whether an article of the given day (None: undated) takes part for an arrival of `day`."""
        window = self._window(day)
        if window is None:
            return lambda _: True
        low, high = window
        return lambda other: other is None or low <= other <= high

    def forget_before(self, day: int) -> bool:
        """Drop, once the index has grown enough since it last did, the dated articles published
        before `day`; the caller, adding in publication order, knows none of its later arrivals
        can be their copy. Their links were handed out already. Says whether it dropped any."""
        if len(self._entries) < self._compact_at:
            return False
        kept = [p for p, e in enumerate(self._entries) if e.day is None or e.day >= day]
        self._compact_at = max(COMPACT_FROM, 2 * len(kept))
        if len(kept) == len(self._entries):
            return False
        renumber = {old: new for new, old in enumerate(kept)}
        self._entries = [self._entries[p] for p in kept]
        self._position = {entry.id: new for new, entry in enumerate(self._entries)}
        room = np.empty((max(1024, len(kept)), NUM_PERM), dtype=np.uint32)
        self._hashes = np.concatenate([self._hashes[kept], room])
        self._days = np.concatenate([self._days[kept], np.empty(len(room), dtype=np.int64)])
        self._buckets = _Buckets()
        self._by_lead = {}
        for new, entry in enumerate(self._entries):
            if entry.shingles:
                self._buckets.add(_band_keys(self._hashes[new]), new)
            if entry.lead:
                self._by_lead.setdefault(entry.lead, []).append(new)
        matches = (
            (renumber[p], {renumber[o] for o in others if o in renumber})
            for p, others in self._matches.items()
            if p in renumber
        )
        self._matches = {p: others for p, others in matches if others}
        self._links = {a: link for a, link in self._links.items() if a in self._position}
        return True

    def add_all(self, candidates: Iterable[CopyCandidate]) -> list[CopyLink]:
        """Add several articles; return the links as they stand afterwards, for those touched."""
        touched: set[str] = set()
        for candidate in candidates:
            touched.update(link.article for link in self.add(candidate))
        return [link for link in self.links() if link.article in touched]

    def link(self, article_id: str) -> CopyLink | None:
        """The copy link of an article, or None for an original."""
        return self._links.get(article_id)

    def links(self) -> list[CopyLink]:
        """All current links, in the order their articles arrived in the index."""
        return [self._links[e.id] for e in self._entries if e.id in self._links]

    # -- links -----------------------------------------------------------------------------------

    def _connected(self, start: int) -> list[int]:
        seen, stack = {start}, [start]
        while stack:
            for other in self._matches.get(stack.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return sorted(seen)

    def _order(self, position: int) -> tuple[bool, str, int, str]:
        entry = self._entries[position]
        return (entry.published is None, entry.published or "", entry.arrival, entry.id)

    def _source(self, member: int) -> int | None:
        """The version this article was copied from: for a republication, the earliest matching
        article of the outlet it names; otherwise the earliest matching article before it."""
        entry = self._entries[member]
        matches = self._matches.get(member, ())
        if entry.republishes:
            named = [m for m in matches if entry.names(self._entries[m].outlet_key)]
            if named:
                return min(named, key=self._order)
        own = self._order(member)
        earlier = [
            m for m in matches if self._order(m) < own and not self._entries[m].names(entry.outlet_key)
        ]
        return min(earlier, key=self._order) if earlier else None

    def _describe(self, member: int) -> CopyLink | None:
        entry = self._entries[member]
        source = self._source(member)
        if source is None:
            if not entry.republishes:
                return None
            return CopyLink(
                article=entry.id,
                copy_of=None,
                similarity=None,
                kind="republication",
                original_outlet=entry.original_outlet,
                evidence=[f"says it republishes {entry.original_outlet}, not in the store"],
            )
        # Go back along the chain of sources while this text still matches: a cut copy of a cut
        # copy links to the full story, but a page that merely quotes a box of another does not
        # inherit that page's own source.
        match = self._match(member, source)
        assert match is not None  # a source is one of the verified matches
        seen = {member, source}
        within = self._within(entry.day)
        while (earlier := self._source(source)) is not None and earlier not in seen:
            if not within(self._entries[earlier].day):
                break  # a chain of re-runs must not lead back past the horizon
            seen.add(earlier)
            further = self._match(member, earlier)
            if further is None:
                break
            source, match = earlier, further
        first = self._entries[source]
        evidence = list(match.evidence)
        if entry.republishes:
            evidence.insert(0, f"says it republishes {entry.original_outlet}")
        if entry.republishes and first.outlet_key == entry.original_key:
            evidence.append(f"{first.id} is from {first.outlet}")
        elif first.published and first.published != entry.published:
            evidence.append(f"{first.id} was published first ({first.published})")
        else:
            evidence.append(f"{first.id} reached the store first")
        return CopyLink(
            article=entry.id,
            copy_of=first.id,
            similarity=round(match.similarity, 3),
            kind="republication" if entry.republishes else match.kind,
            original_outlet=entry.original_outlet if entry.republishes else None,
            evidence=evidence,
        )

    # -- verification ------------------------------------------------------------------------------

    def _match(self, a: int, b: int) -> _Match | None:
        """Whether two stored articles are versions of one text, judged on their signatures; the
        evidence speaks of `a`."""
        rules = self.rules
        first, second = self._entries[a], self._entries[b]
        if min(first.words, second.words) < rules.min_exact_words:
            return None
        if first.text == second.text:
            return _Match("exact", 1.0, [f"same text as {second.id}"])
        if not first.shingles or not second.shingles:
            return None
        jaccard = float(np.count_nonzero(self._hashes[a] == self._hashes[b])) / NUM_PERM
        near = _Match("near", jaccard, [f"{jaccard:.0%} of word sequences shared with {second.id}"])
        shorter = min(first.shingles, second.shingles)
        if shorter < rules.min_shingles:
            return near if jaccard >= rules.short_near_jaccard else None
        if jaccard >= rules.near_jaccard:
            return near
        # |A ∩ B| from the Jaccard estimate and the two set sizes.
        shared = jaccard / (1 + jaccard) * (first.shingles + second.shingles)
        contained = min(1.0, shared / shorter)
        if first.shingles <= second.shingles:
            where = f"{contained:.0%} of its text appears in {second.id}"
        else:
            where = f"contains {contained:.0%} of the text of {second.id}"
        if shared >= rules.min_shingles and contained >= rules.partial_containment:
            return _Match("partial", contained, [where])
        agencies = first.agencies & second.agencies
        if agencies and first.lead and first.lead == second.lead and contained >= rules.wire_containment:
            credit = ", ".join(sorted(agencies))
            return _Match(
                "partial", contained, [where, f"same first {LEAD_WORDS} words, both credit {credit}"]
            )
        return None

    def _store_hashes(self, position: int, hashes: Hashes, day: int | None) -> None:
        if position == len(self._hashes):
            grown = np.empty((2 * len(self._hashes), NUM_PERM), dtype=np.uint32)
            grown[:position] = self._hashes
            self._hashes = grown
            self._days = np.concatenate([self._days[:position], np.empty(position, dtype=np.int64)])
        self._hashes[position] = hashes
        self._days[position] = UNDATED if day is None else day


@dataclass(slots=True)
class _Match:
    kind: str
    similarity: float
    evidence: list[str]


@dataclass(slots=True)
class _Signature:
    shingles: int
    words: int
    text: int
    lead: int
    hashes: Hashes

    @classmethod
    def decode(cls, data: bytes) -> _Signature:
        if len(data) != SIGNATURE_BYTES or data[:4] != _MAGIC:
            raise ValueError("not a copy signature of this version: compute it again with signature()")
        _, shingles, words, text, lead = _HEADER.unpack_from(data)
        hashes = np.frombuffer(data, dtype="<u4", offset=_HEADER.size).astype(np.uint32)
        return cls(shingles, words, text, lead, hashes)


class _Entry:
    """What the index keeps of one article: the fields that pick an original, and the signature's
    counts and hashes (its MinHash lives in the index's matrix). No text."""

    __slots__ = (
        "id", "published", "arrival", "outlet", "original_outlet", "outlet_key", "original_key",
        "republishes", "agencies", "shingles", "words", "text", "lead", "day",
    )  # fmt: skip

    def __init__(self, candidate: CopyCandidate, sig: _Signature) -> None:
        self.id = candidate.id
        self.published = candidate.published
        self.arrival = candidate.arrival
        self.outlet = candidate.outlet
        self.original_outlet = candidate.original_outlet
        self.outlet_key = _outlet_key(candidate.outlet)
        self.original_key = _outlet_key(candidate.original_outlet)
        self.republishes = bool(self.original_key) and self.original_key != self.outlet_key
        self.agencies = frozenset(a.casefold().strip() for a in candidate.agencies if a.strip()) or _NONE
        self.shingles, self.words, self.text, self.lead = sig.shingles, sig.words, sig.text, sig.lead
        self.day = publication_day(candidate.published)

    def names(self, outlet_key: str) -> bool:
        """Whether this article says it republishes that outlet."""
        return self.republishes and self.original_key == outlet_key


class _Buckets:
    """LSH buckets kept compact: one sorted array of band keys beside the owning articles'
    positions, and a dict of recent keys, merged into the array once they are an eighth of it.
    An article costs 12 bytes a band, against several hundred in datasketch's dict of sets; the
    merges cost a constant amount per article on average. The recent dict holds plain ints (a
    list only for a key shared by several articles), which the garbage collector need not scan.
    """

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)
        self._owners = np.empty(0, dtype=np.uint32)
        self._recent: dict[int, int] = {}
        self._recent_shared: dict[int, list[int]] = {}  # further owners of a recent key
        self._recent_keys: list[npt.NDArray[np.uint64]] = []
        self._recent_owners: list[int] = []

    def add(self, keys: npt.NDArray[np.uint64], owner: int) -> None:
        recent = self._recent
        for key in keys.tolist():
            if key in recent:
                self._recent_shared.setdefault(key, []).append(owner)
            else:
                recent[key] = owner
        self._recent_keys.append(keys)
        self._recent_owners.append(owner)
        if len(self._recent_owners) * BANDS > max(4096, len(self._keys) // 8):
            self._merge()

    def query(self, keys: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
        """The owners sharing any of these keys, and how many of the keys each shares."""
        stored = self._keys
        starts = np.searchsorted(stored, keys, side="left")
        ends = np.searchsorted(stored, keys, side="right")
        found = [
            self._owners[start:end]
            for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
            if end > start
        ]
        recent, shared = self._recent, self._recent_shared
        latest: list[int] = []
        for key in keys.tolist():
            owner = recent.get(key)
            if owner is not None:
                latest.append(owner)
                if shared and key in shared:
                    latest.extend(shared[key])
        if latest:
            found.append(np.array(latest, dtype=np.uint32))
        if not found:
            return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64)
        owners, counts = np.unique(np.concatenate(found), return_counts=True)
        return owners, counts

    def _merge(self) -> None:
        new_keys = np.concatenate(self._recent_keys)
        new_owners = np.repeat(np.array(self._recent_owners, dtype=np.uint32), BANDS)
        order = np.argsort(new_keys, kind="stable")
        at = np.searchsorted(self._keys, new_keys[order], side="right")
        self._keys = np.insert(self._keys, at, new_keys[order])
        self._owners = np.insert(self._owners, at, new_owners[order])
        self._recent, self._recent_shared, self._recent_keys, self._recent_owners = {}, {}, [], []


# -- signatures -------------------------------------------------------------------------------------

_SHINGLE_WEIGHTS = np.array([pow(0x01000193, j, 1 << 32) for j in range(SHINGLE_WORDS)], dtype=np.uint32)
_BAND_SALT = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)


def _shingle_hashes(words: list[str]) -> Hashes:
    """One 32-bit hash per 5-word shingle, combined from stable per-word CRCs (numpy, no loop)."""
    if len(words) < SHINGLE_WORDS:
        return np.empty(0, dtype=np.uint32)
    crc = {word: zlib.crc32(word.encode()) for word in set(words)}
    word_hashes = np.array(list(map(crc.__getitem__, words)), dtype=np.uint32)
    count = len(words) - SHINGLE_WORDS + 1
    combined = np.zeros(count, dtype=np.uint32)
    for offset, weight in enumerate(_SHINGLE_WEIGHTS):
        combined += word_hashes[offset : offset + count] * weight
    return np.unique(combined)


@cache
def _permutations() -> Any:
    from datasketch import MinHash  # imports scipy: load on first use

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED).permutations


def _minhash(shingles: Hashes) -> Hashes:
    from datasketch import MinHash

    sketch = MinHash(permutations=_permutations(), scheme="affine32", hashfunc=int)
    if len(shingles):
        # The shingle hashes are already 32-bit integers: datasketch mixes them before permuting.
        sketch.update_batch(shingles.tolist())
    return np.asarray(sketch.hashvalues, dtype=np.uint32)


def _band_keys(hashes: Hashes) -> npt.NDArray[np.uint64]:
    """One 64-bit key per band: its two MinHash values, salted with the band's number."""
    pairs = hashes[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    keys = (pairs[:, 0] << np.uint64(32)) | pairs[:, 1]
    return keys ^ _BAND_SALT


def _text_hash(words: list[str]) -> int:
    digest = hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1  # 0 means "no lead"


def _outlet_key(name: str | None) -> str:
    """ "The New York Times" and "New York Times" name one outlet."""
    if not name:
        return ""
    words = _WORD.findall(name.casefold())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
