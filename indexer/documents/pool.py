"""Reading many files at once: reading processes that survive bad files, each file on a budget.

``parse_file`` reads one file into a ``Parsed`` (a Document, or the reason
it could not be read) and never raises for a bad file; ``parse_files``
reads a batch in a pool of forked processes, a chunk of files per task, and
yields the results in the order of the paths, so a build can write while
the pool reads. The processes are tied to the build (``workers.init_worker``):
they die with it and never keep its lock.

Files are always read in a reading process, never in the build itself, so
that one pathological file can cost at most its budget (``Budget``): a
time limit and a memory limit per file. Inside the reading process a timer
(``SIGALRM``) interrupts the parser when the time is up, and an address-space
limit (``RLIMIT_AS``, set afresh for each file above what the process already
uses) makes an allocation past the memory limit fail with ``MemoryError``;
either way the file is reported with its reason and the process reads on.
A parser stuck in C code never sees the timer, so a second one counting CPU
time (``SIGPROF``, at twice the limit and a few seconds more) kills the
process outright; the pool then reads every file it held again, each alone
in a process of its own watched from outside, and the one that overruns or
dies again is reported. A first build with one such file still publishes
an index of the rest.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from .. import config
from ..countries import search_terms
from ..duplicates import sample_signature
from ..errors import DocumentError
from ..meaning import stored_vectors
from ..records import Document
from ..workers import forking, init_worker
from .furniture import FurnitureModel, Observation, marked_digest
from .reader import read_reading
from .readers import Readers, reading_processes
from .walk import GONE_ERRNOS

# Seconds of CPU time, beyond twice the time limit, after which a reading
# process that never let its timer through is killed.
_HARD_LIMIT_SLACK = 5.0
# Seconds, beyond twice the time limit, that a file read alone may take
# (waiting included) before its process is killed from outside.
_WATCHDOG_SLACK = 10.0


@dataclass(frozen=True)
class Budget:
    """What reading one file may cost: wall-clock seconds and megabytes (None: no limit)."""

    seconds: float | None
    megabytes: int | None

    @classmethod
    def configured(cls) -> Budget:
        """The limits in ``config`` (``INDEX_FILE_SECONDS``, ``INDEX_FILE_MB``), as they are now."""
        return cls(config.INDEX_FILE_SECONDS, config.INDEX_FILE_MB)

    def over_time(self) -> str:
        return (f"took longer than {self.seconds:g} s to read (the limit per file; "
                "see --file-time-limit)")

    def over_memory(self) -> str:
        return (f"needed more than {self.megabytes:,} MB to read (the limit per file; "
                "see --file-memory-limit)")


@dataclass(frozen=True)
class Parsed:
    """One file after reading: a Document, or the reason it could not be read.

    Carries the reason as text, which crosses from a reading process as it is.
    ``unreadable`` tells a file that cannot be read just now (permissions, an
    I/O error, a disconnected mount), whose indexed document must be kept,
    from a bad file, whose document goes. ``site`` and ``edges`` are what the
    furniture learner saw (``Observation.packed``), ``known`` the edge keys
    the model the file was read with took for furniture.
    """

    path: str
    size: int = -1
    mtime_ns: int = -1
    sha256: str = ""
    document: Document | None = None
    country_words: str = ""
    error: str | None = None
    unreadable: bool = False
    site: str = ""
    edges: str = ""
    known: str = ""
    # The texts an HTML page's markup named as its site's furniture (``Observation.marked``),
    # and the digest of the site's marked furniture the file was trimmed with (``marked_digest``).
    marked: tuple[str, ...] = ()
    marked_with: str = ""
    vectors: bytes | None = None   # for search by meaning (``indexer.meaning.stored_vectors``)
    sample: bytes | None = None    # for finding the copies of one work (``duplicates.sample_signature``)

    def observation(self) -> Observation:
        return Observation.unpacked(self.site, self.edges, frozenset(self.marked))


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


def parse_file(path: str, furniture: FurnitureModel | None = None) -> Parsed:
    """Read one file into a Document, trimming ``furniture``; never raises for a bad file
    (but lets MemoryError through)."""
    try:
        stat = os.stat(path)  # before reading: a later edit then shows as a new mtime
        reading = read_reading(Path(path), furniture=furniture)
        doc = replace(reading.document, path=display_path(path))
        seen = reading.observation
        known = furniture.known(seen) if furniture is not None else frozenset()
        # doc.sha256 is the hash of the file's bytes, as the manifest records it.
        return Parsed(path, stat.st_size, stat.st_mtime_ns, doc.sha256, doc, country_words(doc),
                      site=seen.site, edges=seen.packed(), known="".join(sorted(known)), marked=tuple(sorted(seen.marked)),
                      marked_with=marked_digest(furniture.marked_of(seen.site)) if furniture is not None else "",
                      vectors=stored_vectors(doc), sample=sample_signature(doc.text))
    except DocumentError as error:
        cause = error.__context__  # the reader words OS errors itself; their kind decides
        if isinstance(cause, OSError) and not isinstance(cause, IsADirectoryError):
            return _cannot_read(path, cause)
        return Parsed(path, error=error.reason)
    except OSError as error:
        return _cannot_read(path, error)
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - one odd file must not stop the batch
        return Parsed(path, error=f"unexpected error while reading: {type(error).__name__}: {error}")


def _cannot_read(path: str, error: OSError) -> Parsed:
    """A file the system would not let us read: gone, or unreadable just now."""
    words = (error.strerror or str(error)).lower()
    if error.errno in GONE_ERRNOS:
        return Parsed(path, error=f"no such file ({words}): it was deleted while the index was updated")
    return Parsed(path, error=f"cannot be read ({words})", unreadable=True)


class _OverTime(BaseException):
    """Raised in a reading process when a file's time is up.

    A BaseException, so that a parser's ``except Exception`` cannot swallow it.
    """


def _time_is_up(signum, frame) -> None:
    raise _OverTime


def parse_within(path: str, budget: Budget, furniture: FurnitureModel | None = None) -> Parsed:
    """``parse_file`` in a reading process, stopped when it overruns ``budget``.

    Never call it in the build process itself: it sets process-wide timers
    and limits.
    """
    try:
        try:
            with _limits(budget):
                return parse_file(path, furniture)
        finally:
            _disarm()  # again: the timer may have fired while the limits were being lifted
    except _OverTime:
        return Parsed(path, error=budget.over_time())
    except MemoryError:
        return Parsed(path, error=budget.over_memory())


@contextmanager
def _limits(budget: Budget):
    """Arm the timers and the memory limit for one file, and lift them afterwards."""
    if budget.seconds:
        signal.signal(signal.SIGALRM, _time_is_up)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)  # the hard limit: the process dies
        signal.setitimer(signal.ITIMER_PROF, 2 * budget.seconds + _HARD_LIMIT_SLACK)
        signal.setitimer(signal.ITIMER_REAL, budget.seconds)
    memory = _limit_memory(budget.megabytes) if budget.megabytes else None
    try:
        yield
    finally:
        _disarm()
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, memory)


def _disarm() -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.setitimer(signal.ITIMER_PROF, 0)


def _limit_memory(megabytes: int) -> tuple[int, int] | None:
    """Cap this process's address space at what it uses now plus ``megabytes``; the old limit."""
    try:
        with open("/proc/self/statm", "rb") as stream:
            in_use = int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        old = resource.getrlimit(resource.RLIMIT_AS)
        cap = in_use + megabytes * 2**20
        if old[1] != resource.RLIM_INFINITY:
            cap = min(cap, old[1])
        resource.setrlimit(resource.RLIMIT_AS, (cap, old[1]))
        return old
    except (OSError, ValueError, AttributeError):  # not Linux: no per-file memory limit
        return None


