"""Where a shown document's query words are, from the index rather than a scan of its text.

The index holds the position of every word of a document's text (its n-th
indexed word). A position alone does not say where in the text the word is,
so indexing also stores, per document, a small table of word marks
(``word_marks``): where in the text every ``WORD_MARK_EVERY``-th position
begins (a quarter of a byte an indexed word, about 1% of the index; the
writer makes an English text's marks in the pass that analyses it,
``analysis.text_pass``, and ``word_marks`` here gives the same). For the documents of a
results page, ``word_spans`` reads the positions of the query's terms from
their postings and turns each run of them into the stretch of text between
the marks around it; the highlighter then looks for the query's words only
inside those stretches (``highlight.passages``), at the cost of the few
hundred characters around each occurrence. It finds exactly what a scan of
the whole text would: a stretch begins and ends where a word begins, and is
searched in place (a match's first letter still sees the character before
it); outside the stretches no word is indexed as a query term; and two
stretches are apart only by whole marks of words none of which is the
query's, so no phrase runs from one into the next. (The one difference: the
scan may read the end of a dotted abbreviation, "S.A" of "U.S.A", as a word
of its own, which the index never does.)

A word the index moved inside another entity's name (``names``: a country
word in "Syrian Democratic Forces") is looked up under its name term too,
since the highlighter marks it wherever it stands. Without marks for a
document (an index written before they were stored), or for a query whose
wildcards stand for too many words to read, the highlighter scans the text.
"""
from __future__ import annotations

import re

import numpy as np
from whoosh.searching import Searcher

from .. import config, deadline
from .analysis import TOKEN_RE, index_term, marks_of
from .compile import Highlight
from .names import country_terms, in_name
from .postings import located, read_located
from .readercache import shared
from .scoresets import DOCNUM

# The stored column of word marks.
FIELD = "word_marks"
# A mark every this many word positions: fewer marks, a smaller index; more, shorter stretches to look in.
WORD_MARK_EVERY = config.SNIPPET_WORD_MARK_EVERY
# The field whose positions are the text's.
_BODY = "body"
# The end of a stretch that runs to the end of the text.
END = 1 << 62
# The text cut into gaps and words: [gap, word, gap, word, ..., gap].
_SPLIT = re.compile(f"({TOKEN_RE.pattern})")


def word_marks(text: str, every: int = WORD_MARK_EVERY) -> bytes:
    """Where in ``text`` each ``every``-th word position begins, as little-endian uint32.

    Positions are numbered as the analyser numbers them (``analysis``):
    the first indexed word keeps its place among all words, every later
    indexed word one more than the one before. Mark ``m`` is where the first
    indexed word at a position of at least ``m * every`` begins.
    """
    parts = _SPLIT.split(text)
    words = parts[1::2]
    if not words:
        return b""
    dropped = {w for w in set(words) if index_term(w) is None}
    kept = np.frombuffer(bytes(map(dropped.__contains__, words)), dtype=np.uint8) == 0
    indexed = np.flatnonzero(kept).tolist()
    return marks_of(parts, indexed, every) if indexed else b""


def spans_of(positions: np.ndarray, marks: bytes, every: int = WORD_MARK_EVERY) -> list[tuple[int, int]]:
    """The stretches of a text that hold the words at ``positions``: from the mark at or
    before each run of them to the mark after it (``END``: the end of the text)."""
    table = np.frombuffer(marks, dtype="<u4")
    if not len(positions) or not len(table):
        return []
    blocks = np.unique(np.minimum(positions // every, len(table) - 1))
    breaks = np.flatnonzero(np.diff(blocks) > 1)
    firsts = np.concatenate([blocks[:1], blocks[breaks + 1]])
    lasts = np.concatenate([blocks[breaks], blocks[-1:]])
    out = []
    for first, last in zip(firsts.tolist(), lasts.tolist()):
        end = int(table[last + 1]) if last + 1 < len(table) else END
        out.append((int(table[first]), end))
    return out


def _terms(reader, marks: Highlight) -> list[str] | None:
    """The body terms to read for ``marks``: its words, its phrases' words, what its wildcards
    stand for, each also as part of a name; None when the wildcards stand for too many."""
    terms = set(marks.terms) | {w for p in marks.phrases for w in p}
    for prefix in marks.prefixes:
        for count, term in enumerate(reader.expand_prefix(_BODY, prefix)):
            if count >= config.SNIPPET_PREFIX_TERMS:
                return None
            terms.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    countries = country_terms(index_term)
    return sorted(terms | {in_name(t) for t in terms if t in countries})


def _marks_column(reader):
    if FIELD not in reader.schema or not reader.has_column(FIELD):
        return None
    cache = shared(reader)
    if ("word marks column",) not in cache:
        cache[("word marks column",)] = reader.column_reader(FIELD, translate=False)
    return cache[("word marks column",)]


def _positions(reader, terms: list[str], local: np.ndarray) -> dict[int, list[np.ndarray]] | None:
    """The positions of ``terms`` in each of the segment's documents ``local`` that holds any;
    None when the postings are not ones ``postings.read_word`` reads."""
    found: dict[int, list[np.ndarray]] = {}
    for term in terms:
        text = term.encode("utf-8")
        frequency, info = located(reader, _BODY, text)
        if not frequency:
            continue
        read = read_located(reader, _BODY, text, frequency, info, local, positions=True)
        if read is None or read.starts is None or read.positions is None:
            return None
        for doc, held in zip(read.docs.tolist(), np.split(read.positions, read.starts[1:-1])):
            found.setdefault(doc, []).append(held)
    return found


def word_spans(searcher: Searcher, docnums: list[int], marks: Highlight) -> dict[int, list[tuple[int, int]]]:
    """For each of ``docnums`` whose word marks the index holds: the stretches of its text
    where the query's words are (none: not there; ``END``: to the end of the text).
    A document left out is to be scanned whole."""
    if not marks or not docnums:
        return {}
    out: dict[int, list[tuple[int, int]]] = {}
    wanted_all = np.array(sorted(set(docnums)), dtype=DOCNUM)
    for leaf, offset in searcher.leaf_searchers():
        deadline.check()
        reader = leaf.reader()
        local = wanted_all[(wanted_all >= offset) & (wanted_all < offset + reader.doc_count_all())] - offset
        column = _marks_column(reader) if len(local) else None
        terms = _terms(reader, marks) if column is not None else None
        found = _positions(reader, terms, local) if terms is not None else None
        if column is None or found is None:
            continue
        for doc in local.tolist():
            table = column[doc]
            if not table:
                continue
            held = found.get(doc)
            positions = np.concatenate(held).astype(np.int64) if held else np.empty(0, np.int64)
            out[doc + offset] = spans_of(positions, table)
    return out
