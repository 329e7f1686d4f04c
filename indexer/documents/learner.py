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
from collections.abc import Iterable, Sequence

import numpy as np

from .. import config
from .furniture import (
    EDGE_KEY_BYTES,
    EDGE_KEY_PATTERN,
    NUMBERED_MARK,
    FurnitureModel,
    Observation,
    is_numbered,
    unpack_keys,
)

# The keys counted as numbers: what ``edge_key`` makes (12 hex digits, the first of a
# numbered line's key replaced by "n").
_KEY_RE = re.compile(EDGE_KEY_PATTERN)
# The bit that tells a numbered key's number from a plain one's (plain keys have 48 bits).
_NUMBERED_BIT = 1 << 48
# Keys waiting in a site's table before they join its arrays: at least this many, and at
# least an eighth of the arrays' length, so a key is merged about eight times in all.
_MERGE_MIN = 64
_MERGE_SHARE = 8
# The characters of a key.
_KEY_CHARS = 2 * EDGE_KEY_BYTES
# Documents of a site counted at once: their arrays stay near 100 KB (all of a large site's
# at once took 10 MB more, which the build process kept and its reading processes started with).
_BATCH_DOCUMENTS = 1024
# Each character's hexadecimal value ("n", the numbered mark, counts as 0: its bit is set apart).
_DIGIT_VALUES = np.zeros(256, np.uint64)
_DIGIT_VALUES[np.frombuffer(b"0123456789abcdef", np.uint8)] = np.arange(16, dtype=np.uint64)
# The characters of a key (``EDGE_KEY_PATTERN``): lower-case hexadecimal digits, and the numbered
# mark, first only.
_HEX_CHARS = np.zeros(256, bool)
_HEX_CHARS[np.frombuffer(b"0123456789abcdef", np.uint8)] = True
_MARK_CHAR = np.zeros(256, bool)
_MARK_CHAR[ord(NUMBERED_MARK)] = True


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

    def add_numbers(self, joined: str, numbers: np.ndarray, frequent: dict[str, int],
                    threshold: int) -> int | None:
        """Count the keys of ``joined`` (``numbers``, theirs, in order) as ``add`` would count them
        one document at a time; the index of the key that made ``frequent`` go from empty to
        not, or None."""
        was_empty = not frequent
        counted = np.ones(len(numbers), bool)
        if frequent:  # keys frequent already are counted in ``frequent``
            known = {key_number(key): key for key in frequent}
            known.pop(None, None)
            if known:
                already = np.isin(numbers, np.fromiter(known, np.uint64, len(known)))
                for number, times in zip(*np.unique(numbers[already], return_counts=True)):
                    frequent[known[int(number)]] += int(times)
                counted = ~already
        where_counted = np.flatnonzero(counted)
        unique, inverse, times = np.unique(numbers[counted], return_inverse=True, return_counts=True)
        at = np.searchsorted(self.keys, unique) if len(self.keys) else np.zeros(len(unique), np.int64)
        in_arrays = np.zeros(len(unique), bool)
        if len(self.keys):
            clipped = np.minimum(at, len(self.keys) - 1)
            in_arrays = self.keys[clipped] == unique
        before = np.zeros(len(unique), np.int64)
        before[in_arrays] = self.counts[at[in_arrays]]
        recent = self.recent
        waiting: list[int] = []
        if recent:
            pending = np.fromiter(recent, np.uint64, len(recent))
            waiting = np.flatnonzero(~in_arrays & np.isin(unique, pending)).tolist()
        for i in waiting:
            before[i] = recent[int(unique[i])]
        total = before + times
        becoming = np.flatnonzero(total >= threshold)
        first = None
        if len(becoming):
            # The position of the occurrence that reached the threshold: frequent keys are kept
            # in the order they became frequent.
            order = np.argsort(inverse, kind="stable")
            starts = np.concatenate(([0], np.cumsum(times)[:-1]))
            reached = where_counted[order[starts[becoming] + threshold - before[becoming] - 1]]
            for place in np.argsort(reached, kind="stable").tolist():
                i, position = int(becoming[place]), int(reached[place])
                frequent[joined[position * _KEY_CHARS:(position + 1) * _KEY_CHARS]] = int(total[i])
                recent.pop(int(unique[i]), None)
            first = int(reached.min()) if was_empty else None
        staying = total < threshold
        self.counts[at[in_arrays & staying]] = total[in_arrays & staying]
        for i in waiting:
            if staying[i]:
                recent[int(unique[i])] = int(total[i])
        new = staying & ~in_arrays
        if waiting:
            new[waiting] = False
        if new.any():
            self.keys = np.insert(self.keys, at[new], unique[new])
            self.counts = np.insert(self.counts, at[new], total[new].astype(np.uint32))
        if len(recent) >= max(_MERGE_MIN, len(self.keys) // _MERGE_SHARE):
            self._merge()
        return first

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

    def add_packed_many(self, observations: Sequence[tuple[str, str]]) -> None:
        """Count many observations as a manifest keeps them (site, packed keys), as ``add_packed``
        would one at a time, and to the same model: a build that reads 1% of the archive counts
        the other 99% this way, a site's keys at once rather than a document's."""
        by_site: dict[str, list[int]] = {}
        for index, (site, _) in enumerate(observations):
            by_site.setdefault(site, []).append(index)
        firsts: dict[str, int] = {}
        for site, indexes in by_site.items():
            for start in range(0, len(indexes), _BATCH_DOCUMENTS):
                some = indexes[start:start + _BATCH_DOCUMENTS]
                packs = [observations[i][1] for i in some]
                joined = "".join(packs)
                raw = _key_bytes(packs, joined)
                if raw is None:
                    first = self._add_one_by_one(site, some, observations)  # keys no build makes
                else:
                    first = self._add_site(site, some, packs, joined, raw)
                if first is not None:
                    firsts[site] = first
        # A site enters the model where it would have one document at a time: when its first
        # key became frequent.
        for site in sorted(firsts, key=firsts.__getitem__):
            self._frequent[site] = self._frequent.pop(site)

    def _add_site(self, site: str, indexes: list[int], packs: list[str], joined: str,
                  raw: np.ndarray) -> int | None:
        """Count one site's observations (``packs``, the ``indexes``-th of a batch), their keys
        ``joined``, a row of ``raw`` characters each; the batch index at which its first key
        became frequent, or None."""
        self._documents[site] += len(indexes)
        if not joined:
            return None
        numbers = np.zeros(len(raw), np.uint64)
        for column in range(_KEY_CHARS):  # a digit at a time: 8 bytes a key at most, not 96
            numbers <<= np.uint64(4)
            numbers |= _DIGIT_VALUES[raw[:, column]]
        numbers[raw[:, 0] == ord(NUMBERED_MARK)] |= np.uint64(_NUMBERED_BIT)
        counts = self._counts.get(site)
        if counts is None:
            counts = self._counts[site] = _SiteCounts()
        new_site = site not in self._frequent
        frequent = self._frequent.setdefault(site, {})
        first = counts.add_numbers(joined, numbers, frequent, self.min_documents)
        if not frequent:
            del self._frequent[site]
        if first is None or not new_site:
            return None
        owners = np.repeat(np.array(indexes), [len(packed) // _KEY_CHARS for packed in packs])
        return int(owners[first])

    def _add_one_by_one(self, site: str, indexes: list[int],
                        observations: Sequence[tuple[str, str]]) -> int | None:
        """Count one site's observations one at a time; the batch index at which its first key
        became frequent, or None."""
        new_site = site not in self._frequent
        first = None
        for index in indexes:
            self.add_packed(site, observations[index][1])
            if first is None and new_site and site in self._frequent:
                first = index
        return first

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


def _key_bytes(packs: list[str], joined: str) -> np.ndarray | None:
    """The characters of ``joined`` (the ``packs`` joined), a key a row, when each pack is a run of
    keys ``edge_key`` makes (``EDGE_KEY_PATTERN``); else None."""
    if any(len(packed) % _KEY_CHARS for packed in packs) or not joined.isascii():
        return None
    raw = np.frombuffer(joined.encode("ascii"), np.uint8).reshape(-1, _KEY_CHARS)
    if not (_HEX_CHARS[raw[:, 1:]].all() and (_HEX_CHARS | _MARK_CHAR)[raw[:, 0]].all()):
        return None
    return raw


def learn(observations: Iterable[Observation], *, min_documents: int | None = None,
          min_share: float | None = None) -> FurnitureModel:
    """The furniture of each site: edge lines that repeat across enough of its documents."""
    learner = Learner(min_documents=min_documents, min_share=min_share)
    for seen in observations:
        learner.add(seen)
    return learner.model()
