"""A segment's postings grouped by word as documents arrive, never sorted posting by posting.

Whoosh's writer pools every posting of a new segment as its own tuple,
sorts the whole pool (and spills and merges sorted runs when it outgrows
its memory), and then cuts the sorted stream back into words: tens of
millions of tuples built, compared and taken apart again in Python, most
of what writing a segment cost.

Documents arrive in document order, so a word's postings, kept in the order
they come, are already in order. Here each field keeps what each document
gave it whole (its words, weights and posting values, as three sequences)
and the set of its words: adding a document's postings is a few calls, with
nothing done per posting in Python. Writing the segment (or spilling the
pool) sorts only the words (a few hundred thousand, not tens of millions of
postings), numbers every posting by its word and orders the postings by that
number with one stable sort of an array, which keeps each word's postings in
document order; each word's columns (document numbers, weights, posting
values) are then cut from the sorted arrays and handed on whole
(``postingwriter``). When the pool passes its memory limit its words are
written to a run file in word order and it is emptied; at the end the runs
are merged a word at a time, a word's columns from earlier runs coming
first, which keeps them in document order. A run file is written in records of
about ``RUN_RECORD_BYTES`` each, however many words that is: the merge holds
one record of every run, and records of a fixed number of words held the
frequent words together (a quarter to a third of a run's postings), so the
merge held that share of every run at once, which grew with the archive.
The postings, and so the segment, are exactly those Whoosh's own pool gives
(``tests/build/test_build_writer.py``).

A body analysed by the writer comes with its positions (``add_positions``):
the pool keeps them (int32) instead of the encoded values, gathers them by word
with the same sort, makes the values a block of words at a time
(``positionbytes``) and hands each word its positions, which the segment's
array file then takes without decoding the values again. Such a posting's
value is never held in the pool, and its estimate (``PLACED_POSTING_BYTES``,
``PLACE_BYTES``) counts what taking the words holds, so the pool's limit
bounds the writing of its words too.

A posting that arrives out of document order (Whoosh's ``add_reader`` path
could in principle give one) is noticed, and every word's columns are then
sorted as Whoosh would sort them before they are written.
"""
from __future__ import annotations

import heapq
import pickle
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain, groupby, repeat
from operator import itemgetter

import numpy as np
from whoosh.writing import PostingPool

from .positionbytes import KeptPlaces, Places

# Estimated bytes of the words pickled together in one run file record (a word's postings
# are never split, so a record holds at least one word): what the merge holds of each run.
RUN_RECORD_BYTES = 1 << 20
# Run files merged at once; more are first merged into fewer (each open run holds a file).
MAX_OPEN_RUNS = 64
# The estimated bytes of one posting as a document gave it (a word reference, a float in an
# array, a value reference, the value's bytes object, and the room its columns take when the
# words are written), and of one word's entry (its key, its columns, its set slot), before
# the lengths of the value and the word.
POSTING_BYTES = 8 + 8 + 8 + 33 + 8
WORD_BYTES = 33 + 3 * 64 + 72 + 100
# The estimated bytes of one position kept (int32), as the document gave it and joined once
# more when the words are taken.
PLACE_BYTES = 4 + 4
# The estimated bytes of one posting whose value is made from its positions (``add_positions``):
# its word reference, weight and count as the document gave them, and what taking the words
# holds for every posting of the field at once (its word's number, its place in word order,
# its document number, its weight joined, its count, where its positions begin, two flags).
# Its value is made with those of a block of words (``positionbytes.BLOCK_POSITIONS``) and
# handed on, so a whole field's values are never held at once.
PLACED_POSTING_BYTES = 8 + 8 + 8 + 4 + 8 + 8 + 8 + 4 + 8 + 2
# The estimated bytes of one document's entry in a field: its tuple of words, arrays of
# weights, counts and positions, and its slots in the lists.
DOCUMENT_BYTES = 56 + 3 * 64 + 8 * 8

# One word's postings: (field, word, docnums, weights, values, places). ``places`` is the
# positions its values encode, as ``postings.decode_positions`` decodes them (each posting's
# count, then every position), when every posting of the word came with them, else None.
Word = tuple[str, bytes, array, array, list, Places | None]
_KEY = itemgetter(0, 1)


