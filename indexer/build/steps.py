"""The steps of a build that reads files: plan, write, and retrim.

``build.update_index`` runs them in order. ``plan`` (the build lock held)
decides what there is to do and refuses a build that would lose documents;
``write`` is the first writing into the new generation: the documents of
changed and deleted files go, the files to read are read and their
documents added, furniture is learned as they come; ``retrim`` decides
whether a second writing is needed (documents trimmed otherwise than the
archive's final furniture says, documents under a second id whose claimed id
is free again) and ``write_again`` does it. Each step takes what it works on
as arguments; what the steps share is a ``Progress``.
"""
from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..documents.furniture import FurnitureModel
from ..documents.pool import Budget, Parsed, parse_files
from ..documents.readers import Readers
from ..duplicates import text_key
from ..engine.schema import schema_signature
from ..engine.writer import Writer
from ..errors import DocumentError, SourcesUnreadable, shown_path
from ..store.manifest import FileRecord, IdHistory, Manifest
from ..store.packed import PackedRecords
from .clashes import Claims, freed
from .lasting import IndexedTexts, Lineage, claim, history
from .plan import Plan, account_missing, plan_update, survey_sources
from .recovery import Start, find_start, read_again
from .report import BuildReport, damaged_refusal, refusal
from .trimming import Trimming


@dataclass(frozen=True)
class Planned:
    """What a build found and decided before writing anything."""

    start: Start
    plan: Plan
    # The live generation's manifest, and the one the build starts from (None: a fresh index).
    indexed: Manifest | None
    previous: Manifest | None
    # Files read again because the documents they had in the index are damaged.
    repairing: frozenset[str]
    # Why a fresh index is written when it is not asked for (for the refusal).
    why: str
    # Which indexed file each file read continues, so that its document keeps its id.
    lineage: Lineage
    # The folders read (``Manifest.roots``).
    roots: tuple[str, ...] = ()

    @property
    def indexed_records(self) -> Mapping[str, FileRecord]:
        return self.indexed.records if self.indexed else {}

    @property
    def ids(self) -> IdHistory:
        """The id history of the live index."""
        return self.indexed.ids if self.indexed else IdHistory()

    @property
    def changed(self) -> dict[str, FileRecord]:
        """The indexed records of the files read again (changed since, or damaged)."""
        return {path: self.plan.drop[path] for path in self.plan.parse if path in self.plan.drop}


@dataclass(frozen=True)
class ReadSettings:
    """How the build reads files: on how many processes, closing which descriptors, in what budget."""

    workers: int
    close_fds: tuple[int, ...] = ()
    progress: bool = False
    budget: Budget | None = None
    # The reading processes every writing of the build uses (None: each starts its own).
    readers: Readers | None = None


@dataclass(frozen=True)
class Progress:
    """What the writings of one build share and fill in: the new manifest's records, the ids
    claimed, the furniture learned, and the report."""

    # Kept packed: a record as objects cost about 2 KB, for every file until the manifest is written.
    records: PackedRecords
    claims: Claims
    trimming: Trimming
    report: BuildReport
    planned: Planned
    # Unreadable files a rebuild could not keep.
    lost: list[DocumentError] = field(default_factory=list)

    @classmethod
    def starting(cls, planned: Planned, report: BuildReport) -> Progress:
        records = PackedRecords(planned.plan.keep)
        # Even a rebuild starts from the furniture the index knows: fewer files to read again.
        trimming = Trimming(planned.indexed.furniture if planned.indexed else {}, planned.plan.keep.values())
        return cls(records, Claims(records), trimming, report, planned)

    def manifest(self) -> Manifest:
        planned = self.planned
        ids = history(planned.ids, planned.indexed_records, self.records, planned.lineage.moves)
        return Manifest(self.records, schema_signature(), self.trimming.current.to_dict(), ids,
                        self.report.not_indexed(), planned.roots)


