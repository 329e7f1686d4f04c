"""The search engine: the only package that knows Whoosh (see ``indexer.archive`` for the seam).

``archive`` implements the ``Archive`` protocol; ``schema`` and ``analysis``
say what is indexed and how text becomes terms; ``compile`` turns a parsed
query and a request's filters into Whoosh queries, ``prepare`` readies them
for an open index; ``searching`` runs a results page, scoring every match in
bulk (``ranking``, ``phrases``) from posting lists read as arrays
(``postings``: from each segment's array file, ``arrayfile``, or from
Whoosh's blocks) and combined as arrays (``scoresets``), filtering through
cached document masks (``filtercache``), counting facets from columns held
as integer codes (``facetcounts``, ``columns``), marking snippets
(``highlight``) and suggesting corrections (``suggest``, ``spelling``);
``similar`` and ``candidates`` find related documents and citation
candidates; ``writer``, ``postingpool`` and ``postingwriter`` write segments
(Whoosh's files and the array file), and ``mapped`` reads segment files in
place.
"""
from __future__ import annotations


def version() -> str:
    """The engine and its version, e.g. "Whoosh 2.7.5"."""
    import whoosh

    return f"Whoosh {whoosh.versionstring()}"
