"""Turn what the user named (files, folders, '-', URLs) into blobs of bytes, unpacking gzip and zip.

Two steps, so that the reading can happen where the work is done: `iter_inputs` names the inputs
(a file by its path and size, unread; stdin and URLs fetched here, as they can be read only once),
and `open_input` reads and unpacks one of them.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from storyline.errors import UnreadableInput
from storyline.ingest.decode import gunzip, is_gzip
from storyline.ingest.fetch import fetch_url
from storyline.ingest.limits import EXPANSION_FACTOR, FETCH_SECONDS, MAX_ARCHIVE_DEPTH, MAX_INPUT_BYTES
from storyline.models import Rejected


@dataclass(slots=True)
class Blob:
    source: str
    data: bytes
    group: str  # the folder or site it came from: batch statistics compare documents of one group
    damage: str | None = None  # set when only part of the input could be read (truncated gzip)
    depth: int = 0  # how many archives it was unpacked from


@dataclass(slots=True)
class FileInput:
    """A local file, named but not read yet."""

    path: str  # as the operating system knows it (undecodable bytes kept as surrogates)
    size: int

    @property
    def source(self) -> str:
        return source_name(self.path)


Input = FileInput | Blob


@dataclass(slots=True)
class SourceOptions:
    max_bytes: int = MAX_INPUT_BYTES
    allow_private: bool = False
    timeout: float = FETCH_SECONDS

    @property
    def max_expanded_bytes(self) -> int:
        return EXPANSION_FACTOR * self.max_bytes


def source_name(path: str) -> str:
    """A path as it is stored and shown: bytes of a file name that are not UTF-8 become \\xNN, so
    that the name can be written anywhere and still tells the user which file it was."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def open_input(item: Input, options: SourceOptions) -> Iterator[Blob | Rejected]:
    """One input's bytes: a file read, an archive unpacked into its members."""
    if isinstance(item, FileInput):
        yield from _read_file(item.path, options)
    else:
        yield from _unpack(item, options)


def iter_inputs(targets: Sequence[str], options: SourceOptions) -> Iterator[Input | Rejected]:
    """The inputs the targets name, in order: files listed, not read."""
    for target in targets:
        if target == "-":
            yield Blob("<stdin>", sys.stdin.buffer.read(options.max_bytes + 1), "<stdin>")
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
            try:
                is_folder = stat.S_ISDIR(os.stat(target).st_mode)
            except OSError as exc:
                yield Rejected(source_name(target), _os_reason(exc, "no such file or folder"))
                continue
            yield from _walk(target) if is_folder else [_file_input(target)]


def _file_input(path: str) -> FileInput | Rejected:
    """A file to read later; what is not a regular file (a pipe, a device, a socket) is never
    opened, since reading it could block for ever or never end."""
    try:
        status = os.stat(path)
    except OSError as exc:
        return Rejected(source_name(path), _os_reason(exc, "no such file (or a broken link)"))
    if not stat.S_ISREG(status.st_mode):
        return Rejected(source_name(path), _not_regular(status.st_mode))
    return FileInput(path, status.st_size)


def _not_regular(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    )
    kind = next((name for test, name in kinds if test(mode)), "not a file")
    return f"not a regular file ({kind}): skipped unread"


def _os_reason(exc: OSError, missing: str) -> str:
    if exc.errno == errno.ENOENT:
        return missing
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    return f"cannot read: {exc.strerror or exc}"


def _walk(root: str) -> Iterator[Input | Rejected]:
    def on_error(exc: OSError) -> None:
        failures.append(
            Rejected(source_name(str(exc.filename or root)), f"cannot list folder: {exc.strerror}")
        )

    failures: list[Rejected] = []
    found = hidden = 0
    for folder, subfolders, files in os.walk(root, onerror=on_error):
        hidden += sum(1 for name in files if name.startswith("."))
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        yield from failures
        failures.clear()
        for name in sorted(files):
            if not name.startswith("."):
                found += 1
                yield _file_input(os.path.join(folder, name))
    yield from failures
    if not found:
        skipped = f" ({hidden} hidden file{'s' if hidden != 1 else ''} skipped)" if hidden else ""
        yield Rejected(source_name(root), f"the folder holds no files to read{skipped}")


