"""The `storyline` command: each command parses its options, calls one library function and prints."""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from storyline.cli_render import line, shown
from storyline.errors import NoSuchStore, StorylineError
from storyline.ingest import IngestOptions, ingest
from storyline.ingest.limits import FETCH_SECONDS, MAX_INPUT_BYTES
from storyline.models import Article, IngestReport
from storyline.store import DEFAULT_DB_URL, Store, open_store
from storyline.untrusted import for_json, for_spreadsheet, for_terminal

if TYPE_CHECKING:
    # The language stage loads spaCy and our models: imported only by the commands that use it,
    # so that listing articles stays instant.
    from storyline.language.annotator import AnnotateReport, LanguageOptions
    from storyline.runners import Runner
    from storyline.stories.update import ClusterReport

_T = TypeVar("_T")

app = typer.Typer(
    help="Storyline: read a pile of raw news and tell the story in it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
evaluate_app = typer.Typer(help="Measure Storyline against gold data and benchmarks.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")

# Data reaches the terminal as `shown(...)` Text; our own words need neither emoji nor highlighting.
console = Console(emoji=False, highlight=False)
errors = Console(stderr=True, emoji=False, highlight=False)


class OutputFormat(StrEnum):
    json = "json"
    table = "table"
    csv = "csv"


class ScoreFormat(StrEnum):
    json = "json"
    table = "table"


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"


class Runners(StrEnum):
    local = "local"
    processes = "processes"
    ray = "ray"


class _State:
    db_url: str = DEFAULT_DB_URL
    runner: Runners = Runners.local
    ray_address: str | None = None


state = _State()

_MAX_MB = MAX_INPUT_BYTES / 1_000_000


@app.callback()
def main_options(
    db: Annotated[
        str,
        typer.Option("--db", envvar="STORYLINE_DB", help="Store URL: sqlite:///file.db or postgresql://..."),
    ] = DEFAULT_DB_URL,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False,
    runner: Annotated[
        Runners,
        typer.Option(
            "--runner",
            envvar="STORYLINE_RUNNER",
            help="Where the stages' work runs: this process (local), all cores (processes), or Ray (ray).",
        ),
    ] = Runners.local,
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", envvar="RAY_ADDRESS", help="The Ray cluster to use with --runner ray."),
    ] = None,
) -> None:
    state.db_url = db
    state.runner = runner
    state.ray_address = ray_address
    _set_up_logging(verbose)


class _VisibleFormatter(logging.Formatter):
    """Log lines quote data (a file name, a parser's message): its control characters are shown."""

    def format(self, record: logging.LogRecord) -> str:
        return for_terminal(super().format(record))


def _set_up_logging(verbose: bool) -> None:
    """Our warnings on stderr (everything with --verbose); the libraries' own chatter about the
    pages they parse ("discarding data: None") only when it is an error. Set anew for each
    command, so that a command run in-process writes to the stderr it has now."""
    handler = logging.StreamHandler()
    handler.setFormatter(_VisibleFormatter("%(levelname)s %(name)s: %(message)s"))
    if not verbose:
        handler.addFilter(
            lambda record: record.name.startswith("storyline") or record.levelno >= logging.ERROR
        )
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler], force=True)


def _open(*, create: bool = False) -> Store:
    """The store of --db; only `ingest` creates one, the other commands need it to be there."""
    try:
        return open_store(state.db_url, create=create)
    except NoSuchStore as exc:
        _fail(f"{exc} (run storyline ingest first, or give --db)")
    except StorylineError as exc:
        _fail(str(exc))


def _on_store(function: Callable[..., _T], *args: Any, **options: Any) -> _T:
    """`function(store, *args, **options)`; an unknown story or a bad argument is a clean error."""
    try:
        return function(_open(), *args, **options)
    except (StorylineError, ValueError) as exc:
        _fail(str(exc))


def _print_json(data: Any, default: Callable[[Any], Any] | None = None) -> None:
    sys.stdout.write(for_json(json.dumps(data, ensure_ascii=False, indent=2, default=default)) + "\n")


def _fail(message: str, code: int = 1) -> NoReturn:
    errors.print(line(("error:", "red"), " ", message), soft_wrap=True)
    raise typer.Exit(code)


