"""Whoosh's posting pool, spilling and merging whole batches instead of single postings.

A Whoosh writer collects every posting of its new segment in a pool and,
once the pool passes its memory limit (``config.INDEX_WRITER_MB``), sorts it
and writes it to a temporary "run" file; at commit the runs are merged back
into one sorted stream. Whoosh pickles each posting with its own call and
merges the runs with ``heapq.merge``, a Python generator: a few
microseconds per posting, paid twice, for the tens of millions of postings
of a large archive. That made spilling most of what a build above a few
thousand documents spends beyond the analysis itself.

Here a run is a sequence of pickled lists, and runs are merged a block at a
time: everything up to the smallest last item of the runs' current lists
is taken from each list, sorted together (Timsort merges the sorted slices
in C) and handed on. The order of the stream, and so the segment written
from it, is exactly the same.
"""

from __future__ import annotations

import pickle
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import islice

from whoosh.writing import PostingPool

# Postings pickled together in one run file record.
RUN_BATCH = 16384


def merge_sorted_batches(runs: Iterable[Iterator[list]]) -> Iterator:
    """Every item of ``runs`` in sorted order, given runs of sorted, consecutive lists."""
    for block in sorted_blocks(runs):
        yield from block


def sorted_blocks(runs: Iterable[Iterator[list]]) -> Iterator[list]:
    """The items of ``runs`` as sorted lists that follow one another in order.

    Each run yields non-empty lists whose concatenation is sorted. Items at
    most the smallest last item among the current lists cannot be preceded
    by anything not yet read, so they are sorted and handed on together.
    """
    current: list[tuple[list, Iterator[list]]] = []
    for run in runs:
        batch = next(run, None)
        if batch:
            current.append((batch, run))
    while current:
        bound = min(batch[-1] for batch, _ in current)
        block: list = []
        remaining: list[tuple[list, Iterator[list]]] = []
        for batch, run in current:
            cut = bisect_right(batch, bound)
            if cut == len(batch):
                block.extend(batch)
                batch = next(run, None)
                if batch:
                    remaining.append((batch, run))
            else:
                block.extend(batch[:cut])
                remaining.append((batch[cut:], run))
        current = remaining
        block.sort()
        yield block


class BatchedPostingPool(PostingPool):
    """A ``PostingPool`` whose run files hold pickled lists of postings."""

    # Whoosh's pool (untyped) keeps these: the run files' paths and the postings not yet in one.
    runs: list[str]
    current: list[tuple]

    def add(self, item) -> None:
        # item = (fieldname, term bytes, docnum, weight, value bytes or None); the
        # size estimate is Whoosh's own, summed into one constant.
        self.fieldnames.add(item[0])
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f, items) -> None:
        try:
            items = iter(items)
            while batch := list(islice(items, RUN_BATCH)):
                pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
        finally:
            f.close()

    def _read_batches(self, path: str) -> Iterator[list]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = pickle.load(f)
                except EOFError:
                    return
                yield batch
        finally:
            f.close()
            self._remove_run(path)

    def _read_run(self, path: str) -> Iterator:
        for batch in self._read_batches(path):
            yield from batch

    def _merge_runs(self, paths) -> Iterator:
        return merge_sorted_batches([self._read_batches(path) for path in paths])

    def iter_batches(self, maxfiles: int = 128) -> Iterator[list]:
        """Every posting in order, as sorted lists of at most ``RUN_BATCH`` postings that
        follow one another (what ``postingwriter`` takes)."""
        if not self.runs:
            self.current.sort()
            blocks: Iterable[list] = [self.current]
            self.current = []
        else:
            self.save()
            if maxfiles < len(self.runs):
                self.reduce_to(maxfiles, maxfiles)
            runs, self.runs = self.runs, []
            blocks = sorted_blocks([self._read_batches(path) for path in runs])
        for block in blocks:
            for start in range(0, len(block), RUN_BATCH):
                yield block[start:start + RUN_BATCH]
