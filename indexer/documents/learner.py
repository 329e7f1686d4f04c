"""Learning furniture as documents come: counts of edge keys per site, kept small.

A build counts the edge keys (``furniture.edge_key``) of every file it reads,
per site, to learn which lines a site repeats. Most keys are seen once (a
document's own first and last lines) and never become furniture, yet each
must be counted, as any could be seen again. Kept as strings with a count,
they cost about 100 bytes a key, about 1 KB a file read, for the whole
build. So a key is counted as the number its hexadecimal digits spell (with
one bit more for a numbered key, ``furniture.is_numbered``: no two keys
share a number), in a sorted array with an array of counts, 12 bytes a key;
keys new since the arrays were last merged wait in a small table. Only a key
seen at the edge of ``min_documents`` documents, which alone can be
furniture, is kept as its string, with its count, from then on: the model
is made of those.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np

from .. import config
from .furniture import EDGE_KEY_PATTERN, FurnitureModel, Observation, is_numbered, unpack_keys

# The keys counted as numbers: what ``edge_key`` makes (12 hex digits, the first of a
# numbered line's key replaced by "n").
_KEY_RE = re.compile(EDGE_KEY_PATTERN)
# The bit that tells a numbered key's number from a plain one's (plain keys have 48 bits).
_NUMBERED_BIT = 1 << 48
# Keys waiting in a site's table before they join its arrays: at least this many, and at
# least an eighth of the arrays' length, so a key is merged about eight times in all.
_MERGE_MIN = 64
_MERGE_SHARE = 8


def key_number(key: str) -> int | None:
    """The number an edge key is counted as, None for a string ``edge_key`` does not make."""
    if not _KEY_RE.fullmatch(key):
        return None
    return _NUMBERED_BIT | int(key[1:], 16) if key[0] == "n" else int(key, 16)


class _SiteCounts:
    """In how many documents of one site each key not yet furniture-frequent was seen."""

    __slots__ = ("keys", "counts", "recent", "other")

    def __init__(self) -> None:
        self.keys = np.empty(0, np.uint64)      # sorted
        self.counts = np.empty(0, np.uint32)
        self.recent: dict[int, int] = {}        # keys not yet merged into the arrays
        self.other: Counter = Counter()         # strings that are not edge keys (never in a build)

    def add(self, keys: list[str], frequent: dict[str, int], threshold: int) -> None:
        """Count ``keys`` once each; one seen ``threshold`` times moves to ``frequent``,
        where it is counted from then on."""
        numbers = [key_number(key) for key in keys]
        found = self._found(numbers)
        recent, counts = self.recent, self.counts
        for key, number, where in zip(keys, numbers, found):
            if key in frequent:
                frequent[key] += 1
                continue
            if number is None:
                self.other[key] += 1
                seen = self.other[key]
            elif where >= 0:
                seen = int(counts[where]) + 1
                counts[where] = seen
            else:
                seen = recent[number] = recent.get(number, 0) + 1
            if seen >= threshold:
                frequent[key] = seen
                if number is not None and where < 0:
                    del recent[number]
        if len(recent) >= max(_MERGE_MIN, len(self.keys) // _MERGE_SHARE):
            self._merge()

    def _found(self, numbers: list[int | None]) -> list[int]:
        """Where each number is in the arrays, -1 where it is not."""
        if not len(self.keys):
            return [-1] * len(numbers)
        wanted = np.array([-1 if n is None else n for n in numbers], dtype=np.int64).astype(np.uint64)
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        return np.where(self.keys[at] == wanted, at, -1).tolist()

    def _merge(self) -> None:
        """Move the waiting keys into the sorted arrays."""
        numbers = np.fromiter(self.recent.keys(), np.uint64, len(self.recent))
        counts = np.fromiter(self.recent.values(), np.uint32, len(self.recent))
        order = np.argsort(numbers)
        numbers, counts = numbers[order], counts[order]
        at = np.searchsorted(self.keys, numbers)
        self.keys = np.insert(self.keys, at, numbers)
        self.counts = np.insert(self.counts, at, counts)
        self.recent = {}


class Learner:
    """Counts observations as they come and gives the model they make so far.

    A build adds each document's observation as it is read and asks for the
    model every so often, to trim the files still to be read. Only lines
    seen at the edge of ``min_documents`` documents of a site can be
    furniture, so those are kept apart and a model costs no more than they.
    """

    def __init__(self, *, min_documents: int | None = None, min_share: float | None = None,
                 numbered_share: float | None = None):
        self.min_documents = max(2, config.FURNITURE_MIN_DOCUMENTS if min_documents is None
                                 else min_documents)
        self.min_share = config.FURNITURE_MIN_SHARE if min_share is None else min_share
        self.numbered_share = max(self.min_share, config.FURNITURE_NUMBERED_SHARE
                                  if numbered_share is None else numbered_share)
        self._counts: dict[str, _SiteCounts] = {}
        # Per site, the keys seen at the edge of min_documents documents or more, with their count.
        self._frequent: dict[str, dict[str, int]] = {}
        self._documents: Counter = Counter()
        self._marked: dict[str, set[str]] = {}

    def add(self, seen: Observation) -> None:
        self.add_keys(seen.site, seen.edges)
        self.add_marked(seen.site, seen.marked)

    def add_marked(self, site: str, texts: Iterable[str]) -> None:
        """Count the texts a page's markup named as its site's furniture."""
        if texts := set(texts):
            self._marked.setdefault(site, set()).update(texts)

    def add_packed(self, site: str, packed: str) -> None:
        """Count an observation as a manifest keeps it (``Observation.packed``)."""
        self.add_keys(site, unpack_keys(packed))

    def add_keys(self, site: str, keys: Iterable[str]) -> None:
        self._documents[site] += 1
        keys = list(keys)
        if not keys:
            return
        counts = self._counts.get(site)
        if counts is None:
            counts = self._counts[site] = _SiteCounts()
        frequent = self._frequent.get(site)
        if frequent is None:
            frequent = {}
        counts.add(keys, frequent, self.min_documents)
        if frequent and site not in self._frequent:
            self._frequent[site] = frequent

    def model(self) -> FurnitureModel:
        sites, documents = {}, {}
        for site, frequent in self._frequent.items():
            seen = self._documents[site]
            needed = max(self.min_documents, self.min_share * seen)
            numbered = max(self.min_documents, self.numbered_share * seen)
            learned = {key: count for key, count in frequent.items()
                       if count >= (numbered if is_numbered(key) else needed)}
            if learned:
                sites[site], documents[site] = learned, self._documents[site]
        marked = {site: tuple(sorted(texts)) for site, texts in self._marked.items()}
        return FurnitureModel(sites, documents, marked)


def learn(observations: Iterable[Observation], *, min_documents: int | None = None,
          min_share: float | None = None) -> FurnitureModel:
    """The furniture of each site: edge lines that repeat across enough of its documents."""
    learner = Learner(min_documents=min_documents, min_share=min_share)
    for seen in observations:
        learner.add(seen)
    return learner.model()
