"""Who said what, on sentences written here in the shapes news uses to attribute speech."""

from __future__ import annotations

from storyline.language.attribution import find_attributions
from storyline.language.sentences import tokenize_sentences
from storyline.models import Attribution, EntityMention


def mention(text: str, name: str, label: str = "PER", occurrence: int = 0) -> EntityMention:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return EntityMention(start, start + len(name), name, label, entity=name)  # type: ignore[arg-type]


def attribute(text: str, entities: list[EntityMention] | None = None) -> list[Attribution]:
    return find_attributions(text, tokenize_sentences(text), entities or [])


def said(text: str, attribution: Attribution) -> str:
    return text[attribution.start : attribution.end]


def test_quote_then_inverted_speaker_with_appositive_role() -> None:
    text = "“The bridge will open in spring,” said Mara Holt, the city’s transport director."
    [quote] = attribute(text, [mention(text, "Mara Holt")])
    assert quote.kind == "quote"
    assert said(text, quote) == "The bridge will open in spring,"
    assert (quote.speaker, quote.entity, quote.role) == (
        "Mara Holt",
        "Mara Holt",
        "city’s transport director",
    )
    assert not quote.anonymous


def test_quote_spanning_sentences_then_pronoun_resolves_to_last_person() -> None:
    text = 'Deputy Mayor Ivo Tarn visited the site. "It is worse than we thought. We need help," he said.'
    [quote] = attribute(text, [mention(text, "Ivo Tarn")])
    assert said(text, quote) == "It is worse than we thought. We need help,"
    assert quote.speaker == "he"
    assert quote.entity == "Ivo Tarn"


def test_speaker_before_quote_with_colon() -> None:
    text = 'The governor said: "We will rebuild every house."'
    [quote] = attribute(text)
    assert quote.kind == "quote"
    assert said(text, quote) == "We will rebuild every house."
    assert quote.speaker == "The governor"
    assert quote.role == "governor"


def test_unattributed_quote_continues_the_previous_speaker() -> None:
    text = '"We were lucky," said Petra Vos. "Next time we may not be."'
    quotes = attribute(text, [mention(text, "Petra Vos")])
    assert [said(text, q) for q in quotes] == ["We were lucky,", "Next time we may not be."]
    assert {q.entity for q in quotes} == {"Petra Vos"}


def test_reported_speech_with_title_before_the_name() -> None:
    text = "Defence Minister Karl Rebane said on Monday that the troops would stay until March."
    [reported] = attribute(text, [mention(text, "Karl Rebane")])
    assert reported.kind == "reported"
    assert said(text, reported) == "the troops would stay until March"
    assert reported.entity == "Karl Rebane"
    assert reported.role == "Defence Minister"


def test_reported_speech_with_partial_quote_gives_both() -> None:
    text = (
        'A spokesman for the ministry said that "the situation is under control" and that talks would go on.'
    )
    found = attribute(text)
    kinds = sorted(a.kind for a in found)
    assert kinds == ["quote", "reported"]
    quote = next(a for a in found if a.kind == "quote")
    assert said(text, quote) == "the situation is under control"
    assert quote.speaker == "A spokesman for the ministry"
    assert quote.anonymous  # unnamed, indefinite


def test_clause_first_then_speaker_and_told_with_listener() -> None:
    text = "The convoy left the border overnight, an army officer told Reuters."
    [reported] = attribute(text)
    assert said(text, reported) == "The convoy left the border overnight"
    assert reported.cue == "told Reuters"
    assert reported.speaker == "an army officer"
    assert reported.anonymous


def test_according_to() -> None:
    text = "About 300 homes were damaged, according to the regional fire service."
    [reported] = attribute(text)
    assert reported.kind == "according_to"
    assert said(text, reported) == "About 300 homes were damaged"
    assert reported.speaker == "the regional fire service"


def test_anonymous_official_who_asked_not_to_be_named() -> None:
    text = "An official, who asked not to be named, said the plan had been dropped."
    [reported] = attribute(text)
    assert reported.anonymous
    assert said(text, reported) == "the plan had been dropped"


def test_definite_nominal_takes_the_earlier_speaker() -> None:
    text = (
        "A police spokeswoman said the road was closed. "
        '"Drivers should use the northern route," the spokeswoman told reporters.'
    )
    first, second = attribute(text)
    assert second.speaker == "the spokeswoman"
    assert second.role == first.role == "police spokeswoman"
    assert second.anonymous and first.anonymous


def test_organisation_speaker_resolves_to_its_entity() -> None:
    text = "The Harbour Authority said on Tuesday it would reopen the port."
    [reported] = attribute(text, [mention(text, "Harbour Authority", "ORG")])
    assert reported.entity == "Harbour Authority"
    assert said(text, reported) == "it would reopen the port"


def test_pronoun_gender_does_not_cross() -> None:
    text = '"We are ready," said Anna Berg. Minister Tomas Lind arrived later. "So are we," he said.'
    quotes = attribute(text, [mention(text, "Anna Berg"), mention(text, "Tomas Lind")])
    assert [q.entity for q in quotes] == ["Anna Berg", "Tomas Lind"]


def test_not_speech() -> None:
    assert attribute("The war continued to spread. Officials who asked for calm left.") == []
    assert attribute('The word "relocated" was used twice.') == []
    assert attribute("") == []


def test_sentence_openers_are_not_part_of_the_speaker() -> None:
    text = "In April Dana Voss said the plant would close. Now Voss said it would stay open."
    found = attribute(text, [mention(text, "Dana Voss"), mention(text, "Voss", occurrence=1)])
    assert [a.speaker for a in found] == ["Dana Voss", "Voss"]


def test_a_participle_is_no_speaker() -> None:
    assert attribute("Having promised to pay, the company left town.") == []


def test_it_said_resolves_to_the_organisation() -> None:
    text = "Lumen Rail cancelled all trains on Sunday. It said the line would reopen on Monday."
    [reported] = attribute(text, [mention(text, "Lumen Rail", "ORG")])
    assert reported.speaker == "It" and reported.entity == "Lumen Rail"
    assert said(text, reported) == "the line would reopen on Monday"
