"""Copies of one document shown once: exact copies by their text key, near copies by resemblance.

A document saved twice (line endings or encoding differ) or from two
addresses of one record has the same normalised text: its ``copy_key``
(``documents.duplicates.text_key``) is an indexed column, so every match of
a search is collapsed onto its best-ranked copy before the total and the
facets are counted. A document republished in another layout (a report and
its PDF edition) is a near copy: its shingles' resemblance reaches
``config.NEAR_DUPLICATE_THRESHOLD``. Near copies are looked for among the
first ``NEAR_WINDOW`` results only, and only between documents about the
same country whose texts are of similar length, since a signature costs a
pass over the text (computed on demand and kept, a bounded number, with the generation).
"""
from __future__ import annotations

from collections import Counter

import numpy as np
from whoosh.searching import Searcher

from .. import config, deadline
from ..documents.duplicates import Signature, resemblance, signature
from .facetcounts import column_values
from .readercache import bounded, shared
from .schema import stored_document

# Results among which near copies are looked for (the ones people see first).
NEAR_WINDOW = 50
# Two texts whose lengths differ by more than this factor are not compared.
LENGTH_RATIO = 1.5
# Texts shorter than this many indexed words are too short to tell a republication
# from another edition of a series: only their exact copies are found.
MIN_NEAR_WORDS = 150

def _signature(searcher: Searcher, docnum: int) -> Signature:
    """``docnum``'s signature, kept for the process's readers of this generation as an array
    (a tenth of the size of a tuple of Python integers), ``config.SIGNATURE_CACHE`` at most."""
    cache = bounded(searcher.reader(), "signatures", config.SIGNATURE_CACHE)
    found = cache.get(docnum)
    if found is None:
        made = signature(stored_document(searcher.stored_fields(docnum)).text)
        cache.put(docnum, (np.array(made.values, dtype=np.uint64), made.shingles))
        return made
    values, count = found
    return Signature(tuple(values.tolist()), count)


def _length(searcher: Searcher, docnum: int) -> int:
    return searcher.reader().doc_field_length(docnum, "body", 0)


def _comparable(searcher: Searcher, a: int, b: int, countries: dict[int, tuple]) -> bool:
    """Whether two documents could be copies: about the same country, of the same report year
    (another year's chapter of a series is not a copy, however alike), of similar length."""
    if not countries[a] or not countries[b] or countries[a][0] != countries[b][0]:
        return False
    years = column_values(searcher, "report_year", [a, b])
    if years[0] != years[1]:
        return False
    la, lb = _length(searcher, a), _length(searcher, b)
    return min(la, lb) >= MIN_NEAR_WORDS and max(la, lb) <= LENGTH_RATIO * min(la, lb)


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
    countries = dict(zip(window, column_values(searcher, "country", window)))
    near: set[int] = set()
    for i, docnum in enumerate(window):
        for earlier in window[:i]:
            if earlier in near or not _comparable(searcher, earlier, docnum, countries):
                continue
            deadline.check()
            if resemblance(_signature(searcher, earlier), _signature(searcher, docnum)) \
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
    countries = dict(zip([docnum, *candidates], column_values(searcher, "country", [docnum, *candidates])))
    for other in candidates:
        if other in found or other == docnum or not _comparable(searcher, docnum, other, countries):
            continue
        if resemblance(_signature(searcher, docnum), _signature(searcher, other)) \
                >= config.NEAR_DUPLICATE_THRESHOLD:
            found.append(other)
    return found


def _key_query(key: str):
    from whoosh import query as wq

    return wq.Term("copy_key", key)
