"""Resolving a relative form against an anchor date: the small grammar behind `relative`.

A relative form is a colon-separated string, resolved against an anchor date (the article's
date, a given one, or the previous expression's). Direction `-1` / `+1` means the nearest one on
or before / on or after the anchor (chosen from tense); `last` / `next` mean strictly before /
after ("last Friday", "next March"); `0` means the one in the anchor's own week or year; `~` the
nearest one either way; `~-1` / `~+1` the one in the anchor's year when it is within two months of
the anchor, else as -1 / +1 (a month or day without a year: "in March", "by Jan. 14").

    shift:N:UNIT        the anchor's day/week/weekend/month/quarter/year/decade/century moved by N
                        units: "yesterday" shift:-1:day, "this month" shift:0:month,
                        "six years ago" shift:-6:year (a value at the unit's precision)
    offset:DURATION     the anchor's day moved by an exact ISO duration: "23 years to the day"
                        offset:-P23Y
    weekend:D           a weekend: "over the weekend" weekend:-1 (the ISO week's, "2020-W02-WE")
    weekday:D:XX        a named weekday (MO..SU): "said Friday" weekday:-1:FR; "would reopen
                        Friday" after a report weekday:~:FR (the nearest Friday either way)
    month:D:MM          a month without a year: "in March" month:-1:03
    monthday:D:MM-DD    a day without a year: "March 20" monthday:-1:03-20
    part:D:P[:Y]        a part of a year without a year: quarter Q1..Q4, half H1/H2, season
                        SP/SU/FA/WI: "the third quarter" part:-1:Q3; Y years added after:
                        "the year-ago third quarter" part:-1:Q3:-1
    quarterin:YYYY      the quarter a results story reports, in a given year: "the 1988 quarter"
    year:D:YY           a two-digit year: "'98" year:0:98 (the century nearest the anchor)
    previous:N:UNIT     like shift, but from the previous expression's date: "the next day"
                        previous:+1:day (resolve_again uses the anchor it is given)

Any form may end in "@" plus a time: "@TMO" (morning, also AF/EV/NI) or "@T15:00", giving
"2020-01-06TMO". An anchor missing the precision a form needs yields X placeholders
("XXXX-XX-XX", "2020-XX"), the TIMEX3 way of writing an unknown part.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAY_NUMBERS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
NEAR_MONTHS = 2  # a month or day this close to the anchor is in its year, whatever the tense
_ANCHOR = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_KINDS = frozenset("shift offset weekend weekday month monthday part quarterin year previous".split())
_DURATION = re.compile(r"(-?)P(\d+)([YMWD])")


@dataclass(slots=True, frozen=True)
class Anchor:
    """An anchor date at its precision: month and day are None when unknown."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> Anchor:
        """Read an ISO date at any precision; anything else is an unknown anchor.

        >>> Anchor.parse("2020-01-07T09:30")
        Anchor(year=2020, month=1, day=7)
        """
        match = _ANCHOR.match(value or "")
        if not match:
            return cls(None)
        year, month, day = (int(part) if part else None for part in match.groups())
        if year is None or not dt.MINYEAR <= year <= dt.MAXYEAR:
            return cls(None)
        if month is not None and not 1 <= month <= 12:
            month = day = None
        if day is not None and month is not None:
            try:
                dt.date(year or 2000, month, day)
            except ValueError:
                day = None
        return cls(year, month, day)

    @property
    def date(self) -> dt.date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


def resolve(relative: str, anchor: Anchor) -> str:
    """The TIMEX3 value of a relative form at `anchor` (X placeholders where it falls short).

    >>> resolve("weekday:-1:FR@TMO", Anchor.parse("2020-01-07"))
    '2020-01-03TMO'
    >>> resolve("shift:-1:year", Anchor(None))
    'XXXX'
    """
    kind = relative.partition(":")[0]
    if kind not in _KINDS:
        raise ValueError(f"unknown relative form {relative!r}")
    try:
        value = _resolve(relative, anchor)
    except (ValueError, OverflowError):
        value = "-"
    if value[:1] == "-" or (len(value) > 4 and value[:5].isdigit()):  # before year 0 or after 9999
        return "XXXX-XX-XX"
    return value


