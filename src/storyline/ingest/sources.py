"""Turn what the user named (files, folders, '-', URLs) into blobs of bytes, unpacking gzip and zip."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from storyline.errors import UnreadableInput
from storyline.ingest.decode import gunzip, is_gzip
from storyline.ingest.fetch import fetch_url
from storyline.models import Rejected


@dataclass(slots=True)
class Blob:
    source: str
    data: bytes
    group: str  # the folder or site it came from: batch statistics compare documents of one group
    damage: str | None = None  # set when only part of the input could be read (truncated gzip)


@dataclass(slots=True)
class SourceOptions:
    max_bytes: int = 20_000_000
    allow_private: bool = False
    timeout: float = 20.0


def iter_blobs(targets: Sequence[str], options: SourceOptions) -> Iterator[Blob | Rejected]:
    for target in targets:
        if target == "-":
            yield from _unpack(Blob("<stdin>", sys.stdin.buffer.read(), "<stdin>"), options)
        elif target.startswith(("http://", "https://")):
            try:
                data, final_url = fetch_url(
                    target,
                    timeout=options.timeout,
                    max_bytes=options.max_bytes,
                    allow_private=options.allow_private,
                )
            except UnreadableInput as exc:
                yield Rejected(target, str(exc))
                continue
            yield from _unpack(Blob(final_url, data, urlsplit(final_url).netloc), options)
        else:
            path = Path(target)
            if path.is_dir():
                yield from _walk(path, options)
            else:
                yield from _read_file(path, options)


def _walk(root: Path, options: SourceOptions) -> Iterator[Blob | Rejected]:
    def on_error(exc: OSError) -> None:
        failures.append(Rejected(str(exc.filename or root), f"cannot list folder: {exc.strerror}"))

    failures: list[Rejected] = []
    for folder, subfolders, files in os.walk(root, onerror=on_error):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        yield from failures
        failures.clear()
        for name in sorted(files):
            if not name.startswith("."):
                yield from _read_file(Path(folder) / name, options)
    yield from failures


def _read_file(path: Path, options: SourceOptions) -> Iterator[Blob | Rejected]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield Rejected(
                source,
                f"file is {size / 1_000_000:.1f} MB, over the {options.max_bytes / 1_000_000:g} MB "
                "size cap (raise it with --max-size)",
            )
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield Rejected(source, "no such file (or a broken link)")
        return
    except IsADirectoryError:
        yield Rejected(source, "is a folder that could not be listed")
        return
    except OSError as exc:
        yield Rejected(source, f"cannot read file: {exc.strerror or exc}")
        return
    yield from _unpack(Blob(source, data, str(path.parent)), options)


def _unpack(blob: Blob, options: SourceOptions) -> Iterator[Blob | Rejected]:
    if not blob.data:
        # A gzip that gave nothing at all is damaged, not empty: say what broke.
        yield Rejected(blob.source, blob.damage or "empty input (0 bytes)")
        return
    if is_gzip(blob.data):
        try:
            data, damage = gunzip(blob.data, max_bytes=options.max_bytes)
        except UnreadableInput as exc:
            yield Rejected(blob.source, str(exc), blob.data)
            return
        yield from _unpack(Blob(blob.source, data, blob.group, damage), options)
        return
    if blob.data[:4] == b"PK\x03\x04":
        yield from _unzip(blob, options)
        return
    if len(blob.data) > options.max_bytes:
        yield Rejected(blob.source, f"over the {options.max_bytes / 1_000_000:g} MB size cap")
        return
    yield blob


def _unzip(blob: Blob, options: SourceOptions) -> Iterator[Blob | Rejected]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob.data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile as exc:
        yield Rejected(blob.source, f"damaged zip archive ({exc})", blob.data)
        return
    for member in sorted(members, key=lambda m: m.filename):
        name = f"{blob.source}!{member.filename}"
        if Path(member.filename).name.startswith("."):
            continue
        if member.file_size > options.max_bytes:
            yield Rejected(name, f"zip member expands to {member.file_size} bytes, over the size cap")
            continue
        try:
            data = archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            yield Rejected(name, f"cannot read zip member ({exc})")
            continue
        group = f"{blob.source}!{os.path.dirname(member.filename)}"
        yield from _unpack(Blob(name, data, group), options)
