"""Stories in the store: placement, copies, resumable runs, inferred dates; the seeds end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.ingest import IngestOptions, ingest
from storyline.language.annotator import LanguageOptions, annotate_store
from storyline.store import Store
from storyline.stories.update import update_stories

HARBOUR = """---
title: Harbour closed after tanker fire
date: 2024-03-12
---

The port authority of Rotterdam closed the main harbour on Tuesday after a fire broke out on an oil tanker moored at the Botlek terminal.

Firefighters from three towns fought the blaze through the night, the authority said, and the crew of 22 was taken ashore.
"""
HARBOUR_2 = """---
title: Rotterdam harbour to reopen after tanker fire
date: 2024-03-14
---

The port authority of Rotterdam said on Thursday the main harbour would reopen on Friday, two days after a fire on an oil tanker at the Botlek terminal.

Investigators from the authority boarded the tanker to find the cause of the fire.
"""
ELECTION = """---
title: Farmers' party wins provincial vote
date: 2024-03-13
---

A farmers' party won the most seats in the Utrecht provincial election on Wednesday, its leader Ria van Dam told supporters.

Turnout was higher than at the last vote, the electoral council said.
"""
UNDATED = """Tanker fire: harbour reopens

The port authority of Rotterdam reopened the main harbour on Friday, three days after a fire on an oil tanker at the Botlek terminal closed it on Tuesday.
"""


def fill(store: Store, folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingest([str(folder)], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))


def test_reports_group_into_stories_and_later_runs_only_add(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "day1"
    first.mkdir()
    fill(store, first, {"harbour.md": HARBOUR, "election.md": ELECTION})
    report = update_stories(store)
    assert (report.placed, report.new_stories, report.stories) == (2, 2, 2)
    harbour_story = {s.title: s for s in store.list_stories()}["Harbour closed after tanker fire"]

    second = tmp_path / "day2"
    second.mkdir()
    fill(store, second, {"reopen.md": HARBOUR_2, "copy.md": HARBOUR_2.replace("Rotterdam harbour", "Port")})
    report = update_stories(store)
    assert report.placed == 2 and report.new_stories == 0 and report.copies == 1
    again = store.get_story(harbour_story.id)
    assert again.id == harbour_story.id and len(again.articles) == 3  # the id is stable
    (copy,) = again.copies  # a re-titled republication: its own title, the same text
    assert copy.kind == "exact" and copy.copy_of in again.articles and copy.similarity == 1.0
    assert update_stories(store).placed == 0  # resumable: nothing left


def test_an_undated_report_gets_its_date_from_its_episode(store: Store, tmp_path: Path) -> None:
    fill(store, tmp_path, {"harbour.md": HARBOUR, "reopen.md": HARBOUR_2, "undated.txt": UNDATED})
    report = update_stories(store)
    assert list(report.inferred_dates.values()) == ["2024-03-15"]
    (article_id,) = report.inferred_dates
    article = store.get_article(article_id)
    assert (article.published, article.published_from) == ("2024-03-15", "inferred")
    assert "'Friday' = 2024-03-15" in article.provenance["published"]
    annotations = store.get_annotations(article_id)
    assert annotations is not None and annotations.anchor == "2024-03-15"
    assert [t.value for t in annotations.times if t.text == "Tuesday"] == ["2024-03-12"]


def test_the_seeds_make_one_story_of_two_episodes(store: Store, seeds_dir: Path) -> None:
    import yaml

    gold = yaml.safe_load((seeds_dir / "gold.yaml").read_text(encoding="utf-8"))
    ingest([str(seeds_dir)], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))
    report = update_stories(store)
    number_of = {a.id: Path(a.source).name[:3] for a in store.iter_articles()}
    (story,) = store.list_stories()
    episodes = sorted(sorted(number_of[a] for a in e.articles) for e in story.episodes)
    assert episodes == sorted(sorted(e["sources"]) for e in gold["episodes"])
    inferred = {number_of[a]: day for a, day in report.inferred_dates.items()}
    assert inferred == {"001": "2026-03-20", "004": "2020-01-07"}
    (republished,) = story.copies
    assert number_of[republished.article] == "003" and republished.original_outlet == "New York Times"
    assert json.loads(json.dumps(story.to_dict()))["episodes"][0]["articles"]


@pytest.mark.parametrize("fmt", ["json", "table", "csv"])
def test_cli_stories_and_story(cli, db_url, write, fmt) -> None:
    write("harbour.md", HARBOUR)
    write("reopen.md", HARBOUR_2)
    path = write("election.md", ELECTION)
    summary = json.loads(cli("--db", db_url, "ingest", str(path.parent), "--format", "json").stdout)
    assert summary["cluster"]["placed"] == 3
    listed = cli("--db", db_url, "stories", "--format", fmt)
    assert listed.exit_code == 0
    if fmt == "json":
        stories = json.loads(listed.stdout)
        assert len(stories) == 2
        assert {"id", "title", "articles", "copies", "entities", "episodes"} <= set(stories[0])
        assert {"id", "start", "end", "articles"} <= set(stories[0]["episodes"][0])
        shown = json.loads(cli("--db", db_url, "story", stories[0]["id"], "--format", "json").stdout)
        assert shown["articles"] == stories[0]["articles"]
        article = json.loads(
            cli("--db", db_url, "show", stories[0]["articles"][0], "--format", "json").stdout
        )
        assert article["story"] == stories[0]["id"] and article["copy_of"] is None
        table = cli("--db", db_url, "story", stories[0]["id"][:6])
        assert table.exit_code == 0 and "episode" in table.stdout
    assert cli("--db", db_url, "story", "nope").exit_code == 1
    assert json.loads(cli("--db", db_url, "cluster", "--format", "json").stdout)["placed"] == 0


def test_a_merged_story_id_still_resolves(store: Store) -> None:
    from storyline.models import Placement, Story, StoryRecord

    run = store.start_run("cluster")
    records = [StoryRecord(i, "{}", Story(id=i, title=i.upper(), articles=[i]), 1) for i in ("old", "new")]
    store.write_stories(
        run, [Placement("old", "old", "founded"), Placement("new", "new", "founded")], records
    )
    kept = StoryRecord("old", "{}", Story(id="old", title="OLD", articles=["old", "new"]), 2)
    store.write_stories(run, [], [kept], merges=[("new", "old")])
    assert [s.id for s in store.list_stories()] == ["old"]
    assert store.get_story("new").id == "old"  # the merged id leads to the story it joined
    assert {p.article: p.story for p in store.placements()} == {"old": "old", "new": "old"}


def test_the_examples_make_the_story_their_gold_describes(store: Store, examples_dir: Path) -> None:
    import yaml

    gold = yaml.safe_load((examples_dir / "gold.yaml").read_text(encoding="utf-8"))
    ingest([str(examples_dir / "articles")], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))
    update_stories(store)
    stored = list(store.iter_articles())

    def gold_id(source: str) -> str:
        # Gold names a file, or a container and the record in it ("feed.xml#url").
        source = source.replace("\\", "/")
        (found,) = [k for k, e in gold["articles"].items() if source.endswith(e.get("file") or e["source"])]
        return str(found)

    name = {a.id: gold_id(a.source) for a in stored}
    (story,) = store.list_stories()
    assert sorted(sorted(name[a] for a in e.articles) for e in story.episodes) == sorted(
        sorted(e["sources"]) for e in gold["episodes"]
    )
    for article in stored:
        expected = gold["articles"][name[article.id]].get("inferred_published")
        if expected:
            assert (article.published, article.published_from) == (str(expected), "inferred")
    copies = {name[c.article]: c for c in story.copies}
    for item in gold["syndication"]:
        link = copies[item["article"]]
        assert link.copy_of is not None and name[link.copy_of] == item["copy_of"]


def test_an_article_that_cannot_be_read_is_reported_and_the_rest_are_placed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.stories.update as update

    fill(store, tmp_path, {"harbour.md": HARBOUR, "election.md": ELECTION})
    real = update.article_terms

    def fragile(article, annotations=None):  # type: ignore[no-untyped-def]
        if "farmers" in article.text:
            raise ValueError("unexpected markup")
        return real(article, annotations)

    monkeypatch.setattr(update, "article_terms", fragile)
    report = update_stories(store)
    assert report.placed == 1 and [f["reason"] for f in report.failed] == ["ValueError: unexpected markup"]
    monkeypatch.setattr(update, "article_terms", real)
    again = update_stories(store)  # the failed one is retried, nothing else is redone
    assert again.placed == 1 and not again.failed and len(store.placements()) == 2
