"""Words that stand together: the top hits rescored by the query's adjacent word pairs.

BM25F counts words wherever they are, so a report that says "federal" on page
3 and "police" on page 40 can outrank the one about the Federal Police. As
search engines do, the best ``RESCORE_DEPTH`` matches are rescored: every
pair of words typed next to each other ("federal police", "Somali
refugees") is looked for as a phrase in the title and the text, and each
pair a document holds adds its phrase score, times ``PROXIMITY_WEIGHT``, to
the document's own. Documents further down keep their order; a query of
one word is not rescored.
"""
from __future__ import annotations

from whoosh import query as wq

from ..querylang import AllOf, AnyOf, CountryName, Parsed, Phrase, Word, top_level
from .analysis import analyse
from .compile import WORD_FIELDS

# How much a pair of query words found side by side adds, relative to its phrase score.
PROXIMITY_WEIGHT = 1.0
# Matches rescored (by BM25F order); the rest keep their order below them.
RESCORE_DEPTH = 100


def pair_query(parsed: Parsed) -> wq.Query | None:
    """The phrases of every two words typed next to each other, in the word fields; None for
    a query without such a pair. Runs of words are broken by anything else (a phrase, a
    field, an exclusion, OR)."""
    runs: list[list[str]] = [[]]
    for node in top_level(parsed):
        typed = _typed(node)
        if typed:
            for word in typed:
                runs[-1].extend(analyse(word.text))
        else:
            runs.append([])
    pairs = {(a, b) for run in runs for a, b in zip(run, run[1:]) if a != b}
    if not pairs:
        return None
    return wq.Or([wq.Phrase(field, [a, b]) for a, b in sorted(pairs) for field in WORD_FIELDS])


def _typed(node) -> list:
    """The words typed that ``node`` stands for: a word or country, or the words an
    expansion of the archive's vocabulary keeps as its first option (an acronym with its
    long forms as phrases, typed words with the compound or acronym they also find)."""
    if isinstance(node, (Word, CountryName)):
        return [node]
    if isinstance(node, AnyOf) and node.nodes:
        first = node.nodes[0]
        if isinstance(first, AllOf) and all(isinstance(n, (Word, CountryName)) for n in first.nodes):
            return list(first.nodes)
        if isinstance(first, Word) and all(isinstance(n, Phrase) for n in node.nodes[1:]):
            return [first]
    return []
