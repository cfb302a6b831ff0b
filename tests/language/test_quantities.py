"""The quantity tagger on news-style sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.language.quantities import find_quantities
from storyline.language.sentences import tokenize_sentences


def _only(text: str) -> dict[str, Any]:
    found = find_quantities(text)
    assert len(found) == 1, [q.text for q in found]
    q = found[0]
    assert text[q.start : q.end] == q.text
    return {name: getattr(q, name) for name in q.__slots__}


def _expect(sentence: str, **expected: Any) -> None:
    figure = _only(sentence)
    assert {key: figure[key] for key in expected} == expected, figure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counted nouns, with nationality modifiers and casualty participles
        (
            "The ministry said 5,200 soldiers are based there.",
            dict(text="5,200 soldiers", value=5200, counted="soldiers"),
        ),
        (
            "Officials said 1,300 people killed in the strikes were civilians.",
            dict(value=1300, counted="people killed"),
        ),
        (
            "The estimated 800 Dutch troops will stay.",
            dict(text="The estimated 800 Dutch troops", approximate=True, counted="dutch troops"),
        ),
        (
            "Some 250 trainers, medics and support staff left on Monday.",
            dict(value=250, approximate=True, counted="trainers, medics and support staff"),
        ),
        ("The navy sent 12 U.S. ships to the gulf.", dict(value=12, counted="u.s. ships")),
        ("Officials said 120 US soldiers were hurt.", dict(value=120, counted="us soldiers")),
        ("Rebels sent a 200-strong force north.", dict(value=200, counted="force")),
        ("The strike cost 2 and a half million dollars.", dict(value=2.5e6, kind="money")),
        # approximators
        ("About 40 families were evacuated.", dict(value=40, approximate=True, low=40, high=40)),
        ("Nearly 3,000 homes lost power.", dict(value=3000, approximate=True)),
        ("Roughly 70 buses were checked.", dict(value=70, approximate=True)),
        (
            "An estimated 15,000 fans attended.",
            dict(text="An estimated 15,000 fans", value=15000, approximate=True),
        ),
        ("Police counted 600 or so marchers.", dict(value=600, approximate=True)),
        ("Just over 1,000 runners finished.", dict(value=1000, approximate=True)),
        # bounds
        ("Fewer than 1,000 troops remain.", dict(value=None, low=0, high=999)),
        ("More than 500 people were arrested.", dict(value=None, low=501, high=None)),
        ("At least 26 people died in the blast.", dict(value=None, low=26, high=None)),
        ("The ferry carries up to 400 passengers.", dict(value=None, low=0, high=400, approximate=False)),
        ("The fine was less than $2 million.", dict(value=None, low=0, high=2_000_000, kind="money")),
        # vague amounts
        (
            "The alliance keeps several hundred personnel there.",
            dict(value=None, low=200, high=999, counted="personnel"),
        ),
        ("Dozens of shops were looted.", dict(value=None, low=24, high=119, counted="shops")),
        ("Hundreds of volunteers arrived.", dict(value=None, low=200, high=999)),
        ("Thousands marched through the capital.", dict(value=None, low=2000, high=9999)),
        ("Tens of thousands of voters stayed home.", dict(value=None, low=20000, high=99999)),
        ("The storm cost billions of dollars.", dict(value=None, kind="money", unit="USD", low=2e9)),
        # ranges
        ("Between 10 and 20 workers were hurt.", dict(value=None, low=10, high=20, counted="workers")),
        ("The blast injured 30 to 40 people.", dict(value=None, low=30, high=40)),
        ("The odds are 60-70% at best.", dict(value=None, low=60, high=70, kind="percent")),
        ("Repairs will cost $3-4 billion.", dict(value=None, low=3e9, high=4e9, kind="money")),
        ("One or two boats were missing.", dict(value=None, low=1, high=2)),
        ("The resort caters for the 50-plus crowd.", dict(value=None, low=50, high=None)),
        # ratios
        (
            "The army said 30 out of the 130 personnel would move.",
            dict(value=30, of=130, kind="ratio", counted="personnel"),
        ),
        ("One in five voters is undecided.", dict(value=1, of=5, kind="ratio", counted="voters")),
        ("Two-thirds of the budget goes to salaries.", dict(value=2, of=3, kind="ratio", counted="budget")),
        ("Half of the respondents agreed.", dict(value=1, of=2, kind="ratio")),
        # numbers in words
        ("Fourteen miners were rescued.", dict(value=14, counted="miners")),
        ("The court heard twenty-three witnesses.", dict(value=23)),
        ("Two dozen reporters waited outside.", dict(value=24, counted="reporters")),
        ("The region has 1.5 million residents.", dict(value=1_500_000, counted="residents")),
        ("The appeal reached a million donors.", dict(value=1_000_000, counted="donors")),
        ("Half a million refugees crossed the border.", dict(value=500_000)),
        ("The city has two hundred and fifty thousand homes.", dict(value=250_000)),
        # money
        ("The fund will lend $5 billion.", dict(text="$5 billion", value=5e9, kind="money", unit="USD")),
        ("The club paid €20m for the striker.", dict(value=20e6, kind="money", unit="EUR")),
        ("Profits rose to £1.2bn.", dict(value=1.2e9, kind="money", unit="GBP")),
        ("The deal is worth 5 million dollars.", dict(value=5e6, kind="money", unit="USD")),
        ("Tickets cost 75 cents.", dict(value=0.75, kind="money", unit="USD")),
        ("The council spent # 30,000 on repairs.", dict(value=30000, kind="money", unit="GBP")),
        ("Shares of the bank gained 12 euros.", dict(value=12, kind="money", unit="EUR")),
        # percentages
        ("Inflation rose 12 percent.", dict(value=12, kind="percent", unit="%")),
        ("Inflation rose 12%.", dict(value=12, kind="percent", unit="%")),
        ("Inflation rose 12 per cent.", dict(value=12, kind="percent", unit="%")),
        ("Shares took a 16-percent dive.", dict(value=16, kind="percent")),
        ("The party lost 3 percentage points.", dict(value=3, kind="percent", unit="percentage points")),
        # measures
        ("The pipeline runs 1,200 km across the desert.", dict(value=1200, unit="km")),
        ("The well leaked 60,000 barrels a day.", dict(value=60000, unit="barrels/day")),
        ("Crews collected 300 tonnes of debris.", dict(value=300, unit="tonnes", counted="debris")),
        ("The bomb, weighing 2,400 pounds, was made safe.", dict(value=2400, unit="lb", kind="count")),
        ("The audience was 2.5 m viewers.", dict(value=2.5e6, counted="viewers")),
    ],
)
def test_figures(text: str, expected: dict[str, Any]) -> None:
    _expect(text, **expected)


def test_a_tally_gives_both_counts() -> None:
    found = find_quantities("The bill passed the House 246 to 183 on Friday.")
    assert [q.value for q in found] == [246, 183]


@pytest.mark.parametrize(
    "text",
    [
        "The summit opened on March 20.",
        "The report was published on 20 March 2018.",
        "The law was passed in 2018 after a long debate.",
        "He was last seen on 20/03/2026 near the station.",
        "The meeting starts at 3 p.m. in the town hall.",
        "Talks resumed at 10:30 on Tuesday.",
        "The shooting happened at 1653 GMT.",
        "She finished 29th in the race.",
        "It was the first time, and the second-largest bank agreed.",
        "Call the hotline on 020 7946 0000 for details.",
        "The app was updated to version 3.8.1 overnight.",
        "Leaders of the G20 met in Rome.",
        "The COVID-19 pandemic closed schools.",
        "The F-35 is built in Texas.",
        "The council cited Resolution 1441 in its statement.",
        "Allies invoked Article 5 of the treaty.",
        "A 55-year-old man was arrested.",
        "The suspect, aged 34, was released.",
        "Officials said Maria Lopez, 41, had been released.",
        "President Ortega (74) has ruled since 2007.",
        "The siege lasted 10 days.",
        "The strike entered its third week, after two whole weeks of talks.",
        "One of the victims was a teacher.",
        "No one was hurt, one official said.",
        "The 1990s were quieter.",
        "He has been in the job for three years.",
        "The show airs on BBC Two every week.",
        "Question 2: who won the vote?",
        "Profits rose in the third quarter of 2010.",
        "Sales fell in the second half of the year.",
        "Veterans of the 1914-18 war gathered.",
        "Text your pictures to +447700900123 now.",
        "Test scores rose at the school.",
        "Mary Jones, 11 - trapped for a week - was freed.",
        "Her sons, aged 16 to 21, stayed behind.",
        "The band was big in the 80's.",
        "The drive took two and a half hours.",
        "The clashes on 16-17th June were the worst.",
        "The bank has offices in Kuwait as well as one in Singapore.",
    ],
)
def test_not_figures(text: str) -> None:
    assert find_quantities(text) == [], [q.text for q in find_quantities(text)]


def test_several_figures_in_one_text_with_given_sentences() -> None:
    text = (
        "Around 500 troops left.\nMore than 40 people died in the city on Friday, and 3% of homes lost power."
    )
    found = find_quantities(text, tokenize_sentences(text))
    assert [(q.text, q.kind) for q in found] == [
        ("Around 500 troops", "count"),
        ("More than 40 people", "count"),
        ("3% of homes", "percent"),
    ]
    assert found[1].low == 41 and found[2].counted == "homes"


def test_empty_text() -> None:
    assert find_quantities("") == []


def test_a_participle_before_the_plural_it_describes_is_part_of_what_is_counted() -> None:
    (sirens,) = find_quantities("All 14 of the new warning sirens will sound at noon.")
    assert sirens.counted == "new warning sirens"
    (fleeing,) = find_quantities("More than 5,000 people fleeing the fighting crossed the border.")
    assert fleeing.counted == "people"
