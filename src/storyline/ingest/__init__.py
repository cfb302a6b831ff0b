"""Ingest: from files, folders, URLs and stdin to clean, dated, attributed articles in a store.

The data travels `sources` (bytes) -> `readers` (documents) -> `chrome` (body and page
furniture) -> `metadata` (fields with provenance) -> the store, one transaction per group of
inputs. The inputs are listed here and read, cleaned and described by a runner's workers (this
process by default), a group of inputs at a time; this process writes what they give back, in
the inputs' order, so every runner stores the same articles.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.ingest.chrome import find_template_lines, lay_out
from storyline.ingest.limits import FETCH_SECONDS, MAX_INPUT_BYTES
from storyline.ingest.line_rules import normalise
from storyline.ingest.metadata import describe
from storyline.ingest.readers import ReaderOptions, read_blob
from storyline.ingest.sources import Blob, FileInput, Input, SourceOptions, iter_inputs, open_input
from storyline.models import Article, Document, FeedLink, IngestReport, InputResult, Rejected, sha256_hex
from storyline.runners import BatchWork, Runner
from storyline.runners.local import LocalRunner
from storyline.store import Store

__all__ = ["IngestOptions", "IngestWork", "ingest", "clean_documents"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestOptions:
    fields: dict[str, str] = field(default_factory=dict)  # --field text=body
    allow_private: bool = False
    max_bytes: int = MAX_INPUT_BYTES
    timeout: float = FETCH_SECONDS
    batch_size: int = 500  # documents per round of template statistics, and inputs per group
    group_bytes: int = 8_000_000  # input bytes per group: one transaction, one unit of work
    dates_from_folders: bool = False  # folders named by date are publication dates (see ReaderOptions)
    # A result per input in the report (`IngestReport.inputs`): for an upload, not for a million files.
    input_results: bool = False


ProgressCallback = Callable[[IngestReport, str], None]


def ingest(
    targets: Sequence[str],
    store: Store,
    options: IngestOptions | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    runner: Runner | None = None,
) -> IngestReport:
    """Read every target into the store and say what happened.

    >>> from storyline.store import open_store
    >>> report = ingest(["examples/"], open_store("sqlite://"))  # doctest: +SKIP
    >>> report.new, report.quarantined  # doctest: +SKIP
    (17, [])
    """
    options = options or IngestOptions()
    started = time.perf_counter()
    report = IngestReport(run_id=store.start_run("ingest " + " ".join(targets)))
    sources = SourceOptions(
        max_bytes=options.max_bytes, allow_private=options.allow_private, timeout=options.timeout
    )
    work = IngestWork(
        sources,
        ReaderOptions(fields=dict(options.fields), dates_from_folders=options.dates_from_folders),
        options.batch_size,
        store.connect_url,
    )
    groups = _groups(iter_inputs(targets, sources), options.batch_size, options.group_bytes)
    for outcomes in (runner or LocalRunner()).map_batches(work, groups, store):
        _write(outcomes, store, report, options.input_results)
        if on_progress:
            for outcome in outcomes:
                on_progress(report, outcome.source)
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, report.to_dict())
    return report


def _groups(
    inputs: Iterable[Input | Rejected], most: int, most_bytes: int
) -> Iterator[list[Input | Rejected]]:
    """Consecutive inputs, at most `most` of them or about `most_bytes` of them in a group."""
    group: list[Input | Rejected] = []
    size = 0
    for item in inputs:
        group.append(item)
        size += item.size if isinstance(item, FileInput) else len(item.data) if isinstance(item, Blob) else 0
        if len(group) >= most or size >= most_bytes:
            yield group
            group, size = [], 0
    if group:
        yield group


@dataclass(slots=True)
class _Known:
    """An input whose very bytes are in the store already: nothing to read again."""

    source: str
    sha: str
    documents: int


@dataclass(slots=True)
class InputOutcome:
    """What one input gave: its articles (with their raw bytes), feed links and rejections, and
    the record of each of its blobs read whole (`inputs`: sha256, source, documents)."""

    source: str
    read: int = 0  # documents and feed links read, or known from before
    known: int = 0  # of them, those of bytes the store had already
    articles: list[tuple[Article, bytes]] = field(default_factory=list)
    links: list[FeedLink] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    inputs: list[tuple[str, str, int]] = field(default_factory=list)


class IngestWork(BatchWork[None]):
    """Read, clean and describe a group of inputs, for any runner. `load` reads the files and
    leaves out the inputs the store has (runners on this machine load in this process, Ray's
    workers where they run); `run` does the rest."""

    def __init__(
        self, sources: SourceOptions, readers: ReaderOptions, batch_size: int, store_url: str | None
    ) -> None:
        self.sources = sources
        self.readers = readers
        self.batch_size = batch_size
        self.store_url = store_url

    def setup(self) -> None:
        return None

    def load(self, store: Store | None, keys: list[Any]) -> list[Any]:
        loaded: list[tuple[str, list[Any]]] = []  # per input: Rejected, _Known or (Blob, sha256)
        for key in keys:
            if isinstance(key, Rejected):
                loaded.append((key.source, [key]))
            else:
                loaded.append((key.source, _opened(key, self.sources)))
        shas = [sha256_hex(item.data) for _, items in loaded for item in items if isinstance(item, Blob)]
        known = store.known_inputs(shas) if store is not None and shas else {}
        hashes = iter(shas)
        for _, items in loaded:
            for index, item in enumerate(items):
                if isinstance(item, Blob):
                    sha = next(hashes)
                    # A new blob travels with its hash, so that the worker need not hash it again.
                    items[index] = _Known(item.source, sha, known[sha]) if sha in known else (item, sha)
        return loaded

    def run(self, state: None, items: list[Any]) -> list[Any]:
        outcomes: list[InputOutcome] = []
        documents: list[tuple[Document, InputOutcome, str]] = []
        for source, parts in items:
            outcome = InputOutcome(source)
            outcomes.append(outcome)
            for part in parts:
                if isinstance(part, Rejected):
                    outcome.rejected.append(part)
                elif isinstance(part, _Known):
                    outcome.read += part.documents
                    outcome.known += part.documents
                else:
                    blob, sha = part
                    documents.extend(
                        (document, outcome, sha) for document in _read_blob(blob, sha, self.readers, outcome)
                    )
        for offset in range(0, len(documents), self.batch_size):
            chunk = documents[offset : offset + self.batch_size]
            for (document, outcome, sha), result in zip(
                chunk, clean_documents([d for d, _, _ in chunk]), strict=True
            ):
                if isinstance(result, Rejected):
                    outcome.rejected.append(result)
                    # Its blob is not recorded as read: a later run (`quarantine --retry`) reads
                    # it again rather than skipping it as known.
                    outcome.inputs = [record for record in outcome.inputs if record[0] != sha]
                else:
                    outcome.articles.append((result, document.raw))
        return outcomes


def _opened(item: Input, options: SourceOptions) -> list[Blob | Rejected]:
    opened: list[Blob | Rejected] = []
    try:
        opened.extend(open_input(item, options))
    except Exception as exc:  # noqa: BLE001 - one input that breaks a reader must not cost the batch
        opened.append(Rejected(item.source, unexpected_failure("could not be opened", exc)))
    return opened


def unexpected_failure(what: str, exc: BaseException) -> str:
    """The reason given for an input that failed in a way no reader foresaw (a bug to report)."""
    message = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{what}: {type(exc).__name__}{': ' + message if message else ''} (please report this input)"


def _read_blob(blob: Blob, sha: str, options: ReaderOptions, outcome: InputOutcome) -> list[Document]:
    documents: list[Document] = []
    links = 0
    failed = False
    try:
        for result in read_blob(blob, options):
            if isinstance(result, Document):
                documents.append(result)
            elif isinstance(result, FeedLink):
                outcome.links.append(result)
                links += 1
            else:
                outcome.rejected.append(result)
                failed = True
    except Exception as exc:  # noqa: BLE001 - the records read before it are kept
        outcome.rejected.append(
            Rejected(blob.source, unexpected_failure("could not be read", exc), blob.data)
        )
        failed = True
    produced = len(documents) + links
    outcome.read += produced
    # An input that failed in part is read again next time, so its failure is reported again.
    if produced and not failed and not blob.damage:
        # A zip's members are recorded each on its own.
        outcome.inputs.append((sha, blob.source, produced))
    return documents


def clean_documents(documents: list[Document]) -> Iterator[Article | Rejected]:
    """Lay out and describe a batch of documents; the batch is what template statistics compare."""
    texts_by_doc = [[normalise(line) for line in document.lines] for document in documents]
    try:
        templates = find_template_lines(documents, texts_by_doc)
    except Exception as exc:  # noqa: BLE001 - without the statistics each page is laid out on its own
        log.warning(
            "template statistics failed (%s: %s); laying out each page alone", type(exc).__name__, exc
        )
        templates = [{} for _ in documents]
    for document, template_lines, texts in zip(documents, templates, texts_by_doc, strict=True):
        try:
            layout = lay_out(document, template_lines, texts)
            if not layout.body_lines:
                yield Rejected(
                    document.source, "no article text left after removing page chrome", document.raw
                )
                continue
            yield describe(document, layout)
        except Exception as exc:  # noqa: BLE001 - one document's trouble must not cost the batch
            yield Rejected(document.source, unexpected_failure("could not be cleaned", exc), document.raw)


def _write(outcomes: list[InputOutcome], store: Store, report: IngestReport, results: bool) -> None:
    # An input an earlier group of this run stored (the same bytes twice in one run) is a
    # duplicate as if it had been known before: its workers could not know.
    recorded = store.known_inputs([sha for outcome in outcomes for sha, _, _ in outcome.inputs])
    articles: list[tuple[Article, bytes]] = []
    links: list[FeedLink] = []
    rejected: list[Rejected] = []
    inputs: list[tuple[str, str, int]] = []
    written: list[InputOutcome] = []
    for outcome in outcomes:
        report.read += outcome.read
        report.duplicates += outcome.known
        shas = {sha for sha, _, _ in outcome.inputs}
        if shas and shas <= recorded.keys():
            report.duplicates += outcome.read - outcome.known
            if results:
                report.inputs.append(_result(outcome, set(), "the same bytes were ingested before"))
            continue
        recorded.update((sha, documents) for sha, _, documents in outcome.inputs)
        articles.extend(outcome.articles)
        links.extend(outcome.links)
        rejected.extend(outcome.rejected)
        inputs.extend(outcome.inputs)
        written.append(outcome)
    new: list[Article] = []
    if articles or links or rejected or inputs:
        new, duplicates = store.write_batch(report.run_id, articles, links, rejected, inputs)
        report.new += len(new)
        report.versions += sum(1 for article in new if article.version > 1)
        report.duplicates += duplicates
        report.links += len(links)
        report.quarantined.extend(rejected)
    # By the very objects written: two inputs of one group may give the same article.
    if results:
        stored = {id(article) for article in new}
        report.inputs.extend(_result(outcome, stored) for outcome in written)


def _result(outcome: InputOutcome, stored: set[int], before: str | None = None) -> InputResult:
    """One input's result; `before` says why an input known as a whole was not written again."""
    ids = [article.id for article, _ in outcome.articles]
    reason = "; ".join(dict.fromkeys(r.reason for r in outcome.rejected)) or None
    if before is None and (outcome.links or any(id(article) in stored for article, _ in outcome.articles)):
        return InputResult(outcome.source, "stored", reason, ids)
    if ids or outcome.read:
        known = "the same bytes were ingested before" if outcome.known else "its articles were stored before"
        return InputResult(outcome.source, "duplicate", reason or before or known, ids)
    return InputResult(outcome.source, "quarantined", reason or "nothing could be read from it", ids)
