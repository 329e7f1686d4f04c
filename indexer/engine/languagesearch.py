"""Which languages a search's query is analysed in (``compile.query_languages``).

A query is compiled once per language besides English that the archive holds, or
only for those the language filter selects: a word in a language no document of the
search can be in is not looked for. The language facet still counts what the words
find in every language, as each facet counts its other values.
"""
from __future__ import annotations

import dataclasses

from whoosh import query as wq
from whoosh.searching import Searcher

from ..facets import BY_NAME
from ..querylang import Parsed
from ..records import SearchRequest
from .analysis import analysis_language
from .compile import build_query
from .prepare import executable
from .querylanguages import query_languages
from .readercache import shared
from .schema import indexed_values


def archive_languages(searcher: Searcher, request: SearchRequest) -> tuple[str, ...]:
    """The languages besides English that the archive's documents, and the stretches of them
    in another language, are analysed in, narrowed to those the request's language filter
    selects: what a query is analysed in."""
    selected = {analysis_language(code) for code in request.selected("language")}
    return tuple(code for code in _held_languages(searcher) if not selected or code in selected)


def _held_languages(searcher: Searcher) -> tuple[str, ...]:
    """The analysis languages besides English of the index's documents and parts, read from
    its lexicons once per index generation (walking them merges every segment's terms, which
    cost a search a few milliseconds at 100,000 documents)."""
    cache = shared(searcher.reader())
    key = ("held languages",)
    if key not in cache:
        field = BY_NAME["language"].index_field
        codes = (*indexed_values(searcher, field), *indexed_values(searcher, "part_languages"))
        held = {analysis_language(code) for code in codes}
        cache[key] = tuple(sorted(code for code in held if code is not None))
    return cache[key]


def every_language(searcher: Searcher, request: SearchRequest, parsed: Parsed, any_word: bool) -> wq.Query | None:
    """The words analysed in every language of the archive, when the request's language filter
    narrows the languages they were analysed in: what the language facet counts, so its
    other languages stay in view as every facet's other values do. None: no narrowing."""
    if not request.selected("language") or parsed.tree is None:
        return None
    unfiltered = dataclasses.replace(request, filters={k: v for k, v in request.filters if k != "language"})
    with query_languages(archive_languages(searcher, unfiltered)):
        return executable(build_query(parsed, any_word=any_word), searcher)
