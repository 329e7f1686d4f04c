"""The analysis of a text as it was before ``analysis.text_pass``: the oracle its tests hold it to.

Word by word, as the indexer used to do it: the tokenizer's words in order
(a second regular expression for the hyphens of hyphenated words), each
word's term from ``index_term``, its position counted as Whoosh counts it;
word marks from a second split of the text. ``tests/engine/test_text_pass.py``
compares ``analysis`` with these on every kind of text the archive holds.
"""
from __future__ import annotations

import re
from itertools import accumulate

import numpy as np

from indexer import config
from indexer.engine.acronyms import definition_terms
from indexer.engine.analysis import TOKEN_RE, index_term
from indexer.engine.names import scope_names

_TOKEN_HYPHEN_RE = re.compile(f"({TOKEN_RE.pattern})(-(?=[^\\W\\d_]))?")
_SPLIT = re.compile(f"({TOKEN_RE.pattern})")


def word_positions(text: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    pos = -1
    for i, word in enumerate(TOKEN_RE.findall(text)):
        term = index_term(word)
        if term is None:
            continue
        pos = i if pos < 0 else pos + 1
        out.setdefault(term, []).append(pos)
    return out


def _closed(parts: list[str]) -> str | None:
    if not 2 <= len(parts) <= config.COMPOUND_PARTS or not all(p.isalpha() for p in parts):
        return None
    return "".join(parts)


def learned_positions(text: str) -> dict[str, list[int]]:
    learned: dict[str, list[int]] = {}
    pos = -1
    parts: list[str] = []
    for i, (word, hyphen) in enumerate(_TOKEN_HYPHEN_RE.findall(text)):
        if index_term(word) is not None:
            pos = i if pos < 0 else pos + 1
        if hyphen:
            parts.append(word)
            continue
        if parts:
            parts.append(word)
            closed = _closed(parts) if pos >= 0 else None
            parts = []
            closed_term = index_term(closed) if closed else None
            if closed_term is not None:
                places = learned.setdefault(closed_term, [])
                if not places or places[-1] != pos:
                    places.append(pos)
    if "(" in text:
        for term in definition_terms(text):
            learned.setdefault(term, []).append(0)
    return learned


def indexed_positions(text: str) -> dict[str, list[int]]:
    positions = word_positions(text)
    for term, found in learned_positions(text).items():
        mine = positions.get(term)
        positions[term] = found if mine is None else sorted(set(mine) | set(found))
    return scope_names(text, positions, index_term)


def word_marks(text: str, every: int) -> bytes:
    parts = _SPLIT.split(text)
    words = parts[1::2]
    if not words:
        return b""
    dropped = {w for w in set(words) if index_term(w) is None}
    kept = np.frombuffer(bytes(map(dropped.__contains__, words)), dtype=np.uint8) == 0
    indexed = np.flatnonzero(kept)
    if not len(indexed):
        return b""
    first = int(indexed[0])
    last = first + len(indexed) - 1
    rows = np.maximum(np.arange(0, last + 1, every) - first, 0)
    ends = list(accumulate(map(len, parts)))
    return np.array([ends[2 * word] for word in indexed[rows].tolist()], dtype="<u4").tobytes()
