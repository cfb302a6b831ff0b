"""What a figure is about: measure, place, status, era and news day, read from its sentence."""

from __future__ import annotations

from datetime import date

from storyline.claims.subjects import FigureSubject, figure_subject
from storyline.models import EntityMention


def subject_of(
    sentence: str, figure: str, counted: str | None, head: str, places: tuple[str, ...] = ()
) -> FigureSubject:
    start = sentence.index(figure)
    mentions = []
    for place in places:
        at = sentence.index(place)
        mentions.append(EntityMention(at, at + len(place), place, "LOC"))
    return figure_subject(
        sentence, (0, len(sentence)), (start, start + len(figure)), counted, head, mentions, "2009-04-28"
    )


def test_deaths_are_one_measure_whatever_the_noun() -> None:
    killed = subject_of(
        "The virus has killed 81 people in Mexico.", "81 people", "people", "people", ("Mexico",)
    )
    deaths = subject_of("Mexico reported 81 deaths on the day.", "81 deaths", "deaths", "death", ("Mexico",))
    bare = subject_of("The outbreak has now killed 81 in Mexico.", "81", None, "", ("Mexico",))
    assert killed.measure == deaths.measure == bare.measure == "death"
    assert killed.place == deaths.place == bare.place == "mexico"
    assert killed.news_day == date(2009, 4, 28) and killed.day_slack == 0


def test_people_who_caught_it_are_cases_and_suspected_is_not_confirmed() -> None:
    infected = subject_of(
        "The flu has infected 226 people across 30 states.", "226 people", "people", "people"
    )
    suspected = subject_of(
        "Spain had 26 suspected cases under observation.", "26 suspected cases", "suspected cases", "case"
    )
    assert infected.measure == suspected.measure == "case"
    assert suspected.status == "suspected" and infected.status is None


def test_a_list_of_places_names_none_in_particular() -> None:
    sentence = "The flu has infected 20 people in California, Kansas, Texas and Ohio."
    listed = subject_of(sentence, "20 people", "people", "people", ("California", "Kansas", "Texas", "Ohio"))
    one = subject_of(
        "There are six confirmed cases in Canada.",
        "six confirmed cases",
        "confirmed cases",
        "case",
        ("Canada",),
    )
    assert listed.place is None and one.place == "canada"


def test_a_place_the_figure_is_not_in_is_not_its_place() -> None:
    sentence = "The deployment is led by the US, which has 5,200 soldiers stationed at bases."
    assert subject_of(sentence, "5,200 soldiers", "soldiers", "personnel", ("US",)).place is None


def test_past_and_typical_years_and_populations_are_settled_not_news() -> None:
    past = subject_of(
        "In 1968 a flu pandemic killed about 1 million people.", "about 1 million people", "people", "people"
    )
    typical = subject_of(
        "Seasonal flu kills 250,000 to 500,000 people a year.",
        "250,000 to 500,000 people",
        "people",
        "people",
    )
    city = subject_of("Traffic in the city of 20 million was brisk.", "20 million", None, "")
    assert (past.era, past.news_day) == ("1968", None)
    assert typical.era == "typical year" and typical.news_day is None
    assert (city.era, city.measure) == ("settled", "population")


def test_yesterdays_tally_and_the_earlier_figure_hold_on_the_day_before() -> None:
    yesterday = subject_of(
        "The agency yesterday confirmed 787 infections.", "787 infections", "infections", "infection"
    )
    earlier = subject_of("Cases rose to 1,626, up from 1,364.", "1,364", None, "")
    today = subject_of("Cases rose to 1,626, up from 1,364.", "1,626", None, "")
    assert yesterday.news_day == earlier.news_day == date(2009, 4, 27)
    assert today.news_day == date(2009, 4, 28)


def test_a_count_of_people_in_one_event_holds_for_days_and_other_figures_for_the_episode() -> None:
    ordered = subject_of(
        "Officials ordered 4,000 residents to leave.", "4,000 residents", "residents", "people"
    )
    sirens = subject_of("The town installed 14 sirens.", "14 sirens", "sirens", "siren")
    assert ordered.measure == "people" and ordered.day_slack > 0
    assert sirens.news_day is None and sirens.measure == "siren"
