"""`storyline export`: the tables in every format, one story's files, the documented schema, errors."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, REPO

from storyline.errors import StorylineError
from storyline.export import TABLES, export_stories
from storyline.export.records import ColumnType, column_paths
from storyline.store import Store, open_store

# An article about something else, so that the store holds two stories.
LIBRARY = (
    "Library opens on Sundays\n\nBy Dana Frey\n\n"
    "The city library of Brenholt will open on Sundays from next month, the council said on Friday.\n\n"
    "Opening hours will be paid for by closing two branch libraries on Mondays, officials said.\n\n"
    "© 2024 City Post"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store file holding the examples' story and a one-article story, annotated and clustered.

    A file, not conftest's in-memory `examples_store`, because the CLI opens the store by URL."""
    from storyline.ingest import IngestOptions, ingest
    from storyline.language.annotator import LanguageOptions, annotate_store
    from storyline.stories.update import update_stories

    folder = tmp_path_factory.mktemp("store")
    (folder / "library.txt").write_text(LIBRARY, encoding="utf-8")
    url = f"sqlite:///{folder / 'storyline.db'}"
    store = open_store(url)
    ingest([str(EXAMPLES / "articles"), str(folder / "library.txt")], store, IngestOptions())
    annotate_store(store, LanguageOptions(workers=1))
    update_stories(store)
    assert len(store.list_stories()) == 2
    store.close()
    return url


@pytest.fixture(scope="module")
def story_store(db: str) -> Store:
    return open_store(db)


