"""Copies of a document: exact ones by key, near ones by a MinHash signature of the text's shingles.

An archive holds the same document more than once: saved twice (the bytes
differ by line endings or encoding, the text does not), saved from two
addresses of one Refworld record (the same docid), or republished elsewhere
with another layout, a heading more or a paragraph edited.

- **Exact copies** share a key (``copy_keys``): the hash of the text with
  spacing and Unicode forms normalised (line endings and encodings are gone
  once the text is decoded), and the Refworld docid. A text too short to
  say anything by itself is keyed with its title too.
- **Near copies** have a high *resemblance*: the Jaccard similarity of their
  sets of word 5-grams (shingles), which the share of shingles two texts
  have in common measures whatever the layout, as long as the words agree.
  It is estimated from a **bottom-k MinHash** signature: one 64-bit hash per
  shingle, of which the ``k`` smallest are kept (``k`` =
  ``config.MINHASH_VALUES``). One hash function, not ``k`` of them, makes a
  signature cost one pass of hashing in pure Python (a report of 5,000
  words in a few milliseconds), and the estimate has the same accuracy as
  ``k`` independent MinHashes (a standard error of about 0.04 at k = 128).

The threshold, ``config.NEAR_DUPLICATE_THRESHOLD`` = 0.7, was calibrated on
pairs built from the shared corpus (``tests/documents/test_duplicates.py``). Near
copies: each Country Report against its PDF edition (0.99-1.0), and against
itself with a tenth of its sentences cut in half or dropped (0.77-0.97).
Not copies: a report with a third of its sentences replaced by another
report's (0.40-0.62), and any two different reports of the series (at most
0.13, for all the wording they share). 0.7 sits between the two with room
for the estimate's error on either side.
"""
from __future__ import annotations

import hashlib
import heapq
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from . import config, wordruns
from .records import Document

# Texts with fewer words than this are keyed together with their title.
_SHORT_TEXT_WORDS = 30


def normalised_text(text: str) -> str:
    """The text as compared for exact copies: Unicode composed, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def text_key(doc: Document) -> str:
    """The key two saved copies of the same text share, however their bytes differ.

    The last key made is remembered with the very text and title it was made of: a build
    asks for each document's key twice in a row (its index fields, its manifest record),
    and normalising and hashing a long text is not free."""
    global _LAST_KEY
    last = _LAST_KEY
    if last is not None and last[0] is doc.text and last[1] is doc.title:
        return last[2]
    text = normalised_text(doc.text)
    if len(text.split()) < _SHORT_TEXT_WORDS:
        text = normalised_text(doc.title or "") + "\n" + text
    key = "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    _LAST_KEY = (doc.text, doc.title, key)
    return key


# The last text and title ``text_key`` was asked for (the objects themselves), and its key.
_LAST_KEY: tuple[str, str | None, str] | None = None


def copy_keys(doc: Document) -> tuple[str, ...]:
    """Every key under which ``doc`` is an exact copy of another document: its text and its docid."""
    keys = [text_key(doc)]
    if doc.refworld_docid:
        keys.append(f"docid:{doc.refworld_docid.lower()}")
    return tuple(keys)


def folded_words(text: str) -> list[str]:
    """The words of ``text`` in Unicode's compatibility form (NFKC), each case folded. Folding
    the words joined by spaces folds each alike (case folding looks at no neighbour, and
    folds no word character to a space) in one call instead of one a word."""
    found = wordruns.words(unicodedata.normalize("NFKC", text))
    return " ".join(found).casefold().split(" ") if found else []


def shingles(text: str, size: int = config.SHINGLE_WORDS) -> set[str]:
    """The text's runs of ``size`` consecutive words, case folded (the whole text when shorter)."""
    words = folded_words(text)
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(frozen=True)
class Signature:
    """A bottom-k MinHash signature: the ``k`` smallest shingle hashes, in increasing order."""

    values: tuple[int, ...]
    shingles: int

    def to_list(self) -> list[int]:
        return [self.shingles, *self.values]

    @classmethod
    def from_list(cls, data: list[int]) -> Signature:
        return cls(tuple(data[1:]), data[0])


def signature(text: str, k: int = config.MINHASH_VALUES) -> Signature:
    """The signature of ``text``'s shingles."""
    found = shingles(text)
    return Signature(tuple(heapq.nsmallest(k, {_hash(s) for s in found})), len(found))


