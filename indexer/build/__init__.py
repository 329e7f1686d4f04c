"""Building the index: from saved files to a published index generation.

``update_index`` is what ``refsearch index`` runs. It holds the build lock
(``store.locking``), compares the files on disk with the manifest of the
live generation (``build.plan``), reads only new and changed files
(``documents.pool``, on every core), and has the engine write a new
generation (``engine.writer``) that starts as hard links to the live one,
in which the documents of changed and deleted files are deleted and the
new ones added. The generation is published by moving the ``CURRENT``
pointer (``store.generations``), so a build that fails or is killed
part-way leaves readers on the previous complete index and the next build
cleans up after it.

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
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from .. import config
from ..archive import open_archive
from ..documents.pool import Budget, country_words, parse_files
from ..engine.repair import drop_segments
from ..engine.schema import schema_signature
from ..engine.writer import count_documents, write_documents
from ..errors import BuildInterrupted, DiskFull, DocumentError, RefsearchError, SourcesUnreadable, shown_path
from ..records import Document
from ..store import generations, integrity
from ..store.locking import index_lock
from ..store.manifest import FileRecord, Manifest, save_manifest
from .clashes import Claims, find_clashes, freed
from .plan import account_missing, plan_update, survey_sources
from .recovery import find_start, read_again
from .report import BuildReport, damaged_refusal, refusal
from .trimming import Trimming

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
        start = find_start(index_dir)
        live, indexed = start.live, start.manifest
        report.notes = start.notes
        previous = indexed
        if rebuild or start.whole or (indexed is not None and indexed.schema != schema_signature()):
            previous = None  # read everything into a fresh index
        survey = survey_sources(sources, link_targets)
        paths = survey.paths
        plan = plan_update(paths, previous.records if previous else {}, survey.walk)
        indexed_records = indexed.records if indexed else {}
        missing = account_missing(paths, indexed_records, survey.walk)
        why = "it is damaged" if start.whole else "its format changed"
        if previous is None and missing.kept:
            raise SourcesUnreadable(refusal(missing.unreadable, rebuild, len(missing.kept), why))
        if start.whole and indexed is None and (survey.walk.problems or survey.walk.empty_roots):
            raise SourcesUnreadable(damaged_refusal(missing.unreadable or [
                DocumentError(root, "holds no document files now") for root in survey.walk.empty_roots]))
        repairing = set(read_again(plan, start.present) if start.present is not None else
                        set(plan.parse) & indexed_records.keys() if start.whole else ())
        report.unchanged = sorted(plan.keep.keys() - set(plan.kept_unread))
        report.removed = sorted(set(missing.gone) | set(plan.removed))
        report.unreadable = list(plan.unreadable)
        report.kept = list(plan.kept_unread)
        report.skipped.extend(survey.walk.refused)
        intact = start.verdict is None or start.verdict.ok
        if previous is not None and live is not None and not plan.parse and not plan.drop and intact:
            if plan.touched:  # the new mtimes, so that the next run need not hash the files again
                report.generation, report.documents = _write_generation(
                    index_dir, index_dir / live, None,
                    lambda: Manifest(plan.keep, previous.schema, previous.furniture),
                    known=start.verdict)
                report.clashes = find_clashes(plan.keep)
            else:
                if start.recovered:  # the pointer, written again
                    with _interrupts_deferred():
                        generations.publish(index_dir, live)
                report.generation = live
                report.clashes = find_clashes(plan.keep)
                with open_archive(index_dir) as archive:
                    report.documents = archive.count()
            report.duration = time.monotonic() - started
            return report

        base = index_dir / live if previous is not None and live is not None else None
        records = dict(plan.keep)
        claims = Claims(records)
        lost: list[DocumentError] = []  # unreadable files a rebuild could not keep
        # Even a rebuild starts from the furniture the index knows: fewer files to read again.
        trimming = Trimming(indexed.furniture if indexed else {}, plan.keep.values())

        def fill(writer) -> None:
            for path, record in plan.drop.items():
                if path not in changed:  # gone; a changed file's document goes once it is read
                    writer.delete(record.doc_id)
            results = parse_files(plan.parse, workers=workers, close_fds=(lock_fd,),
                                  progress=progress, budget=budget, furniture=trimming.model)
            with closing(results):  # stops the pool at once if writing fails
                for parsed in results:
                    old = changed.get(parsed.path)
                    if parsed.unreadable and old is not None and old.doc_id not in claims.holders:
                        records[parsed.path] = old  # cannot be read just now: keep it as it was
                        claims.holders[old.doc_id] = parsed.path
                        trimming.keep(old)
                        report.unreadable.append(DocumentError(
                            parsed.path, f"{parsed.error}; its document is kept as it was"))
                        report.kept.append(parsed.path)
                        continue
                    if old is not None:
                        writer.delete(old.doc_id)
                    if parsed.error is not None:
                        if parsed.unreadable:
                            report.unreadable.append(DocumentError(parsed.path, parsed.error))
                            if parsed.path in indexed_records and parsed.path not in repairing:
                                lost.append(report.unreadable[-1])
                        else:
                            report.skipped.append(DocumentError(parsed.path, parsed.error))
                        continue
                    doc = parsed.document
                    assert doc is not None  # read without an error
                    given = claims.give(parsed.path, doc.id, doc.sha256)
                    if given.doc_id is None:
                        report.skipped.append(DocumentError(
                            parsed.path, f"duplicate: the same file as {shown_path(given.duplicate_of)}, "
                                         f"which is indexed (document id {doc.id})"))
                        continue
                    writer.add(replace(doc, id=given.doc_id), parsed.country_words)
                    records[parsed.path] = _record(parsed, given.doc_id)
                    trimming.read(parsed.observation(), parsed.known_keys(), parsed.path)
                    (report.repaired if parsed.path in repairing else report.updated
                     if old is not None else report.added).append(parsed.path)
            if lost:  # a rebuild would publish an index without them
                raise SourcesUnreadable(refusal(lost, rebuild, why=why))

        def retrim():
            """The second writing: documents trimmed otherwise than the archive's furniture says,
            and documents under a second id whose claimed id is free again."""
            final, report.retrimmed = trimming.final(records)
            reclaim = set(freed(records))
            again = sorted(reclaim.union(report.retrimmed))
            if not again:
                return None

            def fill_again(writer) -> None:
                claims = Claims(records)
                results = parse_files(again, workers=workers, close_fds=(lock_fd,),
                                      progress=progress, budget=budget, furniture=lambda: final,
                                      desc="Removing learned furniture")
                with closing(results):
                    for parsed in results:
                        doc, old = parsed.document, records[parsed.path]
                        doc_id = parsed.error is None and doc is not None and claims.again(
                            parsed.path, doc.id, doc.sha256, reclaim=parsed.path in reclaim)
                        if not doc_id or doc is None:
                            continue  # changed or unreadable since: it stays as first read
                        writer.delete(old.doc_id)
                        writer.add(replace(doc, id=doc_id), parsed.country_words)
                        records[parsed.path] = _record(parsed, doc_id)
            return fill_again, _procs(len(again), workers)

        changed = {path: plan.drop[path] for path in plan.parse if path in plan.drop}
        report.generation, report.documents = _write_generation(
            index_dir, base, fill,
            lambda: Manifest(records, schema_signature(), trimming.current.to_dict()),
            procs=_procs(len(plan.parse), workers), close_fds=(lock_fd,),
            needed=lambda: _bytes_needed(plan.parse), then=retrim, known=start.verdict,
            leave=start.leave if base else frozenset(), segments=start.segments if base else frozenset())
        report.clashes = find_clashes(records)
        report.kept.sort()
    report.duration = time.monotonic() - started
    return report


def _record(parsed, doc_id: str) -> FileRecord:
    """The manifest's record of a file just read, whose document is indexed as ``doc_id``."""
    return FileRecord(parsed.path, parsed.size, parsed.mtime_ns, parsed.sha256,
                      doc_id, parsed.site, parsed.edges)


