"""The temporal tagger never raises, whatever the text or anchor, and its quick search for
candidates finds exactly what the master pattern finds over the whole text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from storyline.language.timex import resolve_again, tag_times
from storyline.language.timex.patterns import find_hits, find_hits_everywhere

ODD_TEXTS = [
    "",
    " ",
    "\n\n\t",
    "...",
    "?!;:--()''\"\"",
    "0",
    "99999",
    "in 99999 and 0000",
    "year 0000",
    "31/02/2020",
    "00/00/0000",
    "13/13/2013",
    "12/31/99999",
    "2020-02-30",
    "0000-01-01",
    "1999-12-31T25:61",
    "13 p.m. or 0 a.m.",
    "February 30, 2020",
    "Monday, March 32, 2020",
    "the 0th century and the 99th century",
    "fifth quarter of 2020",
    "9999999999999999999999 years ago",
    "10000000000000000000000 days later",
    "9999 years to the day",
    "Dec. 31, 9999 and the next day",
    "Jan. 1, 1600 and the previous day",
    "İstanbul said on Monday",  # lower-cases to two characters
    "ﬁve years ago",
    "Friday " * 500,
    "a" * 5000,
    "1" * 5000,
]
ODD_ANCHORS = [
    None,
    "2020-01-08",
    "0000-01-01",
    "9999-12-31",
    "0001-01-01",
    "2020-02-29",
    "2020-13-45",
    "garbage",
    "9999",
    "2020-W02",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_inputs_never_raise(text: str) -> None:
    for anchor in ODD_ANCHORS:
        for expression in tag_times(text, anchor=anchor):
            assert text[expression.start : expression.end] == expression.text
            assert "-" not in expression.value[:1]  # no negative years
            for again in ("0001-01-01", "9999-12-31", "nonsense"):
                resolve_again(expression, again)


def test_impossible_days_are_not_dates() -> None:
    for text in ("31/02/2020", "February 30, 2020", "2020-02-30", "02/29/2021"):
        assert tag_times(text, anchor="2020-01-08") == [], text
    assert [t.value for t in tag_times("It opened on 29/02/2020.", anchor="2020-03-08")] == ["2020-02-29"]


def test_random_junk_never_raises() -> None:
    pieces = (
        "0 1 9 12 31 99 2020 1999 / - . , : ' a.m. p.m. Jan. May March Friday the next day years ago".split()
    )
    chooser = random.Random(7)
    for _ in range(300):
        text = " ".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 12)))
        tag_times(text, anchor=chooser.choice(ODD_ANCHORS))


def test_quick_search_finds_what_the_full_scan_finds() -> None:
    text = (
        "No more than a couple of weeks after the 1990s ended, about three-quarters of the staff left. "
        "The latest quarter, the year-ago period and the comparable season all fell; the minister said "
        "at 5 p.m. EST on Friday, Dec. 4, 1998 that talks would resume in the spring of 2001, twice a year."
    )
    assert [(h.start, h.end, h.rule) for h in find_hits(text)] == [
        (h.start, h.end, h.rule) for h in find_hits_everywhere(text)
    ]


def test_quick_search_on_real_news(t17_dir: Path) -> None:
    files = sorted(t17_dir.glob("*/InputDocs/*/*"))[::233]  # a spread of twenty articles
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        fast = [(h.start, h.end, h.rule) for h in find_hits(text)]
        assert fast == [(h.start, h.end, h.rule) for h in find_hits_everywhere(text)], path.name
        tag_times(text, anchor=path.parent.name)
