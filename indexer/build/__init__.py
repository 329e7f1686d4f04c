"""Building the index: from saved files to a published index generation.

``update_index`` is what ``refsearch index`` runs. It holds the build lock
(``store.locking``), compares the files on disk with the manifest of the
live generation (``build.plan``), reads only new and changed files
(``documents.pool``, on every core, in reading processes forked once
per build, before it grows: ``documents.readers``), and has the engine write a new
generation (``engine.writer``) that starts as hard links to the live one,
in which the documents of changed and deleted files are deleted and the
new ones added. The generation is published by moving the ``CURRENT``
pointer (``store.generations``), so a build that fails or is killed
part-way leaves readers on the previous complete index and the next build
cleans up after it.

The build is a sequence of named steps (``build.steps``), run with the lock
held:

1. ``plan``: find what the build starts from (``recovery.find_start``),
   survey the sources, plan the update, account for the files missing, and
   refuse a fresh index that would lose documents.
2. Nothing to read (``nothing_to_read``): the live generation stays, under a
   new manifest when only modification times changed (``_keep_live``).
3. Otherwise ``_write_generation`` runs a list of writings into one new
   generation: ``write`` (delete the documents of changed and deleted files,
   read the files to read, add their documents), then ``retrim``, which
   decides once every file is read whether ``write_again`` must read some
   files a second time. Once every document is written, the copies of one
   work (a report saved as PDF and as Markdown) are found and those whose
   work changed are written again with it (``engine.works``). Then the
   manifest and the checksums are written and the generation is published.

Reading and writing overlap: documents are handed to the writer in path
order as the reading processes return them. Furniture learned from the
archive (lines that top or end many pages of one site) is learned while
reading and trimmed from the files read next (``build.trimming``); the few
documents read before their site's furniture was known are read again at
the end, into the same new generation. A bad file (empty, binary,
undecodable, over its time or memory budget) is reported and skipped;
everything else is indexed. Two files claiming the same document id are
both indexed: the one indexed first (already indexed, else first in path
order) keeps the id, the other gets a second id, and the clash is reported
on every run until one of them goes (``build.clashes``); only a file with
the very bytes of an indexed one is skipped, as a duplicate.

A folder or file that cannot be read just now (permissions, a disconnected
mount, a broken link) is different from a bad file: nothing says its
documents are gone, so they stay in the index as they were, and the report
names it in ``unreadable`` (the CLI then exits non-zero). Only a file missing
from a folder that was read completely is removed (see ``build.plan``). A
rebuild cannot keep such documents, so it refuses to start
(``SourcesUnreadable``) rather than lose them.

Every generation is written with the checksums of its files
(``store.integrity``), and a build starts by looking at what it builds on
(``recovery``): a lost or damaged ``CURRENT`` pointer is recovered from the
folder (the newest complete generation), and a damaged file of the live
generation is never linked into the next one: the documents it held are
read again from their files.

A build that fails says so in one sentence (the error family), never a
traceback: a full disk becomes ``DiskFull`` with the free space and about
what the build needs, Ctrl-C becomes ``BuildInterrupted`` while nothing was
published, a failed writing process ``IndexWriteFailed``. Publishing the
pointer, and removing an unfinished generation, are not interrupted half-way:
Ctrl-C then waits for them.

``write_index`` builds a fresh generation from ready Documents (tests and
benchmarks).
"""
from __future__ import annotations

import errno
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from .. import config, meaning
from ..documents.pool import Budget, country_words
from ..documents.readers import Readers, reading_processes
from ..engine.repair import drop_segments
from ..engine.schema import schema_signature
from ..engine.works import Regrouped, regroup, rewrites
from ..engine.writer import Writer, count_documents, write_documents
from ..errors import BuildInterrupted, DiskFull, RefsearchError
from ..records import Document
from ..store import generations, integrity
from ..store.locking import index_lock
from ..store.manifest import FileRecord, Manifest, save_manifest
from . import memory, steps
from .clashes import find_clashes
from .report import BuildReport

# Documents to write from which a build writes on every core; fewer go
# through one writer, as starting the writing processes would cost more
# than it saves and each would leave a small segment to search.
PARALLEL_WRITE_MIN_DOCS = 1000
# Bytes of index, temporary files included, per byte of document file read:
# measured 1.7 to 2.8 for the finished index, plus the job and run files
# that exist while it is written.
INDEX_BYTES_PER_SOURCE_BYTE = 3


