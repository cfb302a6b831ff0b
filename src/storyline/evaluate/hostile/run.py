"""Run each hostile case as a user would: `storyline ingest` on it and four good files, then read.

A case is *handled* when the run exits 0 without a traceback, in time, stores the four good files,
treats the bad input as the case expects (stored, or quarantined with a reason naming the trouble),
and prints nothing raw to the terminal. Otherwise it is *mishandled*, *lost* (a good file is
missing), *crashed* (a traceback, a signal or a failing exit) or *hung* (killed at the bound).
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from storyline.evaluate.hostile.cases import CASES, HostileCase, write_good_files

Outcome = Literal["handled", "mishandled", "lost", "crashed", "hung"]
OUTCOMES: tuple[Outcome, ...] = ("handled", "mishandled", "lost", "crashed", "hung")

# A safety net for the machine, not the figure: the figure is each run's measured peak.
_ADDRESS_SPACE_LIMIT = 8 * 1024**3
# What must never reach a terminal from data: C0 controls but tab and newline, DEL, C1 controls.
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(slots=True)
class CaseResult:
    name: str
    what: str
    outcome: Outcome
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    peak_mb: float | None = None  # the ingest process's largest resident size (subprocess runs only)


@dataclass(slots=True)
class HostileReport:
    results: list[CaseResult]

    def counts(self) -> dict[str, int]:
        counted = Counter(result.outcome for result in self.results)
        return {"tried": len(self.results), **{outcome: counted[outcome] for outcome in OUTCOMES}}

    def worst_memory(self) -> CaseResult | None:
        measured = [result for result in self.results if result.peak_mb is not None]
        return max(measured, key=lambda result: result.peak_mb or 0.0, default=None)

    def to_dict(self) -> dict[str, Any]:
        worst = self.worst_memory()
        return {
            **self.counts(),
            "worst_memory": {"case": worst.name, "peak_mb": worst.peak_mb} if worst else None,
            "cases": [asdict(result) for result in self.results],
        }


@dataclass(slots=True)
class _Ran:
    exit_code: int | None  # None: killed at the bound
    output: str
    seconds: float
    peak_mb: float | None = None


def evaluate_hostile(
    names: Sequence[str] | None = None,
    *,
    on_progress: Callable[[str], None] | None = None,
) -> HostileReport:
    """Every case (or those named), each in its own `storyline ingest` process."""
    cases = [case for case in CASES if not names or case.name in names]
    unknown = set(names or ()) - {case.name for case in cases}
    if unknown:
        raise ValueError(f"no hostile case named {', '.join(sorted(unknown))}")
    results = []
    with tempfile.TemporaryDirectory(prefix="storyline-hostile-") as folder:
        for number, case in enumerate(cases, start=1):
            if on_progress:
                on_progress(f"{number}/{len(cases)} {case.name}")
            results.append(run_case(case, Path(folder) / case.name))
    return HostileReport(results)


def run_case(case: HostileCase, folder: Path, *, in_process: bool = False) -> CaseResult:
    """Build the case in `folder` (new), ingest it beside the good files and judge what happened."""
    from storyline.store import open_store

    good = write_good_files(folder / "good")
    bad_folder = folder / "bad"
    bad_folder.mkdir(parents=True)
    targets = case.build(bad_folder)
    url = f"sqlite:///{folder / 'store.db'}"
    run = _run_cli(["--db", url, *_ingest_arguments(case, good, targets)], case, in_process)
    result = CaseResult(case.name, case.what, "handled", seconds=round(run.seconds, 2), peak_mb=run.peak_mb)
    if run.exit_code is None:
        result.outcome = "hung"
        result.problems.append(f"still running after {_hang_bound(case):.0f} s: killed")
        return result
    _judge_exit(run, "ingest", result)
    if run.exit_code == 0 and run.seconds > case.seconds:
        result.problems.append(f"took {run.seconds:.1f} s, over the {case.seconds:g} s bound")
        _worsen(result, "mishandled")
    store = open_store(url)
    sources = {article.source: article for article in store.iter_articles()}
    missing = [path for path in good if path not in sources]
    if missing:
        result.problems.append("good files not stored: " + ", ".join(Path(p).name for p in missing))
        _worsen(result, "lost")
    prefixes = tuple(str(Path(target)) for target in targets)
    bad_articles = [a for source, a in sources.items() if source.startswith(prefixes)]
    rejected = [row for row in store.quarantined() if str(row["source"]).startswith(prefixes)]
    summary = _summary(run.output)
    # Feed entries without a body are kept as links: stored, though not as articles.
    _judge_expectation(case, bad_articles or ([None] if summary.get("links") else []), rejected, result)
    if case.annotate:
        _judge_annotation(summary, bad_articles, store, result)
    commands = [("quarantine",), *case.commands]
    for command in commands:
        arguments = [bad_articles[0].id if part == "@bad" and bad_articles else part for part in command]
        if "@bad" in arguments:
            continue
        shown = _run_cli(["--db", url, *arguments], case, in_process)
        if shown.exit_code is None:
            result.problems.append(f"`{' '.join(command)}` hung")
            _worsen(result, "hung")
        else:
            _judge_exit(shown, " ".join(command), result)
    return result


def _ingest_arguments(case: HostileCase, good: list[str], targets: list[str]) -> list[str]:
    arguments = ["ingest", *good, *targets, "--format", "json"]
    return arguments if case.annotate else [*arguments, "--no-annotate"]


def _judge_exit(run: _Ran, what: str, result: CaseResult) -> None:
    if "Traceback (most recent call last)" in run.output:
        last = [line for line in run.output.strip().splitlines() if line.strip()][-1:]
        result.problems.append(f"{what}: traceback ({last[0][:200] if last else ''})")
        _worsen(result, "crashed")
    elif run.exit_code != 0:
        result.problems.append(f"{what}: exit {run.exit_code}: {run.output.strip()[-200:]!r}")
        _worsen(result, "crashed" if (run.exit_code or 0) < 0 else "mishandled")
    raw = _RAW_CONTROL.search(run.output)
    if raw:
        result.problems.append(f"{what}: printed a raw control character {raw.group()!r}")
        _worsen(result, "mishandled")


def _judge_expectation(
    case: HostileCase, stored: list[Any], rejected: list[dict[str, Any]], result: CaseResult
) -> None:
    words = [word.casefold() for word in case.reason]
    named = [row for row in rejected if not words or any(w in str(row["reason"]).casefold() for w in words)]
    wanted_stored = case.expect in ("stored", "stored+quarantined")
    wanted_named = case.expect in ("quarantined", "stored+quarantined")
    if wanted_stored and not stored:
        result.problems.append("the input was not stored" + _reasons(rejected))
    if wanted_named and not named:
        result.problems.append(
            f"not quarantined with a reason naming {' / '.join(case.reason) or 'the trouble'}"
            + _reasons(rejected)
        )
    if case.expect == "either" and not (stored or rejected):
        result.problems.append("neither stored nor named in the quarantine")
    if result.problems and result.outcome == "handled":
        result.outcome = "mishandled"


def _reasons(rejected: list[dict[str, Any]]) -> str:
    return f" (quarantined: {'; '.join(str(r['reason']) for r in rejected[:3])})" if rejected else ""


def _summary(output: str) -> dict[str, Any]:
    """The JSON summary `ingest --format json` printed (after any warnings)."""
    start = output.find("{\n")
    try:
        summary = json.JSONDecoder().raw_decode(output[start:])[0] if start >= 0 else {}
    except ValueError:
        return {}
    return summary if isinstance(summary, dict) else {}


def _judge_annotation(summary: dict[str, Any], stored: list[Any], store: Any, result: CaseResult) -> None:
    """An article of the case is annotated, or reported as not annotated with a reason."""
    failed = {item.get("article") for item in summary.get("annotate", {}).get("failed", [])}
    for article in stored:
        if store.get_annotations(article.id) is None and article.id not in failed:
            result.problems.append(f"article {article.id[:8]} was neither annotated nor reported")
            _worsen(result, "mishandled")


def _worsen(result: CaseResult, outcome: Outcome) -> None:
    if OUTCOMES.index(outcome) > OUTCOMES.index(result.outcome):
        result.outcome = outcome


def _hang_bound(case: HostileCase) -> float:
    return max(60.0, 2 * case.seconds)


def _run_cli(arguments: list[str], case: HostileCase, in_process: bool) -> _Ran:
    if in_process:
        return _run_in_process(arguments)
    return _run_process([sys.executable, "-m", "storyline", *arguments], _hang_bound(case))


def _run_in_process(arguments: list[str]) -> _Ran:
    """The CLI in this process (for tests): a traceback is an exception the runner caught."""
    import traceback

    from typer.testing import CliRunner

    from storyline.cli import app

    started = time.perf_counter()
    outcome = CliRunner().invoke(app, arguments, env={"COLUMNS": "160"})
    output = outcome.output
    if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
        output += "".join(traceback.format_exception(outcome.exception))
    return _Ran(outcome.exit_code, output, time.perf_counter() - started)


def _run_process(command: list[str], bound: float) -> _Ran:
    """Run `command`, killing it at `bound` seconds; its peak memory from the kernel's accounting."""
    environment = {**os.environ, "COLUMNS": "160", "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,
            preexec_fn=_limit_address_space,
        )
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > bound:
                os.killpg(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                output.seek(0)
                text = output.read().decode("utf-8", "replace")
                return _Ran(None, text, time.perf_counter() - started, round(usage.ru_maxrss / 1024, 1))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    return _Ran(process.returncode, text, seconds, round(usage.ru_maxrss / 1024, 1))


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_ADDRESS_SPACE_LIMIT, _ADDRESS_SPACE_LIMIT))
