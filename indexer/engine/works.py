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
from .copies import LENGTH_RATIO, MIN_NEAR_WORDS, _resemblance, _traits
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
    signatures: dict[int, np.ndarray] = {}

    def text_of(docnum: int) -> str:
        if docnum not in texts:
            texts[docnum] = stored_copy(searcher.stored_fields(docnum)).text
        return texts[docnum]

    def sample_of(docnum: int) -> np.ndarray:
        stored = bytes(sample_column[docnum]) if sample_column is not None else b""
        return np.frombuffer(stored if stored else sample_signature(text_of(docnum)), dtype=np.uint64)

    def signature_of(docnum: int) -> np.ndarray:
        if docnum not in signatures:
            signatures[docnum] = quick_signature(text_of(docnum))
        return signatures[docnum]

    for members in buckets.values():
        if new is not None and new.isdisjoint(members):
            continue  # every pair here was compared by the build that wrote them
        members.sort(key=lambda d: traits[d].length)
        samples = [sample_of(d) for d in members]
        lengths = [traits[d].length for d in members]
        fresh = None if new is None else [d in new for d in members]
        for i, j in candidate_pairs(lengths, samples, fresh):
            a, b = members[i], members[j]
            if groups.root(a) == groups.root(b):
                continue
            if (_resemblance(samples[i], samples[j]) >= config.SAMPLE_RESEMBLANCE
                    and _resemblance(signature_of(a), signature_of(b)) >= config.NEAR_DUPLICATE_THRESHOLD):
                groups.join(a, b)


def candidate_pairs(lengths: list[int], samples: list[np.ndarray],
                    fresh: list[bool] | None = None) -> Iterator[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of one country and year's documents (ascending
    ``lengths``, their sample signatures) whose samples could resemble enough to be copies.

    Only pairs of similar length (``copies._comparable``) and, when ``fresh`` is given, of
    which one is fresh. Of those, a pair whose samples share fewer values than
    ``SAMPLE_RESEMBLANCE`` of the shorter sample is left out: the resemblance counts
    shared values among the shorter sample's number of smallest ones, so it cannot reach
    the threshold. Counting the shared values of all of a document's neighbours at once
    spares the sort of two samples per pair, which a whole archive did millions of times
    (118 CPU s at 300,000 documents, where a country and year hold about 75 documents and
    each document about 110 neighbours of similar length). A pair with an empty sample is
    always given."""
    count = len(lengths)
    if count < 2:
        return
    sizes = np.array([len(s) for s in samples], dtype=np.int64)
    values = np.concatenate(samples) if sizes.sum() else np.zeros(0, dtype=np.uint64)
    distinct, flat = np.unique(values, return_inverse=True)
    starts = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    longest = LENGTH_RATIO * np.array(lengths, dtype=np.float64)  # each one's longest neighbour
    ordered = np.array(lengths, dtype=np.int64)
    mark = np.zeros(len(distinct), dtype=bool)

    def passing(i: int, others: np.ndarray) -> list[int]:
        """Of ``others`` (ascending), those whose samples share enough values with ``i``'s."""
        if not len(others):
            return []
        own = flat[starts[i]:starts[i + 1]]
        mark[own] = True
        held = np.concatenate(([0], np.cumsum(mark[flat[starts[others[0]]:starts[others[-1] + 1]]])))
        mark[own] = False
        base = starts[others[0]]
        shared = held[starts[others + 1] - base] - held[starts[others] - base]
        shorter = np.minimum(sizes[others], sizes[i])
        # The same division as the resemblance's (whose count is at most ``shared``, over
        # ``shorter`` values: a sample's values are distinct), so rounding cannot drop a pair.
        keep = (shorter == 0) | (shared / np.maximum(shorter, 1) >= config.SAMPLE_RESEMBLANCE)
        return others[keep].tolist()

    is_fresh = None if fresh is None else np.array(fresh, dtype=bool)
    for i in range(count):
        if is_fresh is not None and not is_fresh[i]:
            continue  # its pairs with fresh documents are found from them
        if lengths[i] >= MIN_NEAR_WORDS:  # the shorter of the pairs it leads
            end = int(np.searchsorted(ordered, longest[i], side="right"))
            for j in passing(i, np.arange(i + 1, max(end, i + 1), dtype=np.int64)):
                yield i, j
        if is_fresh is not None:
            # The shorter documents it could copy that are not fresh (fresh ones led above).
            first = int(np.searchsorted(longest, ordered[i], side="left"))
            earlier = np.arange(first, i, dtype=np.int64)
            earlier = earlier[~is_fresh[earlier] & (ordered[earlier] >= MIN_NEAR_WORDS)]
            for j in passing(i, earlier):
                yield j, i


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
