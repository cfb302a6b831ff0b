"""Turn what the user named (files, folders, '-', URLs) into blobs of bytes, unpacking gzip and zip.

Two steps, so that the reading can happen where the work is done: `iter_inputs` names the inputs
(a file by its path and size, unread; stdin and URLs fetched here, as they can be read only once),
and `open_input` reads and unpacks one of them.
"""

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
class FileInput:
    """A local file, named but not read yet."""

    path: str
    size: int


Input = FileInput | Blob


@dataclass(slots=True)
class SourceOptions:
    max_bytes: int = 20_000_000
    allow_private: bool = False
    timeout: float = 20.0


def iter_blobs(targets: Sequence[str], options: SourceOptions) -> Iterator[Blob | Rejected]:
    """Every input's bytes, unpacked, in order."""
    for item in iter_inputs(targets, options):
        if isinstance(item, Rejected):
            yield item
        else:
            yield from open_input(item, options)


def open_input(item: Input, options: SourceOptions) -> Iterator[Blob | Rejected]:
    """One input's bytes: a file read, an archive unpacked into its members."""
    if isinstance(item, FileInput):
        yield from _read_file(Path(item.path), options)
    else:
        yield from _unpack(item, options)


def iter_inputs(targets: Sequence[str], options: SourceOptions) -> Iterator[Input | Rejected]:
    """The inputs the targets name, in order: files listed, not read."""
    for target in targets:
        if target == "-":
            yield Blob("<stdin>", sys.stdin.buffer.read(), "<stdin>")
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
            yield Blob(final_url, data, urlsplit(final_url).netloc)
        else:
            path = Path(target)
            if path.is_dir():
                yield from _walk(path)
            else:
                yield _file_input(path)


def _file_input(path: Path) -> FileInput:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # reading it says what is wrong
    return FileInput(str(path), size)


def _walk(root: Path) -> Iterator[Input | Rejected]:
    def on_error(exc: OSError) -> None:
        failures.append(Rejected(str(exc.filename or root), f"cannot list folder: {exc.strerror}"))

    failures: list[Rejected] = []
    for folder, subfolders, files in os.walk(root, onerror=on_error):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        yield from failures
        failures.clear()
        for name in sorted(files):
            if not name.startswith("."):
                yield _file_input(Path(folder) / name)
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
