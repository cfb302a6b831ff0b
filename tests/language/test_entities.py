"""The shipped entity tagger on news-style sentences written for these tests."""

from __future__ import annotations

import pytest

from storyline.language.entities import MODEL_PATH, EntityRecognizer
from storyline.language.sentences import tokenize_sentences


@pytest.fixture(scope="module")
def recognizer() -> EntityRecognizer:
    return EntityRecognizer.load()


def mentions(recognizer: EntityRecognizer, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in recognizer.find(text, tokenize_sentences(text))]


def test_shipped_model_loads_and_is_small() -> None:
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size <= 20_000_000
    assert EntityRecognizer.load() is EntityRecognizer.load()  # cached


def test_title_before_a_name_is_not_part_of_it(recognizer: EntityRecognizer) -> None:
    found = mentions(recognizer, "Defence Minister Maria Ostrova said on Tuesday that the talks had failed.")
    assert ("Maria Ostrova", "PER") in found


def test_spokesperson_before_a_name(recognizer: EntityRecognizer) -> None:
    found = mentions(recognizer, "A spokesperson, Daniel Okafor, declined to comment on the report.")
    assert ("Daniel Okafor", "PER") in found


def test_us_is_a_place_and_nato_an_organisation(recognizer: EntityRecognizer) -> None:
    found = mentions(recognizer, "The U.S. asked NATO allies to send more air defence systems to Poland.")
    assert ("U.S.", "LOC") in found
    assert ("NATO", "ORG") in found
    assert ("Poland", "LOC") in found


@pytest.mark.parametrize("opening", ["LONDON (Reuters) -", "PARIS —", "GENEVA, Switzerland (AP) —"])
def test_capital_city_in_a_dateline(recognizer: EntityRecognizer, opening: str) -> None:
    found = mentions(recognizer, opening + " Ministers met on Monday to discuss the budget.")
    assert found and found[0][1] == "LOC" and found[0][0].isupper()
    assert found[0][0] == opening.split()[0].rstrip(",")


def test_place_in_a_dateline(recognizer: EntityRecognizer) -> None:
    found = mentions(
        recognizer, "NAIROBI, Kenya (Reuters) - Heavy rain flooded parts of the capital on Monday."
    )
    assert ("Kenya", "LOC") in found
    assert any(label == "LOC" and text.upper() == "NAIROBI" for text, label in found)


def test_organisation_with_a_head_word(recognizer: EntityRecognizer) -> None:
    found = mentions(
        recognizer, "Shares of Northwind Holdings fell after the European Central Bank raised rates."
    )
    assert ("European Central Bank", "ORG") in found


def test_names_on_separate_lines_are_not_merged(recognizer: EntityRecognizer) -> None:
    text = "Reporting by Anna Berg\nJohn Mensah in Accra contributed to this report."
    found = recognizer.find(text, tokenize_sentences(text))
    assert all("\n" not in m.text for m in found)
    assert ("Anna Berg", "PER") in [(m.text, m.label) for m in found]


def test_offsets_point_into_the_text(recognizer: EntityRecognizer) -> None:
    text = "  Talks in Geneva ended.\n\nOfficials from Iran and the United Nations attended."
    for mention in recognizer.find(text, tokenize_sentences(text)):
        assert text[mention.start : mention.end] == mention.text == mention.entity
        assert mention.source == "model"


def test_a_name_keeps_its_type_across_the_document(recognizer: EntityRecognizer) -> None:
    sentences = [
        "Talks between Halvorsen Energy and the unions broke down on Friday .".split(),
        "Halvorsen said it would appeal .".split(),
        "A lawyer for Halvorsen declined to comment .".split(),
    ]
    tags = recognizer.tag_tokens(sentences)
    labels = {tags[0][2][2:], tags[1][0][2:], tags[2][3][2:]}
    assert len(labels) == 1 and labels != {""}


def test_empty_input(recognizer: EntityRecognizer) -> None:
    assert recognizer.tag_tokens([]) == []
    assert recognizer.tag_tokens([[]]) == [[]]
    assert recognizer.find("", []) == []


def test_very_long_sentence(recognizer: EntityRecognizer) -> None:
    words = ("Officials in Lagos said the count would continue , and".split()) * 300
    [tags] = recognizer.tag_tokens([words])
    assert len(tags) == len(words)
    assert tags[2] == "B-LOC"


def test_tags_are_well_formed_iob2(recognizer: EntityRecognizer) -> None:
    words = "Mr. Jean-Claude Dupont of Renault met Gov. Lisa Park in Sacramento , California .".split()
    [tags] = recognizer.tag_tokens([words])
    previous = "O"
    for tag in tags:
        assert tag == "O" or tag[:2] in ("B-", "I-") and tag[2:] in ("PER", "ORG", "LOC")
        if tag.startswith("I-"):
            assert previous[2:] == tag[2:]
        previous = tag


def test_acronym_in_brackets_takes_the_type_of_the_name(recognizer: EntityRecognizer) -> None:
    found = mentions(recognizer, "The Northern Water Authority (NWA) said supplies were safe.")
    assert ("Northern Water Authority", "ORG") in found
    assert ("NWA", "ORG") in found


def test_titles_are_left_out_of_person_names(recognizer: EntityRecognizer) -> None:
    found = mentions(recognizer, "Mr Okonkwo told reporters that Pope Leo would visit in May.")
    assert ("Okonkwo", "PER") in found
    assert all(not text.startswith(("Mr", "Pope")) for text, _ in found)


def test_place_in_an_all_capitals_headline(recognizer: EntityRecognizer) -> None:
    [tags] = recognizer.tag_tokens([["FLOODS", "FORCE", "THOUSANDS", "TO", "FLEE", "IN", "BANGLADESH"]])
    assert tags[:5] == ["O"] * 5
    assert tags[6] == "B-LOC"
