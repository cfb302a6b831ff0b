"""Finding time expressions: one compiled alternation of every rule, run once over the text.

Each rule is a regular expression with named groups for its parts. The master pattern joins all
rules, most specific first, with their named groups made anonymous; a hit names its rule through
`lastgroup`, and that rule's own pattern then re-reads the span for its parts. Python's regex
engine takes the first alternative that matches at a position (not the longest), so longer forms
("Friday morning", "the past three years") come before the shorter ones they contain.

Extents follow the TimeML conventions seen in TimeBank: determiners and quantity modifiers are
inside ("the next day", "about two years", "more than four decades ago"), prepositions are not
("for three months" -> "three months"), and "ago" / "earlier" belong to the expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------
# Vocabulary

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": "MO", "mon": "MO", "tuesday": "TU", "tue": "TU", "tues": "TU", "wednesday": "WE",
    "wed": "WE", "thursday": "TH", "thu": "TH", "thur": "TH", "thurs": "TH", "friday": "FR",
    "fri": "FR", "saturday": "SA", "sat": "SA", "sunday": "SU", "sun": "SU",
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "noon": "MI",
}  # fmt: skip
UNITS = {
    "second": "S", "sec": "S", "minute": "M", "min": "M", "hour": "H", "hr": "H", "day": "D",
    "week": "W", "fortnight": "2W", "month": "M", "year": "Y", "yr": "Y", "decade": "DE",
    "century": "CE", "centurie": "CE", "quarter": "Q", "weekend": "WE",
}  # fmt: skip
SMALL_NUMBERS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "single": 1, "couple": 2, "dozen": 12,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1,
}  # fmt: skip
VAGUE_NUMBERS = ("several", "a few", "few", "some", "many", "a couple of", "couple of", "a number of")

# ---------------------------------------------------------------------------------------------
# Pattern pieces (case-insensitive unless marked)


_MONTH_FULL = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
MONTH = rf"(?P<month>{_MONTH_FULL}|{_MONTH_ABBR})"
# A month name on its own must be capitalised: "may" and "march" are words too.
BARE_MONTH = (
    r"(?P<month>(?-i:January|February|March|April|May|June|July|August|September|October|November|December))"
)
WEEKDAY = r"(?P<weekday>(?:mon|tues?|wednes|thurs|fri|satur|sun)day)"
DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?P<year>1[6-9]\d\d|20\d\d|'\d\d)"
_WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|a dozen|dozen|a hundred|one hundred|hundreds|a couple of|couple of|a couple|a single)"
)
NUMBER = rf"(?P<number>\d+(?:\.\d+)?(?: 1/2)?|{_WORD_NUMBER}(?: and a half)?|an?(?: half)?)"
VAGUE = (
    r"(?P<vague>several|a few|few|some|many|a number of|the next few|the past few|the last few|recent|coming)"
)
MODIFIER = (
    r"(?P<modifier>about|around|approximately|roughly|nearly|almost|some|more than|less than|"
    r"at least|at most|up to|no more than|no less than|fewer than|just over|just under|barely|a full|fully)"
)
UNIT = r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies)|quarters?)"
UNIT_SINGULAR = r"(?P<unit>second|minute|hour|day|week|month|year|decade|century|quarter)"
PART = r"(?P<part>morning|afternoon|evening|night|overnight)"
TIMEZONE = r"(?:\s+(?-i:[ECMP][SD]T|GMT|UTC|BST|CET|CEST))?"
CLOCK = (
    r"(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am\b|pm\b)"
    rf"{TIMEZONE}"
    r"|(?P<hour24>[01]\d|2[0-3]):(?P<minute24>[0-5]\d)(?:\s*(?-i:GMT|UTC|[ECMP][SD]T)|(?=\s*(?:hours|hrs)))"
    r"|(?P<named>noon|midnight|midday)"
)
RELATIVE_DAY = r"(?P<relday>today|yesterday|tomorrow|tonight)"
SHIFT = r"(?P<shift>last|next|this|past|previous|coming|current|following|same|that)"
EDGE = (
    r"(?P<edge>earlier|later|early|late|mid-|mid|the end of|the beginning of|the start of|the middle of|"
    r"the turn of|the close of|end of|beginning of|start of|middle of|the first half of|the second half of)"
)
ORDINAL = r"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)"
HOLIDAY = (
    r"(?P<holiday>christmas eve|christmas day|christmas|new year's eve|new year's day|new year's|"
    r"thanksgiving day|thanksgiving|halloween|valentine's day|independence day|labor day|memorial day|"
    r"election day|easter sunday|easter)"
)

# ---------------------------------------------------------------------------------------------
# Rules, most specific first. A rule's name says what it finds; normalise.py reads its parts.

# fmt: off
RULES: list[tuple[str, str]] = [
    ("iso_date", r"(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?:T(?P<hour24>[01]\d|2[0-3]):(?P<minute24>[0-5]\d)(?::\d\d)?)?"),
    ("numeric_date", r"(?<![\d/.])(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d/]|\.\d)"),
    ("clock_day", rf"(?:{CLOCK})(?:,?\s+(?:on\s+)?(?:{WEEKDAY}|{RELATIVE_DAY}|(?P<m2>{_MONTH_FULL}|{_MONTH_ABBR})\s+(?P<d2>[12]\d|3[01]|0?[1-9])\b))"),
    ("clock", rf"(?:{CLOCK})(?:\s+(?P<clockpart>in the (?:morning|afternoon|evening)|at night|(?:this|that|tomorrow|yesterday) (?:morning|afternoon|evening)|tonight))?"),
    ("month_day_year", rf"(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY},?\s+{YEAR}\b"),
    ("day_month_year", rf"(?:{WEEKDAY},?\s+)?(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH},?\s+{YEAR}\b"),
    ("month_day", rf"(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY}(?![\w-]|,\d)"),
    ("day_month", rf"(?:{WEEKDAY},?\s+)?(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH}(?![\w-])"),
    ("year_quarter", rf"(?:the\s+)?{YEAR}\s+(?:(?:fiscal|calendar)\s+)?(?:{ORDINAL}[- ])?(?:quarter|period)(?![\w-])"),
    ("edge_month_year", rf"(?:{EDGE}\s*)?{MONTH},?\s+(?:of\s+)?{YEAR}\b"),
    ("month_relative_year", rf"{MONTH}\s+(?:of\s+)?(?P<shift>last|next|this) year"),
    ("season_year", rf"(?:{EDGE}\s*)?(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?{YEAR}\b"),
    ("quarter_year", rf"(?:the\s+)?{ORDINAL}[- ](?P<qh>quarter|half)\s+(?:of\s+)?(?:(?:fiscal|calendar)\s+)?{YEAR}\b"),
    ("fiscal_year", rf"(?:(?:the\s+)?{EDGE}\s*)?(?P<fiscal>fiscal(?: year)?|financial year|FY)\s*{YEAR}\b"),
    ("edge_year", rf"(?P<edge>(?:the\s+)?(?:end|beginning|start|middle|first half|second half|turn|close|spring|summer|fall|autumn|winter) of|early|late|mid-?|post-|pre-)\s*{YEAR}\b"),
    ("decade", r"(?:(?:the\s+)?(?P<edge>early|late|mid-?)\s*|the\s+)?(?P<decade>(?:1[6-9]|20)\d0|'\d0)'?s\b"),
    ("century", r"(?:the\s+)?(?P<ordinal>\d{1,2})(?:st|nd|rd|th)[- ]century"),
    ("ago", rf"(?:(?:{MODIFIER})\s+)?(?:{NUMBER}|{VAGUE})[- ]{UNIT}(?: or so)?\s+(?P<direction>ago|earlier|later|from now|hence|to the day|(?:before|after)(?=\s*[,.;:)'\"]))(?![\w-])"),
    ("unit_ago", rf"(?:{MODIFIER}\s+)?(?:a|the)\s+(?P<unit>day|week|month|year|decade)\s+(?P<direction>ago|earlier|later|from now|(?:before|after)(?=\s*[,.;:)'\"]))(?!\w)"),
    ("relative_day_part", rf"(?:(?P<edge>early|late)\s+)?{RELATIVE_DAY}(?:\s+{PART})?(?!\w)"),
    ("this_part", rf"(?:(?P<edge>early|late|earlier|later)\s+)?(?P<shift>this|that|last|the same|the next|the following|the previous) {PART}"),
    ("weekday_part", rf"(?:(?P<edge>early|late)\s+)?(?:(?P<shift>last|next|this|that|past|coming)\s+)?{WEEKDAY}(?P<plural>s)?(?:\s+{PART}(?P<parts>s)?)?(?!\w)"),
    ("each_weekday", rf"(?P<each>every|each)\s+{WEEKDAY}(?:\s+{PART})?"),
    ("relative_unit", rf"(?:{EDGE}\s+)?(?:the\s+)?{SHIFT}\s+(?P<unit>week|month|year|quarter|decade|century|fiscal year|season|spring|summer|fall|autumn|winter)(?![\w-])"),
    ("edge_relative_month", rf"(?:{EDGE}\s+)?(?P<shift>last|next|this|coming|past)\s+{MONTH}(?!\w)"),
    ("quarter", rf"(?:the\s+)?(?:(?P<shift>last|next|this|current|latest|previous|year-ago|year-earlier|same)\s+)?(?:(?:fiscal|calendar)\s+)?(?:{ORDINAL}[- ](?P<qh>quarter|half)|(?P<qh2>quarter))(?![\w-])"),
    ("edge_season", rf"(?:{EDGE}\s+)?(?:the\s+)?(?P<shift>this|last|next|past|coming)\s+(?P<season>spring|summer|fall|autumn|winter)s?"),
    ("next_day", r"(?P<shift>the next|the following|the previous|the preceding|that|the same)\s+(?P<unit>day|morning|afternoon|evening|night)(?![\w-])"),
    ("past_duration", rf"(?:{MODIFIER}\s+)?(?:the\s+)?(?P<shift>past|last|next|first|coming|previous|following|final|latest|recent|remaining)\s+(?:{NUMBER}|{VAGUE}\s+)?\s*(?:more\s+)?{UNIT}(?![\w-])"),
    ("duration", rf"(?:{MODIFIER}\s+)?(?:(?:another|an additional|a further)\s+)?(?:{NUMBER}|(?P<vague>several|a few|few|some|many|a couple of|a number of|two or three|three or four))[- ](?:(?P<more>more|additional|full|straight|consecutive|long)\s+)?{UNIT}(?P<old>-old|-long|\s+old)?(?![\w-])"),
    ("hyphen_duration", rf"(?P<number>\d+|{_WORD_NUMBER}|half)-(?P<unit>second|minute|hour|day|week|month|year|decade|century)(?P<old>-old|-long)?(?![\w-])"),
    ("unit_plural", r"(?P<vague>recent\s+)?(?P<unit>years|months|weeks|decades|days)(?P<or>\s+or\s+(?:weeks|months|years|days))?(?!\w)"),
    ("set_every", rf"(?P<each>every|each)\s+(?:(?P<number>other|two|three|four|five|six|\d+)\s+)?(?P<unit>second|minute|hour|day|week|month|quarter|year|decade|night|morning|evening|spring|summer|fall|autumn|winter|{_MONTH_FULL})s?(?!\w)"),
    ("set_adverb", r"(?P<adverb>daily|nightly|weekly|monthly|quarterly|annually|yearly|hourly|biweekly|bimonthly|biannually|semiannually|semi-annually|twice a year|twice a month|twice a week|once a year|once a month|once a week)(?![\w-])"),
    ("holiday", rf"(?:(?P<shift>last|next|this)\s+)?{HOLIDAY}(?:\s+{YEAR})?"),
    ("reference", r"(?P<ref>right now|just now|now|nowadays|these days|currently|at present|presently|recently|lately|the past|the future|the near future|the near term|the short term|soon|current)(?![\w-])"),
    ("edge_bare_month", rf"(?:{EDGE}\s*)?{BARE_MONTH}(?!\w)"),
    ("edge_bare_season", rf"(?:{EDGE}\s+)?(?:the\s+)?(?P<season>spring|summer|autumn|winter)(?!\w)"),
    ("spoken_year", r"(?:the year\s+)?(?P<spoken>nineteen(?:[- ]hundred)?(?:[- ](?:and[- ])?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:oh[- ])?(?:one|two|three|four|five|six|seven|eight|nine)))|two thousand(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)(?![\w-])"),
    ("spoken_decade", r"the (?P<spoken>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"),
    ("year_end", r"(?:(?:the\s+)?end of (?:the\s+)?(?:this\s+)?year|year[- ]end|year's end)(?![\w-])"),
    ("business_year", r"(?:the\s+)?(?P<which>full|fiscal|calendar|current|latest|latest fiscal|current fiscal|past fiscal|last fiscal|next fiscal|same)\s+year(?![\w-])"),
    ("year_ago_period", r"(?:the\s+)?(?P<which>year-ago|year-earlier|latest|comparable|year-before)(?:\s+(?P<period>period|quarter))?(?![\w-])"),
    ("weekend", r"(?P<shift>the|this|last|next|that)\s+weekend(?![\w-])"),
    ("year", r"(?:(?P<fiscal>fiscal|calendar)\s+)?(?<![$£€\d.,-])(?P<year>1[6-9]\d\d|20\d\d)(?![\d,.]\d|[-%]|\s*(?:%|percent|people|tons|troops|miles|km|dollars|yen|feet|meters|metres|points|shares|votes|jobs|barrels|units|members|workers|cars|homes|pounds|euros|kilometres|kilometers))"),
    ("the_unit", r"(?:(?P<edge>earlier|later|early|late)\s+)?(?P<shift>the|that|the same|the next|the following|the previous|the preceding|this)\s+(?P<unit>day|week|month|year|morning|afternoon|evening|night)(?![\w-])(?P<ended>\s+(?:ended|ending|to|through))?"),
]
# fmt: on

# Words that precede a year-like number that is not a year ("No. 1990", "Flight 2020", "$1,999").
NOT_YEAR_BEFORE = re.compile(
    r"(?:no\.?|number|flight|route|highway|room|page|pages|code|model|article|resolution|chapter|section|#|\$)\s*$",
    re.I,
)


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    rule: str
    parts: dict[str, str]


def _anonymous(pattern: str) -> str:
    # The master pattern keeps only the rule names as groups; back-references need their
    # group, so a rule that uses one is re-read by its own pattern anyway.
    return re.sub(r"\(\?P<\w+>", "(?:", pattern).replace("(?P=sep)", r"[/.]")


_RULE_PATTERNS = {name: re.compile(pattern, re.I) for name, pattern in RULES}
MASTER = re.compile(
    r"(?<![\w$])(?:" + "|".join(f"(?P<{name}>{_anonymous(pattern)})" for name, pattern in RULES) + ")",
    re.I,
)


# Every rule hit holds one of these words (or a digit): TRIGGER finds them in the lower-cased text
# with a trie-shaped alternation, far quicker than trying the master pattern at every word.
TRIGGER_WORDS = """
    jan feb mar apr may jun jul aug sep oct nov dec mon tue wed thu fri sat sun
    sec min hour hr day week fortnight year yr decade centur quarter half period season
    morning afternoon evening night overnight noon midnight midday tonight today yesterday tomorrow
    now current present recent lately past future term soon latest comparable
    daily nightly hourly annual bi semi
    christmas thanksgiving halloween valentine independence labor memorial election easter
    nineteen thousand twenties thirties forties fifties sixties seventies eighties nineties
    spring summer fall autumn winter fiscal fy
