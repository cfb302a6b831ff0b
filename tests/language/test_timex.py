"""The temporal tagger on news-style sentences written for these tests."""

from __future__ import annotations

import pytest

from storyline.language.timex import resolve_again, tag_times
from storyline.language.timex.anchor import Anchor, resolve
from storyline.language.timex.normalise import duration_value, parse_number

# A Wednesday.
ANCHOR = "2020-01-08"


def values(text: str, anchor: str | None = ANCHOR) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag_times(text, anchor=anchor)]


def only(text: str, anchor: str | None = ANCHOR) -> tuple[str, str, str]:
    found = values(text, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The minister said Friday that talks had failed.", ("Friday", "DATE", "2020-01-03")),
        ("The council will meet Friday to vote on the budget.", ("Friday", "DATE", "2020-01-10")),
        ("The summit is to be held Friday in Geneva.", ("Friday", "DATE", "2020-01-10")),
        ("Protesters gathered on Tuesday outside parliament.", ("Tuesday", "DATE", "2020-01-07")),
        (
            "Police announced Monday morning that two men were held.",
            ("Monday morning", "TIME", "2020-01-06TMO"),
        ),
        ("The strike ended last Wednesday.", ("last Wednesday", "DATE", "2020-01-01")),
        ("Voting begins next Monday.", ("next Monday", "DATE", "2020-01-13")),
    ],
)
def test_weekdays_point_the_way_the_tense_does(sentence: str, expected: tuple[str, str, str]) -> None:
    assert only(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Prices rose sharply last week.", ("last week", "DATE", "2020-W01")),
        ("Exports fell earlier this month.", ("earlier this month", "DATE", "2020-01")),
        ("The firm was founded in 2018.", ("2018", "DATE", "2018")),
        ("Debt will peak at the end of 2011.", ("the end of 2011", "DATE", "2011")),
        (
            "The bridge opened 23 years to the day after the war ended.",
            ("23 years to the day", "DATE", "1997-01-08"),
        ),
        ("The mine closed six years ago.", ("six years ago", "DATE", "2014")),
        ("Repairs are due to start in mid-March.", ("mid-March", "DATE", "2020-03")),
        ("The deal was signed on March 20.", ("March 20", "DATE", "2019-03-20")),
        ("The deal will be signed on March 20.", ("March 20", "DATE", "2020-03-20")),
        ("The deal was signed on Jan. 20.", ("Jan. 20", "DATE", "2020-01-20")),
        ("The ship sailed on Jan. 5 from Lagos.", ("Jan. 5", "DATE", "2020-01-05")),
        ("The filing is dated 2020-01-07.", ("2020-01-07", "DATE", "2020-01-07")),
        ("Growth was slow in the 1990s.", ("the 1990s", "DATE", "199")),
        ("Sales have doubled this year.", ("this year", "DATE", "2020")),
        ("Sales doubled last year.", ("last year", "DATE", "2019")),
        ("The mayor resigned yesterday.", ("yesterday", "DATE", "2020-01-07")),
        ("The report is published today.", ("today", "DATE", "2020-01-08")),
        ("The talks are now in their third round.", ("now", "DATE", "PRESENT_REF")),
        ("The agency recently changed its rules.", ("recently", "DATE", "PAST_REF")),
        ("The vote is set for 3 p.m. on Thursday.", ("3 p.m. on Thursday", "TIME", "2020-01-09T15:00")),
        ("Profit fell in the third quarter.", ("the third quarter", "DATE", "2019-Q3")),
        ("Building starts this summer.", ("this summer", "DATE", "2020-SU")),
        ("Revenue for fiscal 1998 was flat.", ("fiscal 1998", "DATE", "1998")),
        ("The 2018 law was repealed.", ("2018", "DATE", "2018")),
        ("In nineteen ninety-one the wall came down.", ("nineteen ninety-one", "DATE", "1991")),
    ],
)
def test_dates(sentence: str, expected: tuple[str, str, str]) -> None:
    assert only(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The region has had no rain for three months.", ("three months", "DURATION", "P3M")),
        ("He was given a two-year sentence.", ("two-year", "DURATION", "P2Y")),
        ("Nine people died in the past 24 hours.", ("the past 24 hours", "DURATION", "PT24H")),
        ("The siege lasted twenty-five days.", ("twenty-five days", "DURATION", "P25D")),
        ("The ceasefire held for about two years.", ("about two years", "DURATION", "P2Y")),
        ("The dispute has simmered for decades.", ("decades", "DURATION", "PXDE")),
        ("The talks lasted 2 1/2 years.", ("2 1/2 years", "DURATION", "P2Y6M")),
        ("The festival is held every year in June.", ("every year", "SET", "P1Y")),
        ("The board meets weekly.", ("weekly", "SET", "P1W")),
    ],
)
def test_durations_and_sets(sentence: str, expected: tuple[str, str, str]) -> None:
    assert values(sentence)[0] == expected


def test_a_day_followed_by_which_year_takes_that_year() -> None:
    assert values("The town emptied on 8 April last year.")[0] == ("8 April", "DATE", "2019-04-08")
    assert values("It reopens on 3 March next year.")[0] == ("3 March", "DATE", "2021-03-03")


