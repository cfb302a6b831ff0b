"""Entity linking inside an article and canonical names across articles, on mentions built by hand."""

from __future__ import annotations

import re

import pytest

from storyline.language.entities.linking import canonical_name, is_demonym, link_mentions
from storyline.language.sentences import tokenize_sentences
from storyline.models import EntityMention


def found(text: str, *spec: tuple[str, str] | tuple[str, str, int]) -> list[EntityMention]:
    """Tagger output for a test: (surface, label) or (surface, label, nth occurrence from 0)."""
    mentions = []
    for surface, label, *nth in spec:
        matches = list(re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text))
        match = matches[nth[0] if nth else 0]
        mentions.append(EntityMention(match.start(), match.end(), surface, label))  # type: ignore[arg-type]
    return mentions


def link(text: str, *spec: tuple[str, str] | tuple[str, str, int]) -> list[EntityMention]:
    return link_mentions(text, found(text, *spec), tokenize_sentences(text))


def table(mentions: list[EntityMention]) -> list[tuple[str, str, str, str]]:
    return [(m.text, m.label, m.entity, m.source) for m in mentions]


def test_surnames_and_titled_short_forms_take_the_full_name_and_repeats_are_added():
    text = (
        "Foreign Minister Anna Lindqvist arrived in Oslo on Monday. Lindqvist said talks would resume. "
        "Later, Ms Lindqvist met reporters, and Lindqvist left."
    )
    result = link(
        text, ("Anna Lindqvist", "PER"), ("Oslo", "LOC"), ("Lindqvist", "PER", 1), ("Ms Lindqvist", "PER")
    )
    assert table(result) == [
        ("Anna Lindqvist", "PER", "Anna Lindqvist", "model"),
        ("Oslo", "LOC", "Oslo", "model"),
        ("Lindqvist", "PER", "Anna Lindqvist", "model"),
        ("Ms Lindqvist", "PER", "Anna Lindqvist", "model"),
        ("Lindqvist", "PER", "Anna Lindqvist", "rule"),
    ]


def test_acronym_defined_in_brackets_links_and_its_repeats_are_added():
    text = "The International Grain Council (IGC) cut its forecast. The IGC blamed drought in Kenya."
    result = link(text, ("International Grain Council", "ORG"), ("Kenya", "LOC"))
    assert [(m.text, m.entity) for m in result] == [
        ("International Grain Council", "International Grain Council"),
        ("IGC", "International Grain Council"),
        ("IGC", "International Grain Council"),
        ("Kenya", "Kenya"),
    ]


def test_acronym_made_of_the_initials_of_a_longer_name_links_without_brackets():
    text = "The Coastal Fisheries Board met on Friday. A CFB spokesman declined to comment."
    result = link(text, ("Coastal Fisheries Board", "ORG"), ("CFB", "ORG"))
    assert {m.entity for m in result} == {"Coastal Fisheries Board"}


def test_country_aliases_link_and_a_known_country_is_a_place_whatever_the_tagger_said():
    text = "The United States said on Friday that U.S. troops would stay. The US embassy was closed."
    result = link(text, ("United States", "ORG"), ("U.S.", "LOC"), ("US", "ORG"))
    assert {(m.text, m.label, m.entity) for m in result} == {
        ("United States", "LOC", "United States"),
        ("U.S.", "LOC", "United States"),
        ("US", "LOC", "United States"),
    }


def test_possessive_is_trimmed_from_the_span_and_the_name():
    text = "NATO’s chief spoke in Brussels."
    (nato, brussels) = link(text, ("NATO’s", "ORG"), ("Brussels", "LOC"))
    assert (nato.start, nato.end, nato.text, nato.entity) == (0, 4, "NATO", "NATO")
    assert brussels.entity == "Brussels"


def test_lower_case_words_at_the_ends_of_a_span_are_not_part_of_the_name():
    text = "Flooding left Dunmore cut off, officials at Dunmore airport said."
    result = link(text, ("left Dunmore", "LOC"), ("Dunmore airport", "LOC"))
    assert [(m.text, m.entity) for m in result] == [("Dunmore", "Dunmore"), ("Dunmore", "Dunmore")]


def test_label_conflict_goes_to_the_majority():
    text = "Halvorsen Group shares fell. Halvorsen Group said profits dropped. Halvorsen Group will cut jobs."
    result = link(
        text, ("Halvorsen Group", "ORG"), ("Halvorsen Group", "PER", 1), ("Halvorsen Group", "ORG", 2)
    )
    assert {m.label for m in result} == {"ORG"}


def test_a_one_word_name_the_text_places_somewhere_is_a_place_unless_titled():
    text = "Residents of Dunmore were told to leave. Schools in Dunmore stayed shut."
    assert {m.label for m in link(text, ("Dunmore", "PER"), ("Dunmore", "PER", 1))} == {"LOC"}
    text = "Mr Dunmore lives in a village near the coast. Dunmore said he would stay."
    assert {m.label for m in link(text, ("Dunmore", "PER"), ("Dunmore", "PER", 1))} == {"PER"}