def _parse_chunk(paths: list[str], budget: Budget, furniture: FurnitureModel | None) -> list[Parsed]:
    return [parse_within(path, budget, furniture) for path in paths]


class _ProgressBar(tqdm):
    """tqdm without its monitor thread: the reading processes are forked, best from one thread."""

    monitor_interval = 0


# What ``parse_files`` trims: the furniture to remove from the files read next, asked for
# as each chunk is handed out, so a model learned while reading applies to the rest.
FurnitureSource = Callable[[], FurnitureModel | None]


def parse_files(paths: Sequence[str], *, workers: int, close_fds: tuple[int, ...] = (),
                progress: bool = False, budget: Budget | None = None,
                furniture: FurnitureSource = lambda: None,
                desc: str = "Indexing", readers: Readers | None = None) -> Generator[Parsed, None, None]:
    """Read ``paths`` in reading processes, yielding results in the order of ``paths``.

    At most a few chunks per worker are in flight, so memory stays bounded
    however many files there are. ``close_fds`` are descriptors the workers
    must close (the build lock). A handful of files, or ``workers=1``, are
    read by one process: starting more would cost more than it saves.
    ``readers`` are processes a build keeps for all its readings (``Readers``);
    without them the processes are started for ``paths`` and stopped after.
    ``budget`` limits each file (default: the configured limits);
    ``furniture()`` is the learned furniture to trim from the next chunk.
    """
    budget = budget or Budget.configured()
    bar = _ProgressBar(total=len(paths), unit="file", desc=desc, file=sys.stderr,
                       disable=not (progress and sys.stderr.isatty()))
    own = readers is None
    try:
        if not paths:
            return
        if readers is None:
            readers = Readers(reading_processes(len(paths), workers), close_fds)
        size = config.INDEX_CHUNK_FILES
        chunks = iter([list(paths[i:i + size]) for i in range(0, len(paths), size)])
        for parsed in _parse_in_pool(chunks, readers, budget, furniture):
            yield parsed
            bar.update(1)
    finally:
        bar.close()
        if own and readers is not None:
            readers.stop()


