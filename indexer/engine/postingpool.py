"""A segment's postings grouped by word as documents arrive, never sorted posting by posting.

Whoosh's writer pools every posting of a new segment as its own tuple,
sorts the whole pool (and spills and merges sorted runs when it outgrows
its memory), and then cuts the sorted stream back into words: tens of
millions of tuples built, compared and taken apart again in Python, most
of what writing a segment cost.

Documents arrive in document order, so a word's postings, appended as they
come, are already in order. Here each field keeps a table from word to
three growing columns (document numbers, weights, posting values); writing
the segment sorts only the words (a few hundred thousand, not tens of
millions of postings) and hands each word's columns on whole
(``postingwriter``). When the pool passes its memory limit the table is
written to a run file in word order and emptied; at the end the runs are
merged a word at a time, a word's columns from earlier runs coming first,
which keeps them in document order. A run file is written in records of
about ``RUN_RECORD_BYTES`` each, however many words that is: the merge holds
one record of every run, and records of a fixed number of words held the
frequent words together (a quarter to a third of a run's postings), so the
merge held that share of every run at once, which grew with the archive.
The postings, and so the segment, are exactly those Whoosh's own pool gives
(``tests/build/test_build_writer.py``).

A posting that arrives out of document order (Whoosh's ``add_reader`` path
could in principle give one) is noticed, and every word's columns are then
sorted as Whoosh would sort them before they are written.
"""
from __future__ import annotations

import heapq
import pickle
from array import array
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter

from whoosh.writing import PostingPool

# Estimated bytes of the words pickled together in one run file record (a word's postings
# are never split, so a record holds at least one word): what the merge holds of each run.
RUN_RECORD_BYTES = 1 << 20
# Run files merged at once; more are first merged into fewer (each open run holds a file).
MAX_OPEN_RUNS = 64
# The estimated bytes of one posting in the columns (int and float in arrays, a value
# reference, the value's bytes object, the arrays' spare room), and of one word's entry (its
# key, three columns, the table slot), before the lengths of the value and the word; within
# a few percent of what tracemalloc finds the pool holding.
POSTING_BYTES = 8 + 8 + 8 + 33 + 8
WORD_BYTES = 33 + 3 * 64 + 72 + 100

# One word's postings: (field, word, docnums, weights, values).
Word = tuple[str, bytes, array, array, list]
_KEY = itemgetter(0, 1)


def _columns() -> tuple[array, array, list]:
    return array("q"), array("d"), []


