"""From a rule hit to a TIMEX3 type and either a fixed value or a relative form to resolve.

Each rule of patterns.py has a reader here, named after it. A reader returns a `Reading`: the
type, and `value` for expressions that need no anchor ("March 20, 2026", "the 1990s", "three
months", "now") or `relative` (the grammar of anchor.py) for those that do. A reader may also
return None to drop a hit that only looks like a time ("may" the verb, a year-like number).

Values follow TimeBank's annotation: durations as ISO periods with X for a vague amount ("for
years" -> PXY), "the end of 2011" -> 2011 (the edge goes to TimeML's `mod`, not the value),
"fiscal 1998" -> 1998, ages ("an 8-month-old truce") as durations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from storyline.language.timex.patterns import (
    MONTHS,
    NOT_YEAR_BEFORE,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    SMALL_NUMBERS,
    WEEKDAYS,
    Hit,
)
from storyline.models import TimeType


@dataclass(slots=True)
class Reading:
    type: TimeType
    value: str | None = None
    relative: str | None = None
    how: str = ""


Direction = Callable[[], str]  # lazily computed tense direction, "-1", "+1" or "~" (tense.py)


def _forward(direction: str) -> str:
    # The future seen from the past ("~") is a future for everything but a weekday.
    return "+1" if direction == "~" else direction


_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1),
    "new year's": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31), "valentine's day": (2, 14),
    "independence day": (7, 4),
}  # fmt: skip
_SET_ADVERBS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M",
    "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "biweekly": "P2W", "bimonthly": "P2M",
    "biannually": "P6M", "semiannually": "P6M", "semi-annually": "P6M", "twice a year": "P6M",
    "twice a month": "P2W", "twice a week": "P3D", "once a year": "P1Y", "once a month": "P1M",
    "once a week": "P1W",
}  # fmt: skip
_REFERENCES = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "current": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "recent": "PAST_REF", "the past": "PAST_REF", "the time": "PAST_REF", "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
 "future": "FUTURE_REF", "soon": "FUTURE_REF",
}  # fmt: skip
_SHIFTS = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1, "this": 0,
           "current": 0, "same": 0, "that": 0, "latest": -1, "year-ago": -4, "year-earlier": -4}  # fmt: skip


def parse_number(words: str) -> float | None:
    """A number written in digits or words; None for a vague amount ("several").

    >>> parse_number("twenty-five"), parse_number("2 1/2"), parse_number("a couple of")
    (25.0, 2.5, 2.0)
    """
    words = words.lower().strip()
    half = 0.5 if words.endswith((" and a half", " 1/2")) else 0.0
    words = re.sub(r"\s*(?:and a half|1/2)$", "", words)
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words) + half
    if words in ("a half", "an half", "half"):
        return 0.5
    total = 0.0
    words = re.sub(r"^an? (?=couple|dozen|hundred|thousand)", "", words)
    for word in re.split(r"[\s-]+", words):
        if word in ("of", "and"):
            continue
        if word in ("hundred", "hundreds", "thousand"):
            total = max(total, 1) * SMALL_NUMBERS[word.rstrip("s")]
        elif word in SMALL_NUMBERS:
            total += SMALL_NUMBERS[word]
        else:
            return None
    return total + half if total else None


def duration_value(amount: float | None, unit: str) -> str:
    """An ISO 8601 period for an amount of a unit, "X" for an unknown amount.

    >>> duration_value(3, "months"), duration_value(None, "years"), duration_value(1.5, "hour")
    ('P3M', 'PXY', 'PT1H30M')
    """
    unit = unit.lower().rstrip("s").replace("centurie", "century")
    symbol = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
              "month": "M", "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q",
              "weekend": "WE", "min": "M", "sec": "S", "hr": "H", "yr": "Y"}.get(unit, "X")  # fmt: skip
    time = "T" if symbol in ("H", "M", "S") and unit not in ("month",) else ""
    if amount is None:
        return f"P{time}X{symbol}"
    if unit == "fortnight":
        amount *= 2
    if symbol in ("DE", "CE"):  # TimeBank writes decades and centuries in years
        amount, symbol = amount * (10 if symbol == "DE" else 100), "Y"
    if amount != int(amount):
        smaller = {"Y": ("M", 12), "M": ("D", 30) if not time else ("S", 60), "H": ("M", 60), "D": ("H", 24),
                   "W": ("D", 7), "DE": ("Y", 10), "CE": ("Y", 100)}.get(symbol)  # fmt: skip
        if smaller is not None:
            whole, rest = int(amount), round((amount - int(amount)) * smaller[1])
            if symbol == "D" and smaller[0] == "H":  # a day and a half: P1DT12H
                head = f"P{whole}{symbol}T" if whole else "PT"
                return f"{head}{rest}{smaller[0]}"
            head = f"P{time}{whole}{symbol}" if whole else f"P{time}"
            return f"{head}{rest}{smaller[0]}"
    return f"P{time}{int(amount)}{symbol}"


def _year(text: str) -> str | None:
    return None if text.startswith("'") else text


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _part_suffix(parts: dict[str, str]) -> str:
    part = parts.get("part", "").lower().rstrip("s")
    return "@T" + PARTS_OF_DAY[part] if part in PARTS_OF_DAY else ""


def _clock_time(parts: dict[str, str]) -> str | None:
    if "named" in parts:
        return {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[parts["named"].lower()]
    if "hour24" in parts:
        return f"{int(parts['hour24']):02d}:{parts['minute24']}"
    hour = int(parts["hour"])
    if hour > 12:
        return None
    if parts["ampm"].lower().startswith("p") and hour != 12:
        hour += 12
    elif parts["ampm"].lower().startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{parts.get('minute', '00')}"


# ---------------------------------------------------------------------------------------------
# Readers, one per rule


def read_iso_date(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    if not possible_day(int(p["year"]), int(p["month"]), int(p["day"])):
        return None  # "2020-02-30", "0000-01-01"
    value = f"{p['year']}-{p['month']}-{p['day']}"
    if "hour24" in p:
        return Reading("TIME", f"{value}T{p['hour24']}:{p['minute24']}", how="absolute")
    return Reading("DATE", value, how="absolute")


def read_numeric_date(hit: Hit, text: str, tense: Direction) -> Reading | None:
    # Day first when the first number cannot be a month; month first (US) otherwise.
    p = hit.parts
    first, second = int(p["first"]), int(p["second"])
    if first > 12 and second <= 12:
        day, month, how = first, second, "day-first"
    elif first <= 12 and second <= 31:
        month, day, how = first, second, "month-first"
    else:
        return None
    if not 1 <= day <= 31:
        return None
    year = p["year"]
    if len(year) == 2:
        year = str(_expand_two_digit(int(year)))
    if not possible_day(int(year), month, day):
        return None  # "31/02/2020", "00/00/0000"
    return Reading("DATE", f"{year}-{month:02d}-{day:02d}", how=how)


def _expand_two_digit(year: int) -> int:
    return 1900 + year if year >= 50 else 2000 + year


def possible_day(year: int | None, month: int, day: int) -> bool:
    """Whether a calendar has this day (any leap year when the year is unknown).

    >>> possible_day(2020, 2, 29), possible_day(2021, 2, 29), possible_day(None, 2, 29), possible_day(None, 4, 31)
    (True, False, True, False)
    """
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        return day <= (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _day_reading(parts: dict[str, str], month: int, day: int, tense: Direction, how: str) -> Reading | None:
    known_year = _year(parts["year"]) if "year" in parts else None
    if not possible_day(int(known_year) if known_year else None, month, day):
        return None  # "February 30": not a date
    if "year" in parts and _year(parts["year"]):
        return Reading("DATE", f"{parts['year']}-{month:02d}-{day:02d}", how=how)
    return Reading("DATE", relative=f"monthday:~{_forward(tense())}:{month:02d}-{day:02d}", how=how)


def read_month_day_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    return _day_reading(p, _month_number(p["month"]), int(p["day"]), tense, "absolute")


read_day_month_year = read_month_day_year


def read_month_day(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    if p["month"].lower() == "may" and not p["month"][0].isupper():
        return None
    month, day = _month_number(p["month"]), int(p["day"])
    if (which := _WHICH_YEAR.match(text, hit.end)) and possible_day(None, month, day):
        # "Monday 8 April last year": the year is told right after the day, not left to the tense.
        shift = _SHIFTS[which.group(1).lower()]
        return Reading(
            "DATE", relative=f"monthday:y{shift:+d}:{month:02d}-{day:02d}", how="month day, which year"
        )
    return _day_reading(p, month, day, tense, "month day, tense")


read_day_month = read_month_day


_WHICH_YEAR = re.compile(r",?\s+(last|this|next)\s+year\b", re.IGNORECASE)


def read_clock_day(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    clock = _clock_time(p)
    if clock is None:
        return None
    if "weekday" in p:
        day = f"weekday:{tense()}:{WEEKDAYS[p['weekday'].lower()]}"
    elif "relday" in p:
        day = f"shift:{_RELATIVE_DAYS[p['relday'].lower()]}:day"
    else:
        day = f"monthday:~:{_month_number(p['m2']):02d}-{int(p['d2']):02d}"
    return Reading("TIME", relative=f"{day}@T{clock}", how="clock with day")


_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def read_clock(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    clock = _clock_time(p)
    if clock is None:
        return None
    if p.get("named", "").lower() == "noon" and text[max(0, hit.start - 5) : hit.start].lower() == "high ":
        return None  # "high noon": a showdown
    part = p.get("clockpart", "").lower()
    shift = -1 if part.startswith("yesterday") else 1 if part.startswith("tomorrow") else 0
    return Reading("TIME", relative=f"shift:{shift}:day@T{clock}", how="clock on the anchor day")


def read_edge_month_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    year = _year(p["year"])
    month = _month_number(p["month"])
    if year is None:
        return Reading("DATE", relative=f"year:0:{p['year'][1:]}", how="month 'yy")
    return Reading("DATE", f"{year}-{month:02d}", how="absolute")


def read_month_relative_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    month = _month_number(p["month"])
    shift = _SHIFTS[p["shift"].lower()]
    return Reading(
        "DATE",
        relative=f"month:0:{month:02d}" if shift == 0 else f"shift:{shift}:year",
        how="month of relative year",
    )


def read_season_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    return Reading("DATE", f"{p['year']}-{SEASONS[p['season'].lower()]}", how="absolute")


def read_quarter_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    number = ORDINALS.get(p["ordinal"].lower(), 0) or int(p["ordinal"][0])
    letter = "H" if p["qh"].lower() == "half" else "Q"
    return Reading("DATE", f"{p['year']}-{letter}{number}", how="absolute")


def read_fiscal_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    return Reading("DATE", hit.parts["year"], how="fiscal year as its calendar year")


def read_edge_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    year = _year(hit.parts["year"])
    return Reading("DATE", year, how="absolute") if year else None


def read_decade(hit: Hit, text: str, tense: Direction) -> Reading | None:
    decade = hit.parts["decade"]
    if decade.startswith("'"):
        return Reading("DATE", f"19{decade[1]}", how="decade '90s")
    return Reading("DATE", decade[:3], how="absolute")


def read_century(hit: Hit, text: str, tense: Direction) -> Reading | None:
    if int(hit.parts["ordinal"]) < 1:
        return None
    return Reading("DATE", f"{int(hit.parts['ordinal']) - 1:02d}", how="absolute")


def read_ago(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    amount = parse_number(p["number"]) if "number" in p else None
    unit = p["unit"].lower().rstrip("s").replace("centurie", "century")
    word = p["direction"].lower()
    sign = 1 if word in ("later", "after", "from now", "hence") else -1
    if word == "to the day" and amount is not None:
        return Reading("DATE", relative=f"offset:-P{int(amount)}{unit[0].upper()}", how="to the day")
    if amount is None or amount != int(amount):
        return Reading("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", how="vague ago")
    if unit in ("second", "minute", "hour"):
        return Reading("DURATION", duration_value(amount, unit), how="short ago as duration")
    return Reading("DATE", relative=f"shift:{sign * int(amount)}:{unit}", how="ago")


def read_unit_ago(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    word = p["direction"].lower()
    sign = 1 if word in ("later", "after", "from now") else -1
    return Reading("DATE", relative=f"shift:{sign}:{p['unit'].lower()}", how="a unit ago")


def read_relative_day_part(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    word = p["relday"].lower()
    suffix = "@TNI" if word == "tonight" else _part_suffix(p)
    return Reading("DATE", relative=f"shift:{_RELATIVE_DAYS[word]}:day{suffix}", how=word)


def read_this_part(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    shift = p["shift"].lower().replace("the ", "")
    if shift in ("next", "following", "previous"):
        amount = 1 if shift != "previous" else -1
        return Reading(
            "TIME", relative=f"previous:{amount}:day{_part_suffix(p)}", how="part of day after previous"
        )
    if shift == "last" and p["part"].lower() == "night":
        return Reading("TIME", relative="shift:-1:day@TNI", how="last night")
    kind = "previous" if shift in ("that", "same") else "shift"
    return Reading("TIME", relative=f"{kind}:0:day{_part_suffix(p)}", how="part of this day")


def read_weekday_part(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    code = WEEKDAYS[p["weekday"].lower()]
    # TimeML puts the part of the day in the value ("2020-01-06TMO"), but TimeBank writes "Friday
    # night" as the day itself more often than as its night (or evening): a night is left out.
    part = _part_suffix(p) if not p.get("part", "").lower().startswith(("night", "overnight")) else ""
    if "plural" in p or "parts" in p:  # "on Fridays", "on Friday nights"
        number = _WEEKDAY_ORDER.index(code) + 1
        return Reading("SET", f"XXXX-WXX-{number}{_part_suffix(p)[1:]}", how="weekdays")
    shift = p.get("shift", "").lower()
    direction = {"last": "last", "past": "last", "next": "next", "coming": "next", "this": "0"}.get(
        shift
    ) or tense()
    kind: TimeType = "TIME" if part else "DATE"
    return Reading(kind, relative=f"weekday:{direction}:{code}{part}", how=f"weekday {direction}")


_WEEKDAY_ORDER = "MO TU WE TH FR SA SU".split()


def read_each_weekday(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    number = "MO TU WE TH FR SA SU".split().index(WEEKDAYS[p["weekday"].lower()]) + 1
    return Reading("SET", f"XXXX-WXX-{number}{_part_suffix(p)[1:]}", how="each weekday")


def read_relative_unit(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    unit = p["unit"].lower().replace("fiscal year", "year")
    shift = _SHIFTS.get(p["shift"].lower(), 0)
    if shift == -4:
        shift = -1
    if p["shift"].lower() == "that" and unit in ("year", "month", "quarter"):
        return Reading("DATE", relative=f"previous:0:{unit}", how="the unit of the previous expression")
    if p["shift"].lower() == "following" and unit in ("year", "month", "week"):
        # "the following year": the one after the date just told
        return Reading("DATE", relative=f"previous:1:{unit}", how="the unit after the previous expression")
    if p["shift"].lower() == "past" and unit == "year":  # "over the past year": TimeBank's last year
        return Reading("DATE", relative="shift:-1:year", how="the past year")
    if p["shift"].lower() in ("past", "coming") and unit in (
        "year",
        "month",
        "week",
        "decade",
        "century",
    ):
        return Reading("DURATION", duration_value(1, unit), how="the past unit as duration")
    if unit in SEASONS:
        direction = {-1: "last", 1: "next", 0: "0"}[shift]
        return Reading("DATE", relative=f"part:{direction}:{SEASONS[unit]}", how="season")
    if unit == "season":
        return None
    return Reading("DATE", relative=f"shift:{shift}:{unit}", how="relative unit")


def read_edge_relative_month(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    shift = p["shift"].lower()
    direction = {"last": "last", "past": "last", "next": "next", "coming": "next"}.get(shift, "0")
    return Reading(
        "DATE", relative=f"month:{direction}:{_month_number(p['month']):02d}", how="month relative"
    )


def read_quarter(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    shift = p.get("shift", "").lower()
    if "ordinal" not in p:  # "the quarter", "the latest quarter": the last one that ended
        amount = {"next": 1, "this": 0, "current": 0, "year-ago": -5, "year-earlier": -5}.get(shift, -1)
        return Reading("DATE", relative=f"shift:{amount}:quarter", how="quarter relative")
    number = ORDINALS.get(p["ordinal"].lower(), 0) or int(p["ordinal"][0])
    letter = "H" if p["qh"].lower() == "half" else "Q"
    direction = {"last": "last", "next": "next"}.get(shift, "-1")
    years = ":-1" if shift in ("year-ago", "year-earlier") else ""
    return Reading("DATE", relative=f"part:{direction}:{letter}{number}{years}", how="quarter of the year")


def read_year_quarter(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    if "ordinal" in p:
        number = ORDINALS.get(p["ordinal"].lower(), 0) or int(p["ordinal"][0])
        return Reading("DATE", f"{p['year']}-Q{number}", how="quarter of a year")
    return Reading("DATE", relative=f"quarterin:{p['year']}", how="the latest quarter's number in a year")


def read_edge_season(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    shift = p["shift"].lower()
    direction = {"last": "last", "past": "last", "next": "next", "coming": "next"}.get(shift, "0")
    return Reading("DATE", relative=f"part:{direction}:{SEASONS[p['season'].lower()]}", how="season")


def read_past_duration(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    if ("vague" in p and "number" not in p) or ("number" not in p and p["unit"].lower().endswith("s")):
        amount = None  # "recent years", "the coming months"
    else:
        amount = parse_number(p["number"]) if "number" in p else 1
    return Reading("DURATION", duration_value(amount, p["unit"]), how="duration")


_RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|thousand|hundred|cents|percent|dollars|shares|units|tons)"
    r"|(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen)) (?:[a-z]+ )?[a-z]+[^s'\W]s)\W{0,3}$",
    # "700 seats a week", "24 hours a day", "four flights a week": a rate
    re.I,
)
_FRACTION_AFTER = re.compile(r"\s+of\s+(?!a\s+century)", re.I)  # "three-quarters of its food"


def read_duration(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    if p.get("old", "").strip().lower() == "old" or p.get("old", "").lower() == "-old":
        return None  # ages are not annotated as times in TimeBank
    if p.get("number", "").lower() in ("a", "an") and (
        p["unit"].lower() == "second" or _RATE_BEFORE.search(text, max(0, hit.start - 32), hit.start)
    ):
        return None  # "a second attempt", "$2 million a year"
    if p["unit"].lower().startswith("quarter") and _FRACTION_AFTER.match(text, hit.end):
        return None  # a fraction, not three months
    amount = parse_number(p["number"]) if "number" in p else None
    if "number" in p and amount is None and "vague" not in p:
        return None
    return Reading("DURATION", duration_value(amount, p["unit"]), how="duration")


read_hyphen_duration = read_duration


def read_unit_plural(hit: Hit, text: str, tense: Direction) -> Reading | None:
    if text[max(0, hit.start - 10) : hit.start].lower().endswith(("matter of ", "hundreds of ")):
        return None  # "a matter of days", "hundreds of years": no stretch of time TimeBank tags
    return Reading("DURATION", duration_value(None, hit.parts["unit"]), how="vague duration")


def read_set_every(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    unit = p["unit"].lower()
    each = p["each"].lower()
    if each in ("a", "an") and unit not in ("day", "week", "month", "year", "hour"):
        return None
    number = p.get("number", "").lower()
    amount = 2 if number == "other" else (parse_number(number) if number else 1)
    if unit in SEASONS:
        return Reading("SET", f"XXXX-{SEASONS[unit]}", how="every season")
    if unit.capitalize() in ("Night", "Morning", "Evening"):
        return Reading("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit][:2]}", how="every part of day")
    if unit in MONTHS:
        return Reading("SET", f"XXXX-{MONTHS[unit]:02d}", how="every month name")
    return Reading("SET", duration_value(amount, unit), how="every unit")


_NOUN_AFTER = re.compile(
    r"\s+(?!and\b|or\b|to\b|in\b|at\b|for\b|through\b|by\b|from\b|on\b|since\b|until\b)[a-z]"
)


_RATE_ADVERB_BEFORE = re.compile(r"(?:\d%?|percent|units|average)\W{0,2}$", re.I)


def read_set_adverb(hit: Hit, text: str, tense: Direction) -> Reading | None:
    if hit.parts["adverb"].lower() == "quarterly" and _NOUN_AFTER.match(text, hit.end):
        return None  # an adjective: "its quarterly dividend"
    if _RATE_ADVERB_BEFORE.search(text, max(0, hit.start - 12), hit.start):
        return None  # a rate: "to rise 8.5% annually", "average daily volume"
    return Reading("SET", _SET_ADVERBS[hit.parts["adverb"].lower()], how="set adverb")


def read_holiday(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    name = p["holiday"].lower()
    if name not in _HOLIDAYS:
        return None
    month, day = _HOLIDAYS[name]
    if "year" in p and _year(p["year"]):
        return Reading("DATE", f"{p['year']}-{month:02d}-{day:02d}", how="holiday")
    shift = p.get("shift", "").lower()
    direction = {"last": "last", "next": "next", "this": "0"}.get(shift) or _forward(tense())
    return Reading("DATE", relative=f"monthday:{direction}:{month:02d}-{day:02d}", how="holiday")


def read_reference(hit: Hit, text: str, tense: Direction) -> Reading | None:
    word = hit.parts["ref"].lower()
    if (
        word == "soon"
        and text[max(0, hit.start - 3) : hit.start].lower() == "as "
        and text[hit.end : hit.end + 3].lower() == " as"
    ):
        return None  # "as soon as" is a conjunction
    if word == "soon" and (
        text[max(0, hit.start - 5) : hit.start].lower().endswith(("was ", "were "))
        or text[hit.end : hit.end + 6].lower() == " after"
    ):
        return None  # "was soon released", "soon after": a past sequence, not the future
    return Reading("DATE", _REFERENCES[hit.parts["ref"].lower()], how="reference")


def read_edge_bare_month(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    if p["month"] == "May" and "edge" not in p and not _preposition_before(text, hit.start):
        return None
    if p["month"] == "March" and "edge" not in p and _article_before(text, hit.start):
        return None
    return Reading(
        "DATE",
        relative=f"month:~{_forward(tense())}:{_month_number(p['month']):02d}",
        how="month, near or tense",
    )


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|of|since|until|till|by|last|next|this|during|before|after|from|to|through|early|late|mid)\s+$",
    re.I,
)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|the|to|peace|protest|freedom)\s+$", re.I)


def _preposition_before(text: str, start: int) -> bool:
    return _PREPOSITION_BEFORE.search(text, max(0, start - 12), start) is not None


def _article_before(text: str, start: int) -> bool:
    return _ARTICLE_BEFORE.search(text, max(0, start - 12), start) is not None


def read_edge_bare_season(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    if (
        "edge" not in p
        and not _preposition_before(text, hit.start)
        and not text[hit.start : hit.start + 4].lower().startswith("the")
    ):
        return None
    return Reading("DATE", relative=f"part:0:{SEASONS[p['season'].lower()]}", how="season of the anchor year")


def read_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    if NOT_YEAR_BEFORE.search(text, max(0, hit.start - 16), hit.start):
        return None
    return Reading("DATE", hit.parts["year"], how="year")


def read_the_unit(hit: Hit, text: str, tense: Direction) -> Reading | None:
    p = hit.parts
    shift = p["shift"].lower()
    unit = p["unit"].lower()
    if unit in PARTS_OF_DAY:
        return read_this_part(Hit(hit.start, hit.end, hit.rule, {**p, "part": unit}), text, tense)
    if shift in ("the next", "the following"):
        return Reading("DATE", relative=f"previous:1:{unit}", how="after the previous expression")
    if shift in ("the previous", "the preceding"):
        return Reading("DATE", relative=f"previous:-1:{unit}", how="before the previous expression")
    if shift in ("that", "the same"):
        return Reading("DATE", relative=f"previous:0:{unit}", how="same as the previous expression")
    if shift == "this":
        return Reading("DATE", relative=f"shift:0:{unit}", how="this unit")
    if unit == "year" and "ended" in p:  # "the year ended June 30": a fiscal year
        return Reading("DURATION", "P1Y", how="the year ended")
    if unit == "year" and "edge" not in p:
        return Reading("DATE", relative="shift:0:year", how="the year")
    return None  # "the day", "the week" alone are too often not a time to guess


def read_spoken_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    words = hit.parts["spoken"].lower().replace("-", " ").replace(" and ", " ").replace(" oh ", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = parse_number(" ".join(words[2:])) if words[2:] else 0
        return Reading("DATE", f"{2000 + int(rest or 0)}", how="spoken year") if rest is not None else None
    words = [word for word in words[1:] if word != "hundred"]
    rest = parse_number(" ".join(words)) if words else None
    return (
        Reading("DATE", f"{1900 + int(rest)}", how="spoken year") if rest is not None and rest < 100 else None
    )


_SPOKEN_DECADES = "twenties thirties forties fifties sixties seventies eighties nineties".split()


def read_spoken_decade(hit: Hit, text: str, tense: Direction) -> Reading | None:
    return Reading("DATE", f"19{_SPOKEN_DECADES.index(hit.parts['spoken'].lower()) + 2}", how="spoken decade")


def read_year_end(hit: Hit, text: str, tense: Direction) -> Reading | None:
    return Reading("DATE", relative="shift:0:year", how="the end of this year")


def read_business_year(hit: Hit, text: str, tense: Direction) -> Reading | None:
    which = hit.parts["which"].lower()
    if which.startswith(("latest", "past", "last")):
        return Reading("DATE", relative="shift:-1:year", how="the last business year")
    if which.startswith("next"):
        return Reading("DATE", relative="shift:1:year", how="the next business year")
    return Reading("DATE", relative="shift:0:year", how="this business year")


def read_year_ago_period(hit: Hit, text: str, tense: Direction) -> Reading | None:
    # Company results compare the latest quarter with the same one a year before.
    p = hit.parts
    which = p["which"].lower()
    if which in ("latest", "comparable") and "period" not in p and "quarter" not in p:
        return None
    if which in ("latest", "comparable"):
        return Reading("DATE", relative="shift:-1:quarter", how="the latest quarter")
    if "period" in p:
        return Reading("DATE", relative="shift:-5:quarter", how="the quarter a year before the latest")
    return Reading("DATE", relative="shift:-1:year", how="a year before")


def read_weekend(hit: Hit, text: str, tense: Direction) -> Reading | None:
    shift = hit.parts["shift"].lower()
    direction = {"last": "last", "next": "next", "this": "0"}.get(shift) or _forward(tense())
    return Reading("DATE", relative=f"weekend:{direction}", how="weekend")


read_next_day = read_the_unit

READERS: dict[str, Callable[[Hit, str, Direction], Reading | None]] = {
    name.removeprefix("read_"): reader for name, reader in globals().items() if name.startswith("read_")
}
