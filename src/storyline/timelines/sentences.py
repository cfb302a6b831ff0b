"""The sentences a timeline is made of, each with the dates it mentions and its words.

A timeline is built from sentences, not articles: a report published on Friday tells what happened
on Tuesday, in 2008 and "23 years to the day" before. So every sentence of the input articles is
read with the time expressions the language stage resolved inside it: a date with a day ("Jan. 3",
"on Tuesday" in a dated report), a month ("in March 2026") or a year ("in 2018"). Durations, sets,
times of day without a date, seasons, weeks and expressions left unresolved (an X in the value)
date nothing.

Each sentence is also a vector of its content words, weighted by how rare they are among the input's
sentences (tf-idf): what matters for saying what happened on a date is what sets a sentence apart
within this story, not within English at large.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from storyline.days import day_of
from storyline.models import Annotations, Article, CopyLink
from storyline.stories.features import TermWeights, term_of_word

__all__ = ["DatedSentence", "MentionedDate", "collect_sentences", "parse_date_value", "weigh_terms"]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
# "(CNN) -- ", "(Reuters) - ": a wire or outlet dateline, after which the report itself begins.
_DATELINE = re.compile(r"\((?:[A-Z][A-Za-z.&]*)(?: [A-Z][A-Za-z.&]*){0,2}\)\s*(?:--|—|–|-)\s+")
# "By the CNN Wire Staff ", "By Jane Smith, Staff Writer ", "LIBYA, 6:49 p.m. ET, 1:49 a.m. local: "
_LEADING_FURNITURE = re.compile(
    r"^(?:By (?:the )?(?:[A-Z][\w'’.-]*\s+){1,4}(?:Wire )?Staff(?: Writer)?\b[,:]?\s+"
    r"|\((?:Updated?|Posted)\b[^)]{0,80}\):?\s+"
    r"|[A-Z][A-Z .,]*,\s+\d{1,2}:\d\d\s*[ap]\.?m\.?(?:[^:]|(?<=\d):(?=\d)){0,40}:\s+)"
)
_YEAR_END = re.compile(r"\b(?:end|close)\s+of\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d[\d,.]*")
# Sentences this short are datelines, captions and fragments, not accounts of an event.
MIN_WORDS = 6
# "after a series of attacks", "following the killing of": a lead naming the event behind the news.
_EARLIER_EVENT = re.compile(
    r"\b(?:after|following)\s+(?:a|an|the|days|weeks|months)\s+(?:(?:series|wave|spate|string|sequence|"
    r"round|number)\s+of\s+)?[a-z]",
)
EARLIER_EVENT_LEADS = 3  # sentences from the top of a report
# A page's "NEW:" and "UPDATE:" markers head a list of story highlights run together, and a
# question asks the reader something: neither tells what happened.
_NOT_AN_ACCOUNT = re.compile(r"\b(?:NEW|UPDATED?):|\?\s*$")
# Nor are sentences this long: run-together lists, tables and pages whose lines were not split.
MAX_WORDS = 80


@dataclass(frozen=True, slots=True)
class MentionedDate:
    """A date at its precision: `value` is "2020-01-07", "2011-12" or "2008"."""

    value: str
    precision: str  # "day", "month", "year"

    @property
    def first_day(self) -> date:
        if self.precision == "day":
            return date.fromisoformat(self.value)
        if self.precision == "month":
            return date.fromisoformat(self.value + "-01")
        return date(int(self.value), 1, 1)


@dataclass(slots=True)
class DatedSentence:
    article: str
    outlet: str | None
    index: int  # the sentence's number in its article
    start: int
    end: int
    text: str
    published: date | None  # the article's publication day
    source_group: str  # the original a copy was made from, else the article itself: copies count once
    dates: list[MentionedDate] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)
    vector: TermWeights = field(default_factory=dict)  # unit tf-idf vector, set by weigh_terms
    # An undated lead that tells what came before the news ("... after a series of attacks"):
    # that earlier event happened shortly before the report (build.py may give it its month).
    tells_earlier_event: bool = False


def parse_date_value(value: str) -> MentionedDate | None:
    """The date a TIMEX3 value names, at its precision, or None when it names no calendar date.

    >>> parse_date_value("2020-01-07T10:00"), parse_date_value("2011-12"), parse_date_value("XXXX-01-03")
    (MentionedDate(value='2020-01-07', precision='day'), MentionedDate(value='2011-12', precision='month'), None)
    """
    if match := _DAY.match(value):
        try:
            return MentionedDate(date(*map(int, match.groups())).isoformat(), "day")
        except ValueError:
            return None
    if _MONTH.match(value) and 1 <= int(value[5:]) <= 12:
        return MentionedDate(value, "month")
    if _YEAR.match(value):
        return MentionedDate(value, "year")
    return None


def collect_sentences(
    articles: Iterable[Article],
    annotations: dict[str, Annotations],
    copies: dict[str, CopyLink] | None = None,
) -> list[DatedSentence]:
    """Every usable sentence of `articles` (titles left out), with the dates it mentions."""
    copies = copies or {}
    found: list[DatedSentence] = []
    for article in articles:
        annotated = annotations.get(article.id)
        if annotated is None:
            continue
        published = day_of(article.published)
        link = copies.get(article.id)
        group = link.copy_of if link is not None and link.copy_of else article.id
        times = sorted((t for t in annotated.times if t.type in ("DATE", "TIME")), key=lambda t: t.start)
        for index, sentence in enumerate(annotated.sentences):
            raw = article.text[sentence.start : sentence.end]
            skip = _furniture_before(raw)
            start = sentence.start + skip + (len(raw) - skip - len(raw[skip:].lstrip()))
            text = article.text[start : sentence.end].strip()
            words = Counter(
                term for word in _WORD.findall(text) if (term := term_of_word(word)) and not term[0].isdigit()
            )
            count = len(_WORD.findall(text))
            if count < MIN_WORDS or count > MAX_WORDS or _NOT_AN_ACCOUNT.search(text):
                continue
            dates: list[MentionedDate] = []
            for time in times:
                if time.start >= sentence.end:
                    break
                if time.start >= sentence.start and (mentioned := _date_of(time.text, time.value)):
                    if mentioned not in dates:
                        dates.append(mentioned)
            found.append(
                DatedSentence(
                    article=article.id,
                    outlet=article.outlet,
                    index=index,
                    start=start,
                    end=start + len(text),
                    text=text,
                    published=published,
                    source_group=group,
                    dates=_with_events_told_around(text, _most_precise(dates)),
                    words=words,
                    tells_earlier_event=(
                        not dates and index < EARLIER_EVENT_LEADS and bool(_EARLIER_EVENT.search(text))
                    ),
                )
            )
    return found


def weigh_terms(sentences: Sequence[DatedSentence]) -> None:
    """Give each sentence its unit tf-idf vector, rarity counted among these sentences."""
    document_frequency: Counter[str] = Counter()
    for sentence in sentences:
        document_frequency.update(sentence.words.keys())
    total = len(sentences)
    for sentence in sentences:
        vector = {
            # Smoothed as in scikit-learn: a word every sentence uses still counts a little, so
            # that a story of two reports still has words to compare.
            term: (1.0 + math.log(count)) * (math.log((1 + total) / (1 + document_frequency[term])) + 1.0)
            for term, count in sentence.words.items()
        }
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        sentence.vector = {term: w / norm for term, w in vector.items() if w > 0}


def _furniture_before(text: str) -> int:
    """Where the sentence proper starts: after a dateline and whatever a page ran into it (story
    highlights, a byline, a live blog's time stamp), which a corpus's sentence splitter may have
    left in one line with it."""
    cut = max((m.end() for m in _DATELINE.finditer(text)), default=0)
    if cut == 0 and (leading := _LEADING_FURNITURE.match(text)):
        cut = leading.end()
    return cut


def _date_of(text: str, value: str) -> MentionedDate | None:
    mentioned = parse_date_value(value)
    if mentioned is not None and mentioned.precision == "year" and _YEAR_END.search(text):
        # "At the end of 2011" is December, and a timeline shows it there, not at the year's start.
        return MentionedDate(f"{mentioned.value}-12", "month")
    return mentioned


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
# "on Monday, a day after a routine inspection found ...": the inspection was the day before.
_EVENT_AROUND = re.compile(
    r"\b(a|an|one|two|three|four|five|six|seven|\d{1,2})\s+(day|days|week|weeks)\s+(after|before)\s+(?:a|an|the|its|their|his|her)\b",
    re.IGNORECASE,
)


def _with_events_told_around(text: str, dates: list[MentionedDate]) -> list[MentionedDate]:
    """Add the date of an event told as "N days after/before" the one day the sentence names."""
    days = [d for d in dates if d.precision == "day"]
    match = _EVENT_AROUND.search(text)
    if match is None or len(days) != 1:
        return dates
    count = int(match.group(1)) if match.group(1).isdigit() else _NUMBER_WORDS[match.group(1).lower()]
    span = count * (7 if match.group(2).lower().startswith("week") else 1)
    shift = -span if match.group(3).lower() == "after" else span
    other = MentionedDate((days[0].first_day + timedelta(days=shift)).isoformat(), "day")
    return dates if other in dates else [*dates, other]


def _most_precise(dates: list[MentionedDate]) -> list[MentionedDate]:
    """Leave out a year or month that a more precise date of the same sentence falls in: "23 years
    to the day after ... invaded Iraq in 2003" names one date, 2003-03-20, not two."""
    return [
        d
        for d in dates
        if not any(other is not d and other.value.startswith(d.value + "-") for other in dates)
    ]