def _parse_fields(pairs: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            _fail(f"--field expects OURS=THEIRS, like text=body (got {pair!r})", code=2)
        fields[ours.strip()] = theirs.strip()
    return fields


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, '-' for stdin, or http(s) URLs.")],
    output: Annotated[
        SummaryFormat, typer.Option("--format", help="Summary as text or JSON.")
    ] = SummaryFormat.text,
    field: Annotated[
        list[str], typer.Option("--field", help="Map a JSON field: --field text=body --field published=date.")
    ] = [],  # noqa: B006 - Typer reads the default, it is never mutated
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow URLs on private or loopback addresses.")
    ] = False,
    max_size: Annotated[float, typer.Option("--max-size", help="Largest input file, in MB.")] = _MAX_MB,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a URL.")] = FETCH_SECONDS,
    annotate: Annotated[
        bool, typer.Option("--annotate/--no-annotate", help="Run the language stage on new articles.")
    ] = True,
    nlp: Annotated[
        str | None,
        typer.Option(
            "--nlp",
            help="Entities from spacy:NAME (an installed spaCy pipeline) or minilm (the transformer extra).",
        ),
    ] = None,
    cluster: Annotated[
        bool, typer.Option("--cluster/--no-cluster", help="Place annotated new articles in stories.")
    ] = True,
    dates_from_folders: Annotated[
        bool,
        typer.Option(
            "--dates-from-folders",
            help="Folders named by date (2011-01-25/) are the publication dates: they win over date lines.",
        ),
    ] = False,
) -> None:
    """Read news files into the store: clean text, metadata with provenance, a quarantine for bad input.

    New articles are then annotated (sentences, times, entities, figures, quotes) unless --no-annotate,
    and placed in stories unless --no-cluster. What an interrupted run left undone is done too: run
    the same command again after a crash or a kill.
    """
    options = IngestOptions(
        fields=_parse_fields(field),
        allow_private=allow_private,
        max_bytes=int(max_size * 1_000_000),
        timeout=timeout,
        dates_from_folders=dates_from_folders,
    )
    store = _open(create=True)
    show_progress = output is SummaryFormat.text and errors.is_terminal
    # One runner for ingest and annotate: Ray then starts once per command, not once per stage;
    # closed before clustering, which runs here.
    runner = _open_runner()
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=errors,
            transient=True,
            disable=not show_progress,
        ) as progress:
            total = _count_inputs(paths)
            task = progress.add_task("ingesting", total=total)

            def advance(report: IngestReport, source: str) -> None:
                progress.update(
                    task, advance=1, description=f"{report.new} new, {len(report.quarantined)} quarantined"
                )

            try:
                report = ingest(paths, store, options, on_progress=advance, runner=runner)
            except StorylineError as exc:
                _fail(str(exc))
        summary = report.to_dict()
        if annotate:
            _annotate_after_ingest(store, report.new, nlp, show_progress, runner, summary)
    finally:
        runner.close()
    # Stories are told from annotations: --no-annotate leaves the stories as they are too.
    if annotate and cluster:
        _cluster_after_ingest(store, show_progress, summary)
    if output is SummaryFormat.json:
        _print_json(summary)
    else:
        _print_summary(report)
        if "annotate" in summary:
            _print_annotate_summary(summary["annotate"])
        if "cluster" in summary:
            _print_cluster_summary(summary["cluster"])
    stored = report.new + report.duplicates + report.links
    if stored == 0:
        raise typer.Exit(1)


def _annotate_after_ingest(
    store: Store, new: int, nlp: str | None, show_progress: bool, runner: Runner, summary: dict[str, Any]
) -> None:
    from storyline.language.annotator import LanguageOptions, annotator_version

    language = LanguageOptions(nlp=nlp)
    # New articles, or those an interrupted run left: an ingest run again finishes the job.
    if new or store.count_to_annotate(annotator_version(language)):
        summary["annotate"] = _run_annotate(store, language, show_progress, runner).to_dict()


def _cluster_after_ingest(store: Store, show_progress: bool, summary: dict[str, Any]) -> None:
    if summary.get("annotate") or store.count_to_cluster() or store.stale_stories():
        summary["cluster"] = _run_cluster(store, show_progress).to_dict()


def _count_inputs(paths: list[str]) -> int | None:
    """How many files the progress bar should expect (None for stdin and URLs)."""
    total = 0
    for path in paths:
        if path == "-" or "://" in path:
            return None
        if os.path.isdir(path):
            total += sum(len([f for f in files if not f.startswith(".")]) for _, _, files in os.walk(path))
        else:
            total += 1
    return total


def _print_summary(report: IngestReport) -> None:
    console.print(
        f"read {report.read}, new {report.new}, duplicates {report.duplicates}"
        + (f", new versions {report.versions}" if report.versions else "")
        + (f", feed links {report.links}" if report.links else "")
        + f", quarantined {len(report.quarantined)}  ({report.seconds:.1f} s)",
        highlight=False,
    )
    for item in report.quarantined:
        errors.print(line(("quarantined", "yellow"), f" {item.source}: {item.reason}"), soft_wrap=True)


@app.command("annotate")
def annotate_command(
    output: Annotated[
        SummaryFormat, typer.Option("--format", help="Summary as text or JSON.")
    ] = SummaryFormat.text,
    redo: Annotated[bool, typer.Option("--redo", help="Annotate again articles that already are.")] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=0, help="Processes or Ray workers (0: one per core); 2 or more runs processes."
        ),
    ] = 0,
    nlp: Annotated[
        str | None,
        typer.Option(
            "--nlp",
            help="Entities from spacy:NAME (an installed spaCy pipeline) or minilm (the transformer extra).",
        ),
    ] = None,
) -> None:
    """Annotate stored articles: sentences, time expressions, entities, figures and who said what.

    Resumable: articles that already carry annotations of this version are skipped.
    """
    from storyline.language.annotator import LanguageOptions

    store = _open()
    show_progress = output is SummaryFormat.text and errors.is_terminal
    report = _run_annotate(store, LanguageOptions(nlp=nlp, workers=workers, redo=redo), show_progress)
    if output is SummaryFormat.json:
        _print_json(report.to_dict())
    else:
        _print_annotate_summary(report.to_dict())
    if report.failed and not report.annotated:
        raise typer.Exit(1)


def _run_annotate(
    store: Store, options: LanguageOptions, show_progress: bool, runner: Runner | None = None
) -> AnnotateReport:
    """The language stage on the caller's `runner` (left open), or on one opened for it."""
    from storyline.language.annotator import annotate_store

    with _spinner("annotating", show_progress) as say:
        try:
            with nullcontext(runner) if runner else _open_runner(options.workers) as used:
                return annotate_store(
                    store, options, on_progress=lambda r: say(f"annotated {r.annotated}"), runner=used
                )
        except StorylineError as exc:
            _fail(str(exc))