def _read_file(path: str, options: SourceOptions) -> Iterator[Blob | Rejected]:
    source = source_name(path)
    try:
        # Non-blocking, so that a pipe put in place since the listing cannot stall the run; what
        # is opened is checked again before a byte is read.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        yield Rejected(source, _os_reason(exc, "no such file (or a broken link)"))
        return
    with os.fdopen(descriptor, "rb") as handle:
        try:
            mode = os.fstat(descriptor).st_mode
            if not stat.S_ISREG(mode):
                yield Rejected(source, _not_regular(mode))
                return
            data = handle.read(options.max_bytes + 1)
        except OSError as exc:
            yield Rejected(source, _os_reason(exc, "no such file (or a broken link)"))
            return
    if len(data) > options.max_bytes:
        yield Rejected(
            source,
            f"file is over the {options.max_bytes / 1_000_000:g} MB size cap (raise it with --max-size)",
        )
        return
    yield from _unpack(Blob(source, data, source_name(os.path.dirname(path) or ".")), options)


def _unpack(blob: Blob, options: SourceOptions) -> Iterator[Blob | Rejected]:
    if not blob.data:
        # A gzip that gave nothing at all is damaged, not empty: say what broke.
        yield Rejected(blob.source, blob.damage or "empty input (0 bytes)")
        return
    packed = is_gzip(blob.data) or blob.data[:4] == b"PK\x03\x04"
    if packed and blob.depth >= MAX_ARCHIVE_DEPTH:
        yield Rejected(
            blob.source, f"archives nested more than {MAX_ARCHIVE_DEPTH} deep: not unpacked", blob.data
        )
        return
    if is_gzip(blob.data):
        try:
            data, damage = gunzip(blob.data, max_bytes=options.max_bytes)
        except UnreadableInput as exc:
            yield Rejected(blob.source, str(exc), blob.data)
            return
        yield from _unpack(Blob(blob.source, data, blob.group, damage, blob.depth + 1), options)
        return
    if blob.data[:4] == b"PK\x03\x04":
        yield from _unzip(blob, options)
        return
    if len(blob.data) > options.max_bytes:
        yield Rejected(blob.source, f"over the {options.max_bytes / 1_000_000:g} MB size cap")
        return
    yield blob


def _unzip(blob: Blob, options: SourceOptions) -> Iterator[Blob | Rejected]:
    """The members of a zip, read one at a time, each within the size cap and all of them within
    the archive's expansion budget: a small archive of huge members is read only so far."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob.data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error) as exc:
        yield Rejected(blob.source, f"damaged zip archive ({exc})", blob.data)
        return
    budget = options.max_expanded_bytes
    members = sorted(
        (m for m in members if not PurePosixPath(m.filename).name.startswith(".")), key=lambda m: m.filename
    )
    for number, member in enumerate(members):
        name = f"{blob.source}!{member.filename}"
        if member.file_size > options.max_bytes:
            yield Rejected(name, f"zip member expands to {member.file_size} bytes, over the size cap")
            continue
        if member.file_size > budget:
            left = len(members) - number
            yield Rejected(
                blob.source,
                f"zip archive expands to more than {options.max_expanded_bytes / 1_000_000:g} MB in all: "
                f"the last {left} of its {len(members)} members were not read (raise the cap with --max-size)",
                blob.data,
            )
            return
        try:
            with archive.open(member) as handle:
                # The declared size can lie: never read more than the cap allows.
                data = handle.read(min(options.max_bytes, budget) + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            RuntimeError,
            EOFError,
            ValueError,
            NotImplementedError,
        ) as exc:
            yield Rejected(name, f"cannot read zip member ({exc})")
            continue
        if len(data) > min(options.max_bytes, budget):
            yield Rejected(name, "zip member expands past the size cap (its declared size is wrong)")
            continue
        budget -= len(data)
        group = f"{blob.source}!{os.path.dirname(member.filename)}"
        yield from _unpack(Blob(name, data, group, depth=blob.depth + 1), options)
