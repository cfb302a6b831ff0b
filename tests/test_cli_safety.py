"""The CLI against hostile data: markup and control characters in what it prints, choices it must
refuse, stores that are not there, and the quarantine's retry and clear."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.store import open_store
from storyline.untrusted import for_terminal

# Rich markup, a stray bracket and a trailing backslash, an emoji code, ANSI and C1 escapes, a bell
# and a right-to-left override: each must come out as it is written here, or made visible.
TITLE = "Vote [/bold] x[ red].txt \\[b] :cat: \x1b[31mred\x07 \x9b2J \u202egnp.exe"
OUTLET = "Post [/red] [bold]\x1b]0;owned\x07"
BODY = (
    "The city council [/red] of Brenholt voted on Friday to open the library on Sundays, officials said.\n\n"
    "The mayor said the plan costs 40,000 euros \x1b[2J a year."
)
FILE_NAME = "red].txt [bold] x[ \x1b[31m\u202e.json"
MISSING_NAME = "missing [/bold] \x1b[31m.txt"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A store holding one story told by an article with hostile title, outlet, text and file name,
    and a quarantine entry of a hostile name; its URL and the folder of its inputs."""
    from typer.testing import CliRunner

    from storyline.cli import app

    folder = tmp_path_factory.mktemp("hostile")
    (folder / FILE_NAME).write_text(
        json.dumps({"title": TITLE, "outlet": OUTLET, "text": BODY, "published": "2024-03-08"}),
        encoding="utf-8",
    )
    url = f"sqlite:///{folder / 'store.db'}"
    result = CliRunner().invoke(
        app, ["--db", url, "ingest", str(folder / FILE_NAME), str(folder / MISSING_NAME)]
    )
    assert result.exit_code == 0, result.output
    return url, folder


def _story(cli, url: str) -> str:
    (story,) = json.loads(cli("--db", url, "stories", "--format", "json").stdout)
    return story["id"]


def _assert_literal(result, *texts: str) -> None:
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x9b" not in result.output and "\u202e" not in result.output
    for text in texts:
        assert for_terminal(text) in result.output, (text, result.output)


def test_every_view_prints_the_data_as_it_is(cli, hostile, monkeypatch):
    from storyline import cli as cli_module

    monkeypatch.setattr(cli_module.console, "_width", 400)  # no title cut short by the table
    url, _ = hostile
    story = _story(cli, url)
    (article,) = json.loads(cli("--db", url, "articles", "--format", "json").stdout)
    views = {
        ("articles",): [TITLE, "Post [/red]", "red].txt [bold] x["],  # outlet and file cut short
        ("stories",): [TITLE],
        ("show", article["id"]): [TITLE, OUTLET, "The city council [/red] of Brenholt", "\x1b[2J"],
        ("show", article["id"], "--annotations"): [TITLE, "[/red]", "\x1b[2J"],
        ("story", story): [TITLE, OUTLET],
        ("claims", story): [OUTLET],
        ("quotes", story): [OUTLET],
        ("compare", story): [OUTLET],
        ("quarantine",): [MISSING_NAME],
    }
    for args, texts in views.items():
        _assert_literal(cli("--db", url, *args), *texts)


def test_marks_land_on_their_words_after_a_control_character(hostile):
    from rich.console import Console
    from rich.text import Text

    from storyline.cli_render import STYLES, print_annotations

    printed: list[Text] = []

    class Recorder(Console):
        def print(self, *objects, **options) -> None:  # type: ignore[override]
            printed.extend(o for o in objects if isinstance(o, Text))

    store = open_store(hostile[0], create=False)
    (article,) = store.iter_articles()
    notes = store.get_annotations(article.id)
    assert notes is not None
    print_annotations(Recorder(), article, notes)
    (sentence,) = [t for t in printed if "\\x1b[2J" in t.plain]
    marked = {sentence.plain[s.start : s.end] for s in sentence.spans if s.style == STYLES["TIME"]}
    # "a year" comes after the escape, which is shown as five characters in place of one.
    assert "a year" in marked and marked <= {t.text for t in notes.times}


def test_ingest_and_errors_print_sources_and_reasons_literally(cli, hostile, tmp_path):
    url, folder = hostile
    again = cli("--db", url, "ingest", str(folder / FILE_NAME), str(folder / MISSING_NAME))
    assert "\x1b" not in again.output
    assert f"quarantined {for_terminal(str(folder / MISSING_NAME))}: no such file" in again.stderr

    unknown = cli("--db", url, "show", "[/bold]\x1b[31m")
    assert unknown.exit_code == 1 and "\x1b" not in unknown.output
    assert "no article with id '[/bold]\\x1b[31m'" in unknown.stderr