def _open_runner(workers: int = 0) -> Runner:
    from storyline.runners import open_runner

    # `--workers N` asks for N processes: the local runner has only this one.
    name = "processes" if state.runner is Runners.local and workers > 1 else state.runner.value
    try:
        return open_runner(name, workers=workers, ray_address=state.ray_address)
    except StorylineError as exc:
        _fail(str(exc))


@contextmanager
def _spinner(description: str, show: bool) -> Iterator[Callable[[str], None]]:
    """A transient spinner on stderr for a stage of unknown length; yields a way to update its text."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=not show,
    ) as progress:
        task = progress.add_task(description, total=None)
        yield lambda text: progress.update(task, description=text)


def _print_annotate_summary(summary: dict[str, object]) -> None:
    console.print(
        f"annotated {summary['annotated']} articles, {summary['sentences']} sentences "
        f"({summary['sentences_per_second']} sentences/s on {summary['workers']} processes)",
        highlight=False,
    )
    failed = summary["failed"]
    assert isinstance(failed, list)
    for item in failed:
        errors.print(
            line(("not annotated", "yellow"), f" {item['article']}: {item['reason']}"), soft_wrap=True
        )
    incomplete = summary.get("incomplete", [])
    assert isinstance(incomplete, list)
    for item in incomplete:
        errors.print(
            line(("annotated in part", "yellow"), f" {item['article']}: {item['reason']}"), soft_wrap=True
        )


@app.command("cluster")
def cluster_command(
    output: Annotated[
        SummaryFormat, typer.Option("--format", help="Summary as text or JSON.")
    ] = SummaryFormat.text,
) -> None:
    """Place annotated articles in stories: copies with their originals, the rest by what they report.

    Incremental and resumable: placed articles stay where they are, so story ids are stable.
    """
    store = _open()
    report = _run_cluster(store, output is SummaryFormat.text and errors.is_terminal)
    if output is SummaryFormat.json:
        _print_json(report.to_dict())
    else:
        _print_cluster_summary(report.to_dict())


def _run_cluster(store: Store, show_progress: bool) -> ClusterReport:
    from storyline.stories.update import update_stories

    with _spinner("clustering", show_progress) as say:
        try:
            return update_stories(store, on_progress=lambda r: say(f"placed {r.placed}"))
        except StorylineError as exc:
            _fail(str(exc))


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def _print_cluster_summary(summary: dict[str, Any]) -> None:
    console.print(
        f"placed {_count(summary['placed'], 'article')}: {_count(summary['new_stories'], 'new story', 'new stories')}, "
        f"{_count(summary['copies'], 'copy', 'copies')}; {_count(summary['stories'], 'story', 'stories')} in all "
        f"({summary['seconds']:.1f} s)",
        highlight=False,
    )
    for article, day in summary["inferred_dates"].items():
        console.print(line(f"inferred publication date of {article}: {day}"))
    for item in summary.get("failed", []):
        errors.print(line(("not placed", "yellow"), f" {item['article']}: {item['reason']}"), soft_wrap=True)
    if summary.get("waiting"):
        errors.print(
            f"[yellow]{summary['waiting']} articles wait for annotations[/yellow]: run `storyline annotate`",
            highlight=False,
        )


@app.command("stories")
def stories_command(
    output: Annotated[
        OutputFormat, typer.Option("--format", help="json, table or csv.")
    ] = OutputFormat.table,
) -> None:
    """List the stories, the largest first."""
    stories = _open().list_stories()
    if output is OutputFormat.json:
        _print_json([s.to_dict() for s in stories])
    elif output is OutputFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "title", "articles", "copies", "episodes", "start", "end", "entities"])
        for story in stories:
            writer.writerow(
                [
                    story.id,
                    for_spreadsheet(story.title),
                    len(story.articles),
                    len(story.copies),
                    len(story.episodes),
                    story.start or "",
                    story.end or "",
                    for_spreadsheet("; ".join(story.entities)),
                ]
            )
    else:
        table = Table(expand=True)
        table.add_column("id", no_wrap=True)
        table.add_column("articles", justify="right")
        table.add_column("episodes", justify="right")
        table.add_column("dates", no_wrap=True)
        table.add_column("title", overflow="ellipsis", no_wrap=True, ratio=1)
        for story in stories:
            dates = (
                f"{story.start} – {story.end}"
                if story.start and story.start != story.end
                else story.start or ""
            )
            table.add_row(
                story.id[:8],
                str(len(story.articles)),
                str(len(story.episodes)),
                shown(dates),
                shown(story.title),
            )
        console.print(table)


@app.command("story")
def story_command(
    story_id: Annotated[str, typer.Argument(help="A story id (or a unique prefix of one).")],
    output: Annotated[ScoreFormat, typer.Option("--format", help="json or table.")] = ScoreFormat.table,
) -> None:
    """Show one story: its episodes, its articles by outlet, and which of them are copies."""
    store = _open()
    try:
        story = store.get_story(story_id)
    except StorylineError as exc:
        _fail(str(exc))
    if output is ScoreFormat.json:
        _print_json(story.to_dict())
        return
    from storyline.cli_render import print_story

    print_story(console, story, {a.id: a for a in store.get_articles(story.articles)})


class TimelineFormat(StrEnum):
    json = "json"
    text = "text"
    markdown = "markdown"
    timelinejs = "timelinejs"


@app.command("timeline")
def timeline_command(
    story_id: Annotated[
        str | None, typer.Argument(help="A story id (or a unique prefix of one); or use --query.")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Build it from the articles naming any of these keywords.")
    ] = None,
    output: Annotated[
        TimelineFormat, typer.Option("--format", help="json, text, markdown or timelinejs.")
    ] = TimelineFormat.text,
    dates: Annotated[
        int | None,
        typer.Option("--dates", min=1, help="How many dates (default: all that matter, up to 40)."),
    ] = None,
    sentences: Annotated[int, typer.Option("--sentences", min=1, help="Sentences per date.")] = 2,
    start: Annotated[
        str | None, typer.Option("--from", help="Only dates on or after this day (YYYY-MM-DD).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Only dates on or before this day (YYYY-MM-DD).")
    ] = None,
) -> None:
    """The dated account of a story: what happened on each date, with every report that says so."""
    from datetime import date

    from storyline.timelines import TimelineOptions, timeline_of_query, timeline_of_story
    from storyline.timelines.render import to_markdown, to_text, to_timelinejs

    if (story_id is None) == (query is None):
        _fail("give a story id or --query KEYWORDS (one of the two)", code=2)
    try:
        start_day = date.fromisoformat(start) if start else None
        end_day = date.fromisoformat(end) if end else None
    except ValueError as exc:
        _fail(f"--from/--to expect a day like 2020-01-31 ({exc})", code=2)
    options = TimelineOptions(dates=dates, sentences=sentences, start=start_day, end=end_day)
    store = _open()
    try:
        if story_id is not None:
            timeline = timeline_of_story(store, story_id, options)
        else:
            assert query is not None
            timeline = timeline_of_query(store, query, options)
    except (StorylineError, ValueError) as exc:
        _fail(str(exc))
    if output is TimelineFormat.json:
        _print_json(timeline.to_dict())
        return
    ids = sorted({s.article for e in timeline.entries for s in e.sources})
    articles = {a.id: a for a in store.get_articles(ids, with_text=False)}
    if output is TimelineFormat.timelinejs:
        _print_json(to_timelinejs(timeline, articles))
    elif output is TimelineFormat.markdown:
        _write_text_out(to_markdown(timeline, articles))
    else:
        _write_text_out(to_text(timeline, articles))


class Verdict(StrEnum):
    agree = "agree"
    conflict = "conflict"
    single_source = "single-source"


class ClaimKind(StrEnum):
    figure = "figure"
    date = "date"
    cause = "cause"
    status = "status"


@app.command("claims")
def claims_command(
    story_id: Annotated[str, typer.Argument(help="A story id (or a unique prefix of one).")],
    output: Annotated[ScoreFormat, typer.Option("--format", help="json or table.")] = ScoreFormat.table,
    verdict: Annotated[
        Verdict | None,
        typer.Option("--verdict", help="Only claims with this verdict: agree, conflict, single-source."),
    ] = None,
    kind: Annotated[
        ClaimKind | None,
        typer.Option("--kind", help="Only claims of this kind: figure, date, cause, status."),
    ] = None,
) -> None:
    """A story's claims: figures, dates, causes and status its reports give, grouped across outlets, with a verdict."""
    from storyline.claims import claims_of_story

    claims = _on_store(claims_of_story, story_id)
    claims = [
        c for c in claims if (verdict is None or c.verdict == verdict) and (kind is None or c.kind == kind)
    ]
    if output is ScoreFormat.json:
        _print_json([c.to_dict() for c in claims])
        return
    # One block per claim: a line that says what and whether they agree, then each report's value.
    for claim in claims:
        sources = f"{claim.independent_sources} source" + ("s" if claim.independent_sources != 1 else "")
        console.print(
            line(
                (claim.subject, "bold"),
                f"  {claim.time or 'undated'}  {claim.kind}  ",
                (claim.verdict, _VERDICT_STYLE.get(claim.verdict, "white")),
                f"  ({sources}, {claim.id})",
            )
        )
        for value in claim.values:
            said = f"{value.date}: {value.text}" if claim.kind == "date" else value.text
            who = f" (per {value.attributed_to})" if value.attributed_to else ""
            console.print(line(f"    {value.outlet or value.article[:8]}: {said}{who}"))