class _Documents:
    """One field's postings as the documents gave them, and the field's words. Postings
    added one at a time (``add_one``) go to one open run of them, with a document number
    each, until the next document's postings come whole."""

    __slots__ = ("docnums", "counts", "texts", "weights", "values", "freqs", "places", "known",
                 "runs", "open")

    def __init__(self) -> None:
        self.docnums: list[int] = []
        self.counts: list[int] = []
        self.texts: list = []
        self.weights: list[array] = []
        self.values: list = []
        # Per document, the positions its values encode (``add``'s ``places``) and how many
        # each posting has, or None when it gave none.
        self.freqs: list[tuple | array | None] = []
        self.places: list[array | None] = []
        self.known: set[bytes] = set()
        # The runs of postings added one at a time: their index in the lists above and their
        # document numbers; and the index of the run still open, if any.
        self.runs: dict[int, array] = {}
        self.open: int | None = None

    def add_one(self, docnum: int, text: bytes, weight: float, value) -> int:
        """Keep one posting; the estimated bytes it (and its word, when new) takes."""
        at = self.open
        if at is None:
            at = self.open = len(self.counts)
            self.docnums.append(docnum)
            self.counts.append(0)
            self.texts.append([])
            self.weights.append(array("d"))
            self.values.append([])
            self.freqs.append(None)
            self.places.append(None)
            self.runs[at] = array("q")
        self.counts[at] += 1
        self.texts[at].append(text)
        self.weights[at].append(weight)
        self.values[at].append(value)
        self.runs[at].append(docnum)
        size = POSTING_BYTES + 8 + (len(value) if value else 0)
        if text not in self.known:
            self.known.add(text)
            size += WORD_BYTES + len(text)
        return size

    def add(self, docnum: int, texts: tuple, weights: array, values: tuple | None,
            freqs: tuple | array | None = None, places: array | None = None) -> int:
        """Keep one document's postings, and the positions their values encode (``places``,
        ``freqs`` of them for each posting) when given; the estimated bytes they (and new
        words) take. Without ``values`` (None), they are made from ``places`` when the words
        are taken (``positionbytes``)."""
        self.open = None
        self.docnums.append(docnum)
        self.counts.append(len(texts))
        self.texts.append(texts)
        self.weights.append(weights)
        self.values.append(values)
        self.freqs.append(freqs if places is not None else None)
        self.places.append(places)
        fresh = set(texts).difference(self.known)
        self.known |= fresh
        size = DOCUMENT_BYTES + len(fresh) * WORD_BYTES + sum(map(len, fresh))
        if values is None:
            return size + len(texts) * PLACED_POSTING_BYTES + PLACE_BYTES * len(places or ())
        places_bytes = 0 if places is None else PLACE_BYTES * len(places) + 8 * len(texts)
        try:
            value_bytes = sum(map(len, values))
        except TypeError:  # some postings without a value
            value_bytes = sum(len(value) for value in values if value)
        return size + len(texts) * POSTING_BYTES + value_bytes + places_bytes

    def words(self, fieldname: str) -> Iterator[Word]:
        """Every word in word order with its postings in the order they came. What the
        documents gave is let go as it is gathered, and the values still to make are made a
        block of words at a time (``positionbytes.KeptPlaces``)."""
        vocabulary = sorted(self.known)
        number = dict(zip(vocabulary, range(len(vocabulary))))
        counts = np.array(self.counts, dtype=np.int64)
        total = int(counts.sum())
        words = np.fromiter(map(number.__getitem__, chain.from_iterable(self.texts)),
                            dtype=np.int32, count=total)
        self.texts, number = [], {}
        docnums = np.repeat(np.array(self.docnums, dtype=np.int64), counts)
        starts = np.cumsum(counts) - counts
        for at, run in self.runs.items():
            docnums[starts[at]:starts[at] + counts[at]] = np.frombuffer(run, dtype=np.int64)
        weights = np.frombuffer(b"".join(self.weights), dtype=np.float64)
        self.weights = []
        deferred = [found is None for found in self.values]
        given = None if all(deferred) else list(chain.from_iterable(
            repeat(None, count) if found is None else found for found, count in zip(self.values, self.counts)))
        self.values = []
        places = self._places(counts, deferred)
        order = np.argsort(words, kind="stable")
        ends = np.append(np.flatnonzero(np.diff(words[order])) + 1, total)
        del words
        word_at = 0
        start = 0
        for end in places.block_ends(order, ends):
            taken = order[start:end]
            values, freqs, gathered, bounds = places.block(taken, given)
            docnum_bytes = docnums[taken].tobytes()
            weight_bytes = weights[taken].tobytes()
            word_ends = ends[word_at:np.searchsorted(ends, end) + 1].tolist()
            word_starts = [start, *word_ends]
            kept = places.of_words(taken, [at - start for at in word_starts], freqs, gathered, bounds)
            for at, (s, e, found) in enumerate(zip(word_starts, word_ends, kept), word_at):
                s, e = s - start, e - start
                yield (fieldname, vocabulary[at], array("q", docnum_bytes[8 * s:8 * e]),
                       array("d", weight_bytes[8 * s:8 * e]), values[s:e], found)
            word_at += len(word_ends)
            start = end

    def _places(self, counts: np.ndarray, deferred: list[bool]) -> KeptPlaces:
        """The documents' kept positions, joined, and each posting's count of them; the
        documents' own arrays are let go."""
        has = np.repeat(np.array([found is not None for found in self.places], dtype=bool), counts)
        freqs = np.zeros(len(has), dtype=np.int32)
        kept_freqs = [found for found in self.freqs if found is not None]
        if kept_freqs:
            freqs[has] = np.fromiter(chain.from_iterable(kept_freqs), dtype=np.int32, count=int(has.sum()))
        self.freqs = []
        flat = np.frombuffer(b"".join([found for found in self.places if found is not None]), dtype=np.int32)
        self.places = []
        return KeptPlaces(flat, freqs, has, np.repeat(np.array(deferred, dtype=bool), counts))


