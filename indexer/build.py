"""Building the index: from saved files to a published index generation.

``update_index`` is what ``refsearch index`` runs. It holds the build lock
(``store.locking``), compares the files on disk with the manifest of the
live generation (``store.plan``), reads only new and changed files
(``documents.pool``, on every core), and has the engine write a new
generation (``engine.writer``) that starts as hard links to the live one,
in which the documents of changed and deleted files are deleted and the
new ones added. The generation is published by moving the ``CURRENT``
pointer (``store.generations``), so a build that fails or is killed
part-way leaves readers on the previous complete index and the next build
cleans up after it.

Reading and writing overlap: documents are handed to the writer in path
order as the reading processes return them. A file that cannot be read is
reported and skipped; everything else is indexed. Two files giving the same
document id: the one indexed first (already indexed, else first in path
order) is kept and the other reported as a duplicate, again on every run
until one of them goes.

``write_index`` builds a fresh generation from ready Documents (tests and
benchmarks).
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from . import config
from .archive import open_archive
from .documents.pool import country_words, parse_files
from .engine.schema import schema_signature
from .engine.writer import write_documents
from .errors import DocumentError
from .records import Document
from .store import generations
from .store.locking import index_lock
from .store.manifest import FileRecord, Manifest, load_manifest, save_manifest
from .store.plan import plan_update, scan_sources

# Documents to write from which a build writes on every core; fewer go
# through one writer, as starting the writing processes would cost more
# than it saves and each would leave a small segment to search.
PARALLEL_WRITE_MIN_DOCS = 1000


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
            with open_archive(index_dir) as archive:
                report.documents = archive.count()
            report.duration = time.monotonic() - started
            return report

        base = index_dir / live if previous is not None else None
        records = dict(plan.keep)
        claimed = {record.doc_id: path for path, record in plan.keep.items()}

        def fill(writer) -> None:
            for record in plan.drop.values():
                writer.delete(record.doc_id)
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
                    writer.add(doc, parsed.country_words)
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
            writer.add(doc, country_words(doc))
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
        documents = write_documents(folder, fill, fresh=base is None, procs=procs, close_fds=close_fds)
        save_manifest(folder, manifest())
        generations.flush_to_disk(folder)
        generations.publish(index_dir, folder.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    generations.remove_stale(index_dir)
    return folder.name, documents
