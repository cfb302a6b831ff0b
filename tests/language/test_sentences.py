"""Sentence splitting on the quirks of news text; every case is written here, in news style."""

from __future__ import annotations

import pytest

from storyline.language.sentences import split_sentences, tokenize_sentences


def sentences_of(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "VALDORA (AFP) — The U.S. envoy arrived on Jan. 5. Talks began at once.",
            ["VALDORA (AFP) — The U.S. envoy arrived on Jan. 5.", "Talks began at once."],
        ),
        (
            "Maj. Gen. Ed Yates met Sgt. Jones and Lt. Col. Ruiz. They spoke for an hour.",
            ["Maj. Gen. Ed Yates met Sgt. Jones and Lt. Col. Ruiz.", "They spoke for an hour."],
        ),
        (
            "He lives at No. 10 and works at No. 12. Nobody minds.",
            ["He lives at No. 10 and works at No. 12.", "Nobody minds."],
        ),
        ("Prices rose approx. five percent in March.", ["Prices rose approx. five percent in March."]),
        (
            "The money went to the U.S. The rest stayed home.",
            ["The money went to the U.S.", "The rest stayed home."],
        ),
        ("The U.S. Army left the base.", ["The U.S. Army left the base."]),
        (
            '"We are done. It is over," she said. Others disagreed.',
            ['"We are done.', 'It is over," she said.', "Others disagreed."],
        ),
        ("They left!He stayed? (She went.) Fine.", ["They left!He stayed?", "(She went.)", "Fine."]),
    ],
)
def test_news_quirks(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_lines_are_sentence_breaks_for_headlines_and_bullets() -> None:
    text = "Dam reopens after repairs\n\nThe lake is filling.\n- first point\n- second point\n"
    assert sentences_of(text) == [
        "Dam reopens after repairs",
        "The lake is filling.",
        "- first point",
        "- second point",
    ]


def test_opening_quote_moves_to_the_sentence_it_opens() -> None:
    text = 'The minister left. "We will return," he said.'
    assert sentences_of(text) == ["The minister left.", '"We will return," he said.']


def test_offsets_and_tokens_point_into_the_text() -> None:
    text = "  First one here.\n\n  Second, with a comma.  "
    sentences = tokenize_sentences(text)
    assert [text[s.start : s.end] for s in sentences] == ["First one here.", "Second, with a comma."]
    for sentence in sentences:
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text
        assert sentence.tokens[0].start == sentence.start and sentence.tokens[-1].end == sentence.end


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


def test_seed_articles_split_cleanly(seeds_dir, store) -> None:
    """On real reports: no sentence starts in lower case or ends on a title or a dangling quote."""
    from storyline.ingest import ingest
    from storyline.language.sentences import NON_FINAL_ABBREVIATIONS, OPENING_PUNCTUATION

    ingest([str(seeds_dir)], store)
    count = 0
    for article in store.iter_articles():
        for sentence in tokenize_sentences(article.text):
            words = [t.text for t in sentence.tokens]
            count += 1
            assert not words[0][:1].islower(), words
            # A straight quote may close a sentence; an opening mark that is not ambiguous may not.
            assert words[-1] not in OPENING_PUNCTUATION - {'"'} or len(words) == 1, words
            if len(words) >= 2 and words[-1] == ".":
                assert words[-2].lower() not in NON_FINAL_ABBREVIATIONS, words
    assert count > 80
