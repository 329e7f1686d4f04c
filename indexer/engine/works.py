"""Which documents of a written generation are copies of one work, and which to write again.

A build writes each file's document as read; only once the generation holds
every document can it tell which files are copies of one report (a PDF and
its Markdown may be read far apart, or in different builds). ``regroup``
looks at the whole generation: documents sharing a ``copy_key`` (the same
text, or the same work already), and documents about the same country and
report year, of similar length, whose texts are near copies
(``duplicates``, the threshold and rules of ``copies``). Each group of two or
more is merged into one ``Work`` (``works.merge``); every document whose
stored work differs from the one it now belongs to (or that belongs to none
any longer) is named, with that work, for the build to write again; it gets
them one at a time (``rewrites``), as read from their files, with their
passage vectors. Only documents whose group changed
are written again, so an unchanged archive costs one pass over its columns.

Signatures are computed only for documents that have a comparable
neighbour, from their stored text (a sample of its middle first, the whole
text only when the samples resemble), and only for pairs of which one document
is new in this build (in a segment the generation it was built from did not
have): older pairs were compared by the build that wrote them, and what it
found is in their stored work.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import whoosh.index
from whoosh.searching import Searcher

from .. import config
from ..duplicates import quick_signature, sample_signature
from ..records import Document
from ..workrecords import Work
from ..works import merge
from . import mapped
from .columns import column_reader
from .copies import LENGTH_RATIO, _comparable, _resemblance, _traits
from .facetcounts import column_values
from .meaning import FIELD as MEANING
from .schema import stored_copy

# (the document as read, the work it now belongs to or None, its stored passage vectors
# and sample signature)
Rewrite = tuple[Document, Work | None, bytes | None, bytes | None]
# A document to write again: its number in the generation, and the work it now belongs to or None.
Regrouped = tuple[int, Work | None]


class _Groups:
    """Union-find over document numbers."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def root(self, item: int) -> int:
        parent = self.parent.setdefault(item, item)
        while parent != item:
            grand = self.parent.setdefault(parent, parent)
            self.parent[item] = grand
            item, parent = parent, grand
        return item

    def join(self, a: int, b: int) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _near_pairs(searcher: Searcher, docnums: list[int], groups: _Groups, new: set[int] | None) -> None:
    """Join the documents of ``docnums`` whose texts are near copies of each other, comparing
    only pairs of which one is ``new`` (every pair when None)."""
    traits = _traits(searcher, docnums)
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for docnum in docnums:
        trait = traits[docnum]
        if trait.country is not None:
            buckets[(trait.country, trait.year)].append(docnum)
    reader = searcher.reader()
    sample_column = (column_reader(reader, "sample", translate=False)
                     if "sample" in reader.schema and reader.has_column("sample") else None)
    texts: dict[int, str] = {}
    samples: dict[int, np.ndarray] = {}
    signatures: dict[int, np.ndarray] = {}

    def text_of(docnum: int) -> str:
        if docnum not in texts:
            texts[docnum] = stored_copy(searcher.stored_fields(docnum)).text
        return texts[docnum]

    def sample_of(docnum: int) -> np.ndarray:
        if docnum not in samples:
            stored = bytes(sample_column[docnum]) if sample_column is not None else b""
            samples[docnum] = (np.frombuffer(stored, dtype=np.uint64) if stored
                               else np.frombuffer(sample_signature(text_of(docnum)), dtype=np.uint64))
        return samples[docnum]

    def signature_of(docnum: int) -> np.ndarray:
        if docnum not in signatures:
            signatures[docnum] = quick_signature(text_of(docnum))
        return signatures[docnum]

    def near(a: int, b: int) -> bool:
        return (_resemblance(sample_of(a), sample_of(b)) >= config.SAMPLE_RESEMBLANCE
                and _resemblance(signature_of(a), signature_of(b)) >= config.NEAR_DUPLICATE_THRESHOLD)

    for members in buckets.values():
        members.sort(key=lambda d: traits[d].length)
        for i, docnum in enumerate(members):
            for other in members[i + 1:]:
                if traits[other].length > LENGTH_RATIO * traits[docnum].length:
                    break  # longer still from here on
                if new is not None and docnum not in new and other not in new:
                    continue
                if groups.root(docnum) == groups.root(other) or not _comparable(traits[docnum], traits[other]):
                    continue
                if near(docnum, other):
                    groups.join(docnum, other)


