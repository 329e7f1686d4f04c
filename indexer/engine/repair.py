"""What of a damaged Whoosh index can be kept, and leaving the rest behind.

A Whoosh index is a table of contents (``_MAIN_<n>.toc``: the schema, the
segments and their deleted documents) and the files of each segment
(``MAIN_<id>.seg``, or ``MAIN_<id>.<kind>`` when not compound), which
nothing else shares. So when only segment files are damaged (see
``store.integrity``), the other segments are intact and their documents need
not be read again: ``intact_ids`` lists the documents they hold,
``drop_segments`` writes, into a new generation, a table of contents
without the damaged segments, and the build reads again the files whose
documents were in them. Damage to the table of contents leaves nothing to
trust: the whole index is read again.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import whoosh.index
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.reading import SegmentReader

INDEX_NAME = "MAIN"
_SEGMENT_FILE = re.compile(rf"({INDEX_NAME}_[0-9a-z]+)\.[A-Za-z0-9_.]+")


def segment_of(name: str) -> str | None:
    """The id of the segment file ``name`` belongs to; None for any other file."""
    match = _SEGMENT_FILE.fullmatch(name)
    return match.group(1) if match else None


def damaged_segments(names: Iterable[str]) -> frozenset[str] | None:
    """The segments the damaged files ``names`` belong to; None when one of them is not a
    segment file (the table of contents, the manifest: nothing can be kept in part)."""
    segments = {segment_of(name) for name in names}
    return None if None in segments else frozenset(s for s in segments if s is not None)


def _toc(folder: Path) -> tuple[FileStorage, TOC]:
    storage = FileStorage(str(folder), readonly=True)
    return storage, TOC.read(storage, INDEX_NAME)


def intact_ids(folder: Path, damaged: frozenset[str]) -> set[str]:
    """The ids of the (undeleted) documents in the segments of ``folder`` not in ``damaged``."""
    storage, toc = _toc(folder)
    ids: set[str] = set()
    for segment in toc.segments:
        if segment.segment_id() in damaged:
            continue
        reader = SegmentReader(storage, toc.schema, segment)
        try:
            for text in reader.lexicon("id"):
                if reader.postings("id", text).is_active():
                    ids.add(text.decode("utf-8"))
        finally:
            reader.close()
    return ids


def drop_segments(folder: Path, damaged: frozenset[str]) -> None:
    """Replace the table of contents of ``folder`` (a new generation, not yet written to) by
    one without the segments ``damaged``."""
    storage = FileStorage(str(folder))
    toc = TOC.read(storage, INDEX_NAME)
    kept = [segment for segment in toc.segments if segment.segment_id() not in damaged]
    old = TOC._filename(INDEX_NAME, toc.generation)
    TOC(toc.schema, kept, toc.generation + 1).write(storage, INDEX_NAME)
    storage.delete_file(old)


def opening_error(folder: Path) -> Exception | None:
    """Why the index in ``folder`` cannot be opened (its table of contents read); None if it can."""
    try:
        whoosh.index.open_dir(str(folder), readonly=True).close()
    except Exception as error:  # noqa: BLE001 - any failure means it cannot be built on
        return error
    return None


def compound_parts(segment: Path) -> tuple[dict[str, tuple[int, int]], int]:
    """Where each part of a compound segment file lies: part name -> (offset, length), and
    the offset of the directory that lists them (for tools that damage an index on purpose
    to see that the damage is found)."""
    segment = Path(segment)
    compound = CompoundStorage(FileStorage(str(segment.parent), readonly=True).open_file(segment.name))
    try:
        parts = {name: (info["offset"], info["length"]) for name, info in compound._dir.items()}
        return parts, compound._diroffset
    finally:
        compound.close()