_VERDICT_STYLE = {"agree": "green", "conflict": "red", "single-source": "yellow"}


@app.command("quotes")
def quotes_command(
    story_id: Annotated[str, typer.Argument(help="A story id (or a unique prefix of one).")],
    output: Annotated[ScoreFormat, typer.Option("--format", help="json or table.")] = ScoreFormat.table,
) -> None:
    """Who a story's reports quote (named, role, unnamed), by which outlets, and what they said."""
    from storyline.claims.quotes import quotes_of_story

    speakers = _on_store(quotes_of_story, story_id)
    if output is ScoreFormat.json:
        _print_json([s.to_dict() for s in speakers])
        return
    table = Table(box=None, header_style="bold")
    for column in ("speaker", "role", "outlets", "said"):
        table.add_column(column)
    for speaker in speakers:
        said = "\n".join(
            f"“{s.text[:90]}”" if s.kind == "quote" else s.text[:90] for s in speaker.statements[:3]
        )
        name = speaker.name + (" (unnamed)" if speaker.anonymous and "unnamed" not in speaker.name else "")
        table.add_row(shown(name), shown(speaker.role), shown(", ".join(speaker.outlets)), shown(said))
    console.print(table)


@app.command("compare")
def compare_command(
    story_id: Annotated[str, typer.Argument(help="A story id (or a unique prefix of one).")],
    outlets: Annotated[
        str | None,
        typer.Option(
            "--outlets", help="Only these outlets, comma-separated; their shared claims side by side."
        ),
    ] = None,
    output: Annotated[ScoreFormat, typer.Option("--format", help="json or table.")] = ScoreFormat.table,
) -> None:
    """Outlets side by side: claims each makes alone, what it copied, whom it agrees or conflicts with."""
    from storyline.claims.compare import compare_outlets

    result = _on_store(compare_outlets, story_id, outlets.split(",") if outlets else None)
    if output is ScoreFormat.json:
        _print_json(result)
        return
    table = Table(box=None, header_style="bold")
    for column in ("outlet", "reports", "alone", "copied", "agrees with", "conflicts with"):
        table.add_column(column)
    for row in result["outlets"]:
        table.add_row(
            shown(row["outlet"]),
            str(len(row["articles"])),
            shown("\n".join(item["text"] for item in row["alone"])),
            shown("\n".join(f"{c['published_by'] or c['article'][:8]} ({c['kind']})" for c in row["copied"])),
            shown(", ".join(f"{k} ({n})" for k, n in row["agrees_with"].items())),
            shown(", ".join(f"{k} ({len(v)})" for k, v in row["conflicts_with"].items())),
        )
    console.print(table)
    for item in result.get("shared", []):
        sides = "; ".join(f"{outlet}: {', '.join(texts) or '—'}" for outlet, texts in item["values"].items())
        console.print(line(f"{item['subject']} [{item['verdict']}]: {sides}"))


