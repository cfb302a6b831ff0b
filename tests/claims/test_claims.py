"""Figure claims: grouping across reports, verdicts, independent sources; the seeds and examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from storyline.claims.figures import FigureMention, head_class
from storyline.claims.grouping import compatible, group_figures
from storyline.models import ClaimValue
from storyline.store import Store


def value(
    article: str, text: str, number: float | None, *, approx: bool = False, low=None, high=None
) -> ClaimValue:
    low = number if low is None else low
    high = number if high is None else high
    return ClaimValue(
        article, article.upper(), text, number, (low, high), approx, None, None, 0, 0, len(text)
    )


def mention(article: str, text: str, number: float, counted: str, context: str, **kwargs) -> FigureMention:
    return FigureMention(
        value=value(article, text, number, **kwargs),
        kind="count",
        counted=counted,
        head=head_class(counted),
        qualifiers=frozenset(),
        episode="e1",
        time="2024-04",
        context={word: 1.0 for word in context.split()},
        source_key=article,
    )


def test_figures_are_compatible_within_their_stated_precision() -> None:
    assert compatible(value("a", "about 4,000", 4000, approx=True), value("b", "4,180", 4180))
    assert compatible(
        value("a", "4,200", 4200), value("b", "4,180", 4180)
    )  # "4,200" is as precise as its hundreds
    assert not compatible(
        value("a", "roughly 12 metres", 12, approx=True), value("b", "about 14 metres", 14, approx=True)
    )
    assert compatible(value("a", "several hundred", None, low=200, high=999), value("b", "500", 500))
    assert not compatible(value("a", "14", 14), value("b", "15", 15))


def test_reports_of_one_figure_agree_and_a_different_figure_conflicts() -> None:
    context = "residents ordered leave town kessel dam crack"
    claims = group_figures(
        [
            mention("a", "about 4,000 residents", 4000, "residents", context, approx=True),
            mention("b", "4,200 people", 4200, "people", context),
            mention("c", "6,000 people", 6000, "people", context),
        ],
        "story",
    )
    (claim,) = claims
    assert claim.verdict == "conflict" and claim.independent_sources == 3
    assert claim.first_reported["article"] in {"a", "b", "c"}


def test_a_report_never_contradicts_itself_so_its_two_figures_are_two_subjects() -> None:
    context = "nato mission iraq coalition soldiers trainers"
    claims = group_figures(
        [
            mention("a", "around 5,200 soldiers", 5200, "soldiers", context, approx=True),
            mention("a", "around 500 trainers", 500, "trainers", context, approx=True),
            mention("b", "5,200 soldiers", 5200, "soldiers", context),
            mention("b", "500 instructors", 500, "instructors", context),
        ],
        "story",
    )
    assert sorted(sorted(v.text for v in c.values) for c in claims) == [
        ["5,200 soldiers", "around 5,200 soldiers"],
        ["500 instructors", "around 500 trainers"],
    ]
    assert all(c.verdict == "agree" for c in claims)


def _verdict(gold: str) -> str:
    if gold.startswith("single"):
        return "single-source"
    return "agree" if gold.startswith("agree") else "conflict"


def _check_gold_claims(store: Store, name: dict[str, str], gold_claims: list[dict]) -> None:
    from storyline.claims import claims_of_story

    (story,) = store.list_stories()
    claims = claims_of_story(store, story.id)
    for gold in gold_claims:
        wanted = {(v["source"], v["text"]) for v in gold["values"]}
        found = [
            c
            for c in claims
            # Gold may mark a longer span than the quantity stage ("its 14 soldiers", "14 soldiers").
            if all(
                any(name[v.article] == source and (text in v.text or v.text in text) for v in c.values)
                for source, text in wanted
            )
        ]
        assert found, f"no claim holds {sorted(wanted)}"
        assert found[0].verdict == _verdict(gold["verdict"]), (gold["subject"], found[0].verdict)


def test_every_seed_claim_group_is_found_with_its_verdict(seeds_store: Store) -> None:
    from tests.conftest import SHARED

    gold = yaml.safe_load((SHARED / "seeds" / "gold.yaml").read_text(encoding="utf-8"))
    name = {a.id: Path(a.source).name[:3] for a in seeds_store.iter_articles()}
    _check_gold_claims(seeds_store, name, gold["claims"])


def test_the_republished_copy_counts_as_the_new_york_times(seeds_store: Store) -> None:
    from storyline.claims import claims_of_story

    name = {a.id: Path(a.source).name[:3] for a in seeds_store.iter_articles()}
    (story,) = seeds_store.list_stories()
    from_003 = [
        v for c in claims_of_story(seeds_store, story.id) for v in c.values if name[v.article] == "003"
    ]
    assert from_003 and all(v.outlet == "New York Times" for v in from_003)


def test_every_example_claim_group_is_found_with_its_verdict(examples_dir: Path, examples_store) -> None:
    gold = yaml.safe_load((examples_dir / "gold.yaml").read_text(encoding="utf-8"))
    store, name = examples_store
    _check_gold_claims(store, name, gold["claims"])


def test_cli_claims_json_keeps_the_contract(cli, db_url, seeds_dir: Path) -> None:
    assert cli("--db", db_url, "ingest", str(seeds_dir)).exit_code == 0
    stories = json.loads(cli("--db", db_url, "stories", "--format", "json").stdout)
    claims = json.loads(cli("--db", db_url, "claims", stories[0]["id"][:8], "--format", "json").stdout)
    assert {
        "id",
        "subject",
        "time",
        "kind",
        "verdict",
        "independent_sources",
        "first_reported",
        "values",
    } <= set(claims[0])
    assert {
        "article",
        "outlet",
        "text",
        "value",
        "range",
        "approx",
        "unit",
        "attributed_to",
        "sentence",
        "start",
        "end",
    } <= set(claims[0]["values"][0])
    assert cli("--db", db_url, "claims", stories[0]["id"]).exit_code == 0
    assert cli("--db", db_url, "claims", "ffffffff").exit_code == 1


def test_every_seed_quote_has_its_speaker_and_outlets(seeds_store: Store) -> None:
    from storyline.claims.quotes import quotes_of_story
    from tests.conftest import SHARED

    gold = yaml.safe_load((SHARED / "seeds" / "gold.yaml").read_text(encoding="utf-8"))
    name = {a.id: Path(a.source).name[:3] for a in seeds_store.iter_articles()}
    (story,) = seeds_store.list_stories()
    speakers = quotes_of_story(seeds_store, story.id)
    for quote in gold["quotes"]:
        unnamed = "unnamed" in quote["speaker"]
        matching = [
            s
            for s in speakers
            if (s.anonymous if unnamed else s.name == quote["speaker"])
            and set(quote["sources"]) <= {name[a] for a in s.articles}
        ]
        assert matching, quote["speaker"]


def test_two_unnamed_speakers_saying_the_same_words_are_one() -> None:
    from storyline.claims.quotes import speakers_of
    from storyline.models import Annotations, Article, Attribution

    said = "the safety of our personnel is paramount"
    articles, notes = [], {}
    for article_id, who in (("a", "a NATO official"), ("b", "a spokesman for the alliance")):
        text = f'"{said}," {who} said.'
        articles.append(
            Article(
                id=article_id, source=f"{article_id}.txt", format="text", text=text, outlet=article_id.upper()
            )
        )
        notes[article_id] = Annotations(
            article_id,
            "test",
            attributions=[Attribution(1, 1 + len(said), "quote", "said", who, role=who[2:], anonymous=True)],
        )
    (speaker,) = speakers_of(articles, notes)
    assert speaker.anonymous and speaker.articles == ["a", "b"] and speaker.outlets == ["A", "B"]


def test_cli_quotes(cli, db_url, seeds_dir: Path) -> None:
    assert cli("--db", db_url, "ingest", str(seeds_dir)).exit_code == 0
    stories = json.loads(cli("--db", db_url, "stories", "--format", "json").stdout)
    speakers = json.loads(cli("--db", db_url, "quotes", stories[0]["id"], "--format", "json").stdout)
    assert {"speaker", "role", "anonymous", "outlets", "statements"} <= set(speakers[0])
    assert {"article", "outlet", "kind", "text", "start", "end"} <= set(speakers[0]["statements"][0])
    assert "Grynkewich" in cli("--db", db_url, "quotes", stories[0]["id"]).stdout


def test_the_brief_has_front_matter_sections_and_numbered_citations(seeds_store: Store) -> None:
    from storyline.brief import brief_story

    (story,) = seeds_store.list_stories()
    text = brief_story(seeds_store, story.id, summarise=lambda summary: "REWRITTEN " + summary)
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["story"] == story.id and "New York Times" in meta["outlets"]
    assert meta["dates"] == {"first": "2020-01-07", "last": "2026-03-20"}
    for heading in (
        "## Summary",
        "## Timeline",
        "## Key figures",
        "## Where outlets disagree",
        "## Who said what",
        "## Sources",
    ):
        assert heading in body
    assert "REWRITTEN On " in body
    cited = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", body)}
    listed = {int(line.split(".")[0]) for line in body.split("## Sources")[1].strip().splitlines()}
    assert cited == listed and cited == set(range(1, len(cited) + 1))


def test_cli_brief_to_a_file_and_a_failing_llm_hook_keeps_the_summary(
    cli, db_url, seeds_dir: Path, tmp_path: Path
) -> None:
    assert cli("--db", db_url, "ingest", str(seeds_dir)).exit_code == 0
    stories = json.loads(cli("--db", db_url, "stories", "--format", "json").stdout)
    target = tmp_path / "brief.md"
    result = cli(
        "--db", db_url, "brief", stories[0]["id"], "--llm", "/nonexistent/llm", "--output", str(target)
    )
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("---\nstory: ")
    assert "## Summary\n\nOn " in target.read_text(encoding="utf-8")


def test_compare_outlets_shows_what_each_reports_alone_copies_and_conflicts_on(examples_store) -> None:
    from storyline.claims.compare import compare_outlets

    store, _ = examples_store
    (story,) = store.list_stories()
    result = compare_outlets(store, story.id)
    rows = {row["outlet"]: row for row in result["outlets"]}
    # The Meridian Post's report republished by DailyFeed Hub counts as the Meridian Post's, as a copy.
    assert any(c["published_by"] == "DailyFeed Hub" for c in rows["The Meridian Post"]["copied"])
    # The wire agency with no outlet of its own is named by its agency, and its crack length conflicts.
    assert "Northwire" in rows["The Meridian Post"]["conflicts_with"]
    pair = compare_outlets(store, story.id, ["meridian", "NORTHWIRE"])
    assert [row["outlet"] for row in pair["outlets"]] == ["Northwire", "The Meridian Post"]
    assert any(item["verdict"] == "conflict" for item in pair["shared"])
    with pytest.raises(ValueError, match="no outlet 'atlantis'"):
        compare_outlets(store, story.id, ["atlantis"])


def test_a_status_is_temporary_open_ended_or_permanent() -> None:
    from storyline.claims.statements import _stance

    assert _stance("A source said the relocation was temporary.") == "temporary"
    assert _stance("It was not clear when, or if, they would return.") == "open-ended"
    assert _stance("Officials have not announced permanent plans or a new timeframe.") == "open-ended"
    assert _stance("The base will close permanently.") == "permanent"
    assert _stance("The mission moved to Naples.") is None


def test_the_seed_disagreements_are_conflicting_positions_with_their_sources(seeds_store: Store) -> None:
    from storyline.claims import claims_of_story
    from tests.conftest import SHARED

    gold = yaml.safe_load((SHARED / "seeds" / "gold.yaml").read_text(encoding="utf-8"))
    name = {a.id: Path(a.source).name[:3] for a in seeds_store.iter_articles()}
    (story,) = seeds_store.list_stories()
    statements = [c for c in claims_of_story(seeds_store, story.id) if c.kind in ("cause", "status")]
    for disagreement in gold["disagreements"]:
        wanted = {p["source"] for p in disagreement["positions"]}
        found = [
            c for c in statements if c.verdict == "conflict" and wanted <= {name[v.article] for v in c.values}
        ]
        assert found, disagreement["topic"]
    kinds = {c.kind for c in statements if c.time == "2026-03" and c.verdict == "conflict"}
    assert kinds == {"cause", "status"}


def test_two_sources_dating_one_event_differently_conflict() -> None:
    from storyline.claims.events import event_claims
    from tests.timelines.test_timelines import _article, _pair

    told = "The water authority tested the fourteen new warning sirens around the town of Kessel on {day}."
    built = [
        _article("a", "2025-10-06", [(told.format(day="Saturday"), [("Saturday", "2025-10-04")])]),
        _article("b", "2025-10-06", [(told.format(day="Sunday"), [("Sunday", "2025-10-05")])]),
        _article("c", "2025-10-06", [(told.format(day="Saturday"), [("Saturday", "2025-10-04")])]),
    ]
    articles, notes = _pair(*built)
    for article, outlet in zip(articles, ("Valley Times", "Kessel Courier", "Harbor Gazette"), strict=True):
        article.outlet = outlet
    (claim,) = event_claims(articles, notes, {}, "story")
    assert claim.kind == "date" and claim.verdict == "conflict" and claim.independent_sources == 3
    assert sorted(v.date for v in claim.values) == ["2025-10-04", "2025-10-04", "2025-10-05"]
    (agreed,) = event_claims([articles[0], articles[2]], notes, {}, "story")
    assert agreed.verdict == "agree"


def test_a_wire_story_run_by_three_outlets_is_one_independent_source() -> None:
    from storyline.claims.figures import independent_sources
    from storyline.models import Article, CopyLink

    def article(article_id: str, outlet: str, agencies: list[str]) -> Article:
        return Article(
            id=article_id,
            source=f"{article_id}.txt",
            format="text",
            text="",
            outlet=outlet,
            agencies=agencies,
        )

    wire = [
        article(n, o, ["Northwire"])
        for n, o in (("a", "Valley Times"), ("b", "Harbor Gazette"), ("c", "Orrin Today"))
    ]
    own = article("d", "Kessel Courier", [])
    copied = article("e", "DailyFeed Hub", [])
    keys = independent_sources([*wire, own, copied], {"e": CopyLink("e", "d", 0.98, "near")})
    assert len({keys[a.id] for a in wire}) == 1
    assert keys["e"] == keys["d"] != keys["a"]


def test_tallies_of_different_days_are_two_claims() -> None:
    from datetime import date

    from storyline.claims.subjects import FigureSubject

    def tally(article: str, text: str, number: float, day: int, **kwargs) -> FigureMention:
        figure = mention(article, text, number, "deaths", "virus killed mexico deaths", **kwargs)
        figure.subject = FigureSubject("death", "mexico", None, None, date(2009, 4, day))
        return figure

    claims = group_figures(
        [
            tally("a", "81 deaths", 81, 26),
            tally("b", "81 people", 81, 26),
            tally("c", "81 deaths", 81, 27),  # the same number a day later is the next day's tally
            tally("d", "at least 20", 20, 27, low=20, high=None),
            tally("e", "up to 149", 149, 27, low=None, high=149),
        ],
        "story",
    )
    groups = sorted(sorted(v.article for v in c.values) for c in claims)
    # The 27th's figures are one subject on one day, whatever their values say: one claim.
    assert groups == [["a", "b"], ["c", "d", "e"]]


def test_an_open_bound_agrees_only_with_figures_near_it() -> None:
    context = "virus killed mexico deaths"
    claims = group_figures(
        [
            mention("a", "at least 20 deaths", 20, "deaths", context, low=20, high=None),
            mention("b", "20 deaths", 20, "deaths", context + " government"),
            mention(
                "c",
                "149 deaths",
                149,
                "deaths",
                "outbreak suspected toll health minister cordova said deaths",
            ),
        ],
        "story",
    )
    # "at least 20" could be 149, but it names about 20: it joins the 20, not the 149.
    assert sorted(sorted(v.article for v in c.values) for c in claims) == [["a", "b"], ["c"]]
