"""Index terms within a typo or two of a word, for "did you mean".

Whoosh's corrector walks every term of the field that starts like the word
and measures its distance in pure Python, on every search: with a few
thousand terms per first letter that is most of the time a results page
takes. A correction is only offered when it is in several times more
documents than the word as typed, so a term found in fewer than
``min_docs`` documents can never be one; each open reader keeps, per first
letter, just the terms frequent enough (with their document counts), read
once, and a lookup measures distance only to those of a near length.
"""
from __future__ import annotations

import threading
import weakref

from ..edits import edit_distance

# Per open reader and field: first letters -> [(term, documents)] of the terms
# in at least ``min_docs`` documents.
_FREQUENT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _frequent_terms(reader, field: str, prefix: str, min_docs: int) -> list[tuple[str, int]]:
    try:
        table = _FREQUENT.setdefault(reader, {})
    except TypeError:  # a reader that cannot be weakly referenced: no caching
        table = {}
    key = (field, prefix, min_docs)
    terms = table.get(key)
    if terms is None:
        found = []
        for term in reader.expand_prefix(field, prefix):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            documents = reader.doc_frequency(field, text)
            if documents >= min_docs:
                found.append((text, documents))
        with _LOCK:
            terms = table.setdefault(key, found)
    return terms


def near_terms(reader, field: str, word: str, max_edits: int, prefix: int,
               min_docs: int) -> list[tuple[int, int, str]]:
    """(edits, -documents, term) of each term of ``field`` within ``max_edits`` of
    ``word``, sharing its first ``prefix`` letters and in at least ``min_docs``
    documents; nearest first, then most used."""
    if len(word) < prefix:
        return []
    out = []
    for term, documents in _frequent_terms(reader, field, word[:prefix], max(1, min_docs)):
        if abs(len(term) - len(word)) > max_edits or term == word:
            continue
        edits = edit_distance(word, term)
        if edits <= max_edits:
            out.append((edits, -documents, term))
    out.sort()
    return out
