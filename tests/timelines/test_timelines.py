"""Timelines: dated sentences, date counts, entries with all their sources; the seeds end to end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.models import Annotations, Article, CopyLink, Sentence, TimeExpression
from storyline.store import Store
from storyline.timelines import TimelineOptions, build_timeline, timeline_of_story
from storyline.timelines.date_selection import DateScorer, date_features
from storyline.timelines.render import to_markdown, to_timelinejs
from storyline.timelines.sentences import MentionedDate, collect_sentences, parse_date_value

SEED_STORE: dict[str, Store] = {}


def _article(article_id: str, published: str, sentences: list[tuple[str, list[tuple[str, str]]]]):
    """An article and its annotations from (sentence, [(time text, value)]) pairs."""
    text = ""
    spans: list[Sentence] = []
    times: list[TimeExpression] = []
    for sentence, mentions in sentences:
        start = len(text)
        text += sentence + " "
        spans.append(Sentence(start, start + len(sentence)))
        for mention, value in mentions:
            at = start + sentence.index(mention)
            times.append(TimeExpression(at, at + len(mention), mention, "DATE", value))
    article = Article(
        id=article_id, source=f"{article_id}.txt", format="text", text=text.strip(), published=published
    )
    return article, Annotations(article_id, "test", sentences=spans, times=times)


def _pair(*built):
    articles = [a for a, _ in built]
    return articles, {a.id: n for a, n in built}


FIRE = "A fire broke out on an oil tanker moored at the harbour terminal on Tuesday night."


def test_a_date_value_keeps_its_precision() -> None:
    assert parse_date_value("2020-01-07") == MentionedDate("2020-01-07", "day")
    assert parse_date_value("2011-12") == MentionedDate("2011-12", "month")
    assert parse_date_value("2008") == MentionedDate("2008", "year")
    for undated in ("XXXX-01-03", "PRESENT_REF", "P3D", "2010-W16", "2010-SU", "2010-13"):
        assert parse_date_value(undated) is None


def test_a_sentence_naming_a_day_and_its_year_names_one_date() -> None:
    articles, notes = _pair(
        _article(
            "a",
            "2026-03-20",
            [
                (
                    "It came 23 years to the day after the invasion of Iraq in 2003 began.",
                    [("23 years to the day", "2003-03-20"), ("2003", "2003")],
                )
            ],
        )
    )
    (sentence,) = collect_sentences(articles, notes)
    assert sentence.dates == [MentionedDate("2003-03-20", "day")]


def test_copies_count_once_among_the_reports_of_a_date() -> None:
    built = [
        _article(name, "2024-03-14", [(FIRE, [("Tuesday", "2024-03-12")])])
        for name in ("orig", "copy", "other")
    ]
    articles, notes = _pair(*built)
    copies = {"copy": CopyLink("copy", "orig", 1.0, "exact")}
    features = date_features(collect_sentences(articles, notes, copies))
    tuesday = features[MentionedDate("2024-03-12", "day")]
    assert (tuesday.sentences, tuesday.reports, tuesday.reports_after) == (3, 2, 2)


def test_the_most_reported_dates_win_and_each_entry_lists_all_its_reports() -> None:
    reopen = "The harbour reopened to ships on Friday morning after the fire was put out by crews."
    aside = "The harbour master had warned about old tankers at a meeting on Monday last month."
    built = [
        _article(
            "a", "2024-03-13", [(FIRE, [("Tuesday", "2024-03-12")]), (aside, [("Monday", "2024-02-12")])]
        ),
        _article(
            "b",
            "2024-03-13",
            [
                (
                    "Crews fought the fire on the oil tanker at the harbour terminal on Tuesday.",
                    [("Tuesday", "2024-03-12")],
                )
            ],
        ),
        _article(
            "c",
            "2024-03-16",
            [
                (reopen, [("Friday", "2024-03-15")]),
                (FIRE.replace("on Tuesday night", "on Tuesday"), [("Tuesday", "2024-03-12")]),
            ],
        ),
        _article(
            "d",
            "2024-03-16",
            [
                (
                    "Ships sailed into the harbour again on Friday, a day after the fire was out.",
                    [("Friday", "2024-03-15")],
                )
            ],
        ),
    ]
    articles, notes = _pair(*built)
    timeline = build_timeline(
        articles, notes, options=TimelineOptions(dates=2, sentences=1, precisions=("day",))
    )
    assert [e.date for e in timeline.entries] == ["2024-03-12", "2024-03-15"]
    fire = timeline.entries[0]
    assert {s.article for s in fire.sources} == {"a", "b", "c"} and fire.independent_sources == 3
    assert timeline.entries[1].text == reopen
    source = fire.sources[0]
    chosen = next(a for a in articles if a.id == source.article)
    assert chosen.text[source.start : source.end] == fire.text  # the link leads to the very sentence


def test_a_sentence_that_says_a_part_of_a_chosen_one_is_not_told_again() -> None:
    # The longer sentence's other words keep the two sentences' cosine low; what the shorter one
    # says is all in the longer one, so the entry tells it once.
    whole = (
        "The Orrin Dam was built in 1987 to supply drinking water and irrigation to the lower valley, "
        "and it generates a modest amount of hydroelectric power for the towns along the river."
    )
    part = "The Orrin Dam was built in 1987."
    leave = "Kessel residents were told on Tuesday to leave their homes near the river."
    lowered = "The water authority said on Monday the reservoir was lowered by two metres."
    built = [
        _article("a", "2024-04-09", [(whole, [("1987", "1987")]), (leave, [("Tuesday", "2024-04-09")])]),
        _article("b", "2024-04-09", [(part, [("1987", "1987")]), (lowered, [("Monday", "2024-04-08")])]),
    ]
    articles, notes = _pair(*built)
    options = TimelineOptions(dates=1, sentences=2, precisions=("year",))
    (entry,) = build_timeline(articles, notes, options=options).entries
    assert entry.text in (whole, part)  # once, in whichever words the summary took first
    assert {s.article for s in entry.sources} == {"a", "b"}  # the repeat still counts as a source


def test_a_date_long_before_the_reports_is_background_and_keeps_its_precision() -> None:
    articles, notes = _pair(
        _article(
            "a",
            "2026-03-20",
            [
                (
                    "The training mission in the country was created in 2018 to advise its forces.",
                    [("2018", "2018")],
                ),
                (
                    "The alliance moved all of its trainers out of the country on Friday.",
                    [("Friday", "2026-03-20")],
                ),
            ],
        )
    )
    entries = build_timeline(articles, notes).entries
    assert [(e.date, e.precision, e.kind) for e in entries] == [
        ("2018", "year", "background"),
        ("2026-03-20", "day", "event"),
    ]


def test_an_undated_lead_dates_the_earlier_event_it_tells_unless_the_story_dates_one() -> None:
    lead = "The alliance moved its trainers out of the country after a series of attacks on its bases."
    alone = [_article("a", "2026-03-20", [(lead, [])])]
    articles, notes = _pair(*alone)
    entries = build_timeline(articles, notes).entries
    assert [(e.date, e.precision) for e in entries] == [("2026-03", "month")]
    # With an attack dated earlier that month, the lead refers to it and gets no month of its own.
    dated = "Rockets hit the alliance's main base in the north of the country on Monday night."
    articles, notes = _pair(*alone, _article("b", "2026-03-17", [(dated, [("Monday", "2026-03-16")])]))
    assert "2026-03" not in [e.date for e in build_timeline(articles, notes).entries]


def test_an_event_told_days_before_a_dated_one_gets_its_own_day() -> None:
    told = "Residents were ordered out on Monday, a day after a routine inspection found a crack in the dam."
    articles, notes = _pair(_article("a", "2024-04-09", [(told, [("Monday", "2024-04-08")])]))
    (sentence,) = collect_sentences(articles, notes)
    assert [d.value for d in sentence.dates] == ["2024-04-08", "2024-04-07"]


def test_the_same_input_gives_the_same_timeline() -> None:
    built = [_article(n, "2024-03-13", [(FIRE, [("Tuesday", "2024-03-12")])]) for n in "xyz"]
    articles, notes = _pair(*built)
    first = build_timeline(articles, notes).to_dict()
    assert build_timeline(list(reversed(articles)), notes).to_dict() == first


def test_a_learned_scorer_orders_dates_by_its_weights() -> None:
    built = [
        _article("a", "2024-03-20", [(FIRE, [("Tuesday", "2024-03-12")])]),
        _article("b", "2024-03-20", [(FIRE.replace("Tuesday", "Monday"), [("Monday", "2024-03-18")])]),
    ]
    articles, notes = _pair(*built)
    # Only "reports published on the day or the day after" counts: no report was, so the earlier date wins the tie.
    scorer = DateScorer([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0])
    timeline = build_timeline(articles, notes, options=TimelineOptions(dates=1, sentences=1), scorer=scorer)
    assert [e.date for e in timeline.entries] == ["2024-03-12"]


def _seed_events() -> list[object]:
    from tests.conftest import SHARED

    path = SHARED / "seeds" / "gold.yaml"
    if not path.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{path} is not here"))]
    import yaml

    events = yaml.safe_load(path.read_text(encoding="utf-8"))["events"]
    params = []
    for event in events:
        params.append(pytest.param(event, id=f"{event['date']}-{event['what'][:30]}"))
    return params


@pytest.mark.parametrize("event", _seed_events())
def test_every_seed_event_is_an_entry_on_its_date_with_all_its_sources(seeds_store: Store, event) -> None:
    (story,) = seeds_store.list_stories()
    timeline = timeline_of_story(seeds_store, story.id)
    number_of = {a.id: Path(a.source).name[:3] for a in seeds_store.iter_articles()}
    entries = [e for e in timeline.entries if e.date == str(event["date"])]
    assert entries, f"no entry on {event['date']}"
    reported_by = {number_of[s.article] for e in entries for s in e.sources}
    assert set(event["sources"]) <= reported_by
    assert all(e.kind == event.get("kind", "event") for e in entries)


def test_the_seeds_relocation_is_one_entry_with_three_reports(seeds_store: Store) -> None:
    (story,) = seeds_store.list_stories()
    timeline = timeline_of_story(seeds_store, story.id)
    number_of = {a.id: Path(a.source).name[:3] for a in seeds_store.iter_articles()}
    (entry,) = [e for e in timeline.entries if e.date == "2026-03-20"]
    assert {number_of[s.article] for s in entry.sources} == {"000", "001", "003"}
    assert "relocat" in entry.text


def test_cli_timeline_formats(cli, db_url, seeds_dir: Path) -> None:
    assert cli("--db", db_url, "ingest", str(seeds_dir)).exit_code == 0
    stories = json.loads(cli("--db", db_url, "stories", "--format", "json").stdout)
    shown = json.loads(cli("--db", db_url, "timeline", stories[0]["id"][:8], "--format", "json").stdout)
    assert shown["story"] == stories[0]["id"]
    entry = shown["entries"][0]
    assert {"date", "precision", "kind", "text", "sources"} <= set(entry)
    assert {"article", "outlet", "sentence", "start", "end"} <= set(entry["sources"][0])
    viewer = json.loads(cli("--db", db_url, "timeline", stories[0]["id"], "--format", "timelinejs").stdout)
    assert viewer["events"][0]["start_date"]["year"] == entry["date"][:4]
    markdown = cli(
        "--db", db_url, "timeline", "--query", "NATO", "--format", "markdown", "--dates", "3"
    ).stdout
    assert markdown.startswith("# Timeline of") and "[^1]:" in markdown
    limited = json.loads(
        cli(
            "--db",
            db_url,
            "timeline",
            stories[0]["id"],
            "--format",
            "json",
            "--from",
            "2020-01-01",
            "--to",
            "2020-12-31",
        ).stdout
    )
    assert limited["entries"] and all(e["date"].startswith("2020") for e in limited["entries"])
    bad = cli("--db", db_url, "timeline", "--format", "json")
    assert bad.exit_code == 2


def test_render_cites_every_source(seeds_store: Store) -> None:
    (story,) = seeds_store.list_stories()
    timeline = timeline_of_story(seeds_store, story.id, TimelineOptions(dates=4))
    articles = {a.id: a for a in seeds_store.iter_articles()}
    cited = {(s.article, s.sentence) for e in timeline.entries for s in e.sources}
    assert to_markdown(timeline, articles).count("]: ") == len(cited)
    assert len(to_timelinejs(timeline, articles)["events"]) == len(timeline.entries)
    assert all(date.fromisoformat(e.date[:4] + "-01-01") for e in timeline.entries)


def _example_events() -> list[object]:
    import yaml

    from tests.conftest import EXAMPLES

    events = yaml.safe_load((EXAMPLES / "gold.yaml").read_text(encoding="utf-8"))["events"]
    params = []
    for event in events:
        params.append(pytest.param(event, id=f"{event['date']}-{event['what'][:30]}"))
    return params


@pytest.mark.parametrize("event", _example_events())
def test_every_example_event_is_an_entry_on_its_date_with_all_its_sources(examples_store, event) -> None:
    store, name = examples_store
    (story,) = store.list_stories()
    entries = [e for e in timeline_of_story(store, story.id).entries if e.date == str(event["date"])]
    assert entries, f"no entry on {event['date']}"
    assert set(event["sources"]) <= {name[s.article] for e in entries for s in e.sources}
    assert all(e.kind == event.get("kind", "event") for e in entries)