def _procs(documents: int, workers: int) -> int:
    return workers if documents >= PARALLEL_WRITE_MIN_DOCS else 1


def write_index(index_dir: Path, documents: Iterable[Document], *, wait: bool = False) -> None:
    """Replace the index in ``index_dir`` by one holding exactly ``documents``.

    For tests and benchmarks that have Documents rather than files. Raises
    ``ValueError`` when two documents share an id, ``IndexBusy`` when a build
    holds the lock.
    """
    index_dir = Path(index_dir)
    records: dict[str, FileRecord] = {}
    seen: dict[str, str] = {}

    def fill(writer) -> None:
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
        _write_generation(index_dir, None, fill, lambda: Manifest(records, schema_signature()))


def _write_generation(index_dir: Path, base: Path | None, fill, manifest, *, procs: int = 1,
                      close_fds: tuple[int, ...] = (), needed=lambda: None,
                      then=lambda: None, known=None, leave: frozenset[str] = frozenset(),
                      segments: frozenset[str] = frozenset()) -> tuple[str, int]:
    """Write a new generation (fresh, or starting from ``base``) with ``fill(writer)``, then publish it.

    ``then()`` may return a second ``(fill, procs)`` to write into the same
    generation before it is published. ``fill`` None writes nothing: the new
    generation is ``base`` with another manifest. The damaged files ``leave``
    of ``base`` are not linked, and its damaged ``segments`` are dropped
    (``recovery``); ``known`` is ``base``'s check, whose digests the new
    checksums reuse for the files linked from it.

    Until ``publish`` renames the pointer nothing is visible to readers; on any
    failure the unfinished folder is removed and the error propagates (a full
    disk as ``DiskFull``, with ``needed()`` bytes as the estimate).
    ``procs`` > 1 writes on that many processes, which close ``close_fds``.
    """
    try:
        folder = generations.new_generation(index_dir, base, leave)
    except OSError as error:
        raise _translated(error, index_dir, needed) from None
    try:
        if segments:
            drop_segments(folder, segments)
        if fill is None:
            documents = count_documents(folder)
        else:
            documents = write_documents(folder, fill, fresh=base is None, procs=procs,
                                        close_fds=close_fds)
        if (second := then()) is not None:
            fill_again, procs_again = second
            documents = write_documents(folder, fill_again, fresh=False, procs=procs_again,
                                        close_fds=close_fds)
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


def _translated(error: BaseException, index_dir: Path, needed) -> BaseException:
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
