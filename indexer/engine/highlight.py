"""Highlighting a query's words in a whole document text, for the document page.

Search snippets mark the words a hit was matched on; a reader arriving at a
document from a search wants the same words marked in the full text. The
query is read exactly as the search reads it (``query.build_query``, then
``query.highlight_terms``: excluded words and non-text fields are left out,
country names expand to every name of the country, a quoted phrase is
marked only where the whole phrase occurs), and the text is run
through the index's own analyser, so "trafficked" marks "trafficking" and a
trailing ``*`` marks every word with that prefix. Every character is
HTML-escaped; the only markup added is ``<mark>``.
"""
from __future__ import annotations

import re
from html import escape

from ..query import Highlight, build_query, highlight_terms
from ..records import SearchRequest
from .schema import SCHEMA

_ANALYZER = SCHEMA["body"].analyzer
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def query_marks(query: str) -> Highlight:
    """The index terms, prefixes and phrases that ``query`` matches documents on."""
    if not (query or "").strip():
        return Highlight()
    return highlight_terms(build_query(SearchRequest(query=query)))


def marked_spans(text: str, marks: Highlight) -> list[tuple[int, int]]:
    """Character spans of ``text`` to mark: matching words, and whole matching phrases."""
    tokens = [(t.text, t.startchar, t.endchar) for t in _ANALYZER(text, chars=True, mode="index")]
    spans: list[tuple[int, int]] = []
    for i, (key, start, end) in enumerate(tokens):
        if spans and start < spans[-1][1]:
            continue  # inside a phrase already marked
        if key in marks.terms or any(key.startswith(p) for p in marks.prefixes):
            spans.append((start, end))
            continue
        for phrase in marks.phrases:
            if tuple(t[0] for t in tokens[i:i + len(phrase)]) == phrase:
                spans.append((start, tokens[i + len(phrase) - 1][2]))
                break
    return spans


def highlight_text(text: str, query: str) -> str:
    """``text`` escaped, with the words ``query`` asks for wrapped in ``<mark>``."""
    marks = query_marks(query)
    if not marks:
        return escape(text, quote=False)
    out: list[str] = []
    position = 0
    for start, end in marked_spans(text, marks):
        out.append(escape(text[position:start], quote=False))
        out.append(f"<mark>{escape(text[start:end], quote=False)}</mark>")
        position = end
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
