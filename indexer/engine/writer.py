"""Writing documents into a Whoosh index folder, on one core or on every core.

``write_documents`` opens (or creates) the index in a generation folder and
hands ``fill`` a ``Writer`` that adds and deletes records, then commits;
on any failure it cancels, so nothing half-written is committed. Large
batches are written by Whoosh's multiprocess writer, one segment per
process and no final merge, with its processes tied to the build
(``_TiedWriter``) and failures made loud. Both writers pool postings
grouped by word as documents arrive (``postingpool``), read each new
segment's field lengths once, and write postings a word at a time with the
segment's array file beside them (``postingwriter``, ``arrayfile``).
"""
from __future__ import annotations

import errno
import os
import pickle
import queue
import sys
from pathlib import Path
from typing import Any

import whoosh.index
import whoosh.multiproc
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from .. import config
from ..errors import DiskFull, IndexWriteFailed
from ..meaning import stored_vectors
from ..records import Document
from ..workers import forking, init_worker
from ..workrecords import Work
from . import arrayfile, mapped
from .analysis import MarkedText, indexed_positions_and_marks
from .postingpool import WordPool
from .postingwriter import write_words
from .schema import SCHEMA, document_fields

# Seconds a full queue of writing jobs is waited on before checking that
# the writing processes still live.
_QUEUE_WAIT = 1.0
# Exit status of a writing process that ran out of disk space (and said nothing:
# the build says it once, in words).
_EXIT_DISK_FULL = 28

class _BulkSegmentMixin:
    """What refsearch changes in a Whoosh segment writer: a pool that groups postings by
    word as documents arrive (``postingpool``), and postings written a word at a time with
    the segment's array file beside them (``postingwriter``, ``arrayfile``)."""

    # Whoosh's segment writer (untyped), which this is mixed into, sets these.
    _tempstorage: Any
    newsegment: Any
    pool: WordPool

    def _use_word_pool(self, limitmb: int) -> None:
        self.pool = WordPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = (self.codec.per_document_reader(self.storage, self.get_segment())
                   if self.codec.length_stats else None)
        arrays = arrayfile.ArrayFileWriter(self.newsegment.create_file(self.storage, arrayfile.EXTENSION))
        try:
            write_words(self.fieldwriter, self.schema, lengths, self.pool.iter_words(), arrays)
        finally:
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()


class _SegmentWriter(_BulkSegmentMixin, SegmentWriter):
    """Whoosh's segment writer, changed as ``_BulkSegmentMixin`` says."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self._use_word_pool(kwargs.get("limitmb", 128))
        self._whoosh_adds = any(field.separate_spelling() or field.vector
                                for _, field in self.schema.items())

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document``, handing each field's postings to the pool whole.

        Whoosh builds a tuple per posting and calls the pool once for each; here
        the pool takes a field's postings in one call (``WordPool.add_field``).
        Fields with separate spelling words or term vectors (refsearch's schema
        has none) take Whoosh's own way. A text whose word marks are made here is
        analysed once for its postings and its marks (``_analyse_marked``).
        """
        schema = self.schema
        analysed = _analyse_marked(schema, fields)
        if self._whoosh_adds:
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    columns = analysed.get(fieldname)
                    if columns is None:
                        length = self.pool.add_field(fieldname, docnum, field.index(value), boost)
                    else:
                        texts, freqs, weights, places = columns
                        length = self.pool.add_positions(fieldname, docnum, texts, freqs, weights, places, boost)
                    if not field.scorable:
                        length = 0
                stored = fields.get("_stored_" + fieldname, value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1


def _analyse_marked(schema, fields: dict) -> dict[str, tuple]:
    """Analyse each text whose word marks are made here (``analysis.MarkedText``) in one
    pass: its marks go into ``fields`` under their column's name, and its postings, which
    the field would otherwise analyse the text again for, are returned by field name as the
    pool keeps them (``AnalysedText.columns``): with the positions themselves, from which
    the pool makes the postings' values for the whole segment at once and the segment's
    array file takes the positions without decoding the values again."""
    analysed = {}
    for name, value in list(fields.items()):
        if isinstance(value, MarkedText):
            positions, fields[value.column] = indexed_positions_and_marks(value, value.every)
            analysed[name] = schema[name].columns(positions)
    return analysed


class _TiedSubWriter(SubWriterTask):
    """A Whoosh writing process that dies with the build and drops its copy of the lock."""

    def __init__(self, *args, parent_pid: int, close_fds: tuple[int, ...]):
        super().__init__(*args)
        self.parent_pid = parent_pid
        self.close_fds = close_fds

    def run(self) -> None:
        init_worker(self.parent_pid, self.close_fds)
        # Whoosh's task makes its writer from this module global; in this
        # (forked, single-purpose) process it makes ours instead.
        whoosh.multiproc.SegmentWriter = _SegmentWriter
        try:
            super().run()
        except BaseException as error:  # noqa: BLE001 - reported by exit status, not a traceback
            if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
                os._exit(_EXIT_DISK_FULL)
            sys.stderr.write(f"refsearch: a process writing the index failed: "
                             f"{type(error).__name__}: {error}\n")
            os._exit(1)


class _TiedWriter(_BulkSegmentMixin, MpWriter):
    """Whoosh's multiprocess writer with processes tied to the build and failures made loud.

    Whoosh's own writer leaves its processes waiting for work when the
    build is cancelled or killed (holding the lock, which they inherited),
    and commits without a segment whose process died. Here the processes
    are ``_TiedSubWriter``s, cancelling terminates them, and a commit after
    any of them failed raises instead of publishing an index short of
    documents.
    """

    docbuffer: list  # Whoosh's MpWriter: the documents not yet handed to a process

    def __init__(self, ix, *, close_fds: tuple[int, ...], **kwargs):
        self.close_fds = close_fds
        super().__init__(ix, **kwargs)
        self._use_word_pool(kwargs.get("limitmb", 128))

    def _new_task(self):
        task = _TiedSubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                              self.subargs, self.multisegment,
                              parent_pid=os.getpid(), close_fds=self.close_fds)
        self.tasks.append(task)
        with forking():
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
            raise _task_failure(failed[0].exitcode if failed else None)

    def _commit_toc(self, segments) -> None:
        failed = [t for t in self.tasks if t.exitcode != 0]
        if failed:
            raise _task_failure(failed[0].exitcode)
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


