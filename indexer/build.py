"""Building the index: from saved files to a published Whoosh index generation.

``update_index`` is the engine of ``refsearch index``. It holds the build lock
(``locking``), compares the files on disk with the manifest of the live
generation (``manifest``), reads only new and changed files, and writes a new
generation that starts as hard links to the live one, in which it deletes the
documents of changed and deleted files and adds the new ones. The generation
is published by moving the ``CURRENT`` pointer (``generations``), so a build
that fails or is killed part-way leaves readers on the previous complete index
and the next build cleans up after it.

Reading a file (decoding, cleaning, metadata) runs in a process pool, a
chunk of files per task, while this process hands the documents to Whoosh
in path order as they come back, so reading and writing overlap. A build
with many files to write also analyses and writes them on every core:
Whoosh's multiprocess writer, one segment per writing process and no final
merge (``_TiedWriter``). Its processes are tied to the build's life like
the reading ones (see ``_init_worker``): they die with a killed build and
never keep the lock, and a failed build stops them. A file that cannot be read is
reported and skipped; everything else is indexed. Two files giving the same
document id: the one indexed first (already indexed, else first in path
order) is kept and the other reported as a duplicate, again on every run
until one of them goes.

``write_index`` builds a fresh generation from ready Documents (tests and
benchmarks); ``open_index`` opens the live generation for searching.
"""
from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import pickle
import queue
import shutil
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

import whoosh.index
import whoosh.multiproc
from tqdm import tqdm
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from . import config
from .countries import search_terms
from .documents.reader import iter_source_files, read_document
from .engine import schema as index_schema
from .engine.postingpool import BatchedPostingPool
from .engine.schema import SCHEMA, document_fields
from .errors import DocumentError, IndexMissing
from .records import Document
from .store import generations
from .store.locking import index_lock
from .store.manifest import FileRecord, Manifest, file_sha256, load_manifest, save_manifest

# ---- opening ----------------------------------------------------------------


def current_generation(index_dir: Path) -> str | None:
    """The name of the live generation: cheap to poll, it changes whenever a build is published.

    A long-lived reader remembers the name it opened (``open_generation``) and
    reopens when this returns another.
    """
    return generations.read_current(Path(index_dir))


def open_generation(index_dir: Path) -> tuple[whoosh.index.Index, str]:
    """The live index, read-only, with its generation name; ``IndexMissing`` when there is none."""
    index_dir = Path(index_dir)
    for _attempt in range(3):
        name = generations.read_current(index_dir)
        if name is None:
            break
        try:
            return whoosh.index.open_dir(str(index_dir / name), readonly=True), name
        except Exception as error:  # noqa: BLE001 - any damage means "no usable index"
            if generations.read_current(index_dir) != name:
                continue  # a build was published meanwhile: open that one
            raise IndexMissing(index_dir) from error
    raise IndexMissing(index_dir)


def open_index(index_dir: Path) -> whoosh.index.Index:
    """The latest complete index, read-only; ``IndexMissing`` when there is none or it is unreadable."""
    return open_generation(index_dir)[0]


# ---- the report -------------------------------------------------------------


