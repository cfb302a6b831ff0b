"""What a figure is about, in the terms that tell two reports' figures apart or make them one.

Reports of one running story give many figures of the same kind on the same day: deaths in Mexico,
cases in the US, suspected cases in Spain, the countries with cases. Two figures state the same
thing only when they agree on four things, each read from the words next to the figure:

- the measure: what is counted, with the words that say what happened to it. "81 deaths",
  "killed 81 people" and "81 have died" all count deaths; "20 cases", "20 people infected" and
  "eight students confirmed to have swine flu" count cases; "10 students" alone counts people;
  other nouns stand for themselves ("30 states"); a bare number ("rose to 13") counts nothing
  named and is matched by its place and its sentence instead;
- the place: the one place the figure is about ("cases in Mexico", "Spain had 26 suspected
  cases"), not every place its sentence names; a list of places ("in California, Kansas and
  Texas") names none in particular;
- the status: suspected and confirmed counts are different counts;
- the time: a running count (deaths, cases, people) holds for its news day, the report's day or
  the day before when the sentence says "yesterday" or gives the earlier figure ("up from 1,364");
  a figure of a past year ("in 1968 ... killed about 1 million"), of a typical year ("seasonal flu
  kills 250,000 to 500,000 people a year") or a city's population is settled and holds at any time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.days import day_of
from storyline.models import EntityMention

__all__ = ["FigureSubject", "figure_subject"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")

# Nouns that name a death, a case, or a person, singular.
DEATH_NOUNS = frozenset("death fatality dead life live victim".split())
CASE_NOUNS = frozenset("case infection infected".split())
PERSON_NOUNS = frozenset(
    """people person individual student pupil briton passenger guest child children man men woman
    women adult patient resident inhabitant citizen villager civilian local traveller traveler
    worker teacher tourist""".split()
)
# Words that count, not what is counted: "eight" in "two in Kansas and eight in New York".
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve dozen hundred thousand million billion m bn".split()
)

# Words around a figure that say what happened to what it counts, by the state they stand for.
_STATE_WORDS = {
    "dead": """killed kill kills killing dead die died dies dying death deaths fatality fatalities
        fatal bodies body lives""",
    "injured": "injured wounded hurt injuries injury",
    "confirmed": "confirmed laboratory-confirmed lab-confirmed",
    "suspected": "suspected suspect probable possible likely",
    "cases": "case cases infected infection infections ill sick contracted diagnosed positive caught",
    "hospital": "hospital hospitalised hospitalized hospitals",
    "evacuated": "evacuated evacuation evacuees evacuee displaced fled homeless",
    "missing": "missing",
    "arrested": "arrested detained",
}
# States of a tally that moves from day to day (deaths, cases, the injured, the missing).
_TALLY_STATES = frozenset(
    {"dead", "injured", "confirmed", "suspected", "cases", "hospital", "missing", "arrested"}
)
STATE_OF = {word: state for state, words in _STATE_WORDS.items() for word in words.split()}
STATE_WINDOW_WORDS = 6  # words either side of a figure whose state words describe it
PERSON_STATE_WINDOW_WORDS = 15  # "Two British people admitted to hospital ... have been confirmed"
EVENT_SPAN_DAYS = 4  # reports of one event's count of people come within days of it
PLACE_AFTER_CHARS = 40  # "cases in Mexico", "20 at a New York City school"
PLACE_BEFORE_CHARS = 40  # "Spain had 26 suspected cases"

# "eight cases in New York": a place after the figure, reached through "in", "at", "across".
_PLACE_AFTER = re.compile(r"^[^,;.():]{0,25}?\b(?:in|across|at|inside)\s+(?:the\s+)?$")
# A place is not the figure's when a clause or sentence ends between them.
_CLAUSE_BREAK = re.compile(r"[;.:]|, (?:and|but|while)\b")
# "in California, Kansas, Texas and Ohio": a list names no one place.
_PLACE_LIST = re.compile(r"^(?:,\s*[A-Z][\w. ]+)+,?\s+and\s+[A-Z]")
_NOT_WHERE = re.compile(r"\b(?:by|from|to|with|for|against|between|than)\s+(?:the\s+)?$", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_TYPICAL_YEAR = re.compile(
    r"\b(?:every|each|a|an average|a normal|a typical|per) year\b|\bannually\b|\byearly\b", re.IGNORECASE
)
# "a city of 20 million", "the capital of 20 million inhabitants"
_POPULATION = re.compile(
    r"\b(?:city|metropolis|capital|country|nation|town|region|state|island|province) of "
    r"(?:some |about |around |nearly |almost |more than |over )?$",
    re.IGNORECASE,
)
_DAY_BEFORE = re.compile(r"\byesterday\b|\blast night\b", re.IGNORECASE)
_EARLIER_FIGURE = re.compile(r"\bfrom\s*$", re.IGNORECASE)  # "up from 1,364", "down from 176"


@dataclass(frozen=True, slots=True)
class FigureSubject:
    measure: str  # "death", "case", "people", another counted noun, or "" for a bare number
    place: str | None  # the place the figure is about, lower case
    status: str | None  # "suspected" or "confirmed"
    era: str | None  # a past year, "typical year" or "settled": the figure holds at any time
    news_day: date | None  # the day a count of people holds on; None for other figures
    # How many days apart two reports of it may be: none for a tally (deaths, cases), which moves
    # daily; a few for a count of people in one event ("4,000 residents ordered to leave").
    day_slack: int = 0


def figure_subject(
    text: str,
    sentence: tuple[int, int],
    figure: tuple[int, int],
    counted: str | None,
    head: str,
    places: list[EntityMention],
    published: str | None,
    named_day: date | None = None,
    measured: bool = False,
) -> FigureSubject:
    """The subject of the figure at `figure` (offsets into `text`) in the sentence at `sentence`.
    `counted` is the noun the language stage found for it, `head` its head class, `places` the
    sentence's places (LOC mentions), `named_day` a day the sentence names other than the
    report's own, `measured` whether it is in a unit of measure ("12 metres"), which is no tally.

    >>> text = "Spain had 26 suspected cases under observation."
    >>> figure_subject(text, (0, len(text)), (10, 28), "suspected cases", "case", [], "2009-04-28")
    FigureSubject(measure='case', place=None, status='suspected', era=None, news_day=datetime.date(2009, 4, 28))
    """
    sentence_start, sentence_end = sentence
    start, end = figure
    near = _states_near(text, sentence, figure, STATE_WINDOW_WORDS)
    noun = _counted_noun(counted, head)
    if noun in STATE_OF:
        # "230 possible" (cases), "20 confirmed": the word after the number is a state, not a thing.
        near, noun = [STATE_OF[noun], *near], ""
    if noun in DEATH_NOUNS:
        measure = "death"
    elif noun in CASE_NOUNS:
        measure = "case"
    elif noun in PERSON_NOUNS or noun == "":
        words = _states_near(text, sentence, figure, PERSON_STATE_WINDOW_WORDS) if noun else near
        state = next((s for s in words if s in ("dead", "cases")), None)
        measure = {"dead": "death", "cases": "case"}.get(state or "", "people" if noun else "")
    else:
        measure = noun
    statuses = set(near) & {"suspected", "confirmed"}
    status = statuses.pop() if len(statuses) == 1 else None

    # A tally of deaths or cases moves from day to day; a count of people holds around its event;
    # other figures (a crack's length, a town's sirens, the troops of a mission) hold for the
    # whole episode.
    tally = measure in ("death", "case") or bool(set(near) & _TALLY_STATES)
    # A past year makes a count history ("in 1968 ... killed about 1 million"); other figures are
    # not counts of the day in the first place ("set up in 2018, ... has 5,200 soldiers").
    era = _era(text, sentence, start, published) if tally or measure in ("people", "") else None
    if _POPULATION.search(text[max(sentence_start, start - 40) : start]):
        era, measure = "settled", "population"
    news_day, day_slack = None, 0
    day = day_of(published)
    if era is not None or day is None:
        pass
    elif tally or (measure == "" and not measured):
        # The previous figure of a tally ("up from 1,364"), or one the report gives as yesterday's,
        # is the day before's.
        if _EARLIER_FIGURE.search(text[max(sentence_start, start - 14) : start]) or _DAY_BEFORE.search(
            text[sentence_start:sentence_end]
        ):
            day -= timedelta(days=1)
        news_day = day
    elif measure == "people":
        news_day, day_slack = named_day or day, EVENT_SPAN_DAYS
    return FigureSubject(measure, _place(text, sentence, figure, places), status, era, news_day, day_slack)


def _counted_noun(counted: str | None, head: str) -> str:
    """The noun that says what a figure counts: the first death, case or person noun of the counted
    words ("1,626 confirmed cases and new deaths" counts cases), else the head; "" for none."""
    if not counted:
        return ""
    for word in _WORD.findall(counted):
        singular = _singular(word.lower())
        if singular in DEATH_NOUNS or singular in CASE_NOUNS or singular in PERSON_NOUNS:
            return singular
    return "" if head in _NUMBER_WORDS else head


def _singular(word: str) -> str:
    if word in PERSON_NOUNS:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _states_near(text: str, sentence: tuple[int, int], figure: tuple[int, int], window: int) -> list[str]:
    """The states of the words in and around a figure, the nearest first."""
    before = [w.lower() for w in _WORD.findall(text[sentence[0] : figure[0]])][-window:]
    after = [w.lower() for w in _WORD.findall(text[figure[1] : sentence[1]])][:window]
    words = [w.lower() for w in _WORD.findall(text[figure[0] : figure[1]])]
    for distance in range(window):
        if distance < len(after):
            words.append(after[distance])
        if distance < len(before):
            words.append(before[-1 - distance])
    return [STATE_OF[w] for w in words if w in STATE_OF]


def _place(
    text: str, sentence: tuple[int, int], figure: tuple[int, int], places: list[EntityMention]
) -> str | None:
    start, end = figure
    outside = [p for p in places if not start <= p.start < end]
    found = next(
        (
            p
            for p in outside
            if p.start >= end
            and p.start - end <= PLACE_AFTER_CHARS
            and _PLACE_AFTER.match(text[end : p.start])
        ),
        None,
    )
    if found is None:
        before = [
            p
            for p in outside
            if p.end <= start
            and start - p.end <= PLACE_BEFORE_CHARS
            and not _CLAUSE_BREAK.search(text[p.end : start])
            # "the deployment led by the US, which has 5,200 soldiers": the US is not where they are
            and not _NOT_WHERE.search(text[max(sentence[0], p.start - 12) : p.start])
        ]
        found = before[-1] if before else None
    if found is None:
        found = next((p for p in places if start <= p.start < end), None)  # "30 U.S. states"
    if found is None or _PLACE_LIST.match(text[found.end : min(found.end + 60, sentence[1])]):
        return None
    name = (found.entity or found.text).lower()
    # "New York City" and "New York" are one place for a count of cases.
    return name.removesuffix(" city")


def _era(text: str, sentence: tuple[int, int], start: int, published: str | None) -> str | None:
    """A settled figure's time: the last year its sentence names before it, when that year is
    before the report's ("1968: ... killed up to one million"), or a typical year."""
    years = [int(y) for y in _YEAR.findall(text[sentence[0] : start])]
    if years and published and published[:4].isdigit() and years[-1] < int(published[:4]):
        return str(years[-1])
    if _TYPICAL_YEAR.search(text[sentence[0] : sentence[1]]):
        return "typical year"
    return None