def _resolve(relative: str, anchor: Anchor) -> str:
    form, _, time_of_day = relative.partition("@")
    kind, _, rest = form.partition(":")
    if kind == "offset":
        value = _offset(rest, anchor)
    elif kind == "quarterin":
        value = _quarter_in(int(rest), anchor)
    elif kind == "weekend":
        value = _weekend(rest, anchor)
    else:
        direction, _, what = rest.partition(":")
        if kind in ("shift", "previous"):
            value = _shift(int(direction), what, anchor)
        elif kind == "weekday":
            value = _weekday(direction, what, anchor)
        elif kind == "month":
            value = _month(direction, int(what), anchor)
        elif kind == "monthday":
            month, day = (int(part) for part in what.split("-"))
            value = _month_day(direction, month, day, anchor)
        elif kind == "part":
            part, _, years = what.partition(":")
            value = _part(direction, part, anchor)
            if years and value[:4].isdigit():
                value = f"{int(value[:4]) + int(years):04d}{value[4:]}"
        elif kind == "year":
            value = _two_digit_year(int(what), anchor)
        else:
            raise ValueError(f"unknown relative form {relative!r}")
    return value + time_of_day if time_of_day else value


def _shift(amount: int, unit: str, anchor: Anchor) -> str:
    year, month, date = anchor.year, anchor.month, anchor.date
    if unit == "day":
        return (date + dt.timedelta(days=amount)).isoformat() if date else "XXXX-XX-XX"
    if unit in ("week", "weekend"):
        if date is None:
            return "XXXX-WXX" + ("-WE" if unit == "weekend" else "")
        iso = (date + dt.timedelta(weeks=amount)).isocalendar()
        return f"{iso.year}-W{iso.week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        if year is None or month is None:
            return f"{year}-XX" if year is not None and amount == 0 else "XXXX-XX"
        index = year * 12 + month - 1 + amount
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if unit == "quarter":
        if year is None or month is None:
            return "XXXX-QX"
        index = year * 4 + (month - 1) // 3 + amount
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "half":
        if year is None or month is None:
            return "XXXX-HX"
        index = year * 2 + (month - 1) // 6 + amount
        return f"{index // 2:04d}-H{index % 2 + 1}"
    if year is None:
        return {"year": "XXXX", "decade": "XXX", "century": "XX"}.get(unit, "XXXX")
    if unit == "decade":
        return f"{year // 10 + amount:03d}"
    if unit == "century":
        return f"{year // 100 + amount:02d}"
    return f"{year + amount:04d}"


def _quarter_in(year: int, anchor: Anchor) -> str:
    # "the 1988 quarter" in a results story: the quarter just reported, in that year.
    if anchor.month is None:
        return f"{year:04d}-QX"
    quarter = (anchor.month - 1) // 3 or 4
    return f"{year:04d}-Q{quarter}"


def _weekend(direction: str, anchor: Anchor) -> str:
    date = anchor.date
    if date is None:
        return "XXXX-WXX-WE"
    if direction in ("-1", "last"):  # the last weekend that began on or before the anchor
        date -= dt.timedelta(
            days=(date.weekday() - 5) % 7 + (7 if direction == "last" and date.weekday() >= 5 else 0)
        )
    elif direction in ("+1", "next"):
        date += dt.timedelta(days=(5 - date.weekday()) % 7 or (7 if direction == "next" else 0))
    iso = date.isocalendar()
    return f"{iso.year}-W{iso.week:02d}-WE"