def test_an_attribution_after_a_comma_does_not_date_the_clause() -> None:
    # "said" tags the clause; the clause's own "will" decides which January it is.
    assert values("The lake will be full by late September, engineers said.")[0][2] == "2020-09"
    assert values("The talks ended on Friday, officials said.")[0][2] == "2020-01-03"


def test_numeric_dates_are_day_first_only_when_they_must_be() -> None:
    assert only("The ruling of 20/03/2026 stands.")[2] == "2026-03-20"
    assert only("The ruling of 3/20/2026 stands.")[2] == "2026-03-20"
    assert only("The ruling of 3/4/2026 stands.")[2] == "2026-03-04"  # US order when both could be months


def test_the_next_day_follows_the_previous_date() -> None:
    found = tag_times(
        "The rebels entered the city on June 3, 2019. The next day they took the airport.", anchor=ANCHOR
    )
    assert [(t.text, t.value, t.anchor_source) for t in found] == [
        ("June 3, 2019", "2019-06-03", None),
        ("The next day", "2019-06-04", "previous"),
    ]


def test_undated_articles_get_placeholders_that_resolve_again_fills() -> None:
    found = tag_times("The minister resigned on Tuesday and will leave office in March.")
    assert [(t.text, t.value) for t in found] == [("Tuesday", "XXXX-XX-XX"), ("March", "XXXX-03")]
    assert all(t.anchor is None and t.anchor_source is None for t in found)
    again = [resolve_again(t, "2020-01-08") for t in found]
    assert [(t.value, t.anchor, t.anchor_source) for t in again] == [
        ("2020-01-07", "2020-01-08", "inferred"),
        ("2020-03", "2020-01-08", "inferred"),
    ]
    absolute = tag_times("It happened in 1999.")[0]
    assert absolute.relative is None and resolve_again(absolute, "2020-01-08") is absolute


def test_anchor_at_lower_precision() -> None:
    assert only("Sales doubled last year.", anchor="2020")[2] == "2019"
    assert only("The mayor resigned yesterday.", anchor="2020-01")[2] == "XXXX-XX-XX"


def test_expressions_carry_offsets_relative_form_and_rule() -> None:
    text = "Officials said Friday that the plant will reopen."
    (found,) = tag_times(text, anchor=ANCHOR, anchor_source="published")
    assert text[found.start : found.end] == "Friday"
    assert found.relative == "weekday:-1:FR"
    assert (found.anchor, found.anchor_source) == (ANCHOR, "published")
    assert found.rule.startswith("weekday_part")


@pytest.mark.parametrize(
    "sentence",
    [
        "The government may raise taxes.",
        "Thousands march through the capital.",
        "The March on Washington drew thousands.",
        "The company hired 1,000 workers.",
        "Call 555-2020 for tickets.",
        "The 45-year-old driver was unhurt.",
        "The firm raised its quarterly dividend.",
        "Shares fell 2012 points.",
    ],
)
def test_things_that_are_not_times(sentence: str) -> None:
    assert values(sentence) == []


def test_number_words_and_durations() -> None:
    assert parse_number("twenty-five") == 25
    assert parse_number("a couple of") == 2
    assert parse_number("several") is None
    assert duration_value(3, "months") == "P3M"
    assert duration_value(90, "minutes") == "PT90M"
    assert duration_value(None, "weeks") == "PXW"


def test_relative_grammar() -> None:
    anchor = Anchor.parse("2020-01-08T10:00")
    assert resolve("shift:-1:month", anchor) == "2019-12"
    assert resolve("shift:0:quarter", anchor) == "2020-Q1"
    assert resolve("weekday:+1:WE", anchor) == "2020-01-08"
    assert resolve("weekday:next:WE", anchor) == "2020-01-15"
    assert resolve("month:~:12", anchor) == "2019-12"
    assert resolve("offset:-P1M", Anchor.parse("2020-03-31")) == "2020-02-29"
    assert resolve("weekend:-1", anchor) == "2020-W01-WE"
    with pytest.raises(ValueError):
        resolve("nonsense:1", anchor)


def test_future_seen_from_a_past_report_follows_the_day_of_the_report() -> None:
    # Anchor Thursday 2024-03-14: reported on Tuesday the 12th, "until Friday" is the 15th.
    text = "The authority said on Tuesday that the harbour would stay closed until Friday."
    found = [(t.text, t.value, t.anchor_source) for t in tag_times(text, anchor="2024-03-14")]
    assert found == [("Tuesday", "2024-03-12", "given"), ("Friday", "2024-03-15", "previous")]
    # Read on Saturday the 16th, the same Friday is now in the past: still the 15th.
    later = tag_times(text, anchor="2024-03-16")
    assert [t.value for t in later] == ["2024-03-12", "2024-03-15"]


