"""Dates as Storyline stores them: ISO text of a day ("2020-01-07"), a month ("2020-01") or a year
("2020"), with the precision beside it. Every stage that needs a calendar day asks here, so that a
month or a year is never mistaken for a day, nor makes anything fail.

>>> day_of("2020-01-07"), day_of("2020-01")
(datetime.date(2020, 1, 7), None)
>>> days_covered("2020-02")
(datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))
"""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["day_of", "days_covered"]


def day_of(value: str | None) -> date | None:
    """The day an ISO date of a day's precision (or finer: "2020-01-07T10:00") names; None for a
    month, a year, or anything that is not such a date."""
    if not value or len(value) < 10 or value[4] != "-":
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def days_covered(value: str | None) -> tuple[date, date] | None:
    """The first and last day an ISO day, month or year covers; None for anything else."""
    day = day_of(value)
    if day is not None:
        return day, day
    try:
        if value and len(value) == 7 and value[4] == "-":
            year, month = int(value[:4]), int(value[5:])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if value and len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None
