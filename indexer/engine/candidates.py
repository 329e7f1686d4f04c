"""Citation candidates from the index: documents an identifier or an address names (written
in any of its forms, or on a mirror), documents whose titles share the rarest words of a
cited title, and documents whose text holds the rarest words of a pasted quotation."""
from __future__ import annotations

import re

from whoosh import query as wq

from .. import config
from ..addresses import bare_key, canonical, canonical_path, lookup_keys
from ..folding import fold
from ..records import Document, ParsedCitation
from .ranking import match_arrays
from .schema import stored_document, symbol_key
from .scoresets import best

# In an index of at least this many documents, title words found in more than
# this share of titles are left out of the candidate search.
COMMON_WORDS_MIN_DOCS = 100
COMMON_WORD_SHARE = 0.3
# A path shorter than this ("/", "/en") names a site's front page: no mirror is looked for.
MIRROR_MIN_PATH = 4
# A word longer than this that no title has is no mistyped word: its spellings one edit
# away (some 50 per letter) are not looked for.
TYPO_MAX_LETTERS = 30
# A quotation with fewer words the index knows than this is not looked for in the text.
QUOTE_MIN_KNOWN_WORDS = 3


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
        found += _by_address(searcher, parsed.url)
    return found


def _by_address(searcher, url: str) -> list[tuple[Document, str]]:
    """The documents saved from ``url`` however either address was written: scheme, ``www.``,
    trailing slash, default page, fragment, web-archive capture and tracking parameters
    apart (``addresses``). Each form is one term of the index, so this reads no documents."""
    found: dict[str, tuple[Document, str]] = {}
    for key in lookup_keys(url):
        for stored in searcher.documents(source_url=key):
            doc = stored_document(stored)
            found.setdefault(doc.id, (doc, "address matches"))
    if not found:
        # Saved with parameters the citation lacks (a tracking tag, another order).
        wanted = canonical(url)
        for term in searcher.reader().expand_prefix("source_url", bare_key(url) + "?"):
            key = term.decode("utf-8") if isinstance(term, bytes) else term
            if canonical(key) == wanted:
                for stored in searcher.documents(source_url=key):
                    doc = stored_document(stored)
                    found.setdefault(doc.id, (doc, "address matches"))
    return list(found.values())


def mirrored(searcher, url: str) -> list[Document]:
    """The documents saved from the cited address's path and parameters on another host (a
    mirror, an archive of the site under another name). Reads the address terms, not the
    documents; asked only when no document was saved from the address itself."""
    path = canonical_path(url)
    last = path.rstrip("/").rpartition("/")[2].split("?")[0]
    if len(path.strip("/")) < MIRROR_MIN_PATH or not last:
        return []     # "/" or "/en" names a site's front page, not a document
    host = canonical(url)[: -len(path)]
    docs = []
    for term in searcher.lexicon("source_url"):
        key = term.decode("utf-8") if isinstance(term, bytes) else term
        if last in key and canonical_path(key) == path and not canonical(key).startswith(host + "/"):
            docs += [stored_document(stored) for stored in searcher.documents(source_url=key)]
    return docs


def quotation_pool(searcher, quotation: str) -> list[Document]:
    """The documents whose text holds the most of a quotation's rarest words, best first.

    The rarest words the body has (``QUOTE_RAREST`` of them) pick a quotation's
    document out of many that share its common words; words no document has
    (typos, or text the archive does not hold) are left out. The caller checks
    each candidate's text for the quotation itself.
    """
    analyzer = searcher.schema["body"].analyzer
    rarity = {}
    for token in analyzer(quotation, mode="query"):
        if token.text not in rarity:
            frequency = searcher.doc_frequency("body", token.text)
            if frequency:
                rarity[token.text] = frequency
    if len(rarity) < QUOTE_MIN_KNOWN_WORDS:
        return []
    rarest = sorted(rarity, key=lambda t: (rarity[t], t))[: config.QUOTE_RAREST]
    query = wq.Or([wq.Term("body", t) for t in rarest])
    found = best(match_arrays(searcher, query), config.QUOTE_POOL)
    return [stored_document(searcher.stored_fields(docnum)) for docnum in found.docs.tolist()]


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
    of the right one) stand in for it, and so do the stems two edits away;
    not in text that may be a quotation, whose words are mostly in no title.
    A text longer than any title (``CITE_TITLE_MAX_WORDS``) is not looked for
    among titles at all.
    """
    words = " ".join(r.title for r in parsed.readings)
    if not words or len(words.split()) > config.CITE_TITLE_MAX_WORDS * len(parsed.readings):
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
        if not frequency and (parsed.quotation or len(word) > TYPO_MAX_LETTERS):
            continue        # a quotation's word no title has: looking for its typos costs the most
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
