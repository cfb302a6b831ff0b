"""Read the quarantine's inputs again: those that now ingest cleanly leave it, the others stay.

    report = retry_quarantined(store)
    [(entry.source, entry.status) for entry in report.entries]

Each entry names its input (a file, a URL) or a record inside one (`feed.xml#link`,
`dump.jsonl:3`, `pages.zip!a.html`): the input that holds it is ingested again, as
`storyline ingest` would, with the options given (a `--field` mapping that was missing, a larger
`--max-size`). An entry whose input is not there (a mistyped path, standard input) is not retried
and stays. Nothing the quarantine keeps is dropped unless something newer holds it: a failure
again with other bytes keeps the old entry beside the new one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from storyline.ingest import IngestOptions, ingest
from storyline.models import IngestReport, Rejected, sha256_hex
from storyline.runners import Runner
from storyline.store import Store

__all__ = ["RetriedEntry", "RetryReport", "retry_quarantined", "retry_target"]

STORED = "stored"  # read cleanly now: left the quarantine
QUARANTINED = "quarantined"  # failed again: still in the quarantine
NOT_RETRIED = "not retried"  # no input to read again

_NO_BYTES = sha256_hex(b"")


@dataclass(slots=True)
class RetriedEntry:
    source: str
    reason: str  # why it was quarantined
    status: str  # STORED, QUARANTINED or NOT_RETRIED
    now: str | None = None  # the reasons it failed again, or why it was not retried

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason, "status": self.status, "now": self.now}


@dataclass(slots=True)
class RetryReport:
    entries: list[RetriedEntry] = field(default_factory=list)
    runs: list[IngestReport] = field(default_factory=list)  # one ingest run per input read again

    def count(self, status: str) -> int:
        return sum(1 for entry in self.entries if entry.status == status)

    @property
    def new(self) -> int:
        """Articles stored by the retry: those the annotate and cluster stages have to see to."""
        return sum(run.new + run.versions for run in self.runs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entries": [entry.to_dict() for entry in self.entries],
            "stored": self.count(STORED),
            "quarantined": self.count(QUARANTINED),
            "not_retried": self.count(NOT_RETRIED),
            "new": self.new,
            "runs": [run.to_dict() for run in self.runs],
        }


def retry_quarantined(
    store: Store,
    options: IngestOptions | None = None,
    *,
    sources: list[str] | None = None,
    runner: Runner | None = None,
) -> RetryReport:
    """Ingest again the inputs of the quarantine's entries (all, or those of these `sources`) and
    say what became of each entry."""
    entries = store.quarantined(sources)
    report = RetryReport()
    by_target: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        target = retry_target(entry["source"])
        if target is None:
            report.entries.append(
                RetriedEntry(entry["source"], entry["reason"], NOT_RETRIED, _why_not(entry["source"]))
            )
        else:
            by_target.setdefault(target, []).append(entry)
    forget: list[int] = []
    # One run per input, so that each failure is told apart from another input's (a URL's
    # failure carries the address it was redirected to, not the one in the entry).
    for target, held in by_target.items():
        run = ingest([target], store, options, runner=runner)
        report.runs.append(run)
        for entry in held:
            again = run.quarantined if entry["source"] == target else _of(run.quarantined, entry["source"])
            if not again:
                report.entries.append(RetriedEntry(entry["source"], entry["reason"], STORED))
                forget.append(entry["id"])
                continue
            report.entries.append(
                RetriedEntry(
                    entry["source"],
                    entry["reason"],
                    QUARANTINED,
                    "; ".join(dict.fromkeys(_failure(item, entry["source"]) for item in again)),
                )
            )
            if _superseded(entry, again):
                forget.append(entry["id"])
    store.forget_quarantined(forget)
    return report


def retry_target(source: str) -> str | None:
    """The input to read again for a quarantined source: itself, or the file or URL that holds
    the record; None when there is nothing to read (standard input, a path that is not there)."""
    if source.startswith("<stdin>"):
        return None
    if source.startswith(("http://", "https://")):
        return _fetched_url(source)
    if os.path.exists(source):
        return source
    candidate = source
    # A container is a file: `notes#2` is not the folder `notes`.
    while (cut := _container_end(candidate)) is not None:
        candidate = candidate[:cut]
        if os.path.isfile(candidate):
            return candidate
    return None


def _container_end(source: str) -> int | None:
    """Where the name of the container ends in `path#record`, `path!member` or `path:line`."""
    cuts = [source.rfind("#"), source.rfind("!")]
    path, colon, line = source.rpartition(":")
    if colon and path and line.isdigit():
        cuts.append(len(path))
    cut = max(cuts)
    return cut if cut > 0 else None


def _fetched_url(source: str) -> str:
    # A fragment is never fetched: after '#' comes a feed entry or an archived page.
    url = source.split("#", 1)[0].split("!", 1)[0]
    parts = urlsplit(url)
    path, colon, line = parts.path.rpartition(":")
    if colon and line.isdigit():  # a line of a fetched JSON Lines file (not a port: that is no path)
        url = url[: len(url) - len(line) - 1]
    return url


def _why_not(source: str) -> str:
    if source.startswith("<stdin>"):
        return "read from standard input: ingest it again from a file"
    return "not there any more (no such file or folder)"


def _failure(item: Rejected, source: str) -> str:
    return item.reason if item.source == source else f"{item.source}: {item.reason}"


def _of(rejected: list[Rejected], source: str) -> list[Rejected]:
    return [item for item in rejected if item.source == source]


def _superseded(entry: dict[str, Any], again: list[Rejected]) -> bool:
    """Whether a new entry holds all the old one did: the same bytes (or the old had none) and
    another reason; the very same failure is the old entry itself (the store keeps it once)."""
    old = entry["raw_sha256"] or _NO_BYTES
    for item in again:
        sha = sha256_hex(item.raw)
        if item.source == entry["source"] and item.reason == entry["reason"] and sha == old:
            return False
    return any(old in (_NO_BYTES, sha256_hex(item.raw)) for item in again)
