"""Bridges between searching and the citation lookup.

A docid, a Refworld address or a document symbol typed into the search box
is better answered by the citation lookup, so the results page offers it.
The lookup page's example is taken from the archive itself, so following it
always finds its document.
"""
from __future__ import annotations

import re

from indexer.citations.formats import format_citation
from indexer.citations.parts import citation_url
from indexer.refworld_urls import find_refworld_url
from indexer.request import parse_request

from .searcher import get_archive, search_results

# A Refworld docid, a new-site id is too ambiguous to offer (any number would match).
_DOCID = re.compile(r"[0-9a-f]{9,10}", re.I)
# Document symbols: IRB "NGA26574.E", UN "HCR/GIP/02/01" and "A/RES/217(III)".
_SYMBOL = re.compile(r"[A-Za-z]{3}\d{3,7}\.[A-Za-z]{1,2}|[A-Z][A-Za-z]{0,7}(?:/[A-Za-z0-9.()\-]+){2,}")
# Newest documents looked at for an example that has an address.
EXAMPLE_POOL = 20


def looks_like_citation(query: str) -> bool:
    """Whether ``query`` is a docid, a Refworld address or a document symbol rather than words."""
    text = (query or "").strip()
    if not text or len(text) > 300:
        return False
    if find_refworld_url(text) or re.match(r"https?://", text, re.I):
        return True
    return bool(_DOCID.fullmatch(text) and re.search(r"\d", text) or _SYMBOL.fullmatch(text))


def example_citation() -> str | None:
    """Something to paste that the lookup finds: the address of a recent document that has
    one, else the Refworld citation of the newest document; None for an empty archive."""
    newest = search_results(parse_request({"per_page": str(EXAMPLE_POOL), "sort": "newest"}))
    archive = get_archive()
    docs = [archive.document(hit.id) for hit in newest.hits]
    for doc in docs:
        url = citation_url(doc)
        if url:
            return url
    return format_citation(docs[0], "refworld") if docs else None