def update_index(sources: Sequence[Path], index_dir: Path, *, rebuild: bool = False,
                 progress: bool = False, workers: int | None = None,
                 wait: bool = False, budget: Budget | None = None,
                 link_targets: Sequence[Path] = ()) -> BuildReport:
    """Bring the index in ``index_dir`` up to date with the document files under ``sources``.

    Only new, changed and deleted files cost work; ``rebuild`` re-reads
    everything into a fresh index. ``budget`` limits the time and memory
    reading one file may take (default: the configured limits). Links are
    followed into ``sources`` and ``link_targets`` only. Raises
    ``IndexBusy`` when another build holds the lock (or waits for it with
    ``wait``), ``SourcesUnreadable`` when a fresh index would lose documents
    that cannot be read just now.
    """
    index_dir = Path(index_dir)
    live_before = generations.live_generation(index_dir)
    try:
        return _update_index(sources, index_dir, rebuild=rebuild, progress=progress,
                             workers=workers, wait=wait, budget=budget, link_targets=link_targets)
    except KeyboardInterrupt:
        if generations.live_generation(index_dir) != live_before:
            raise  # after the new index was published: it is complete
        raise BuildInterrupted("interrupted; the previous index is unchanged" if live_before
                               else "interrupted; no index was written") from None


def _update_index(sources: Sequence[Path], index_dir: Path, *, rebuild: bool, progress: bool,
                  workers: int | None, wait: bool, budget: Budget | None,
                  link_targets: Sequence[Path]) -> BuildReport:
    started = time.monotonic()
    workers = workers or config.INDEX_WORKERS or os.cpu_count() or 1
    report = BuildReport()
    with index_lock(index_dir, wait=wait) as lock_fd:
        generations.remove_stale(index_dir)
        planned = steps.plan(sources, index_dir, link_targets, rebuild=rebuild, report=report)
        if steps.nothing_to_read(planned):
            _keep_live(index_dir, planned, report)
        else:
            # Ready before the reading processes fork, which then share it (distilled once per
            # machine); a run with nothing to read never loads it.
            meaning.embedder(distil=True, progress=meaning.print_progress if progress else None)
            _write_read(index_dir, planned, report, steps.ReadSettings(workers, (lock_fd,), progress, budget),
                        rebuild=rebuild)
    report.duration = time.monotonic() - started
    return report


def _keep_live(index_dir: Path, planned: steps.Planned, report: BuildReport) -> None:
    """Nothing to read: the live generation stays, under a new manifest if files were touched
    or the files not indexed changed."""
    plan, start, previous = planned.plan, planned.start, planned.previous
    assert previous is not None and start.live is not None  # steps.nothing_to_read
    skipped = report.not_indexed()
    # The new mtimes, so that the next run need not hash the files again; or another list of
    # the files not indexed (a hidden file added, a link leading out removed), for the web app,
    # unless part of the archive cannot be read just now (a drive not mounted writes nothing).
    if plan.touched or planned.roots != previous.roots or (skipped != previous.skipped and not report.unreadable):
        report.generation, report.documents = _write_generation(
            index_dir, index_dir / start.live, (),
            lambda: Manifest(plan.keep, previous.schema, previous.furniture, previous.ids, skipped, planned.roots),
            known=start.verdict)
    else:
        if start.recovered:  # the pointer, written again
            with _interrupts_deferred():
                generations.publish(index_dir, start.live)
        report.generation = start.live
        report.documents = count_documents(index_dir / start.live)
    report.clashes = find_clashes(plan.keep)


def _write_read(index_dir: Path, planned: steps.Planned, report: BuildReport, reading: steps.ReadSettings, *,
                rebuild: bool) -> None:
    """Write a new generation from the live one (or afresh) with the files read, and publish it."""
    start, plan = planned.start, planned.plan
    base = index_dir / start.live if planned.previous is not None and start.live is not None else None
    progress = steps.Progress.starting(planned, report)
    # One set of reading processes for both writings, forked before this process grows.
    with Readers(_readers(len(plan.parse), reading.workers), reading.close_fds) as readers:
        reading = replace(reading, readers=readers)
        report.generation, report.documents = _write_generation(
            index_dir, base, (partial(_first, planned, progress, reading, rebuild), partial(_second, progress, reading)),
            progress.manifest, close_fds=reading.close_fds,
            needed=lambda: _bytes_needed(plan.parse), known=start.verdict,
            leave=start.leave if base else frozenset(), segments=start.segments if base else frozenset())
    report.clashes = find_clashes(progress.records)
    report.kept.sort()


