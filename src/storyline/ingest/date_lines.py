"""Publication dates as pages print them: date lines, metadata values, feed and front-matter dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from storyline.models import Precision

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?:\s*(?:,|at|-|–|\|)?\s*\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*UTC[+-]?\d*|\s*GMT[+-]?\d*|\s*[A-Z]{2,5})?)?"
# "Published 6:30 a.m. ET March 11, 2025": a time before the date is dropped first.
_LEADING_TIME = re.compile(
    r"^((?:(?:first\s+)?published|posted|updated|last\s+updated)?\s*:?\s*)"
    r"\d{1,2}[:.]\d\d(?![./]\d)\s*(?:[ap]\.?m\.?)?\s*(?-i:[A-Z]{2,4}\b)?\s*[,·|]?\s*",
    re.IGNORECASE,
)
# "Posted on March 5, 2025 by Dave Roe": the names after the date.
_TRAILING_BYLINE = re.compile(
    r"\s+by\s+(?P<names>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3})*)$"
)
_LEAD = r"(?:(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|last\s+updated(?:\s+on)?|date)?\s*:?\s*"

_DATE_FORMS = [
    re.compile(rf"^{_LEAD}{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I),
    re.compile(rf"^{_LEAD}{_WEEKDAY}{_DAY}\.?\s+{_MONTH},?\s+{_YEAR}{_TIME}", re.I),
    re.compile(
        rf"^{_LEAD}(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?:[T ]\d\d:\d\d(?::\d\d)?\S*)?", re.I
    ),
    # Dots are a day-first convention (12.03.2025); slashes are written both ways.
    re.compile(rf"^{_LEAD}(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.{_YEAR}{_TIME}", re.I),
    re.compile(rf"^{_LEAD}(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/{_YEAR}{_TIME}", re.I),
    re.compile(rf"^{_LEAD}{_MONTH}\s+{_YEAR}", re.I),
]
_UPDATED_ONLY = re.compile(r"^\s*(last\s+)?updated\b", re.I)


def parse_date_line(line: str) -> tuple[str, Precision] | None:
    """A line that is nothing but a date (with optional weekday, time, 'Published:'): its ISO date.

    >>> parse_date_line("January 7, 2020")
    ('2020-01-07', 'day')
    """
    text = line.strip().strip("|·•-–— ")
    if not text or len(text) > 100:
        return None
    text = _LEADING_TIME.sub(r"\1", text) if text[:1].isdigit() or text[:1].isalpha() else text
    text = _TRAILING_BYLINE.sub("", text)
    for form in _DATE_FORMS:
        match = form.match(text)
        if not match:
            continue
        rest = text[match.end() :].strip(" .,|·•-–—")
        # "Published April 9, 2024 Updated April 10, 2024": the first date is the publication.
        if rest and not re.match(r"(?:updated|last updated|published)\b", rest, re.I):
            return None
        return _iso(match.groupdict())
    return None


def byline_after_date(line: str) -> str | None:
    """The names in "Posted on March 5, 2025 by Dave Roe"."""
    match = _TRAILING_BYLINE.search(line.strip())
    return match.group("names") if match else None


def is_updated_line(line: str) -> bool:
    return bool(_UPDATED_ONLY.match(line))


def _iso(parts: dict[str, Any]) -> tuple[str, Precision] | None:
    if "first" in parts:
        # Numeric dates: 03/14/2025 can only be month first, 14/03/2025 only day first; 03/04/2025
        # could be either, and a guess is not a date.
        first, second = int(parts["first"]), int(parts["second"])
        if first > 12 >= second:
            parts = {"day": parts["first"], "month": parts["second"], "year": parts["year"]}
        elif second > 12 >= first:
            parts = {"day": parts["second"], "month": parts["first"], "year": parts["year"]}
        elif first == second:
            parts = {"day": parts["first"], "month": parts["second"], "year": parts["year"]}
        else:
            return None
    month_text = parts["month"].lower().rstrip(".")
    month = MONTHS.get(month_text) or (int(month_text) if month_text.isdigit() else 0)
    year = int(parts["year"])
    day = parts.get("day")
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    try:
        return dt.date(year, month, int(day)).isoformat(), "day"
    except ValueError:
        return None


def normalise_date_value(value: Any) -> tuple[str, Precision] | None:
    """Any metadata date (YAML date, datetime, ISO string, RFC 822, '2020', '2020-01') to ISO + precision."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    if isinstance(value, int) and 1000 <= value <= 9999:
        return f"{value:04d}", "year"
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := re.fullmatch(r"((?:1[89]|20)\d\d)", text):
        return match.group(1), "year"
    if match := re.fullmatch(r"((?:1[89]|20)\d\d)-(0[1-9]|1[0-2])", text):
        return text, "month"
    if match := re.match(r"((?:1[89]|20)\d\d)-(\d\d)-(\d\d)", text):
        try:
            return dt.date(*map(int, match.groups())).isoformat(), "day"
        except ValueError:
            return None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date().isoformat(), "day"
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return parse_date_line(text)
