"""Citation candidates from the index: documents an identifier names, and documents
whose titles share the rarest words of a cited title."""
from __future__ import annotations

import re

from whoosh import query as wq

from .. import config
from ..folding import fold
from ..records import Document, ParsedCitation
from ..refworld_urls import address_key
from .ranking import match_arrays
from .schema import stored_document, symbol_key
from .scoresets import best

# In an index of at least this many documents, title words found in more than
# this share of titles are left out of the candidate search.
COMMON_WORDS_MIN_DOCS = 100
COMMON_WORD_SHARE = 0.3


def exact_matches(searcher, parsed: ParsedCitation) -> list[tuple[Document, str]]:
    found: list[tuple[Document, str]] = []
    if parsed.refworld_docid:
        for stored in searcher.documents(refworld_docid=parsed.refworld_docid):
            found.append((stored_document(stored), "docid matches"))
    if parsed.document_symbol:
        for stored in searcher.documents(symbol_key=symbol_key(parsed.document_symbol)):
            found.append((stored_document(stored), "document symbol matches"))
    if parsed.new_site_id:
        for stored in searcher.documents(new_site_id=parsed.new_site_id):
            found.append((stored_document(stored), "new-site id matches"))
    elif parsed.url and not parsed.refworld_docid:
        for stored in searcher.documents(source_url=address_key(parsed.url)):
            found.append((stored_document(stored), "address matches"))
    return found


def title_pool(searcher, parsed: ParsedCitation) -> list[Document]:
    """The documents whose titles share the most (rarest) words with any title reading.

    Scored in bulk (``ranking``); the best are picked as Whoosh's top-N
    search picks them (``tests/search/test_ranking.py`` compares the two).
    """
    query = title_words_query(searcher, parsed)
    if query is None:
        return []
    found = best(match_arrays(searcher, query), config.CITE_POOL)
    return [stored_document(searcher.stored_fields(docnum)) for docnum in found.docs.tolist()]


def title_words_query(searcher, parsed: ParsedCitation) -> wq.Query | None:
    """Any of the words of the title readings, the common ones left out (None: no words).

    A word no title has is a typo: the words one edit away from it that titles
    do have (after stemming, which can put a misspelt word far from the stem
    of the right one) stand in for it, and so do the stems two edits away.
    """
    words = " ".join(r.title for r in parsed.readings)
    if not words:
        return None
    analyzer = searcher.schema["title"].analyzer
    total = searcher.doc_count()
    queries: dict[str, wq.Query] = {}
    for word in dict.fromkeys(re.findall(r"\w+", fold(words))):
        stems = [token.text for token in analyzer(word, mode="query")]
        if not stems:
            continue        # a stop word
        stem = stems[0]
        frequency = searcher.doc_frequency("title", stem)
        if total >= COMMON_WORDS_MIN_DOCS and frequency > total * COMMON_WORD_SHARE:
            continue        # in most titles ("report"): ranks nothing, costs the most
        if frequency or len(word) < 4 or word.isdigit():
            queries.setdefault(stem, wq.Term("title", stem))
        else:
            queries.setdefault(stem, _near_title_words(searcher, analyzer, word, stem))
    if not queries:
        queries = {t: wq.Term("title", t) for t in
                   {token.text for token in analyzer(words, mode="query")}}
    return wq.Or(list(queries.values())) if queries else None


def _near_title_words(searcher, analyzer, word: str, stem: str) -> wq.Query:
    known = set()
    for variant in _one_edit_away(word):
        for token in analyzer(variant, mode="query"):
            if token.text not in known and searcher.doc_frequency("title", token.text):
                known.add(token.text)
    near = [wq.Term("title", t) for t in sorted(known)]
    return wq.Or(near + [wq.FuzzyTerm("title", stem, maxdist=2, prefixlength=1)])


def _one_edit_away(word: str) -> set[str]:
    """Every spelling one deletion, swap, replacement or insertion away from ``word``."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})
