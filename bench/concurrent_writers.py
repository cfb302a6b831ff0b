"""Two full `storyline ingest` runs at once (ingest, annotate, cluster), on a new store and on an
existing one, SQLite and PostgreSQL: how often a run fails and what is lost or doubled.

    .venv/bin/python bench/concurrent_writers.py [--rounds 3] [--articles 200] [--writers 2]
                                                 [--backend sqlite|postgresql|both]

Each round writes a fresh store: "new" means no schema yet, so the runs race in its migration too;
"existing" means a store opened (migrated) before they start. Counted per round: runs that exited
non-zero or printed a traceback, articles missing from the store, annotated articles not in
exactly one story. PostgreSQL runs on a throw-away server (scripts/postgres).

Measured (2 shared cores, --rounds 6 --articles 100 --writers 2; runs failed of 12 per line):

    before    SQLite new 6 (4 "table ... already exists" at open, 2 IntegrityError on
              story_members), SQLite existing 5, PostgreSQL new 6, existing 6 (UniqueViolation
              on story_members); no article missing, none placed twice
    after     0 failed everywhere; every article stored, annotated and placed once
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Each topic its own words, so that the clusterer has several stories to tell apart.
TOPICS = [
    ("ferry", "Ferry crossings to Marrow Island", "storms kept the boats in harbour", "Captain Ilse Varga"),
    ("bridge", "Kessel bridge", "engineers found cracks in a concrete pillar", "engineer Tomas Brandt"),
    ("strike", "Oldport bakers' strike", "the union rejected the bakeries' wage offer", "baker Mira Sol"),
    ("flood", "Varn river flood", "the water rose above the levees near the mill", "mayor Anouk Dree"),
    ("election", "Tessin mayoral election", "the board ordered a recount of ballots", "candidate Piet Holm"),
]


def write_articles(folder: Path, count: int) -> None:
    """Fictional reports on a few topics over a few weeks, as Markdown with front matter."""
    folder.mkdir(parents=True)
    for number in range(count):
        key, subject, cause, person = TOPICS[number % len(TOPICS)]
        day = 1 + (number // len(TOPICS)) % 28
        (folder / f"{key}-{number:04d}.md").write_text(
            "---\n"
            f"title: {subject}, update {number}\n"
            f"date: 2024-03-{day:02d}\n"
            f"outlet: Gazette {number % 3}\n"
            "---\n\n"
            f"{subject}: {cause}, said {person} on day {day}. "
            f"{number + 3} residents wrote to the council, and {person} promised answers "
            f"within {number % 9 + 1} days.\n",
            encoding="utf-8",
        )


@dataclass
class Round:
    failures: int = 0  # runs that exited non-zero or printed a traceback
    missing: int = 0  # articles not stored
    unplaced: int = 0  # annotated articles in no story
    doubled: int = 0  # articles in more than one story (rows of story_members)
    errors: Counter[str] = field(default_factory=Counter)  # the failed runs' last error lines


def ingest_at_once(url: str, folder: Path, writers: int) -> list[subprocess.CompletedProcess[str]]:
    command = [sys.executable, "-m", "storyline", "--db", url, "ingest", str(folder), "--format", "json"]
    wide = {**os.environ, "COLUMNS": "400"}  # an error message on one line, to be counted
    runs = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=wide
        )
        for _ in range(writers)
    ]
    done = []
    for run in runs:
        out, err = run.communicate(timeout=900)
        done.append(subprocess.CompletedProcess(command, run.returncode, out, err))
    return done


def count_round(url: str, articles: int, runs: list[subprocess.CompletedProcess[str]]) -> Round:
    from sqlalchemy import create_engine, text

    result = Round()
    for run in runs:
        if run.returncode != 0 or "Traceback" in run.stderr:
            result.failures += 1
            # The exception's own line, not SQLAlchemy's "Background on this error" after it.
            lines = [line for line in run.stderr.splitlines() if "Error" in line or "error:" in line]
            result.errors[lines[-1].strip()[:200] if lines else f"exit {run.returncode}"] += 1
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
            members = Counter(conn.execute(text("SELECT article_id FROM story_members")).scalars())
            annotated = set(conn.execute(text("SELECT article_id FROM annotations")).scalars())
    except Exception as exc:  # noqa: BLE001 - a store without tables counts as everything missing
        stored, members, annotated = 0, Counter(), set()
        result.errors["store unreadable: " + str(exc).splitlines()[0][:160]] += 1
    finally:
        engine.dispose()
    result.missing = articles - int(stored)
    result.unplaced = len(annotated - members.keys())
    result.doubled = sum(1 for n in members.values() if n > 1)
    return result


class Postgres:
    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="storyline-postgres-")
        started = subprocess.run(
            [str(REPO / "scripts" / "postgres"), "start", self.folder], capture_output=True, text=True
        )
        if started.returncode != 0:
            raise SystemExit(f"no PostgreSQL server: {started.stderr.strip()}")
        self.url = started.stdout.strip()
        self.databases = 0

    def new_database(self) -> str:
        from sqlalchemy import create_engine, make_url, text

        self.databases += 1
        name = f"writers_{self.databases}"
        admin = create_engine(self.url.replace("postgresql://", "postgresql+psycopg://", 1))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        subprocess.run([str(REPO / "scripts" / "postgres"), "stop", self.folder], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    from storyline.store import open_store

    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "news"
        write_articles(folder, args.articles)
        postgres = Postgres() if "postgresql" in backends else None
        try:
            for backend in backends:
                for kind in ("new", "existing"):
                    totals = Round()
                    for number in range(args.rounds):
                        if backend == "sqlite":
                            url = f"sqlite:///{Path(scratch) / f'{kind}-{number}.db'}"
                        else:
                            assert postgres is not None
                            url = postgres.new_database()
                        if kind == "existing":
                            open_store(url).close()
                        found = count_round(url, args.articles, ingest_at_once(url, folder, args.writers))
                        totals.failures += found.failures
                        totals.missing += found.missing
                        totals.unplaced += found.unplaced
                        totals.doubled += found.doubled
                        totals.errors.update(found.errors)
                    print(
                        f"{backend:10} {kind:8} runs failed {totals.failures}/{args.rounds * args.writers}, "
                        f"missing {totals.missing}/{args.rounds * args.articles}, "
                        f"unplaced {totals.unplaced}, doubled {totals.doubled}",
                        flush=True,
                    )
                    for error, times in totals.errors.most_common():
                        print(f"    {times} × {error}", flush=True)
        finally:
            if postgres is not None:
                postgres.stop()


if __name__ == "__main__":
    main()
