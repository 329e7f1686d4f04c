"""The second speed baseline: the same parsed documents in tantivy, doing a results page's work.

tantivy (Rust, ``pip install tantivy``) is the fastest engine a Python user
can embed, so its page time is the practical limit for ours. The index is
built the plain way its documentation shows: title and body with the
``en_stem`` tokenizer (lower case, English Snowball stemmer), stored for
the hit list and the snippets; the metadata that filters and facets read
as fast fields (column stores): tier, publisher, document type and each
country as untokenized text, the year as an integer, the publication date
as a date that also orders a page by date. One writer on every core builds
it, its merge policy left as it comes.

A results page does what the FTS5 baseline's does (``bench.speed.fts5``):
every word and quoted phrase required, in the title or the body, the title
boosted 3 to 1 so each word scores BM25 on the title times 3 plus BM25 on
the body; the filters as required clauses that add nothing to a score; the
top 10 by score or by date (undated last) with the total counted by the
same collector; the five facet counts as one terms aggregation over the
whole match set; one passage of the body per hit from tantivy's
``SnippetGenerator``.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import tantivy

from bench.relevance.tantivy_engine import TOKENIZER, terms
from indexer import config
from indexer.dates import end_of, to_date
from indexer.facets import document_year
from indexer.records import Document, SearchRequest

from .fts5 import TITLE_WEIGHT, FtsHit, FtsPage

SNIPPET_CHARS = 160       # characters of context in a passage, about FTS5's 24 words
WRITER_HEAP = 256_000_000  # bytes the writer buffers, over all its threads, before a segment
# Facet name -> fast field; the year is an integer, the rest untokenized text.
FACET_FIELDS = {"tier": "tier", "publisher": "publisher", "doc_type": "doc_type", "year": "year",
                "country": "country"}
_TEXT_FILTERS = ("tier", "publisher", "doc_type", "country")


def schema() -> tantivy.Schema:
    """Title and body analysed and stored; the metadata as fast fields and stored for display."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("path", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("title", stored=True, tokenizer_name=TOKENIZER)
    builder.add_text_field("body", stored=True, tokenizer_name=TOKENIZER)
    for name in _TEXT_FILTERS:
        builder.add_text_field(name, stored=name == "tier", fast=True, tokenizer_name="raw",
                               index_option="basic")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_date_field("published", indexed=True, fast=True)
    builder.add_text_field("shown", stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


def _entry(doc: Document) -> tantivy.Document:
    entry = tantivy.Document()
    entry.add_text("id", doc.id)
    entry.add_text("path", doc.path)
    entry.add_text("title", doc.title or "")
    entry.add_text("body", doc.text)
    for name, value in (("tier", doc.tier), ("publisher", doc.publisher),
                        ("doc_type", doc.doc_type)):
        if value:
            entry.add_text(name, value)
    for country in doc.countries:
        entry.add_text("country", country.code)
    year = document_year(doc)
    if year is not None:
        entry.add_integer("year", year)
    if doc.published:
        start = to_date(doc.published)
        entry.add_date("published", dt.datetime(start.year, start.month, start.day))
    # What a hit shows besides the title and the snippet, as FTS5's metadata table keeps it.
    entry.add_text("shown", json.dumps({"publisher": doc.publisher, "published": doc.published,
                                        "countries": [c.to_dict() for c in doc.countries]}))
    return entry


def create(path: Path | str) -> tantivy.Index:
    """A new, empty index at ``path`` (an existing one is replaced)."""
    folder = Path(path)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return tantivy.Index(schema(), path=str(folder))


def open_index(path: Path | str) -> tantivy.Index:
    return tantivy.Index.open(str(path))


def load(index: tantivy.Index, documents: Iterable[Document], threads: int = 1) -> int:
    """Add every document with one writer on ``threads`` threads, commit, wait for its merges."""
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=threads)
    count = 0
    for doc in documents:
        writer.add_document(_entry(doc))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return count