class WordPool(PostingPool):
    """A ``PostingPool`` that keeps postings as per-word columns (see the module docstring)."""

    # Whoosh's pool (untyped) keeps these: the run files' paths, the fields seen, the size.
    runs: list[str]
    fieldnames: set
    currentsize: int
    limit: int

    def __init__(self, tempstore, segment, limitmb: int = 128, **kwargs) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.words: dict[str, dict[bytes, tuple[array, array, list]]] = {}
        # The highest document number added, and whether every posting came in order.
        self.top = -1
        self.in_order = True

    @property
    def size(self) -> int:
        """The estimated bytes the pool holds in memory now."""
        return self.currentsize

    def add_field(self, fieldname: str, docnum: int, items: Iterable, boost: float) -> int:
        """Pool one document's postings of one field, ``items`` as Whoosh's ``field.index``
        gives them; the field's length (the sum of the frequencies)."""
        self.fieldnames.add(fieldname)
        terms = self.words.get(fieldname)
        if terms is None:
            terms = self.words[fieldname] = {}
        if docnum < self.top:
            self.in_order = False
        self.top = max(self.top, docnum)
        size = length = 0
        for text, freq, weight, value in items:
            columns = terms.get(text)
            if columns is None:
                columns = terms[text] = _columns()
                size += WORD_BYTES + len(text)
            columns[0].append(docnum)
            columns[1].append(weight * boost)
            columns[2].append(value)
            size += POSTING_BYTES + (len(value) if value else 0)
            length += freq
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()
        return length

    def add(self, item) -> None:
        """Pool one posting (field, word, docnum, weight, value): Whoosh's path for postings
        that do not come from ``add_field`` (merged segments)."""
        fieldname, text, docnum, weight, value = item
        self.fieldnames.add(fieldname)
        terms = self.words.setdefault(fieldname, {})
        columns = terms.get(text)
        if columns is None:
            columns = terms[text] = _columns()
            self.currentsize += WORD_BYTES + len(text)
        elif columns[0][-1] > docnum:
            self.in_order = False
        columns[0].append(docnum)
        columns[1].append(weight)
        columns[2].append(value)
        self.top = max(self.top, docnum)
        self.currentsize += POSTING_BYTES + (len(value) if value else 0)
        if self.currentsize > self.limit:
            self.save()

    def _take_words(self) -> Iterator[Word]:
        """The words in memory in (field, word) order, emptying the pool as it goes."""
        words, self.words = self.words, {}
        self.currentsize = 0
        for fieldname in sorted(words):
            terms = words.pop(fieldname)
            for text in sorted(terms):
                yield (fieldname, text, *terms.pop(text))

    def save(self) -> None:
        """Write the words in memory to a new run file and empty the pool."""
        if not self.words:
            return
        self._write_run_words(self._take_words())

    def _write_run_words(self, words: Iterable[Word]) -> None:
        path, f = self._new_run()
        self.runs.append(path)
        try:
            batch: list[Word] = []
            size = 0
            for word in words:
                batch.append(word)
                size += word_bytes(word)
                if size >= RUN_RECORD_BYTES:
                    pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
                    batch, size = [], 0
            if batch:
                pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
        finally:
            f.close()

    def _read_run_words(self, path: str) -> Iterator[Word]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = pickle.load(f)
                except EOFError:
                    return
                yield from batch
        finally:
            f.close()
            self._remove_run(path)

    def _merged(self, paths: list[str]) -> Iterator[Word]:
        """The words of the runs at ``paths`` (in the order they were written), each word's
        columns joined, earlier runs first. ``heapq.merge`` keeps the order of equal keys."""
        streams = [self._read_run_words(path) for path in paths]
        for (fieldname, text), parts in groupby(heapq.merge(*streams, key=_KEY), key=_KEY):
            first, *rest = parts
            docnums, weights, values = first[2], first[3], first[4]
            for part in rest:
                docnums.extend(part[2])
                weights.extend(part[3])
                values.extend(part[4])
            yield fieldname, text, docnums, weights, values

    def iter_words(self) -> Iterator[Word]:
        """Every word of the pool in (field, word) order with its postings in document order,
        emptying the pool (run files are removed as they are read)."""
        if not self.runs:
            words: Iterator[Word] = self._take_words()
        else:
            self.save()
            while len(self.runs) > MAX_OPEN_RUNS:
                # The earliest runs become one, which stays first: it holds the earliest postings.
                first, rest = self.runs[:MAX_OPEN_RUNS], self.runs[MAX_OPEN_RUNS:]
                self.runs = []
                self._write_run_words(self._merged(first))
                self.runs.extend(rest)
            runs, self.runs = self.runs, []
            words = self._merged(runs)
        if self.in_order:
            return words
        return map(_sorted_word, words)

    def iter_postings(self) -> Iterator[tuple]:
        """Every posting as Whoosh's pool gives them: (field, word, docnum, weight, value)
        in sorted order."""
        for fieldname, text, docnums, weights, values in self.iter_words():
            for docnum, weight, value in zip(docnums, weights, values):
                yield fieldname, text, docnum, weight, value

    def items(self, maxfiles: int = 128):  # noqa: ARG002 - Whoosh's signature
        return self.iter_postings()


def word_bytes(word: Word) -> int:
    """The estimated bytes one word's postings hold in memory, as the pool counts them."""
    _, text, docnums, _, values = word
    try:
        value_bytes = sum(map(len, values))
    except TypeError:  # some postings without a value
        value_bytes = sum(len(value) for value in values if value)
    return WORD_BYTES + len(text) + len(docnums) * POSTING_BYTES + value_bytes


def _sorted_word(word: Word) -> Word:
    """A word whose postings came out of document order, sorted as Whoosh sorts postings."""
    fieldname, text, docnums, weights, values = word
    order = sorted(zip(docnums, weights, values))
    return (fieldname, text, array("q", [p[0] for p in order]), array("d", [p[1] for p in order]),
            [p[2] for p in order])
