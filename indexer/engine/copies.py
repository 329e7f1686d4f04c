"""Copies of one document shown once: exact copies and works by their key, near copies by resemblance.

A document saved twice (line endings or encoding differ) or from two
addresses of one record has the same normalised text: its ``copy_key``
(``documents.duplicates.text_key``) is an indexed column, so every match of
a search is collapsed onto its best-ranked copy before the total and the
facets are counted. The copies of one work (``engine.works``: the same text,
or one report saved as PDF and as Markdown), which a build finds in the
whole archive, share the work's key instead, and are collapsed alike. A document republished in another layout (a report and
its PDF edition) is a near copy: its shingles' resemblance reaches
``config.NEAR_DUPLICATE_THRESHOLD``. Near copies are looked for among the
first ``NEAR_WINDOW`` results only, and only between documents about the
same country whose texts are of similar length, since a signature costs a
pass over the text (computed on demand and kept, a bounded number, with the generation).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from whoosh.searching import Searcher

from .. import config, deadline
from ..duplicates import signature
from .facetcounts import column_values, facet_values
from .readercache import bounded, shared
from .schema import stored_document

# Results among which near copies are looked for (the ones people see first).
NEAR_WINDOW = 50
# Two texts whose lengths differ by more than this factor are not compared.
LENGTH_RATIO = 1.5
# Texts shorter than this many indexed words are too short to tell a republication
# from another edition of a series: only their exact copies are found.
MIN_NEAR_WORDS = 150


@dataclass(frozen=True, slots=True)
class SignatureOf:
    """The key of a kept signature: the document's number in its generation."""
    docnum: int


def _signature(searcher: Searcher, docnum: int) -> np.ndarray:
    """``docnum``'s signature values in increasing order, kept for the process's readers of
    this generation as an array (a tenth of the size of a tuple of Python integers),
    ``config.SIGNATURE_CACHE`` documents at most."""
    cache = bounded(searcher.reader(), SignatureOf, config.SIGNATURE_CACHE)
    key = SignatureOf(docnum)
    found = cache.get(key)
    if found is None:
        made = signature(stored_document(searcher.stored_fields(docnum)).text)
        found = cache.put(key, np.array(made.values, dtype=np.uint64))
    return found


def _resemblance(a: np.ndarray, b: np.ndarray) -> float:
    """``documents.duplicates.resemblance`` of two signatures' values, on arrays: of the ``k``
    smallest values of both, the share that both hold. Each array holds distinct values, so
    in the two merged and sorted a value both hold stands twice, side by side."""
    if not len(a) or not len(b):
        return 1.0 if len(a) == len(b) else 0.0
    merged = np.concatenate((a, b))
    merged.sort()
    twice = merged[1:] == merged[:-1]
    first = np.ones(len(merged), bool)
    first[1:] = ~twice
    union = merged[first][:min(len(a), len(b))]
    return float(np.count_nonzero(twice & (merged[1:] <= union[-1]))) / len(union)


class _Traits(NamedTuple):
    """What decides whether two documents could be copies of each other."""

    country: str | None
    year: object
    length: int


def _traits(searcher: Searcher, docnums: list[int]) -> dict[int, _Traits]:
    """The traits of ``docnums``, each column read once for all of them (a window of 50
    results about one country has over a thousand pairs to rule out)."""
    reader = searcher.reader()
    countries = facet_values(searcher, "country", docnums)
    years = facet_values(searcher, "report_year", docnums)
    return {d: _Traits(c[0] if c else None, y, reader.doc_field_length(d, "body", 0) or 0)
            for d, c, y in zip(docnums, countries, years)}


def _comparable(a: _Traits, b: _Traits) -> bool:
    """Whether two documents could be copies: about the same country, of the same report year
    (another year's chapter of a series is not a copy, however alike), of similar length."""
    if a.country is None or a.country != b.country or a.year != b.year:
        return False
    shorter, longer = min(a.length, b.length), max(a.length, b.length)
    return shorter >= MIN_NEAR_WORDS and longer <= LENGTH_RATIO * shorter


def _comparable_earlier(traits: list[_Traits]) -> list[list[int]]:
    """For each of ``traits``, the earlier ones it is ``_comparable`` with, by index, ascending.

    The same test as ``_comparable`` on every pair at once: a window of 50 results has 1,225
    pairs, nearly all about another country, year or length, and testing them one call at a
    time cost a results page half a millisecond."""
    n = len(traits)
    kinds: dict[tuple, int] = {}
    kind = np.array([-1 - i if t.country is None else kinds.setdefault((t.country, t.year), len(kinds))
                     for i, t in enumerate(traits)], dtype=np.int64)
    lengths = np.array([t.length for t in traits], dtype=np.int64)
    shorter = np.minimum(lengths[:, None], lengths[None, :])
    longer = np.maximum(lengths[:, None], lengths[None, :])
    pairs = ((kind[:, None] == kind[None, :]) & (shorter >= MIN_NEAR_WORDS)
             & (longer <= LENGTH_RATIO * shorter) & np.tri(n, n, -1, dtype=bool))
    earlier: list[list[int]] = [[] for _ in range(n)]
    later, first = np.nonzero(pairs)  # row-major: by the later document, then the earlier
    for i, j in zip(later.tolist(), first.tolist()):
        earlier[i].append(j)
    return earlier


