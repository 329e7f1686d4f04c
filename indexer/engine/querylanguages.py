"""The languages a query is compiled in, for the length of one search.

A document in another language than English is indexed in its language's own term
space (``multilingual``), so a query must be compiled once per language the
documents searched may be in, and the branches OR'ed (``in_each_language``). Which
languages those are belongs to the archive and the request's filter, not to the
query (``languagesearch.archive_languages``); every compile of one search (the
query, its fallback, its corrections, the words a hit is marked on) must see the
same ones, so ``query_languages`` sets them around the search rather than each
caller passing them along.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from whoosh import query as wq

from .analysis import analyse

# The languages besides English of the search under way (``query_languages``).
_LANGUAGES: ContextVar[tuple[str, ...]] = ContextVar("query_languages", default=())
# The language a query is being compiled in (None: English).
_ANALYSIS: ContextVar[str | None] = ContextVar("analysis_language", default=None)


@contextmanager
def query_languages(languages: tuple[str, ...]) -> Iterator[None]:
    """Within the block, queries are compiled in English and in each of ``languages``."""
    token = _LANGUAGES.set(tuple(languages))
    try:
        yield
    finally:
        _LANGUAGES.reset(token)


def analysis_languages() -> tuple[str | None, ...]:
    """The languages a query is analysed in now: English (None), then ``query_languages``."""
    return (None, *_LANGUAGES.get())


def current_language() -> str | None:
    """The language the query is being compiled in (None: English)."""
    return _ANALYSIS.get()


def analysed(text: str) -> list[str]:
    """``text``'s terms in the language the query is being compiled in."""
    return analyse(text, _ANALYSIS.get())


def in_each_language(compile_one: Callable[[], wq.Query | None]) -> wq.Query | None:
    """``compile_one()`` in English and in every language of ``query_languages``, OR'ed:
    each document matches the query as analysed in its own language. Term spaces of two
    languages never overlap, so a document matches one branch's words, and the branches
    are alike only in language-free conditions (countries, facets), kept once. With no
    other language, the English query alone, exactly as it always was."""
    branches: list[wq.Query] = []
    for language in analysis_languages():
        token = _ANALYSIS.set(language)
        try:
            query = compile_one()
        finally:
            _ANALYSIS.reset(token)
        if query is not None and query not in branches:
            branches.append(query)
    if not branches:
        return None
    return branches[0] if len(branches) == 1 else wq.Or(branches)
