"""The reading processes of a build: forked once, while the build process is still small.

A forked process starts as a copy of its parent, and its resident size
counts every page it shares with it. The build process grows as it reads
(the manifest's records, the furniture learned), so a reading process
forked late, for the second writing of a build (``build.steps.write_again``),
started at the build's size then, while the first ones started before
anything was read. ``Readers`` keeps one pool of reading processes for a
whole build: forked when the first files are read, used again by every
later writing, and stopped when the build ends. Only a pool that broke (a
process killed by a file) is forked again, late.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .. import config
from ..workers import forking, init_worker


def reading_processes(files: int, workers: int) -> int:
    """How many reading processes read ``files`` files: one for a handful, as starting more
    would cost more than it saves."""
    return 1 if files < config.INDEX_POOL_MIN_FILES else max(1, workers)


class Readers:
    """A pool of ``workers`` forked reading processes, started at its first task and kept until
    ``close``; the processes close ``close_fds`` (the build lock)."""

    def __init__(self, workers: int, close_fds: tuple[int, ...] = ()):
        self.workers = max(1, workers)
        self.close_fds = close_fds
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, task: Callable[..., Any], *args: Any) -> Future:
        """The future of ``task(*args)`` in a reading process; already failed if the pool broke."""
        try:
            with forking():  # the first task forks the processes
                return self._executor().submit(task, *args)
        except BrokenProcessPool as error:
            failed: Future = Future()
            failed.set_exception(error)
            return failed

    def processes(self) -> list:
        """The processes running now (for killing a stuck one: the executor has no public way)."""
        return list((getattr(self._pool, "_processes", None) or {}).values())

    def stop(self) -> None:
        """Stop the processes, cancelling the tasks not started; the next task forks new ones."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    close = stop

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Forked on purpose: workers start at once with everything imported (the passage
            # model included), and ``close_fds`` names descriptors they really inherited.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("fork"),
                initializer=init_worker, initargs=(os.getpid(), self.close_fds))
        return self._pool
