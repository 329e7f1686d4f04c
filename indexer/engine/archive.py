"""The Whoosh implementation of ``indexer.archive.Archive``: one open index generation.

A ``WhooshArchive`` owns the opened Whoosh index and one searcher per
thread (Whoosh searchers read their files through their own positions, so a
searcher is never shared between threads); ``close`` closes them all. Every
method parses what it is given once, asks the engine modules, and answers
records. Caches that speed up later searches (columns, filter sets, the
last query's matches, spelling tables) live with the readers, so a newer
generation starts with empty ones.
"""
from __future__ import annotations

import datetime as dt
import functools
import threading
import weakref
from pathlib import Path

import whoosh.index
from whoosh.searching import Searcher

from ..errors import DocumentGone, DocumentMoved, DocumentNotFound, IndexDamaged, IndexMissing, RefsearchError
from ..facets import FACETS
from ..querylang import Parsed, parse
from ..records import (
    TIERS,
    ArchiveStats,
    CitationCandidates,
    Document,
    DocumentText,
    Hit,
    ParsedCitation,
    SearchRequest,
    SearchResults,
)
from ..skips import SkippedFile
from ..store import generations, integrity
from ..store.manifest import IdHistory, load_id_history, load_manifest
from ..works import work_key
from . import compounds, expansions, mapped
from .analysis import analysis_language
from .candidates import exact_matches, mirrored, quotation_pool, title_pool
from .compile import Highlight, build_query, highlight_terms
from .copies import copies_of, unique_copies
from .facetcounts import count
from .querylanguages import query_languages
from .questions import without_fillers
from .reading import highlight_document, part_holding
from .schema import indexed_values, stored_document
from .searching import hit, search
from .similar import remembered_similar, series_members


def open_generation(index_dir: Path) -> tuple[whoosh.index.Index, str]:
    """The live index, read-only, with its generation name, after checking its files against
    their checksums; ``IndexMissing`` when there is none, ``IndexDamaged`` when it is damaged."""
    mapped.install()
    index_dir = Path(index_dir)
    for _attempt in range(3):
        name = generations.live_generation(index_dir)
        if name is None:
            break
        try:
            integrity.require_intact(index_dir, name)
            return whoosh.index.open_dir(str(index_dir / name), readonly=True), name
        except IndexDamaged:
            if generations.live_generation(index_dir) != name:
                continue  # a build was published meanwhile: open that one
            raise
        except Exception as error:  # noqa: BLE001 - any damage means "no usable index"
            if generations.live_generation(index_dir) != name:
                continue
            integrity.confirm(index_dir, name, error)
            raise IndexMissing(index_dir) from error
    raise IndexMissing(index_dir)


def open_index(index_dir: Path) -> whoosh.index.Index:
    """The live Whoosh index itself, read-only (for the engine's own tests and tools)."""
    return open_generation(index_dir)[0]


# Documents like one document among which its near copies are looked for.
COPIES_LOOKED_AT = 20