@app.command("brief")
def brief_command(
    story_id: Annotated[str, typer.Argument(help="A story id (or a unique prefix of one).")],
    llm: Annotated[
        str | None,
        typer.Option(
            "--llm",
            help="A command that rewrites the summary paragraph: it reads it on stdin and prints the new one.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """A Markdown briefing on a story: summary, timeline, key figures, disagreements, who said what."""
    from storyline.brief import brief_story

    text = _on_store(brief_story, story_id, summarise=_summary_rewriter(llm) if llm else None)
    if output is None:
        _write_text_out(text)
        return
    from storyline.export.files import write_text

    try:
        write_text(output, text)
    except StorylineError as exc:
        _fail(str(exc))
    console.print(line(f"wrote {output}"), soft_wrap=True)


def _write_text_out(text: str) -> None:
    """A text or Markdown view on stdout: to a terminal its control characters written out, to a
    file or a pipe as it is."""
    sys.stdout.write(for_terminal(text) if _stdout_is_a_terminal() else text)


def _stdout_is_a_terminal() -> bool:
    return sys.stdout.isatty()


def _summary_rewriter(command: str) -> Callable[[str], str]:
    import shlex
    import subprocess

    def rewrite(summary: str) -> str:
        try:
            done = subprocess.run(
                shlex.split(command), input=summary, capture_output=True, text=True, timeout=300, check=True
            )
        except (OSError, subprocess.SubprocessError) as exc:
            errors.print(line(("--llm failed, the extracted summary is kept:", "yellow"), f" {exc}"))
            return summary
        return done.stdout.strip() or summary

    return rewrite


_LIST_COLUMNS = [
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
]


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    timelinejs = "timelinejs"
    markdown = "markdown"


@app.command("export")
def export_command(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="A folder (created if missing): jsonl, csv and parquet write one file per table in it, "
            "timelinejs and markdown one file per story.",
        ),
    ],
    story_id: Annotated[
        str | None, typer.Argument(help="A story id (or a unique prefix of one); or use --all.")
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every story, and every article (also those in no story yet).")
    ] = False,
    output: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="jsonl, csv or parquet (tables: articles, sentences, stories, timelines, claims; "
            "see docs/export.md), timelinejs, or markdown (a briefing per story).",
        ),
    ] = ExportFormat.jsonl,
) -> None:
    """Export stories for other tools: their articles, sentences with annotations, timelines and claims."""
    from storyline.export import export_stories

    if (story_id is None) == (not every):
        _fail("give a story id or --all (one of the two)", code=2)
    report = _on_store(export_stories, out, format=output.value, story=story_id)
    for path in report.files:
        rows = report.rows.get(path.stem)
        console.print(
            line(f"wrote {path}" + (f" ({_count(rows, 'row')})" if rows is not None else "")), soft_wrap=True
        )


@app.command("articles")
def articles_command(
    output: Annotated[
        OutputFormat, typer.Option("--format", help="json, table or csv.")
    ] = OutputFormat.table,
) -> None:
    """List the stored articles."""
    store = _open()
    articles = store.iter_articles()
    if output is OutputFormat.json:
        _print_json([a.to_dict() for a in articles])
    elif output is OutputFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=[*_LIST_COLUMNS, "contributors", "language"])
        writer.writeheader()
        for article in articles:
            row = article.to_dict()
            writer.writerow(
                {
                    k: _csv_cell("; ".join(v) if isinstance(v, list) else v)
                    for k, v in row.items()
                    if k in writer.fieldnames
                }
            )
    else:
        table = Table(show_lines=False, expand=True)
        table.add_column("id", no_wrap=True)
        table.add_column("published", no_wrap=True)
        table.add_column("outlet", overflow="ellipsis", no_wrap=True, max_width=18)
        table.add_column("title", overflow="ellipsis", no_wrap=True, ratio=1)
        wide = console.width >= 110  # on a narrow terminal the title matters more than the file
        if wide:
            table.add_column("source", overflow="ellipsis", no_wrap=True, max_width=28)
        for article in articles:
            cells: list[str | Text] = [
                article.id[:8],
                shown(
                    (article.published or "")
                    + (" (inferred)" if article.published_from == "inferred" else "")
                ),
                shown(article.outlet),
                shown(article.title) if article.title else shown(article.text[:80], "dim"),
            ]
            table.add_row(*cells, *([shown(_short_source(article.source))] if wide else []))
        console.print(table)


def _csv_cell(value: object) -> object:
    return for_spreadsheet(value) if isinstance(value, str) else value


def _short_source(source: str) -> str:
    """The file name, or the record inside a container: enough to tell articles apart."""
    container, _, record = source.partition("#")
    name = container.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name}#{record.rstrip('/').rsplit('/', 1)[-1]}" if record else name


@app.command("show")
def show_command(
    article_id: Annotated[str, typer.Argument(help="Article id, or a unique prefix of it.")],
    output: Annotated[SummaryFormat, typer.Option("--format", help="text or json.")] = SummaryFormat.text,
    annotations: Annotated[
        bool, typer.Option("--annotations", help="Sentences with times, entities, figures and quotes marked.")
    ] = False,
) -> None:
    """Show one article: metadata with where each field came from, the text, and the removed lines."""
    store = _open()
    try:
        article = store.get_article(article_id)
    except StorylineError as exc:
        _fail(str(exc))
    found = store.get_annotations(article.id) if annotations else None
    if annotations and found is None:
        _fail(f"article {article.id} has no annotations yet: run `storyline annotate`")
    placed = store.story_of(article.id)
    if output is SummaryFormat.json:
        data = article.to_dict(with_removed=True)
        data["story"] = placed[0] if placed else None
        link = placed[1] if placed else None
        data["copy_of"] = (
            {
                "copy_of": link.copy_of,
                "similarity": link.similarity,
                "kind": link.kind,
                "original_outlet": link.original_outlet,
                "evidence": link.evidence,
            }
            if link is not None
            else None
        )
        if found is not None:
            data["annotations"] = found.to_dict()
        _print_json(data)
        return
    if found is not None:
        from storyline.cli_render import print_annotations

        print_annotations(console, article, found)
        return
    _print_article(article)
    if placed is not None:
        story, link = placed
        console.rule("story")
        console.print(line(f"in story {story}  (storyline story {story[:8]})"))
        if link is not None:
            source = link.copy_of or link.original_outlet or "another outlet"
            console.print(line(f"{link.kind} copy of {source}: {'; '.join(link.evidence)}"))


def _print_article(article: Article) -> None:
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("field")
    table.add_column("value")
    table.add_column("from", style="dim")
    # Every field of the article record, in its order; provenance is the third column.
    for name, value in article.to_dict().items():
        if name in ("provenance", "previous_version", "text"):
            continue
        text = ", ".join(value) if isinstance(value, list) else value
        table.add_row(name, shown(text), shown(article.provenance.get(name)))
    console.print(table)
    console.rule("text")
    console.print(shown(article.text))
    if article.removed:
        console.rule(f"removed lines ({len(article.removed)})")
        for removed in article.removed:
            console.print(
                line((f"{removed.line:>4}", "dim"), " ", (removed.reason, "cyan"), f": {removed.text}")
            )


@app.command("quarantine")
def quarantine_command(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only the entries of these sources, as the listing names them.", show_default=False
        ),
    ] = None,
    retry: Annotated[
        bool,
        typer.Option(
            "--retry",
            help="Ingest the entries' inputs again (files and URLs that are there); "
            "those that now read cleanly leave the quarantine.",
        ),
    ] = False,
    clear: Annotated[
        bool,
        typer.Option(
            "--clear",
            help="Remove the entries (all, or those of SOURCE...) and the raw bytes kept with them.",
        ),
    ] = False,
    output: Annotated[SummaryFormat, typer.Option("--format", help="text or json.")] = SummaryFormat.text,
    field: Annotated[
        list[str], typer.Option("--field", help="With --retry: map a JSON field, as for ingest.")
    ] = [],  # noqa: B006 - Typer reads the default, it is never mutated
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="With --retry: allow URLs on private or loopback addresses."),
    ] = False,
    max_size: Annotated[
        float, typer.Option("--max-size", help="With --retry: largest input file, in MB.")
    ] = _MAX_MB,
    timeout: Annotated[
        float, typer.Option("--timeout", help="With --retry: seconds to wait for a URL.")
    ] = FETCH_SECONDS,
) -> None:
    """List inputs that could not be ingested, with the reason; retry them, or clear them.

    Nothing leaves the quarantine unasked: --retry removes the entries whose input now reads
    cleanly, --clear those it is told to.
    """
    if retry and clear:
        _fail("give --retry or --clear, not both", code=2)
    if not retry and (field or allow_private or max_size != _MAX_MB or timeout != FETCH_SECONDS):
        _fail("--field, --allow-private, --max-size and --timeout go with --retry", code=2)
    store = _open()
    rows = store.quarantined(sources)
    if sources:
        listed = {row["source"] for row in rows}
        missing = [source for source in dict.fromkeys(sources) if source not in listed]
        if missing:
            _fail("not in the quarantine: " + ", ".join(repr(source) for source in missing))
    if clear:
        removed = store.forget_quarantined([row["id"] for row in rows])
        if output is SummaryFormat.json:
            _print_json({"cleared": removed})
        else:
            console.print(line(f"removed {_count(removed, 'entry', 'entries')} from the quarantine"))
        return
    if retry:
        options = IngestOptions(
            fields=_parse_fields(field),
            allow_private=allow_private,
            max_bytes=int(max_size * 1_000_000),
            timeout=timeout,
        )
        _retry_quarantine(store, sources, options, output)
        return
    if output is SummaryFormat.json:
        _print_json(rows, default=str)
        return
    for row in rows:
        console.print(line(f"{row['source']}: {row['reason']}"), soft_wrap=True)
    if not rows:
        console.print("quarantine is empty")


def _retry_quarantine(
    store: Store, sources: list[str] | None, options: IngestOptions, output: SummaryFormat
) -> None:
    from storyline.ingest.retry import NOT_RETRIED, QUARANTINED, STORED, retry_quarantined

    show_progress = output is SummaryFormat.text and errors.is_terminal
    runner = _open_runner()
    try:
        with _spinner("retrying the quarantine", show_progress):
            try:
                report = retry_quarantined(store, options, sources=sources, runner=runner)
            except StorylineError as exc:
                _fail(str(exc))
        summary = report.to_dict()
        # Stored now, so on to the next stages, as `storyline ingest` does.
        if report.new:
            _annotate_after_ingest(store, report.new, None, show_progress, runner, summary)
    finally:
        runner.close()
    if report.new:
        _cluster_after_ingest(store, show_progress, summary)
    if output is SummaryFormat.json:
        _print_json(summary)
        return
    styles = {STORED: "green", QUARANTINED: "yellow", NOT_RETRIED: "dim"}
    for entry in report.entries:
        if entry.status == STORED:
            said = f"{entry.source} (was: {entry.reason})"
        elif entry.status == QUARANTINED:
            said = f"{entry.source}: {entry.now}"
        else:
            said = f"{entry.source}: {entry.reason} ({entry.now})"
        console.print(line((f"{entry.status:<11}", styles[entry.status]), " ", said), soft_wrap=True)
    if not report.entries:
        console.print("quarantine is empty")
        return
    console.print(
        line(
            f"retried {len(report.entries) - report.count(NOT_RETRIED)} of {_count(len(report.entries), 'entry', 'entries')}: "
            f"{report.count(STORED)} stored ({_count(report.new, 'new article')}), "
            f"{report.count(QUARANTINED)} still quarantined, {report.count(NOT_RETRIED)} not retried"
        ),
        soft_wrap=True,
    )
    if "annotate" in summary:
        _print_annotate_summary(summary["annotate"])
    if "cluster" in summary:
        _print_cluster_summary(summary["cluster"])


@app.command("serve")
def serve_command(
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; another than 127.0.0.1 opens it to the network."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    warm: Annotated[
        bool,
        typer.Option(
            "--warm/--no-warm", help="Prepare every story's timeline, claims and briefing in the background."
        ),
    ] = True,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another name the server is reached by (repeatable; also STORYLINE_ALLOWED_HOSTS, "
            "comma-separated); requests for any other Host are refused.",
        ),
    ] = None,
) -> None:
    """The web app and the HTTP API over the store: pages at /, the API at /api, its docs at /docs.

    Writes (POST /api/ingest, POST /api/stages/...) need the token in STORYLINE_TOKEN, sent as
    `Authorization: Bearer TOKEN`; without STORYLINE_TOKEN the server refuses every write.
    Requests must name the server as 127.0.0.1, localhost, ::1, --host or an --allow-host name.
    """
    import uvicorn

    from storyline.api import LOCAL_HOSTS, create_app

    hosts = list(allow_host or [])
    if host not in ("0.0.0.0", "::"):  # every address of the machine: its names are not known here
        hosts.append(host)
    app_ = create_app(_open(), warm=warm, allowed_hosts=hosts)
    if host not in LOCAL_HOSTS:
        errors.print(line((f"listening on {host}: anyone who can reach it can read the store", "yellow")))
        if host in ("0.0.0.0", "::") and not allow_host:
            errors.print(
                "requests are answered only for localhost: add --allow-host NAME for the machine's names",
                highlight=False,
            )
    if app_.state.token is None:
        errors.print("writes are off: set STORYLINE_TOKEN to allow POST /api/ingest", highlight=False)
    console.print(line(f"Storyline on http://{host}:{port}/  (API docs at /docs)"))
    uvicorn.run(app_, host=host, port=port, log_level="warning")


@evaluate_app.command("ingest")
def evaluate_ingest_command(
    folder: Annotated[str, typer.Argument(help="A folder with articles and a gold.yaml describing them.")],
    gold: Annotated[str | None, typer.Option("--gold", help="Gold file (default: FOLDER/gold.yaml).")] = None,
    output: Annotated[SummaryFormat, typer.Option("--format", help="text or json.")] = SummaryFormat.text,
) -> None:
    """Score ingest on a folder with gold metadata and body lines (the seeds, examples/)."""
    from storyline.evaluate.ingest_gold import evaluate_folder

    try:
        result = evaluate_folder(folder, gold)
    except StorylineError as exc:
        _fail(str(exc))
    if output is SummaryFormat.json:
        _print_json(result.to_dict())
    else:
        console.print(shown(result.render()))
    if not result.passed:
        raise typer.Exit(1)


class TimeMLSplit(StrEnum):
    all = "all"
    dev = "dev"
    test = "test"


@evaluate_app.command("timeml")
def evaluate_timeml_command(
    folder: Annotated[str, typer.Argument(help="A folder of TimeML .tml files (searched recursively).")],
    output: Annotated[ScoreFormat, typer.Option("--format", help="json or table.")] = ScoreFormat.table,
    split: Annotated[
        TimeMLSplit, typer.Option("--split", help="all files, or our fixed dev (80 %) / test (20 %) part.")
    ] = TimeMLSplit.all,
) -> None:
    """Score the temporal tagger on TimeML: extent P/R/F1 (strict, relaxed), value F1, type accuracy."""
    from storyline.evaluate.timeml import evaluate_timeml

    try:
        result = evaluate_timeml(Path(folder), split=split.value)
    except (StorylineError, ValueError, OSError) as exc:
        _fail(str(exc))
    _print_scores(result, output, ["strict", "relaxed", "value"])


class NerModel(StrEnum):
    minilm = "minilm"


@evaluate_app.command("ner")
def evaluate_ner_command(
    path: Annotated[str, typer.Argument(help="A CoNLL file: token first, tag last (IOB1, IOB2 or IO).")],
    output: Annotated[ScoreFormat, typer.Option("--format", help="json or table.")] = ScoreFormat.table,
    nlp: Annotated[
        NerModel | None,
        typer.Option("--nlp", help="minilm: the fine-tuned transformer (optional extra) instead of the CRF."),
    ] = None,
) -> None:
    """Score the entity tagger on a CoNLL file: exact-span P/R/F1 for PER, ORG, LOC and micro."""
    from storyline.evaluate.ner import evaluate_ner

    try:
        result = evaluate_ner(Path(path), nlp=nlp.value if nlp else None)
    except (StorylineError, ValueError, OSError) as exc:
        _fail(str(exc))
    rows = {**result["per_type"], "micro": result["micro"]}
    _print_scores({**result, **rows}, output, list(rows))


@evaluate_app.command("t17")
def evaluate_t17_command(
    data: Annotated[
        str, typer.Option("--data", help="A Timeline17-style folder: outlet folders and _topics/.")
    ] = "../shared/data/t17",
    topics: Annotated[
        list[str] | None,
        typer.Option("--topics", help="Only these topics (repeat the option or use commas)."),
    ] = None,
    output: Annotated[ScoreFormat, typer.Option("--format", help="json or table.")] = ScoreFormat.table,
    keep: Annotated[
        str | None,
        typer.Option(
            "--store", help="Keep the ingested, annotated articles in this store URL (reused next time)."
        ),
    ] = None,
) -> None:
    """Run the Timeline17 protocol end to end and print AR1, AR2 and Date-F1 per timeline and mean."""
    from storyline.evaluate.t17 import evaluate_t17

    wanted = [t.strip() for part in topics or [] for t in part.split(",") if t.strip()] or None
    try:
        with _spinner("Timeline17", sys.stderr.isatty()) as say:
            report = evaluate_t17(Path(data), wanted, keep, on_progress=say)
    except (StorylineError, ValueError, OSError) as exc:
        _fail(str(exc))
    if output is ScoreFormat.json:
        _print_json(report.to_dict())
        return
    from storyline.cli_render import print_t17

    print_t17(console, report)


@evaluate_app.command("hostile")
def evaluate_hostile_command(
    cases: Annotated[
        list[str] | None, typer.Argument(help="Only these cases (default: all of them).")
    ] = None,
    output: Annotated[ScoreFormat, typer.Option("--format", help="json or table.")] = ScoreFormat.table,
) -> None:
    """Ingest each hostile or awkward input beside four good files, each in its own process, and
    count the cases handled, mishandled, lost, crashed or hung, with the worst peak memory."""
    from storyline.evaluate.hostile import evaluate_hostile

    try:
        with _spinner("hostile inputs", sys.stderr.isatty()) as say:
            report = evaluate_hostile(cases, on_progress=say)
    except ValueError as exc:
        _fail(str(exc), code=2)
    if output is ScoreFormat.json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=True) + "\n")
    else:
        table = Table(box=None, header_style="bold")
        for column in ("case", "outcome", "seconds", "peak MB", "problems"):
            table.add_column(column)
        for result in report.results:
            table.add_row(
                result.name,
                result.outcome,
                f"{result.seconds:.1f}",
                f"{result.peak_mb:.0f}" if result.peak_mb is not None else "",
                shown("; ".join(result.problems)),
            )
        console.print(table)
        counts = report.counts()
        worst = report.worst_memory()
        console.print(
            ", ".join(f"{name} {number}" for name, number in counts.items())
            + (f"; worst peak memory {worst.peak_mb:.0f} MB ({worst.name})" if worst else ""),
            highlight=False,
        )
    if report.counts()["handled"] != len(report.results):
        raise typer.Exit(1)


def _print_scores(result: dict[str, Any], output: ScoreFormat, rows: list[str]) -> None:
    if output is ScoreFormat.json:
        _print_json(result)
        return
    table = Table(box=None, header_style="bold")
    for column in ("", "precision", "recall", "f1"):
        table.add_column(column, justify="right" if column else "left")
    for name in rows:
        scores = result[name]
        table.add_row(shown(name), *(f"{scores[k]:.3f}" for k in ("precision", "recall", "f1")))
    console.print(table)
    extras = {k: v for k, v in result.items() if k not in rows and not isinstance(v, dict | list)}
    for key, value in extras.items():
        console.print(line(f"{key}: " + (f"{value:,.3f}" if isinstance(value, float) else str(value))))


def main() -> None:
    app()
