"""Copy detection on invented reports: what counts as a copy, what does not, and the bookkeeping."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from storyline.models import CopyLink
from storyline.stories.copies import (
    SIGNATURE_BYTES,
    CopyCandidate,
    CopyIndex,
    normalised_words,
    signature,
)

# An invented wire story, ten paragraphs.
WIRE = [
    "Rescue teams in the river town of Calder Mills worked through the night on Tuesday after a "
    "road bridge gave way under the weight of a lorry, sending three vehicles into the water.",
    "Two people were confirmed dead and four others were taken to hospital with injuries, the "
    "regional emergency service said in a statement released shortly before midnight.",
    '"We are still searching the banks downstream and we will not stop until everyone is '
    'accounted for," said fire chief Marta Ilves, who is leading the operation.',
    "The bridge, built in 1962, carried the main road between the town and the coastal "
    "motorway and was used by about nine thousand vehicles a day, according to transport officials.",
    "An inspection last spring had found corrosion in two of its steel supports, and repairs were "
    "scheduled to begin next month, the council confirmed on Wednesday morning.",
    "Residents said they had complained for years about cracks in the road surface and the "
    "rattling of the railings whenever heavy trucks crossed the span at speed.",
    "The transport minister, Oskar Varga, travelled to the site and promised a full inquiry into "
    "how the structure had been allowed to remain open to freight traffic.",
    "Divers from the navy joined the search at dawn, and a crane was brought from the port to lift "
    "the lorry's trailer, which lay on its side in shallow water near the eastern pier.",
    "Schools in Calder Mills will stay closed on Thursday, and a temporary ferry service is being "
    "organised for commuters who relied on the crossing to reach the industrial park.",
    "The disaster is the worst of its kind in the region since a footbridge collapse in the "
    "northern hills killed five hikers in the autumn of 2009.",
]
STORY = "\n\n".join(WIRE)

# The same event told by another outlet in its own words: the facts agree, the sentences do not.
OWN_WORDS = "\n\n".join(
    [
        "A bridge in Calder Mills collapsed late on Tuesday as a lorry was crossing it, and three "
        "vehicles plunged into the river below.",
        "Emergency services said two people had died. Four more were injured and are being treated "
        "in hospital, a spokesman told reporters at the scene.",
        "Fire chief Marta Ilves said search teams would keep looking along the river until every "
        "person was found, as divers from the navy arrived on Wednesday.",
        "Officials said the 1962 structure was a vital link to the coastal motorway, crossed by "
        "roughly nine thousand cars and trucks each day.",
        "Corrosion had been spotted in the steel supports during an inspection last year, the local "
        "council admitted, adding that repair work had been planned for next month.",
        "Transport minister Oskar Varga visited the wreckage and announced an inquiry into why "
        "heavy goods vehicles were still allowed to use it.",
        "Local schools will be shut on Thursday while a ferry is arranged for people who work at "
        "the industrial park on the other bank.",
    ]
)


def candidate(
    article_id: str, text: str, published: str | None = "2024-05-14", **fields: object
) -> CopyCandidate:
    return CopyCandidate(id=article_id, text=text, published=published, **fields)  # type: ignore[arg-type]


def linked(*candidates: CopyCandidate) -> CopyIndex:
    index = CopyIndex()
    for arrival, item in enumerate(candidates):
        item.arrival = arrival
        index.add(item)
    return index


def test_exact_copy_under_another_title_links_to_the_earlier_article() -> None:
    index = linked(
        candidate("wire", STORY, outlet="Agency", title="Bridge collapses"),
        candidate("paper", STORY, "2024-05-15", outlet="Daily Courier", title="Tragedy at Calder Mills"),
    )
    assert index.link("wire") is None
    link = index.link("paper")
    assert link is not None
    assert (link.copy_of, link.kind, link.similarity) == ("wire", "exact", 1.0)
    assert "same text as wire" in link.evidence


def test_a_story_cut_short_is_a_partial_copy() -> None:
    cut = "\n\n".join(WIRE[:4])
    index = linked(candidate("wire", STORY), candidate("short", cut, "2024-05-15"))
    link = index.link("short")
    assert link is not None and link.copy_of == "wire"
    assert link.kind == "partial"
    assert link.similarity is not None and link.similarity >= 0.8


def test_a_story_with_an_added_paragraph_is_a_copy() -> None:
    local = (
        "Our reporter in the county town said the queue for the temporary ferry stretched past the "
        "old market hall by seven o'clock, with many people carrying bicycles aboard."
    )
    index = linked(candidate("wire", STORY), candidate("extended", STORY + "\n\n" + local, "2024-05-15"))
    link = index.link("extended")
    assert link is not None and link.copy_of == "wire"
    assert link.kind in ("near", "partial")


def test_a_lightly_edited_story_is_a_near_copy() -> None:
    edited = list(WIRE)
    edited[1] = edited[1].replace("four others", "five others").replace("shortly", "just")
    edited[6] = edited[6].replace("promised", "pledged")
    edited[3], edited[4] = edited[4], edited[3]
    del edited[8]
    index = linked(candidate("wire", STORY), candidate("edited", "\n\n".join(edited), "2024-05-15"))
    link = index.link("edited")
    assert link is not None and (link.copy_of, link.kind) == ("wire", "near")


def test_a_new_title_and_first_line_still_make_a_copy() -> None:
    retitled = "\n\n".join(
        ["Tragedy on the river: what we know so far about the Calder Mills bridge."] + WIRE[1:]
    )
    index = linked(
        candidate("wire", STORY), candidate("retitled", retitled, "2024-05-15", title="What we know")
    )
    link = index.link("retitled")
    assert link is not None and (link.copy_of, link.kind) == ("wire", "near")


def test_two_reports_of_one_event_in_their_own_words_are_not_copies() -> None:
    index = linked(candidate("wire", STORY), candidate("own", OWN_WORDS, "2024-05-15"))
    assert index.links() == []


def test_a_republication_links_to_the_named_outlet_when_the_store_has_it() -> None:
    index = linked(
        candidate("times", STORY, outlet="The New York Times"),
        # Published "earlier" by the aggregator's clock: the notice still names the original.
        candidate("aggregator", STORY, "2024-05-13", outlet="Aggregator", original_outlet="New York Times"),
    )
    link = index.link("aggregator")
    assert link is not None
    assert (link.copy_of, link.kind, link.original_outlet) == ("times", "republication", "New York Times")
    assert index.link("times") is None


def test_a_republication_of_an_outlet_not_in_the_store_has_no_copy_of() -> None:
    index = linked(candidate("aggregator", STORY, outlet="Aggregator", original_outlet="New York Times"))
    assert index.link("aggregator") == CopyLink(
        article="aggregator",
        copy_of=None,
        similarity=None,
        kind="republication",
        original_outlet="New York Times",
        evidence=["says it republishes New York Times, not in the store"],
    )


def test_short_briefs_sharing_a_stock_phrase_are_not_copies() -> None:
    index = linked(
        candidate(
            "brief-1",
            "Police said the investigation was continuing and appealed for witnesses to come forward.",
        ),
        candidate(
            "brief-2",
            "A man was arrested in the harbour district. Police said the investigation was continuing.",
        ),
        candidate("brief-3", "Police said the investigation was continuing."),
        candidate("wire", STORY),
    )
    assert index.links() == []


def test_identical_briefs_are_copies_but_a_few_identical_words_are_not() -> None:
    brief = "Markets in Calder Mills closed early on Tuesday after a power cut hit the trading floor."
    index = linked(
        candidate("a", brief),
        candidate("b", brief, "2024-05-15"),
        candidate("c", "Watch the video."),
        candidate("d", "Watch the video.", "2024-05-15"),
    )
    assert [(link.article, link.copy_of, link.kind) for link in index.links()] == [("b", "a", "exact")]


def test_a_copy_that_arrives_before_its_original_is_linked_when_the_original_comes() -> None:
    index = CopyIndex()
    assert index.add(candidate("copy", STORY, "2024-05-16", arrival=0)) == []
    changed = index.add(candidate("original", STORY, "2024-05-14", arrival=1))
    assert [(link.article, link.copy_of) for link in changed] == [("copy", "original")]
    assert index.link("original") is None


def test_the_earliest_version_becomes_the_original_when_it_arrives_last() -> None:
    index = linked(
        candidate("second", STORY, "2024-05-15"),
        candidate("third", STORY, "2024-05-16"),
        candidate("first", STORY, "2024-05-14"),
    )
    assert {link.article: link.copy_of for link in index.links()} == {"second": "first", "third": "first"}


def test_ties_in_date_go_to_the_article_that_arrived_first() -> None:
    index = linked(candidate("early", STORY), candidate("late", STORY))
    assert [(link.article, link.copy_of) for link in index.links()] == [("late", "early")]
    assert "early reached the store first" in index.links()[0].evidence


def test_a_cut_of_a_cut_links_to_the_full_story() -> None:
    index = linked(
        candidate("full", STORY, "2024-05-14"),
        candidate("half", "\n\n".join(WIRE[:6]), "2024-05-15"),
        candidate("quarter", "\n\n".join(WIRE[:3]), "2024-05-16"),
    )
    assert {link.article: link.copy_of for link in index.links()} == {"half": "full", "quarter": "full"}


def test_two_stories_on_one_live_page_do_not_become_copies_of_each_other() -> None:
    live_page = STORY + "\n\n" + OWN_WORDS
    index = linked(
        candidate("wire", STORY, "2024-05-14"),
        candidate("live", live_page, "2024-05-15"),
        candidate("own", OWN_WORDS, "2024-05-16"),
    )
    links = {link.article: link.copy_of for link in index.links()}
    # The later report is all on the live page, and the live page took the wire story; but the
    # report is not a copy of the wire story.
    assert links == {"live": "wire", "own": "live"}


def test_one_opening_and_one_agency_credit_lower_the_bar_for_a_wire_copy() -> None:
    # The same first paragraphs, then each outlet's own reporting (a little over half in common).
    shared = "\n\n".join(WIRE[:6])
    rest_a = "\n\n".join(WIRE[6:])
    index_without = linked(
        candidate("a", shared + "\n\n" + rest_a, outlet="Courier"),
        candidate("b", shared + "\n\n" + OWN_WORDS, "2024-05-15", outlet="Gazette"),
    )
    assert index_without.links() == []
    index_with = linked(
        candidate("a", shared + "\n\n" + rest_a, outlet="Courier", agencies=["AP"]),
        candidate("b", shared + "\n\n" + OWN_WORDS, "2024-05-15", outlet="Gazette", agencies=["AP"]),
    )
    [link] = index_with.links()
    assert (link.article, link.copy_of, link.kind) == ("b", "a", "partial")
    assert any("both credit ap" in reason for reason in link.evidence)


def test_add_returns_only_links_that_are_new_or_changed() -> None:
    index = CopyIndex()
    index.add(candidate("first", STORY, arrival=0))
    [link] = index.add(candidate("second", STORY, "2024-05-15", arrival=1))
    assert link.article == "second"
    changed = index.add(candidate("third", STORY, "2024-05-16", arrival=2))
    assert [link.article for link in changed] == ["third"]


def test_rebuilding_from_stored_signatures_gives_the_same_links() -> None:
    items = [
        candidate("wire", STORY, outlet="Agency"),
        candidate("own", OWN_WORDS, outlet="Courier"),
        candidate("cut", "\n\n".join(WIRE[:5]), "2024-05-15", outlet="Gazette"),
        candidate("agg", STORY, "2024-05-15", outlet="Aggregator", original_outlet="Agency"),
    ]
    index = linked(*items)
    stored = {item.id: signature(item.text) for item in items}
    rebuilt = CopyIndex()
    for item in items:
        rebuilt.add(
            CopyCandidate(
                item.id,
                "",
                published=item.published,
                outlet=item.outlet,
                original_outlet=item.original_outlet,
                arrival=item.arrival,
            ),
            stored[item.id],
        )
    assert rebuilt.links() == index.links()
    assert len(index.links()) == 2


def test_add_all_reports_each_touched_link_once() -> None:
    index = CopyIndex()
    links = index.add_all(
        [
            candidate("a", STORY, arrival=0),
            candidate("b", STORY, "2024-05-15", arrival=1),
            candidate("c", STORY, "2024-05-16", arrival=2),
        ]
    )
    assert sorted(link.article for link in links) == ["b", "c"]


def test_an_article_cannot_be_added_twice() -> None:
    index = linked(candidate("a", STORY))
    with pytest.raises(ValueError, match="already"):
        index.add(candidate("a", STORY))


def test_a_signature_is_small_and_checked() -> None:
    assert len(signature(STORY)) == SIGNATURE_BYTES < 600
    assert signature(STORY) == signature(STORY.upper().replace("\n\n", " "))
    with pytest.raises(ValueError, match="signature"):
        CopyIndex().add(candidate("a", ""), b"not a signature")


def test_words_are_compared_without_case_punctuation_or_tokeniser_leftovers() -> None:
    assert normalised_words("The minister\u2019s \u201cfinal\u201d offer -LRB- revised -RRB- stands.") == [
        "the",
        "ministers",
        "final",
        "offer",
        "revised",
        "stands",
    ]
    assert normalised_words("ﬁnal ＯＦＦＥＲ") == ["final", "offer"]


def test_seeds_only_the_declared_republication_is_marked(seeds_dir: Path) -> None:
    from storyline.ingest import ingest
    from storyline.store import open_store

    store = open_store("sqlite://")
    ingest([str(seeds_dir)], store)
    index = CopyIndex()
    by_file = {}
    for arrival, article in enumerate(store.iter_articles()):
        by_file[Path(article.source).name[:3]] = article.id
        index.add(CopyCandidate.from_article(article, arrival))
    [link] = index.links()
    # 000 and 003 report the same withdrawal, 002 and 004 the same suspension: none copies another.
    assert link.article == by_file["003"]
    assert (link.copy_of, link.kind, link.original_outlet) == (None, "republication", "New York Times")


def test_an_arrival_verifies_a_bounded_number_of_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hundreds of re-runs of one wire story, each with a line of its own: every one is a candidate
    # for the next, but only the closest few are verified, so an arrival costs the same late as early.
    from storyline.stories import copies

    verified: list[int] = []
    real = copies.CopyIndex._match

    def counting(self: CopyIndex, a: int, b: int) -> object:
        verified.append(a)
        return real(self, a, b)

    monkeypatch.setattr(copies.CopyIndex, "_match", counting)
    index = CopyIndex()
    for number in range(300):
        item = candidate(f"r{number:03d}", f"{STORY}\n\nRe-run {number} by outlet {number} of the wire.")
        item.arrival = number
        index.add(item)
    per_arrival = Counter(verified)
    assert max(per_arrival.values()) <= copies.MAX_CANDIDATES + copies.LEAD_CANDIDATES
    assert index.link("r299") is not None  # the latest re-run is still found to be a copy


def test_copies_are_looked_for_within_the_horizon_only() -> None:
    index = linked(
        candidate("first", STORY, published="2024-01-10"),
        candidate("weeks later", STORY, published="2024-02-20"),  # 41 days on: within 60
        candidate("a year later", STORY, published="2025-01-10"),
        candidate("undated", STORY, published=None),
    )
    assert index.link("weeks later").copy_of == "first"
    # A year on, the same text is a report of its own, unless the horizon is lifted.
    assert index.link("a year later") is None
    # An undated article is measured from the newest day: the year-later report.
    assert index.link("undated").copy_of == "a year later"
    unbounded = CopyIndex(horizon_days=None)
    for arrival, name in enumerate(["first", "a year later"]):
        unbounded.add(
            candidate(name, STORY, published=["2024-01-10", "2025-01-10"][arrival], arrival=arrival)
        )
    assert unbounded.link("a year later").copy_of == "first"


def test_forgetting_old_articles_changes_no_link(monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.stories.copies as copies

    monkeypatch.setattr(copies, "COMPACT_FROM", 6)
    texts = [f"{STORY}\n\nUpdate {n}: the count of the missing was revised again at dawn." for n in range(4)]
    arrivals = [
        candidate(
            f"a{day}-{n}",
            texts[n % 4] if n else OWN_WORDS,
            published=f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}",
        )
        for day in range(0, 200, 9)
        for n in range(2)
    ]
    kept, forgetting = CopyIndex(horizon_days=20), CopyIndex(horizon_days=20)
    for arrival, item in enumerate(arrivals):
        item.arrival = arrival
        kept.add(item)
        forgetting.add(item)
        forgetting.forget_before(copies.publication_day(item.published) - 20)
    assert len(forgetting) < len(kept) / 2
    survivors = [link for link in kept.links() if link.article in forgetting]
    assert survivors and survivors == forgetting.links()
    # Links of forgotten articles were handed out before they went; the newest are all there.
    assert kept.links()[-5:] == forgetting.links()[-5:]
