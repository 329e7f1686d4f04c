"""Documents related to one document: similar ones, and the other members of its series."""
from __future__ import annotations

from whoosh import query as wq
from whoosh.searching import Searcher

from .. import config
from ..records import Document
from ..series import same_series, series_order
from .analysis import analyse

# Key terms of a document that find documents like it.
MORE_LIKE_THIS_TERMS = 12
# Boost of a similar document's sharing the primary country.
MORE_LIKE_THIS_COUNTRY_BOOST = 2.0
# Characters of a document read for its key terms (long reports say what they are about early).
MORE_LIKE_THIS_TEXT = 40_000


def similar_docnums(searcher: Searcher, docnum: int, doc: Document,
                    limit: int = config.MORE_LIKE_THIS) -> list[tuple[int, float]]:
    """(docnum, score) of documents like ``doc``: its key body terms, its primary country weighing extra."""
    key_terms = searcher.key_terms_from_text("body", f"{doc.title or ''}\n{doc.text[:MORE_LIKE_THIS_TEXT]}",
                                             numterms=MORE_LIKE_THIS_TERMS)
    parts: list[wq.Query] = [wq.Term("body", term, boost=weight) for term, weight in key_terms]
    if doc.countries:
        for term in analyse(doc.countries[0].name):
            parts.append(wq.Term("country_text", term, boost=MORE_LIKE_THIS_COUNTRY_BOOST))
    if not parts:
        return []
    results = searcher.search(wq.Or(parts), limit=limit, mask={docnum}, terms=False)
    return [(hit.docnum, hit.score) for hit in results]


def series_members(searcher: Searcher, doc: Document, stored) -> tuple[Document, ...]:
    """The documents of ``doc``'s series for its primary country, ``doc`` included, oldest first.

    ``stored(docnum)`` reads a stored Document.
    """
    if not doc.countries:
        return (doc,)
    parts = [wq.Term("countries", doc.countries[0].code)]
    if doc.publisher:
        parts.append(wq.Term("publisher", doc.publisher))
    if doc.doc_type:
        parts.append(wq.Term("doc_type", doc.doc_type))
    members = {doc.id: doc}
    for docnum in searcher.docs_for_query(wq.And(parts)):
        other = stored(docnum)
        if same_series(doc, other):
            members.setdefault(other.id, other)
    return tuple(sorted(members.values(), key=series_order))
