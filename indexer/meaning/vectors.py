"""Texts to vectors with the distilled table, and a document's passage vectors packed as bytes.

A text's vector is the sum of its word pieces' rows of the table (rows are
already weighted by how rare a piece is), scaled to unit length, so the dot
product of two vectors is their cosine. A document is embedded passage by
passage (its paragraphs, a short one joined to the next), because a long
report is about everything and only a paragraph is about one thing; the
passage vectors are stored with the document as int8 with one scale per
passage, a quarter of float32's size.
"""
from __future__ import annotations

import operator
import re
import struct
import threading
from collections.abc import Sequence
from itertools import chain, compress, repeat
from typing import NamedTuple

import numpy as np

from .. import config
from ..records import Document
from ..wordruns import words
from .table import Model, tokenizer

MAGIC = b"RSM1"
# Where the passage that is the document's title starts.
TITLE = -1
_HEADER = struct.Struct("<4sII")   # magic, passages, dimensions


class Passages(NamedTuple):
    """A document's passages: where each starts in the text (``TITLE``: the title), and
    their vectors."""

    starts: np.ndarray     # int32
    vectors: np.ndarray    # float32, one unit row per passage


class Embedder:
    """The tokenizer of the packaged model and the distilled table, ready to embed texts."""

    def __init__(self, model: Model, table: np.ndarray) -> None:
        self._tokenizer = tokenizer(model)
        # Every word met so far gets a number; its pieces are _ids[_first[n]:][:_counts[n]].
        # The arrays grow by doubling, so a word learned costs no copy of the others.
        self._numbers: dict[str, int] = {}
        self._words = 0
        self._counts = np.zeros(1024, dtype=np.int64)
        self._first = np.zeros(1024, dtype=np.int64)
        self._ids = np.zeros(4096, dtype=np.int64)
        self._used = 0
        self._lock = threading.Lock()
        self.table = table
        self.dimensions = table.shape[1]
        # Heads every stored vector set, so vectors of another table are never compared.
        self.checksum = bytes.fromhex(model.checksum)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (a text without known pieces gets a zero row).

        The texts' words are numbered through a dictionary (``_numbers``) and their
        pieces gathered from flat arrays, so the only Python work per word is one
        dictionary lookup done by ``map``; the words first met here are tokenized,
        each once. A text's rows are summed in the order of its pieces (``reduceat``),
        the order the stored vectors were always summed in."""
        text_words = [words_of(text) for text in texts]
        flat = list(chain.from_iterable(text_words))
        found: Sequence[int | None] = list(map(self._numbers.get, flat))
        if None in found:
            found = self._numbers_learning(flat, found)
        numbers = np.array(found, dtype=np.int64)
        pieces_per_word = self._counts[numbers]
        total = int(pieces_per_word.sum())
        sums = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if total:
            # Each word's pieces: its first piece's position, then the next ones after it.
            starts = np.repeat(self._first[numbers], pieces_per_word)
            steps = np.arange(total) - np.repeat(np.cumsum(pieces_per_word) - pieces_per_word, pieces_per_word)
            rows = self.table[self._ids[starts + steps]]
            text_of_word = np.repeat(np.arange(len(texts)), [len(w) for w in text_words])
            per_text = np.bincount(text_of_word, weights=pieces_per_word, minlength=len(texts)).astype(np.int64)
            present = per_text > 0
            offsets = np.r_[0, np.cumsum(per_text)[:-1]]
            sums[present] = np.add.reduceat(rows, offsets[present], axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)

    def _numbers_learning(self, flat: list[str], found: Sequence[int | None]) -> list[int]:
        """The numbers of ``flat``'s words, the new ones (where ``found`` is None) tokenized
        first, each once. When they would overfill the cache, it is started afresh first, so
        that every number of one call stays good until the call has used it (a call's own
        words may overfill it: then it holds them until the next call)."""
        new = dict.fromkeys(compress(flat, map(operator.is_, found, repeat(None))))
        if self._words and self._words + len(new) > config.MEANING_WORD_CACHE:
            with self._lock:
                self._forget()
            new = dict.fromkeys(flat)
        for word in new:
            self._learn(word)
        return list(map(self._numbers.__getitem__, flat))

    def _learn(self, word: str) -> int:
        """Number a word seen for the first time and store its pieces."""
        pieces = self._tokenizer.encode(word, add_special_tokens=False).ids
        with self._lock:
            number = self._numbers.get(word)
            if number is not None:
                return number
            number = self._words
            at = self._used
            if at + len(pieces) > len(self._ids):
                self._ids = np.resize(self._ids, max(2 * len(self._ids), at + len(pieces)))
            if number >= len(self._first):
                self._first = np.resize(self._first, 2 * len(self._first))
                self._counts = np.resize(self._counts, len(self._first))
            self._ids[at:at + len(pieces)] = pieces
            self._first[number] = at
            self._counts[number] = len(pieces)
            self._used = at + len(pieces)
            self._words = number + 1
            self._numbers[word] = number
            return number

    def _forget(self) -> None:
        """Start the word numbering afresh (the archive's vocabulary outgrew the cache)."""
        self._numbers, self._words, self._used = {}, 0, 0


# Words as the model's tokenizer would see them, less punctuation (which weighs next to
# nothing in a text's vector); the tokenizer itself folds case and accents of each word.
def words_of(text: str) -> list[str]:
    """The words (runs of word characters, ``wordruns.words``) of ``text`` lower-cased."""
    return words(text.lower())


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def passage_texts(doc: Document) -> tuple[list[int], list[str]]:
    """The document's passages and where each starts in its text: its paragraphs (blocks
    between blank lines), one shorter than ``MEANING_MIN_WORDS`` words joined to the next
    (a heading to the paragraph it heads), one longer than ``MEANING_MAX_WORDS`` cut
    between sentences. The title comes first, starting at ``TITLE`` (a user who
    describes a document by what it is called finds it by its title)."""
    starts: list[int] = [TITLE] if doc.title else []
    texts: list[str] = [doc.title] if doc.title else []
    pending: list[str] = []
    pending_words = first = 0
    text = doc.text
    begin = 0
    for end, after in [*((m.start(), m.end()) for m in _BLANK_LINE.finditer(text)), (len(text), len(text))]:
        block = text[begin:end]
        if block.strip():
            for offset, piece, count in _windows(begin + len(block) - len(block.lstrip()), block.strip()):
                if not pending:
                    first = offset
                pending.append(piece)
                pending_words += count
                if pending_words >= config.MEANING_MIN_WORDS:
                    starts.append(first)
                    texts.append(" ".join(pending))
                    pending, pending_words = [], 0
        begin = after
    if pending:
        starts.append(first)
        texts.append(" ".join(pending))
    return starts, texts


def _windows(offset: int, text: str) -> list[tuple[int, str, int]]:
    """``text`` (at ``offset``) cut between sentences into pieces of at most about
    ``MEANING_MAX_WORDS`` words, each with its number of words; a short text is one piece."""
    words = len(text.split())
    if words <= config.MEANING_MAX_WORDS:
        return [(offset, text, words)]
    pieces: list[tuple[int, str, int]] = []
    begin, words = 0, 0
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    previous = 0
    for cut in cuts:
        count = len(text[previous:cut].split())
        if words and words + count > config.MEANING_MAX_WORDS:
            pieces.append((offset + begin, text[begin:previous].strip(), words))
            begin, words = previous, 0
        words += count
        previous = cut
    pieces.append((offset + begin, text[begin:].strip(), words))
    return [piece for piece in pieces if piece[1]]


def document_passages(embedder: Embedder, doc: Document) -> Passages:
    starts, texts = passage_texts(doc)
    return Passages(np.asarray(starts, dtype=np.int32), embedder.embed(texts))


def pack(passages: Passages) -> bytes:
    """The bytes stored with a document: header, starts, per-passage scales, int8 rows."""
    vectors = passages.vectors
    count, dimensions = vectors.shape
    peaks = np.abs(vectors).max(axis=1) if count else np.zeros(0, dtype=np.float32)
    scales = np.where(peaks > 0, peaks / 127.0, 1.0).astype(np.float32)
    quantised = np.round(vectors / scales[:, None]).astype(np.int8)
    return b"".join((_HEADER.pack(MAGIC, count, dimensions), passages.starts.astype("<i4").tobytes(),
                     scales.astype("<f4").tobytes(), quantised.tobytes()))


def unpack(data: bytes) -> Passages | None:
    """The passages ``pack`` stored, or None for bytes that are not (an empty column value)."""
    if len(data) < _HEADER.size:
        return None
    magic, count, dimensions = _HEADER.unpack_from(data)
    if magic != MAGIC:
        return None
    at = _HEADER.size
    starts = np.frombuffer(data, dtype="<i4", count=count, offset=at)
    at += 4 * count
    scales = np.frombuffer(data, dtype="<f4", count=count, offset=at)
    at += 4 * count
    rows = np.frombuffer(data, dtype=np.int8, count=count * dimensions, offset=at).reshape(count, dimensions)
    return Passages(starts, rows.astype(np.float32) * scales[:, None])