def _offset(duration: str, anchor: Anchor) -> str:
    match = _DURATION.fullmatch(duration)
    date = anchor.date
    if match is None or date is None:
        return "XXXX-XX-XX"
    sign = -1 if match.group(1) else 1
    amount, unit = sign * int(match.group(2)), match.group(3)
    if unit in ("D", "W"):
        return (date + dt.timedelta(days=amount * (7 if unit == "W" else 1))).isoformat()
    months = amount * (12 if unit == "Y" else 1)
    index = date.year * 12 + date.month - 1 + months
    year, month = index // 12, index % 12 + 1
    day = min(date.day, _days_in_month(year, month))
    return dt.date(year, month, day).isoformat()


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _weekday(direction: str, name: str, anchor: Anchor) -> str:
    date = anchor.date
    if date is None:
        return "XXXX-XX-XX"
    target = WEEKDAY_NUMBERS[name]
    if direction == "0":  # the one in the anchor's week
        return (date + dt.timedelta(days=target - date.weekday())).isoformat()
    back = (date.weekday() - target) % 7
    ahead = (target - date.weekday()) % 7
    if direction == "last":
        back = back or 7
    if direction == "next":
        ahead = ahead or 7
    if direction == "~":  # the nearest either way
        return (date + dt.timedelta(days=-back if back < ahead else ahead)).isoformat()
    moved = -back if direction in ("-1", "last") else ahead
    return (date + dt.timedelta(days=moved)).isoformat()


def _choose_year(direction: str, month: int, anchor: Anchor, *, same_month_counts: bool = True) -> int | None:
    # Which year a month without one falls in: the anchor's, or the one before or after so that
    # it lies on the side of the anchor the tense (or "last"/"next") says.
    year, anchor_month = anchor.year, anchor.month
    if year is None:
        return None
    if direction == "0" or anchor_month is None:
        return year
    if direction == "~":  # the nearest: a month more than half a year away is another year's
        return year - 1 if month - anchor_month > 6 else year + 1 if anchor_month - month > 6 else year
    if direction.startswith("~"):  # the nearest when close to the anchor, else the tense decides
        ahead, back = (month - anchor_month) % 12, (anchor_month - month) % 12
        if min(ahead, back) <= NEAR_MONTHS:  # "in January" written in November: the coming one
            if ahead < back and month < anchor_month:
                return year + 1
            if back < ahead and month > anchor_month:  # "in November" written in January
                return year - 1
            return year
        direction = direction[1:]
    if direction in ("-1", "last"):
        strict = direction == "last" or not same_month_counts
        return year if month < anchor_month or (month == anchor_month and not strict) else year - 1
    strict = direction == "next" or not same_month_counts
    return year if month > anchor_month or (month == anchor_month and not strict) else year + 1


def _month(direction: str, month: int, anchor: Anchor) -> str:
    year = _choose_year(direction, month, anchor)
    return f"{year:04d}-{month:02d}" if year is not None else f"XXXX-{month:02d}"


def _month_day(direction: str, month: int, day: int, anchor: Anchor) -> str:
    year = anchor.year
    if year is None:
        return f"XXXX-{month:02d}-{day:02d}"
    if direction.startswith("y"):  # "y-1": the anchor's year shifted, as in "8 April last year"
        return f"{year + int(direction[1:]):04d}-{month:02d}-{day:02d}"
    date = anchor.date
    if direction != "0" and date is not None:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return f"{year:04d}-{month:02d}-{day:02d}"
        gap = (candidate - date).days
        near = min(abs(gap), 366 - abs(gap))  # around the turn of the year too
        if direction.startswith("~") and (direction == "~" or near <= NEAR_MONTHS * 31):
            year += -1 if gap > 183 else 1 if gap < -183 else 0
            direction = "0"
        direction = direction.lstrip("~")
        if direction == "0":
            pass
        elif direction in ("-1", "last") and (
            candidate > date or (direction == "last" and candidate == date)
        ):
            year -= 1
        elif direction in ("+1", "next") and (
            candidate < date or (direction == "next" and candidate == date)
        ):
            year += 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def _part(direction: str, part: str, anchor: Anchor) -> str:
    if part in SEASON_START_MONTH:
        month = SEASON_START_MONTH[part]
    elif part[0] == "Q":
        month = 3 * int(part[1]) - 2
    else:  # H1, H2
        month = 6 * int(part[1]) - 5
    year = _choose_year(direction, month, anchor)
    return f"{year:04d}-{part}" if year is not None else f"XXXX-{part}"


def _two_digit_year(short: int, anchor: Anchor) -> str:
    if anchor.year is None:
        return f"XX{short:02d}"
    century = anchor.year // 100 * 100
    candidates = (century - 100 + short, century + short, century + 100 + short)
    return f"{min(candidates, key=lambda year: abs(year - (anchor.year or 0))):04d}"
