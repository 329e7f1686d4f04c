"""When no document has all the words: the documents with most of them, each saying what it lacks.

A query of several words that no document holds together is usually a
misspelt or over-specific one. Rather than every document with any one of
the words, the fallback keeps documents holding at least ``required(n)``
of the ``n`` words typed that it looks for (stop words do not count; at least half: a minimum-should-match, measured
against all-but-one and two thirds on the judged needs, where plain-language
questions need the looser bound), ranks them first by how many they hold
and then by score, and tells for every hit which of the words it lacks, as web search
engines print "Missing: ...". Field conditions and exclusions still apply:
the any-word query that finds the candidates keeps them.
"""
from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq
from whoosh.searching import Searcher

from .. import deadline
from ..facets import BY_NAME
from ..querylang import AllOf, AnyOf, CountryName, Parsed, is_words, top_level
from ..summary import plain_words
from .compile import compile_node
from .prepare import executable
from .ranking import match_scores


def required(words: int) -> int:
    """How many of ``words`` typed words a document must hold: at least half of them."""
    return (words + 1) // 2


class Lacking:
    """Which typed words each candidate lacks, worked out only for the documents shown."""

    def __init__(self, labels: list[str], holding: list[set[int]]) -> None:
        self._labels, self._holding = labels, holding

    def get(self, docnum: int, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        return tuple(label for label, found in zip(self._labels, self._holding) if docnum not in found)


@dataclass(frozen=True)
class Coverage:
    """The fallback's ranking: (score, docnum) best first, and what each candidate lacks."""

    ranked: list[tuple[float, int]]
    missing: Lacking
    # The candidates filed under every country the query names (not as a demonym); None: none named.
    named: set[int] | None = None


def by_coverage(searcher: Searcher, parsed: Parsed, candidates: dict[int, float]) -> Coverage:
    """``candidates`` (the any-word matches and their scores) kept and ordered by how many of
    the typed words they hold."""
    # Words that look for nothing (stop words) are neither required nor counted.
    compiled_nodes = [(n, compile_node(n)) for n in top_level(parsed) if is_words(n)]
    nodes = [n for n, compiled in compiled_nodes if compiled is not None]
    labels = [_label(node) for node in nodes]
    holding: list[set[int]] = []
    for _node, compiled in compiled_nodes:
        if compiled is None:
            continue
        deadline.check()
        holding.append(set(match_scores(searcher, executable(compiled, searcher), only=set(candidates))))
    need = required(len(nodes))
    counts = {d: sum(d in found for found in holding) for d in candidates}
    kept = [(score, d) for d, score in candidates.items() if counts[d] >= need]
    kept.sort(key=lambda p: (-counts[p[1]], -p[0], p[1]))
    # A country named (not a demonym) makes the query about it: the documents filed under it.
    about = [wq.Term(BY_NAME["country"].index_field, node.code) for node in nodes
             if isinstance(node, CountryName) and not node.demonym]
    named = (set(match_scores(searcher, executable(wq.And(about), searcher), only=set(candidates)))
             if about else None)
    return Coverage(kept, Lacking(labels, holding), named)


def _label(node) -> str:
    """How a word node was typed, for "Missing: ..."."""
    if isinstance(node, (AnyOf, AllOf)):
        inner = [_label(n) for n in node.nodes]
        return "(" + (" OR " if isinstance(node, AnyOf) else " ").join(i for i in inner if i) + ")"
    typed = plain_words(Parsed(node))
    return typed[0] if typed else ""