def _first(planned: steps.Planned, progress: steps.Progress, reading: steps.ReadSettings,
           rebuild: bool) -> Fill:
    """The first writing: the files to read (``steps.write``)."""
    plan = planned.plan
    procs = _procs(len(plan.parse), reading.workers)
    return Fill(partial(steps.write, planned=planned, progress=progress, reading=reading, rebuild=rebuild),
                procs, memory.pool_mb(procs, reading.workers, len(plan.parse) + len(plan.keep)))


def _second(progress: steps.Progress, reading: steps.ReadSettings) -> Fill | None:
    """The second writing, decided once the first has read every file (``steps.retrim``)."""
    again = steps.retrim(progress)
    if again is None:
        _stop_reading(reading)
        return None
    procs = _procs(len(again.paths), reading.workers)
    return Fill(partial(_read_last, partial(steps.write_again, again=again, progress=progress, reading=reading),
                        reading),
                procs, memory.pool_mb(procs, reading.workers, len(progress.records)))


def _read_last(write: Callable[[Writer], None], reading: steps.ReadSettings, writer: Writer) -> None:
    """``write``, the build's last reading: its reading processes stop once it is done."""
    write(writer)
    _stop_reading(reading)


def _stop_reading(reading: steps.ReadSettings) -> None:
    """Stop the build's reading processes: nothing is read after this point."""
    if reading.readers is not None:
        reading.readers.stop()


def _procs(documents: int, workers: int) -> int:
    return workers if documents >= PARALLEL_WRITE_MIN_DOCS else 1


def _readers(files: int, workers: int) -> int:
    """How many reading processes read ``files`` files: when this process writes them itself
    (fewer than ``PARALLEL_WRITE_MIN_DOCS``), it takes a core of its own analysing them, so one
    reading process fewer, whose start-up (a fork, its first files' imports and patterns, about
    0.1 CPU s) an update of a few hundred files paid for no earlier end."""
    here = _procs(files, workers) == 1
    return reading_processes(files, workers - 1 if here else workers)


def write_index(index_dir: Path, documents: Iterable[Document], *, wait: bool = False) -> None:
    """Replace the index in ``index_dir`` by one holding exactly ``documents``.

    For tests and benchmarks that have Documents rather than files. Raises
    ``ValueError`` when two documents share an id, ``IndexBusy`` when a build
    holds the lock.
    """
    index_dir = Path(index_dir)
    records: dict[str, FileRecord] = {}
    seen: dict[str, str] = {}

    def fill(writer: Writer) -> None:
        for doc in documents:
            if doc.id in seen:
                raise ValueError(f"two documents have the id {doc.id!r}: {seen[doc.id]} "
                                 f"and {doc.path}")
            seen[doc.id] = doc.path
            writer.add(doc, country_words(doc))
            key = doc.path if doc.path not in records else f"{doc.path}#{doc.id}"
            records[key] = FileRecord(key, -1, -1, doc.sha256, doc.id)

    with index_lock(index_dir, wait=wait):
        generations.remove_stale(index_dir)
        _write_generation(index_dir, None, (lambda: Fill(fill),), lambda: Manifest(records, schema_signature()))


@dataclass(frozen=True)
class Fill:
    """One writing into a new generation: ``write(writer)``, on ``procs`` processes, each
    pooling at most ``pool_mb`` of postings (None: ``config.INDEX_WRITER_MB``)."""

    write: Callable[[Writer], None]
    procs: int = 1
    pool_mb: int | None = None


# A step of writing a generation: called when its turn comes, it gives the writing to do
# (None: nothing), so a later writing can depend on what the earlier ones wrote.
FillStep = Callable[[], Fill | None]