def test_text_views_on_a_terminal_show_control_characters(cli, hostile, monkeypatch):
    from storyline import cli as cli_module

    url, _ = hostile
    story = _story(cli, url)
    piped = cli("--db", url, "brief", story)
    assert "\x1b[31m" in piped.stdout  # to a file or a pipe, the briefing is the data as it is
    monkeypatch.setattr(cli_module, "_stdout_is_a_terminal", lambda: True)
    for args in (["brief", story], ["timeline", story], ["timeline", story, "--format", "markdown"]):
        result = cli("--db", url, *args)
        assert result.exit_code == 0 and "\x1b" not in result.stdout, args
    assert for_terminal(TITLE) in cli("--db", url, "brief", story).stdout


def test_json_keeps_the_data_and_escapes_what_a_terminal_would_run(cli, hostile):
    url, _ = hostile
    result = cli("--db", url, "articles", "--format", "json")
    assert not set(result.stdout) & {"\x1b", "\x9b", "\u202e", "\x07"}
    (article,) = json.loads(result.stdout)
    assert (article["title"], article["outlet"]) == (TITLE, OUTLET)


def test_options_with_fixed_values_refuse_others(cli, hostile):
    url, _ = hostile
    story = _story(cli, url)
    for option, bad, valid in (
        ("--verdict", "conflicts", "'conflict'"),
        ("--kind", "figures", "'figure'"),
    ):
        result = cli("--db", url, "claims", story, option, bad)
        assert result.exit_code == 2 and bad in result.output and valid in result.output
    chosen = cli("--db", url, "claims", story, "--kind", "figure", "--format", "json")
    assert chosen.exit_code == 0 and {c["kind"] for c in json.loads(chosen.stdout)} == {"figure"}
    result = cli("evaluate", "ner", "nothing.conll", "--nlp", "bert")
    assert result.exit_code == 2 and "'minilm'" in result.output


