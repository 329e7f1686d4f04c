"""Highlighting a query's words in a whole document text, for the document page.

Search snippets mark the words a hit was matched on; a reader arriving at a
document from a search wants the same words marked in the full text. The
query is read exactly as the search reads it (``query.build_query``, then
``query.highlight_terms``: excluded words and non-text fields are left out,
country names expand to every name of the country), and the text is run
through the index's own analyser, so "trafficked" marks "trafficking" and a
trailing ``*`` marks every word with that prefix. Every character is
HTML-escaped; the only markup added is ``<mark>``.
"""
from __future__ import annotations

import re
from html import escape

from .query import build_query, highlight_terms
from .records import SearchRequest
from .schema import SCHEMA

_ANALYZER = SCHEMA["body"].analyzer
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def query_terms(query: str) -> tuple[frozenset[str], frozenset[str]]:
    """The index terms and term prefixes that ``query`` matches documents on."""
    if not (query or "").strip():
        return frozenset(), frozenset()
    return highlight_terms(build_query(SearchRequest(query=query)))


def highlight_text(text: str, query: str) -> str:
    """``text`` escaped, with the words ``query`` asks for wrapped in ``<mark>``."""
    terms, prefixes = query_terms(query)
    if not terms and not prefixes:
        return escape(text, quote=False)
    out: list[str] = []
    position = 0
    for token in _ANALYZER(text, chars=True, mode="index"):
        if token.text in terms or any(token.text.startswith(p) for p in prefixes):
            out.append(escape(text[position:token.startchar], quote=False))
            out.append(f"<mark>{escape(text[token.startchar:token.endchar], quote=False)}</mark>")
            position = token.endchar
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs of a clean text: blocks between blank lines, else single lines."""
    blocks = _PARAGRAPH_BREAK.split(text or "")
    if len(blocks) == 1:
        blocks = (text or "").splitlines()
    return tuple(b.strip() for b in blocks if b.strip())


def highlight_paragraphs(text: str, query: str) -> tuple[str, ...]:
    """Each paragraph of ``text`` as escaped HTML with the query's words marked."""
    return tuple(highlight_text(p, query) for p in paragraphs(text))
