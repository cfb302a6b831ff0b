"""Ingest: from files, folders, URLs and stdin to clean, dated, attributed articles in a store.

The data travels `sources` (bytes) -> `readers` (documents) -> `chrome` (body and page
furniture) -> `metadata` (fields with provenance) -> the store, one transaction per batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from storyline.ingest.chrome import find_template_lines, lay_out
from storyline.ingest.line_rules import normalise
from storyline.ingest.metadata import describe
from storyline.ingest.readers import ReaderOptions, read_blob
from storyline.ingest.sources import Blob, SourceOptions, iter_blobs
from storyline.models import Article, Document, FeedLink, IngestReport, Rejected, sha256_hex
from storyline.store import Store

__all__ = ["IngestOptions", "ingest", "clean_documents"]


@dataclass(slots=True)
class IngestOptions:
    fields: dict[str, str] = field(default_factory=dict)  # --field text=body
    allow_private: bool = False
    max_bytes: int = 20_000_000
    timeout: float = 20.0
    batch_size: int = 500  # documents per transaction (and per round of template statistics)


ProgressCallback = Callable[[IngestReport, str], None]


def ingest(
    targets: Sequence[str],
    store: Store,
    options: IngestOptions | None = None,
    *,
    on_progress: ProgressCallback | None = None,
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
    batch = _Batch()
    known_inputs = store.known_inputs()
    sources = SourceOptions(
        max_bytes=options.max_bytes, allow_private=options.allow_private, timeout=options.timeout
    )
    reader_options = ReaderOptions(fields=dict(options.fields))

    for item in iter_blobs(targets, sources):
        if isinstance(item, Rejected):
            batch.rejected.append(item)
        else:
            _read_one(item, known_inputs, reader_options, batch, report)
        if len(batch.documents) >= options.batch_size or len(batch.rejected) >= options.batch_size:
            _write(batch, store, report)
            batch = _Batch()
        if on_progress:
            on_progress(report, getattr(item, "source", ""))
    _write(batch, store, report)
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, report.to_dict())
    return report


@dataclass(slots=True)
class _Batch:
    documents: list[Document] = field(default_factory=list)
    links: list[FeedLink] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    inputs: list[tuple[str, str, int]] = field(default_factory=list)  # (sha256, source, documents)


def _read_one(
    blob: Blob, known_inputs: dict[str, int], options: ReaderOptions, batch: _Batch, report: IngestReport
) -> None:
    sha = sha256_hex(blob.data)
    known = known_inputs.get(sha)
    if known is not None:
        # The same bytes were ingested before: nothing to read again.
        report.read += known
        report.duplicates += known
        return
    produced = 0
    failed = False
    for result in read_blob(blob, options):
        if isinstance(result, Document):
            batch.documents.append(result)
            produced += 1
        elif isinstance(result, FeedLink):
            batch.links.append(result)
            produced += 1
        else:
            batch.rejected.append(result)
            failed = True
    report.read += produced
    # An input that failed in part is read again next time, so its failure is reported again.
    if produced and not failed and not blob.damage:
        batch.inputs.append((sha, blob.source, produced))
        known_inputs[sha] = produced  # the same bytes again in this run are duplicates too


def clean_documents(documents: list[Document]) -> Iterator[Article | Rejected]:
    """Lay out and describe a batch of documents; the batch is what template statistics compare."""
    texts_by_doc = [[normalise(line) for line in document.lines] for document in documents]
    templates = find_template_lines(documents, texts_by_doc)
    for document, template_lines, texts in zip(documents, templates, texts_by_doc, strict=True):
        layout = lay_out(document, template_lines, texts)
        if not layout.body_lines:
            yield Rejected(document.source, "no article text left after removing page chrome", document.raw)
            continue
        yield describe(document, layout)


def _write(batch: _Batch, store: Store, report: IngestReport) -> None:
    articles: list[tuple[Article, bytes]] = []
    rejected = list(batch.rejected)
    for document, result in zip(batch.documents, clean_documents(batch.documents), strict=True):
        if isinstance(result, Rejected):
            rejected.append(result)
        else:
            articles.append((result, document.raw))
    if not (articles or batch.links or rejected or batch.inputs):
        return
    new, duplicates = store.write_batch(report.run_id, articles, batch.links, rejected, batch.inputs)
    report.new += len(new)
    report.versions += sum(1 for article in new if article.version > 1)
    report.new_ids.extend(article.id for article in new)
    report.duplicates += duplicates
    report.links += len(batch.links)
    report.quarantined.extend(rejected)
