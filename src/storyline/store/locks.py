"""Store-wide locks that hold across processes: one migration, one clustering run at a time.

On PostgreSQL a session-level advisory lock; on SQLite an OS lock on a file beside the database.
Either is released by the server or the OS when the process holding it dies, so a killed run
never leaves a store locked. An in-memory SQLite store lives in one process: a lock within the
process is enough there.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

__all__ = ["held_alone"]

log = logging.getLogger(__name__)

# PostgreSQL's advisory lock keys, one for each task; "migrate" is the key earlier versions
# took for their migrations, so that they and this one still exclude each other.
ADVISORY_KEYS = {"migrate": 0x5709_1173, "cluster": 0x5709_1174, "articles": 0x5709_1175}

_in_process: dict[tuple[str, str], threading.Lock] = {}
_in_process_guard = threading.Lock()


@contextmanager
def held_alone(engine: Engine, task: str) -> Iterator[None]:
    """Hold the store's lock for `task` (one of ADVISORY_KEYS), waiting while another process
    (or thread) holds it."""
    if task not in ADVISORY_KEYS:
        raise ValueError(f"no store lock for {task!r} (one of {', '.join(ADVISORY_KEYS)})")
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, task):
            yield
        return
    path = _lock_file(engine, task)
    if path is None:
        with _process_lock(str(engine.url), task):
            yield
        return
    with _file_lock(path, task):
        yield


@contextmanager
def _advisory_lock(engine: Engine, task: str) -> Iterator[None]:
    key = ADVISORY_KEYS[task]
    # Its own connection, outside any transaction: the lock lasts until it is released, not
    # until a commit, and the work it guards runs on other connections.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
            log.info("waiting for another process to finish its %s on this store", task)
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        try:
            yield
        finally:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            except DBAPIError:
                conn.invalidate()  # a lost connection has lost its lock with it


def _lock_file(engine: Engine, task: str) -> str | None:
    """The lock file of a SQLite store on disk (`store.db.cluster.lock`), or None in memory."""
    database = engine.url.database or ""
    if database.startswith("file:"):  # a URI filename (?uri=true)
        if "mode=memory" in database:
            return None
        database = database.removeprefix("file:").split("?", 1)[0]
    if database in ("", ":memory:"):
        return None
    return f"{os.path.abspath(database)}.{task}.lock"


@contextmanager
def _process_lock(store: str, task: str) -> Iterator[None]:
    with _in_process_guard:
        lock = _in_process.setdefault((store, task), threading.Lock())
    with lock:
        yield


@contextmanager
def _file_lock(path: str, task: str) -> Iterator[None]:
    # The file stays behind: removing it while another process waits on it would let a third
    # lock a new file of the same name.
    with open(path, "a+b") as handle:
        if not _try_lock(handle):
            log.info("waiting for another process to finish its %s on this store", task)
            _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _lock(handle: IO[bytes]) -> None:
        while not _try_lock(handle):  # msvcrt's own blocking lock gives up after ten seconds
            time.sleep(0.1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    # flock, not lockf: its lock belongs to the open file, so two threads of one process exclude
    # each other too, and it never meets SQLite's own (POSIX) locks.
    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
