"""Index terms within a typo or two of a word, for "did you mean".

Whoosh's corrector walks every term of the field that starts like the word
and measures its distance in pure Python, on every search: with a few
thousand terms per first letter that is most of the time a results page
takes. A correction is only offered when it is in several times more
documents than the word as typed, so a term found in fewer than
``min_docs`` documents can never be one; the readers of a generation keep, per first
letters, just the terms frequent enough (with their document counts), read
once, and a lookup measures distance only to those of a near length.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import config
from ..edits import edit_distance
from .readercache import bounded


@dataclass(frozen=True, slots=True)
class FrequentTerms:
    """The key of a kept list of frequent terms: a field, a word beginning, the fewest documents."""
    field: str
    prefix: str
    min_docs: int


def _frequent_terms(reader, field: str, prefix: str, min_docs: int) -> list[tuple[str, int]]:
    """The terms of ``field`` starting with ``prefix`` in at least ``min_docs`` documents, kept
    for the generation (``config.SPELLING_CACHE`` beginnings at most, shared by its readers)."""
    table = bounded(reader, FrequentTerms, config.SPELLING_CACHE)
    key = FrequentTerms(field, prefix, min_docs)
    terms = table.get(key)
    if terms is None:
        found = []
        for term in reader.expand_prefix(field, prefix):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            documents = reader.doc_frequency(field, text)
            if documents >= min_docs:
                found.append((text, documents))
        terms = table.put(key, found)
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
        edits = edit_distance(word, term, max_edits)
        if edits <= max_edits:
            out.append((edits, -documents, term))
    out.sort()
    return out