class WordPool(PostingPool):
    """A ``PostingPool`` that keeps postings as documents give them and groups them by word
    when they are written (see the module docstring)."""

    # Whoosh's pool (untyped) keeps these: the run files' paths, the fields seen, the size.
    runs: list[str]
    fieldnames: set
    currentsize: int
    limit: int

    def __init__(self, tempstore, segment, limitmb: int = 128, **kwargs) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.fields: dict[str, _Documents] = {}
        # The highest document number added, and whether every posting came in order.
        self.top = -1
        self.in_order = True

    @property
    def size(self) -> int:
        """The estimated bytes the pool holds in memory now."""
        return self.currentsize

    def _documents(self, fieldname: str, docnum: int) -> _Documents:
        self.fieldnames.add(fieldname)
        found = self.fields.get(fieldname)
        if found is None:
            found = self.fields[fieldname] = _Documents()
        if docnum < self.top:
            self.in_order = False
        self.top = max(self.top, docnum)
        return found

    def add_field(self, fieldname: str, docnum: int, items: Iterable, boost: float,
                  places: array | None = None) -> int:
        """Pool one document's postings of one field, ``items`` as Whoosh's ``field.index``
        gives them, with the positions their values encode when given (``places``, the
        positions of each posting in turn, as int32); the field's length (the sum of the
        frequencies). With ``places`` the segment's array file takes positions from them
        instead of decoding the values again."""
        documents = self._documents(fieldname, docnum)
        rows = items if isinstance(items, list) else list(items)
        if not rows:
            return 0
        texts, freqs, weights, values = zip(*rows)
        stored = array("d", weights)
        if boost != 1.0:
            stored = array("d", [weight * boost for weight in stored])
        self.currentsize += documents.add(docnum, texts, stored, values, freqs, places)
        if self.currentsize > self.limit:
            self.save()
        return sum(freqs)

    def add_positions(self, fieldname: str, docnum: int, texts: tuple, freqs: list[int],
                      weights: array, places: array, boost: float) -> int:
        """Pool one document's postings of one field as ``AnalysedText.columns`` gives them:
        each term's bytes, frequency and weight, and the positions of each in turn (int32),
        whose values are made when the words are taken (``positionbytes.encode_all``); the
        field's length."""
        documents = self._documents(fieldname, docnum)
        if not texts:
            return 0
        if boost != 1.0:
            weights = array("d", [weight * boost for weight in weights])
        # The counts as an array: a list of them would stay in the collector's sight until written.
        self.currentsize += documents.add(docnum, texts, weights, None, array("q", freqs), places)
        if self.currentsize > self.limit:
            self.save()
        return sum(freqs)

    def add(self, item) -> None:
        """Pool one posting (field, word, docnum, weight, value): Whoosh's path for postings
        that do not come from ``add_field`` (merged segments)."""
        fieldname, text, docnum, weight, value = item
        documents = self._documents(fieldname, docnum)
        self.currentsize += documents.add_one(docnum, text, weight, value)
        if self.currentsize > self.limit:
            self.save()

    def _take_words(self) -> Iterator[Word]:
        """The words in memory in (field, word) order, emptying the pool as it goes."""
        fields, self.fields = self.fields, {}
        self.currentsize = 0
        for fieldname in sorted(fields):
            yield from fields.pop(fieldname).words(fieldname)

    def save(self) -> None:
        """Write the words in memory to a new run file and empty the pool."""
        if not self.fields:
            return
        # A run keeps no positions beside the values: its words' are decoded when written.
        self._write_run_words(word[:5] + (None,) for word in self._take_words())

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
            yield fieldname, text, docnums, weights, values, None

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
        for fieldname, text, docnums, weights, values, _ in self.iter_words():
            for docnum, weight, value in zip(docnums, weights, values):
                yield fieldname, text, docnum, weight, value

    def items(self, maxfiles: int = 128):  # noqa: ARG002 - Whoosh's signature
        return self.iter_postings()


def word_bytes(word: Word) -> int:
    """The estimated bytes one word's postings hold in memory, as the pool counts them."""
    _, text, docnums, _, values, _ = word
    try:
        value_bytes = sum(map(len, values))
    except TypeError:  # some postings without a value
        value_bytes = sum(len(value) for value in values if value)
    return WORD_BYTES + len(text) + len(docnums) * POSTING_BYTES + value_bytes


def _sorted_word(word: Word) -> Word:
    """A word whose postings came out of document order, sorted as Whoosh sorts postings."""
    fieldname, text, docnums, weights, values, _ = word
    order = sorted(zip(docnums, weights, values))
    return (fieldname, text, array("q", [p[0] for p in order]), array("d", [p[1] for p in order]),
            [p[2] for p in order], None)
