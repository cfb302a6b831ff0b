import pytest

from storyline.ingest.line_rules import dateline_agency, ends_like_sentence, is_prose, judge_line


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("1. Skip to content", "ui"),
        ("Share on Facebook", "share"),
        ("Related stories", "related_heading"),
        ("Most read", "related_heading"),
        ("Photo: Jane Roe / The Herald", "credit"),
        ("Image: picture-alliance/dpa/J. Doe", "credit"),
        ("Firefighters at the scene on Monday [File: Jane Roe/Reuters]", "credit"),
        ("© 2024 The Valley Post. All rights reserved.", "copyright"),
        ("We use cookies to improve your experience. By continuing you accept our use of cookies.", "cookie"),
        ("Sign up for our morning newsletter", "cta"),
        ("The post Flood waters recede appeared first on The River Times.", "syndication"),
        ("ab/cd (AFP, Reuters)", "signature"),
        ("(Reporting by Jane Roe; Editing by John Poe)", "contributors"),
        ("John Poe contributed reporting.", "contributors"),
        ("Source: News Agencies", "source_line"),
        ("Tags: floods, rivers", "tags"),
        ("By Jane Roe", "byline"),
        ("March 20, 2026", "date"),
        ("Updated 7 January 2020", "updated"),
        ("A council spokesman said the bridge would reopen next week ...", "teaser"),
        ("---", "separator"),
        ("— The Valley Courier", "signoff"),
    ],
)
def test_each_kind_of_page_furniture_is_recognised(line, role):
    judged = judge_line(line)
    assert judged is not None and judged.role == role


@pytest.mark.parametrize(
    "line",
    [
        "The council said the bridge would reopen next week after engineers finished their checks.",
        "Residents were told to boil water until Friday, the utility said in a statement on Tuesday.",
        "German military reduces troops",
        "Jane Roe, a spokeswoman for the council, said the repairs would take a month.",
        "The photo agency said it would appeal.",
    ],
)
def test_article_sentences_and_headings_are_left_to_the_layout(line):
    assert judge_line(line) is None


def test_values_carried_by_lines():
    assert judge_line("rs/msh  (dpa, Reuters, AFP)").value == ("rs/msh", ["dpa", "Reuters", "AFP"])
    assert judge_line("The post X appeared first on New York Times.").value == "New York Times"
    assert judge_line("DNYUZ © 2026").value == "DNYUZ"
    assert judge_line("Eric Roe and Ann Poe contributed reporting.").value == (
        "contributors",
        ["Eric Roe", "Ann Poe"],
    )
    assert judge_line("January 7, 2020").value == ("2020-01-07", "day")


def test_prose_shape():
    assert is_prose("Water levels fell by two metres overnight, officials said.")
    assert not is_prose("Water levels fall")
    assert ends_like_sentence('He said it was "over."')
    assert not ends_like_sentence("Rivers rise across the north")


def test_wire_dateline_names_its_agency():
    assert dateline_agency("LONDON (Reuters) — Prices rose on Monday.") == "Reuters"
    assert dateline_agency("KESSEL, Valdoria (Northwire) — Officials said.") == "Northwire"
    assert dateline_agency("The minister (left) said on Monday that prices rose.") is None