def _task_failure(exitcode: int | None) -> Exception:
    """The error for a writing process that ended with ``exitcode``."""
    if exitcode == _EXIT_DISK_FULL:
        return DiskFull("the index folder", None, None)
    code = "unknown" if exitcode is None else exitcode
    return IndexWriteFailed(
        f"a process writing the index failed (exit code {code}); the previous index is "
        "unchanged. Run refsearch index again; if it fails again, run it with --workers 1, "
        "which writes in one process and names the error")


def _writer(ix, procs: int, close_fds: tuple[int, ...], pool_mb: int):
    """One Whoosh writer, or a writing process per core for ``procs`` > 1, each pooling
    at most ``pool_mb`` of postings before spilling them to a run file."""
    if procs > 1:
        return _TiedWriter(ix, procs=procs, multisegment=True, close_fds=close_fds, limitmb=pool_mb)
    return _SegmentWriter(ix, limitmb=pool_mb)


class Writer:
    """Adds and removes documents; what a build's ``fill`` step is given."""

    def __init__(self, whoosh_writer) -> None:
        self._writer = whoosh_writer

    def add(self, doc: Document, country_words: str = "", vectors: bytes | None = None,
            work: Work | None = None, sample: bytes | None = None) -> None:
        """Add ``doc``; ``vectors`` are its stored passage vectors and ``sample`` its sample
        signature when the reading process made them already (else they are made here);
        ``work`` the work it is a copy of."""
        if vectors is None:
            vectors = stored_vectors(doc)
        self._writer.add_document(**document_fields(doc, country_words, vectors, work, sample, marks_in_writer=True))

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("id", doc_id)


def write_documents(folder: Path, fill, *, fresh: bool, procs: int = 1,
                    close_fds: tuple[int, ...] = (), pool_mb: int | None = None) -> int:
    """Create (``fresh``) or open the index in ``folder``, ``fill`` it, commit; the document count.

    ``procs`` > 1 writes on that many processes, which close ``close_fds``.
    Each writer pools at most ``pool_mb`` (default ``config.INDEX_WRITER_MB``)
    of postings in memory before spilling them to a temporary run file.
    On any failure the writer is cancelled and the error propagates.
    """
    mapped.install()
    if fresh:
        ix = whoosh.index.create_in(str(folder), SCHEMA)
    else:
        ix = whoosh.index.open_dir(str(folder))
    writer = _writer(ix, procs, close_fds, config.INDEX_WRITER_MB if pool_mb is None else pool_mb)
    try:
        fill(Writer(writer))
        writer.commit()  # inside: Ctrl-C while the processes finish must stop them too
    except BaseException:
        try:
            writer.cancel()
        except Exception:  # noqa: BLE001 - a half-committed writer; its folder is removed anyway
            pass
        raise
    documents = ix.doc_count()
    ix.close()
    return documents


def count_documents(folder: Path) -> int:
    """How many documents the index in ``folder`` holds."""
    mapped.install()
    ix = whoosh.index.open_dir(str(folder), readonly=True)
    try:
        return ix.doc_count()
    finally:
        ix.close()
