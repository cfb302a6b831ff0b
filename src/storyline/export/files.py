"""Writing output files without following a link planted where a file goes.

A file is written beside its place under a new name, then renamed onto it: a symbolic link
there is refused, never written through, and a reader never sees a half-written file. A device
or a pipe named as the output (`/dev/stdout` is a link, refused; `/dev/null`, a FIFO) is
written to directly, as renaming onto it would replace it.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.errors import UnwritableOutput

__all__ = ["refuse_links", "replacing", "write_text"]


def refuse_links(paths: list[Path]) -> None:
    """Raise UnwritableOutput when one of `paths` is a symbolic link (before anything is written)."""
    for path in paths:
        if path.is_symlink():
            raise UnwritableOutput(
                f"{path} is a symbolic link: Storyline does not write through links "
                "(remove it, or write somewhere else)"
            )


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A new file to write in the block, which then becomes `path`; removed if the block fails.

    Yields `path` itself when it is a device or a pipe. OSError is the caller's to name."""
    refuse_links([path])
    try:
        found = path.stat()
    except FileNotFoundError:
        found = None
    if found is not None and not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):
        yield path
        return
    temporary = path.with_name(f".{path.name[:200]}.{secrets.token_hex(4)}.tmp")
    # O_EXCL with O_NOFOLLOW: our own new file, not one a link leads to.
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666))
    try:
        if found is not None:
            os.chmod(temporary, stat.S_IMODE(found.st_mode))
        yield temporary
        refuse_links([path])
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write `text` to `path` as UTF-8 that way; every failure an UnwritableOutput naming the path."""
    try:
        with replacing(path) as target:
            with open(target, "w", encoding="utf-8") as file:
                file.write(text)
    except OSError as exc:
        raise UnwritableOutput(f"cannot write {path}: {_reason(exc)}") from exc


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
