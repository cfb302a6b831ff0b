"""The CLI contract: commands, options and JSON keys that users' scripts rely on."""

import csv
import io
import json

from storyline.store import open_store

ARTICLE = (
    "Library opens on Sundays\n\nBy Dana Frey\n\n"
    "The city library will open on Sundays from next month, the council said on Friday.\n\n"
    "Opening hours will be paid for by closing two branch libraries on Mondays, officials said.\n\n"
    "© 2024 City Post"
)
CONTRACT_KEYS = {
    "id",
    "source",
    "title",
    "outlet",
    "original_outlet",
    "url",
    "published",
    "published_precision",
    "published_from",
    "author",
    "agencies",
    "text",
}


def test_ingest_articles_show_round_trip(cli, db_url, write):
    path = write("library.txt", ARTICLE)
    result = cli("--db", db_url, "ingest", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {"read", "new", "duplicates", "quarantined"} <= set(summary) and summary["new"] == 1

    listed = json.loads(cli("--db", db_url, "articles", "--format", "json").stdout)
    (article,) = listed
    assert CONTRACT_KEYS <= set(article)
    assert (article["source"], article["title"], article["outlet"], article["author"]) == (
        str(path),
        "Library opens on Sundays",
        "City Post",
        "Dana Frey",
    )

    shown = cli("--db", db_url, "show", article["id"][:8])
    assert shown.exit_code == 0
    assert (
        "copyright_line" in shown.stdout
        and "copyright notice" in shown.stdout
        and "© 2024 City Post" in shown.stdout
    )

    as_json = json.loads(cli("--db", db_url, "show", article["id"], "--format", "json").stdout)
    assert as_json["removed_lines"][0]["reason"]


def test_articles_as_csv_and_table(cli, db_url, write):
    cli("--db", db_url, "ingest", str(write("library.txt", ARTICLE)))
    rows = list(csv.DictReader(io.StringIO(cli("--db", db_url, "articles", "--format", "csv").stdout)))
    assert len(rows) == 1 and CONTRACT_KEYS <= set(rows[0])
    table = cli("--db", db_url, "articles", "--format", "table").stdout
    assert "City Post" in table


def test_db_from_the_environment(cli, db_url, write, monkeypatch):
    monkeypatch.setenv("STORYLINE_DB", db_url)
    cli("ingest", str(write("library.txt", ARTICLE)))
    monkeypatch.delenv("STORYLINE_DB")
    assert len(json.loads(cli("--db", db_url, "articles", "--format", "json").stdout)) == 1


def test_exit_status_is_non_zero_only_when_nothing_could_be_ingested(cli, db_url, write):
    empty = write("empty.txt", b"")
    result = cli("--db", db_url, "ingest", str(empty))
    assert result.exit_code != 0 and "empty.txt" in result.stderr
    good = write("library.txt", ARTICLE)
    assert cli("--db", db_url, "ingest", str(empty), str(good)).exit_code == 0
    assert cli("--db", db_url, "ingest", str(good)).exit_code == 0  # all duplicates is still fine


def test_field_option_maps_json_keys(cli, db_url, write):
    record = {"body": ARTICLE.split("\n\n", 1)[1], "headline": "Sunday opening", "site": "City Post"}
    path = write("dump.json", json.dumps([record]))
    assert (
        cli("--db", db_url, "ingest", str(path), "--field", "text=body", "--field", "outlet=site").exit_code
        == 0
    )
    (article,) = json.loads(cli("--db", db_url, "articles", "--format", "json").stdout)
    assert (article["title"], article["outlet"]) == ("Sunday opening", "City Post")
    bad = cli("--db", db_url, "ingest", str(path), "--field", "text")
    assert bad.exit_code == 2 and "--field" in bad.stderr


def test_show_unknown_id_is_a_friendly_error(cli, db_url):
    open_store(db_url).close()
    result = cli("--db", db_url, "show", "nope")
    assert result.exit_code == 1 and "nope" in result.stderr and "Traceback" not in result.output


def test_bad_store_url_is_a_friendly_error(cli):
    result = cli("--db", "nosuchdialect://x", "articles")
    assert result.exit_code == 1 and "cannot open store" in result.stderr


def test_every_command_has_help(cli):
    for command in (["ingest"], ["articles"], ["show"], ["quarantine"], ["evaluate", "ingest"]):
        result = cli(*command, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_annotate_show_annotations_and_resume(cli, db_url, write):
    path = write("library.txt", ARTICLE)
    ingested = json.loads(cli("--db", db_url, "ingest", str(path), "--format", "json").stdout)
    assert ingested["annotate"]["annotated"] == 1  # ingest annotates by default
    again = cli("--db", db_url, "annotate", "--format", "json")
    assert again.exit_code == 0 and json.loads(again.stdout)["annotated"] == 0  # nothing left to do
    redo = json.loads(cli("--db", db_url, "annotate", "--redo", "--workers", "1", "--format", "json").stdout)
    assert {"annotated", "sentences", "failed", "workers", "seconds", "sentences_per_second"} <= set(redo)
    assert redo["annotated"] == 1 and redo["sentences"] >= 2

    (article,) = json.loads(cli("--db", db_url, "articles", "--format", "json").stdout)
    shown = json.loads(cli("--db", db_url, "show", article["id"], "--annotations", "--format", "json").stdout)
    notes = shown["annotations"]
    assert {"sentences", "times", "entities", "quantities", "attributions"} <= set(notes)
    assert any(a["speaker"] == "the council" for a in notes["attributions"])
    marked = cli("--db", db_url, "show", article["id"], "--annotations")
    assert marked.exit_code == 0 and "reported by" in marked.stdout and "DATE 'Friday'" in marked.stdout


def test_ingest_without_annotation_and_show_says_what_to_run(cli, db_url, write):
    path = write("library.txt", ARTICLE)
    summary = json.loads(cli("--db", db_url, "ingest", str(path), "--no-annotate", "--format", "json").stdout)
    assert "annotate" not in summary
    (article,) = json.loads(cli("--db", db_url, "articles", "--format", "json").stdout)
    shown = cli("--db", db_url, "show", article["id"], "--annotations")
    assert shown.exit_code == 1 and "storyline annotate" in shown.stderr


def test_ingest_without_annotation_leaves_the_stories_alone(cli, db_url, write):
    # An annotated article waits to be placed; an ingest that was told not to annotate does not
    # cluster either (the stories are a later stage's business: `storyline cluster`).
    cli("--db", db_url, "ingest", str(write("library.txt", ARTICLE)), "--no-cluster")
    other = ARTICLE.replace("Sundays", "Saturdays").replace("Mondays", "Tuesdays")
    summary = json.loads(
        cli(
            "--db", db_url, "ingest", str(write("other.txt", other)), "--no-annotate", "--format", "json"
        ).stdout
    )
    assert summary["new"] == 1 and "annotate" not in summary and "cluster" not in summary
    assert json.loads(cli("--db", db_url, "stories", "--format", "json").stdout) == []


def test_evaluate_ner_and_timeml_json_contract(cli, write):
    conll = write("tiny.conll", "Ann\tB-PER\nSmith\tI-PER\nvisited\tO\nParis\tB-LOC\n.\tO\n")
    scores = json.loads(cli("evaluate", "ner", str(conll), "--format", "json").stdout)
    assert set(scores["per_type"]) == {"PER", "ORG", "LOC"}
    assert {"precision", "recall", "f1"} == set(scores["micro"]) and scores["words_per_second"] > 0
    table = cli("evaluate", "ner", str(conll))
    assert table.exit_code == 0 and "micro" in table.stdout

    tml = write(
        "docs/one.tml",
        '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>one</DOCID>\n'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-14" functionInDocument="CREATION_TIME">'
        "March 14, 2024</TIMEX3></DCT>\n<TEXT>The council met "
        '<TIMEX3 tid="t1" type="DATE" value="2024-03-12">on Tuesday</TIMEX3>.</TEXT>\n</TimeML>\n',
    )
    timeml = json.loads(cli("evaluate", "timeml", str(tml.parent), "--format", "json").stdout)
    assert {"strict", "relaxed", "value", "words_per_second"} <= set(timeml)
    assert timeml["relaxed"]["recall"] == 1.0 and timeml["value"]["f1"] == 1.0
    missing = cli("evaluate", "ner", str(conll.parent / "nope.conll"))
    assert missing.exit_code == 1 and "nope.conll" in missing.stderr