def _new_documents(searcher: Searcher, base: Path | None) -> set[int] | None:
    """The documents in segments ``base`` (the generation this one was built from) does not
    have; None when there is no base (every document is new)."""
    if base is None:
        return None
    try:
        old = whoosh.index.open_dir(str(base), readonly=True)
        try:
            kept = {segment.segment_id() for segment in old._segments()}
        finally:
            old.close()
    except Exception:  # noqa: BLE001 - a base that cannot be read: compare everything
        return None
    new: set[int] = set()
    for leaf, offset in searcher.reader().leaf_readers():
        if leaf.segment().segment_id() not in kept:
            new.update(offset + d for d in leaf.all_doc_ids())
    return new


def _groups(searcher: Searcher, base: Path | None = None) -> tuple[list[list[int]], set[int], set[int] | None]:
    """The groups of two or more documents that are copies of one work, each in docnum order,
    the documents stored as copies of a work now, and the documents new in this build (None:
    all are)."""
    live = sorted(searcher.reader().all_doc_ids())
    if not live:
        return [], set(), None
    groups = _Groups()
    first_with: dict[str, int] = {}
    worked: set[int] = set()
    for docnum, key in zip(live, column_values(searcher, "copy_key", live)):
        if key and key.startswith("work:"):
            worked.add(docnum)
        if key:
            if key in first_with:
                groups.join(docnum, first_with[key])
            else:
                first_with[key] = docnum
    new = _new_documents(searcher, base)
    _near_pairs(searcher, live, groups, new)
    members: dict[int, list[int]] = defaultdict(list)
    for docnum in live:
        members[groups.root(docnum)].append(docnum)
    return [group for group in members.values() if len(group) > 1], worked, new


def regroup(folder: Path, base: Path | None = None) -> list[Regrouped]:
    """The documents of the generation in ``folder`` (built from ``base``, when it was) to write
    again with the work they now belong to (or without one), in docnum order."""
    mapped.install()
    ix = whoosh.index.open_dir(str(folder), readonly=True)
    try:
        with ix.searcher() as searcher:
            return _regrouped(searcher, base)
    finally:
        ix.close()


def _regrouped(searcher: Searcher, base: Path | None) -> list[Regrouped]:
    """Merge each group into its work; answer the documents stored with another work than that."""
    wanted: dict[int, Work | None] = {}
    grouped, worked, new = _groups(searcher, base)
    for group in grouped:
        docs = [stored_copy(searcher.stored_fields(docnum)) for docnum in group]
        # No copy read in this build: the pages found for them before still hold.
        unchanged = new is not None and not new.intersection(group)
        stored = searcher.stored_fields(group[0]).get("work") if unchanged else None
        merged = merge(docs, Work.from_dict(json.loads(stored)) if stored else None)
        for docnum in group:
            wanted[docnum] = merged
    out: list[Regrouped] = []
    for docnum in sorted(wanted.keys() | worked):
        stored = searcher.stored_fields(docnum)
        work = wanted.get(docnum)
        now = json.loads(stored["work"]) if stored.get("work") else None
        if now != (work.to_dict() if work is not None else None):
            out.append((docnum, work))
    return out


def rewrites(folder: Path, regrouped: list[Regrouped]) -> Iterator[Rewrite]:
    """The documents ``regroup`` named in the generation in ``folder``, one at a time, each as read
    from its file, with its work, passage vectors and sample signature.

    One at a time, as they are written: all at once they held every copy's text in the
    build process at its end, when it is largest (about 1 KB a file of the archive).
    """
    mapped.install()
    ix = whoosh.index.open_dir(str(folder), readonly=True)
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            vectors = (column_reader(reader, MEANING, translate=False)
                       if MEANING in reader.schema and reader.has_column(MEANING) else None)
            samples = (column_reader(reader, "sample", translate=False)
                       if "sample" in reader.schema and reader.has_column("sample") else None)
            for docnum, work in regrouped:
                yield (stored_copy(searcher.stored_fields(docnum)), work,
                       bytes(vectors[docnum]) if vectors is not None else None,
                       bytes(samples[docnum]) if samples is not None and samples[docnum] else None)
    finally:
        ix.close()