def replace(index: tantivy.Index, documents: list[Document]) -> int:
    """Re-index changed files: delete each file's old document (by path), add the new one."""
    writer = index.writer(heap_size=WRITER_HEAP // 4, num_threads=1)
    for doc in documents:
        writer.delete_documents_by_term("path", doc.path)
        writer.add_document(_entry(doc))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return len(documents)


def _filters(schema_: tantivy.Schema, request: SearchRequest) -> list[tantivy.Query]:
    """One clause per selected facet (its values OR'ed) and per date bound."""
    clauses = []
    for name in _TEXT_FILTERS:
        values = request.selected(name)
        if values:
            clauses.append(tantivy.Query.term_set_query(schema_, name, [str(v) for v in values]))
    years = request.selected("year")
    if years:
        clauses.append(tantivy.Query.term_set_query(schema_, "year", [int(y) for y in years]))
    if request.date_from or request.date_to:
        low = to_date(request.date_from) if request.date_from else None
        high = end_of(request.date_to) if request.date_to else None
        clauses.append(tantivy.Query.range_query(
            schema_, "published", tantivy.FieldType.Date,
            dt.datetime(low.year, low.month, low.day) if low else None,
            dt.datetime(high.year, high.month, high.day) if high else None))
    return clauses


class TantivyPages:
    """One long-lived searcher over a tantivy index, answering results pages."""

    def __init__(self, index: tantivy.Index) -> None:
        self._index = index
        self._schema = index.schema
        self._searcher = index.searcher()

    def query(self, request: SearchRequest) -> tuple[tantivy.Query | None, tantivy.Query]:
        """The text query (None without words) and the whole query with the filters."""
        found = terms(request.query)
        text = (self._index.parse_query(" ".join("+" + t for t in found), ["title", "body"],
                                        field_boosts={"title": TITLE_WEIGHT}) if found else None)
        clauses = [(tantivy.Occur.Must, text or tantivy.Query.all_query())]
        clauses += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0))
                    for f in _filters(self._schema, request)]
        whole = clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)
        return text, whole

    def search_page(self, request: SearchRequest) -> FtsPage:
        """The work of one results page: total and top hits, facet counts, one snippet a hit."""
        text, whole = self.query(request)
        offset = (request.page - 1) * request.per_page
        if text is not None and request.sort == "relevance":
            found = self._searcher.search(whole, request.per_page, count=True, offset=offset)
        else:
            order = tantivy.Order.Asc if request.sort == "oldest" else tantivy.Order.Desc
            found = self._searcher.search(whole, request.per_page, count=True, offset=offset,
                                          order_by_field="published", order=order)
        aggregations = {name: {"terms": {"field": field, "size": config.FACET_LIMIT}}
                        for name, field in FACET_FIELDS.items()}
        counted = self._searcher.aggregate(whole, aggregations)
        facets = {name: [(bucket["key"], bucket["doc_count"])
                         for bucket in counted.get(name, {}).get("buckets", [])]
                  for name in FACET_FIELDS}
        snippets = None
        if text is not None and found.hits:
            snippets = tantivy.SnippetGenerator.create(self._searcher, text, self._schema, "body")
            snippets.set_max_num_chars(SNIPPET_CHARS)
        hits = []
        for key, address in found.hits:
            stored = self._searcher.doc(address)
            marked = snippets.snippet_from_doc(stored).to_html() if snippets else ""
            marked = marked.replace("<b>", "<mark>").replace("</b>", "</mark>")
            shown = json.loads(stored.get_first("shown") or "{}")
            score = key if isinstance(key, float) and request.sort == "relevance" else 0.0
            hits.append(FtsHit(stored.get_first("id") or "", stored.get_first("title") or None,
                               shown["publisher"], shown["published"], stored.get_first("tier"),
                               shown["countries"], score, (marked,) if marked else ()))
        # The package's type stub leaves out the count its search returns when asked.
        total = found.count  # type: ignore[attr-defined]
        return FtsPage(total=total or 0, hits=tuple(hits), facets=facets)