def copy_groups(searcher: Searcher) -> np.ndarray | None:
    """Per document, the number of its group of exact copies, or -1 when no other document
    shares its text key; None when no two documents do. Read once per index generation."""
    cache = shared(searcher.reader())
    if ("copy groups",) not in cache:
        keys = column_values(searcher, "copy_key", list(range(searcher.doc_count_all())))
        counts = Counter(key for key in keys if key)
        numbers = {key: n for n, key in enumerate(k for k, c in counts.items() if c > 1)}
        cache[("copy groups",)] = (np.array([numbers.get(key, -1) for key in keys], dtype=np.int64)
                                   if numbers else None)
    return cache[("copy groups",)]


def work_pages(searcher: Searcher) -> np.ndarray | None:
    """Per document, False for a copy of a work other than the work's page (``works``), True
    for every other document; None when the archive holds no work. Read once per generation."""
    cache = shared(searcher.reader())
    if ("work pages",) not in cache:
        live = list(range(searcher.doc_count_all()))
        keys = column_values(searcher, "copy_key", live)
        others = [d for d, key in zip(live, keys) if key and key.startswith("work:")
                  and searcher.stored_fields(d)["id"] != key[len("work:"):]]
        pages = np.ones(len(live), bool)
        pages[others] = False
        cache[("work pages",)] = pages if others else None
    return cache[("work pages",)]


def first_of_groups(docs: np.ndarray, groups: np.ndarray, keys: tuple[np.ndarray, ...]
                    ) -> tuple[np.ndarray, dict[int, list[int]]]:
    """Which of ``docs`` to keep: every document without copies, and of each group of copies
    (``groups``, aligned with ``docs``) the first in the order of ``keys`` (for
    ``np.lexsort``); and, for each kept copy, the copies it stands for, in that order."""
    keep = np.ones(len(docs), bool)
    copied = np.flatnonzero(groups >= 0)
    if not len(copied):
        return keep, {}
    ordered = copied[np.lexsort(tuple(k[copied] for k in keys))]
    ordered = ordered[np.argsort(groups[ordered], kind="stable")]
    kinds = groups[ordered]
    starts = np.flatnonzero(np.r_[True, kinds[1:] != kinds[:-1]])
    keep[ordered] = False
    keep[ordered[starts]] = True
    copies: dict[int, list[int]] = {}
    for begin, end in zip(starts.tolist(), [*starts[1:].tolist(), len(ordered)]):
        if end - begin > 1:
            members = docs[ordered[begin:end]].tolist()
            copies[members[0]] = members[1:]
    return keep, copies


def near_copies(searcher: Searcher, window: list[int], copies: dict[int, list[int]]) -> set[int]:
    """The documents of ``window`` (the first results, in display order) that are near
    copies of an earlier one; each is added to that one's ``copies``."""
    traits = _traits(searcher, window)
    comparable = _comparable_earlier([traits[d] for d in window])
    near: set[int] = set()
    for i, docnum in enumerate(window):
        for j in comparable[i]:
            earlier = window[j]
            if earlier in near:
                continue
            deadline.check()
            if _resemblance(_signature(searcher, earlier), _signature(searcher, docnum)) \
                    >= config.NEAR_DUPLICATE_THRESHOLD:
                near.add(docnum)
                copies.setdefault(earlier, []).append(docnum)
                break
    return near


def unique_copies(searcher: Searcher, docnums: list[int]) -> list[int]:
    """``docnums`` with exact copies counted once (the first of each)."""
    seen: set[str] = set()
    out = []
    for docnum, key in zip(docnums, column_values(searcher, "copy_key", docnums)):
        if key and key in seen:
            continue
        seen.add(key)
        out.append(docnum)
    return out


def copies_of(searcher: Searcher, docnum: int, candidates: list[int]) -> list[int]:
    """The documents that are copies of ``docnum``: those sharing its copy key, and those of
    ``candidates`` (documents like it) whose text resembles it."""
    key = column_values(searcher, "copy_key", [docnum])[0]
    found = [d for d in searcher.docs_for_query(_key_query(key)) if d != docnum] if key else []
    traits = _traits(searcher, [docnum, *candidates])
    for other in candidates:
        if other in found or other == docnum or not _comparable(traits[docnum], traits[other]):
            continue
        if _resemblance(_signature(searcher, docnum), _signature(searcher, other)) \
                >= config.NEAR_DUPLICATE_THRESHOLD:
            found.append(other)
    return found


def _key_query(key: str):
    from whoosh import query as wq

    return wq.Term("copy_key", key)