@dataclass
class BuildReport:
    """What one build did. Paths are absolute; ``skipped`` includes duplicates."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[DocumentError] = field(default_factory=list)
    duration: float = 0.0
    # The live generation after the build and how many documents it holds.
    generation: str | None = None
    documents: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.removed)} removed, {len(self.unchanged)} unchanged, "
                f"{len(self.skipped)} skipped")

    def skipped_reasons(self) -> list[str]:
        """One line per skipped file: its path and why."""
        return [str(error) for error in self.skipped]


# ---- reading files ------------------------------------------------------------


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


# ---- planning -------------------------------------------------------------------


def schema_signature() -> str:
    """A fingerprint of ``SCHEMA`` and ``INDEX_FORMAT``; an index written under another
    one is rebuilt, not updated."""
    parts = [f"format {index_schema.INDEX_FORMAT}"]
    for name, fieldtype in sorted(SCHEMA.items()):
        analyzer = getattr(fieldtype, "analyzer", None)
        steps = [type(step).__name__ for step in getattr(analyzer, "items", [analyzer])]
        parts.append("|".join(str(v) for v in (
            name, type(fieldtype).__name__, fieldtype.stored, fieldtype.unique,
            fieldtype.scorable, getattr(fieldtype, "field_boost", 1.0),
            type(fieldtype.column_type).__name__, ",".join(steps))))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


@dataclass
class Plan:
    """What an incremental build must do, decided from file metadata before reading anything."""

    keep: dict[str, FileRecord] = field(default_factory=dict)
    parse: list[str] = field(default_factory=list)
    # Records whose documents leave the index: changed and deleted files.
    drop: dict[str, FileRecord] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    # True when only the mtimes recorded for unchanged files need refreshing.
    touched: bool = False


def scan_sources(sources: Sequence[Path]) -> list[str]:
    """Absolute paths of every document file under ``sources``, each once, sorted.

    The README that tells users what to put in ``archive/documents/`` is not a document.
    """
    readme = str((config.DOCUMENTS_DIR / "README.md").resolve())
    found = {str(Path(p).resolve()) for p in iter_source_files([Path(s) for s in sources])}
    return sorted(found - {readme})


def plan_update(paths: list[str], previous: dict[str, FileRecord]) -> Plan:
    plan = Plan()
    for path in paths:
        record = previous.get(path)
        if record is None:
            plan.parse.append(path)
            continue
        try:
            stat = os.stat(path)
        except OSError:  # vanished since the scan: reading it will report why
            plan.parse.append(path)
            plan.drop[path] = record
            continue
        if stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns:
            plan.keep[path] = record
        elif stat.st_size == record.size and _same_content(path, record.sha256):
            plan.keep[path] = FileRecord(path, stat.st_size, stat.st_mtime_ns,
                                         record.sha256, record.doc_id)
            plan.touched = True
        else:
            plan.parse.append(path)
            plan.drop[path] = record
    on_disk = set(paths)
    for path, record in previous.items():
        if path not in on_disk:
            plan.removed.append(path)
            plan.drop[path] = record
    return plan


def _same_content(path: str, sha256: str) -> bool:
    try:
        return file_sha256(Path(path)) == sha256
    except OSError:
        return False


# ---- writing --------------------------------------------------------------------

# Documents to write from which a build writes on every core; fewer go
# through one writer, as starting the writing processes would cost more
# than it saves and each would leave a small segment to search.
PARALLEL_WRITE_MIN_DOCS = 1000
# Seconds a full queue of writing jobs is waited on before checking that
# the writing processes still live.
_QUEUE_WAIT = 1.0


class _RememberedLengths:
    """A new segment's per-document reader that reads each field's lengths once.

    While a segment's postings are written, Whoosh asks for the field length
    of the document of every posting (for the block statistics), each time
    through a column reader: about a third of the time the writing takes.
    Here each field's lengths are read once, as Whoosh itself reads them.
    """

    def __init__(self, reader) -> None:
        self._reader = reader
        self._lengths: dict[str, list] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default=0):
        if default != 0:
            return self._reader.doc_field_length(docnum, fieldname, default)
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = self._lengths[fieldname] = [read(d, fieldname)
                                                  for d in range(self._reader.doc_count_all())]
        return lengths[docnum]

    def __getattr__(self, name: str):
        return getattr(self._reader, name)


class _SegmentWriter(SegmentWriter):
    """Whoosh's segment writer with field lengths read once per field when postings are
    written, and a pool that spills and merges postings in batches (see ``postingpool``)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = BatchedPostingPool(self._tempstorage, self.newsegment,
                                       limitmb=kwargs.get("limitmb", 128))

    def per_document_reader(self):
        return _RememberedLengths(super().per_document_reader())


