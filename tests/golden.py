"""What Storyline tells of a folder of news, command by command, as hashes of the exact output.

A change meant to keep behaviour (a refactoring) keeps every hash: `tests/test_golden.py` checks
them. A change meant to alter what Storyline tells updates them, and says so in its commit:

    .venv/bin/python tests/golden.py --update

Only hashes are kept: the seeds are not ours to copy, and a hash shows a change as well as a copy.
The outputs are the same whatever PYTHONHASHSEED is (checked with three); a new release of a
parser we depend on (trafilatura, spaCy) may change them, and then the update says which.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HASHES = Path(__file__).resolve().parent / "golden_hashes.json"
# The folders, as paths from the repository: stored sources are these paths, the same everywhere.
FOLDERS = {"examples": "examples/articles", "seeds": "../shared/seeds"}


def outputs(folder: str) -> dict[str, str]:
    """The sha256 of every output of the stories told of `folder`: name -> hash."""
    from typer.testing import CliRunner

    from storyline.cli import app

    runner = CliRunner()
    found: dict[str, str] = {}
    with _in(REPO), tempfile.TemporaryDirectory(prefix="storyline-golden-") as scratch:
        db = f"sqlite:///{Path(scratch) / 'golden.db'}"

        def run(name: str, *args: str) -> str:
            result = runner.invoke(app, ["--db", db, *args], catch_exceptions=False)
            assert result.exit_code == 0, f"{' '.join(args)}: {result.output}"
            if name:
                found[name] = _sha(result.stdout.encode())
            return result.stdout

        run("", "ingest", folder, "--format", "json")
        articles = json.loads(run("articles", "articles", "--format", "json"))
        stories = json.loads(run("stories", "stories", "--format", "json"))
        for story in stories:
            short = story["id"][:8]
            run(f"story {short}", "story", story["id"], "--format", "json")
            run(f"timeline {short}", "timeline", story["id"], "--format", "json")
            run(f"claims {short}", "claims", story["id"], "--format", "json")
            run(f"quotes {short}", "quotes", story["id"], "--format", "json")
            run(f"brief {short}", "brief", story["id"])
        for article in articles:
            run(f"show {article['id'][:8]}", "show", article["id"], "--annotations", "--format", "json")
        for fmt in ("jsonl", "csv", "markdown", "timelinejs"):
            out = Path(scratch) / fmt
            run("", "export", "--all", "--format", fmt, "--out", str(out))
            for path in sorted(out.iterdir()):
                found[f"export {fmt} {path.name}"] = _sha(path.read_bytes())
    return found


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _in(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def main() -> None:
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: tests/golden.py --update   (writes tests/golden_hashes.json)")
    hashes = {name: outputs(folder) for name, folder in FOLDERS.items() if (REPO / folder).is_dir()}
    HASHES.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {HASHES}: " + ", ".join(f"{name} {len(h)} outputs" for name, h in hashes.items()))


if __name__ == "__main__":
    main()
