"""Questions typed as questions: their question and filler words do not decide the ranking.

"what happened to protesters after the election" looks for protesters and
the election, not for documents that say "what" and "after" most often.
The index keeps such words (a phrase in quotes may need them), so the query
drops them: every word of the Snowball project's English stop list, which
Whoosh ships (``whoosh.lang.stopwords``, the list PostgreSQL's full-text
search uses), typed as a plain word in lower or title case. A word in
capitals stays (it is an acronym: "WHO", "IT", "US"), a quoted phrase keeps
all its words, and a query made only of such words is searched as typed.
The words dropped are named in the query's notes.
"""
from __future__ import annotations

from whoosh.lang.stopwords import stoplists

from ..querylang import AllOf, Parsed, Word
from .analysis import dropped

# Question and filler words: the Snowball English stop list (a general list, not one
# written for any query).
FILLERS = frozenset(stoplists["en"])


def filler(node) -> bool:
    """Whether a query item is a question or filler word searched for nothing."""
    return (isinstance(node, Word) and node.text.lower() in FILLERS
            and not (node.text.isupper() and len(node.text) > 1))


def without_fillers(parsed: Parsed) -> Parsed:
    """``parsed`` without its top-level question and filler words, when other words remain."""
    tree = parsed.tree
    if not isinstance(tree, AllOf):
        return parsed
    kept = tuple(node for node in tree.nodes if not filler(node))
    if len(kept) == len(tree.nodes) or not kept:
        return parsed
    named = [node.text for node in tree.nodes if filler(node) and not dropped(node.text)]
    notes = parsed.notes
    if named:
        notes = (*notes, f"question and filler words not searched for: {', '.join(dict.fromkeys(named))}")
    return Parsed(kept[0] if len(kept) == 1 else AllOf(kept), notes)
