"""The second baseline: tantivy, the fastest engine a Python user can embed, over the same text.

Built the way the FTS5 baseline (``baseline``) is, in the plainest way
tantivy offers: one in-memory index of (title, body) with tantivy's
``en_stem`` tokenizer (lower case, English Snowball stemmer; unlike FTS5's
tokenizer it keeps diacritics), and the query in tantivy's own syntax run
over both fields with the title boosted 3 to 1, so each word scores as
BM25 on the title times 3 plus BM25 on the body. Every word of the query is
required (``+"word"``); a quoted phrase is a phrase. When no document has
all of them and there are several, documents with any of them are ranked
instead, as refsearch and the FTS5 baseline fall back. Filters are checked
on the documents' metadata by the same function as FTS5's; the documents
passing them make a required clause that adds nothing to a score. The
first passage of a hit is tantivy's own ``SnippetGenerator`` over the body.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import tantivy

from .baseline import TITLE_WEIGHT, Answer, Hit, allowed
from .engines import Document

TOKENIZER = "en_stem"
SNIPPET_CHARS = 200  # characters of context in a passage, about FTS5's 32 words
WRITER_HEAP = 50_000_000  # bytes tantivy's writer buffers before it writes a segment
_TERM_RE = re.compile(r'"([^"]*)"|(\S+)')
# tantivy's tokenizer splits at anything but letters and digits (the underscore too).
_ALNUM_RE = re.compile(r"[^\W_]")


def terms(query: str) -> list[str]:
    """The query's words and quoted phrases, each quoted for tantivy's query language."""
    found = []
    for phrase, word in _TERM_RE.findall(query):
        text = (phrase or word).replace("\\", " ").replace('"', " ").strip()
        if _ALNUM_RE.search(text):
            found.append(f'"{text}"')
    return found


class TantivyBaseline:
    """An in-memory tantivy index of the documents."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._docs = list(documents)
        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("row", stored=True, indexed=True)
        builder.add_text_field("title", stored=True, tokenizer_name=TOKENIZER)
        builder.add_text_field("body", stored=True, tokenizer_name=TOKENIZER)
        self._schema = builder.build()
        self._index = tantivy.Index(self._schema)
        writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
        for row, doc in enumerate(self._docs):
            entry = tantivy.Document()
            entry.add_unsigned("row", row)
            entry.add_text("title", doc.title or "")
            entry.add_text("body", doc.text)
            writer.add_document(entry)
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        self._searcher = self._index.searcher()

    def close(self) -> None:
        """Nothing to release: the index lives in memory (kept for symmetry with FTS5's)."""

    def _ranked(self, query_text: str, rows: list[int] | None,
                limit: int) -> tuple[tantivy.Query, list[tuple[int, tantivy.Document]]]:
        """The query parsed, and its best ``limit`` (row, stored document) among ``rows``."""
        query = self._index.parse_query(query_text, ["title", "body"],
                                        field_boosts={"title": TITLE_WEIGHT})
        asked = query
        if rows is not None:
            if not rows:
                return query, []
            # Only documents passing the filters, each with 0 added to its score.
            passing = tantivy.Query.const_score_query(
                tantivy.Query.term_set_query(self._schema, "row", rows), 0.0)
            asked = tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                                 (tantivy.Occur.Must, passing)])
        found = []
        for score, address in self._searcher.search(asked, limit=limit).hits:
            stored = self._searcher.doc(address)
            found.append((-score, stored["row"][0], stored))
        found.sort(key=lambda item: (item[0], item[1]))  # best first, then file order, as FTS5
        return query, [(row, stored) for _, row, stored in found]

    def search(self, query: str, filters: Mapping[str, Sequence[str] | str] | None = None,
               limit: int = 20) -> Answer:
        """The first ``limit`` documents for ``query``: all words, else any word."""
        found = terms(query)
        if not found:
            return Answer((), False)
        rows = None
        if filters:
            rows = [i for i, d in enumerate(self._docs) if allowed(d, filters)]
        parsed, ranked = self._ranked(" ".join("+" + t for t in found), rows, limit)
        any_word = False
        if not ranked and len(found) > 1:
            parsed, ranked = self._ranked(" ".join(found), rows, limit)
            any_word = bool(ranked)
        hits = []
        if ranked:
            snippets = tantivy.SnippetGenerator.create(self._searcher, parsed, self._schema, "body")
            snippets.set_max_num_chars(SNIPPET_CHARS)
            for row, stored in ranked:
                html = snippets.snippet_from_doc(stored).to_html()
                html = html.replace("<b>", "<mark>").replace("</b>", "</mark>")
                hits.append(Hit(self._docs[row].path, (html,) if html else ()))
        return Answer(tuple(hits), any_word)