@pytest.fixture(scope="module")
def exported(story_store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every story exported once in each table format: format -> folder."""
    folders = {}
    for format in ("jsonl", "csv", "parquet"):
        folders[format] = tmp_path_factory.mktemp(format) / "out"
        report = export_stories(story_store, folders[format], format=format)
        assert [p.name for p in report.files] == [f"{name}.{format}" for name in TABLES]
    return folders


def read_jsonl(folder: Path, table: str) -> list[dict[str, Any]]:
    with (folder / f"{table}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def read_csv(folder: Path, table: str) -> tuple[list[str], list[dict[str, str]]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def one_line(text: str) -> str:
    """The terminal wraps long error messages; join them back."""
    return " ".join(text.split())


def conforms(value: Any, kind: ColumnType) -> bool:
    """`value` has exactly the fields and the types the schema gives (None allowed for scalars)."""
    if isinstance(kind, list):
        return isinstance(value, list) and all(conforms(item, kind[0]) for item in value)
    if isinstance(kind, dict):
        return (
            isinstance(value, dict)
            and list(value) == list(kind)
            and all(conforms(value[k], t) for k, t in kind.items())
        )
    python = {"string": str, "int": int, "float": (int, float), "bool": bool, "map<string,string>": dict}
    return value is None or (isinstance(value, python[kind]) and (kind == "bool") == isinstance(value, bool))


def test_jsonl_rows_have_exactly_the_documented_columns(exported):
    for name, table in TABLES.items():
        rows = read_jsonl(exported["jsonl"], name)
        assert rows, name
        bad = [row for row in rows if not conforms(row, table.columns)]
        assert not bad, f"{name}: {bad[0]}"


def test_tables_hold_what_the_json_commands_print(story_store, exported):
    (big, small) = story_store.list_stories()
    articles = read_jsonl(exported["jsonl"], "articles")
    assert {a["id"] for a in articles} == {a.id for a in story_store.iter_articles()}
    assert {a["story"] for a in articles} == {big.id, small.id}
    assert read_jsonl(exported["jsonl"], "stories") == [big.to_dict(), small.to_dict()]

    from storyline.claims import claims_of_story
    from storyline.timelines import timeline_of_story

    timelines = read_jsonl(exported["jsonl"], "timelines")
    assert [
        {k: v for k, v in row.items() if k != "story"} for row in timelines if row["story"] == big.id
    ] == [entry.to_dict() for entry in timeline_of_story(story_store, big.id).entries]
    claims = read_jsonl(exported["jsonl"], "claims")
    assert [{k: v for k, v in row.items() if k != "story"} for row in claims if row["story"] == big.id] == [
        claim.to_dict() for claim in claims_of_story(story_store, big.id)
    ]


def test_sentences_carry_their_text_and_the_annotations_starting_in_them(story_store, exported):
    texts = {a["id"]: a["text"] for a in read_jsonl(exported["jsonl"], "articles")}
    sentences = read_jsonl(exported["jsonl"], "sentences")
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in sentences:
        assert row["text"] == texts[row["article"]][row["start"] : row["end"]]
        by_article.setdefault(row["article"], []).append(row)
    assert set(by_article) == set(texts)
    for article, rows in by_article.items():
        notes = story_store.get_annotations(article)
        assert [r["index"] for r in rows] == list(range(len(notes.sentences)))
        for column, records in (
            ("times", notes.times),
            ("entities", notes.entities),
            ("figures", notes.quantities),
            ("quotes", notes.attributions),
        ):
            assert sum(len(r[column]) for r in rows) == len(records), (article, column)
        for row, following in zip(rows, [*rows[1:], None], strict=True):
            limit = following["start"] if following else len(texts[article])
            for column in ("times", "entities", "figures", "quotes"):
                assert all(row["start"] <= a["start"] < limit for a in row[column])


def test_parquet_reads_back_as_the_jsonl(exported):
    pq = pytest.importorskip("pyarrow.parquet")
    for name, table in TABLES.items():
        read = pq.read_table(exported["parquet"] / f"{name}.parquet")
        assert read.schema.names == list(table.columns)
        rows = read_jsonl(exported["jsonl"], name)
        assert read.num_rows == len(rows)
        back = read.to_pylist()
        if name == "articles":  # pyarrow reads a map back as key/value pairs
            back = [{**row, "provenance": dict(row["provenance"])} for row in back]
        assert back == json.loads(json.dumps(back)) and back == _floats(rows, name), name


def _floats(rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """JSON keeps a float that is whole as written (500); Parquet's float column gives 500.0."""
    if name == "sentences":
        for row in rows:
            for figure in row["figures"]:
                for key in ("value", "low", "high", "of"):
                    figure[key] = None if figure[key] is None else float(figure[key])
    if name == "claims":
        for row in rows:
            for value in row["values"]:
                value["value"] = None if value["value"] is None else float(value["value"])
                value["range"] = [None if x is None else float(x) for x in value["range"]]
    if name == "stories":
        for row in rows:
            for copy in row["copies"]:
                copy["similarity"] = None if copy["similarity"] is None else float(copy["similarity"])
    return rows


def test_csv_headers_rows_and_json_cells(exported):
    for name, table in TABLES.items():
        header, rows = read_csv(exported["csv"], name)
        assert header == table.csv_columns()
        json_rows = read_jsonl(exported["jsonl"], name)
        if name == "claims":
            # One line per value, the claim's fields repeated.
            assert len(rows) == sum(max(len(c["values"]), 1) for c in json_rows)
            lines = [(c, v) for c in json_rows for v in c["values"]]
            for line, (claim, value) in zip(rows, lines, strict=True):
                assert (line["id"], line["values.article"], line["values.text"]) == (
                    claim["id"],
                    value["article"],
                    value["text"],
                )
                assert json.loads(line["first_reported"]) == claim["first_reported"]
                assert json.loads(line["values.range"]) == value["range"]
                assert line["values.approx"] == ("true" if value["approx"] else "false")
        else:
            assert len(rows) == len(json_rows)
    # Nested cells are JSON text; null is an empty cell.
    _, articles = read_csv(exported["csv"], "articles")
    for line, row in zip(articles, read_jsonl(exported["jsonl"], "articles"), strict=True):
        assert json.loads(line["provenance"]) == row["provenance"]
        assert json.loads(line["agencies"]) == row["agencies"]
        assert line["text"] == row["text"]
        assert line["original_outlet"] == (row["original_outlet"] or "")
    _, timelines = read_csv(exported["csv"], "timelines")
    assert [json.loads(t["sources"]) for t in timelines] == [
        row["sources"] for row in read_jsonl(exported["jsonl"], "timelines")
    ]


def test_one_story_holds_only_its_articles(cli, db, story_store, tmp_path):
    big, small = story_store.list_stories()
    out = tmp_path / "nested" / "big"
    result = cli("--db", db, "export", big.id[:8], "--format", "jsonl", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "claims.jsonl" in result.stdout
    articles = read_jsonl(out, "articles")
    assert [a["id"] for a in articles] == big.articles and small.articles[0] not in big.articles
    assert {a["story"] for a in articles} == {big.id}
    assert {s["article"] for s in read_jsonl(out, "sentences")} == set(big.articles)
    assert [s["id"] for s in read_jsonl(out, "stories")] == [big.id]
    assert {t["story"] for t in read_jsonl(out, "timelines")} == {big.id}
    claims = read_jsonl(out, "claims")
    assert claims and {c["story"] for c in claims} == {big.id}
    # Every value names the article it comes from, one of the story's.
    assert {v["article"] for c in claims for v in c["values"]} <= set(big.articles)
    assert all(c["first_reported"]["article"] in big.articles for c in claims)

    result = cli("--db", db, "export", small.id, "--format", "csv", "--out", str(tmp_path / "small"))
    assert result.exit_code == 0, result.output
    _, rows = read_csv(tmp_path / "small", "articles")
    assert [r["id"] for r in rows] == small.articles


def test_timelinejs_and_markdown_give_one_file_per_story(cli, db, story_store, tmp_path):
    stories = story_store.list_stories()
    assert cli("--db", db, "export", "--all", "--format", "timelinejs", "--out", str(tmp_path)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{s.id}.timelinejs.json" for s in stories)
    viewer = json.loads((tmp_path / f"{stories[0].id}.timelinejs.json").read_text(encoding="utf-8"))
    assert viewer["title"]["text"]["headline"] and viewer["events"]
    assert all(re.fullmatch(r"\d{4}", event["start_date"]["year"]) for event in viewer["events"])

    out = tmp_path / "md"
    assert cli("--db", db, "export", stories[0].id, "--format", "markdown", "--out", str(out)).exit_code == 0
    (briefing,) = out.iterdir()
    text = briefing.read_text(encoding="utf-8")
    assert briefing.name == f"{stories[0].id}.md"
    assert text.startswith("---\n") and f"story: {stories[0].id}" in text and "## Summary" in text


def test_bad_input_is_a_clean_error(cli, db, tmp_path):
    out = tmp_path / "out"
    result = cli("--db", db, "export", "ffffffff", "--out", str(out))
    assert result.exit_code == 1 and "no story with id 'ffffffff'" in result.stderr
    assert not out.exists()  # nothing written for a story that is not there

    result = cli("--db", db, "export", "--all", "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 2 and "xlsx" in result.output

    file = tmp_path / "taken.txt"
    file.write_text("keep me", encoding="utf-8")
    result = cli("--db", db, "export", "--all", "--out", str(file))
    assert result.exit_code == 1 and f"{file} is a file" in one_line(result.stderr)
    assert file.read_text(encoding="utf-8") == "keep me"

    for args in ([], ["3a85", "--all"]):
        result = cli("--db", db, "export", *args, "--out", str(out))
        assert result.exit_code == 2 and "give a story id or --all" in result.stderr
    with pytest.raises(ValueError, match="unknown export format 'xlsx'"):
        export_stories(open_store(db), out, format="xlsx")


def test_parquet_without_pyarrow_says_what_to_install(story_store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(StorylineError, match=re.escape("pip install 'storyline[parquet]'")):
        export_stories(story_store, tmp_path / "out", format="parquet")
    assert not (tmp_path / "out").exists()


def test_docs_describe_every_column_with_its_type():
    docs = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    for name, table in TABLES.items():
        section = docs.split(f"\n## `{name}`\n", 1)[1].split("\n## ", 1)[0]
        documented = dict(re.findall(r"^\| `([^`]+)` \| ([^|]+?) \| .+ \|$", section, flags=re.M))
        assert documented == column_paths(table.columns), name
    # The CSV spelling of the claims' values is listed too.
    for column in TABLES["claims"].csv_columns():
        assert f"`{column}`" in docs
