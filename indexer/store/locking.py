"""One writer at a time: an exclusive lock on ``<index_dir>/.lock``.

``fcntl.flock`` locks belong to the open file, so the kernel releases the
lock when the holder exits, even when it is killed: a crashed build never
leaves a stale lock behind that would need cleaning by hand. Readers do not
take this lock; they hold the generation they read (see ``generations``),
and take this one only, without waiting, to remove a generation they were
the last to read.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import IndexBusy

LOCK_NAME = ".lock"


@contextlib.contextmanager
def index_lock(index_dir: Path, *, wait: bool = False, create: bool = True) -> Iterator[int]:
    """Hold the exclusive build lock of ``index_dir``; yield the lock's file descriptor.

    Without ``wait`` a second holder fails at once with ``IndexBusy``;
    with it, the caller blocks until the lock is free. Without ``create``
    a missing index folder or lock file is an ``OSError``, not created.
    """
    index_dir = Path(index_dir)
    if create:
        index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK_NAME, os.O_RDWR | (os.O_CREAT if create else 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(
                f"another refsearch index run is updating {index_dir}; wait for it to finish "
                "(or run with --wait)") from None
        yield fd
    finally:
        os.close(fd)  # closing the last descriptor releases the lock