""".split()
# How far before its first trigger word a hit may start ("no more than a couple of weeks"); the
# longest seen in TimeBank, AQUAINT and Timeline17 is 31 characters.
LEFT_REACH = 48


def _trie(words: list[str]) -> str:
    # A regex alternation shaped as a trie: each position fails after a character or two.
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, rests in sorted(branches.items()):
        if "" in rests:  # a shorter word covers its longer ones: the match goes on with \w*
            parts.append(re.escape(first))
        else:
            parts.append(re.escape(first) + "(?:" + _trie(rests) + ")")
    return "|".join(parts)


TRIGGER = re.compile(r"\d+|\b(?:" + _trie(TRIGGER_WORDS) + r")\w*")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WORD_START = re.compile(r"(?<![\w$])[\w']")


def find_hits(text: str) -> list[Hit]:
    """Every rule hit in `text`, leftmost first and not overlapping.

    The master pattern is tried only at word starts shortly before a trigger word: the same hits
    as running it over the whole text, several times quicker.

    >>> text = "He left on Friday morning."
    >>> [(h.rule, text[h.start : h.end]) for h in find_hits(text)]
    [('weekday_part', 'Friday morning')]
    """
    hits = []
    done = 0  # every position before this was tried, or lies inside a hit
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lower-case to two characters ("İ"): keep offsets
        lowered = text.translate(_ASCII_LOWER)
    for trigger in TRIGGER.finditer(lowered):
        trigger_start = trigger.start()
        if trigger_start < done:
            continue
        for candidate in _WORD_START.finditer(text, max(done, trigger_start - LEFT_REACH), trigger_start + 1):
            match = MASTER.match(text, candidate.start())
            if match is None:
                continue
            done = match.end()
            hit = _hit(text, match)
            if hit is not None:
                hits.append(hit)
            break
        else:
            done = trigger_start + 1
    return hits


def _hit(text: str, match: re.Match[str]) -> Hit | None:
    rule = match.lastgroup
    assert rule is not None
    parsed = _RULE_PATTERNS[rule].fullmatch(text, match.start(), match.end())
    if parsed is None:  # the anonymous form matched where the exact one does not
        return None
    parts = {key: value for key, value in parsed.groupdict().items() if value is not None}
    return Hit(match.start(), match.end(), rule, parts)


def find_hits_everywhere(text: str) -> list[Hit]:
    """The slow reference for find_hits: the master pattern over the whole text (for tests)."""
    return [hit for match in MASTER.finditer(text) if (hit := _hit(text, match)) is not None]
