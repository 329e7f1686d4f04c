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
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import config
from .records import Document

_WORD_RE = re.compile(r"\w+")
# Texts with fewer words than this are keyed together with their title.
_SHORT_TEXT_WORDS = 30


def normalised_text(text: str) -> str:
    """The text as compared for exact copies: Unicode composed, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def text_key(doc: Document) -> str:
    """The key two saved copies of the same text share, however their bytes differ."""
    text = normalised_text(doc.text)
    if len(text.split()) < _SHORT_TEXT_WORDS:
        text = normalised_text(doc.title or "") + "\n" + text
    return "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def copy_keys(doc: Document) -> tuple[str, ...]:
    """Every key under which ``doc`` is an exact copy of another document: its text and its docid."""
    keys = [text_key(doc)]
    if doc.refworld_docid:
        keys.append(f"docid:{doc.refworld_docid.lower()}")
    return tuple(keys)


def shingles(text: str, size: int = config.SHINGLE_WORDS) -> set[str]:
    """The text's runs of ``size`` consecutive words, case folded (the whole text when shorter)."""
    words = [w.casefold() for w in _WORD_RE.findall(unicodedata.normalize("NFKC", text))]
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