def test_a_surname_shared_by_two_people_links_to_neither_and_is_not_repeated():
    text = "John Carter and Mary Carter both ran. Carter won the vote, and Carter conceded."
    result = link(text, ("John Carter", "PER"), ("Mary Carter", "PER"), ("Carter", "PER", 2))
    assert [m.entity for m in result] == ["John Carter", "Mary Carter", "Carter"]


def test_one_letter_spelling_variants_of_a_full_name_are_one_person():
    text = "Qassem Soleimani was killed on Friday. Qasem Soleimani had led the force since 1998."
    result = link(text, ("Qassem Soleimani", "PER"), ("Qasem Soleimani", "PER"))
    assert {m.entity for m in result} == {"Qassem Soleimani"}
    text = "Anna Berg and Anne Berg are sisters."
    assert [m.entity for m in link(text, ("Anna Berg", "PER"), ("Anne Berg", "PER"))] == [
        "Anna Berg",
        "Anne Berg",
    ]


def test_nationality_adjectives_are_dropped():
    text = "Iraqi forces and U.S.-Israeli strikes were discussed in Baghdad."
    assert table(link(text, ("Iraqi", "LOC"), ("U.S.-Israeli", "LOC"), ("Baghdad", "LOC"))) == [
        ("Baghdad", "LOC", "Baghdad", "model")
    ]


def test_definite_descriptions_link_to_the_only_fitting_organisation_named_before():
    text = (
        "The alliance was not yet named. NATO said on Tuesday it would stay. The alliance has 500 trainers, "
        "and the defence alliance will review them. The rival alliance in the east said nothing."
    )
    result = link(text, ("NATO", "ORG"))
    assert [(m.text, m.source) for m in result if m.entity == "NATO"] == [
        ("NATO", "model"),
        ("The alliance", "coreference"),
        ("the defence alliance", "coreference"),
    ]


def test_descriptions_stay_unlinked_when_two_organisations_fit_or_a_clause_names_another():
    text = "The Ministry of Health and the Ministry of Finance met. The ministry said nothing."
    result = link(text, ("Ministry of Health", "ORG"), ("Ministry of Finance", "ORG"))
    assert all(m.source == "model" for m in result)
    text = (
        "The Dam Safety Board approved the work. The board that oversees the dam met later. The board agreed."
    )
    result = link(text, ("Dam Safety Board", "ORG"))
    assert [m.text for m in result if m.source == "coreference"] == ["The board"]
    assert result[-1].start == text.index("The board agreed")


def test_a_capitalised_class_noun_the_tagger_took_for_a_name_joins_its_organisation():
    text = "NATO moved its staff. Alliance spokesperson Jo Hart said the move was temporary."
    result = link(text, ("NATO", "ORG"), ("Alliance", "ORG"), ("Jo Hart", "PER"))
    assert [m.entity for m in result] == ["NATO", "NATO", "Jo Hart"]


def test_repeats_are_not_added_inside_longer_names_or_for_common_words_opening_a_sentence():
    text = (
        "Residents of Kessel left on Monday. The Kessel Courier reported it. Tom Young spoke. "
        "Young voters stayed home, and young families left. Mr Young stayed."
    )
    result = link(text, ("Kessel", "LOC"), ("Tom Young", "PER"))
    assert [(m.text, m.source) for m in result] == [
        ("Kessel", "model"),
        ("Tom Young", "model"),
        ("Young", "rule"),  # after "Mr", which is a title, not part of a longer name
    ]


def test_lines_in_capitals_get_no_repeats_and_the_mixed_case_name_is_displayed():
    text = "KESSEL TOWN EMPTIED AS DAM CRACKS\nKESSEL, Valdoria - Residents of Kessel left."
    result = link(text, ("KESSEL", "LOC", 1), ("Kessel", "LOC"), ("Valdoria", "LOC"))
    assert [(m.start, m.entity) for m in result] == [(34, "Kessel"), (42, "Valdoria"), (66, "Kessel")]


def test_inputs_are_not_changed_and_nothing_in_gives_nothing_out():
    text = "Jens Stoltenberg met Stoltenberg's staff."
    mentions = found(text, ("Jens Stoltenberg", "PER"), ("Stoltenberg's", "PER"))
    before = [(m.start, m.end, m.text, m.entity) for m in mentions]
    link_mentions(text, mentions, tokenize_sentences(text))
    assert [(m.start, m.end, m.text, m.entity) for m in mentions] == before
    assert link_mentions(text, [], tokenize_sentences(text)) == []


