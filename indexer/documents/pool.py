"""Reading many files at once: a process pool that reads on every core and survives bad files.

``parse_file`` reads one file into a ``Parsed`` (a Document, or the reason
it could not be read) and never raises for a bad file; ``parse_files``
reads a batch in a pool of forked processes, a chunk of files per task, and
yields the results in the order of the paths, so a build can write while
the pool reads. The processes are tied to the build (``_init_worker``):
they die with it and never keep its lock.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from .. import config
from ..countries import search_terms
from ..errors import DocumentError
from ..records import Document
from .reader import read_document


@dataclass(frozen=True)
class Parsed:
    """One file after reading: a Document, or the reason it could not be read.

    Carries the reason as text, which crosses from a reading process as it is.
    """

    path: str
    size: int = -1
    mtime_ns: int = -1
    sha256: str = ""
    document: Document | None = None
    country_words: str = ""
    error: str | None = None


def country_words(doc: Document) -> str:
    """The aliases and demonyms of a document's countries, as words to index."""
    return " ".join(word for country in doc.countries for word in search_terms(country)
                    if word != country.name)  # the names themselves are indexed already


def display_path(path: str) -> str:
    """How a document names its file: relative to the project when inside it, else absolute."""
    try:
        return Path(path).relative_to(config.PROJECT_ROOT).as_posix()
    except ValueError:
        return path


def parse_file(path: str) -> Parsed:
    """Read one file into a Document; never raises for a bad file."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 cannot be indexed or shown
        return Parsed(path, error="the file name is not valid UTF-8; rename the file")
    try:
        stat = os.stat(path)  # before reading: a later edit then shows as a new mtime
        doc = replace(read_document(Path(path)), path=display_path(path))
        # doc.sha256 is the hash of the file's bytes, as the manifest records it.
        return Parsed(path, stat.st_size, stat.st_mtime_ns, doc.sha256, doc, country_words(doc))
    except DocumentError as error:
        return Parsed(path, error=error.reason)
    except OSError as error:
        return Parsed(path, error=f"cannot read the file: {error.strerror or error}")
    except Exception as error:  # noqa: BLE001 - one odd file must not stop the batch
        return Parsed(path, error=f"unexpected error while reading: {type(error).__name__}: {error}")


def _parse_chunk(paths: list[str]) -> list[Parsed]:
    return [parse_file(path) for path in paths]


def _init_worker(parent_pid: int, inherited_fds: tuple[int, ...]) -> None:
    """Tie a reading process to its parent and drop the parent's lock.

    A forked worker shares the parent's lock file, and a worker orphaned by a
    killed parent would hold the lock for ever, so: ask Linux to kill the worker
    when the parent dies, and close the worker's copy of the lock (closing a
    copy does not release the parent's lock). Ctrl-C is left to the parent,
    which stops the pool.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    for fd in inherited_fds:
        try:
            os.close(fd)
        except OSError:
            pass


class _ProgressBar(tqdm):
    """tqdm without its monitor thread: the reading processes are forked, best from one thread."""

    monitor_interval = 0


def parse_files(paths: Sequence[str], *, workers: int, close_fds: tuple[int, ...] = (),
                progress: bool = False) -> Iterator[Parsed]:
    """Read ``paths`` in parallel, yielding results in the order of ``paths``.

    At most a few chunks per worker are in flight, so memory stays bounded
    however many files there are. ``close_fds`` are descriptors the workers
    must close (the build lock). A handful of files, or ``workers=1``, are
    read in this process: starting a pool would cost more than it saves.
    """
    bar = _ProgressBar(total=len(paths), unit="file", desc="Indexing", file=sys.stderr,
                       disable=not (progress and sys.stderr.isatty()))
    try:
        if workers <= 1 or len(paths) < config.INDEX_POOL_MIN_FILES:
            for path in paths:
                yield parse_file(path)
                bar.update(1)
            return
        size = config.INDEX_CHUNK_FILES
        chunks = iter([list(paths[i:i + size]) for i in range(0, len(paths), size)])
        for parsed in _parse_in_pool(chunks, workers, close_fds):
            yield parsed
            bar.update(1)
    finally:
        bar.close()


def _new_pool(workers: int, close_fds: tuple[int, ...]) -> ProcessPoolExecutor:
    # Forked on purpose: workers start at once with everything imported, and
    # ``close_fds`` names descriptors they really inherited.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_init_worker, initargs=(os.getpid(), close_fds))


def _parse_in_pool(chunks: Iterator[list[str]], workers: int,
                   close_fds: tuple[int, ...]) -> Iterator[Parsed]:
    """Parse chunks in a pool, in order; survive a reading process that dies.

    A file can kill the process reading it (a parser crash, the kernel's
    out-of-memory killer). The pool then fails every chunk in flight without
    saying which file did it, so those files are read again one by one, each
    in a process of its own, and the one that dies again is reported.
    """
    pool = _new_pool(workers, close_fds)
    pending: deque[tuple[list[str], Future]] = deque()
    try:
        while True:
            while len(pending) < 4 * workers and (chunk := next(chunks, None)) is not None:
                pending.append((chunk, _submit(pool, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                suspects = [path for c in [chunk, *(c for c, _ in pending)] for path in c]
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for path in suspects:
                    yield _parse_alone(path, close_fds)
                pool = _new_pool(workers, close_fds)
                continue
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, chunk: list[str]) -> Future:
    """The future parse of ``chunk``; already failed if the pool broke meanwhile."""
    try:
        return pool.submit(_parse_chunk, chunk)
    except BrokenProcessPool as error:
        failed: Future = Future()
        failed.set_exception(error)
        return failed


def _parse_alone(path: str, close_fds: tuple[int, ...]) -> Parsed:
    with _new_pool(1, close_fds) as pool:
        try:
            return pool.submit(parse_file, path).result()
        except BrokenProcessPool:
            return Parsed(path, error="the process reading this file died (a crash in a parser, "
                                      "or out of memory)")