def plan(sources: Sequence[Path], index_dir: Path, link_targets: Sequence[Path], *,
         rebuild: bool, report: BuildReport) -> Planned:
    """Find what the build starts from, survey the sources and plan; note it all in ``report``.

    Raises ``SourcesUnreadable`` when a fresh index would lose documents that
    cannot be read just now.
    """
    start = find_start(index_dir)
    indexed = previous = start.manifest
    report.notes = start.notes
    if rebuild or start.whole or (indexed is not None and indexed.schema != schema_signature()):
        previous = None  # read everything into a fresh index
    survey = survey_sources(sources, link_targets)
    paths = survey.paths
    planned_update = plan_update(paths, previous.records if previous else {}, survey.walk)
    indexed_records = indexed.records if indexed else {}
    missing = account_missing(paths, indexed_records, survey.walk)
    why = "it is damaged" if start.whole else "its format changed"
    if previous is None and missing.kept:
        raise SourcesUnreadable(refusal(missing.unreadable, rebuild, len(missing.kept), why))
    if start.whole and indexed is None and (survey.walk.problems or survey.walk.empty_roots):
        raise SourcesUnreadable(damaged_refusal(missing.unreadable or [
            DocumentError(root, "holds no document files now") for root in survey.walk.empty_roots]))
    repairing = frozenset(read_again(planned_update, start.present) if start.present is not None else
                          set(planned_update.parse) & indexed_records.keys() if start.whole else ())
    report.unchanged = sorted(planned_update.keep.keys() - set(planned_update.kept_unread))
    report.removed = sorted(set(missing.gone) | set(planned_update.removed))
    report.unreadable = list(planned_update.unreadable)
    report.kept = list(planned_update.kept_unread)
    report.skipped.extend(survey.walk.refused)
    gone = {path: indexed_records[path] for path in report.removed if path in indexed_records}
    lineage = Lineage(indexed_records, gone, IndexedTexts(index_dir) if gone else lambda doc_id: None)
    return Planned(start, planned_update, indexed, previous, repairing, why, lineage,
                   read_roots(sources, link_targets))


def read_roots(sources: Sequence[Path], link_targets: Sequence[Path]) -> tuple[str, ...]:
    """The folders a build reads, resolved (a file given as a source stands for itself)."""
    return tuple(dict.fromkeys(str(Path(p).resolve()) for p in (*sources, *link_targets)))


def nothing_to_read(planned: Planned) -> bool:
    """True when the live index stays as it is, its manifest perhaps written again."""
    plan_, start = planned.plan, planned.start
    intact = start.verdict is None or start.verdict.ok
    return (planned.previous is not None and start.live is not None and not plan_.parse
            and not plan_.drop and intact)


def write(writer: Writer, planned: Planned, progress: Progress, reading: ReadSettings, *, rebuild: bool) -> None:
    """The first writing: delete the documents of changed and deleted files, read the files to
    read and add their documents, learning furniture as they come."""
    plan_, changed, report, claims = planned.plan, planned.changed, progress.report, progress.claims
    for path, record in plan_.drop.items():
        if path not in changed:  # gone; a changed file's document goes once it is read
            writer.delete(record.doc_id)
    results = parse_files(plan_.parse, workers=reading.workers, close_fds=reading.close_fds,
                          progress=reading.progress, budget=reading.budget, furniture=progress.trimming.model,
                          readers=reading.readers)
    with closing(results), closing_texts(planned.lineage):  # stops the pool at once if writing fails
        for parsed in results:
            old = changed.get(parsed.path)
            if parsed.unreadable and old is not None and old.doc_id not in claims.holders:
                progress.records[parsed.path] = old  # cannot be read just now: keep it as it was
                claims.holders[old.doc_id] = parsed.path
                progress.trimming.keep(old)
                report.unreadable.append(DocumentError(
                    parsed.path, f"{parsed.error}; its document is kept as it was"))
                report.kept.append(parsed.path)
                continue
            if old is not None:
                writer.delete(old.doc_id)
            if parsed.error is not None:
                _note_error(parsed, planned, progress)
                continue
            doc = parsed.document
            assert doc is not None  # read without an error
            claimed = claim(doc, planned.lineage.earlier(parsed.path, doc))
            given = claims.give(parsed.path, claimed, doc.sha256)
            if given.doc_id is None:
                report.skipped.append(DocumentError(
                    parsed.path, f"duplicate: the same file as {shown_path(given.duplicate_of)}, "
                                 f"which is indexed (document id {claimed})"))
                continue
            writer.add(replace(doc, id=given.doc_id), parsed.country_words, parsed.vectors,
                       sample=parsed.sample)
            progress.records[parsed.path] = record_of(parsed, given.doc_id)
            progress.trimming.read(parsed.observation(), parsed.known, parsed.path, parsed.marked_with)
            (report.repaired if parsed.path in planned.repairing else report.updated
             if old is not None else report.added).append(parsed.path)
    if progress.lost:  # a rebuild would publish an index without them
        raise SourcesUnreadable(refusal(progress.lost, rebuild, why=planned.why))