READ_COMMANDS = [
    ["stories"],
    ["story", "abc"],
    ["articles"],
    ["show", "abc"],
    ["timeline", "abc"],
    ["claims", "abc"],
    ["quotes", "abc"],
    ["compare", "abc"],
    ["brief", "abc"],
    ["export", "abc", "--out", "exported"],
    ["quarantine"],
    ["quarantine", "--retry"],
    ["quarantine", "--clear"],
    ["annotate"],
    ["cluster"],
    ["serve"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_only_ingest_creates_a_store(cli, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STORYLINE_DB", raising=False)
    result = cli(*command)
    assert result.exit_code == 1, result.output
    assert result.stderr == "error: no store at storyline.db (run storyline ingest first, or give --db)\n"
    assert list(tmp_path.iterdir()) == []


def test_a_missing_store_named_by_db_is_refused_and_not_made(cli, tmp_path):
    path = tmp_path / "elsewhere.db"
    result = cli("--db", f"sqlite:///{path}", "stories")
    assert result.exit_code == 1 and f"no store at {path}" in result.stderr and not path.exists()
    empty = tmp_path / "empty.db"
    empty.touch()  # a file, but no store in it
    result = cli("--db", f"sqlite:///{empty}", "articles")
    assert result.exit_code == 1 and f"no store at {empty}: it holds no Storyline tables" in result.stderr
    assert empty.stat().st_size == 0


ARTICLE = (
    "Library opens on Sundays\n\n"
    "The city library will open on Sundays from next month, the council said on Friday.\n\n"
    "Opening hours will be paid for by closing two branch libraries on Mondays, officials said."
)


def _quarantine(cli, url: str) -> dict[str, str]:
    result = cli("--db", url, "quarantine", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["source"]: row["reason"] for row in json.loads(result.stdout)}


def _retry(cli, url: str, *args: str) -> dict[str, dict[str, str | None]]:
    result = cli("--db", url, "quarantine", "--retry", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {entry["source"]: entry for entry in json.loads(result.stdout)["entries"]}


def test_retry_stores_what_now_reads_and_keeps_the_rest(cli, db_url, write, tmp_path):
    mistyped = tmp_path / "library.txt"
    other = ARTICLE.replace("Sundays", "Saturdays").replace("Mondays", "Tuesdays")
    record = write(
        "dump.jsonl",
        "".join(
            json.dumps({"copy": text, "headline": title}) + "\n"
            for text, title in ((ARTICLE, "Sunday opening"), (other, "Saturday opening"))
        ),
    )
    gone = tmp_path / "gone.txt"
    result = cli("--db", db_url, "ingest", str(mistyped), str(record), str(gone), "--no-annotate")
    assert result.exit_code == 1  # nothing stored
    cli("--db", db_url, "ingest", "-", "--no-annotate", input="")
    lines = [f"{record}:1", f"{record}:2"]
    assert set(_quarantine(cli, db_url)) == {str(mistyped), *lines, str(gone), "<stdin>"}

    # The mistyped file is there now; the record needs its field mapped; the others cannot be read.
    mistyped.write_text(ARTICLE, encoding="utf-8")
    entries = _retry(cli, db_url, "--field", "text=copy")
    assert {source: entry["status"] for source, entry in entries.items()} == {
        str(mistyped): "stored",
        lines[0]: "stored",
        lines[1]: "stored",
        str(gone): "not retried",
        "<stdin>": "not retried",
    }
    assert set(_quarantine(cli, db_url)) == {str(gone), "<stdin>"}
    articles = json.loads(cli("--db", db_url, "articles", "--format", "json").stdout)
    assert sorted(a["title"] for a in articles) == [
        "Library opens on Sundays",
        "Saturday opening",
        "Sunday opening",
    ]
    # Retried articles are annotated and placed, as ingest does.
    assert len(json.loads(cli("--db", db_url, "stories", "--format", "json").stdout)) >= 1


def test_retry_keeps_the_old_bytes_when_the_input_fails_again_with_others(cli, db_url, write):
    bad = write("bad.json", "{not json")
    cli("--db", db_url, "ingest", str(bad), "--no-annotate")
    assert _retry(cli, db_url)[str(bad)]["status"] == "quarantined"
    assert len(json.loads(cli("--db", db_url, "quarantine", "--format", "json").stdout)) == 1  # no twin

    bad.write_text("[still not json", encoding="utf-8")
    entry = _retry(cli, db_url)[str(bad)]
    assert entry["status"] == "quarantined" and "malformed JSON" in str(entry["now"])
    rows = json.loads(cli("--db", db_url, "quarantine", "--format", "json").stdout)
    assert [row["source"] for row in rows] == [str(bad), str(bad)]  # both versions' bytes are kept

    bad.write_text(json.dumps({"text": ARTICLE.split("\n\n", 1)[1], "title": "Fixed"}), encoding="utf-8")
    assert _retry(cli, db_url)[str(bad)]["status"] == "stored"
    assert _quarantine(cli, db_url) == {}


def test_a_missing_file_that_fails_once_there_is_replaced(cli, db_url, tmp_path):
    path = tmp_path / "later.json"
    cli("--db", db_url, "ingest", str(path), "--no-annotate")
    path.write_text("{oops", encoding="utf-8")
    entry = _retry(cli, db_url)[str(path)]
    assert entry["status"] == "quarantined"
    # The entry that held no bytes gives way to the one that does.
    (reason,) = _quarantine(cli, db_url).values()
    assert reason.startswith("malformed JSON")


def test_retry_text_summary(cli, db_url, tmp_path):
    cli("--db", db_url, "ingest", str(tmp_path / "nowhere.txt"), "--no-annotate")
    result = cli("--db", db_url, "quarantine", "--retry")
    assert result.exit_code == 0
    assert "not retried" in result.stdout and "retried 0 of 1 entry" in result.stdout


def test_clear_removes_only_what_it_is_told(cli, db_url, tmp_path):
    paths = [str(tmp_path / f"missing-{n}.txt") for n in range(3)]
    cli("--db", db_url, "ingest", *paths, "--no-annotate")
    unknown = cli("--db", db_url, "quarantine", "--clear", paths[0], "nope.txt")
    assert unknown.exit_code == 1 and "not in the quarantine: 'nope.txt'" in unknown.stderr
    assert set(_quarantine(cli, db_url)) == set(paths)  # nothing cleared

    one = cli("--db", db_url, "quarantine", "--clear", paths[0])
    assert one.exit_code == 0 and "removed 1 entry" in one.stdout
    assert set(_quarantine(cli, db_url)) == set(paths[1:])
    assert json.loads(cli("--db", db_url, "quarantine", "--clear", "--format", "json").stdout) == {
        "cleared": 2
    }
    assert _quarantine(cli, db_url) == {}

    both = cli("--db", db_url, "quarantine", "--retry", "--clear")
    assert both.exit_code == 2 and "not both" in both.stderr
    stray = cli("--db", db_url, "quarantine", "--field", "text=body")
    assert stray.exit_code == 2 and "go with --retry" in stray.stderr