def _write_generation(index_dir: Path, base: Path | None, fills: Sequence[FillStep],
                      manifest: Callable[[], Manifest], *, close_fds: tuple[int, ...] = (),
                      needed: Callable[[], int | None] = lambda: None, known: integrity.Verdict | None = None,
                      leave: frozenset[str] = frozenset(),
                      segments: frozenset[str] = frozenset()) -> tuple[str, int]:
    """Write a new generation (fresh, or starting from ``base``) with the ``fills`` in turn, then publish it.

    No fills write nothing: the new generation is ``base`` with another
    manifest. The damaged files ``leave`` of ``base`` are not linked, and its
    damaged ``segments`` are dropped (``recovery``); ``known`` is ``base``'s
    check, whose digests the new checksums reuse for the files linked from it.

    Until ``publish`` renames the pointer nothing is visible to readers; on any
    failure the unfinished folder is removed and the error propagates (a full
    disk as ``DiskFull``, with ``needed()`` bytes as the estimate). A fill
    with ``procs`` > 1 writes on that many processes, which close ``close_fds``.
    """
    try:
        folder = generations.new_generation(index_dir, base, leave)
    except OSError as error:
        raise _translated(error, index_dir, needed) from None
    try:
        if segments:
            drop_segments(folder, segments)
        documents, fresh = None, base is None
        for step in fills:
            if (fill := step()) is not None:
                documents = write_documents(folder, fill.write, fresh=fresh, procs=fill.procs,
                                            close_fds=close_fds, pool_mb=fill.pool_mb)
                fresh = False
        if documents is not None and (regrouped := regroup(folder, base)):
            documents = write_documents(folder, partial(_write_works, folder, regrouped), fresh=False,
                                        close_fds=close_fds)
        if documents is None:
            documents = count_documents(folder)
        save_manifest(folder, manifest())
        integrity.record(folder, known)  # the last file: it marks the generation complete
        generations.flush_to_disk(folder)
    except BaseException as error:
        with _interrupts_deferred():
            shutil.rmtree(folder, ignore_errors=True)
        if base is not None and isinstance(error, Exception) and not isinstance(
                error, (OSError, RefsearchError)):
            integrity.confirm(index_dir, base.name, error)  # damage its checks did not see
        translated = _translated(error, index_dir, needed)
        if translated is error:
            raise
        raise translated from None
    with _interrupts_deferred():  # the pointer moves and old generations go as one step
        try:
            generations.publish(index_dir, folder.name)
        except BaseException as error:
            shutil.rmtree(folder, ignore_errors=True)
            translated = _translated(error, index_dir, needed)
            if translated is error:
                raise
            raise translated from None
        generations.remove_stale(index_dir)
    return folder.name, documents


def _write_works(folder: Path, regrouped: list[Regrouped], writer: Writer) -> None:
    """The last writing: the copies of one work stored with it (``engine.works``), so each is
    searched, filtered, shown and cited with the work's metadata, and listed once."""
    for doc, work, vectors, sample in rewrites(folder, regrouped):
        writer.delete(doc.id)
        writer.add(doc, country_words(doc), vectors, work, sample)


def _translated(error: BaseException, index_dir: Path, needed: Callable[[], int | None]) -> BaseException:
    """``error``, or ``DiskFull`` with the figures when it means the disk is full."""
    if isinstance(error, DiskFull) or (isinstance(error, OSError)
                                       and error.errno in (errno.ENOSPC, errno.EDQUOT)):
        try:
            free = shutil.disk_usage(index_dir).free
        except OSError:
            free = None
        return DiskFull(index_dir, free, needed())
    return error


def _bytes_needed(paths: Sequence[str]) -> int:
    """About how much disk space writing the documents of ``paths`` takes."""
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except OSError:
            pass
    return total * INDEX_BYTES_PER_SOURCE_BYTE


class _interrupts_deferred:
    """Hold Ctrl-C back until the block is done, then raise it (main thread only).

    For steps that must not stop half-way: moving the pointer, removing a folder.
    """

    def __enter__(self) -> _interrupts_deferred:
        self._caught: list[int] = []
        self._installed = threading.current_thread() is threading.main_thread()
        if self._installed:
            self._previous = signal.signal(signal.SIGINT,
                                           lambda signum, frame: self._caught.append(signum))
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, signal.SIG_DFL if self._previous is None else self._previous)
        if self._caught and exc_type is None:
            raise KeyboardInterrupt