def _note_error(parsed: Parsed, planned: Planned, progress: Progress) -> None:
    """Report a file that could not be read (or was refused); a rebuild that would lose it notes it."""
    assert parsed.error is not None
    report = progress.report
    if not parsed.unreadable:
        report.skipped.append(DocumentError(parsed.path, parsed.error))
        return
    report.unreadable.append(DocumentError(parsed.path, parsed.error))
    if parsed.path in planned.indexed_records and parsed.path not in planned.repairing:
        progress.lost.append(report.unreadable[-1])


@dataclass(frozen=True)
class Retrim:
    """The second writing: the files to read again, with the archive's final furniture."""

    paths: list[str]
    furniture: FurnitureModel
    # Files whose document has a second id and whose claimed id is free again.
    reclaim: frozenset[str]


def retrim(progress: Progress) -> Retrim | None:
    """What the second writing reads again, None for nothing; notes the retrimmed in the report."""
    final, progress.report.retrimmed = progress.trimming.final(progress.records)
    reclaim = frozenset(freed(progress.records))
    again = sorted(reclaim.union(progress.report.retrimmed))
    return Retrim(again, final, reclaim) if again else None


def write_again(writer: Writer, again: Retrim, progress: Progress, reading: ReadSettings) -> None:
    """The second writing: replace the documents of ``again.paths`` by their files read again."""
    records = progress.records
    claims = Claims(records)
    results = parse_files(again.paths, workers=reading.workers, close_fds=reading.close_fds,
                          progress=reading.progress, budget=reading.budget, furniture=lambda: again.furniture,
                          desc="Removing learned furniture", readers=reading.readers)
    with closing(results):
        for parsed in results:
            doc, old = parsed.document, records[parsed.path]
            doc_id = parsed.error is None and doc is not None and claims.again(
                parsed.path, claim(doc, old), doc.sha256, reclaim=parsed.path in again.reclaim)
            if not doc_id or doc is None:
                continue  # changed or unreadable since: it stays as first read
            writer.delete(old.doc_id)
            writer.add(replace(doc, id=doc_id), parsed.country_words, parsed.vectors,
                       sample=parsed.sample)
            records[parsed.path] = record_of(parsed, doc_id)


@contextmanager
def closing_texts(lineage: Lineage):
    """Close the index a lineage opened to compare texts, once the first writing is done."""
    try:
        yield lineage
    finally:
        if isinstance(lineage.texts, IndexedTexts):
            lineage.texts.close()


def record_of(parsed: Parsed, doc_id: str) -> FileRecord:
    """The manifest's record of a file just read, whose document is indexed as ``doc_id``."""
    doc = parsed.document
    # A site's name, the same for many files, is kept once (each came as a string of its own).
    return FileRecord(parsed.path, parsed.size, parsed.mtime_ns, parsed.sha256, doc_id, sys.intern(parsed.site),
                      parsed.edges, (doc.title or "") if doc else "", text_key(doc) if doc else "",
                      parsed.observation().packed_marked())