def _parse_in_pool(chunks: Iterator[list[str]], readers: Readers, budget: Budget,
                   furniture: FurnitureSource) -> Iterator[Parsed]:
    """Parse chunks in the reading processes, in order; survive a reading process that dies.

    A file can kill the process reading it (a parser crash, the kernel's
    out-of-memory killer, the hard time limit). The pool then fails every
    chunk in flight without saying which file did it, so those files are
    read again one by one, each in a process of its own, and the one that
    dies again is reported. Stopped early (the build failed), the processes
    are stopped at once.
    """
    pending: deque[tuple[list[str], FurnitureModel | None, Future]] = deque()
    try:
        while True:
            while len(pending) < 4 * readers.workers and (chunk := next(chunks, None)) is not None:
                model = furniture()
                pending.append((chunk, model, readers.submit(_parse_chunk, chunk, budget, model)))
            if not pending:
                return
            chunk, model, future = pending.popleft()
            try:
                results = _result_in_time(readers, future, chunk, budget)
            except BrokenProcessPool:
                suspects = [(path, m) for c, m in [(chunk, model), *((c, m) for c, m, _ in pending)]
                            for path in c]
                pending.clear()
                readers.stop()  # the next chunk forks new processes
                for path, m in suspects:
                    yield _parse_alone(path, budget, readers.close_fds, m)
                continue
            # The build keeps a record of every file under its path: the string it already holds.
            yield from (parsed if parsed.path is path else replace(parsed, path=path)
                        for path, parsed in zip(chunk, results))
    finally:
        if pending:
            readers.stop()


def _result_in_time(readers: Readers, future: Future, chunk: list[str],
                    budget: Budget) -> list[Parsed]:
    """The results of the oldest chunk in flight, or BrokenProcessPool if it cannot end.

    The oldest chunk has started by the time its results are awaited (the
    pool hands out chunks in order), and each of its files ends within the
    hard limit unless a parser is stuck without using the processor (a
    deadlock in C code). Past that bound the pool's processes are killed,
    and the files read again one by one under a watchdog.
    """
    if not budget.seconds:
        return future.result()
    try:
        return future.result(timeout=len(chunk) * (2 * budget.seconds + _WATCHDOG_SLACK))
    except FuturesTimeout:
        for process in readers.processes():
            process.kill()
        raise BrokenProcessPool("a reading process overran every limit") from None


def _parse_alone(path: str, budget: Budget, close_fds: tuple[int, ...],
                 furniture: FurnitureModel | None = None) -> Parsed:
    """Read one suspect file in a process of its own, killed from outside if it overruns."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_read_and_send, args=(path, budget, sender, os.getpid(),
                                                           close_fds, furniture))
    with forking():
        process.start()
    sender.close()
    timeout = 2 * budget.seconds + _WATCHDOG_SLACK if budget.seconds else None
    result, overran = None, False
    try:
        if receiver.poll(timeout):
            result = receiver.recv()
        else:
            overran = True
    except (EOFError, OSError):
        pass  # the process died without an answer
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if result is not None:
        return result
    if overran or process.exitcode == -signal.SIGPROF:
        return Parsed(path, error=budget.over_time())
    return Parsed(path, error="the process reading this file died (a crash in a parser, "
                              "or out of memory)")


def _read_and_send(path: str, budget: Budget, sender, parent_pid: int,
                   close_fds: tuple[int, ...], furniture: FurnitureModel | None) -> None:
    init_worker(parent_pid, close_fds)
    sender.send(parse_within(path, budget, furniture))
    sender.close()
