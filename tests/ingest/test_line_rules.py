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


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("Image source, Getty Images", "credit"),
        ("Image caption, Engineers inspect the gate on Monday", "credit"),
        ("Jane Roe / Staff", "credit"),
        ("READ MORE: Council votes to close the pier", "inline_link"),
        ("The views expressed are the author's own.", "disclaimer"),
        ("Sources", "references"),
        ("News | Sport | Contact us", "ui"),
        ("3 hours ago", "ui"),
        ("1 of 5", "ui"),
        ("We value your privacy", "cookie"),
        ("This is a developing story and will be updated.", "note"),
        ("Copy link https://example.org/a/b", "url_line"),
        ("This article appears in the April 2025 print edition with the headline “Keepers”.", "edition_note"),
    ],
)
def test_more_page_furniture(line, role):
    judged = judge_line(line)
    assert judged is not None and judged.role == role


def test_table_rows_and_sentences_about_copyright_are_not_furniture():
    assert judge_line("Dunhallow | £865 | £1,049 | +21.3%") is None
    assert judge_line("Try reading the bill instead of committing a copyright violation.") is None


def test_dates_with_times_bylines_and_numeric_forms():
    from storyline.ingest.date_lines import parse_date_line

    assert judge_line("Posted on March 5, 2025 by Dave Roe").names == ["Dave Roe"]
    assert parse_date_line("Published 6:30 a.m. ET March 11, 2025 | Updated 9:12 a.m. ET") == (
        "2025-03-11",
        "day",
    )
    assert parse_date_line("12.03.2025") == ("2025-03-12", "day")  # dots: day first
    assert parse_date_line("03/14/2025") == ("2025-03-14", "day")  # only one reading
    assert parse_date_line("03/04/2025") is None  # two readings: no guess


def test_credits_split_authors_and_contributors():
    role = judge_line(
        "Reporting by Ana Roe and Li Qiao in Varenna; Additional reporting by Petra Novak; Editing by Jo Poe"
    )
    assert role.value == ("author", ["Ana Roe", "Li Qiao"]) and role.names == ["Petra Novak"]
    assert judge_line("Staff writer Jamal Whit contributed reporting.").value == (
        "contributors",
        ["Jamal Whit"],
    )


def test_copyright_holder_is_the_name_not_the_company():
    from storyline.ingest.line_rules import copyright_holder

    assert (
        copyright_holder("© 2025 Northern Ledger Media Group Limited or its affiliated companies.")
        == "Northern Ledger"
    )
    assert (
        copyright_holder("Copyright © 2025 Lake Press, a division of Northway Media Group.") == "Lake Press"
    )