def _damage_reported(method):
    """Let an engine failure that damage explains say so (``IndexDamaged``), not a traceback.

    Files are checked against their checksums when opened; damage that came
    without a write (a failing disk) shows itself only when read. A failure
    then has the generation read in full (once per state of its files) and becomes
    ``IndexDamaged`` if damage is found; any other failure propagates.
    """

    @functools.wraps(method)
    def reported(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RefsearchError:
            raise
        except Exception as error:
            if self._folder is not None:
                integrity.confirm(self._folder.parent, self.generation, error)
            raise
    return reported


class WhooshArchive:
    """One open generation of a Whoosh index, searched through records only."""

    def __init__(self, index: whoosh.index.Index, generation: str, folder: Path | None = None) -> None:
        self._index = index
        self.generation = generation
        self._folder = folder
        self._entry_dates: dict[str, dt.datetime] | None = None
        self._ids: IdHistory | None = None
        self._skipped: tuple[SkippedFile, ...] | None = None
        self._roots: tuple[str, ...] | None = None
        self._on_close: list = []
        self._local = threading.local()
        self._lock = threading.Lock()
        self._searchers: list[Searcher] = []

    @classmethod
    def open(cls, index_dir: Path) -> WhooshArchive:
        index, generation = open_generation(index_dir)
        return cls(index, generation, Path(index_dir) / generation)

    def __enter__(self) -> WhooshArchive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _searcher(self) -> Searcher:
        """This thread's searcher on the generation."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._index.searcher()
            with self._lock:
                self._searchers.append(searcher)
        return searcher

    def _docnum(self, doc_id: str) -> int:
        docnum = self._searcher().document_number(id=doc_id)
        if docnum is None:
            raise self._former(doc_id)
        return docnum

    def _former(self, doc_id: str) -> DocumentNotFound:
        """Why no document has ``doc_id``: it has another id now, it left the archive, or the
        index never gave it out. The id history is read at the first unknown id."""
        if self._ids is None:
            self._ids = load_id_history(self._folder) if self._folder is not None else IdHistory()
        if (now := self._ids.moved.get(doc_id)) is not None:
            return DocumentMoved(doc_id, now)
        gone = self._ids.gone.get(doc_id)
        if gone is None:
            return DocumentNotFound(f"No document with id '{doc_id}' in the index")
        what = f"\u201c{gone.title}\u201d ({doc_id})" if gone.title else doc_id
        where = f": its file {gone.name} was removed" if gone.name else ""
        return DocumentGone(
            f"The document {what} is no longer in the archive{where} (found gone on {gone.removed}). "
            "Search for its title: another copy or edition of it may be here.", gone.title)

    def _stored(self, docnum: int) -> Document:
        return stored_document(self._searcher().stored_fields(docnum))

    def _parse(self, searcher: Searcher, query: str) -> Parsed:
        """The query read once, without its question and filler words, with the acronyms the
        archive defines looked for both ways and compounds in every spelling it writes."""
        reader = searcher.reader()
        parsed = expansions.expand(without_fillers(parse(query)), expansions.table(reader))
        return compounds.expand(parsed, reader)

    # ---- the protocol ----

    @_damage_reported
    def search(self, request: SearchRequest) -> SearchResults:
        searcher = self._searcher()
        return search(searcher, request, self._parse(searcher, request.query))

    @_damage_reported
    def hits(self, request: SearchRequest) -> SearchResults:
        searcher = self._searcher()
        return search(searcher, request, self._parse(searcher, request.query), facets=False, suggestion=False)

    @_damage_reported
    def document(self, doc_id: str) -> Document:
        return self._stored(self._docnum(doc_id))

    @_damage_reported
    def similar(self, doc_id: str, limit: int) -> tuple[Hit, ...]:
        docnum = self._docnum(doc_id)
        searcher = self._searcher()
        found = remembered_similar(searcher, docnum, self._stored, limit + COPIES_LOOKED_AT)
        scores = dict(found)
        copies = set(copies_of(searcher, docnum, list(scores)))
        kept = unique_copies(searcher, [d for d, _ in found if d not in copies])[:limit]
        return tuple(hit(searcher, other, scores[other], Highlight()) for other in kept)

    @_damage_reported
    def copies(self, doc_id: str) -> tuple[Document, ...]:
        docnum = self._docnum(doc_id)
        searcher = self._searcher()
        near = [d for d, _ in remembered_similar(searcher, docnum, self._stored, COPIES_LOOKED_AT)]
        return tuple(self._stored(d) for d in copies_of(searcher, docnum, near))

    @_damage_reported
    def series(self, doc: Document) -> tuple[Document, ...]:
        return series_members(self._searcher(), doc, self._stored)

    @_damage_reported
    def stats(self) -> ArchiveStats:
        searcher = self._searcher()
        live = list(searcher.reader().all_doc_ids())
        years = count(searcher, "year", live)
        tiers = count(searcher, "tier", live)
        codes = count(searcher, "country", live)
        return ArchiveStats(documents=len(live), countries=len(codes),
                            first_year=min(map(int, years)) if years else None,
                            last_year=max(map(int, years)) if years else None,
                            tiers={tier: tiers.get(tier, 0) for tier in TIERS})

    @_damage_reported
    def count(self) -> int:
        return self._searcher().doc_count()

    def built_at(self) -> dt.datetime | None:
        try:
            seconds = self._folder.stat().st_mtime if self._folder else None
        except OSError:
            return None
        return dt.datetime.fromtimestamp(int(seconds), dt.UTC) if seconds else None

    @_damage_reported
    def entry_dates(self) -> dict[str, dt.datetime]:
        if self._entry_dates is None:
            manifest = load_manifest(self._folder) if self._folder else None
            self._entry_dates = {
                record.doc_id: dt.datetime.fromtimestamp(record.mtime_ns // 1_000_000_000, dt.UTC)
                for record in (manifest.records.values() if manifest else ()) if record.mtime_ns >= 0}
        return self._entry_dates

    def _read_manifest_lists(self) -> None:
        manifest = load_manifest(self._folder) if self._folder else None
        self._skipped = manifest.skipped if manifest else ()
        self._roots = manifest.roots if manifest else ()

    @_damage_reported
    def skipped(self) -> tuple[SkippedFile, ...]:
        if self._skipped is None:
            self._read_manifest_lists()
        return self._skipped or ()

    @_damage_reported
    def roots(self) -> tuple[str, ...]:
        """The folders the index was built from (empty for an index written before they were kept)."""
        if self._roots is None:
            self._read_manifest_lists()
        return self._roots or ()

    @_damage_reported
    def publishers(self) -> list[str]:
        field = next(f.index_field for f in FACETS if f.name == "publisher")
        return indexed_values(self._searcher(), field)

    @_damage_reported
    def candidates(self, parsed: ParsedCitation) -> CitationCandidates:
        searcher = self._searcher()
        exact = exact_matches(searcher, parsed)
        seen = {work_key(doc) for doc, _ in exact}
        similar = []
        for doc in title_pool(searcher, parsed):
            key = work_key(doc)
            if key not in seen:  # an exact copy of a candidate is that candidate
                seen.add(key)
                similar.append(doc)
        quoted = quotation_pool(searcher, parsed.quotation) if parsed.quotation else []
        mirrors = mirrored(searcher, parsed.url) if parsed.url and not exact else []
        return CitationCandidates(exact=tuple(exact), similar=tuple(similar), quoted=tuple(quoted),
                                  mirrored=tuple(mirrors))

    @_damage_reported
    def highlight(self, doc: Document, query: str, part: int = 1, at: str | None = None) -> DocumentText:
        languages = {analysis_language(code) for code in (doc.language, *(p.language for p in doc.language_parts))}
        # The words as the document's language, and its parts' languages, have them.
        with query_languages(tuple(sorted(code for code in languages if code is not None))):
            marks = (highlight_terms(build_query(self._parse(self._searcher(), query)))
                     if (query or "").strip() else Highlight())
        if at:
            part = part_holding(doc, at) or part
        return highlight_document(doc, marks, part)

    def on_close(self, callback) -> None:
        """Call ``callback`` when the archive is closed, or collected without being closed."""
        self._on_close.append(weakref.finalize(self, callback))

    def close(self) -> None:
        with self._lock:
            searchers, self._searchers = self._searchers, []
            callbacks, self._on_close = self._on_close, []
        for searcher in searchers:
            searcher.close()
        self._index.close()
        for callback in callbacks:
            callback()