class _TiedSubWriter(SubWriterTask):
    """A Whoosh writing process that dies with the build and drops its copy of the lock."""

    def __init__(self, *args, parent_pid: int, close_fds: tuple[int, ...]):
        super().__init__(*args)
        self.parent_pid = parent_pid
        self.close_fds = close_fds

    def run(self) -> None:
        _init_worker(self.parent_pid, self.close_fds)
        # Whoosh's task makes its writer from this module global; in this
        # (forked, single-purpose) process it makes ours instead.
        whoosh.multiproc.SegmentWriter = _SegmentWriter
        super().run()


class _TiedWriter(MpWriter):
    """Whoosh's multiprocess writer with processes tied to the build and failures made loud.

    Whoosh's own writer leaves its processes waiting for work when the
    build is cancelled or killed (holding the lock, which they inherited),
    and commits without a segment whose process died. Here the processes
    are ``_TiedSubWriter``s, cancelling terminates them, and a commit after
    any of them failed raises instead of publishing an index short of
    documents.
    """

    def __init__(self, ix, *, close_fds: tuple[int, ...], **kwargs):
        self.close_fds = close_fds
        super().__init__(ix, **kwargs)

    def _new_task(self):
        task = _TiedSubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                              self.subargs, self.multisegment,
                              parent_pid=os.getpid(), close_fds=self.close_fds)
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self) -> None:
        """Hand the buffered documents to the writing processes as one job file.

        Unlike Whoosh's, waits on a full job queue only while some writing
        process still lives to empty it.
        """
        name = f"{random_name()}.doclist"
        with self.temp_storage().create_file(name).raw_file() as out:
            for item in self.docbuffer:
                pickle.dump(item, out, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        job = (name, len(self.docbuffer))
        self.docbuffer = []
        while True:
            try:
                self.jobqueue.put(job, timeout=_QUEUE_WAIT)
                return
            except queue.Full:
                self._check_tasks()

    def _check_tasks(self) -> None:
        failed = [t for t in self.tasks if not t.is_alive() and t.exitcode not in (None, 0)]
        if failed or (self.tasks and not any(t.is_alive() for t in self.tasks)):
            raise RuntimeError(f"a process writing the index failed (exit code "
                               f"{failed[0].exitcode if failed else 'unknown'})")

    def _commit_toc(self, segments) -> None:
        failed = [t for t in self.tasks if t.exitcode != 0]
        if failed:
            raise RuntimeError(f"a process writing the index failed (exit code {failed[0].exitcode})")
        super()._commit_toc(segments)

    def cancel(self) -> None:
        try:
            for task in self.tasks:
                if task.is_alive():
                    task.terminate()
            for task in self.tasks:
                task.join()
        finally:
            SegmentWriter.cancel(self)


def _writer(ix, procs: int, close_fds: tuple[int, ...]):
    """One Whoosh writer, or a writing process per core for ``procs`` > 1."""
    if procs > 1:
        return _TiedWriter(ix, procs=procs, multisegment=True, close_fds=close_fds,
                           limitmb=config.INDEX_WRITER_MB)
    return _SegmentWriter(ix, limitmb=config.INDEX_WRITER_MB)


def update_index(sources: Sequence[Path], index_dir: Path, *, rebuild: bool = False,
                 progress: bool = False, workers: int | None = None,
                 wait: bool = False) -> BuildReport:
    """Bring the index in ``index_dir`` up to date with the document files under ``sources``.

    Only new, changed and deleted files cost work; ``rebuild`` re-reads
    everything into a fresh index. Raises ``IndexBusy`` when another build holds
    the lock (or waits for it with ``wait``).
    """
    started = time.monotonic()
    index_dir = Path(index_dir)
    workers = workers or config.INDEX_WORKERS or os.cpu_count() or 1
    report = BuildReport()
    with index_lock(index_dir, wait=wait) as lock_fd:
        generations.remove_stale(index_dir)
        live = generations.read_current(index_dir)
        indexed = load_manifest(index_dir / live) if live else None
        previous = indexed
        if rebuild or (indexed is not None and indexed.schema != schema_signature()):
            previous = None  # read everything into a fresh index
        paths = scan_sources(sources)
        plan = plan_update(paths, previous.records if previous else {})
        report.unchanged = sorted(plan.keep)
        report.removed = sorted(set(indexed.records if indexed else ()) - set(paths))
        if previous is not None and not plan.parse and not plan.drop:
            if plan.touched:  # same index; remember the new mtimes to skip hashing next time
                save_manifest(index_dir / live, Manifest(plan.keep, previous.schema))
            report.generation = live
            report.documents = open_index(index_dir).doc_count()
            report.duration = time.monotonic() - started
            return report

        base = index_dir / live if previous is not None else None
        records = dict(plan.keep)
        claimed = {record.doc_id: path for path, record in plan.keep.items()}

        def fill(writer) -> None:
            for record in plan.drop.values():
                writer.delete_by_term("id", record.doc_id)
            results = parse_files(plan.parse, workers=workers, close_fds=(lock_fd,),
                                  progress=progress)
            with closing(results):  # stops the pool at once if writing fails
                for parsed in results:
                    if parsed.error is not None:
                        report.skipped.append(DocumentError(parsed.path, parsed.error))
                        continue
                    doc = parsed.document
                    holder = claimed.get(doc.id)
                    if holder is not None:
                        report.skipped.append(DocumentError(
                            parsed.path, f"duplicate: document id {doc.id} is already indexed "
                                         f"from {holder}"))
                        continue
                    claimed[doc.id] = parsed.path
                    writer.add_document(**document_fields(doc, parsed.country_words))
                    records[parsed.path] = FileRecord(parsed.path, parsed.size, parsed.mtime_ns,
                                                      parsed.sha256, doc.id)
                    changed = parsed.path in plan.drop
                    (report.updated if changed else report.added).append(parsed.path)

        procs = workers if len(plan.parse) >= PARALLEL_WRITE_MIN_DOCS else 1
        report.generation, report.documents = _write_generation(
            index_dir, base, fill, lambda: Manifest(records, schema_signature()),
            procs=procs, close_fds=(lock_fd,))
    report.duration = time.monotonic() - started
    return report


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
            writer.add_document(**document_fields(doc, country_words(doc)))
            key = doc.path if doc.path not in records else f"{doc.path}#{doc.id}"
            records[key] = FileRecord(key, -1, -1, doc.sha256, doc.id)

    with index_lock(index_dir, wait=wait):
        generations.remove_stale(index_dir)
        _write_generation(index_dir, None, fill, lambda: Manifest(records, schema_signature()))


def _write_generation(index_dir: Path, base: Path | None, fill, manifest, *, procs: int = 1,
                      close_fds: tuple[int, ...] = ()) -> tuple[str, int]:
    """Write a new generation (fresh, or starting from ``base``) with ``fill(writer)``, then publish it.

    Until ``publish`` renames the pointer nothing is visible to readers; on any
    failure the unfinished folder is removed and the error propagates.
    ``procs`` > 1 writes on that many processes, which close ``close_fds``.
    """
    folder = generations.new_generation(index_dir, base)
    try:
        if base is None:
            ix = whoosh.index.create_in(str(folder), SCHEMA)
        else:
            ix = whoosh.index.open_dir(str(folder))
        writer = _writer(ix, procs, close_fds)
        try:
            fill(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        documents = ix.doc_count()
        ix.close()
        save_manifest(folder, manifest())
        generations.flush_to_disk(folder)
        generations.publish(index_dir, folder.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    generations.remove_stale(index_dir)
    return folder.name, documents