_MIX = np.uint64(0x9E3779B97F4A7C15)
_SPREAD = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def _mixed(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: every input bit moves every output bit."""
    values = values ^ (values >> np.uint64(30))
    values = values * _SPREAD[0]
    values = values ^ (values >> np.uint64(27))
    values = values * _SPREAD[1]
    return values ^ (values >> np.uint64(31))


def quick_signature(text: str, k: int = config.MINHASH_VALUES) -> np.ndarray:
    """``signature``'s values computed on arrays: each word hashed once, each run of words'
    hash combined from its words' with numpy. Other hashes than ``signature``'s (the two are
    never compared with each other), the same estimate of resemblance, twice as fast."""
    words = folded_words(text)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    vocabulary = dict(zip(dict.fromkeys(words), range(len(words))))
    ids = np.fromiter(map(vocabulary.__getitem__, words), np.int64, len(words))
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, vocabulary)), np.uint64, len(vocabulary))
    word_hashes = _mixed(hashes)[ids]
    size = min(config.SHINGLE_WORDS, len(words))
    runs = word_hashes[: len(words) - size + 1].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, size):
            runs = runs * _MIX + word_hashes[offset: len(words) - size + 1 + offset]
        return np.unique(_mixed(runs))[:k]


def sample_signature(text: str) -> bytes:
    """The ``quick_signature`` of the middle ``config.SAMPLE_CHARS`` characters of ``text``, as
    bytes to store. Two copies of one report share most of their middles wherever their page
    furniture shifts them, two different texts next to none: comparing samples first spares
    reading most texts whole when looking for near copies in a whole archive."""
    middle, half = len(text) // 2, config.SAMPLE_CHARS // 2
    return quick_signature(text[max(0, middle - half): middle + half], config.SAMPLE_VALUES).tobytes()


def resemblance(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity of two texts' shingle sets, from their signatures."""
    k = min(len(a.values), len(b.values)) or max(len(a.values), len(b.values))
    if not a.values or not b.values:
        return 1.0 if a.values == b.values else 0.0
    union = heapq.nsmallest(k, set(a.values) | set(b.values))
    both = set(a.values) & set(b.values)
    return sum(1 for value in union if value in both) / len(union)


def is_near_copy(a: Signature, b: Signature, threshold: float = config.NEAR_DUPLICATE_THRESHOLD) -> bool:
    """Whether two texts are near copies: their resemblance reaches ``threshold``."""
    return resemblance(a, b) >= threshold


def near_copy_pairs(signatures: dict[str, Signature],
                    threshold: float = config.NEAR_DUPLICATE_THRESHOLD) -> list[tuple[str, str, float]]:
    """Pairs of ids whose texts are near copies, with their resemblance.

    Only documents that share signature values are compared (an inverted
    index from value to documents), so an archive of unrelated texts costs
    little more than reading the signatures.
    """
    holders: dict[int, list[str]] = defaultdict(list)
    for doc_id, sig in signatures.items():
        for value in sig.values:
            holders[value].append(doc_id)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in holders.values():
        if 1 < len(ids) <= 1000:   # a value in a thousand texts is a shingle of boilerplate
            for i, first in enumerate(ids):
                for second in ids[i + 1:]:
                    shared[(first, second) if first < second else (second, first)] += 1
    pairs = []
    for (first, second), count in shared.items():
        k = min(len(signatures[first].values), len(signatures[second].values))
        if count >= threshold * k * 0.5:   # fewer shared values than this cannot reach the threshold
            score = resemblance(signatures[first], signatures[second])
            if score >= threshold:
                pairs.append((first, second, score))
    return sorted(pairs)


def copy_groups(docs: Iterable[Document], threshold: float = config.NEAR_DUPLICATE_THRESHOLD, *,
                key: Callable[[Document], str] = lambda doc: doc.id) -> list[list[str]]:
    """Documents that are copies of each other, exact or near, in groups of two or more.

    Each document is named by ``key`` (its id; a path tells apart two files
    that read to the same id).
    """
    docs = list(docs)  # walked twice: names first, then the documents under them
    by_name = dict(zip([key(doc) for doc in docs], docs))
    parent = {name: name for name in by_name}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    first_with: dict[str, str] = {}
    for name, doc in by_name.items():
        for copy_key in copy_keys(doc):
            if copy_key in first_with:
                join(name, first_with[copy_key])
            else:
                first_with[copy_key] = name
    for a, b, _ in near_copy_pairs({name: signature(doc.text) for name, doc in by_name.items()}, threshold):
        join(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in by_name:
        groups[root(name)].append(name)
    return sorted(sorted(names) for names in groups.values() if len(names) > 1)
