"""The passage vectors stored with each document, and re-ranking a page's first matches by them.

At indexing, the ``meaning`` column stores what ``indexer.meaning.stored_vectors``
made of each document: its packed passage vectors headed by the checksum of
the table that made them, so vectors of another model version are never
compared with this one's. At search, ``rerank`` reads the column
for the best ``config.MEANING_DEPTH`` matches by words only, scores each by
its best passage's cosine with the query and fuses the two rankings
(``indexer.meaning.fusion``); the rest of the matches keep their order below.
"""
from __future__ import annotations

import numpy as np
from whoosh.searching import Searcher

from .. import config, meaning
from ..cache import LRU
from ..meaning.fusion import fuse
from ..meaning.vectors import unpack
from .columns import column_reader
from .readercache import shared

FIELD = "meaning"
# Query vectors remembered per process (a results page asks for its query's several times).
_QUERIES: LRU[tuple[bytes, str], np.ndarray] = LRU(256)


def best_passages(searcher: Searcher, docnums: np.ndarray, query: np.ndarray, *,
                  body_only: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``docnums``: the cosine of its passage closest to ``query`` (-1 when it
    has no vectors of this table) and where that passage starts in the text (-1: none, or the title;
    ``body_only``: the best passage of the text, never the title)."""
    embedder = meaning.embedder()
    scores = np.full(len(docnums), -1.0)
    starts = np.full(len(docnums), -1, dtype=np.int64)
    if embedder is None:
        return scores, starts
    column = _column(searcher)
    if column is None:
        return scores, starts
    size = len(embedder.checksum)
    for i, docnum in enumerate(docnums.tolist()):
        value = column[docnum]
        if not value or value[:size] != embedder.checksum:
            continue
        passages = unpack(value[size:])
        if passages is None or not len(passages.starts) or passages.vectors.shape[1] != len(query):
            continue
        similarity = passages.vectors @ query
        if body_only:
            similarity = np.where(passages.starts >= 0, similarity, -2.0)
        best = int(np.argmax(similarity))
        scores[i] = float(similarity[best])
        starts[i] = int(passages.starts[best])
    return scores, starts


def _column(searcher: Searcher):
    reader = searcher.reader()
    if FIELD not in reader.schema or not reader.has_column(FIELD):
        return None
    cache = shared(reader)
    if ("meaning column",) not in cache:
        cache[("meaning column",)] = column_reader(reader, FIELD, translate=False)
    return cache[("meaning column",)]


def _query_vector(text: str) -> np.ndarray | None:
    """The query's vector (None: meaning off, or no word the model knows), embedded once per
    query text: one search asks for it for each group it ranks and for its snippets."""
    embedder = meaning.embedder()
    if embedder is None:
        return None
    query = _QUERIES.remembered((embedder.checksum, text), lambda: embedder.embed([text])[0])
    return query if query.any() else None


def rerank(searcher: Searcher, docs: np.ndarray, scores: np.ndarray, text: str,
           weight: float) -> np.ndarray | None:
    """A display rank for every one of ``docs`` (aligned with their word ``scores``): the
    best ``MEANING_DEPTH`` by words in their fused order, then the rest by words. None when
    there is nothing to re-rank (no vectors, no query text, meaning off). ``weight`` is
    how much meaning counts against words in the fusion."""
    if not text.strip() or len(docs) < 2 or weight <= 0:
        return None
    query = _query_vector(text)
    if query is None:
        return None
    order = np.lexsort((docs, -scores))
    head = order[:config.MEANING_DEPTH]
    similarity, _ = best_passages(searcher, docs[head], query)
    if (similarity < -0.5).all():
        return None
    fused = fuse(scores[head], similarity, weight)
    rank = np.empty(len(docs), dtype=np.int64)
    rank[head[np.lexsort((docs[head], -fused))]] = np.arange(len(head))
    rank[order[len(head):]] = np.arange(len(head), len(docs))
    return rank


def leads(searcher: Searcher, docnums: list[int], text: str) -> dict[int, int]:
    """Where the passage of each of ``docnums`` closest in meaning to ``text`` starts (its
    first snippet), for the documents that have one besides their title."""
    query = _query_vector(text) if docnums and text.strip() else None
    if query is None:
        return {}
    _, starts = best_passages(searcher, np.asarray(docnums), query, body_only=True)
    return {d: int(s) for d, s in zip(docnums, starts.tolist()) if s >= 0}