@pytest.mark.parametrize(
    ("name", "label", "canonical"),
    [
        ("  the  U.S. ", "LOC", "United States"),
        ("America", "LOC", "United States"),
        ("Britain", "LOC", "United Kingdom"),
        ("Russian Federation", "LOC", "Russia"),
        ("Republic of Iraq", "LOC", "Iraq"),
        ("Islamic Republic of Iran", "LOC", "Iran"),
        ("Türkiye", "LOC", "Turkey"),
        ("Nato’s", "ORG", "NATO"),
        ("North Atlantic Treaty Organization", "ORG", "NATO"),
        ("U.N.", "ORG", "United Nations"),
        ("Agence France-Presse", "ORG", "AFP"),
        ("ISIL", "ORG", "Islamic State"),
        ("The Hague", "LOC", "The Hague"),
        ("The Meridian Post", "ORG", "Meridian Post"),
        ("“Orrin Dam”", "LOC", "Orrin Dam"),
        ("Mr  Jens Stoltenberg", "PER", "Jens Stoltenberg"),
        ("Infrastructure Minister Tomas Reinholt", "PER", "Tomas Reinholt"),
        ("Gen. Alexus Grynkewich", "PER", "Alexus Grynkewich"),
        ("William H. Seely III", "PER", "William H Seely III"),
        ("Pope Francis", "PER", "Pope Francis"),
        ("Stephen King", "PER", "Stephen King"),
        ("Jordan", "PER", "Jordan"),  # a person is never looked up as a country
        ("US", "PER", "US"),
    ],
)
def test_canonical_names(name, label, canonical):
    assert canonical_name(name, label) == canonical


def test_demonyms_come_from_country_names_and_a_short_list():
    assert all(
        map(is_demonym, ["Iraqi", "Hungarian", "Japanese", "Afghan", "Italians", "French", "U.S.-Israeli"])
    )
    assert not any(map(is_demonym, ["Iraq", "Iran", "Hungary", "Erbil", "Jordan", "Dutch Safety Board"]))


def test_a_bracketed_agency_after_a_dateline_is_not_an_acronym_of_the_place():
    text = "NEW YORK (Reuters) - Shares rose in New York on Monday, Reuters reported."
    result = link(text, ("NEW YORK", "LOC"), ("Reuters", "ORG", 1), ("New York", "LOC"))
    assert [(m.text, m.entity) for m in result] == [
        ("NEW YORK", "New York"),
        ("Reuters", "Reuters"),  # the dateline's, added as a repeat of the agency
        ("New York", "New York"),
        ("Reuters", "Reuters"),
    ]


def test_names_with_of_have_no_surname_and_adjectives_are_never_surnames():
    text = "The Princess of Wales visited Wales. Top Libyan officials met Libyan rebels."
    result = link(text, ("Princess of Wales", "PER"), ("Wales", "LOC", 1), ("Top Libyan", "PER"))
    assert [(m.text, m.entity) for m in result] == [
        ("Princess of Wales", "Princess of Wales"),
        ("Wales", "Wales"),
        ("Top Libyan", "Top Libyan"),  # the tagger's span stays; "Libyan" is not repeated as a surname
    ]


@pytest.mark.parametrize(
    ("name", "label", "canonical"),
    [
        ("us", "LOC", "us"),  # a pronoun the tagger took for the country
        ("Congo", "LOC", "Congo"),  # either Congo: left as written
        ("ANDERSON COOPER", "PER", "Anderson Cooper"),
        ("Deputy Prime Minister Nick Clegg", "PER", "Nick Clegg"),
        ("Secretary of State Jo Hart", "PER", "Jo Hart"),
        ("Lance Corporal", "PER", "Lance Corporal"),  # nothing but titles
        ("State Street", "PER", "State Street"),
    ],
)
def test_canonical_names_left_alone_or_tidied(name, label, canonical):
    assert canonical_name(name, label) == canonical


def test_a_name_made_of_place_words_is_a_place():
    text = "Lake Orrin fell by a metre. Church Hill flooded. Fiona Hill testified. Quay Street closed."
    result = link(
        text, ("Lake Orrin", "PER"), ("Church Hill", "ORG"), ("Fiona Hill", "PER"), ("Quay Street", "ORG")
    )
    assert [(m.text, m.label) for m in result] == [
        ("Lake Orrin", "LOC"),
        ("Church Hill", "LOC"),
        ("Fiona Hill", "PER"),  # "Hill" is a surname as often as a place
        ("Quay Street", "LOC"),
    ]


def test_a_known_short_name_is_not_read_as_the_initials_of_a_longer_one():
    text = "The US Senate voted on Friday. The US will send aid, America's envoy said."
    result = link(text, ("US Senate", "ORG"), ("US", "LOC", 1), ("America", "LOC"))
    assert [(m.text, m.label, m.entity) for m in result] == [
        ("US Senate", "ORG", "US Senate"),
        ("US", "LOC", "United States"),
        ("America", "LOC", "United States"),
    ]