@pytest.mark.parametrize(
    ("sentence", "anchor", "value"),
    [
        # no day of the report in the sentence: the nearest Friday to the article's date
        ("The authority said the harbour would stay closed until Friday.", "2024-03-14", "2024-03-15"),
        ("The authority said the harbour would stay closed until Friday.", "2024-03-16", "2024-03-15"),
        ("The ministers will meet Friday.", "2024-03-14", "2024-03-15"),
        ("The ministers will meet Friday.", "2024-03-16", "2024-03-22"),
        ("The minister said Friday that the talks had failed.", "2024-03-14", "2024-03-08"),
        ("The minister said Friday that the talks had failed.", "2024-03-16", "2024-03-15"),
        ("The hearing was postponed until Tuesday.", "2024-03-14", "2024-03-19"),
        ("The deadline had been due to expire Friday.", "2024-03-18", "2024-03-15"),
        ("Trading is set to resume Monday.", "2024-03-14", "2024-03-18"),
        ("Shops will stay closed on Monday.", "2024-03-14", "2024-03-18"),
        # a past intention with "to" before the day points forward; after it, or without "to", not
        ("The delegation planned to leave Kabul on Thursday.", "2024-03-12", "2024-03-14"),
        ("On Thursday, the delegation planned to leave Kabul.", "2024-03-12", "2024-03-07"),
        ("The firm agreed in June to buy its rival.", "2024-03-12", "2023-06"),
        ("The convoy could leave as soon as Tuesday, officials said.", "2024-03-14", "2024-03-19"),
    ],
)
def test_tense_cues(sentence: str, anchor: str, value: str) -> None:
    assert [t.value for t in tag_times(sentence, anchor=anchor)] == [value]


def test_parts_of_days_and_weekly_sets() -> None:
    assert only("Fighting resumed on Friday evening.") == ("Friday evening", "TIME", "2020-01-03TEV")
    assert only("The show airs on Friday nights.") == ("Friday nights", "SET", "XXXX-WXX-5TNI")
    assert only("Prayers are held every Friday.") == ("every Friday", "SET", "XXXX-WXX-5")


@pytest.mark.parametrize(
    "sentence",
    [
        "Iraq imports about three-quarters of its food.",
        "The airline runs four flights a week to the island.",
        "Guards are posted outside the building 24 hours a day.",
        "The prisoner was soon released.",
    ],
)
def test_fractions_rates_and_sequences_are_not_times(sentence: str) -> None:
    found = [t for t in tag_times(sentence, anchor=ANCHOR) if t.type != "DURATION" or "24" not in t.text]
    assert found == [], found


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        # a month near the anchor across the turn of the year is the nearest one
        ("The plant will reopen in January.", "2019-11-20", ("January", "DATE", "2020-01")),
        ("Sales fell in November.", "2020-01-10", ("November", "DATE", "2019-11")),
        ("Prices have doubled over the past year.", "2020-06-10", ("the past year", "DATE", "2019")),
        ("Sales are expected to rise 8% annually.", "2020-06-10", None),
        ("A result could take a matter of days.", "2020-06-10", None),
    ],
)
def test_months_near_the_turn_of_the_year_and_more(
    sentence: str, anchor: str, expected: tuple[str, str, str] | None
) -> None:
    found = values(sentence, anchor)
    assert found == ([expected] if expected else [])


def test_the_following_year_follows_the_date_before_it() -> None:
    found = values("He was promoted on May 22, 1995, and the following year he retired.", "2020-06-10")
    assert found == [("May 22, 1995", "DATE", "1995-05-22"), ("the following year", "DATE", "1996")]


def test_a_clock_is_on_the_day_its_sentence_names() -> None:
    found = values("The blast occurred at about 10:35 a.m. (0735 GMT) Friday, police said.", "1998-08-08")
    assert found == [("10:35 a.m.", "TIME", "1998-08-07T10:35"), ("Friday", "DATE", "1998-08-07")]
    assert values("The vote closes at 5 p.m.", "1998-08-08") == [("5 p.m.", "TIME", "1998-08-08T17:00")]
    assert values("It was high noon for the coalition.", "1998-08-08") == []


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The relatives have until 9 a.m. Tuesday to sign the paper.", "2000-04-04T09:00"),
        ("Until Thursday, the police had not named a suspect.", "2000-03-30"),
    ],
)
def test_until_a_deadline_points_forward_but_not_opening_a_sentence(sentence: str, value: str) -> None:
    assert [t.value for t in tag_times(sentence, anchor="2000-04-03")] == [value]


def test_that_year_is_the_year_just_told() -> None:
    found = values("She left for Florida in June 1998 and returned later that year.", "2000-01-28")
    assert found == [("June 1998", "DATE", "1998-06"), ("later that year", "DATE", "1998")]
    expression = tag_times("In 1988 sales rose; that year profits fell.", anchor="2000-01-28")[1]
    assert (expression.value, expression.anchor, expression.anchor_source) == ("1988", "1988", "previous")


def test_next_to_is_a_place_not_a_future() -> None:
    text = "A bomb ripped through a building next to the embassy in Nairobi on Friday."
    assert [t.value for t in tag_times(text, anchor="1998-08-08")] == ["1998-08-07"]
