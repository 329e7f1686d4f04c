"""A built query made ready to run on an open index.

Two things cannot be decided without the index: which words a trailing
wildcard stands for (bounded to the ``config.MAX_WILDCARD_TERMS`` most
frequent, so ``a*`` cannot expand to the whole vocabulary), and which
phrases to match on sets of positions instead of Whoosh's span objects
(``phrases``). Both are applied to the compiled query here.
"""
from __future__ import annotations

from collections import Counter

from whoosh import query as wq
from whoosh.searching import Searcher

from .. import config, deadline
from ..errors import QueryTooCostly
from .phrases import exact_phrases


def executable(query: wq.Query, searcher: Searcher) -> wq.Query:
    """A built query made ready to run: wildcards bounded, exact phrases matched on position sets."""
    return exact_phrases(bound_wildcards(query, searcher))


def bound_wildcards(query: wq.Query, searcher: Searcher) -> wq.Query:
    """Replace each trailing wildcard by its ``config.MAX_WILDCARD_TERMS`` most frequent words.

    ``QueryTooCostly`` when the wildcards of the query together stand for more
    than ``config.MAX_EXPANDED_TERMS`` words of one field.
    """
    reader = searcher.reader()
    expanded: Counter = Counter()

    def expand(node: wq.Query) -> wq.Query:
        if not isinstance(node, wq.Prefix):
            return node
        deadline.check()
        found = list(reader.expand_prefix(node.fieldname, node.text))
        expanded[node.fieldname] += min(len(found), config.MAX_WILDCARD_TERMS)
        if expanded[node.fieldname] > config.MAX_EXPANDED_TERMS:
            raise QueryTooCostly(f"The wildcards of this query stand for more than "
                                 f"{config.MAX_EXPANDED_TERMS} words; use fewer wildcards or "
                                 "longer stems before the *.")
        if len(found) > config.MAX_WILDCARD_TERMS:
            found.sort(key=lambda t: -reader.doc_frequency(node.fieldname, t))
            found = sorted(found[:config.MAX_WILDCARD_TERMS])
        if not found:
            return wq.NullQuery
        terms = [wq.Term(node.fieldname, t.decode() if isinstance(t, bytes) else t) for t in found]
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    return query.accept(expand)
