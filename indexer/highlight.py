"""Highlighting a query's words in a whole document text, for the document page.

Search snippets are highlighted by the search layer; a reader arriving at a
document from a search wants the same words marked in the full text. The
text is split into paragraphs, every character is HTML-escaped, and the only
markup added is ``<mark>`` around words that the query asks for: the same
analysis pipeline as the index (so "trafficked" marks "trafficking"), a
trailing ``*`` marking every word with that prefix. Words the query excludes
(``-word``, ``NOT word``) and values of non-text fields (``tier:``,
``year:``...) are not marked.
"""
from __future__ import annotations

import re
from html import escape

from whoosh.support.charset import accent_map

from .schema import text_analyzer

# Fields whose values are words of the text; other fields' values are not marked.
TEXT_FIELDS = frozenset({"title", "body", "text", "country", "content"})
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
_TOKEN_RE = re.compile(r'-?(?:\w+:)?"[^"]*"?|[^\s()"]+')
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ANALYZER = text_analyzer()


def query_terms(query: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The analysed words ``query`` asks for, and its lower-cased wildcard prefixes."""
    words: list[str] = []
    prefixes: list[str] = []
    negate_next = False
    for token in _TOKEN_RE.findall(query or ""):
        if token in _OPERATORS:
            negate_next = token in ("NOT", "ANDNOT")
            continue
        if negate_next or token.startswith("-"):
            negate_next = False
            continue
        field, sep, value = token.partition(":")
        if sep and not field.startswith(('"', '-')):
            if field.lower() not in TEXT_FIELDS:
                continue
            token = value
        token = token.strip('"').lstrip("-")
        if token.endswith("*") and len(token) > 1 and " " not in token:
            prefixes.append(_fold(token.rstrip("*")))
            continue
        words.append(token.replace("*", " ").replace("?", " "))
    stems = frozenset(t.text for t in _ANALYZER(" ".join(words)))
    return stems, tuple(p for p in prefixes if p)


def highlight_text(text: str, query: str) -> str:
    """``text`` escaped, with the words ``query`` asks for wrapped in ``<mark>``."""
    stems, prefixes = query_terms(query)
    if not stems and not prefixes:
        return escape(text, quote=False)
    spans = []
    for token in _ANALYZER(text, chars=True):
        word = _fold(text[token.startchar:token.endchar])
        if token.text in stems or any(word.startswith(p) for p in prefixes):
            spans.append((token.startchar, token.endchar))
    out: list[str] = []
    position = 0
    for start, end in spans:
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


def _fold(word: str) -> str:
    return word.lower().translate(accent_map)
